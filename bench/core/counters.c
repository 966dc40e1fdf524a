// SPDX-License-Identifier: GPL-2.0
#include "core/counters.h"

#include <linux/perf_event.h>
#include <perf/core.h>
#include <perf/evsel.h>
#include <perf/threadmap.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#define HW_CACHE(cache, op, result) \
	((cache) | ((op) << 8) | ((result) << 16))

static const struct {
	const char *name;
	__u32 type;
	__u64 config;
} events[CNT_COUNT] = {
	[CNT_CYCLES] = { "cycles", PERF_TYPE_HARDWARE, PERF_COUNT_HW_CPU_CYCLES },
	[CNT_INSTRUCTIONS] = { "instructions", PERF_TYPE_HARDWARE, PERF_COUNT_HW_INSTRUCTIONS },
	[CNT_CACHE_MISSES] = { "cache_misses", PERF_TYPE_HARDWARE, PERF_COUNT_HW_CACHE_MISSES },
	[CNT_DTLB_MISSES] = { "dtlb_misses", PERF_TYPE_HW_CACHE,
			      HW_CACHE(PERF_COUNT_HW_CACHE_DTLB, PERF_COUNT_HW_CACHE_OP_READ,
				       PERF_COUNT_HW_CACHE_RESULT_MISS) },
	[CNT_TASK_CLOCK] = { "task_clock_ns", PERF_TYPE_SOFTWARE, PERF_COUNT_SW_TASK_CLOCK },
	[CNT_PAGE_FAULTS] = { "page_faults", PERF_TYPE_SOFTWARE, PERF_COUNT_SW_PAGE_FAULTS },
	[CNT_CONTEXT_SWITCHES] = { "context_switches", PERF_TYPE_SOFTWARE,
				   PERF_COUNT_SW_CONTEXT_SWITCHES },
};

struct counters {
	struct perf_thread_map *threads;
	struct perf_evsel *evsel[CNT_COUNT];	/* NULL: unsupported here */
	struct perf_counts_values base[CNT_COUNT];
};

/* libperf prints its own warnings by default; the result file says it instead. */
static int quiet(enum libperf_print_level level, const char *fmt, va_list ap)
{
	(void)level;
	(void)fmt;
	(void)ap;
	return 0;
}

const char *counter_name(enum counter_id id)
{
	return id < CNT_COUNT ? events[id].name : "?";
}

static struct perf_evsel *open_one(enum counter_id id, struct perf_thread_map *threads)
{
	struct perf_event_attr attr = {
		.type = events[id].type,
		.size = sizeof(attr),
		.config = events[id].config,
		.read_format = PERF_FORMAT_TOTAL_TIME_ENABLED | PERF_FORMAT_TOTAL_TIME_RUNNING,
	};
	struct perf_evsel *e = perf_evsel__new(&attr);

	if (!e)
		return NULL;
	if (perf_evsel__open(e, NULL, threads)) {
		perf_evsel__delete(e);
		return NULL;
	}
	if (perf_evsel__enable(e)) {
		perf_evsel__close(e);
		perf_evsel__delete(e);
		return NULL;
	}
	return e;
}

struct counters *counters_open(void)
{
	struct counters *c = calloc(1, sizeof(*c));

	if (!c)
		return NULL;
	libperf_init(quiet);
	c->threads = perf_thread_map__new_dummy();
	if (!c->threads) {
		free(c);
		return NULL;
	}
	perf_thread_map__set_pid(c->threads, 0, 0);	/* the calling thread */
	for (int i = 0; i < CNT_COUNT; i++)
		c->evsel[i] = open_one(i, c->threads);
	return c;
}

void counters_close(struct counters *c)
{
	if (!c)
		return;
	for (int i = 0; i < CNT_COUNT; i++) {
		if (c->evsel[i]) {
			perf_evsel__close(c->evsel[i]);
			perf_evsel__delete(c->evsel[i]);
		}
	}
	perf_thread_map__put(c->threads);
	free(c);
}

/*
 * libperf has no reset, so the counters run from open to close and each
 * measurement is the difference of two reads.
 */
void counters_start(struct counters *c)
{
	for (int i = 0; c && i < CNT_COUNT; i++) {
		if (c->evsel[i] && perf_evsel__read(c->evsel[i], 0, 0, &c->base[i]))
			c->base[i] = (struct perf_counts_values){ 0 };
	}
}

static double scaled_delta(const struct perf_counts_values *a, const struct perf_counts_values *b)
{
	double val = (double)(b->val - a->val);
	__u64 ena = b->ena - a->ena, run = b->run - a->run;

	/* Multiplexed: the event ran for part of the time; scale up as perf does. */
	if (run && run < ena)
		val *= (double)ena / (double)run;
	return val;
}

void counters_stop(struct counters *c, struct counter_values *out)
{
	struct perf_counts_values now;

	*out = (struct counter_values){ 0 };
	for (int i = 0; c && i < CNT_COUNT; i++) {
		if (!c->evsel[i] || perf_evsel__read(c->evsel[i], 0, 0, &now))
			continue;
		/* Never scheduled at all: the PMU could not count it, not zero. */
		if (now.run == c->base[i].run && now.ena != c->base[i].ena)
			continue;
		out->supported[i] = true;
		out->value[i] = scaled_delta(&c->base[i], &now);
	}
}

void counters_per_op(struct counter_values *v, double ops)
{
	for (int i = 0; ops > 0 && i < CNT_COUNT; i++)
		if (v->supported[i])
			v->value[i] /= ops;
}
