/* SPDX-License-Identifier: GPL-2.0 */
/*
 * dmabench: what bench.c (validation and the timed loop) and bench_ops.c
 * (the operations) share.
 */
#ifndef _DMABENCH_BENCH_H
#define _DMABENCH_BENCH_H

#include "dmabench_internal.h"

struct dmabench_pool;

/* One BENCH call: the request and what its operations work on. */
struct dmabench_run {
	struct dmabench_bench b;	/* the request, checked */
	struct dmabench_buffer *buf;	/* private, charged; NULL for EMPTY */
	enum dma_data_direction dir;
	void *scratch;			/* KCOPY: cached source */
	struct page *contig;		/* MAP_SINGLE, MAP_PAGE, CACHING_RANGE */
	dma_addr_t addr;		/* MAP_SINGLE, MAP_PAGE: last mapping */
	unsigned long map_attrs;	/* MAP_*: DMA_ATTR_* of map and unmap */
	u32 caching;			/* CACHING*: the pages' caching now */
	struct dmabench_pool *pool;	/* POOL_*: pool.c's */
	u64 sink;			/* keeps KREAD and SG_ITER_* live */
};

/* What an operation accepts and needs; all callbacks are untimed. */
struct dmabench_op_desc {
	u32 kinds;			/* bit per enum dmabench_kind */
	u32 attrs;			/* DMABENCH_ATTR_* it may take, see bench.c */
	bool two_halves;		/* second() undoes first() */
	bool uses_entries;
	bool uses_cache;
	bool uses_delay;
	bool contig;			/* @size must fit one allocation */
	bool one_order;			/* ... of one order: 2^n pages */
	bool switches_caching;		/* -EOPNOTSUPP without set_pages_array_*() */
	int (*setup)(struct dmabench_run *r);
	void (*teardown)(struct dmabench_run *r);
	void (*prep)(struct dmabench_run *r);	/* before each sample */
};

extern const struct dmabench_op_desc dmabench_op_descs[DMABENCH_OP_COUNT];

/* The timed parts, dispatched by a switch so the calls are direct. */
int dmabench_op_first(struct dmabench_run *r);
int dmabench_op_second(struct dmabench_run *r);

/* pool.c: POOL_FRESH and POOL_HIT */
int dmabench_pool_setup_fresh(struct dmabench_run *r);
int dmabench_pool_setup_hit(struct dmabench_run *r);
void dmabench_pool_teardown_fresh(struct dmabench_run *r);
void dmabench_pool_teardown_hit(struct dmabench_run *r);
void dmabench_pool_report(struct dmabench_run *r);
int dmabench_pool_fresh(struct dmabench_run *r);
int dmabench_pool_fresh_undo(struct dmabench_run *r);
int dmabench_pool_hit(struct dmabench_run *r);
int dmabench_pool_hit_undo(struct dmabench_run *r);

#endif /* _DMABENCH_BENCH_H */
