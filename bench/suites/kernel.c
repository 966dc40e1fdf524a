// SPDX-License-Identifier: GPL-2.0
/*
 * The kernel-side tests: every op BENCH can time, by kind, size, entries,
 * direction and cache state.  Each configuration is measured per op
 * (batch 1; two-half ops give both halves), and again batched when an op
 * is so cheap that the two clock reads around it would dominate.
 *
 * Configurations the platform cannot do (a 16 MiB physically contiguous
 * buffer without CMA, a 1 MiB single mapping through a 256 KiB swiotlb
 * slot) are recorded under "skipped" with the reason, not as failures:
 * that limit is itself a finding about the platform.
 */
#include "suites/families.h"
#include "suites/kernel.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/mman.h>
#include <unistd.h>

#include "core/units.h"
#include "core/names.h"
#include "core/progress.h"
#include "core/stats.h"
#include "suites/user_plan.h"

/* Below this per-op p50 an op is also measured batched (see DESIGN.md). */
#define CHEAP_NS	2000.0
/* A batched sample should last about this long. */
#define BATCH_TARGET_NS	20000.0
#define BATCH_MAX	1024U

#define PAGE_KINDS	(KIND_BIT(STREAMING) | KIND_BIT(WC) | KIND_BIT(UC))
/* Physically contiguous under dma-direct; coherent and noncontig not behind an IOMMU. */
#define CONTIG_KINDS	(KIND_BIT(COHERENT) | KIND_BIT(NONCOHERENT) | KIND_BIT(NONCONTIG))
/* The kinds whose allocation takes a direction. */
#define DIR_KINDS	(KIND_BIT(NONCOHERENT) | KIND_BIT(NONCONTIG))

struct bench_src {
	struct bench_device *dev;
	struct kt_segs segs;		/* the last call's */
	struct dmabench_bench req;	/* template; in/out copy per call */
	uint64_t *s1, *s2;
	size_t cap;
};

static int grow(struct bench_src *s, size_t want)
{
	uint64_t *a, *b;

	if (want <= s->cap)
		return 0;
	a = realloc(s->s1, want * sizeof(*a));
	if (a)
		s->s1 = a;
	b = a ? realloc(s->s2, want * sizeof(*b)) : NULL;
	if (b)
		s->s2 = b;
	if (!a || !b)
		return -ENOMEM;
	s->cap = want;
	return 0;
}

/* A sample_source: one BENCH ioctl per chunk. */
static int bench_take(void *arg, unsigned int warmup, double *out,
		      double *out2, size_t want)
{
	struct bench_src *s = arg;
	struct dmabench_bench b = s->req;
	int ret;

	if (grow(s, want))
		return -ENOMEM;
	b.iterations = (uint32_t)want;
	b.warmup = warmup;
	b.samples = (uintptr_t)s->s1;
	b.samples2 = out2 ? (uintptr_t)s->s2 : 0;
	ret = device_bench(s->dev, &b);
	if (ret)
		return ret;
	s->segs = (struct kt_segs){ b.chunks, b.segments };
	/* ABI 2: a batched sample is the window of @batch ops; the mean keeps its fraction. */
	for (uint32_t i = 0; i < b.done; i++) {
		out[i] = (double)s->s1[i] / b.batch;
		if (out2)
			out2[i] = (double)s->s2[i];
	}
	return (int)b.done;
}

static int kt_run(struct run_ctx *ctx, const struct kreq *q, unsigned int batch,
		  struct measurement *m)
{
	struct bench_src s = { .dev = ctx->dev };
	struct sample_source src = {
		.ctx = &s, .take = bench_take, .ops_per_sample = batch,
		.two_halves = q->second && batch == 1,
	};
	int ret;

	s.req = (struct dmabench_bench){
		.op = q->op, .kind = q->kind, .size = q->size,
		.entries = q->entries, .dir = q->dir, .cache = q->cache,
		.batch = batch, .node = ctx->opts->node, .uaddr = q->uaddr,
		.flags = q->flags,
		/* The module rejects a delay inside a batched window. */
		.trans_delay_ns = q->delay && batch == 1 ?
				  ctx->opts->trans_delay_ns : 0,
	};
	memset(&ctx->dev->last, 0, sizeof(ctx->dev->last));
	ret = measure(&ctx->mcfg, ctx->cnt, &src, m);
	if (q->segs)
		*q->segs = s.segs;
	free(s.s1);
	free(s.s2);
	return ret;
}

static double p50_of(const double *v, size_t n)
{
	struct stats s;

	return n && !stats_of(v, n, &s) ? s.p50 : NAN;
}

/*
 * A row's note: the request's own (what memory, what the value means), then
 * what holds for this row alone (interrupted, counters per pair), so that
 * neither hides the other.
 */
static const char *row_note(const struct kreq *q, const char *row, char *buf, size_t len)
{
	char segs[96];

	if (q->segs && q->segs->chunks) {
		snprintf(segs, sizeof(segs), "%u dma_map_page chunks, %u DMA segments",
			 q->segs->chunks, q->segs->segments);
		snprintf(buf, len, "%s%s%s%s%s", q->note ? q->note : "", q->note ? "; " : "",
			 segs, row ? "; " : "", row ? row : "");
		return buf;
	}
	if (!q->note || !row)
		return q->note ? q->note : row;
	snprintf(buf, len, "%s; %s", q->note, row);
	return buf;
}

