// SPDX-License-Identifier: GPL-2.0
/*
 * device_transfer: a real device transfer end to end, timed from user
 * space, through edu's DMA engine, per kind and length, both directions:
 *
 *   to    the CPU copies the data into the buffer (memcpy from cached
 *         memory), hands the buffer to the device, the device reads it;
 *   from  the buffer is handed to the device, the device writes into it,
 *         the CPU takes it back and copies the data out.
 *
 * The hand-over is what a driver does around each transfer: page kinds
 * (streaming, wc, uc) are mapped before and unmapped after every transfer,
 * so the total includes map_benchmark's map + unmap cost (and, on
 * swiotlb, the bounce copies dma_map/dma_unmap make); noncoherent buffers
 * are synced for the device and back for the CPU; coherent ones need
 * nothing.  The DMA itself runs without the module's own syncs
 * (DMABENCH_DEVICE_DMA_NO_SYNC) so each phase is timed apart: map, syncs
 * and device_dma are the module's ns, the CPU copies and unmap (whose
 * ioctl reports no time) are timed here, and the total is the wall time
 * of the whole transfer in user space, ioctl entry and exit included;
 * host_side is that total minus device_dma, per transfer.
 *
 * --sizes does not apply (the lengths are edu's, dt_lengths()), and both
 * directions always run (--dirs neither): each checks the other's data.
 *
 * Every sample checks its data: one sample is a "to" transfer of fresh
 * pattern data from one buffer into edu and a "from" transfer of it back
 * into a second buffer, whose copy-out must be what went in.  A lost or
 * stale transfer leaves the previous sample's data there, so a mismatch
 * (in the calibration sample too) fails the test: a broken transfer is
 * never timed.  Perf counters are not attached: a sample spends nearly all
 * its time sleeping in the module's poll of the engine, for both
 * directions at once.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "suites/families.h"
#include "suites/device_transfer_plan.h"
#include "suites/user_buffer.h"
#include "suites/user_measure.h"

#define TEST	"device_transfer"

struct dt_run {
	struct run_ctx *ctx;
	unsigned int kind;
	uint32_t len;
	struct ubuf buf[DT_DIRS];		/* one per direction */
	uint8_t src[DMABENCH_EDU_BUF_SIZE];	/* what the CPU writes */
	uint8_t dst[DMABENCH_EDU_BUF_SIZE];	/* what the CPU reads back */
	uint64_t n;				/* samples taken: the seed */
	struct sample_log log[DT_DIRS][DT_PH_COUNT];
	struct sample_log host[DT_DIRS];	/* total - device_dma, per transfer */
};

/* An ioctl failed: the module's sentence, except for a missing engine. */
static int dt_failed(struct dt_run *t)
{
	const struct bench_device *dev = t->ctx->dev;

	if (dev->last.call == CALL_DEVICE_DMA && dev->last.err == EOPNOTSUPP)
		return -EOPNOTSUPP;	/* the caller records a skip */
	return user_device_failed(t->ctx->res, dev, TEST);
}

static int dt_map(struct dt_run *t, enum dt_dir d, uint64_t *ns)
{
	struct dmabench_map m = { .handle = t->buf[d].alloc.handle,
				  .dir = dt_dma_dir(d) };

	if (device_map(t->ctx->dev, &m))
		return dt_failed(t);
	t->buf[d].dma_mapped = true;
	*ns = m.ns;
	return 0;
}

/* UNMAP reports no time: the ioctl is timed from here. */
static int dt_unmap(struct dt_run *t, enum dt_dir d, uint64_t *ns)
{
	uint64_t t0 = now_ns();
	int ret = device_unmap(t->ctx->dev, t->buf[d].alloc.handle);

	*ns = now_ns() - t0;
	if (ret)
		return dt_failed(t);
	t->buf[d].dma_mapped = false;
	return 0;
}

static int dt_sync(struct dt_run *t, enum dt_dir d, uint32_t to, uint64_t *ns)
{
	struct dmabench_sync s = {
		.handle = t->buf[d].alloc.handle, .to = to, .dir = dt_dma_dir(d),
		.offset = 0, .len = t->len,
	};

	if (device_sync(t->ctx->dev, &s))
		return dt_failed(t);
	*ns = s.ns;
	return 0;
}

static int dt_dma(struct dt_run *t, enum dt_dir d, uint64_t *ns)
{
	struct dmabench_device_dma x = {
		.handle = t->buf[d].alloc.handle,
		.op = d == DT_TO ? DMABENCH_DEVICE_DMA_READ : DMABENCH_DEVICE_DMA_WRITE,
		.len = t->len, .flags = DMABENCH_DEVICE_DMA_NO_SYNC,
	};

	if (device_device_dma(t->ctx->dev, &x))
		return dt_failed(t);
	*ns = x.ns;
	return 0;
}

