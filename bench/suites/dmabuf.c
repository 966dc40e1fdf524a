// SPDX-License-Identifier: GPL-2.0
/*
 * The dmabuf test: what sharing a buffer with a second device costs, and
 * where it breaks.  For each kind the module exports, at the quick sizes,
 * a buffer is allocated on the exporter's file, shared with EXPORT and
 * imported on a second /dev/dmabench file set to the OTHER device
 * (platform -> edu and edu -> platform when edu is there, else the same
 * device twice).  Timed: EXPORT (export, close, again), IMPORT's attach
 * and map, BENCH's DMABUF_ATTACH and DMABUF_MAP on the importer's side,
 * DMA_BUF_IOCTL_SYNC START and END from user space by the harness's clock.
 * When the importer is edu, a round trip with data checked goes through
 * the import (the dma-buf's mmap, its syncs, edu's DMA and a plain coherent
 * buffer), and again without the syncs: the sharing analogue of verify.
 * The same for a udmabuf of a memfd and a system-heap buffer where the
 * kernel has them.  A refusal (ERANGE: a 32-bit importer of 64-bit memory
 * with nothing to bounce it) is the platform's answer, recorded under
 * "skipped" and as the share's outcome, never as an error.
 */
#include "suites/families.h"
#include "suites/kernel.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <linux/dma-buf.h>

#include "core/clock.h"
#include "core/names.h"
#include "core/progress.h"
#include "core/sysinfo.h"
#include "core/units.h"

#define TEST		"dmabuf"
#define MIB		(1ULL << 20)
#define EXPORT_KINDS	(KIND_BIT(COHERENT) | KIND_BIT(STREAMING) | KIND_BIT(WC) | \
			 KIND_BIT(UC) | KIND_BIT(NONCOHERENT) | KIND_BIT(NONCONTIG))
#define DIR_KINDS	(KIND_BIT(NONCOHERENT) | KIND_BIT(NONCONTIG))
/* The round trip: within the first 4 KiB chunk, both halves inside edu's limit. */
#define RT_LEN		1024U
#define RT_BACK		2048U
#define HEAP_SYSTEM	"/dev/dma_heap/system"

/* One share: who exports, who imports, what made the dma-buf. */
struct share {
	struct run_ctx *ctx;
	struct kt_state *st;
	struct bench_device *imp;	/* the importer's file */
	const char *kind;		/* exported kind; NULL for other code's memory */
	const char *source, *exporter, *importer;
	uint64_t size;
	int fd;				/* the dma-buf */
	/*
	 * Every DMA_BUF_IOCTL_SYNC in READ|WRITE: udmabuf (6.1) maps its table
	 * at the first begin_cpu_access in that call's direction and syncs
	 * later calls in theirs, which DMA-API debug reports as a sync in a
	 * direction other than the mapping's (the lab's debug kernel).
	 */
	bool sync_rw_only;
	/*
	 * Why this share's DMA_BUF_IOCTL_SYNCs are left out, NULL when they
	 * are not.  udmabuf's begin_cpu_access maps its pages for its own
	 * misc device and keeps that mapping, so a CPU sync while an
	 * importer maps the dma-buf (the sync rows, the round trip) makes
	 * two live streaming mappings of the same pages, each with CPU
	 * syncs: the overlap the DMA API forbids, which a kernel with
	 * DMA-API debug WARNs at ("cacheline tracking EEXIST", from
	 * begin_cpu_udmabuf).  On such a kernel the harness does not do it.
	 */
	const char *no_cpu_sync;
};

/* The SYNC flags for a CPU access in @flags' direction on @sh's dma-buf. */
static uint64_t share_sync(const struct share *sh, uint64_t flags)
{
	return sh->sync_rw_only ? flags | DMA_BUF_SYNC_RW : flags;
}

static const char *sentence_of(struct bench_device *dev, int err, char *buf, size_t len)
{
	if (dev->last.call != CALL_NONE && dev->last.err == -err)
		device_error_sentence(dev, buf, len);
	else
		snprintf(buf, len, "%s", strerror(-err));
	return buf;
}

/* "coherent 1 MiB, platform -> edu" */
static void share_label(const struct share *sh, char *buf, size_t len)
{
	char size[24];

	units_label(sh->size, size, sizeof(size));
	snprintf(buf, len, "%s %s, %s -> %s", sh->kind ? sh->kind : sh->source, size,
		 sh->exporter ? sh->exporter : sh->source, sh->importer ? sh->importer : "-");
}