static int emit(struct run_ctx *ctx, const struct kreq *q, const char *op,
		unsigned int batch, const double *v, const struct measurement *m,
		bool with_counters, const char *note)
{
	char note_buf[384];
	struct result_item it = {
		.test = q->test,
		.kind = q->op == DMABENCH_OP_EMPTY ? NULL : name_of(&kind_names, q->kind),
		.op = op, .size = q->op == DMABENCH_OP_EMPTY ? 0 : q->size,
		.dir = q->has_dir ? dir_short_name(q->dir) : NULL,
		.threads = 1, .entries = q->entries,
		.cache = q->cache ? (q->cache == DMABENCH_CACHE_HOT ? "hot" : "cold") : NULL,
		.batch = batch, .unit = "ns", .note = row_note(q, note, note_buf, sizeof(note_buf)),
		.gbps = NAN, .has_counters = with_counters && m->has_counters,
		.counters = m->counters, .samples = v, .nsamples = m->n,
		.stopped = m->stopped, .attrs = q->flags,
	};
	int ret = stats_of(v, m->n, &it.stats);

	if (ret)
		return ret;
	/* Bytes per ns is GB/s. */
	if (q->bandwidth && it.stats.p50 > 0)
		it.gbps = (double)q->size / it.stats.p50;
	ret = results_add(ctx->res, &it);
	return ret;
}

static int emit_per_op(struct run_ctx *ctx, const struct kreq *q,
		       const struct measurement *m, bool interrupted)
{
	const char *note = interrupted ? "interrupted: fewer samples than asked" : NULL;
	int ret;

	if (!q->second)
		return emit(ctx, q, q->first, 1, m->samples, m, true, note);
	/* Counters saw both halves: they go with the first, said so. */
	ret = emit(ctx, q, q->first, 1, m->samples, m, true,
		   note ? note : "counters are per pair (both halves)");
	if (!ret)
		ret = emit(ctx, q, q->second, 1, m->samples2, m, false, note);
	return ret;
}

/* Cheap ops again, K per sample, so the timer's cost is divided by K. */
static int kt_batched(struct run_ctx *ctx, const struct kreq *q, double per_op)
{
	struct measurement m;
	char op[64];
	double k = ceil(BATCH_TARGET_NS / (per_op > 1 ? per_op : 1));
	unsigned int batch = k > BATCH_MAX ? BATCH_MAX : (k < 2 ? 2 : (unsigned int)k);
	int ret = kt_run(ctx, q, batch, &m);

	if (m.n && (!ret || ret == -EINTR)) {
		snprintf(op, sizeof(op), "%s%s%s", q->first, q->second ? "+" : "",
			 q->second ? q->second : "");
		int e = emit(ctx, q, op, batch, m.samples, &m, true, NULL);

		ret = ret ? ret : e;
	}
	measurement_free(&m);
	return ret;
}

static int kt_measure(struct run_ctx *ctx, const struct kreq *q)
{
	struct measurement m;
	double per_op;
	int ret = kt_run(ctx, q, 1, &m);

	if (m.n && (!ret || ret == -EINTR)) {
		int e = emit_per_op(ctx, q, &m, ret == -EINTR);

		ret = ret ? ret : e;
	}
	per_op = m.n ? p50_of(m.samples, m.n) : NAN;
	if (!ret && q->second && m.n)
		per_op += p50_of(m.samples2, m.n);
	measurement_free(&m);
	if (ret || !(per_op < CHEAP_NS) || (q->delay && ctx->opts->trans_delay_ns))
		return ret;
	return kt_batched(ctx, q, per_op);
}

/* "map_sg streaming 16M to e4096 cold" */
static void describe(const struct kreq *q, char *buf, size_t len)
{
	char size[24];
	int n;

	units_label(q->size, size, sizeof(size));
	n = snprintf(buf, len, "%s %s %s", q->first, name_of(&kind_names, q->kind), size);
	if (n > 0 && (size_t)n < len && q->has_dir)
		n += snprintf(buf + n, len - (size_t)n, " %s", dir_short_name(q->dir));
	if (n > 0 && (size_t)n < len && q->entries)
		n += snprintf(buf + n, len - (size_t)n, " e%u", q->entries);
	if (n > 0 && (size_t)n < len && q->cache)
		n += snprintf(buf + n, len - (size_t)n, " %s",
			      q->cache == DMABENCH_CACHE_HOT ? "hot" : "cold");
	if (n > 0 && (size_t)n < len && q->flags) {
		char a[128];

		snprintf(buf + n, len - (size_t)n, " +%s",
			 attrs_join(&attr_names, q->flags, "+", a, sizeof(a)));
	}
}

void kt_skip(struct run_ctx *ctx, const struct kreq *q, const char *why)
{
	char what[128];

	describe(q, what, sizeof(what));
	results_add_skip(ctx->res, q->test, what, why);
}

/* What the platform's facts say cannot work, or NULL. */
static const char *predicted_skip(struct run_ctx *ctx, const struct kreq *q,
				  char *buf, size_t len)
{
	const struct dmabench_info *info = &ctx->dev->info;

	if (q->charge > info->byte_cap) {
		snprintf(buf, len, "needs %llu bytes, the module's byte cap (all files, max_bytes) is %llu",
			 (unsigned long long)q->charge, (unsigned long long)info->byte_cap);
		return buf;
	}
	/*
	 * Behind an IOMMU dma_alloc_coherent and dma_alloc_noncontiguous
	 * take single pages, and with CMA the
	 * dma_alloc_* kinds may go past the buddy limit: try those.  The
	 * contiguous kernel buffer of map_single/map_page never can.
	 */
	if (q->size > info->max_contig_size &&
	    (q->contig || (!(info->flags & DMABENCH_INFO_CMA) &&
			   kind_contiguous_here(q->kind, info)))) {
		snprintf(buf, len, "needs %llu physically contiguous bytes; the largest contiguous allocation here is %llu (no CMA)",
			 (unsigned long long)q->size, (unsigned long long)info->max_contig_size);
		return buf;
	}
	if (q->contig && q->size > info->max_mapping_size) {
		snprintf(buf, len, "one mapping of %llu bytes exceeds dma_max_mapping_size() = %llu (swiotlb bounces through slots of at most that)",
			 (unsigned long long)q->size, (unsigned long long)info->max_mapping_size);
		return buf;
	}
	return NULL;
}