static int dt_phase(struct dt_run *t, enum dt_dir d, enum dt_phase p, uint64_t *ns)
{
	uint64_t t0 = now_ns();

	switch (p) {
	case DT_PH_CPU_BEFORE:
		memcpy(t->buf[d].addr, t->src, t->len);
		*ns = now_ns() - t0;
		return 0;
	case DT_PH_CPU_AFTER:
		memcpy(t->dst, t->buf[d].addr, t->len);
		*ns = now_ns() - t0;
		return 0;
	case DT_PH_MAP:
		return dt_map(t, d, ns);
	case DT_PH_SYNC_DEV:
		return dt_sync(t, d, DMABENCH_SYNC_FOR_DEVICE, ns);
	case DT_PH_DEVICE:
		return dt_dma(t, d, ns);
	case DT_PH_SYNC_CPU:
		return dt_sync(t, d, DMABENCH_SYNC_FOR_CPU, ns);
	case DT_PH_UNMAP:
		return dt_unmap(t, d, ns);
	default:
		return -EINVAL;
	}
}

/* One transfer in @d: every phase its kind has, in order; @total is the wall time. */
static int dt_transfer(struct dt_run *t, enum dt_dir d, uint64_t ph[DT_PH_COUNT],
		       double *total)
{
	uint64_t t0 = now_ns();
	int ret;

	for (int p = 0; p < DT_PH_COUNT; p++) {
		ph[p] = 0;
		if (!dt_phase_applies(t->kind, d, (enum dt_phase)p))
			continue;
		ret = dt_phase(t, d, (enum dt_phase)p, &ph[p]);
		if (ret)
			return ret;
	}
	*total = (double)(now_ns() - t0);
	return 0;
}

/* What came back must be what went in, to the last byte. */
static int dt_check(struct dt_run *t, uint64_t seed)
{
	size_t first, bad = dt_pattern_check(t->dst, t->len, seed, &first);

	if (!bad)
		return 0;
	user_failed(t->ctx->res, TEST,
		    "%s, %u bytes: %zu bytes read back differ from what the CPU wrote "
		    "(the first at byte %zu): a transfer or a hand-over lost data, so "
		    "this kind was not timed", ubuf_kind_name((int)t->kind), t->len,
		    bad, first);
	return -EIO;
}

static int dt_log(struct dt_run *t, uint64_t ph[DT_DIRS][DT_PH_COUNT],
		  const double total[DT_DIRS])
{
	int ret = 0;

	for (int d = 0; d < DT_DIRS && !ret; d++) {
		for (int p = 0; p < DT_PH_COUNT && !ret; p++)
			if (dt_phase_applies(t->kind, (enum dt_dir)d, (enum dt_phase)p))
				ret = sample_log_push(&t->log[d][p], (double)ph[d][p]);
		/* Per transfer: a difference of medians would carry the device's jitter. */
		if (!ret)
			ret = sample_log_push(&t->host[d], total[d] - (double)ph[d][DT_PH_DEVICE]);
	}
	return ret;
}

/* One sample: to and back, checked; phases logged when @log. */
static int dt_sample(struct dt_run *t, double *to, double *from, bool log)
{
	uint64_t ph[DT_DIRS][DT_PH_COUNT], seed = dt_seed(t->n++);
	int ret;

	dt_pattern_fill(t->src, t->len, seed);
	ret = dt_transfer(t, DT_TO, ph[DT_TO], to);
	if (ret == 0)
		ret = dt_transfer(t, DT_FROM, ph[DT_FROM], from);
	if (ret == 0)
		ret = dt_check(t, seed);
	if (ret == 0 && log)
		ret = dt_log(t, ph, (const double[DT_DIRS]){ *to, *from });
	return ret;
}

static int dt_take(void *p, unsigned int warmup, double *out, double *out2,
		   size_t want)
{
	struct dt_run *t = p;
	double a, b;
	int ret;

	for (unsigned int i = 0; i < warmup; i++) {
		ret = dt_sample(t, &a, &b, false);
		if (ret)
			return ret;
	}
	for (size_t i = 0; i < want; i++) {
		ret = dt_sample(t, &out[i], out2 ? &out2[i] : &b, true);
		if (ret)
			return ret;
	}
	return (int)want;
}

/* One checked sample, untimed, sizes the budget and warms everything up. */
static int dt_measure(struct dt_run *t, struct measurement *m)
{
	struct sample_source src = { .ctx = t, .take = dt_take,
				     .ops_per_sample = 2, .two_halves = true };
	struct measure_cfg cfg;
	uint64_t t0 = now_ns();
	double a, b;
	int ret = dt_sample(t, &a, &b, false);

	memset(m, 0, sizeof(*m));
	if (ret)
		return ret;
	cfg = user_mcfg(t->ctx, (double)(now_ns() - t0), user_budget(t->ctx->opts));
	cfg.warmup = 0;
	ret = measure(&cfg, NULL, &src, m);
	if (ret == -ENOMEM)
		user_failed(t->ctx->res, TEST, "out of memory for the samples");
	return ret;
}