/* The platform's answer to a share (skipped), not dmabench's failure. */
static bool refusal(int err)
{
	return err == -ERANGE || err == -EOPNOTSUPP || err == -ENOMEM || err == -ENODEV;
}

static void share_failed(struct share *sh, const char *what, const char *sentence)
{
	char label[128], msg[900];

	share_label(sh, label, sizeof(label));
	snprintf(msg, sizeof(msg), "%s %s: %s", what, label, sentence);
	results_add_error(sh->ctx->res, TEST, msg);
	progress_say("%s failed: %s", TEST, msg);
	sh->st->failed = -EIO;
}

static void share_skipped(struct share *sh, const char *what, const char *why)
{
	char label[128], w[256];

	share_label(sh, label, sizeof(label));
	snprintf(w, sizeof(w), "%s %s", what, label);
	results_add_skip(sh->ctx->res, TEST, w, why);
}

/* ---- samples by the harness: EXPORT, IMPORT, DMA_BUF_IOCTL_SYNC ------------ */

struct take_arg {
	struct bench_device *dev;
	uint32_t handle;		/* EXPORT: the buffer */
	int fd;				/* IMPORT, SYNC: the dma-buf */
	uint32_t dir;			/* IMPORT */
	uint64_t sync_flags;		/* SYNC: READ, WRITE or RW */
};

static int export_take(void *arg, unsigned int warmup, double *out, double *out2, size_t want)
{
	struct take_arg *a = arg;

	(void)out2;
	for (size_t i = 0; i < warmup + want; i++) {
		struct dmabench_export e = { .handle = a->handle, .flags = DMABENCH_EXPORT_CLOEXEC };
		int ret = device_export(a->dev, &e);

		if (ret)
			return ret;
		close(e.fd);
		if (i >= warmup)
			out[i - warmup] = (double)e.ns;
	}
	return (int)want;
}

static int import_take(void *arg, unsigned int warmup, double *out, double *out2, size_t want)
{
	struct take_arg *a = arg;

	for (size_t i = 0; i < warmup + want; i++) {
		struct dmabench_import im = { .fd = a->fd, .dir = a->dir };
		int ret = device_import(a->dev, &im);

		if (ret)
			return ret;
		ret = device_free(a->dev, im.handle);
		if (ret)
			return ret;
		if (i >= warmup) {
			out[i - warmup] = (double)im.attach_ns;
			out2[i - warmup] = (double)im.map_ns;
		}
	}
	return (int)want;
}

/* START then END, each timed by the harness's clock around the ioctl. */
static int sync_take(void *arg, unsigned int warmup, double *out, double *out2, size_t want)
{
	struct take_arg *a = arg;

	for (size_t i = 0; i < warmup + want; i++) {
		uint64_t t0 = now_ns(), t1, t2;
		int ret = device_dmabuf_sync(a->dev, a->fd, DMA_BUF_SYNC_START | a->sync_flags);

		t1 = now_ns();
		if (!ret)
			ret = device_dmabuf_sync(a->dev, a->fd, DMA_BUF_SYNC_END | a->sync_flags);
		t2 = now_ns();
		if (ret)
			return ret;
		if (i >= warmup) {
			out[i - warmup] = (double)(t1 - t0);
			out2[i - warmup] = (double)(t2 - t1);
		}
	}
	return (int)want;
}

/* Measure @take and add its row(s) @first (and @second). */
static int harness_rows(struct share *sh, int (*take)(void *, unsigned int, double *, double *,
						      size_t),
			struct take_arg *a, const char *first, const char *second,
			const char *dir, const char *importer)
{
	struct sample_source src = {
		.ctx = a, .take = take, .ops_per_sample = 1, .two_halves = second != NULL,
	};
	struct measurement m;
	int ret = measure(&sh->ctx->mcfg, sh->ctx->cnt, &src, &m);

	for (int half = 0; m.n && (!ret || ret == -EINTR) && half < (second ? 2 : 1); half++) {
		struct result_item it = {
			.test = TEST, .kind = sh->kind, .op = half ? second : first,
			.size = sh->size, .dir = dir, .threads = 1, .batch = 1, .unit = "ns",
			.gbps = NAN, .samples = half ? m.samples2 : m.samples, .nsamples = m.n,
			.stopped = m.stopped, .has_counters = !half && m.has_counters,
			.counters = m.counters, .source = sh->source, .exporter = sh->exporter,
			.importer = importer,
			.note = second && !half ? "counters are per pair (both halves)" : NULL,
		};
		int e = stats_of(it.samples, m.n, &it.stats);

		if (!e)
			e = results_add(sh->ctx->res, &it);
		ret = ret ? ret : e;
	}
	measurement_free(&m);
	return ret;
}

