// SPDX-License-Identifier: GPL-2.0
/*
 * dmabench: BENCH POOL_FRESH and POOL_HIT, TTM's page pool emulated.
 *
 * What drivers/gpu/drm/ttm/ttm_pool.c does for a WC or UC buffer (6.1 and
 * 6.12 alike), written again here so that a pool miss and a pool hit can
 * be timed apart (read, not copied):
 *  - ttm_pool_alloc() takes chunks highest order first, at most the
 *    allocator's largest order and never more than what is left; an order
 *    that fails (__GFP_NORETRY above order 0) is not tried again, the next
 *    lower one is.  TTM sets no __GFP_COMP (its pages are mapped to user
 *    space page by page), nor does this.
 *  - Each chunk is dma_map_page()d as it comes (ttm_pool_map()); the
 *    caching of the fresh pages is switched in one set_pages_array_*()
 *    call after them (ttm_pool_apply_caching(): a call per run of fresh
 *    pages between pooled ones, so one call on a miss).
 *  - A freed page goes back to the pool of its order and caching
 *    (ttm_pool_type_give()), cleared there with clear_page() through
 *    page_address(): the linear map, which set_pages_array_wc/uc made WC/UC.
 *    So TTM pays for the clear when it gives, not when it takes, and so
 *    does POOL_HIT: its second half (samples2) clears.
 *  - Without the pool a freed page is switched back to WB and freed
 *    (ttm_pool_free_page()): POOL_FRESH's second half.
 *
 * The pool is private to the run and holds @size of pages: the run's
 * buffer is charged @size (bench.c), which the pages never exceed, pooled
 * or in use; the chunk and page arrays are charged here.  Work is bounded
 * as bench.c bounds it: a timed half stops for a dying caller and yields
 * every DMABENCH_POOL_PAUSE_PAGES pages, and undoes what it did first.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/dma-mapping.h>
#include <linux/gfp.h>
#include <linux/list.h>
#include <linux/log2.h>
#include <linux/mm.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/sizes.h>
#include <linux/slab.h>
#include <linux/spinlock.h>

#include "bench.h"

/* The allocator's largest order, as TTM's (MAX_ORDER - 1 in 6.1, MAX_PAGE_ORDER in 6.12). */
#define DMABENCH_POOL_MAX_ORDER	ilog2(MAX_ORDER_NR_PAGES)
/* How often a timed half checks for a fatal signal and yields: 2 MiB. */
#define DMABENCH_POOL_PAUSE_PAGES	(SZ_2M >> PAGE_SHIFT)

struct dmabench_pool_chunk {
	struct page *page;
	dma_addr_t addr;
	unsigned int order;
	bool mapped;
};

struct dmabench_pool {
	spinlock_t lock;		/* the free lists, as TTM's pt->lock (6.1) */
	struct list_head free[DMABENCH_POOL_MAX_ORDER + 1];	/* page->lru */
	struct dmabench_pool_chunk *chunks;	/* of the allocation in use */
	unsigned long nchunks;
	struct page **pages;		/* its 4 KiB pages, for set_pages_array_*() */
	unsigned long npages;
	unsigned long since_pause;	/* pages since the last pause */
	u64 charged;
	gfp_t zone;
	int node;
	u32 target;			/* enum dmabench_caching of the kind */
	unsigned int max_order;		/* largest chunk the device can map in one */
	bool last_ok;			/* @chunks: the last op, which completed */
};

/*
 * The largest order whose chunk one dma_map_page() can take: the
 * allocator's, or less where the DMA layer maps less at once
 * (dma_max_mapping_size(): swiotlb bounces at most 256 KiB in one
 * mapping, so a forced-bounce device would fail every bigger chunk).  A
 * driver must cap its chunks so (i915 and TTM users size segments by it);
 * the pool takes lower orders in their place.
 */
static unsigned int dmabench_pool_max_order(struct device *dev)
{
	size_t max = dma_max_mapping_size(dev);
	unsigned int order = DMABENCH_POOL_MAX_ORDER;

	while (order && (PAGE_SIZE << order) > max)
		order--;
	return order;
}

static gfp_t dmabench_pool_gfp(const struct dmabench_pool *p, unsigned int order)
{
	/* TTM's higher orders: no retrying, no reserves, no warning. */
	if (order)
		return GFP_KERNEL | __GFP_ZERO | __GFP_NOMEMALLOC | __GFP_NORETRY |
		       __GFP_NOWARN | p->zone;
	/* Order 0 may reclaim, but never wakes the OOM killer. */
	return DMABENCH_GFP_PAGES | p->zone;
}

