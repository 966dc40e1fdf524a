// SPDX-License-Identifier: GPL-2.0
/*
 * dmabench: the wc and uc kinds, done the way TTM does them.
 *
 * The pages' kernel linear mapping is switched to the buffer's caching
 * (set_pages_array_wc/uc on x86, as ttm_pool.c does) and always switched
 * back to write-back before the pages go back to the allocator.  User
 * space maps them page by page from the fault handler with a matching
 * pgprot.  MOVE changes the caching under a live user mapping: zap the
 * PTEs, switch, and let the next access fault the new caching in.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/dma-map-ops.h>
#include <linux/dma-mapping.h>
#include <linux/mm.h>
#include <linux/timekeeping.h>
#include <linux/uaccess.h>
#ifdef CONFIG_X86
#include <asm/set_memory.h>
#endif

#include "dmabench_internal.h"

bool dmabench_has_set_pages_array(void)
{
	return IS_ENABLED(CONFIG_X86);
}

pgprot_t dmabench_caching_prot(u32 caching, pgprot_t prot)
{
	switch (caching) {
	case DMABENCH_CACHING_WC:
		return pgprot_writecombine(prot);
	case DMABENCH_CACHING_UC:
		return pgprot_noncached(prot);
	default:
		return prot;
	}
}

#ifdef CONFIG_X86
/*
 * What a switch works on: an array of pages (set_pages_array_*()) or, with
 * @pages NULL, the range of the linear map from @addr (set_memory_*()).
 */
struct dmabench_switch_target {
	struct page **pages;
	unsigned long addr;
};

static int dmabench_switch_one(const struct dmabench_switch_target *t, int n,
			       u32 caching)
{
	if (t->pages) {
		switch (caching) {
		case DMABENCH_CACHING_WC:
			return set_pages_array_wc(t->pages, n);
		case DMABENCH_CACHING_UC:
			return set_pages_array_uc(t->pages, n);
		default:
			return set_pages_array_wb(t->pages, n);
		}
	}
	switch (caching) {
	case DMABENCH_CACHING_WC:
		return set_memory_wc(t->addr, n);
	case DMABENCH_CACHING_UC:
		return set_memory_uc(t->addr, n);
	default:
		return set_memory_wb(t->addr, n);
	}
}

/*
 * PAT refuses to change a page from WC to UC directly (the memtype must
 * be WB first), so every switch goes through WB.  *@caching follows each
 * step, so on failure it tells what the pages are now.
 */
static int dmabench_switch_via_wb(const struct dmabench_switch_target *t,
				  unsigned long npages, u32 *caching, u32 to)
{
	int ret;

	if (*caching == to)
		return 0;
	if (*caching != DMABENCH_CACHING_WB) {
		ret = dmabench_switch_one(t, npages, DMABENCH_CACHING_WB);
		if (ret)
			return ret;
		*caching = DMABENCH_CACHING_WB;
	}
	if (to == DMABENCH_CACHING_WB)
		return 0;
	ret = dmabench_switch_one(t, npages, to);
	if (ret)
		return ret;
	*caching = to;
	return 0;
}

int dmabench_set_caching(struct page **pages, unsigned long npages,
			 u32 *caching, u32 to)
{
	const struct dmabench_switch_target t = { .pages = pages };

	return dmabench_switch_via_wb(&t, npages, caching, to);
}

/*
 * The range form of the switch: set_memory_*() on @npages of the linear
 * map from @vaddr, one memtype reservation and one attribute change for
 * the whole range where set_pages_array_*() makes one reservation per
 * page (arch/x86/mm/pat/set_memory.c, 6.1 and 6.12).  TTM frees a
 * high-order chunk this way (ttm_pool_free_page(): set_pages_wb() of
 * 1 << order pages, which is set_memory_wb() of its address).  Through WB
 * as dmabench_set_caching(), and *@caching follows each step likewise.
 * @npages is at most DMABENCH_MAX_CONTIG's pages, so it fits their int.
 */
int dmabench_set_caching_range(void *vaddr, unsigned long npages, u32 *caching,
			       u32 to)
{
	const struct dmabench_switch_target t = { .addr = (unsigned long)vaddr };

	return dmabench_switch_via_wb(&t, npages, caching, to);
}
#else
/* Without set_pages_array_*() only the mappings' pgprots change. */
int dmabench_set_caching(struct page **pages, unsigned long npages,
			 u32 *caching, u32 to)
{
	*caching = to;
	return 0;
}

/*
 * No set_memory_wc/uc() either (BENCH refuses CACHING_RANGE with
 * -EOPNOTSUPP before it allocates): nothing is ever switched, so the
 * linear map is WB already and only a switch away from it fails.
 */
int dmabench_set_caching_range(void *vaddr, unsigned long npages, u32 *caching,
			       u32 to)
{
	if (to != DMABENCH_CACHING_WB && *caching != to)
		return -EOPNOTSUPP;
	*caching = to;
	return 0;
}
#endif

