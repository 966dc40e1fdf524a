/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kernel.c's BENCH machinery for the families that time kernel ops beside
 * it (attrs.c): one configuration (struct kreq) measured per op and, when
 * cheap, batched, its rows emitted, predicted skips and failures recorded
 * as kernel.c's own families do.  One loop for all of them.
 */
#ifndef DMABENCH_SUITES_KERNEL_H
#define DMABENCH_SUITES_KERNEL_H

#include <stdbool.h>
#include <stdint.h>

#include "suites/suite.h"

#define KIND_BIT(k)	(1U << DMABENCH_KIND_##k)

/* What a POOL_* run said of its last op's mapping (ABI 3 out fields). */
struct kt_segs {
	uint32_t chunks, segments;
};

/* One BENCH configuration and how its items are labelled. */
struct kreq {
	const char *test;
	unsigned int op, kind, dir, cache, entries;
	uint64_t size;
	const char *first, *second;	/* item ops; second NULL: one half */
	bool has_dir, bandwidth, delay;
	bool contig;			/* needs one physically contiguous run */
	uint64_t charge;		/* bytes the module charges the file */
	const char *note;
	uint64_t uaddr;			/* userptr: the user memory the module pins */
	struct kt_segs *segs;		/* POOL_*: the module's chunks/segments, out */
	uint32_t flags;			/* DMABENCH_ATTR_* for BENCH; the rows' attrs */
	const char *enomem_why;		/* ENOMEM is the platform's answer: skipped, this why */
};

/* Per test: keep going after a failure, stop on an interrupt. */
struct kt_state {
	struct run_ctx *ctx;
	int failed;
	bool stop;
};

/* Measure @q (skipped with a reason where the platform cannot), add its rows. */
void kt_do(struct kt_state *st, const struct kreq *q);

/* The test's return: -EINTR when interrupted, else the first failure or 0. */
int kt_end(const struct kt_state *st);

/* @q not measured, and @why, under "skipped". */
void kt_skip(struct run_ctx *ctx, const struct kreq *q, const char *why);

/* Kinds asked for, known to the module and in @op_kinds (KIND_BIT()s). */
uint32_t kt_kinds_for(const struct run_ctx *ctx, uint32_t op_kinds);

/* Bytes one sg entry may span here: contiguous, one swiotlb slot at most; a power of two. */
uint64_t kt_max_segment(const struct dmabench_info *info);

#endif /* DMABENCH_SUITES_KERNEL_H */