/*
 * Every DMABENCH_POOL_PAUSE_PAGES pages: -EINTR for a dying caller if
 * @may_stop, and a yield, which costs nanoseconds when nothing else runs.
 */
static int dmabench_pool_pause(struct dmabench_pool *p, unsigned long pages,
			       bool may_stop)
{
	p->since_pause += pages;
	if (p->since_pause < DMABENCH_POOL_PAUSE_PAGES)
		return 0;
	p->since_pause = 0;
	if (may_stop && fatal_signal_pending(current))
		return -EINTR;
	cond_resched();
	return 0;
}

static int dmabench_pool_map_chunk(struct dmabench_run *r,
				   struct dmabench_pool_chunk *c)
{
	struct device *dev = r->buf->dev;

	c->addr = dma_map_page(dev, c->page, 0, PAGE_SIZE << c->order, r->dir);
	if (dma_mapping_error(dev, c->addr))
		return -ENOMEM;
	c->mapped = true;
	return 0;
}

static void dmabench_pool_unmap_chunk(struct dmabench_run *r,
				      struct dmabench_pool_chunk *c)
{
	if (!c->mapped)
		return;
	dma_unmap_page(r->buf->dev, c->addr, PAGE_SIZE << c->order, r->dir);
	c->mapped = false;
}

/* Chunk @c's pages into the page array from @k on; the next index. */
static unsigned long dmabench_pool_add_pages(struct dmabench_pool *p,
					     const struct dmabench_pool_chunk *c,
					     unsigned long k)
{
	unsigned long j;

	for (j = 0; j < (1UL << c->order); j++)
		p->pages[k++] = c->page + j;
	return k;
}

static void dmabench_pool_free_chunks(struct dmabench_pool *p)
{
	unsigned long i;

	for (i = 0; i < p->nchunks; i++)
		__free_pages(p->chunks[i].page, p->chunks[i].order);
}

/* Give chunk @c to the free list of its order, cleared as TTM clears it. */
static void dmabench_pool_give(struct dmabench_pool *p,
			       struct dmabench_pool_chunk *c, bool clear)
{
	unsigned long j;

	if (clear)
		for (j = 0; j < (1UL << c->order); j++)
			clear_page(page_address(c->page + j));
	spin_lock(&p->lock);
	list_add(&c->page->lru, &p->free[c->order]);
	spin_unlock(&p->lock);
}

static struct page *dmabench_pool_take_one(struct dmabench_pool *p,
					   unsigned int order)
{
	struct page *page;

	spin_lock(&p->lock);
	page = list_first_entry_or_null(&p->free[order], struct page, lru);
	if (page)
		list_del(&page->lru);
	spin_unlock(&p->lock);
	return page;
}

/* The chunks in use back to the pool, unmapped, uncleared (never written). */
static void dmabench_pool_give_back_all(struct dmabench_run *r)
{
	struct dmabench_pool *p = r->pool;
	unsigned long i;

	for (i = 0; i < p->nchunks; i++) {
		dmabench_pool_unmap_chunk(r, &p->chunks[i]);
		dmabench_pool_give(p, &p->chunks[i], false);
	}
	p->nchunks = 0;
}

/* The next chunk of @order: fresh from the page allocator, or the pool's. */
static struct page *dmabench_pool_next(struct dmabench_pool *p, bool fresh,
				       unsigned int order)
{
	if (fresh)
		return alloc_pages_node(p->node, dmabench_pool_gfp(p, order),
					order);
	return dmabench_pool_take_one(p, order);
}

/*
 * Chunks for all @npages, highest order first, as ttm_pool_alloc() takes
 * them, fresh or from the pool: an order that has none left is not asked
 * again, the next one down is.  With @map each is DMA-mapped as it comes.
 * Only fresh pages go into the page array: the caching switch needs them,
 * a pool hit has none.  The pool always holds what the same walk took, so
 * a hit never runs dry; on any failure everything taken is undone (fresh
 * pages, still WB, freed; pooled ones given back).
 */
