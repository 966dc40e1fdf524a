/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The kernel-side tests (kernel_tests.c): every measurement taken in the
 * module through the BENCH ioctl.
 */
#ifndef DMABENCH_TESTS_KERNEL_H
#define DMABENCH_TESTS_KERNEL_H

#include "suite.h"

extern const struct test_def empty_test, alloc_free_test, map_single_test,
	map_page_test, map_sg_test, sync_test, caching_test,
	kernel_access_test, sg_iter_test;

#endif /* DMABENCH_TESTS_KERNEL_H */
