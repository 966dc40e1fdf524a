// SPDX-License-Identifier: GPL-2.0
/*
 * fault and move: what it costs to make a buffer's pages reachable from
 * user space, per page and per kind, and what a TTM-style move costs
 * (zapping the user PTEs, switching the caching) plus the re-faults that
 * follow it.
 */
#include <errno.h>
#include <stdio.h>
#include <sys/mman.h>
#include <unistd.h>

#include "core/errors.h"
#include "core/names.h"
#include "suites/families.h"
#include "suites/user_buffer.h"
#include "suites/user_measure.h"
#include "suites/user_plan.h"

static volatile uint64_t fault_sink;

/* ---- fault ---- */

struct fault_run {
	struct results *res;
	struct ubuf *b;		/* module buffer, or NULL: anonymous memory */
	struct bench_device *dev;
	uint64_t size;
	bool write;
	double npages;
};

/* A fresh mapping each time, so every page faults again. */
static void *fault_map(struct fault_run *f)
{
	void *p;

	if (f->b)
		return device_mmap(f->dev, &f->b->alloc, PROT_READ | PROT_WRITE);
	p = mmap(NULL, (size_t)f->size, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	return p == MAP_FAILED ? NULL : p;
}

/* One sample: mmap (out2, per page), then one touch per page (out). */
static int fault_once(struct fault_run *f, double *touch, double *map)
{
	uint64_t t0 = now_ns(), t1, t2;
	void *p = fault_map(f);

	if (!p && f->b)
		return user_device_failed(f->res, f->dev, "fault");
	if (!p) {
		user_failed(f->res, "fault", "cannot map %llu bytes of anonymous memory",
			    (unsigned long long)f->size);
		return -ENOMEM;
	}
	t1 = now_ns();
	fault_sink += ubuf_touch_pages(p, f->size, f->write);
	t2 = now_ns();
	munmap(p, (size_t)f->size);
	*touch = (double)(t2 - t1) / f->npages;
	*map = (double)(t1 - t0) / f->npages;
	return 0;
}

static int fault_take(void *p, unsigned int warmup, double *out,
		      double *out2, size_t want)
{
	struct fault_run *f = p;
	double a, b;
	int ret;

	for (unsigned int i = 0; i < warmup; i++) {
		ret = fault_once(f, &a, &b);
		if (ret)
			return ret;
	}
	for (size_t i = 0; i < want; i++) {
		ret = fault_once(f, &out[i], out2 ? &out2[i] : &b);
		if (ret)
			return ret;
	}
	return (int)want;
}

static const char *fault_note(int kind, bool write)
{
	if (kind == UBUF_KIND_CACHED)
		return write ? "anonymous memory: allocate, zero and map a page" :
			       "anonymous memory: the shared zero page is mapped";
	return "one byte per page through a fresh mmap; counters per page cover mmap, touch and munmap";
}

static int fault_record(struct run_ctx *ctx, struct fault_run *f,
			const char *kind, struct measurement *m)
{
	struct result_item item = user_item("fault", kind,
					    f->write ? "fault_write" : "fault_read",
					    f->size);
	int ret;

	item.note = fault_note(f->b ? f->b->kind : UBUF_KIND_CACHED, f->write);
	item.has_counters = m->has_counters;
	item.counters = m->counters;
	item.stopped = m->stopped;
	ret = user_report(ctx->res, &item, m->samples, m->n, 0);
	if (ret || !f->write)
		return ret;
	/* mmap() itself: where kinds that map everything up front pay. */
	item = user_item("fault", kind, "mmap", f->size);
	item.note = "mmap() of the whole buffer, ns per page";
	item.stopped = m->stopped;
	return user_report(ctx->res, &item, m->samples2, m->n, 0);
}

static int fault_variants(struct run_ctx *ctx, struct ubuf *b, uint64_t size)
{
	struct fault_run f = {
		.res = ctx->res, .b = b, .dev = ctx->dev, .size = size,
		.npages = (double)size / (double)sysconf(_SC_PAGESIZE),
	};
	struct sample_source src = { .ctx = &f, .take = fault_take,
				     .ops_per_sample = f.npages,
				     .two_halves = true };
	const char *kind = ubuf_kind_name(b ? b->kind : UBUF_KIND_CACHED);
	struct measurement m;
	int ret = 0;

	for (int w = 0; w < 2 && !ret; w++) {
		f.write = w;
		ret = user_measure(ctx, &src, "fault", &m, NULL, 0);
		if (ret == 0)
			ret = fault_record(ctx, &f, kind, &m);
		measurement_free(&m);
	}
	return ret;
}

static int fault_kind(struct run_ctx *ctx, struct ubuf *b, unsigned int kind, void *arg)
{
	(void)kind;
	(void)arg;
	/* Only fault_map()'s fresh mappings are measured. */
	munmap(b->addr, (size_t)b->size);
	b->addr = NULL;
	return fault_variants(ctx, b, b->size);
}

static int run_fault(struct run_ctx *ctx)
{
	uint64_t sizes[SUITE_MAX_SIZES];
	unsigned int n = user_test_sizes(ctx->opts, sizes, SUITE_MAX_SIZES);
	int first = 0, ret = 0;

	for (unsigned int i = 0; i < n && ret != -EINTR; i++) {
		/* Anonymous memory first: the reference for every kind. */
		ret = fault_variants(ctx, NULL, sizes[i]);
		first = first ? first : ret;
		if (ret == -EINTR)
			break;
		ret = user_each_kind(ctx, "fault", USER_ALL_KINDS, sizes[i], false,
				     fault_kind, NULL);
		first = first ? first : ret;
	}
	return first;
}

/* ---- move ---- */

struct move_run {
	struct results *res;
	struct ubuf *b;
	uint32_t from, to;		/* enum dmabench_caching */
	uint32_t now;			/* the buffer's caching */
	double npages;
	struct sample_log refault;	/* ns per page after each move */
};

static int move_to(struct move_run *mv, uint32_t caching, uint64_t *zap,
		   uint64_t *sw)
{
	struct dmabench_move m = { .handle = mv->b->alloc.handle,
				   .caching = caching };
	int ret = device_move(mv->b->dev, &m);

	if (ret)
		return user_device_failed(mv->res, mv->b->dev, "move");
	mv->now = caching;
	*zap = m.zap_ns;
	*sw = m.switch_ns;
	return 0;
}

/* Start from @from with every page faulted in: the zap has work to do. */
static int move_prepare(struct move_run *mv)
{
	uint64_t zap, sw;
	int ret = 0;

	if (mv->now != mv->from)
		ret = move_to(mv, mv->from, &zap, &sw);
	if (ret == 0)
		fault_sink += ubuf_touch_pages(mv->b->addr, mv->b->size, true);
	return ret;
}

static int move_once(struct move_run *mv, double *zap_out, double *sw_out,
		     bool timed)
{
	uint64_t zap, sw, t0;
	int ret = move_prepare(mv);

	if (ret == 0)
		ret = move_to(mv, mv->to, &zap, &sw);
	if (ret)
		return ret;
	t0 = now_ns();
	fault_sink += ubuf_touch_pages(mv->b->addr, mv->b->size, false);
	if (!timed)
		return 0;
	*zap_out = (double)zap;
	*sw_out = (double)sw;
	return sample_log_push(&mv->refault,
			       (double)(now_ns() - t0) / mv->npages);
}

static int move_take(void *p, unsigned int warmup, double *out, double *out2,
		     size_t want)
{
	struct move_run *mv = p;
	double a, b;
	int ret;

	for (unsigned int i = 0; i < warmup; i++) {
		ret = move_once(mv, &a, &b, false);
		if (ret)
			return ret;
	}
	for (size_t i = 0; i < want; i++) {
		ret = move_once(mv, &out[i], out2 ? &out2[i] : &b, true);
		if (ret)
			return ret;
	}
	return (int)want;
}

static int move_record(struct run_ctx *ctx, struct move_run *mv,
		       struct measurement *m)
{
	const char *kind = ubuf_kind_name(mv->b->kind);
	const char *to = name_of(&caching_names, mv->to);
	char zap_op[32], sw_op[32], re_op[32];
	struct result_item item;
	int ret;

	snprintf(zap_op, sizeof(zap_op), "zap_to_%s", to);
	snprintf(sw_op, sizeof(sw_op), "switch_to_%s", to);
	snprintf(re_op, sizeof(re_op), "refault_%s", to);
	item = user_item("move", kind, zap_op, mv->b->size);
	item.note = "MOVE: unmap_mapping_range() of the faulted-in buffer, ns per move";
	item.stopped = m->stopped;
	ret = user_report(ctx->res, &item, m->samples, m->n, 0);
	if (ret)
		return ret;
	item = user_item("move", kind, sw_op, mv->b->size);
	item.note = "MOVE: set_pages_array_*() of every page, ns per move";
	item.stopped = m->stopped;
	ret = user_report(ctx->res, &item, m->samples2, m->n, 0);
	if (ret)
		return ret;
	item = user_item("move", kind, re_op, mv->b->size);
	item.note = "first read of each page after the move, ns per page";
	item.stopped = m->stopped;
	return user_report(ctx->res, &item, mv->refault.v, mv->refault.n, 0);
}

static int move_direction(struct run_ctx *ctx, struct ubuf *b, uint32_t from,
			  uint32_t to, uint32_t *now)
{
	struct move_run mv = {
		.res = ctx->res, .b = b, .from = from, .to = to, .now = *now,
		.npages = (double)b->size / (double)sysconf(_SC_PAGESIZE),
	};
	struct sample_source src = { .ctx = &mv, .take = move_take,
				     .ops_per_sample = 1, .two_halves = true };
	struct measurement m;
	int ret = user_measure(ctx, &src, "move", &m, &mv.refault, 1);

	if (ret == 0)
		ret = move_record(ctx, &mv, &m);
	measurement_free(&m);
	sample_log_free(&mv.refault);
	*now = mv.now;
	return ret;
}

static int move_kind(struct run_ctx *ctx, struct ubuf *b, unsigned int kind, void *arg)
{
	uint32_t own = kind == DMABENCH_KIND_WC ? DMABENCH_CACHING_WC :
						  DMABENCH_CACHING_UC;
	uint32_t now = own;
	int ret;

	(void)arg;
	/* TTM's two moves: to system memory (WB) and back. */
	ret = move_direction(ctx, b, own, DMABENCH_CACHING_WB, &now);
	if (ret == 0)
		ret = move_direction(ctx, b, DMABENCH_CACHING_WB, own, &now);
	return ret;
}

static int run_move(struct run_ctx *ctx)
{
	const uint32_t kinds = 1U << DMABENCH_KIND_WC | 1U << DMABENCH_KIND_UC;
	uint64_t sizes[SUITE_MAX_SIZES];
	unsigned int n = user_test_sizes(ctx->opts, sizes, SUITE_MAX_SIZES);
	int first = 0, ret = 0;

	for (unsigned int i = 0; i < n && ret != -EINTR; i++) {
		ret = user_each_kind(ctx, "move", kinds, sizes[i], true, move_kind, NULL);
		first = first ? first : ret;
	}
	return first;
}

const struct test_def fault_test = {
	.name = "fault",
	.what = "fault-in cost per page of each kind's mmap (read and write), and of mmap() itself",
	.needs_module = true,
	.quick = true,
	.run = run_fault,
};

const struct test_def move_test = {
	.name = "move",
	.what = "TTM-style MOVE of a mapped wc/uc buffer: PTE zap, caching switch, re-fault per page",
	.needs_module = true,
	.quick = true,
	.run = run_move,
};
