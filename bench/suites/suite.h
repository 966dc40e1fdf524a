/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The test registry behind `dmabench list` and `dmabench run`.  Each test
 * family lives in its own file of suites/ (kernel.c, access.c, ...; see
 * families.h) and exports its struct test_def entries; registry.c lists
 * them all, suite.c holds the sizes and limits they share.
 */
#ifndef DMABENCH_SUITE_H
#define DMABENCH_SUITE_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "core/counters.h"
#include "core/device.h"
#include "core/measure.h"
#include "results/results.h"
#include "core/topology.h"

enum suite_level { SUITE_QUICK, SUITE_FULL };

/* What `dmabench run` was asked for (parsed by run_args.c). */
struct run_opts {
	enum suite_level suite;
	const char *tests;		/* fnmatch pattern(s), comma-separated; NULL = all */
	uint32_t kinds;			/* bit per enum dmabench_kind */
	uint64_t size_min, size_max;	/* bytes, powers of two */
	bool sizes_given;		/* --sizes: every power of two in range */
	uint32_t dirs;			/* bit per enum dmabench_dir */
	unsigned int iters;		/* 0 = until stable */
	double min_time;		/* seconds per measurement; 0 = default */
	int cpu;			/* -1 = choose (near the device) */
	unsigned int threads;		/* max threads for scaling series */
	bool threads_exact;		/* only `threads`, not the 1, 2, 4.. series */
	int node;			/* -1 = any */
	unsigned int dma_bits;		/* 0 = leave the mask */
	unsigned int granule;		/* pages per map, as map_benchmark */
	unsigned int trans_delay_ns;
	uint32_t device;		/* enum dmabench_dev */
	bool device_given;		/* else edu when present, or platform */
	const char *out;		/* results folder */
	unsigned int repeat;		/* --repeat: independent repetitions; 0/1 = one run */
};

struct run_ctx {
	const struct run_opts *opts;
	struct bench_device *dev;	/* NULL when the module is absent */
	struct results *res;
	struct counters *cnt;		/* this (main) thread's counters */
	struct topology *topo;
	struct measure_cfg mcfg;	/* from the suite and options */
	json_t *method;			/* borrowed: results' "method", for what a test chose */
};

struct test_def {
	const char *name;		/* "map_sg" */
	const char *what;		/* one line for `dmabench list` */
	bool needs_module;		/* false: runs anywhere (baseline) */
	bool quick;			/* part of the quick suite */
	/* Add result items to ctx->res; 0, or -errno after a sentence on stderr. */
	int (*run)(struct run_ctx *ctx);
};

/* NULL-terminated, in run order. */
extern const struct test_def *const all_tests[];

/*
 * Sizes to measure, ascending: with --sizes every power of two in
 * [size_min, size_max]; else the suite's own list (quick: 4K 64K 1M 16M;
 * full: 4K..1G by factors of 4) within that range.  Returns how many.
 */
unsigned int suite_sizes(const struct run_opts *o, uint64_t *out, unsigned int max);
#define SUITE_MAX_SIZES	64

/* The measurement limits of the suite, adjusted by --iters / --min-time. */
void suite_measure_cfg(const struct run_opts *o, struct measure_cfg *cfg);

/* Does @name match --tests (comma-separated shell patterns; NULL = all)? */
bool suite_selected(const char *patterns, const char *name);

/* `dmabench list`: one line per test. */
void suite_list(FILE *f);

#endif /* DMABENCH_SUITE_H */
