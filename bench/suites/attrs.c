// SPDX-License-Identifier: GPL-2.0
/*
 * The attrs test: what the DMA attributes of dmabench.h change on this
 * platform.  First a probe, not timed: a 1 MiB buffer allocated with each
 * attribute (and without), mmapped, asked BUF_INFO, freed; what the DMA
 * layer made of it (kernel mapping, physical chunks, DMA segments, the
 * pgprot of the user mapping) goes to results.json's "attr_effects", with
 * streaming, wc and uc probed alongside as the reference of what a cached,
 * a write-combined and an uncached user mapping look like here.  Then the
 * timings, through kernel.c's loop (kernel.h), every row carrying its
 * attributes: coherent alloc/free with each allocation attribute alone,
 * noncontig's with and without ALLOC_SINGLE_PAGES, coherent kernel
 * read/write plain against WRITE_COMBINE, and streaming map+unmap (single
 * and sg) with and without SKIP_CPU_SYNC, where the difference is the cache
 * maintenance or the swiotlb bounce copy.
 */
#include "suites/families.h"
#include "suites/kernel.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>

#include "core/names.h"
#include "core/progress.h"

#define MIB		(1ULL << 20)
#define PROBE_SIZE	MIB

/* The allocation attributes, each alone, after none: the alloc rows and the probe. */
static const uint32_t alloc_attrs[] = {
	0, DMABENCH_ATTR_WRITE_COMBINE, DMABENCH_ATTR_NO_KERNEL_MAPPING,
	DMABENCH_ATTR_FORCE_CONTIGUOUS, DMABENCH_ATTR_ALLOC_SINGLE_PAGES,
};
#define N_ALLOC_ATTRS	(sizeof(alloc_attrs) / sizeof(alloc_attrs[0]))

/* ---- the probe: what the DMA layer did --------------------------------- */

/* The sentence for the call that just failed, into @buf. */
static const char *why_failed(struct run_ctx *ctx, int err, char *buf, size_t len)
{
	const struct call_error *last = &ctx->dev->last;

	if (last->call != CALL_NONE && last->err == -err)
		device_error_sentence(ctx->dev, buf, len);
	else
		snprintf(buf, len, "%s", strerror(-err));
	return buf;
}

/* A probe's failure that means the module and dmabench disagree: also a run error. */
static void disagree(struct run_ctx *ctx, struct kt_state *st, const char *what,
		     const char *sentence)
{
	char msg[768];

	snprintf(msg, sizeof(msg), "probe of %s: %s", what, sentence);
	results_add_error(ctx->res, "attrs", msg);
	progress_say("attrs failed: %s", msg);
	st->failed = -EIO;
}

/*
 * The user mapping: EINVAL for a NO_KERNEL_MAPPING buffer is the ABI's
 * refusal (its pages may be unzeroed); a mapping of one is the module's bug.
 */
static void *probe_mmap(struct run_ctx *ctx, struct kt_state *st, const struct dmabench_alloc *a,
			struct attr_effect *e, const char *what, char *why, size_t len)
{
	bool nkm = a->flags & DMABENCH_ATTR_NO_KERNEL_MAPPING;
	void *p = device_mmap(ctx->dev, a, PROT_READ | PROT_WRITE);

	if (p) {
		e->mmap = AE_MMAP_MAPPED;
		if (nkm)
			disagree(ctx, st, what, "the module mmapped a NO_KERNEL_MAPPING buffer, "
				 "whose pages user space must never see (dmabench.h: -EINVAL)");
		return p;
	}
	if (nkm && ctx->dev->last.err == EINVAL) {
		e->mmap = AE_MMAP_REFUSED;
		return NULL;
	}
	e->mmap = AE_MMAP_FAILED;
	e->error = why_failed(ctx, -ctx->dev->last.err, why, len);
	if (ctx->dev->last.err != ENOMEM)
		disagree(ctx, st, what, e->error);
	return NULL;
}

/* BUF_INFO's answer into @e; a kind or attributes other than asked for is the module's bug. */
static int probe_info(struct run_ctx *ctx, struct kt_state *st, uint32_t handle,
		      struct attr_effect *e, uint32_t kind, const char *what,
		      char *why, size_t len)
{
	struct dmabench_buf_info bi;
	int ret = device_buf_info(ctx->dev, handle, &bi);

	if (ret) {
		e->error = why_failed(ctx, ret, why, len);
		return ret;
	}
	e->probed = true;
	e->kmap = (int)bi.kmap;
	e->phys_chunks = bi.phys_chunks;
	e->dma_segments = bi.dma_segments;
	e->user_prot = (int)bi.user_prot;
	if (bi.kind != kind || (bi.attrs & DMABENCH_ATTRS_ALLOC) != e->attrs) {
		snprintf(why, len, "BUF_INFO says kind %u with attributes 0x%x; the ALLOC asked "
			 "for kind %u with 0x%x", bi.kind, bi.attrs, kind, e->attrs);
		disagree(ctx, st, what, why);
	}
	return 0;
}

