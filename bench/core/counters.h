/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Perf counters through libperf, around a measured chunk of work.
 *
 * Every counter the machine can count is a member of ONE perf group (a
 * perf_evlist with a leader, PERF_FORMAT_GROUP): the kernel schedules the
 * members together and one read() returns all of them with the group's
 * enabled/running times, so a window's values, and ratios of them (IPC,
 * misses per KiB), come from the same instants.  Counters follow the
 * calling thread into the kernel (exclude_kernel = 0), so an ioctl's work
 * is counted.  A counter the machine cannot count is left out of the group
 * and listed once per run (counters_describe()), never reported as 0.
 */
#ifndef DMABENCH_COUNTERS_H
#define DMABENCH_COUNTERS_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

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

/* One group read: the group's times and each member's raw total. */
struct counter_group_read {
	bool valid;
	bool present[CNT_COUNT];	/* a member of the group */
	uint64_t enabled, running;	/* ns */
	uint64_t value[CNT_COUNT];
};

struct counters;

/* Open the group for the calling thread; never fails for lack of a PMU. */
struct counters *counters_open(void);
void counters_close(struct counters *c);

void counters_start(struct counters *c);
/* Stop and read the totals since counters_start(). */
void counters_stop(struct counters *c, struct counter_values *out);

/* Divide every supported value by @ops (per-op figures). */
void counters_per_op(struct counter_values *v, double ops);

const char *counter_name(enum counter_id id);

/*
 * Parse a PERF_FORMAT_GROUP | TOTAL_TIME_ENABLED | TOTAL_TIME_RUNNING |
 * PERF_FORMAT_ID read buffer ({nr, enabled, running, {value, id}[nr]}) of
 * @nwords u64s whose members are, in order, @member[0..nmembers), the
 * first (the leader) with id @leader_id.  False when it does not match.
 */
bool counters_parse_group(const uint64_t *buf, size_t nwords,
			  const enum counter_id *member, size_t nmembers,
			  uint64_t leader_id, struct counter_group_read *out);

/*
 * The window between two group reads: each member's delta, scaled by
 * enabled/running (one factor for the whole group, so ratios stay exact).
 * A group that never ran in the window counted nothing: all unsupported.
 */
void counters_window(const struct counter_group_read *a, const struct counter_group_read *b,
		     struct counter_values *out);

/* Ratios of per-op values; NAN where a member is missing or zero. */
double counters_ipc(const struct counter_values *v);
double counters_misses_per_kib(const struct counter_values *v, double bytes_per_op);

/*
 * Once per run: the group's members and the counters left out with why,
 * or "counters not available: <reason>" when the group could not open.
 * {"read": ..., "group": [names], "unsupported": {name: reason}, "note"?}.
 */
json_t *counters_describe(const struct counters *c);

/* The one line a run prints about missing counters; "" when none is missing. */
void counters_missing_line(const struct counters *c, char *buf, size_t len);

/* Why perf_event_open() said @err (a positive errno) for a counter. */
const char *counters_reason(int err);

#endif