/* ---- the round trip through edu ------------------------------------------- */

static void fill(volatile uint8_t *p, size_t n, uint8_t seed)
{
	for (size_t i = 0; i < n; i++)
		p[i] = (uint8_t)(seed + i * 7);
}

static bool same(const volatile uint8_t *p, size_t n, uint8_t seed)
{
	for (size_t i = 0; i < n; i++)
		if (p[i] != (uint8_t)(seed + i * 7))
			return false;
	return true;
}

static int dma(struct bench_device *dev, uint32_t handle, uint32_t op, uint64_t offset)
{
	struct dmabench_device_dma d = {
		.handle = handle, .op = op, .offset = offset, .len = RT_LEN,
	};

	return device_device_dma(dev, &d);
}

/*
 * CPU -> import -> edu -> coherent (@c, @cp) and coherent -> edu -> import
 * -> CPU, with the dma-buf's syncs when @sync; 1 when both halves show the
 * data, 0 when one is stale, -errno on a failed call.
 */
static int trip(struct share *sh, volatile uint8_t *m, uint32_t h, uint32_t c,
		volatile uint8_t *cp, bool sync, uint8_t seed)
{
	struct bench_device *dev = sh->imp;
	int ret = 0, ok = 1;

	if (sync)
		ret = device_dmabuf_sync(dev, sh->fd, share_sync(sh, DMA_BUF_SYNC_START | DMA_BUF_SYNC_WRITE));
	if (!ret) {
		fill(m, RT_LEN, seed);
		if (sync)
			ret = device_dmabuf_sync(dev, sh->fd, share_sync(sh, DMA_BUF_SYNC_END | DMA_BUF_SYNC_WRITE));
	}
	if (!ret)
		ret = dma(dev, h, DMABENCH_DEVICE_DMA_READ, 0);
	if (!ret)
		ret = dma(dev, c, DMABENCH_DEVICE_DMA_WRITE, 0);
	if (ret)
		return ret;
	if (!same(cp, RT_LEN, seed))
		ok = 0;
	/* The way back: the coherent buffer's new data through edu into the import. */
	fill(cp + RT_BACK, RT_LEN, (uint8_t)(seed + 101));
	ret = dma(dev, c, DMABENCH_DEVICE_DMA_READ, RT_BACK);
	if (!ret)
		ret = dma(dev, h, DMABENCH_DEVICE_DMA_WRITE, RT_BACK);
	if (!ret && sync)
		ret = device_dmabuf_sync(dev, sh->fd, share_sync(sh, DMA_BUF_SYNC_START | DMA_BUF_SYNC_READ));
	if (ret)
		return ret;
	if (!same(m + RT_BACK, RT_LEN, (uint8_t)(seed + 101)))
		ok = 0;
	if (sync)
		ret = device_dmabuf_sync(dev, sh->fd, share_sync(sh, DMA_BUF_SYNC_END | DMA_BUF_SYNC_READ));
	return ret ? ret : ok;
}

