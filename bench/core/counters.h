/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Perf counters through libperf, around a measured chunk of work.
 *
 * Counters follow the calling thread into the kernel (exclude_kernel = 0),
 * so an ioctl's work is counted.  A counter the machine cannot count is
 * marked unsupported: it is never reported as 0.
 */
#ifndef DMABENCH_COUNTERS_H
#define DMABENCH_COUNTERS_H

#include <stdbool.h>

enum counter_id {
	CNT_CYCLES,
	CNT_INSTRUCTIONS,
	CNT_CACHE_MISSES,
	CNT_DTLB_MISSES,
	CNT_TASK_CLOCK,		/* ns */
	CNT_PAGE_FAULTS,
	CNT_CONTEXT_SWITCHES,
	CNT_COUNT
};

struct counter_values {
	bool supported[CNT_COUNT];
	double value[CNT_COUNT];	/* scaled for multiplexing */
};

struct counters;

/* Open every counter for the calling thread; never fails for lack of a PMU. */
struct counters *counters_open(void);
void counters_close(struct counters *c);

void counters_start(struct counters *c);
/* Stop and read the totals since counters_start(). */
void counters_stop(struct counters *c, struct counter_values *out);

/* Divide every supported value by @ops (per-op figures). */
void counters_per_op(struct counter_values *v, double ops);

const char *counter_name(enum counter_id id);

#endif
