// SPDX-License-Identifier: GPL-2.0
/*
 * dmabench: the operations BENCH times, with their untimed setup,
 * per-sample preparation and teardown.
 *
 * first() is the op (or its first half), second() the half that undoes
 * it.  Both run inside the timed window, so they do nothing else.
 */
#include <linux/dma-mapping.h>
#include <linux/mm.h>
#include <linux/scatterlist.h>
#include <linux/sizes.h>
#include <linux/slab.h>
#include <linux/string.h>
#ifdef CONFIG_X86
#include <asm/cacheflush.h>
#endif

#include "bench.h"

#define DMABENCH_KIND(k)	BIT(DMABENCH_KIND_##k)
#define DMABENCH_KINDS_ALL	GENMASK(DMABENCH_KIND_COUNT - 1, 0)
#define DMABENCH_KINDS_PAGES	(DMABENCH_KIND(STREAMING) | DMABENCH_KIND(WC) | \
				 DMABENCH_KIND(UC))
#define DMABENCH_KINDS_TTM	(DMABENCH_KIND(WC) | DMABENCH_KIND(UC))

/* What the CPU writes to make the cache hot. */
#define DMABENCH_DIRTY_BYTE	0x5a

static bool dmabench_is_page_kind(struct dmabench_run *r)
{
	return DMABENCH_KINDS_PAGES & BIT(r->b.kind);
}

/* The buffer with memory, an sg_table of @entries, not DMA-mapped. */
static int dmabench_setup_buffer(struct dmabench_run *r)
{
	if (dmabench_op_descs[r->b.op].uses_entries)
		r->buf->entries = r->b.entries ?: r->buf->npages;
	return dmabench_buffer_populate(r->buf);
}

/* As above, and DMA-mapped in the run's direction. */
static int dmabench_setup_mapped(struct dmabench_run *r)
{
	int ret;

	ret = dmabench_setup_buffer(r);
	if (ret || !dmabench_is_page_kind(r))
		return ret;
	/* dmabench_buffer_put() unmaps. */
	return dmabench_pages_map(r->buf, r->dir);
}

static int dmabench_setup_contig(struct dmabench_run *r)
{
	/* From a zone the device reaches: a narrow edu cannot map any page. */
	r->contig = dmabench_alloc_contig(r->b.node, r->buf->npages,
					  dmabench_dma_zone(r->buf->dev) ?: r->buf->zone);
	return r->contig ? 0 : -ENOMEM;
}

static void dmabench_teardown_contig(struct dmabench_run *r)
{
	dmabench_free_contig(r->contig, r->buf->npages);
	r->contig = NULL;
}

static int dmabench_setup_kcopy(struct dmabench_run *r)
{
	int ret;

	ret = dmabench_file_charge(r->buf->owner, r->b.size);
	if (ret)
		return ret;
	r->scratch = kvmalloc(r->b.size, GFP_KERNEL | __GFP_NOWARN);
	if (!r->scratch) {
		dmabench_file_uncharge(r->buf->owner, r->b.size);
		return -ENOMEM;
	}
	/* Touch it so the copy reads resident, cached memory. */
	memset(r->scratch, DMABENCH_DIRTY_BYTE, r->b.size);
	ret = dmabench_setup_buffer(r);
	if (ret) {
		kvfree(r->scratch);
		r->scratch = NULL;
		dmabench_file_uncharge(r->buf->owner, r->b.size);
	}
	return ret;
}

static void dmabench_teardown_kcopy(struct dmabench_run *r)
{
	kvfree(r->scratch);
	r->scratch = NULL;
	dmabench_file_uncharge(r->buf->owner, r->b.size);
}

/* Write-back pages only: first() and second() switch their caching. */
static int dmabench_setup_caching(struct dmabench_run *r)
{
	r->caching = DMABENCH_CACHING_WB;
	return dmabench_pages_alloc(r->buf);
}

static void dmabench_teardown_caching(struct dmabench_run *r)
{
	/* Never hand non-WB pages back; leak them if the switch fails. */
	if (dmabench_set_caching(r->buf->pages, r->buf->npages, &r->caching,
				 DMABENCH_CACHING_WB))
		memset(r->buf->pages, 0,
		       r->buf->npages * sizeof(*r->buf->pages));
	dmabench_pages_free(r->buf);
}

