// SPDX-License-Identifier: GPL-2.0
/* Budgeted measurements and result items of the user side; see user_measure.h. */
#include "suites/user_measure.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/errors.h"
#include "core/names.h"
#include "suites/user_buffer.h"
#include "suites/user_plan.h"

double user_budget(const struct run_opts *opts)
{
	return opts->suite == SUITE_QUICK ? USER_BUDGET_QUICK_S
					  : USER_BUDGET_FULL_S;
}

static unsigned int umin(unsigned int a, unsigned int b)
{
	return a < b ? a : b;
}

struct measure_cfg user_mcfg(const struct run_ctx *ctx, double sample_ns,
			     double budget_s)
{
	struct measure_cfg c = ctx->mcfg;
	unsigned int fit;

	/* The calibration pass already warmed caches and TLBs. */
	c.warmup = umin(c.warmup, 1);
	if (ctx->opts->iters || ctx->opts->min_time > 0)
		return c;
	/*
	 * The budget bounds how many passes beyond the floor; it never cuts
	 * the floor itself: a slow pass gets more time (measure.c's hard cap
	 * says when even that is too much).
	 */
	fit = passes_for_budget(sample_ns, budget_s, c.min_samples, c.max_samples);
	c.max_samples = fit;
	c.chunk = umin(c.chunk ? c.chunk : 1, fit);
	if (c.max_time <= 0 || c.max_time > budget_s)
		c.max_time = budget_s;
	c.hard_time = budget_s * MEASURE_HARD_FACTOR;
	if (c.min_time > budget_s)
		c.min_time = budget_s;
	return c;
}

double user_calibrate(const struct sample_source *src)
{
	double one[1], two[1];
	int ret = src->take(src->ctx, 1, one, src->two_halves ? two : NULL, 1);

	if (ret < 0)
		return ret;
	return ret == 1 ? one[0] : -EIO;
}

int user_measure(struct run_ctx *ctx, const struct sample_source *src,
		 const char *what, struct measurement *m,
		 struct sample_log *logs, unsigned int nlogs)
{
	struct measure_cfg cfg;
	double ns = user_calibrate(src);
	int ret;

	memset(m, 0, sizeof(*m));
	for (unsigned int i = 0; i < nlogs; i++)
		logs[i].n = 0;
	if (ns < 0)
		ret = (int)ns;
	else {
		cfg = user_mcfg(ctx, ns, user_budget(ctx->opts));
		ret = measure(&cfg, ctx->cnt, src, m);
	}
	if (ret == -ENOMEM)
		user_failed(ctx->res, what, "out of memory for the samples");
	return ret;
}

struct result_item user_item(const char *test, const char *kind,
			     const char *op, uint64_t size)
{
	struct result_item it;

	memset(&it, 0, sizeof(it));
	it.test = test;
	it.kind = kind;
	it.op = op;
	it.size = size;
	it.threads = 1;
	it.batch = 1;
	it.unit = "ns";
	it.gbps = NAN;
	return it;
}

int user_report(struct results *res, struct result_item *item,
		const double *samples, size_t n, uint64_t gb_bytes)
{
	int ret = stats_of(samples, n, &item->stats);

	if (ret)
		return ret;
	item->samples = samples;
	item->nsamples = n;
	item->gbps = gb_bytes ? gbps_of(gb_bytes, item->stats.p50) : NAN;
	ret = results_add(res, item);
	if (ret)
		user_failed(res, item->test, "cannot record %s %s: %s",
			    item->kind, item->op, strerror(-ret));
	return ret;
}

unsigned int user_test_sizes(const struct run_opts *o, uint64_t *out,
			     unsigned int cap)
{
	if (o->sizes_given)
		return suite_sizes(o, out, cap);
	return user_sizes(o->suite == SUITE_QUICK, o->size_min, o->size_max,
			  out, cap);
}

bool user_kind_wanted(const struct run_ctx *ctx, unsigned int kind)
{
	uint32_t bit = 1U << kind;

	/* User measurements go through the kind's mmap: userptr has none. */
	return ctx->dev && (ctx->opts->kinds & bit & KINDS_ALLOCATED) &&
	       (ctx->dev->info.kinds & bit);
}

void user_failed(struct results *res, const char *test, const char *fmt, ...)
{
	char sentence[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(sentence, sizeof(sentence), fmt, ap);
	va_end(ap);
	complain("%s: %s", test, sentence);
	if (res)
		results_add_error(res, test, sentence);
}

int user_device_failed(struct results *res, const struct bench_device *dev,
		       const char *test)
{
	char sentence[512];

	device_error_sentence(dev, sentence, sizeof(sentence));
	user_failed(res, test, "%s", sentence);
	return dev->last.err ? -dev->last.err : -EIO;
}

void user_skipped(struct results *res, const char *test, const char *what,
		  const char *why)
{
	fprintf(stderr, "dmabench: %s: %s skipped: %s\n", test, what, why);
	results_add_skip(res, test, what, why);
}

/*
 * Without CMA a buffer that is one physical run here (kind_contiguous_here:
 * noncoherent even behind an IOMMU) cannot exceed the largest buddy
 * allocation: that is the platform's limit, not a failure.
 */
static bool beyond_contig(const struct run_ctx *ctx, unsigned int kind,
			  uint64_t size)
{
	const struct dmabench_info *i = &ctx->dev->info;

	return kind_contiguous_here(kind, i) && !(i->flags & DMABENCH_INFO_CMA) &&
	       i->max_contig_size && size > i->max_contig_size;
}

int user_open_buffer(struct run_ctx *ctx, const char *test, struct ubuf *b,
		     unsigned int kind, uint64_t size, uint32_t dir,
		     bool populate)
{
	int ret;

	memset(b, 0, sizeof(*b));
	if (beyond_contig(ctx, kind, size)) {
		char what[64], why[128];

		snprintf(what, sizeof(what), "%s at %llu bytes",
			 ubuf_kind_name((int)kind), (unsigned long long)size);
		snprintf(why, sizeof(why),
			 "one physically contiguous run here, above the largest such allocation (%llu bytes, no CMA)",
			 (unsigned long long)ctx->dev->info.max_contig_size);
		user_skipped(ctx->res, test, what, why);
		return 1;
	}
	ret = ubuf_module(b, ctx->dev, kind, size, dir, populate);
	return ret ? user_device_failed(ctx->res, ctx->dev, test) : 0;
}

int user_each_kind(struct run_ctx *ctx, const char *test, uint32_t kinds,
		   uint64_t size, bool populate, user_kind_fn fn, void *arg)
{
	int first = 0;

	for (unsigned int k = 0; k < DMABENCH_KIND_COUNT; k++) {
		struct ubuf b;
		int ret;

		if (!(kinds & (1U << k)) || !user_kind_wanted(ctx, k))
			continue;
		ret = user_open_buffer(ctx, test, &b, k, size, DMABENCH_DIR_BIDI, populate);
		if (ret == 0)
			ret = fn(ctx, &b, k, arg);
		ubuf_release(&b);
		if (ret == -EINTR)
			return ret;	/* stop the caller's loops too */
		if (ret < 0 && !first)
			first = ret;
	}
	return first;
}
