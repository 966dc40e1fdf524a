// SPDX-License-Identifier: GPL-2.0
/*
 * transfer: one round trip the way a driver does it, per kind and size:
 * the CPU fills the buffer, hands it to the device (sync for_device),
 * takes it back (sync for_cpu) and reads it.  Each phase is reported, and
 * their sum per transfer.  The syncs are the module's time inside
 * dma_sync_*(), what a driver pays, not the ioctl around it.
 */
#include <errno.h>
#include <stdio.h>

#include "suites/access_kernels.h"
#include "core/errors.h"
#include "core/names.h"
#include "suites/families.h"
#include "suites/user_buffer.h"
#include "suites/user_measure.h"
#include "suites/user_plan.h"

enum phase { PH_FILL, PH_TO_DEVICE, PH_TO_CPU, PH_READ, PH_COUNT };

static const char *const phase_ops[PH_COUNT] = {
	[PH_FILL] = "fill", [PH_TO_DEVICE] = "sync_for_device",
	[PH_TO_CPU] = "sync_for_cpu", [PH_READ] = "read",
};

static volatile uint64_t transfer_sink;

struct transfer_run {
	struct results *res;
	struct ubuf *b;
	bool sync;			/* the kind needs syncs */
	access_fn fill, read;
	enum access_isa fill_isa, read_isa;
	enum access_pattern read_pattern;
	uint64_t seed;
	struct sample_log phase[PH_COUNT];
};

static int transfer_sync(struct transfer_run *t, uint32_t to, uint64_t *ns)
{
	*ns = 0;
	if (!t->sync)
		return 0;
	if (ubuf_sync(t->b, to, ns))
		return user_device_failed(t->res, t->b->dev, "transfer");
	return 0;
}

/* One transfer: @ph gets each phase's ns. */
static int transfer_once(struct transfer_run *t, uint64_t ph[PH_COUNT])
{
	size_t len = (size_t)t->b->size;
	uint64_t t0 = now_ns();
	int ret;

	t->fill(t->b->addr, NULL, len, t->seed++);
	ph[PH_FILL] = now_ns() - t0;
	ret = transfer_sync(t, DMABENCH_SYNC_FOR_DEVICE, &ph[PH_TO_DEVICE]);
	if (ret == 0)
		ret = transfer_sync(t, DMABENCH_SYNC_FOR_CPU, &ph[PH_TO_CPU]);
	if (ret)
		return ret;
	t0 = now_ns();
	transfer_sink += t->read(t->b->addr, NULL, len, t->seed);
	ph[PH_READ] = now_ns() - t0;
	return 0;
}

static int transfer_log(struct transfer_run *t, const uint64_t ph[PH_COUNT],
			double *total)
{
	int ret = 0;

	*total = 0;
	for (int i = 0; i < PH_COUNT && !ret; i++) {
		*total += (double)ph[i];
		ret = sample_log_push(&t->phase[i], (double)ph[i]);
	}
	return ret;
}

static int transfer_take(void *p, unsigned int warmup, double *out,
			 double *out2, size_t want)
{
	struct transfer_run *t = p;
	uint64_t ph[PH_COUNT];
	int ret;

	(void)out2;
	for (unsigned int i = 0; i < warmup; i++) {
		ret = transfer_once(t, ph);
		if (ret)
			return ret;
	}
	for (size_t i = 0; i < want; i++) {
		ret = transfer_once(t, ph);
		if (ret == 0)
			ret = transfer_log(t, ph, &out[i]);
		if (ret)
			return ret;
	}
	return (int)want;
}

static int transfer_record(struct run_ctx *ctx, struct transfer_run *t,
			   struct measurement *m)
{
	const char *kind = ubuf_kind_name(t->b->kind);
	const char *dir = dir_short_name(DMABENCH_DIR_BIDI);
	struct result_item item;
	int ret = 0;

	for (int i = 0; i < PH_COUNT && !ret; i++) {
		if ((i == PH_TO_DEVICE || i == PH_TO_CPU) && !t->sync)
			continue;	/* coherent: nothing to hand over */
		item = user_item("transfer", kind, phase_ops[i], t->b->size);
		item.dir = dir;
		if (i == PH_FILL || i == PH_READ)
			item.isa = access_isa_name(i == PH_FILL ? t->fill_isa :
						   t->read_isa);
		if (i == PH_READ && t->read_pattern == ACCESS_STREAM_LOAD)
			item.note = t->read_isa == ISA_A64NT ?
				    "streaming loads (LDNP), as drivers read WC/UC" :
				    "streaming loads (MOVNTDQA), as drivers read WC/UC";
		item.stopped = m->stopped;
		ret = user_report(ctx->res, &item, t->phase[i].v, t->phase[i].n,
				  i == PH_FILL || i == PH_READ ? t->b->size : 0);
	}
	if (ret)
		return ret;
	item = user_item("transfer", kind, "total", t->b->size);
	item.dir = dir;
	item.note = t->sync ? "fill + sync_for_device + sync_for_cpu + read" :
			      "fill + read: coherent memory needs no syncs";
	item.has_counters = m->has_counters;
	item.counters = m->counters;
	item.stopped = m->stopped;
	return user_report(ctx->res, &item, m->samples, m->n, t->b->size);
}

static void transfer_kernels(struct transfer_run *t)
{
	enum access_isa best = access_best_isa();

	t->fill = access_kernel(ACCESS_WRITE, best, &t->fill_isa);
	t->read_pattern = transfer_read_pattern((unsigned int)t->b->kind);
	t->read = access_kernel(t->read_pattern, best, &t->read_isa);
	if (!t->read) {	/* no streaming load (x86 without SSE4.1): plain loads */
		t->read_pattern = ACCESS_READ;
		t->read = access_kernel(ACCESS_READ, best, &t->read_isa);
	}
}

static int transfer_measure(struct run_ctx *ctx, struct ubuf *b)
{
	struct transfer_run t = { .res = ctx->res, .b = b, .sync = kind_needs_sync((unsigned int)b->kind),
				  .seed = 7 };
	struct sample_source src = { .ctx = &t, .take = transfer_take,
				     .ops_per_sample = 1 };
	struct measurement m;
	int ret;

	transfer_kernels(&t);
	ret = user_measure(ctx, &src, "transfer", &m, t.phase, PH_COUNT);
	if (ret == 0)
		ret = transfer_record(ctx, &t, &m);
	measurement_free(&m);
	for (int i = 0; i < PH_COUNT; i++)
		sample_log_free(&t.phase[i]);
	return ret;
}

static int transfer_kind(struct run_ctx *ctx, struct ubuf *b, unsigned int kind, void *arg)
{
	(void)arg;
	if (kind_needs_map(kind) && ubuf_dma_map(b, DMABENCH_DIR_BIDI))
		return user_device_failed(ctx->res, ctx->dev, "transfer");
	return transfer_measure(ctx, b);
}

static int run_transfer(struct run_ctx *ctx)
{
	uint64_t sizes[SUITE_MAX_SIZES];
	unsigned int n = user_test_sizes(ctx->opts, sizes, SUITE_MAX_SIZES);
	int first = 0, ret = 0;

	for (unsigned int i = 0; i < n && ret != -EINTR; i++) {
		ret = user_each_kind(ctx, "transfer", USER_ALL_KINDS, sizes[i], true,
				     transfer_kind, NULL);
		first = first ? first : ret;
	}
	return first;
}

const struct test_def transfer_test = {
	.name = "transfer",
	.what = "a driver's round trip per kind: fill, sync for device, sync for CPU, read",
	.needs_module = true,
	.quick = true,
	.run = run_transfer,
};