static void kt_fail(struct run_ctx *ctx, const struct kreq *q, int err,
		    struct kt_state *st)
{
	char what[128], sentence[512], msg[700];
	const struct call_error *last = &ctx->dev->last;

	describe(q, what, sizeof(what));
	if (last->call != CALL_NONE && last->err == -err)
		device_error_sentence(ctx->dev, sentence, sizeof(sentence));
	else
		snprintf(sentence, sizeof(sentence), "%s", strerror(-err));
	/* ENOMEM past the contiguous limit is the platform's answer. */
	if (err == -ENOMEM && q->size > ctx->dev->info.max_contig_size &&
	    (CONTIG_KINDS & (1U << q->kind))) {
		kt_skip(ctx, q, sentence);
		return;
	}
	if (err == -ENOMEM && q->enomem_why) {
		kt_skip(ctx, q, q->enomem_why);
		return;
	}
	snprintf(msg, sizeof(msg), "%s: %s", what, sentence);
	results_add_error(ctx->res, q->test, msg);
	progress_say("%s failed: %s", q->test, msg);
	st->failed = -EIO;
}

void kt_do(struct kt_state *st, const struct kreq *q)
{
	struct run_ctx *ctx = st->ctx;
	char why[256];
	const char *reason;
	int ret;

	if (st->stop || measure_interrupted) {
		st->stop = true;
		return;
	}
	reason = predicted_skip(ctx, q, why, sizeof(why));
	if (reason) {
		kt_skip(ctx, q, reason);
		return;
	}
	ret = kt_measure(ctx, q);
	if (ret == -EINTR)
		st->stop = true;
	else if (ret)
		kt_fail(ctx, q, ret, st);
}

int kt_end(const struct kt_state *st)
{
	return st->stop ? -EINTR : st->failed;
}

uint32_t kt_kinds_for(const struct run_ctx *ctx, uint32_t op_kinds)
{
	return ctx->opts->kinds & ctx->dev->info.kinds & op_kinds & KINDS_ALLOCATED;
}

static const unsigned int dir_order[] = {
	DMABENCH_DIR_TO_DEVICE, DMABENCH_DIR_FROM_DEVICE, DMABENCH_DIR_BIDI,
};
#define N_DIRS	(sizeof(dir_order) / sizeof(dir_order[0]))

/* The first direction asked for, for ops where it barely matters. */
static unsigned int first_dir(const struct run_ctx *ctx)
{
	for (size_t i = 0; i < N_DIRS; i++)
		if (ctx->opts->dirs & (1U << dir_order[i]))
			return dir_order[i];
	return DMABENCH_DIR_BIDI;
}

/* ---- empty: the timing floor ------------------------------------------ */

static int clock_take(void *arg, unsigned int warmup, double *out,
		      double *out2, size_t want)
{
	struct timespec a, b;

	(void)arg;
	(void)out2;
	for (unsigned int i = 0; i < warmup; i++)
		clock_gettime(CLOCK_MONOTONIC, &a);
	for (size_t i = 0; i < want; i++) {
		clock_gettime(CLOCK_MONOTONIC, &a);
		clock_gettime(CLOCK_MONOTONIC, &b);
		out[i] = (double)(b.tv_sec - a.tv_sec) * 1e9 +
			 (double)(b.tv_nsec - a.tv_nsec);
	}
	return (int)want;
}

/* The user-side floor: what two clock reads cost around user-side work. */
static int user_floor(struct run_ctx *ctx, struct stats *floor)
{
	struct sample_source src = { .take = clock_take, .ops_per_sample = 1 };
	struct kreq q = {
		.test = "empty", .op = DMABENCH_OP_EMPTY, .first = "clock_gettime",
		.note = "user-space timing floor: two clock_gettime(CLOCK_MONOTONIC) reads",
	};
	struct measurement m;
	int ret = measure(&ctx->mcfg, ctx->cnt, &src, &m);

	if (m.n && (!ret || ret == -EINTR)) {
		int e = emit(ctx, &q, q.first, 1, m.samples, &m, true, NULL);

		stats_of(m.samples, m.n, floor);
		ret = ret ? ret : e;
	}
	measurement_free(&m);
	return ret;
}

static int kernel_floor(struct run_ctx *ctx, struct stats *floor)
{
	struct kreq q = {
		.test = "empty", .op = DMABENCH_OP_EMPTY, .size = 4096,
		.first = "empty",
		.note = "kernel timing floor: two ktime_get_ns() reads in the module",
	};
	struct measurement m;
	int ret = kt_run(ctx, &q, 1, &m);

	if (m.n && (!ret || ret == -EINTR)) {
		int e = emit(ctx, &q, q.first, 1, m.samples, &m, true, NULL);

		stats_of(m.samples, m.n, floor);
		ret = ret ? ret : e;
	}
	measurement_free(&m);
	if (!ret)
		ret = kt_batched(ctx, &q, floor->p50);
	return ret;
}