static int dmabench_pool_take(struct dmabench_run *r, bool fresh, bool map,
			      bool may_stop)
{
	struct dmabench_pool *p = r->pool;
	unsigned long left = p->npages, k = 0, i;
	unsigned int order = p->max_order;
	struct dmabench_pool_chunk *c;
	struct page *page;
	int ret = 0;

	p->nchunks = 0;
	p->last_ok = false;
	while (left) {
		order = min_t(unsigned int, order, __fls(left));
		page = dmabench_pool_next(p, fresh, order);
		if (!page) {
			if (!order) {
				ret = -ENOMEM;
				break;
			}
			order--;
			continue;
		}
		c = &p->chunks[p->nchunks++];
		c->page = page;
		c->order = order;
		c->mapped = false;
		if (fresh)
			k = dmabench_pool_add_pages(p, c, k);
		left -= 1UL << order;
		if (map)
			ret = dmabench_pool_map_chunk(r, c);
		if (!ret)
			ret = dmabench_pool_pause(p, 1UL << order, may_stop);
		if (ret)
			break;
	}
	if (!ret)
		return 0;
	if (!fresh) {
		dmabench_pool_give_back_all(r);
		return ret;
	}
	for (i = 0; i < p->nchunks; i++)
		dmabench_pool_unmap_chunk(r, &p->chunks[i]);
	dmabench_pool_free_chunks(p);
	p->nchunks = 0;
	return ret;
}

/*
 * Back to WB and freed; pages that cannot be switched back are leaked,
 * never reused (as bench_ops.c's caching teardown).
 */
static int dmabench_pool_free_wb(struct dmabench_pool *p, unsigned long npages,
				 u32 caching)
{
	int ret;

	ret = dmabench_set_caching(p->pages, npages, &caching,
				   DMABENCH_CACHING_WB);
	if (ret) {
		pr_err("pool: cannot switch %lu pages back to write-back; leaking them\n",
		       npages);
		return ret;
	}
	dmabench_pool_free_chunks(p);
	return 0;
}

/* POOL_FRESH, timed: a pool miss for the whole buffer. */
int dmabench_pool_fresh(struct dmabench_run *r)
{
	struct dmabench_pool *p = r->pool;
	u32 caching = DMABENCH_CACHING_WB;
	unsigned long i;
	int ret;

	ret = dmabench_pool_take(r, true, true, true);
	if (ret)
		return ret;
	ret = dmabench_set_caching(p->pages, p->npages, &caching, p->target);
	if (!ret)
		return 0;
	for (i = 0; i < p->nchunks; i++)
		dmabench_pool_unmap_chunk(r, &p->chunks[i]);
	/* What failed may have switched some: back to WB, else leaked. */
	dmabench_pool_free_wb(p, p->npages, p->target);
	p->nchunks = 0;
	return ret;
}

/* POOL_FRESH's second half, timed: unmap, back to WB, free. */
int dmabench_pool_fresh_undo(struct dmabench_run *r)
{
	struct dmabench_pool *p = r->pool;
	unsigned long i;
	int ret;

	for (i = 0; i < p->nchunks; i++) {
		dmabench_pool_unmap_chunk(r, &p->chunks[i]);
		dmabench_pool_pause(p, 1UL << p->chunks[i].order, false);
	}
	ret = dmabench_pool_free_wb(p, p->npages, p->target);
	p->last_ok = !ret;
	return ret;
}

/* POOL_HIT, timed: the whole buffer from the pool, each chunk DMA-mapped. */
int dmabench_pool_hit(struct dmabench_run *r)
{
	return dmabench_pool_take(r, false, true, true);
}

/* POOL_HIT's second half, timed: unmap, clear and give back each chunk. */
int dmabench_pool_hit_undo(struct dmabench_run *r)
{
	struct dmabench_pool *p = r->pool;
	unsigned long i;

	for (i = 0; i < p->nchunks; i++) {
		dmabench_pool_unmap_chunk(r, &p->chunks[i]);
		dmabench_pool_give(p, &p->chunks[i], true);
		dmabench_pool_pause(p, 1UL << p->chunks[i].order, false);
	}
	p->last_ok = true;
	return 0;
}

static void dmabench_pool_destroy(struct dmabench_run *r)
{
	struct dmabench_pool *p = r->pool;

	kvfree(p->pages);
	kvfree(p->chunks);
	dmabench_file_uncharge(r->buf->owner, p->charged);
	kfree(p);
	r->pool = NULL;
}

