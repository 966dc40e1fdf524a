/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The user-side test families (user_tests.c, fault_tests.c,
 * transfer_test.c) and the thread-scaling one (thread_tests.c), for the
 * registry in suite.c.
 */
#ifndef DMABENCH_TESTS_USER_H
#define DMABENCH_TESTS_USER_H

#include "suite.h"

extern const struct test_def user_access_test, fault_test, move_test,
	transfer_test, baseline_test, map_scaling_test;

#endif /* DMABENCH_TESTS_USER_H */