static int run_empty(struct run_ctx *ctx)
{
	struct stats ufloor = { 0 }, kfloor = { 0 };
	struct kt_state st = { .ctx = ctx };
	struct kreq q = { .test = "empty", .first = "empty", .size = 4096 };
	int ret = user_floor(ctx, &ufloor);

	if (ret == -EINTR)
		return ret;
	if (!ret && ctx->dev) {
		ret = kernel_floor(ctx, &kfloor);
		if (ret && ret != -EINTR)
			kt_fail(ctx, &q, ret, &st);
	}
	if (ufloor.n || kfloor.n)
		results_set_floor(ctx->res, kfloor.n ? &kfloor : &ufloor);
	return ret == -EINTR ? ret : st.failed;
}

const struct test_def empty_test = {
	.name = "empty",
	.what = "the timing floor: two clock reads in the module (and in user space)",
	.needs_module = false, .quick = true, .run = run_empty,
};

/* ---- alloc_free --------------------------------------------------------- */

static int run_alloc_free(struct run_ctx *ctx)
{
	struct kt_state st = { .ctx = ctx };
	uint64_t sizes[SUITE_MAX_SIZES];
	unsigned int ns = suite_sizes(ctx->opts, sizes, SUITE_MAX_SIZES);
	uint32_t kinds = kt_kinds_for(ctx, ~0U);

	for (unsigned int k = 0; k < DMABENCH_KIND_COUNT; k++) {
		for (unsigned int i = 0; (kinds & (1U << k)) && i < ns; i++) {
			struct kreq q = {
				.test = "alloc_free", .op = DMABENCH_OP_ALLOC_FREE,
				.kind = k, .size = sizes[i], .charge = sizes[i],
				.first = "alloc", .second = "free",
				/* dma_alloc_pages and _noncontiguous take one. */
				.dir = DMABENCH_DIR_BIDI,
				.has_dir = !!(DIR_KINDS & (1U << k)),
			};
			kt_do(&st, &q);
		}
	}
	return kt_end(&st);
}

const struct test_def alloc_free_test = {
	.name = "alloc_free",
	.what = "allocate and free a buffer, per kind and size (wc/uc include the caching switch)",
	.needs_module = true, .quick = true, .run = run_alloc_free,
};

/* ---- map_single, map_page ----------------------------------------------- */

static int run_map_contig(struct run_ctx *ctx, const char *test, unsigned int op)
{
	struct kt_state st = { .ctx = ctx };
	uint64_t sizes[SUITE_MAX_SIZES];
	unsigned int ns = suite_sizes(ctx->opts, sizes, SUITE_MAX_SIZES);

	if (!kt_kinds_for(ctx, KIND_BIT(STREAMING)))
		return 0;
	for (unsigned int i = 0; i < ns; i++) {
		for (size_t d = 0; d < N_DIRS; d++) {
			struct kreq q = {
				.test = test, .op = op, .kind = DMABENCH_KIND_STREAMING,
				.size = sizes[i], .charge = sizes[i], .dir = dir_order[d],
				.first = "map", .second = "unmap", .has_dir = true,
				.delay = true, .contig = true,
			};
			if (ctx->opts->dirs & (1U << dir_order[d]))
				kt_do(&st, &q);
		}
	}
	return kt_end(&st);
}

static int run_map_single(struct run_ctx *ctx)
{
	return run_map_contig(ctx, "map_single", DMABENCH_OP_MAP_SINGLE);
}

static int run_map_page(struct run_ctx *ctx)
{
	return run_map_contig(ctx, "map_page", DMABENCH_OP_MAP_PAGE);
}

const struct test_def map_single_test = {
	.name = "map_single",
	.what = "dma_map_single + unmap of a contiguous buffer, by size and direction",
	.needs_module = true, .quick = true, .run = run_map_single,
};

const struct test_def map_page_test = {
	.name = "map_page",
	.what = "dma_map_page + unmap of a contiguous buffer, by size and direction",
	.needs_module = true, .quick = true, .run = run_map_page,
};

/* ---- map_sg ------------------------------------------------------------- */

uint64_t kt_max_segment(const struct dmabench_info *info)
{
	uint64_t seg = info->max_contig_size;

	if (info->max_mapping_size && info->max_mapping_size < seg)
		seg = info->max_mapping_size;
	/* A power of two, so entries divide power-of-two sizes evenly. */
	while (seg & (seg - 1))
		seg &= seg - 1;
	return seg < 4096 ? 4096 : seg;
}

/*
 * Entry counts for @size: the fewest the platform allows, then (full
 * suite) every 16th step, then one per page (capped at the ABI's 2^18).
 */
static unsigned int entry_counts(const struct run_ctx *ctx, uint64_t size,
				 unsigned int *out, unsigned int max)
{
	uint64_t pages = size / 4096, fewest, most;
	unsigned int n = 0;

	fewest = size / kt_max_segment(&ctx->dev->info);
	fewest = fewest ? fewest : 1;
	most = pages < DMABENCH_MAX_ENTRIES ? pages : DMABENCH_MAX_ENTRIES;
	out[n++] = (unsigned int)fewest;
	for (uint64_t e = fewest * 16; ctx->opts->suite == SUITE_FULL &&
	     e < most && n + 1 < max; e *= 16)
		out[n++] = (unsigned int)e;
	if (most > fewest && n < max)
		out[n++] = (unsigned int)most;
	return n;
}

/*
 * wc/uc pages map exactly like streaming ones (the caching is the CPU's
 * business): the quick suite times them in the first direction only.
 */