/* clflush_cache_range() takes an unsigned int size. */
static void dmabench_flush(void *vaddr, u64 size)
{
#ifdef CONFIG_X86
	u64 off, n;

	for (off = 0; off < size; off += n) {
		n = min_t(u64, size - off, SZ_1G);
		clflush_cache_range(vaddr + off, n);
	}
#endif
	/*
	 * Elsewhere there is no portable way to write back and evict a
	 * range from a module, so COLD degrades to HOT.
	 */
}

static void dmabench_prep_cache(struct dmabench_run *r)
{
	if (r->b.cache == DMABENCH_CACHE_ANY)
		return;
	memset(r->buf->vaddr, DMABENCH_DIRTY_BYTE, r->b.size);
	if (r->b.cache == DMABENCH_CACHE_COLD)
		dmabench_flush(r->buf->vaddr, r->b.size);
}

const struct dmabench_op_desc dmabench_op_descs[DMABENCH_OP_COUNT] = {
	[DMABENCH_OP_EMPTY] = {
		.kinds = DMABENCH_KINDS_ALL,
	},
	[DMABENCH_OP_ALLOC_FREE] = {
		.kinds = DMABENCH_KINDS_ALL,
		.two_halves = true,
	},
	[DMABENCH_OP_MAP_SINGLE] = {
		.kinds = DMABENCH_KIND(STREAMING),
		.two_halves = true,
		.uses_delay = true,
		.contig = true,
		.setup = dmabench_setup_contig,
		.teardown = dmabench_teardown_contig,
	},
	[DMABENCH_OP_MAP_PAGE] = {
		.kinds = DMABENCH_KIND(STREAMING),
		.two_halves = true,
		.uses_delay = true,
		.contig = true,
		.setup = dmabench_setup_contig,
		.teardown = dmabench_teardown_contig,
	},
	[DMABENCH_OP_MAP_SG] = {
		.kinds = DMABENCH_KINDS_PAGES,
		.two_halves = true,
		.uses_entries = true,
		.uses_delay = true,
		.setup = dmabench_setup_buffer,
	},
	[DMABENCH_OP_SYNC_FOR_CPU] = {
		.kinds = DMABENCH_KINDS_PAGES | DMABENCH_KIND(NONCOHERENT),
		.uses_cache = true,
		.setup = dmabench_setup_mapped,
		.prep = dmabench_prep_cache,
	},
	[DMABENCH_OP_SYNC_FOR_DEVICE] = {
		.kinds = DMABENCH_KINDS_PAGES | DMABENCH_KIND(NONCOHERENT),
		.uses_cache = true,
		.setup = dmabench_setup_mapped,
		.prep = dmabench_prep_cache,
	},
	[DMABENCH_OP_CACHING] = {
		.kinds = DMABENCH_KINDS_TTM,
		.two_halves = true,
		.setup = dmabench_setup_caching,
		.teardown = dmabench_teardown_caching,
	},
	[DMABENCH_OP_KREAD] = {
		.kinds = DMABENCH_KINDS_ALL,
		.setup = dmabench_setup_buffer,
	},
	[DMABENCH_OP_KWRITE] = {
		.kinds = DMABENCH_KINDS_ALL,
		.setup = dmabench_setup_buffer,
	},
	[DMABENCH_OP_KCOPY] = {
		.kinds = DMABENCH_KINDS_ALL,
		.setup = dmabench_setup_kcopy,
		.teardown = dmabench_teardown_kcopy,
	},
	[DMABENCH_OP_SG_ITER_PAGE] = {
		.kinds = DMABENCH_KINDS_PAGES,
		.uses_entries = true,
		.setup = dmabench_setup_buffer,
	},
	[DMABENCH_OP_SG_ITER_DMA] = {
		.kinds = DMABENCH_KINDS_PAGES,
		.uses_entries = true,
		.setup = dmabench_setup_mapped,
	},
};

static int dmabench_map_single(struct dmabench_run *r, bool single)
{
	struct device *dev = r->buf->dev;

	if (single)
		r->addr = dma_map_single(dev, page_address(r->contig),
					 r->b.size, r->dir);
	else
		r->addr = dma_map_page(dev, r->contig, 0, r->b.size, r->dir);
	return dma_mapping_error(dev, r->addr) ? -ENOMEM : 0;
}