static const char *dt_phase_note(enum dt_phase p)
{
	switch (p) {
	case DT_PH_CPU_BEFORE:
		return "memcpy from cached memory into the buffer's mmap";
	case DT_PH_CPU_AFTER:
		return "memcpy from the buffer's mmap into cached memory (then checked, untimed)";
	case DT_PH_DEVICE:
		return "edu's DMA engine from the command until idle, as the module times it (QEMU's edu runs each transfer from a timer)";
	case DT_PH_UNMAP:
		return "the UNMAP ioctl timed in user space (it reports no time of its own)";
	default:
		return NULL;
	}
}

static int dt_record(struct dt_run *t, const struct measurement *m)
{
	const char *kind = ubuf_kind_name((int)t->kind);
	struct result_item item;
	int ret = 0;

	for (int d = 0; d < DT_DIRS && !ret; d++) {
		for (int p = 0; p < DT_PH_COUNT && !ret; p++) {
			if (!dt_phase_applies(t->kind, (enum dt_dir)d, (enum dt_phase)p))
				continue;
			item = user_item(TEST, kind, dt_phase_op((enum dt_phase)p), t->len);
			item.dir = dt_dir_name((enum dt_dir)d);
			item.note = dt_phase_note((enum dt_phase)p);
			item.stopped = m->stopped;
			ret = user_report(t->ctx->res, &item, t->log[d][p].v,
					  t->log[d][p].n, 0);
		}
		if (ret)
			break;
		item = user_item(TEST, kind, "total", t->len);
		item.dir = dt_dir_name((enum dt_dir)d);
		item.note = dt_total_note(t->kind, (enum dt_dir)d);
		item.stopped = m->stopped;
		ret = user_report(t->ctx->res, &item, d == DT_TO ? m->samples : m->samples2,
				  m->n, 0);
		if (ret)
			break;
		item = user_item(TEST, kind, "host_side", t->len);
		item.dir = dt_dir_name((enum dt_dir)d);
		item.note = "total minus device_dma, per transfer: what the CPU copy, the hand-over and the ioctls add";
		item.stopped = m->stopped;
		ret = user_report(t->ctx->res, &item, t->host[d].v, t->host[d].n, 0);
	}
	return ret;
}

static int dt_length(struct dt_run *t, uint32_t len)
{
	struct measurement m;
	int ret;

	t->len = len;
	for (int d = 0; d < DT_DIRS; d++) {
		t->host[d].n = 0;
		for (int p = 0; p < DT_PH_COUNT; p++)
			t->log[d][p].n = 0;
	}
	ret = dt_measure(t, &m);
	if (ret == 0)
		ret = dt_record(t, &m);
	measurement_free(&m);
	return ret;
}

static int dt_open(struct dt_run *t)
{
	uint64_t size = t->ctx->dev->info.page_size;
	int ret = 0;

	if (size < DMABENCH_EDU_BUF_SIZE)
		size = DMABENCH_EDU_BUF_SIZE;
	for (int d = 0; d < DT_DIRS && !ret; d++)
		ret = user_open_buffer(t->ctx, TEST, &t->buf[d], t->kind, size,
				       dt_dma_dir((enum dt_dir)d), true);
	return ret > 0 ? -ENOSPC : ret;
}

/* Every length for one kind; 0, -EOPNOTSUPP (no engine) or -errno. */
static int dt_kind(struct run_ctx *ctx, unsigned int kind, const uint32_t *lens,
		   unsigned int nlens)
{
	static struct dt_run t;		/* 8 KiB of staging: not on the stack */
	int ret;

	memset(&t, 0, sizeof(t));
	t.ctx = ctx;
	t.kind = kind;
	ret = dt_open(&t);
	for (unsigned int i = 0; i < nlens && ret == 0; i++)
		ret = dt_length(&t, lens[i]);
	for (int d = 0; d < DT_DIRS; d++) {
		ubuf_release(&t.buf[d]);
		sample_log_free(&t.host[d]);
		for (int p = 0; p < DT_PH_COUNT; p++)
			sample_log_free(&t.log[d][p]);
	}
	return ret;
}

static int run_device_transfer(struct run_ctx *ctx)
{
	const char *missing = dt_engine_missing(&ctx->dev->info);
	uint32_t lens[DT_MAX_LENS];
	unsigned int n = dt_lengths(ctx->opts->suite == SUITE_QUICK, lens, DT_MAX_LENS);
	char sentence[512];
	int first = 0, ret = 0;

	if (missing) {
		user_skipped(ctx->res, TEST, "every kind and length", missing);
		return 0;
	}
	for (unsigned int k = 0; k < DMABENCH_KIND_COUNT && ret != -EINTR; k++) {
		if (!user_kind_wanted(ctx, k))
			continue;
		ret = dt_kind(ctx, k, lens, n);
		if (ret == -EOPNOTSUPP) {
			device_error_sentence(ctx->dev, sentence, sizeof(sentence));
			user_skipped(ctx->res, TEST, "every kind and length", sentence);
			return 0;
		}
		first = first ? first : ret;
	}
	return first;
}

const struct test_def device_transfer_test = {
	.name = TEST,
	.what = "a device transfer end to end per kind, length (64..4095 B) and direction, through edu's DMA engine, data checked",
	.needs_module = true,
	.quick = true,
	.run = run_device_transfer,
};