static bool map_sg_dir_wanted(const struct run_ctx *ctx, unsigned int kind,
			      unsigned int dir)
{
	if (!(ctx->opts->dirs & (1U << dir)))
		return false;
	return ctx->opts->suite == SUITE_FULL || kind == DMABENCH_KIND_STREAMING ||
	       dir == first_dir(ctx);
}

static int run_map_sg(struct run_ctx *ctx)
{
	struct kt_state st = { .ctx = ctx };
	uint64_t sizes[SUITE_MAX_SIZES];
	unsigned int ns = suite_sizes(ctx->opts, sizes, SUITE_MAX_SIZES);
	uint32_t kinds = kt_kinds_for(ctx, PAGE_KINDS);

	for (unsigned int k = 0; k < DMABENCH_KIND_COUNT; k++) {
		for (unsigned int i = 0; (kinds & (1U << k)) && i < ns; i++) {
			unsigned int ents[8];
			unsigned int ne = entry_counts(ctx, sizes[i], ents, 8);

			for (unsigned int e = 0; e < ne; e++) {
				for (size_t d = 0; d < N_DIRS; d++) {
					struct kreq q = {
						.test = "map_sg", .op = DMABENCH_OP_MAP_SG,
						.kind = k, .size = sizes[i], .charge = sizes[i],
						.entries = ents[e], .dir = dir_order[d],
						.first = "map", .second = "unmap",
						.has_dir = true, .delay = true,
					};
					if (map_sg_dir_wanted(ctx, k, dir_order[d]))
						kt_do(&st, &q);
				}
			}
		}
	}
	return kt_end(&st);
}

const struct test_def map_sg_test = {
	.name = "map_sg",
	.what = "dma_map_sgtable + unmap, per page-backed kind, by size, sg entries and direction",
	.needs_module = true, .quick = true, .run = run_map_sg,
};

/* ---- sync --------------------------------------------------------------- */

/*
 * The quick suite keeps the pairs a driver actually does: sync_for_device
 * after the CPU filled a to-device buffer, sync_for_cpu before reading a
 * from-device one (bidi does both).  The full suite times every pair.
 */
static bool sync_pair_wanted(const struct run_ctx *ctx, unsigned int to,
			     unsigned int dir)
{
	if (ctx->opts->suite == SUITE_FULL || dir == DMABENCH_DIR_BIDI)
		return true;
	return to ? dir == DMABENCH_DIR_TO_DEVICE : dir == DMABENCH_DIR_FROM_DEVICE;
}

static void sync_one(struct kt_state *st, unsigned int kind, uint64_t size,
		     unsigned int dir)
{
	static const unsigned int caches[] = { DMABENCH_CACHE_HOT, DMABENCH_CACHE_COLD };

	for (unsigned int to = 0; to < 2; to++) {
		if (!sync_pair_wanted(st->ctx, to, dir))
			continue;
		for (size_t c = 0; c < 2; c++) {
			bool no_cold = caches[c] == DMABENCH_CACHE_COLD &&
				       !(st->ctx->dev->info.flags & DMABENCH_INFO_CACHE_FLUSH);
			struct kreq q = {
				.test = "sync", .kind = kind, .size = size,
				.charge = size, .dir = dir, .cache = caches[c],
				.op = to ? DMABENCH_OP_SYNC_FOR_DEVICE : DMABENCH_OP_SYNC_FOR_CPU,
				.first = to ? "sync_for_device" : "sync_for_cpu",
				.has_dir = true,
			};
			if (no_cold)
				kt_skip(st->ctx, &q, "cold not available: the module cannot flush a buffer from the CPU caches here");
			else
				kt_do(st, &q);
		}
	}
}

static int run_sync(struct run_ctx *ctx)
{
	struct kt_state st = { .ctx = ctx };
	uint64_t sizes[SUITE_MAX_SIZES];
	unsigned int ns = suite_sizes(ctx->opts, sizes, SUITE_MAX_SIZES);
	uint32_t kinds = kt_kinds_for(ctx, PAGE_KINDS | DIR_KINDS);

	for (unsigned int k = 0; k < DMABENCH_KIND_COUNT; k++)
		for (unsigned int i = 0; (kinds & (1U << k)) && i < ns; i++)
			for (size_t d = 0; d < N_DIRS; d++)
				if (ctx->opts->dirs & (1U << dir_order[d]))
					sync_one(&st, k, sizes[i], dir_order[d]);
	return kt_end(&st);
}

const struct test_def sync_test = {
	.name = "sync",
	.what = "dma_sync for_cpu / for_device of a whole mapped buffer, by size, direction, hot/cold cache",
	.needs_module = true, .quick = true, .run = run_sync,
};

/* ---- caching ------------------------------------------------------------ */

/*
 * set_pages_array_* against pages per call, at a fixed 4 MiB: @entries of
 * CACHING (ABI 3).  Where the switch exists only; the caller checked.
 */
static void caching_batches(struct kt_state *st, uint32_t kinds)
{
	static const unsigned int per_call[] = { 1, 4, 16, 64, 256, 1024 };
	const uint64_t size = 4ULL << 20;

	if (size > st->ctx->opts->size_max && st->ctx->opts->sizes_given)
		return;
	for (unsigned int k = 0; k < DMABENCH_KIND_COUNT; k++) {
		for (size_t i = 0; (kinds & (1U << k)) && i < sizeof(per_call) / sizeof(per_call[0]);
		     i++) {
			struct kreq q = {
				.test = "caching", .op = DMABENCH_OP_CACHING, .kind = k,
				.size = size, .charge = size, .entries = per_call[i],
				.first = k == DMABENCH_KIND_WC ? "set_wc" : "set_uc",
				.second = "set_wb",
				.note = "4 MiB in calls of <entries> pages; per page = value / 1024",
			};
			kt_do(st, &q);
		}
	}
}

