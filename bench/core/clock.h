/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The harness's one clock: CLOCK_MONOTONIC, as the kernel side's
 * ktime_get_ns() (both count from boot, so user and kernel figures are on
 * one scale).  The empty op's floor times clock_gettime() itself, in
 * suites/kernel.c, and does not come through here.
 */
#ifndef DMABENCH_CLOCK_H
#define DMABENCH_CLOCK_H

#include <stdint.h>

/* Now, in ns. */
uint64_t now_ns(void);

/* Now, in seconds (for budgets and progress, not for samples). */
double now_s(void);

#endif /* DMABENCH_CLOCK_H */