/*
 * Where the linear map keeps its caching (arm64: no set_pages_array_*()),
 * the pages have a cacheable alias beside the WC/UC mappings, and lines it
 * holds dirty (__GFP_ZERO's zeroing, a WB spell before a MOVE) can be
 * written back over what went through the WC/UC mapping.  Clean them to
 * memory first, the way drm's arm64 drivers get it done: mapping the pages
 * for a non-coherent device (DMA_TO_DEVICE) is a clean to the point of
 * coherency, the only one a module may ask for.  A coherent device leaves
 * nothing to do through the DMA API (and the harness says that "wc" there
 * means the mappings' pgprot only, DMABENCH_INFO_SET_PAGES_ARRAY clear).
 */
static int dmabench_ttm_clean_alias(struct dmabench_buffer *buf)
{
	int ret;

	if (dmabench_has_set_pages_array() || buf->caching == DMABENCH_CACHING_WB ||
	    dev_is_dma_coherent(buf->dev))
		return 0;
	ret = dma_map_sgtable(buf->dev, &buf->sgt, DMA_TO_DEVICE, 0);
	if (ret)
		return ret;
	dma_unmap_sgtable(buf->dev, &buf->sgt, DMA_TO_DEVICE,
			  DMA_ATTR_SKIP_CPU_SYNC);
	return 0;
}

/* Back to WB; pages that cannot be switched back are leaked, not reused. */
static void dmabench_ttm_restore_wb(struct dmabench_buffer *buf)
{
	if (!dmabench_set_caching(buf->pages, buf->npages, &buf->caching,
				  DMABENCH_CACHING_WB))
		return;
	pr_err("cannot switch %lu pages back to write-back; leaking them\n",
	       buf->npages);
	memset(buf->pages, 0, buf->npages * sizeof(*buf->pages));
}

static int dmabench_ttm_alloc(struct dmabench_buffer *buf)
{
	u32 target = dmabench_kind_caching(buf->kind);
	int ret;

	/*
	 * As TTM's use_dma32: a GPU driver whose device addresses 32 bits
	 * takes its WC/UC pages below 4 GiB rather than bounce them.
	 */
	if (dma_get_mask(buf->dev) <= DMA_BIT_MASK(32))
		buf->zone = GFP_DMA32;
	ret = dmabench_pages_alloc(buf);
	if (ret)
		return ret;
	buf->caching = DMABENCH_CACHING_WB;
	ret = dmabench_set_caching(buf->pages, buf->npages, &buf->caching,
				   target);
	if (!ret)
		ret = dmabench_ttm_clean_alias(buf);
	if (ret)
		goto err_wb;
	ret = dmabench_pages_vmap(buf);
	if (ret)
		goto err_wb;
	return 0;

err_wb:
	dmabench_ttm_restore_wb(buf);
	buf->caching = target;
	dmabench_pages_free(buf);
	return ret;
}

static void dmabench_ttm_free(struct dmabench_buffer *buf)
{
	dmabench_pages_vunmap(buf);
	dmabench_ttm_restore_wb(buf);
	dmabench_pages_free(buf);
	/* A later alloc() of this buffer (BENCH) starts from the kind's. */
	buf->caching = dmabench_kind_caching(buf->kind);
}

const struct dmabench_kind_ops dmabench_ttm_ops = {
	.alloc = dmabench_ttm_alloc,
	.free = dmabench_ttm_free,
	.mmap = dmabench_pages_mmap,
	.fault = dmabench_pages_fault,
	.fault_prot = dmabench_pages_fault_prot,
	.map = dmabench_pages_map,
	.unmap = dmabench_pages_unmap,
	.sync = dmabench_pages_sync,
};

static int dmabench_move_locked(struct dmabench_buffer *buf,
				struct dmabench_move *mv)
{
	struct address_space *mapping = buf->owner->mapping;
	u64 t0;
	int ret, vret;

	/* The device may be using the pages: TTM waits, we refuse. */
	if (buf->mapped)
		return -EBUSY;

	t0 = ktime_get_ns();
	unmap_mapping_range(mapping, (loff_t)buf->pgoff << PAGE_SHIFT,
			    buf->size, 1);
	mv->zap_ns = ktime_get_ns() - t0;

	/* No alias with the old caching may outlive the switch. */
	dmabench_pages_vunmap(buf);
	t0 = ktime_get_ns();
	ret = dmabench_set_caching(buf->pages, buf->npages, &buf->caching,
				   mv->caching);
	if (!ret)
		ret = dmabench_ttm_clean_alias(buf);
	mv->switch_ns = ktime_get_ns() - t0;

	/* Remap with whatever caching the pages ended up with. */
	vret = dmabench_pages_vmap(buf);
	return ret ? ret : vret;
}

int dmabench_ioctl_move(struct dmabench_file *f, void __user *arg)
{
	struct dmabench_buffer *buf;
	struct dmabench_move mv;
	int ret = -EINVAL;

	if (copy_from_user(&mv, arg, sizeof(mv)))
		return -EFAULT;
	if (mv.reserved || mv.caching > DMABENCH_CACHING_UC)
		return -EINVAL;
	buf = dmabench_buffer_lookup(f, mv.handle);
	if (!buf)
		return -ENOENT;

	if (buf->ops == &dmabench_ttm_ops) {
		mutex_lock(&buf->lock);
		ret = dmabench_move_locked(buf, &mv);
		mutex_unlock(&buf->lock);
	}
	dmabench_buffer_put(buf);
	if (ret)
		return ret;
	return copy_to_user(arg, &mv, sizeof(mv)) ? -EFAULT : 0;
}