/* Why CACHING_RANGE cannot run @size here, or NULL. */
static const char *range_unfit(const struct dmabench_info *info, uint64_t size, char *buf,
			       size_t len)
{
	uint64_t pages = info->page_size ? size / info->page_size : 0;

	if (!pages || size % info->page_size || (pages & (pages - 1))) {
		snprintf(buf, len, "set_memory_* is timed on one alloc_pages() run, which holds a "
			 "power-of-two number of pages: %llu bytes is not one",
			 (unsigned long long)size);
		return buf;
	}
	if (size > info->max_contig_size) {
		snprintf(buf, len, "needs one physically contiguous run of %llu bytes; the page "
			 "allocator's largest is %llu (max_contig_size)",
			 (unsigned long long)size, (unsigned long long)info->max_contig_size);
		return buf;
	}
	return NULL;
}

/*
 * The range form beside the array form: set_memory_wc/uc() on one
 * contiguous run (CACHING_RANGE) and set_memory_wb() back, at the test's
 * sizes and at caching_batches' 4 MiB, where one run of that many pages
 * exists (4 KiB .. 4 MiB: the allocator's largest order).  The same pages
 * switched as one page array are the set_wc/set_uc rows of the same size.
 */
static void caching_ranges(struct kt_state *st, uint32_t kinds, const uint64_t *sizes,
			   unsigned int ns)
{
	const struct run_opts *o = st->ctx->opts;
	const struct dmabench_info *info = &st->ctx->dev->info;
	const uint64_t at_batches = 4ULL << 20;
	uint64_t all[SUITE_MAX_SIZES + 1];
	unsigned int n = 0;
	bool has_batches = false;
	char why[256];

	if (!kinds)
		return;
	if (!(info->flags & DMABENCH_INFO_CACHING_RANGE)) {
		results_add_skip(st->ctx->res, "caching", "every set_memory_wc/uc row (the range "
				 "form)", "the module predates CACHING_RANGE: GET_INFO lacks "
				 "DMABENCH_INFO_CACHING_RANGE; rebuild and reload it with make");
		return;
	}
	for (unsigned int i = 0; i < ns; i++) {
		all[n++] = sizes[i];
		has_batches |= sizes[i] == at_batches;
	}
	if (!has_batches && !(at_batches > o->size_max && o->sizes_given))
		all[n++] = at_batches;
	for (unsigned int k = 0; k < DMABENCH_KIND_COUNT; k++) {
		for (unsigned int i = 0; (kinds & (1U << k)) && i < n; i++) {
			struct kreq q = {
				.test = "caching", .op = DMABENCH_OP_CACHING_RANGE, .kind = k,
				.size = all[i], .charge = all[i],
				.first = k == DMABENCH_KIND_WC ? "set_memory_wc" : "set_memory_uc",
				.second = "set_memory_wb",
				.note = "one physically contiguous run (one alloc_pages), one "
					"set_memory_* call on its linear address",
				.enomem_why = "no free physically contiguous run of this size (one "
					      "alloc_pages() without retrying: memory fragmented), "
					      "or no memory for the page tables set_memory_* splits",
			};
			const char *unfit = range_unfit(info, all[i], why, sizeof(why));

			if (unfit)
				kt_skip(st->ctx, &q, unfit);
			else
				kt_do(st, &q);
		}
	}
}

static int run_caching(struct run_ctx *ctx)
{
	struct kt_state st = { .ctx = ctx };
	uint64_t sizes[SUITE_MAX_SIZES];
	unsigned int ns = suite_sizes(ctx->opts, sizes, SUITE_MAX_SIZES);
	uint32_t kinds = kt_kinds_for(ctx, KIND_BIT(WC) | KIND_BIT(UC));

	if (kinds && !(ctx->dev->info.flags & DMABENCH_INFO_SET_PAGES_ARRAY)) {
		struct kreq q = { .test = "caching", .first = "set_wc",
				  .kind = DMABENCH_KIND_WC };

		kt_skip(ctx, &q, "set_pages_array_wc/uc and set_memory_wc/uc do not exist here "
			"(x86 only)");
		return 0;
	}
	for (unsigned int k = 0; k < DMABENCH_KIND_COUNT; k++) {
		for (unsigned int i = 0; (kinds & (1U << k)) && i < ns; i++) {
			struct kreq q = {
				.test = "caching", .op = DMABENCH_OP_CACHING,
				.kind = k, .size = sizes[i], .charge = sizes[i],
				.first = k == DMABENCH_KIND_WC ? "set_wc" : "set_uc",
				.second = "set_wb",
				.note = "whole buffer; per page = value / (size / 4096)",
			};
			kt_do(&st, &q);
		}
	}
	caching_ranges(&st, kinds, sizes, ns);
	caching_batches(&st, kinds);
	return kt_end(&st);
}

const struct test_def caching_test = {
	.name = "caching",
	.what = "switch pages' linear-map caching WB->WC/UC and back (what TTM pools avoid), by page "
		"count, and at 4 MiB by pages per set_pages_array call (1..1024: either side of x86's "
		"tlb_single_page_flush_ceiling of 33, where a flush of each page gives way to a "
		"flush of the whole TLB); beside it set_memory_wc/uc on one physically contiguous "
		"run of the same size (4 KiB..4 MiB)",
	.needs_module = true, .quick = true, .run = run_caching,
};