/*
 * ALLOC @kind with @attrs, mmap it (@map: also DMA-map it, so that its DMA
 * segments are counted), BUF_INFO, undo it all: one "attr_effects" entry.
 * Out of memory is the platform's answer (the entry says it); any other
 * failure means the module and dmabench disagree, a run error as well.
 */
static void probe(struct kt_state *st, unsigned int kind, uint32_t attrs, bool reference,
		  bool map)
{
	struct run_ctx *ctx = st->ctx;
	struct dmabench_alloc a = {
		.kind = kind, .size = PROBE_SIZE, .node = ctx->opts->node, .flags = attrs,
		.dir = kind == DMABENCH_KIND_NONCONTIG ? DMABENCH_DIR_BIDI : 0,
	};
	struct attr_effect e = {
		.kind = name_of(&kind_names, kind), .attrs = attrs, .size = PROBE_SIZE,
		.reference = reference, .kmap = -1, .user_prot = -1,
	};
	char what[160], names[128], why[512], why_info[512];
	bool mapped = false;
	void *p = NULL;
	int ret;

	if (st->stop || measure_interrupted) {
		st->stop = true;
		return;
	}
	snprintf(what, sizeof(what), "%s %s%s", e.kind, attrs ? "+" : "without attributes",
		 attrs_join(&attr_names, attrs, "+", names, sizeof(names)));
	ret = device_alloc(ctx->dev, &a);
	if (!ret && map) {
		struct dmabench_map m = { .handle = a.handle, .dir = DMABENCH_DIR_BIDI };

		ret = device_map(ctx->dev, &m);
		mapped = ret == 0;
	}
	if (ret) {
		e.error = why_failed(ctx, ret, why, sizeof(why));
		if (ret != -ENOMEM)
			disagree(ctx, st, what, e.error);
	} else {
		p = probe_mmap(ctx, st, &a, &e, what, why, sizeof(why));
		if (probe_info(ctx, st, a.handle, &e, kind, what, why_info, sizeof(why_info)))
			disagree(ctx, st, what, e.error);
	}
	if (p)
		device_munmap(p, a.size);
	if (mapped)
		device_unmap(ctx->dev, a.handle);
	if (a.handle)
		device_free(ctx->dev, a.handle);
	results_add_attr_effect(ctx->res, &e);
}

static void run_probe(struct kt_state *st)
{
	static const unsigned int refs[] = {
		DMABENCH_KIND_STREAMING, DMABENCH_KIND_WC, DMABENCH_KIND_UC,
	};
	struct run_ctx *ctx = st->ctx;
	uint32_t kinds = kt_kinds_for(ctx, ~0U);

	if (PROBE_SIZE > ctx->dev->info.byte_cap) {
		results_add_skip(ctx->res, "attrs", "the probe of what each attribute does",
				 "a 1 MiB buffer is more than the module's byte cap (max_bytes)");
		return;
	}
	for (size_t i = 0; (kinds & KIND_BIT(COHERENT)) && i < N_ALLOC_ATTRS; i++)
		probe(st, DMABENCH_KIND_COHERENT, alloc_attrs[i], false, false);
	if (kinds & KIND_BIT(NONCONTIG)) {
		probe(st, DMABENCH_KIND_NONCONTIG, 0, false, false);
		probe(st, DMABENCH_KIND_NONCONTIG, DMABENCH_ATTR_ALLOC_SINGLE_PAGES, false, false);
	}
	for (size_t i = 0; i < sizeof(refs) / sizeof(refs[0]); i++)
		if (kinds & (1U << refs[i]))
			probe(st, refs[i], 0, true, true);
}

/* ---- the timings ---------------------------------------------------------- */

/* Alloc sizes: the suite's (quick: 64 KiB and 1 MiB, which the lab allocates fast). */
static unsigned int alloc_sizes(const struct run_ctx *ctx, uint64_t *out)
{
	uint64_t all[SUITE_MAX_SIZES];
	unsigned int n = suite_sizes(ctx->opts, all, SUITE_MAX_SIZES), k = 0;

	for (unsigned int i = 0; i < n; i++)
		if (ctx->opts->suite != SUITE_QUICK || ctx->opts->sizes_given ||
		    (all[i] >= 64 * 1024 && all[i] <= MIB))
			out[k++] = all[i];
	return k;
}

static void alloc_rows(struct kt_state *st, unsigned int kind, uint32_t attrs,
		       const uint64_t *sizes, unsigned int ns)
{
	for (unsigned int i = 0; i < ns; i++) {
		struct kreq q = {
			.test = "attrs", .op = DMABENCH_OP_ALLOC_FREE, .kind = kind,
			.size = sizes[i], .charge = sizes[i], .flags = attrs,
			.first = "alloc", .second = "free",
			/* dma_alloc_noncontiguous takes a direction */
			.dir = DMABENCH_DIR_BIDI, .has_dir = kind == DMABENCH_KIND_NONCONTIG,
		};

		kt_do(st, &q);
	}
}

