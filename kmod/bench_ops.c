// SPDX-License-Identifier: GPL-2.0
/*
 * dmabench: the operations BENCH times, with their untimed setup,
 * per-sample preparation and teardown.
 *
 * first() is the op (or its first half), second() the half that undoes
 * it.  Both run inside the timed window, so they do nothing else.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/dma-buf.h>
#include <linux/dma-mapping.h>
#include <linux/err.h>
#include <linux/gfp.h>
#include <linux/mm.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/scatterlist.h>
#include <linux/sizes.h>
#include <linux/slab.h>
#include <linux/string.h>
#ifdef CONFIG_X86
#include <asm/cacheflush.h>
#endif

#include "bench.h"
#include "compat.h"

#define DMABENCH_KIND(k)	BIT(DMABENCH_KIND_##k)
/* Kinds BENCH allocates itself: all but user memory. */
#define DMABENCH_KINDS_ALL	(GENMASK(DMABENCH_KIND_COUNT - 1, 0) & \
				 ~DMABENCH_KIND(USERPTR) & ~DMABENCH_KIND(IMPORT))
#define DMABENCH_KINDS_PAGES	(DMABENCH_KIND(STREAMING) | DMABENCH_KIND(WC) | \
				 DMABENCH_KIND(UC))
#define DMABENCH_KINDS_TTM	(DMABENCH_KIND(WC) | DMABENCH_KIND(UC))
/* Kinds whose memory is handed over with syncs (coherent's never is). */
#define DMABENCH_KINDS_SYNCED	(DMABENCH_KINDS_PAGES | DMABENCH_KIND(NONCOHERENT) | \
				 DMABENCH_KIND(NONCONTIG))

/* The allocation attributes kernel access takes: it needs the mapping. */
#define DMABENCH_ATTRS_KACCESS	(DMABENCH_ATTRS_ALLOC & ~DMABENCH_ATTR_NO_KERNEL_MAPPING)

/* What the CPU writes to make the cache hot. */
#define DMABENCH_DIRTY_BYTE	0x5a
/* Untimed preparation yields this often (bytes). */
#define DMABENCH_PREP_CHUNK	SZ_2M

static void dmabench_dirty_range(void *vaddr, u64 size);

static bool dmabench_is_page_kind(struct dmabench_run *r)
{
	return DMABENCH_KINDS_PAGES & BIT(r->b.kind);
}

/*
 * USERPTR: the page array of the caller's memory at @uaddr, pinned as the
 * USERPTR ioctl pins it (FOLL_WRITE unless TO_DEVICE).  buffer_put()
 * frees what is left (table, pins, array) whatever the op did.
 */
static int dmabench_setup_user(struct dmabench_run *r)
{
	struct dmabench_buffer *buf = r->buf;

	buf->uaddr = r->b.uaddr;
	buf->pin_write = r->dir != DMA_TO_DEVICE;
	return dmabench_buffer_populate(buf);
}

static int dmabench_setup_user_pinned(struct dmabench_run *r)
{
	int ret;

	ret = dmabench_setup_user(r);
	if (!ret)
		ret = dmabench_userptr_pin(r->buf, true);
	return ret;
}

/* MAP_SG of user memory: pinned, its table built, reachable by the device. */
static int dmabench_setup_user_table(struct dmabench_run *r)
{
	int ret;

	ret = dmabench_setup_user_pinned(r);
	if (!ret)
		ret = dmabench_userptr_table(r->buf);
	if (!ret)
		ret = dmabench_userptr_reachable(r->buf);
	/*
	 * Every sample maps in the run's direction: claimed once for the run
	 * (-EBUSY when another userptr mapping holds a page), given back by
	 * buffer_put() after the last sample's unmap.
	 */
	if (!ret)
		ret = dmabench_userptr_claim(r->buf, r->dir,
					     r->b.flags & DMABENCH_ATTRS_MAP);
	return ret;
}