/* ---- pool: TTM's page pool, a miss against a hit ------------------------ */

static int run_pool(struct run_ctx *ctx)
{
	static const struct {
		unsigned int op;
		const char *first, *second, *note;
	} ops[] = {
		{ DMABENCH_OP_POOL_FRESH, "pool_fresh", "pool_fresh_free",
		  "pool miss: pages highest order first, dma_map_page per chunk, one "
		  "set_pages_array call; back: unmap, switch to WB, free" },
		{ DMABENCH_OP_POOL_HIT, "pool_hit", "pool_hit_give",
		  "pool hit: take the chunks, dma_map_page each; back: unmap, clear_page "
		  "through the WC/UC linear map, give back (no caching switch)" },
	};
	struct kt_state st = { .ctx = ctx };
	uint64_t sizes[SUITE_MAX_SIZES];
	unsigned int ns = suite_sizes(ctx->opts, sizes, SUITE_MAX_SIZES);
	uint32_t kinds = kt_kinds_for(ctx, KIND_BIT(WC) | KIND_BIT(UC));

	if (kinds && !(ctx->dev->info.flags & DMABENCH_INFO_SET_PAGES_ARRAY)) {
		struct kreq q = { .test = "pool", .first = "pool_fresh",
				  .kind = DMABENCH_KIND_WC };

		kt_skip(ctx, &q, "no set_pages_array_wc/uc here (x86 only): a WC page differs from a "
			      "WB one only by its mappings' pgprot, so TTM keeps no such pool");
		return 0;
	}
	for (unsigned int k = 0; k < DMABENCH_KIND_COUNT; k++) {
		for (unsigned int i = 0; (kinds & (1U << k)) && i < ns; i++) {
			for (size_t o = 0; o < sizeof(ops) / sizeof(ops[0]); o++) {
				struct kt_segs segs = { 0, 0 };
				struct kreq q = {
					.test = "pool", .op = ops[o].op, .kind = k,
					.size = sizes[i], .charge = sizes[i],
					.first = ops[o].first, .second = ops[o].second,
					.note = ops[o].note, .segs = &segs,
				};

				kt_do(&st, &q);
			}
		}
	}
	return kt_end(&st);
}

const struct test_def pool_test = {
	.name = "pool",
	.what = "TTM's page pool emulated: a wc/uc allocation from a pool miss (alloc, switch, "
		"map) against a pool hit (take, map; clear on give), by size, with the DMA "
		"segment count",
	.needs_module = true, .quick = true, .run = run_pool,
};

/* ---- kernel_access ------------------------------------------------------ */

static int run_kernel_access(struct run_ctx *ctx)
{
	static const struct { unsigned int op; const char *name; } ops[] = {
		{ DMABENCH_OP_KREAD, "kread" }, { DMABENCH_OP_KWRITE, "kwrite" },
		{ DMABENCH_OP_KCOPY, "kcopy" },
	};
	struct kt_state st = { .ctx = ctx };
	uint64_t sizes[SUITE_MAX_SIZES];
	unsigned int ns = suite_sizes(ctx->opts, sizes, SUITE_MAX_SIZES);
	uint32_t kinds = kt_kinds_for(ctx, ~0U);

	for (unsigned int k = 0; k < DMABENCH_KIND_COUNT; k++) {
		for (unsigned int i = 0; (kinds & (1U << k)) && i < ns; i++) {
			for (size_t o = 0; o < sizeof(ops) / sizeof(ops[0]); o++) {
				struct kreq q = {
					.test = "kernel_access", .op = ops[o].op,
					.kind = k, .size = sizes[i], .first = ops[o].name,
					.dir = DMABENCH_DIR_BIDI, .bandwidth = true,
					/* KCOPY also holds a cached source buffer. */
					.charge = ops[o].op == DMABENCH_OP_KCOPY ?
						  2 * sizes[i] : sizes[i],
				};
				kt_do(&st, &q);
			}
		}
	}
	return kt_end(&st);
}

const struct test_def kernel_access_test = {
	.name = "kernel_access",
	.what = "CPU read / write / copy-in through each kind's kernel mapping, by size (GB/s)",
	.needs_module = true, .quick = true, .run = run_kernel_access,
};

/* ---- sg_iter ------------------------------------------------------------ */

static unsigned int iter_entries(const struct run_ctx *ctx, unsigned int *out,
				 unsigned int max)
{
	static const unsigned int quick[] = { 16, 256, 4096 };
	unsigned int n = 0;

	if (ctx->opts->suite == SUITE_QUICK) {
		for (; n < max && n < sizeof(quick) / sizeof(quick[0]); n++)
			out[n] = quick[n];
		return n;
	}
	for (unsigned int e = 1; e < DMABENCH_MAX_ENTRIES && n + 1 < max; e *= 4)
		out[n++] = e;
	out[n++] = DMABENCH_MAX_ENTRIES;
	return n;
}

/*
 * One page per entry isolates the iterator's per-entry cost; the kind is
 * the first page-backed one asked for (the iterators do not look at it).
 */