static int dmabench_pool_create(struct dmabench_run *r)
{
	struct dmabench_buffer *buf = r->buf;
	unsigned long npages = buf->npages;
	struct dmabench_pool *p;
	unsigned int i;
	u64 bytes;
	int ret;

	bytes = (u64)npages * (sizeof(*p->chunks) + sizeof(*p->pages));
	ret = dmabench_file_charge(buf->owner, bytes);
	if (ret)
		return ret;
	p = kzalloc(sizeof(*p), DMABENCH_GFP_NOOOM);
	if (!p) {
		dmabench_file_uncharge(buf->owner, bytes);
		return -ENOMEM;
	}
	r->pool = p;
	p->charged = bytes;
	p->npages = npages;
	p->node = buf->node;
	p->target = dmabench_kind_caching(buf->kind);
	p->max_order = dmabench_pool_max_order(buf->dev);
	/* As TTM's use_dma32; a zone the device must have wins (pages.c). */
	p->zone = dma_get_mask(buf->dev) <= DMA_BIT_MASK(32) ? GFP_DMA32 : 0;
	if (dmabench_dma_zone(buf->dev))
		p->zone = dmabench_dma_zone(buf->dev);
	spin_lock_init(&p->lock);
	for (i = 0; i <= DMABENCH_POOL_MAX_ORDER; i++)
		INIT_LIST_HEAD(&p->free[i]);
	p->chunks = kvcalloc(npages, sizeof(*p->chunks), DMABENCH_GFP_NOOOM);
	p->pages = kvcalloc(npages, sizeof(*p->pages), DMABENCH_GFP_NOOOM);
	if (!p->chunks || !p->pages) {
		dmabench_pool_destroy(r);
		return -ENOMEM;
	}
	return 0;
}

int dmabench_pool_setup_fresh(struct dmabench_run *r)
{
	return dmabench_pool_create(r);
}

/* POOL_HIT's untimed setup: a pool of @size of pages already switched. */
int dmabench_pool_setup_hit(struct dmabench_run *r)
{
	struct dmabench_pool *p;
	u32 caching = DMABENCH_CACHING_WB;
	unsigned long i;
	int ret;

	ret = dmabench_pool_create(r);
	if (ret)
		return ret;
	p = r->pool;
	ret = dmabench_pool_take(r, true, false, true);
	if (!ret) {
		ret = dmabench_set_caching(p->pages, p->npages, &caching,
					   p->target);
		if (ret)
			dmabench_pool_free_wb(p, p->npages, p->target);
	}
	if (ret) {
		dmabench_pool_destroy(r);
		return ret;
	}
	/* Fresh pages are zeroed (__GFP_ZERO): pooled as they are. */
	for (i = 0; i < p->nchunks; i++)
		dmabench_pool_give(p, &p->chunks[i], false);
	p->nchunks = 0;
	return 0;
}

/*
 * @chunks and @segments of the last op that completed: the chunk array
 * keeps its chunks and DMA addresses after their unmap.  Untimed: before
 * each sample (prep) and at the end (teardown).
 */
void dmabench_pool_report(struct dmabench_run *r)
{
	struct dmabench_pool *p = r->pool;
	const struct dmabench_pool_chunk *c = p->chunks;
	unsigned long i, segs = 0;

	if (!p->last_ok)
		return;
	for (i = 0; i < p->nchunks; i++)
		if (!i || c[i].addr != c[i - 1].addr + (PAGE_SIZE << c[i - 1].order))
			segs++;
	r->b.chunks = p->nchunks;
	r->b.segments = segs;
}

void dmabench_pool_teardown_fresh(struct dmabench_run *r)
{
	/* Every op ends with its pages freed (or leaked). */
	dmabench_pool_report(r);
	dmabench_pool_destroy(r);
}

/* Everything pooled back to WB and freed; if the switch fails, leaked. */
void dmabench_pool_teardown_hit(struct dmabench_run *r)
{
	struct dmabench_pool *p = r->pool;
	unsigned long k = 0, n = 0;
	struct page *page;
	unsigned int order;

	/* The chunk array holds the last op's chunks, all given back. */
	dmabench_pool_report(r);
	for (order = 0; order <= DMABENCH_POOL_MAX_ORDER; order++) {
		while ((page = dmabench_pool_take_one(p, order))) {
			p->chunks[n].page = page;
			p->chunks[n].order = order;
			p->chunks[n].mapped = false;
			k = dmabench_pool_add_pages(p, &p->chunks[n], k);
			n++;
		}
		cond_resched();
	}
	p->nchunks = n;
	dmabench_pool_free_wb(p, k, p->target);
	dmabench_pool_destroy(r);
}