static void round_trip(struct share *sh)
{
	struct bench_device *dev = sh->imp;
	struct dmabench_import im = { .fd = sh->fd, .dir = DMABENCH_DIR_BIDI };
	struct dmabench_alloc ca = { .kind = DMABENCH_KIND_COHERENT, .size = 4096,
				     .node = sh->ctx->opts->node };
	struct dmabuf_share out = {
		.kind = sh->kind, .source = sh->source, .exporter = sh->exporter,
		.importer = sh->importer, .size = sh->size, .stale_without_sync = -1,
	};
	char why[600], outcome[640];
	volatile uint8_t *m = NULL, *cp = NULL;
	int ret, r;

	ret = device_import(dev, &im);
	if (ret) {
		sentence_of(dev, ret, why, sizeof(why));
		snprintf(outcome, sizeof(outcome), "%s: %s", refusal(ret) ? "refused" : "failed", why);
		if (!refusal(ret))
			share_failed(sh, "round trip of", why);
		out.outcome = outcome;
		results_add_dmabuf_share(sh->ctx->res, &out);
		return;
	}
	out.nents = im.nents;
	ret = device_alloc(dev, &ca);
	if (!ret) {
		cp = device_mmap(dev, &ca, PROT_READ | PROT_WRITE);
		m = device_dmabuf_mmap(dev, sh->fd, sh->size, PROT_READ | PROT_WRITE);
		ret = cp && m ? 0 : -dev->last.err;
	}
	if (!ret) {
		r = trip(sh, m, im.handle, ca.handle, cp, true, 0x31);
		if (r < 0) {
			ret = r;
		} else {
			out.outcome = r ? "data ok" : "stale";
			/* Without the syncs: does the share still show the data? */
			if (r) {
				r = trip(sh, m, im.handle, ca.handle, cp, false, 0x57);
				if (r >= 0)
					out.stale_without_sync = !r;
			}
		}
	}
	if (ret) {
		sentence_of(dev, ret, why, sizeof(why));
		snprintf(outcome, sizeof(outcome), "failed: %s", why);
		out.outcome = outcome;
		share_failed(sh, "round trip of", why);
	} else if (!strcmp(out.outcome, "stale")) {
		share_failed(sh, "round trip of", "the importer's device saw stale data with "
			     "DMA_BUF_IOCTL_SYNC around every CPU access");
	}
	results_add_dmabuf_share(sh->ctx->res, &out);
	if (m)
		munmap((void *)m, (size_t)sh->size);
	if (cp)
		device_munmap((void *)cp, ca.size);
	if (ca.handle)
		device_free(dev, ca.handle);
	device_free(dev, im.handle);
}

/* ---- one share: the importer's timings and its round trip ------------------- */

static const struct { uint32_t dir; uint64_t flags; } sync_dirs[] = {
	{ DMABENCH_DIR_TO_DEVICE, DMA_BUF_SYNC_WRITE },
	{ DMABENCH_DIR_FROM_DEVICE, DMA_BUF_SYNC_READ },
	{ DMABENCH_DIR_BIDI, DMA_BUF_SYNC_RW },
};

static void import_side(struct share *sh)
{
	struct run_ctx ic = *sh->ctx;
	struct kt_state ist = { .ctx = &ic };
	char why[600];
	int ret;

	ic.dev = sh->imp;
	for (size_t d = 0; d < sizeof(sync_dirs) / sizeof(sync_dirs[0]); d++) {
		uint32_t dir = sync_dirs[d].dir;
		struct take_arg a = { .dev = sh->imp, .fd = sh->fd, .dir = dir,
				      .sync_flags = share_sync(sh, sync_dirs[d].flags) };
		struct dmabench_import im = { .fd = sh->fd, .dir = dir };

		if (!(sh->ctx->opts->dirs & (1U << dir)) || sh->st->stop || measure_interrupted)
			continue;
		/*
		 * One untimed import first: a refusal is the platform's answer.
		 * It is freed before the timed imports because other exporters
		 * (6.1's system heap, udmabuf) map every attachment with CPU
		 * syncs: two live mappings of one page are overlapping
		 * streaming mappings, which the DMA API forbids and DMA-API
		 * debug WARNs about ("cacheline tracking EEXIST").  So the
		 * importer holds one mapping of the dma-buf at a time.
		 */
		ret = device_import(sh->imp, &im);
		if (ret) {
			sentence_of(sh->imp, ret, why, sizeof(why));
			if (refusal(ret))
				share_skipped(sh, dir_short_name(dir), why);
			else
				share_failed(sh, "import", why);
			continue;
		}
		device_free(sh->imp, im.handle);
		im.handle = 0;
		ret = harness_rows(sh, import_take, &a, "import_attach", "import_map",
				   dir_short_name(dir), sh->importer);
		for (unsigned int op = 0; !ret && op < 2; op++) {
			struct kreq q = {
				.test = TEST, .kind = DMABENCH_KIND_IMPORT, .size = sh->size,
				.charge = sh->size, .dir = dir, .has_dir = true,
				.op = op ? DMABENCH_OP_DMABUF_MAP : DMABENCH_OP_DMABUF_ATTACH,
				.first = op ? "dmabuf_map" : "dmabuf_attach",
				.second = op ? "dmabuf_unmap" : "dmabuf_detach",
				.dmabuf_fd = sh->fd, .row_kind = sh->kind, .source = sh->source,
				.exporter = sh->exporter, .importer = sh->importer,
			};

			kt_do(&ist, &q);
		}
		/* The CPU's side, with (only) the importer's mapping in place. */
		if (!ret && sh->no_cpu_sync) {
			char what[64];

			snprintf(what, sizeof(what), "the %s DMA_BUF_IOCTL_SYNC rows of",
				 dir_short_name(dir));
			share_skipped(sh, what, sh->no_cpu_sync);
		} else if (!ret) {
			ret = device_import(sh->imp, &im);
			if (!ret)
				ret = harness_rows(sh, sync_take, &a, "sync_start", "sync_end",
						   dir_short_name(dir), sh->importer);
		}
		if (im.handle)
			device_free(sh->imp, im.handle);
		if (ret == -EINTR) {
			sh->st->stop = true;
		} else if (ret) {
			sentence_of(sh->imp, ret, why, sizeof(why));
			share_failed(sh, dir_short_name(dir), why);
		}
	}
	if (ist.failed)
		sh->st->failed = ist.failed;
	if (ist.stop)
		sh->st->stop = true;
	if (!sh->st->stop && sh->imp->info.device == DMABENCH_DEV_EDU) {
		if (sh->no_cpu_sync)
			share_skipped(sh, "the round trip of", sh->no_cpu_sync);
		else
			round_trip(sh);
	}
}