/* The buffer with memory, an sg_table of @entries, not DMA-mapped. */
static int dmabench_setup_buffer(struct dmabench_run *r)
{
	if (r->b.kind == DMABENCH_KIND_USERPTR)
		return dmabench_setup_user_table(r);
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
	return dmabench_pages_map(r->buf, r->dir, 0);
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

/*
 * KREAD, KWRITE: through the kernel mapping, which a NO_KERNEL_MAPPING
 * buffer does not have (the check refuses it; this keeps it so).
 */
static int dmabench_setup_kaccess(struct dmabench_run *r)
{
	if (!dmabench_buffer_has_kmap(r->buf))
		return -EINVAL;
	return dmabench_setup_buffer(r);
}

static int dmabench_setup_kcopy(struct dmabench_run *r)
{
	int ret;

	if (!dmabench_buffer_has_kmap(r->buf))
		return -EINVAL;
	ret = dmabench_file_charge(r->buf->owner, r->b.size);
	if (ret)
		return ret;
	r->scratch = kvmalloc(r->b.size, DMABENCH_GFP_NOOOM);
	if (!r->scratch) {
		dmabench_file_uncharge(r->buf->owner, r->b.size);
		return -ENOMEM;
	}
	/* Touch it so the copy reads resident, cached memory. */
	dmabench_dirty_range(r->scratch, r->b.size);
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

/*
 * CACHING_RANGE: one physically contiguous run of @size (a power-of-two
 * page count up to the allocator's largest order: bench.c checked), WB,
 * not split (freed as the one allocation it is) and never mapped to user
 * space, so not zeroed.  High orders are asked for the way TTM asks:
 * without retrying, without a warning, and so without the OOM killer.
 * Charged to the file as the run's buffer (@size).
 */
#define DMABENCH_GFP_RANGE	(GFP_KERNEL | __GFP_NORETRY | __GFP_NOWARN | \
				 __GFP_NOMEMALLOC)

static int dmabench_setup_caching_range(struct dmabench_run *r)
{
	r->caching = DMABENCH_CACHING_WB;
	r->contig = alloc_pages_node(r->buf->node, DMABENCH_GFP_RANGE | r->buf->zone,
				     get_order(r->b.size));
	return r->contig ? 0 : -ENOMEM;
}

/*
 * Never hand non-WB pages back; leak them if the switch fails.  Whatever
 * r->caching says: a set_memory_*() that failed half way may have changed
 * part of the run's attributes, so set_memory_wb() always covers all of
 * it (on WB pages it changes nothing, and their memtype is WB already).
 */
static void dmabench_teardown_caching_range(struct dmabench_run *r)
{
	u32 caching = r->caching == DMABENCH_CACHING_WB ?
		      dmabench_kind_caching(r->buf->kind) : r->caching;

	if (dmabench_set_caching_range(page_address(r->contig), r->buf->npages,
				       &caching, DMABENCH_CACHING_WB))
		pr_err("caching range: cannot switch %lu contiguous pages back to write-back; leaking them\n",
		       r->buf->npages);
	else
		__free_pages(r->contig, get_order(r->b.size));
	r->contig = NULL;
}

/*
 * Whether the module can write a range back and evict it from the CPU
 * caches.  x86 has clflush_cache_range(); arm64 has no exported way for a
 * module (dcache_clean_inval_poc() is not exported), so COLD is refused
 * there rather than silently run hot.
 */
bool dmabench_cache_flush_available(void)
{
	return IS_ENABLED(CONFIG_X86);
}

/*
 * The CPU writes [vaddr, vaddr + size), yielding between chunks.  Not
 * inlined, here and below, so that the lab tests can count the calls
 * (ftrace) and see that each timed map finds the buffer dirty.
 */
static noinline void dmabench_dirty_range(void *vaddr, u64 size)
{
	u64 off, n;

	for (off = 0; off < size && !fatal_signal_pending(current); off += n) {
		n = min_t(u64, size - off, DMABENCH_PREP_CHUNK);
		memset(vaddr + off, DMABENCH_DIRTY_BYTE, n);
		cond_resched();
	}
}

/* Write back and evict; only called where the flush is available. */
static void dmabench_flush(void *vaddr, u64 size)
{
#ifdef CONFIG_X86
	u64 off, n;

	for (off = 0; off < size; off += n) {
		n = min_t(u64, size - off, DMABENCH_PREP_CHUNK);
		clflush_cache_range(vaddr + off, n);
		cond_resched();
	}
#endif
}

static void dmabench_prep_cache(struct dmabench_run *r)
{
	if (r->b.cache == DMABENCH_CACHE_ANY)
		return;
	dmabench_dirty_range(r->buf->vaddr, r->b.size);
	if (r->b.cache == DMABENCH_CACHE_COLD)
		dmabench_flush(r->buf->vaddr, r->b.size);
}

/*
 * As map_benchmark: the CPU writes the buffer before the map, unless the
 * device is only to write it, so a non-coherent device pays for cleaning
 * the caches.  Through the cacheable linear map: the kernel mapping of wc
 * and uc buffers bypasses the caches, and on x86 their linear map does
 * too (set_pages_array_*), where there is nothing to dirty.
 */
static noinline void dmabench_dirty_pages(struct dmabench_buffer *buf)
{
	unsigned long i;

	for (i = 0; i < buf->npages && !fatal_signal_pending(current); i++) {
		memset(page_address(buf->pages[i]), DMABENCH_DIRTY_BYTE,
		       PAGE_SIZE);
		if (!((i + 1) % (DMABENCH_PREP_CHUNK >> PAGE_SHIFT)))
			cond_resched();
	}
}

static void dmabench_prep_map(struct dmabench_run *r)
{
	struct dmabench_buffer *buf = r->buf;

	if (r->dir == DMA_FROM_DEVICE)
		return;
	/* Never a write into user pages pinned read-only (maybe shared). */
	if (buf->kind == DMABENCH_KIND_USERPTR && !buf->pin_write)
		return;
	if (r->contig)
		dmabench_dirty_range(page_address(r->contig), r->b.size);
	else if (buf->caching == DMABENCH_CACHING_WB ||
		 !dmabench_has_set_pages_array())
		dmabench_dirty_pages(buf);
}

/*
 * ALLOC_FREE of the page kinds times what a driver's allocation costs:
 * the pages and, for wc/uc, their caching switch.  The page array is
 * allocated here, untimed; no sg table and no kernel mapping are made.
 */
static int dmabench_setup_alloc_pages(struct dmabench_run *r)
{
	struct dmabench_buffer *buf = r->buf;

	if (!dmabench_is_page_kind(r))
		return 0;
	/* As ttm.c (TTM's use_dma32) for a device that addresses 32 bits. */
	if (buf->kind != DMABENCH_KIND_STREAMING &&
	    dma_get_mask(buf->dev) <= DMA_BIT_MASK(32))
		buf->zone = GFP_DMA32;
	buf->pages = kvcalloc(buf->npages, sizeof(*buf->pages),
			      DMABENCH_GFP_NOOOM);
	return buf->pages ? 0 : -ENOMEM;
}

static void dmabench_teardown_alloc_pages(struct dmabench_run *r)
{
	kvfree(r->buf->pages);
	r->buf->pages = NULL;
}

/* Timed: no yielding, no other allocation. */
static void dmabench_free_page_array(struct dmabench_buffer *buf)
{
	unsigned long i;

	for (i = 0; i < buf->npages; i++) {
		if (buf->pages[i])
			__free_page(buf->pages[i]);
		buf->pages[i] = NULL;
	}
}

static int dmabench_alloc_page_array(struct dmabench_run *r)
{
	struct dmabench_buffer *buf = r->buf;
	unsigned long i;
	int ret;

	for (i = 0; i < buf->npages; i++) {
		buf->pages[i] = alloc_pages_node(buf->node,
						 DMABENCH_GFP_PAGES | buf->zone, 0);
		if (!buf->pages[i]) {
			dmabench_free_page_array(buf);
			return -ENOMEM;
		}
	}
	r->caching = DMABENCH_CACHING_WB;
	ret = dmabench_set_caching(buf->pages, buf->npages, &r->caching,
				   dmabench_kind_caching(buf->kind));
	if (ret && !dmabench_set_caching(buf->pages, buf->npages, &r->caching,
					 DMABENCH_CACHING_WB))
		dmabench_free_page_array(buf);
	return ret;
}

/* Pages that cannot be switched back to WB are leaked, never reused. */
static int dmabench_free_page_array_wb(struct dmabench_run *r)
{
	struct dmabench_buffer *buf = r->buf;
	int ret;

	ret = dmabench_set_caching(buf->pages, buf->npages, &r->caching,
				   DMABENCH_CACHING_WB);
	if (ret)
		memset(buf->pages, 0, buf->npages * sizeof(*buf->pages));
	dmabench_free_page_array(buf);
	return ret;
}

/*
 * DMABUF_*: the dma-buf @dmabuf_fd (-EBADF when no fd is open there,
 * -EINVAL when it is no dma-buf), whose reference the teardown drops.
 */
static int dmabench_setup_dmabuf(struct dmabench_run *r)
{
	r->dmabuf = dma_buf_get(r->b.dmabuf_fd);
	if (IS_ERR(r->dmabuf)) {
		int ret = PTR_ERR(r->dmabuf);

		r->dmabuf = NULL;
		return ret;
	}
	return 0;
}

/* Whatever a stopped run left: the mapping, the attachment, the dma-buf. */
static void dmabench_teardown_dmabuf(struct dmabench_run *r)
{
	if (r->dmabuf_sgt)
		dmabench_dma_buf_unmap(r->attach, r->dmabuf_sgt, r->dir);
	r->dmabuf_sgt = NULL;
	if (r->attach)
		dma_buf_detach(r->dmabuf, r->attach);
	r->attach = NULL;
	dma_buf_put(r->dmabuf);
	r->dmabuf = NULL;
}

static int dmabench_dmabuf_attach_op(struct dmabench_run *r)
{
	struct dma_buf_attachment *attach;

	attach = dma_buf_attach(r->dmabuf, r->dev);
	if (IS_ERR(attach))
		return PTR_ERR(attach);
	r->attach = attach;
	return 0;
}

static void dmabench_dmabuf_detach_op(struct dmabench_run *r)
{
	dma_buf_detach(r->dmabuf, r->attach);
	r->attach = NULL;
}

/* DMABUF_MAP: one attachment, made untimed, for every map of the run. */
static int dmabench_setup_dmabuf_attached(struct dmabench_run *r)
{
	int ret;

	ret = dmabench_setup_dmabuf(r);
	if (ret)
		return ret;
	ret = dmabench_dmabuf_attach_op(r);
	if (ret)
		dmabench_teardown_dmabuf(r);
	return ret;
}

static int dmabench_dmabuf_map_op(struct dmabench_run *r)
{
	struct sg_table *sgt;

	sgt = dmabench_dma_buf_map(r->attach, r->dir);
	if (IS_ERR(sgt))
		return PTR_ERR(sgt);
	r->dmabuf_sgt = sgt;
	return 0;
}

static void dmabench_dmabuf_unmap_op(struct dmabench_run *r)
{
	dmabench_dma_buf_unmap(r->attach, r->dmabuf_sgt, r->dir);
	r->dmabuf_sgt = NULL;
}

const struct dmabench_op_desc dmabench_op_descs[DMABENCH_OP_COUNT] = {
	[DMABENCH_OP_EMPTY] = {
		.kinds = DMABENCH_KINDS_ALL,
	},
	[DMABENCH_OP_ALLOC_FREE] = {
		.kinds = DMABENCH_KINDS_ALL,
		.attrs = DMABENCH_ATTRS_ALLOC,
		.two_halves = true,
		.setup = dmabench_setup_alloc_pages,
		.teardown = dmabench_teardown_alloc_pages,
	},
	[DMABENCH_OP_MAP_SINGLE] = {
		.kinds = DMABENCH_KIND(STREAMING),
		.attrs = DMABENCH_ATTRS_MAP,
		.two_halves = true,
		.uses_delay = true,
		.contig = true,
		.setup = dmabench_setup_contig,
		.teardown = dmabench_teardown_contig,
		.prep = dmabench_prep_map,
	},
	[DMABENCH_OP_MAP_PAGE] = {
		.kinds = DMABENCH_KIND(STREAMING),
		.attrs = DMABENCH_ATTRS_MAP,
		.two_halves = true,
		.uses_delay = true,
		.contig = true,
		.setup = dmabench_setup_contig,
		.teardown = dmabench_teardown_contig,
		.prep = dmabench_prep_map,
	},
	[DMABENCH_OP_MAP_SG] = {
		.kinds = DMABENCH_KINDS_PAGES | DMABENCH_KIND(USERPTR),
		.attrs = DMABENCH_ATTRS_MAP,
		.two_halves = true,
		.uses_entries = true,
		.uses_delay = true,
		.setup = dmabench_setup_buffer,
		.prep = dmabench_prep_map,
	},
	[DMABENCH_OP_SYNC_FOR_CPU] = {
		.kinds = DMABENCH_KINDS_SYNCED,
		.uses_cache = true,
		.setup = dmabench_setup_mapped,
		.prep = dmabench_prep_cache,
	},
	[DMABENCH_OP_SYNC_FOR_DEVICE] = {
		.kinds = DMABENCH_KINDS_SYNCED,
		.uses_cache = true,
		.setup = dmabench_setup_mapped,
		.prep = dmabench_prep_cache,
	},
	[DMABENCH_OP_CACHING] = {
		.kinds = DMABENCH_KINDS_TTM,
		.two_halves = true,
		.switches_caching = true,
		.setup = dmabench_setup_caching,
		.teardown = dmabench_teardown_caching,
	},
	[DMABENCH_OP_KREAD] = {
		.kinds = DMABENCH_KINDS_ALL,
		.attrs = DMABENCH_ATTRS_KACCESS,
		.setup = dmabench_setup_kaccess,
	},
	[DMABENCH_OP_KWRITE] = {
		.kinds = DMABENCH_KINDS_ALL,
		.attrs = DMABENCH_ATTRS_KACCESS,
		.setup = dmabench_setup_kaccess,
	},
	[DMABENCH_OP_KCOPY] = {
		.kinds = DMABENCH_KINDS_ALL,
		.attrs = DMABENCH_ATTRS_KACCESS,
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
	[DMABENCH_OP_PIN] = {
		.kinds = DMABENCH_KIND(USERPTR),
		.two_halves = true,
		.setup = dmabench_setup_user,
	},
	[DMABENCH_OP_PIN_SGT] = {
		.kinds = DMABENCH_KIND(USERPTR),
		.two_halves = true,
		.setup = dmabench_setup_user_pinned,
	},
	[DMABENCH_OP_POOL_FRESH] = {
		.kinds = DMABENCH_KINDS_TTM,
		.two_halves = true,
		.switches_caching = true,
		.setup = dmabench_pool_setup_fresh,
		.teardown = dmabench_pool_teardown_fresh,
		.prep = dmabench_pool_report,
	},
	[DMABENCH_OP_POOL_HIT] = {
		.kinds = DMABENCH_KINDS_TTM,
		.two_halves = true,
		.switches_caching = true,
		.setup = dmabench_pool_setup_hit,
		.teardown = dmabench_pool_teardown_hit,
		.prep = dmabench_pool_report,
	},
	[DMABENCH_OP_CACHING_RANGE] = {
		.kinds = DMABENCH_KINDS_TTM,
		.two_halves = true,
		.contig = true,
		.one_order = true,
		.switches_caching = true,
		.setup = dmabench_setup_caching_range,
		.teardown = dmabench_teardown_caching_range,
	},
	[DMABENCH_OP_DMABUF_ATTACH] = {
		.kinds = DMABENCH_KIND(IMPORT),
		.two_halves = true,
		.dmabuf = true,
		.setup = dmabench_setup_dmabuf,
		.teardown = dmabench_teardown_dmabuf,
	},
	[DMABENCH_OP_DMABUF_MAP] = {
		.kinds = DMABENCH_KIND(IMPORT),
		.two_halves = true,
		.dmabuf = true,
		.setup = dmabench_setup_dmabuf_attached,
		.teardown = dmabench_teardown_dmabuf,
	},
};

/*
 * Pages [@i, @i + @k) of the run to @to: CACHING's page array with
 * set_pages_array_*(), CACHING_RANGE's contiguous run with set_memory_*()
 * on their linear addresses.  A branch, not a pointer: a direct call.
 */
static int dmabench_switch_part(struct dmabench_run *r, unsigned long i,
				unsigned long k, u32 *caching, u32 to)
{
	if (r->b.op == DMABENCH_OP_CACHING_RANGE)
		return dmabench_set_caching_range(page_address(r->contig) +
						  (i << PAGE_SHIFT), k, caching, to);
	return dmabench_set_caching(r->buf->pages + i, k, caching, to);
}

/*
 * CACHING and CACHING_RANGE, timed: all pages to @to in calls of @entries
 * pages each (0: one call), as a driver without TTM's one call per
 * allocation would make them.  Between calls a dying caller stops it (a
 * load).  A run that stops half way leaves some pages switched:
 * r->caching is then the non-WB side, so that the teardown's one call
 * takes every page back to WB, whichever it is now.
 */
static int dmabench_caching_batched(struct dmabench_run *r, u32 to)
{
	unsigned long n = r->buf->npages, step = r->b.entries ?: n, i, k;
	u32 from = r->caching, c;
	int ret = 0;

	if (step >= n)
		return dmabench_switch_part(r, 0, n, &r->caching, to);
	for (i = 0; i < n && !ret; i += k) {
		k = min(step, n - i);
		c = from;
		ret = dmabench_switch_part(r, i, k, &c, to);
		if (!ret && i + k < n && fatal_signal_pending(current))
			ret = -EINTR;
	}
	r->caching = ret && to == DMABENCH_CACHING_WB ? from : to;
	return ret;
}

static int dmabench_map_single(struct dmabench_run *r, bool single)
{
	struct device *dev = r->buf->dev;

	if (single)
		r->addr = dma_map_single_attrs(dev, page_address(r->contig),
					       r->b.size, r->dir, r->map_attrs);
	else
		r->addr = dma_map_page_attrs(dev, r->contig, 0, r->b.size,
					     r->dir, r->map_attrs);
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

/*
 * Writes through a write-combining mapping sit in the CPU's WC buffers
 * until drained: a write op ends when they have left the CPU, so the
 * clock does not stop before the writes are done.
 */
static inline void dmabench_drain_writes(void)
{
	/* Orders (and so drains) every store above before what follows. */
	wmb();
}

/*
 * Between two chunks of one CPU access op: a 1 GiB read through an
 * uncached mapping takes seconds even on hardware, so such an op yields
 * and stops for a dying caller every DMABENCH_PREP_CHUNK bytes.  An op of
 * one chunk or less never gets here; a yield that does not reschedule
 * costs nanoseconds against milliseconds of copying.
 */
static int dmabench_op_pause(void)
{
	if (fatal_signal_pending(current))
		return -EINTR;
	cond_resched();
	return 0;
}

static u64 dmabench_read_words(const u64 *p, u64 n)
{
	u64 i, sum = 0;

	for (i = 0; i < n; i++)
		sum += p[i];
	return sum;
}

enum dmabench_access { DMABENCH_READ, DMABENCH_WRITE, DMABENCH_COPY };

static int dmabench_kaccess(struct dmabench_run *r, enum dmabench_access how)
{
	void *vaddr = r->buf->vaddr;
	u64 off, n, size = r->b.size, sum = 0;
	int ret = 0;

	for (off = 0; off < size && !ret; off += n) {
		n = min_t(u64, size - off, DMABENCH_PREP_CHUNK);
		if (how == DMABENCH_READ)
			sum += dmabench_read_words(vaddr + off, n / sizeof(u64));
		else if (how == DMABENCH_WRITE)
			memset(vaddr + off, DMABENCH_DIRTY_BYTE, n);
		else
			memcpy(vaddr + off, r->scratch + off, n);
		if (off + n < size)
			ret = dmabench_op_pause();
	}
	if (how == DMABENCH_READ)
		WRITE_ONCE(r->sink, r->sink + sum);
	else
		dmabench_drain_writes();
	return ret;
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
		if (buf->pages)
			return dmabench_alloc_page_array(r);
		/* The allocation without its kernel mapping, as the others. */
		if (buf->kind == DMABENCH_KIND_NONCONTIG)
			return dmabench_noncontig_table_alloc(buf);
		return buf->ops->alloc(buf);
	case DMABENCH_OP_MAP_SINGLE:
		return dmabench_map_single(r, true);
	case DMABENCH_OP_MAP_PAGE:
		return dmabench_map_single(r, false);
	case DMABENCH_OP_MAP_SG:
		return dma_map_sgtable(buf->dev, &buf->sgt, r->dir, r->map_attrs);
	case DMABENCH_OP_SYNC_FOR_CPU:
		return dmabench_sync(r, true);
	case DMABENCH_OP_SYNC_FOR_DEVICE:
		return dmabench_sync(r, false);
	case DMABENCH_OP_CACHING:
	case DMABENCH_OP_CACHING_RANGE:
		return dmabench_caching_batched(r, dmabench_kind_caching(buf->kind));
	case DMABENCH_OP_KREAD:
		return dmabench_kaccess(r, DMABENCH_READ);
	case DMABENCH_OP_KWRITE:
		return dmabench_kaccess(r, DMABENCH_WRITE);
	case DMABENCH_OP_KCOPY:
		return dmabench_kaccess(r, DMABENCH_COPY);
	case DMABENCH_OP_SG_ITER_PAGE:
		return dmabench_sg_iter_page(r);
	case DMABENCH_OP_SG_ITER_DMA:
		return dmabench_sg_iter_dma(r);
	case DMABENCH_OP_PIN:
		return dmabench_userptr_pin(buf, false);
	case DMABENCH_OP_PIN_SGT:
		return dmabench_userptr_table(buf);
	case DMABENCH_OP_POOL_FRESH:
		return dmabench_pool_fresh(r);
	case DMABENCH_OP_POOL_HIT:
		return dmabench_pool_hit(r);
	case DMABENCH_OP_DMABUF_ATTACH:
		return dmabench_dmabuf_attach_op(r);
	case DMABENCH_OP_DMABUF_MAP:
		return dmabench_dmabuf_map_op(r);
	default:
		return 0;
	}
}

int dmabench_op_second(struct dmabench_run *r)
{
	struct dmabench_buffer *buf = r->buf;

	switch (r->b.op) {
	case DMABENCH_OP_ALLOC_FREE:
		if (buf->pages)
			return dmabench_free_page_array_wb(r);
		if (buf->kind == DMABENCH_KIND_NONCONTIG)
			dmabench_noncontig_table_free(buf);
		else
			buf->ops->free(buf);
		return 0;
	case DMABENCH_OP_MAP_SINGLE:
		dma_unmap_single_attrs(buf->dev, r->addr, buf->size, r->dir,
				       r->map_attrs);
		return 0;
	case DMABENCH_OP_MAP_PAGE:
		dma_unmap_page_attrs(buf->dev, r->addr, buf->size, r->dir,
				     r->map_attrs);
		return 0;
	case DMABENCH_OP_MAP_SG:
		dma_unmap_sgtable(buf->dev, &buf->sgt, r->dir, r->map_attrs);
		return 0;
	case DMABENCH_OP_CACHING:
	case DMABENCH_OP_CACHING_RANGE:
		return dmabench_caching_batched(r, DMABENCH_CACHING_WB);
	case DMABENCH_OP_PIN:
		dmabench_userptr_unpin(buf, false);
		return 0;
	case DMABENCH_OP_PIN_SGT:
		sg_free_table(&buf->sgt);
		memset(&buf->sgt, 0, sizeof(buf->sgt));
		return 0;
	case DMABENCH_OP_POOL_FRESH:
		return dmabench_pool_fresh_undo(r);
	case DMABENCH_OP_POOL_HIT:
		return dmabench_pool_hit_undo(r);
	case DMABENCH_OP_DMABUF_ATTACH:
		dmabench_dmabuf_detach_op(r);
		return 0;
	case DMABENCH_OP_DMABUF_MAP:
		dmabench_dmabuf_unmap_op(r);
		return 0;
	default:
		return 0;
	}
}