static int dmabench_sync(struct dmabench_run *r, bool for_cpu)
{
	struct dmabench_buffer *buf = r->buf;

	if (!dmabench_is_page_kind(r)) {
		buf->ops->sync(buf, for_cpu ? DMABENCH_SYNC_FOR_CPU :
					      DMABENCH_SYNC_FOR_DEVICE,
			       0, buf->size);
	} else if (for_cpu) {
		dma_sync_sgtable_for_cpu(buf->dev, &buf->sgt, r->dir);
	} else {
		dma_sync_sgtable_for_device(buf->dev, &buf->sgt, r->dir);
	}
	return 0;
}

static int dmabench_kread(struct dmabench_run *r)
{
	const u64 *p = r->buf->vaddr;
	u64 i, n = r->b.size / sizeof(u64), sum = 0;

	for (i = 0; i < n; i++)
		sum += p[i];
	WRITE_ONCE(r->sink, r->sink + sum);
	return 0;
}

static int dmabench_sg_iter_page(struct dmabench_run *r)
{
	struct sg_page_iter piter;
	unsigned long sum = 0;

	for_each_sgtable_page(&r->buf->sgt, &piter, 0)
		sum += (unsigned long)sg_page_iter_page(&piter);
	WRITE_ONCE(r->sink, r->sink + sum);
	return 0;
}

static int dmabench_sg_iter_dma(struct dmabench_run *r)
{
	struct sg_dma_page_iter diter;
	u64 sum = 0;

	for_each_sgtable_dma_page(&r->buf->sgt, &diter, 0)
		sum += sg_page_iter_dma_address(&diter);
	WRITE_ONCE(r->sink, r->sink + sum);
	return 0;
}

int dmabench_op_first(struct dmabench_run *r)
{
	struct dmabench_buffer *buf = r->buf;

	switch (r->b.op) {
	case DMABENCH_OP_ALLOC_FREE:
		return buf->ops->alloc(buf);
	case DMABENCH_OP_MAP_SINGLE:
		return dmabench_map_single(r, true);
	case DMABENCH_OP_MAP_PAGE:
		return dmabench_map_single(r, false);
	case DMABENCH_OP_MAP_SG:
		return dma_map_sgtable(buf->dev, &buf->sgt, r->dir, 0);
	case DMABENCH_OP_SYNC_FOR_CPU:
		return dmabench_sync(r, true);
	case DMABENCH_OP_SYNC_FOR_DEVICE:
		return dmabench_sync(r, false);
	case DMABENCH_OP_CACHING:
		return dmabench_set_caching(buf->pages, buf->npages,
					    &r->caching,
					    dmabench_kind_caching(buf->kind));
	case DMABENCH_OP_KREAD:
		return dmabench_kread(r);
	case DMABENCH_OP_KWRITE:
		memset(buf->vaddr, DMABENCH_DIRTY_BYTE, buf->size);
		return 0;
	case DMABENCH_OP_KCOPY:
		memcpy(buf->vaddr, r->scratch, buf->size);
		return 0;
	case DMABENCH_OP_SG_ITER_PAGE:
		return dmabench_sg_iter_page(r);
	case DMABENCH_OP_SG_ITER_DMA:
		return dmabench_sg_iter_dma(r);
	default:
		return 0;
	}
}

int dmabench_op_second(struct dmabench_run *r)
{
	struct dmabench_buffer *buf = r->buf;

	switch (r->b.op) {
	case DMABENCH_OP_ALLOC_FREE:
		buf->ops->free(buf);
		return 0;
	case DMABENCH_OP_MAP_SINGLE:
		dma_unmap_single(buf->dev, r->addr, buf->size, r->dir);
		return 0;
	case DMABENCH_OP_MAP_PAGE:
		dma_unmap_page(buf->dev, r->addr, buf->size, r->dir);
		return 0;
	case DMABENCH_OP_MAP_SG:
		dma_unmap_sgtable(buf->dev, &buf->sgt, r->dir, 0);
		return 0;
	case DMABENCH_OP_CACHING:
		return dmabench_set_caching(buf->pages, buf->npages,
					    &r->caching, DMABENCH_CACHING_WB);
	default:
		return 0;
	}
}