static int run_sg_iter(struct run_ctx *ctx)
{
	struct kt_state st = { .ctx = ctx };
	uint32_t kinds = kt_kinds_for(ctx, PAGE_KINDS);
	unsigned int ents[16], ne = iter_entries(ctx, ents, 16), kind;

	if (!kinds)
		return 0;
	kind = kinds & KIND_BIT(STREAMING) ? DMABENCH_KIND_STREAMING :
	       (unsigned int)__builtin_ctz(kinds);
	for (unsigned int e = 0; e < ne; e++) {
		for (unsigned int it = 0; it < 2; it++) {
			struct kreq q = {
				.test = "sg_iter", .kind = kind,
				.op = it ? DMABENCH_OP_SG_ITER_DMA : DMABENCH_OP_SG_ITER_PAGE,
				.first = it ? "sg_iter_dma" : "sg_iter_page",
				.size = (uint64_t)ents[e] * 4096, .entries = ents[e],
				.charge = (uint64_t)ents[e] * 4096,
				.dir = first_dir(ctx), .has_dir = it == 1,
			};
			kt_do(&st, &q);
		}
	}
	return kt_end(&st);
}

/* ---- userptr ------------------------------------------------------------ */

/* The user memory a userptr row pins: its backing and its THP advice. */
struct umem_kind {
	const char *note;
	bool memfd;
	int advice;		/* MADV_HUGEPAGE, MADV_NOHUGEPAGE */
};

static const struct umem_kind umem_kinds[] = {
	{ UMEM_ANON_4K, false, MADV_NOHUGEPAGE },
	{ UMEM_ANON_THP, false, MADV_HUGEPAGE },
	{ UMEM_MEMFD, true, MADV_NOHUGEPAGE },
};

/* Userptr sizes stop here: pinning is per page, and TCG is slow at it. */
#define UMEM_MAX_SIZE	(64ULL << 20)
#define UMEM_ALIGN	(2ULL << 20)

/*
 * @size bytes of @k, 2 MiB aligned (so THP can back it) and touched (so the
 * pin times pinning, not first faults).  *@raw and *@rawlen are what to
 * munmap.
 */
static char *umem_map(const struct umem_kind *k, uint64_t size, void **raw, size_t *rawlen)
{
	size_t len = (size_t)(size + UMEM_ALIGN);
	int fd = -1, flags = MAP_PRIVATE | MAP_ANONYMOUS;
	char *p, *mem;

	if (k->memfd) {
		fd = memfd_create("dmabench-userptr", 0);
		if (fd < 0 || ftruncate(fd, (off_t)len)) {
			if (fd >= 0)
				close(fd);
			return NULL;
		}
		flags = MAP_SHARED;
	}
	p = mmap(NULL, len, PROT_READ | PROT_WRITE, flags, fd, 0);
	if (fd >= 0)
		close(fd);
	if (p == MAP_FAILED)
		return NULL;
	mem = (char *)(((uintptr_t)p + UMEM_ALIGN - 1) & ~(uintptr_t)(UMEM_ALIGN - 1));
	madvise(mem, size, k->advice);
	memset(mem, 0x5a, size);
	*raw = p;
	*rawlen = len;
	return mem;
}

static void userptr_rows(struct kt_state *st, const struct umem_kind *k, uint64_t size)
{
	static const struct { unsigned int op; const char *first, *second; } ops[] = {
		{ DMABENCH_OP_PIN, "pin", "unpin" },
		{ DMABENCH_OP_PIN_SGT, "sgt_build", "sgt_free" },
		{ DMABENCH_OP_MAP_SG, "map", "unmap" },
	};
	size_t rawlen = 0;
	void *raw = NULL;
	char *mem = umem_map(k, size, &raw, &rawlen);

	if (!mem) {
		results_add_error(st->ctx->res, "userptr",
				  "cannot map user memory to pin: out of memory");
		return;
	}
	for (size_t o = 0; o < sizeof(ops) / sizeof(ops[0]); o++) {
		struct kreq q = {
			.test = "userptr", .op = ops[o].op, .kind = DMABENCH_KIND_USERPTR,
			.size = size, .charge = size, .dir = DMABENCH_DIR_BIDI,
			.first = ops[o].first, .second = ops[o].second,
			.note = k->note, .uaddr = (uintptr_t)mem,
		};
		kt_do(st, &q);
	}
	munmap(raw, rawlen);
}

/*
 * What GPU userptr and RDMA pay to hand user memory to a device: the pin,
 * the sg table of the pinned pages, the DMA map, and their undoing, timed
 * apart in the module, by size, for anonymous memory with THP and without
 * and for a memfd.
 */
static int run_userptr(struct run_ctx *ctx)
{
	struct kt_state st = { .ctx = ctx };
	uint64_t sizes[SUITE_MAX_SIZES];
	unsigned int ns = suite_sizes(ctx->opts, sizes, SUITE_MAX_SIZES);

	if (!(ctx->opts->kinds & ctx->dev->info.kinds & KIND_BIT(USERPTR)))
		return 0;
	for (size_t k = 0; k < sizeof(umem_kinds) / sizeof(umem_kinds[0]); k++)
		for (unsigned int i = 0; i < ns && !st.stop; i++)
			if (sizes[i] <= UMEM_MAX_SIZE)
				userptr_rows(&st, &umem_kinds[k], sizes[i]);
	return kt_end(&st);
}

const struct test_def userptr_test = {
	.name = "userptr",
	.what = "user memory for the device (GPU userptr, RDMA): pin, sg table, map and back, by size; anon with/without THP, memfd",
	.needs_module = true, .quick = true, .run = run_userptr,
};

const struct test_def sg_iter_test = {
	.name = "sg_iter",
	.what = "walk an sg_table page by page: for_each_sgtable_page vs for_each_sgtable_dma_page, by entries",
	.needs_module = true, .quick = true, .run = run_sg_iter,
};
