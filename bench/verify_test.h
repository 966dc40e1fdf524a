/* SPDX-License-Identifier: GPL-2.0 */
/* The verify test (verify_test.c): `dmabench verify` inside `dmabench run`. */
#ifndef DMABENCH_VERIFY_TEST_H
#define DMABENCH_VERIFY_TEST_H

#include "suite.h"

extern const struct test_def verify_test;

#endif /* DMABENCH_VERIFY_TEST_H */