/* ---- the files and the shares --------------------------------------------- */

static int open_on(struct bench_device *dev, uint32_t which)
{
	int ret = device_open(dev, device_default_path());

	if (!ret && dev->info.device != which)
		ret = device_set_device(dev, which);
	if (!ret)
		ret = device_get_info(dev);
	return ret;
}

/* Sizes: the suite's (quick: 64 KiB and 1 MiB), as attrs. */
static unsigned int share_sizes(const struct run_ctx *ctx, uint64_t *out)
{
	uint64_t all[SUITE_MAX_SIZES];
	unsigned int n = suite_sizes(ctx->opts, all, SUITE_MAX_SIZES), k = 0;

	for (unsigned int i = 0; i < n; i++)
		if (ctx->opts->sizes_given || (all[i] >= 64 * 1024 &&
		    all[i] <= (ctx->opts->suite == SUITE_QUICK ? MIB : 16 * MIB)))
			out[k++] = all[i];
	return k;
}

/* One exported buffer: EXPORT's time, then the importer's side. */
static void export_share(struct kt_state *st, struct bench_device *exp, struct bench_device *imp,
			 unsigned int kind, uint64_t size)
{
	struct run_ctx *ctx = st->ctx;
	struct dmabench_alloc a = {
		.kind = kind, .size = size, .node = ctx->opts->node,
		.dir = (DIR_KINDS & (1U << kind)) ? DMABENCH_DIR_BIDI : 0,
	};
	struct share sh = {
		.ctx = ctx, .st = st, .imp = imp, .kind = name_of(&kind_names, kind),
		.source = "dmabench", .exporter = name_of(&device_names, exp->info.device),
		.importer = name_of(&device_names, imp->info.device), .size = size, .fd = -1,
	};
	struct take_arg ta = { .dev = exp };
	struct dmabench_export e = { .flags = DMABENCH_EXPORT_CLOEXEC };
	char why[600];
	int ret;

	if (st->stop || measure_interrupted) {
		st->stop = true;
		return;
	}
	if (2 * size > ctx->dev->info.byte_cap) {
		share_skipped(&sh, "every row of", "the buffer and its import are more than the "
			      "module's byte cap (max_bytes)");
		return;
	}
	ret = device_alloc(exp, &a);
	if (ret) {
		sentence_of(exp, ret, why, sizeof(why));
		if (ret == -ENOMEM)
			share_skipped(&sh, "every row of", why);
		else
			share_failed(&sh, "alloc for", why);
		return;
	}
	ta.handle = a.handle;
	/* EXPORT alone: its rows name the exporter, no importer. */
	ret = harness_rows(&sh, export_take, &ta, "export", NULL, NULL, NULL);
	e.handle = a.handle;
	if (!ret)
		ret = device_export(exp, &e);
	if (ret == -EINTR) {
		st->stop = true;
	} else if (ret) {
		sentence_of(exp, ret, why, sizeof(why));
		share_failed(&sh, "export of", why);
	} else {
		sh.fd = e.fd;
		import_side(&sh);
		close(sh.fd);
	}
	device_free(exp, a.handle);
}

/*
 * Memory made by other code (udmabuf of a memfd, the system heap), imported
 * on @imp; @no_cpu_sync: why this share's DMA_BUF_IOCTL_SYNCs are left out
 * (struct share), or NULL.
 */