/* Coherent kernel read and write of 1 MiB, plain and WRITE_COMBINE: the kernel's view of WC. */
static void access_rows(struct kt_state *st)
{
	static const struct { unsigned int op; const char *name; } ops[] = {
		{ DMABENCH_OP_KREAD, "kread" }, { DMABENCH_OP_KWRITE, "kwrite" },
	};
	const struct run_opts *o = st->ctx->opts;

	if (MIB < o->size_min || MIB > o->size_max)
		return;
	for (size_t i = 0; i < sizeof(ops) / sizeof(ops[0]); i++)
		for (unsigned int wc = 0; wc < 2; wc++) {
			struct kreq q = {
				.test = "attrs", .op = ops[i].op, .kind = DMABENCH_KIND_COHERENT,
				.size = MIB, .charge = MIB, .first = ops[i].name,
				.dir = DMABENCH_DIR_BIDI, .bandwidth = true,
				.flags = wc ? DMABENCH_ATTR_WRITE_COMBINE : 0,
			};

			kt_do(st, &q);
		}
}

/*
 * Streaming map+unmap, single and sg (the fewest entries the platform
 * allows), to the device and both ways, with and without SKIP_CPU_SYNC.
 */
static void map_rows(struct kt_state *st)
{
	static const uint64_t sizes[] = { 4096, 64 * 1024, MIB };
	static const unsigned int dirs[] = { DMABENCH_DIR_TO_DEVICE, DMABENCH_DIR_BIDI };
	static const struct { unsigned int op; const char *map, *unmap; } ops[] = {
		{ DMABENCH_OP_MAP_SINGLE, "map_single", "unmap_single" },
		{ DMABENCH_OP_MAP_SG, "map_sg", "unmap_sg" },
	};
	const struct run_opts *o = st->ctx->opts;
	uint64_t seg = kt_max_segment(&st->ctx->dev->info);

	for (size_t k = 0; k < sizeof(ops) / sizeof(ops[0]); k++)
		for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++)
			for (size_t d = 0; d < sizeof(dirs) / sizeof(dirs[0]); d++)
				for (unsigned int skip = 0; skip < 2; skip++) {
					bool sg = ops[k].op == DMABENCH_OP_MAP_SG;
					struct kreq q = {
						.test = "attrs", .op = ops[k].op,
						.kind = DMABENCH_KIND_STREAMING, .size = sizes[i],
						.charge = sizes[i], .dir = dirs[d], .has_dir = true,
						.first = ops[k].map, .second = ops[k].unmap,
						.contig = !sg,
						.entries = sg ? (sizes[i] > seg ?
							   (unsigned int)(sizes[i] / seg) : 1) : 0,
						.flags = skip ? DMABENCH_ATTR_SKIP_CPU_SYNC : 0,
					};

					if (sizes[i] >= o->size_min && sizes[i] <= o->size_max &&
					    (o->dirs & (1U << dirs[d])))
						kt_do(st, &q);
				}
}

static int run_attrs(struct run_ctx *ctx)
{
	struct kt_state st = { .ctx = ctx };
	uint64_t sizes[SUITE_MAX_SIZES];
	unsigned int ns = alloc_sizes(ctx, sizes);
	uint32_t kinds = kt_kinds_for(ctx, ~0U);

	if (!(ctx->dev->info.flags & DMABENCH_INFO_ATTRS)) {
		results_add_skip(ctx->res, "attrs", "every attrs row (the probe, alloc, kernel "
				 "access and maps with DMA attributes)", "the module does not know "
				 "DMA attributes: GET_INFO lacks DMABENCH_INFO_ATTRS (a module from "
				 "before them); rebuild and reload it with make");
		return 0;
	}
	run_probe(&st);
	for (size_t a = 0; (kinds & KIND_BIT(COHERENT)) && a < N_ALLOC_ATTRS; a++)
		alloc_rows(&st, DMABENCH_KIND_COHERENT, alloc_attrs[a], sizes, ns);
	for (unsigned int a = 0; (kinds & KIND_BIT(NONCONTIG)) && a < 2; a++)
		alloc_rows(&st, DMABENCH_KIND_NONCONTIG, a ? DMABENCH_ATTR_ALLOC_SINGLE_PAGES : 0,
			   sizes, ns);
	if (kinds & KIND_BIT(COHERENT))
		access_rows(&st);
	if (kinds & KIND_BIT(STREAMING))
		map_rows(&st);
	return kt_end(&st);
}

const struct test_def attrs_test = {
	.name = "attrs",
	.what = "DMA attributes: what each does to a 1 MiB buffer (kernel mapping, physical "
		"chunks, DMA segments, user pgprot; not timed), coherent alloc/free with "
		"WRITE_COMBINE, NO_KERNEL_MAPPING, FORCE_CONTIGUOUS, ALLOC_SINGLE_PAGES (noncontig "
		"too), kernel read/write plain vs WRITE_COMBINE, streaming map+unmap with and "
		"without SKIP_CPU_SYNC",
	.needs_module = true, .quick = true, .run = run_attrs,
};