static void other_share(struct kt_state *st, struct bench_device *imp, const char *source,
			uint64_t size, const char *no_cpu_sync)
{
	bool udmabuf = !strcmp(source, "udmabuf");
	struct share sh = {
		.ctx = st->ctx, .st = st, .imp = imp, .source = source,
		.importer = name_of(&device_names, imp->info.device), .size = size, .fd = -1,
		.sync_rw_only = udmabuf, .no_cpu_sync = no_cpu_sync,
	};
	char why[600];
	int ret = udmabuf ? device_udmabuf(imp, size, &sh.fd) :
		  device_heap_alloc(imp, HEAP_SYSTEM, size, &sh.fd);

	if (ret) {
		sentence_of(imp, ret, why, sizeof(why));
		/* No such node, or no memory: the kernel's answer. */
		if (ret == -ENOENT || ret == -ENODEV || ret == -ENOMEM || ret == -EACCES)
			share_skipped(&sh, "every row of", why);
		else
			share_failed(&sh, "making", why);
		return;
	}
	import_side(&sh);
	close(sh.fd);
}

static int run_dmabuf(struct run_ctx *ctx)
{
	struct kt_state st = { .ctx = ctx };
	uint64_t sizes[SUITE_MAX_SIZES];
	unsigned int ns = share_sizes(ctx, sizes), npairs;
	uint32_t pairs[2][2], kinds = kt_kinds_for(ctx, EXPORT_KINDS);
	bool edu = ctx->dev->info.flags & DMABENCH_INFO_EDU_PRESENT;
	/* The kernel's, asked once: see struct share's @no_cpu_sync. */
	const char *udmabuf_no_sync = dma_api_debug_state() != 1 ? NULL :
		"udmabuf maps its pages for its own device at the first DMA_BUF_IOCTL_SYNC "
		"and keeps that mapping, which overlaps the importer's; this kernel's "
		"DMA-API debug WARNs at such overlapping streaming mappings, so the harness "
		"does not make them";
	char why[600];

	if (!(ctx->dev->info.flags & DMABENCH_INFO_DMABUF)) {
		results_add_skip(ctx->res, TEST, "every dmabuf row (export, import, dma-buf "
				 "attach/map, DMA_BUF_IOCTL_SYNC, the round trips)", "the module "
				 "does not share buffers: GET_INFO lacks DMABENCH_INFO_DMABUF (a "
				 "module from before dma-buf sharing); rebuild and reload it with make");
		return 0;
	}
	if (edu) {
		pairs[0][0] = DMABENCH_DEV_PLATFORM, pairs[0][1] = DMABENCH_DEV_EDU;
		pairs[1][0] = DMABENCH_DEV_EDU, pairs[1][1] = DMABENCH_DEV_PLATFORM;
		npairs = 2;
	} else {
		pairs[0][0] = pairs[0][1] = ctx->dev->info.device;
		npairs = 1;
	}
	for (unsigned int p = 0; p < npairs && !st.stop; p++) {
		struct bench_device exp = { .fd = -1 }, imp = { .fd = -1 };
		int ret = open_on(&exp, pairs[p][0]);

		if (!ret)
			ret = open_on(&imp, pairs[p][1]);
		if (ret) {
			sentence_of(ret == -exp.last.err && exp.last.call ? &exp : &imp, ret, why,
				    sizeof(why));
			results_add_error(ctx->res, TEST, why);
			st.failed = -EIO;
			device_close(&imp);
			device_close(&exp);
			continue;
		}
		for (unsigned int k = 0; k < DMABENCH_KIND_COUNT; k++)
			for (unsigned int i = 0; (kinds & (1U << k)) && i < ns; i++)
				export_share(&st, &exp, &imp, k, sizes[i]);
		/* Other code's memory, imported on edu where it is there (else the one device). */
		if (imp.info.device == DMABENCH_DEV_EDU || !edu)
			for (unsigned int i = 0; i < ns && !st.stop; i++) {
				other_share(&st, &imp, "udmabuf", sizes[i], udmabuf_no_sync);
				other_share(&st, &imp, "heap", sizes[i], NULL);
			}
		device_close(&imp);
		device_close(&exp);
	}
	return kt_end(&st);
}

const struct test_def dmabuf_test = {
	.name = "dmabuf",
	.what = "dma-buf sharing with a second device: EXPORT, IMPORT's attach and map, "
		"BENCH's dma-buf attach/map on the importer, DMA_BUF_IOCTL_SYNC start/end, "
		"per exported kind, platform <-> edu; a round trip with data checked through "
		"edu (and without the syncs); udmabuf and the system heap where they exist",
	.needs_module = true, .quick = true, .run = run_dmabuf,
};
