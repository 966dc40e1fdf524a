// SPDX-License-Identifier: GPL-2.0
/*
 * dmabench: the userptr kind, user memory handed to the device as GPU
 * userptr objects and RDMA memory regions do it (drivers/infiniband/core/
 * umem.c): pin_user_pages_fast(FOLL_LONGTERM) in chunks, an sg table of
 * the pages with the device's largest segment, dma_map_sgtable(), and after
 * the unmap unpin_user_pages_dirty_lock().
 *
 * The gup flags are the module's, never the caller's (pinning WARNs on
 * some combinations): FOLL_LONGTERM always, FOLL_WRITE when the device is
 * to write.  A long-term pin is COW-safe (the kernel copies pinned anon
 * pages for a child at fork) and survives munmap: the pages are the
 * buffer's until FREE or close.
 *
 * Two live streaming mappings of one page, one of them in a direction the
 * device writes, break cache maintenance on a non-coherent device (the
 * unmap of one invalidates what the device wrote through the other), and
 * DMA-API debugging WARNs on them.  A user can pin one range any number
 * of times, so the module keeps a count of the mappings of each user pfn
 * it made (not TO_DEVICE) and refuses the overlap: see
 * dmabench_userptr_claim().
 */
#include <linux/dma-mapping.h>
#include <linux/err.h>
#include <linux/mm.h>
#include <linux/mutex.h>
#include <linux/numa.h>
#include <linux/overflow.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/timekeeping.h>
#include <linux/uaccess.h>
#include <linux/xarray.h>

#include "compat.h"
#include "dmabench_internal.h"

/*
 * Pages per pin_user_pages_fast() call, as umem.c (a page of page
 * pointers): gup-fast walks a call's range with interrupts off, so a call
 * stays short, and a fatal signal is looked at between two calls.
 */
#define DMABENCH_PIN_CHUNK	(PAGE_SIZE / sizeof(struct page *))

static unsigned int dmabench_gup_flags(struct dmabench_buffer *buf)
{
	return FOLL_LONGTERM | (buf->pin_write ? FOLL_WRITE : 0);
}

/*
 * Pin the whole range into buf->pages, or nothing: on an error the pages
 * pinned so far are released.  @may_yield is false inside a timed window.
 */
int dmabench_userptr_pin(struct dmabench_buffer *buf, bool may_yield)
{
	unsigned int gup_flags = dmabench_gup_flags(buf);
	unsigned long n;
	int ret = 0;

	while (buf->npinned < buf->npages) {
		if (fatal_signal_pending(current)) {
			ret = -EINTR;
			break;
		}
		n = min_t(unsigned long, buf->npages - buf->npinned,
			  DMABENCH_PIN_CHUNK);
		ret = pin_user_pages_fast(buf->uaddr + (buf->npinned << PAGE_SHIFT),
					  n, gup_flags,
					  buf->pages + buf->npinned);
		/* 0 pinned is no progress; the kernel says -errno for that. */
		if (ret <= 0) {
			ret = ret ?: -EFAULT;
			break;
		}
		buf->npinned += ret;
		ret = 0;
		if (may_yield)
			cond_resched();
	}
	if (ret) {
		/* Nothing was handed to the device: no page to dirty. */
		unpin_user_pages(buf->pages, buf->npinned);
		buf->npinned = 0;
	}
	return ret;
}

/* The device may have written what was pinned for writing: dirty it. */
void dmabench_userptr_unpin(struct dmabench_buffer *buf, bool may_yield)
{
	unsigned long i, n;

	for (i = 0; i < buf->npinned; i += n) {
		n = min_t(unsigned long, buf->npinned - i, DMABENCH_PIN_CHUNK);
		unpin_user_pages_dirty_lock(buf->pages + i, n, buf->pin_write);
		if (may_yield)
			cond_resched();
	}
	buf->npinned = 0;
}

/* Adjacent pages (a THP, a lucky run) merged up to the device's segment. */
int dmabench_userptr_table(struct dmabench_buffer *buf)
{
	return sg_alloc_table_from_pages_segment(&buf->sgt, buf->pages,
						 buf->npages, 0, buf->size,
						 dmabench_max_segment(buf->dev),
						 DMABENCH_GFP_NOOOM);
}

/*
 * Whether dma_map_sgtable() can map the pinned pages without bouncing
 * beyond what it has: the pages are the user's, wherever they are, and
 * dma-direct WARNs (and fails) on a page above the mask that nothing can
 * bounce.  -ERANGE then: a driver would need its own bounce buffer.  A
 * swiotlb pool lies below 4 GiB, so it serves masks of 32 bits and more.
 * Here: 0 when @dev reaches any page, -ERANGE when not the pages at hand,
 * 1 when a page is reached if it lies below *@limit.
 */
static int dmabench_reach_limit(struct device *dev, u64 *limit)
{
	*limit = min_not_zero(dma_get_mask(dev), dev->bus_dma_limit);
	if (dmabench_dev_translated(dev) ||
	    *limit >= dma_get_required_mask(dev))
		return 0;
#ifdef CONFIG_SWIOTLB
	if (dmabench_swiotlb_active(dev))
		return *limit >= DMA_BIT_MASK(32) ? 0 : -ERANGE;
#endif
	/* An offset between bus and CPU addresses that a module cannot read. */
	if (dev->dma_range_map)
		return -ERANGE;
	return 1;
}

/*
 * The same for a table's CPU entries and any device: the exporter's test
 * of an importer's device (dmabuf_export.c) before dma_map_sgtable().
 */
int dmabench_sgt_reachable(struct device *dev, struct sg_table *sgt)
{
	struct scatterlist *sg;
	unsigned int i;
	u64 limit;
	int ret;

	ret = dmabench_reach_limit(dev, &limit);
	if (ret <= 0)
		return ret;
	for_each_sgtable_sg(sgt, sg, i) {
		if (sg_phys(sg) + sg->length - 1 > limit)
			return -ERANGE;
		if (!((i + 1) % DMABENCH_PIN_CHUNK))
			cond_resched();
	}
	return 0;
}

int dmabench_userptr_reachable(struct dmabench_buffer *buf)
{
	unsigned long i;
	u64 limit;
	int ret;

	ret = dmabench_reach_limit(buf->dev, &limit);
	if (ret <= 0)
		return ret;
	for (i = 0; i < buf->npages; i++) {
		if (page_to_phys(buf->pages[i]) + PAGE_SIZE - 1 > limit)
			return -ERANGE;
		if (!((i + 1) % DMABENCH_PIN_CHUNK))
			cond_resched();
	}
	return 0;
}

/*
 * The module's live userptr DMA mappings not TO_DEVICE: user pfn -> how
 * many (an xa_mk_value()), an entry erased at 0, so the array is empty
 * when no such mapping lives.  The mutex makes a buffer's check and count
 * one step against other buffers; it nests inside a buffer's lock.
 */
static DEFINE_XARRAY(dmabench_user_maps);
static DEFINE_MUTEX(dmabench_user_maps_lock);

/* Never the OOM killer, no retry loop: a claim that cannot grow fails. */
#define DMABENCH_GFP_CLAIM	(GFP_KERNEL | __GFP_NORETRY | __GFP_NOWARN)

/* The first @n pages of @buf counted once less; caller holds the mutex. */
static void dmabench_user_maps_drop(struct dmabench_buffer *buf,
				    unsigned long n)
{
	unsigned long i, pfn, count;

	for (i = 0; i < n; i++) {
		pfn = page_to_pfn(buf->pages[i]);
		count = xa_to_value(xa_load(&dmabench_user_maps, pfn));
		/* Replacing an entry in place allocates nothing. */
		if (count > 1)
			xa_store(&dmabench_user_maps, pfn,
				 xa_mk_value(count - 1), GFP_NOWAIT);
		else
			xa_erase(&dmabench_user_maps, pfn);
		if (!((i + 1) % DMABENCH_PIN_CHUNK))
			cond_resched();
	}
}

/*
 * Before @buf's pages are DMA-mapped in @dir with DMABENCH_ATTRS_MAP bits
 * @attrs: the rule of DMA-API debugging's cacheline tracking
 * (kernel/dma/debug.c, add_dma_entry()), by pages.  A TO_DEVICE mapping is
 * not tracked and never refused.  Any other is counted on each of its
 * pages, and refused (-EBUSY) when a page already has a count (another
 * buffer's mapping, or the same page twice in this range), unless it is
 * made with SKIP_CPU_SYNC: debugging lets that one overlap, whatever the
 * attributes of the mapping already there, and counts it as well.
 * -ENOMEM when the array cannot grow, -EINTR for a fatal signal; on an
 * error nothing is counted.  dmabench_userptr_unclaim() after the unmap.
 */
int dmabench_userptr_claim(struct dmabench_buffer *buf,
			   enum dma_data_direction dir, u32 attrs)
{
	bool overlap_ok = attrs & DMABENCH_ATTR_SKIP_CPU_SYNC;
	unsigned long i, pfn, count;
	int ret = 0;

	/* A read-only pin's other directions are the map's -EINVAL. */
	if (dir == DMA_TO_DEVICE || !buf->pin_write || buf->user_claimed)
		return 0;
	/* Another file's claim of a large range may hold it a while. */
	if (mutex_lock_killable(&dmabench_user_maps_lock))
		return -EINTR;
	for (i = 0; i < buf->npinned; i++) {
		pfn = page_to_pfn(buf->pages[i]);
		count = xa_to_value(xa_load(&dmabench_user_maps, pfn));
		if (count && !overlap_ok) {
			ret = -EBUSY;
			break;
		}
		ret = xa_err(xa_store(&dmabench_user_maps, pfn,
				      xa_mk_value(count + 1),
				      DMABENCH_GFP_CLAIM));
		if (ret)
			break;
		if (!((i + 1) % DMABENCH_PIN_CHUNK)) {
			if (fatal_signal_pending(current)) {
				/* Page i is counted: the drop takes it too. */
				i++;
				ret = -EINTR;
				break;
			}
			cond_resched();
		}
	}
	if (ret)
		dmabench_user_maps_drop(buf, i);
	else
		buf->user_claimed = true;
	mutex_unlock(&dmabench_user_maps_lock);
	return ret;
}

/* After the dma_unmap_sgtable() of a claimed mapping; else nothing. */
void dmabench_userptr_unclaim(struct dmabench_buffer *buf)
{
	if (!buf->user_claimed)
		return;
	mutex_lock(&dmabench_user_maps_lock);
	dmabench_user_maps_drop(buf, buf->npinned);
	buf->user_claimed = false;
	mutex_unlock(&dmabench_user_maps_lock);
}

/* A read-only pin may be read by the device, never written. */
static int dmabench_userptr_map(struct dmabench_buffer *buf,
				enum dma_data_direction dir, u32 attrs)
{
	int ret;

	if (!buf->pin_write && dir != DMA_TO_DEVICE)
		return -EINVAL;
	ret = dmabench_userptr_reachable(buf);
	if (ret)
		return ret;
	return dmabench_pages_map(buf, dir, attrs);
}

static void dmabench_userptr_unmap(struct dmabench_buffer *buf)
{
	dmabench_pages_unmap(buf);
	dmabench_userptr_unclaim(buf);
}

/* BENCH's private buffer: the page array, filled by the op or its setup. */
static int dmabench_userptr_alloc(struct dmabench_buffer *buf)
{
	buf->pages = kvcalloc(buf->npages, sizeof(*buf->pages),
			      DMABENCH_GFP_NOOOM);
	return buf->pages ? 0 : -ENOMEM;
}

/* Whatever of vmap, table and pins is there; the caller has unmapped. */
static void dmabench_userptr_free(struct dmabench_buffer *buf)
{
	/* BENCH MAP_SG's claim lasts its run; its samples have unmapped. */
	dmabench_userptr_unclaim(buf);
	if (buf->vaddr)
		dmabench_pages_vunmap(buf);
	if (buf->sgt.sgl)
		sg_free_table(&buf->sgt);
	dmabench_userptr_unpin(buf, true);
	kvfree(buf->pages);
	buf->pages = NULL;
}

/* The user has its own mapping of this memory. */
static int dmabench_userptr_mmap(struct dmabench_buffer *buf,
				 struct vm_area_struct *vma)
{
	return -EINVAL;
}

const struct dmabench_kind_ops dmabench_userptr_ops = {
	.alloc = dmabench_userptr_alloc,
	.free = dmabench_userptr_free,
	.mmap = dmabench_userptr_mmap,
	.map = dmabench_userptr_map,
	.unmap = dmabench_userptr_unmap,
	.sync = dmabench_pages_sync,
};

static int dmabench_userptr_check(const struct dmabench_userptr *u)
{
	u64 end;

	if (u->pad || memchr_inv(u->reserved, 0, sizeof(u->reserved)) ||
	    (u->flags & ~DMABENCH_USERPTR_FLAGS) || !dmabench_dir_valid(u->dir))
		return -EINVAL;
	if (!PAGE_ALIGNED(u->addr) || !dmabench_size_valid(u->size))
		return -EINVAL;
	if (check_add_overflow(u->addr, u->size, &end))
		return -EOVERFLOW;
	/* Beyond what an unsigned long holds (32-bit kernels). */
	if ((unsigned long)end != end)
		return -EOVERFLOW;
	return 0;
}

/* Pin, table, kernel mapping and, if asked, the DMA mapping; timed apart. */
static int dmabench_userptr_make(struct dmabench_buffer *buf,
				 struct dmabench_userptr *u)
{
	u64 t0;
	int ret;

	ret = dmabench_buffer_populate(buf);
	if (ret)
		return ret;
	t0 = ktime_get_ns();
	ret = dmabench_userptr_pin(buf, true);
	u->pin_ns = ktime_get_ns() - t0;
	if (ret)
		return ret;
	t0 = ktime_get_ns();
	ret = dmabench_userptr_table(buf);
	u->table_ns = ktime_get_ns() - t0;
	if (ret)
		return ret;
	u->entries = buf->sgt.orig_nents;
	ret = dmabench_pages_vmap(buf);
	if (ret)
		return ret;
	dmabench_buffer_describe(buf);
	if (!(u->flags & DMABENCH_USERPTR_MAP))
		return 0;

	mutex_lock(&buf->lock);
	/* Untimed; on an error below the put unclaims. */
	ret = dmabench_userptr_claim(buf, (enum dma_data_direction)u->dir, 0);
	if (!ret) {
		t0 = ktime_get_ns();
		ret = dmabench_userptr_map(buf, (enum dma_data_direction)u->dir, 0);
		u->map_ns = ktime_get_ns() - t0;
	}
	if (!ret) {
		u->nents = buf->sgt.nents;
		u->dma_addr = sg_dma_address(buf->sgt.sgl);
	}
	mutex_unlock(&buf->lock);
	return ret;
}

int dmabench_ioctl_userptr(struct dmabench_file *f, void __user *arg)
{
	struct dmabench_buffer *buf;
	struct dmabench_userptr u;
	int ret;

	if (copy_from_user(&u, arg, sizeof(u)))
		return -EFAULT;
	ret = dmabench_userptr_check(&u);
	if (ret)
		return ret;
	u.handle = 0;
	u.nents = 0;
	u.entries = 0;
	u.dma_addr = 0;
	u.pin_ns = 0;
	u.table_ns = 0;
	u.map_ns = 0;

	buf = dmabench_file_new_buffer(f, DMABENCH_KIND_USERPTR, u.size,
				       NUMA_NO_NODE, u.dir, 0);
	if (IS_ERR(buf))
		return PTR_ERR(buf);
	buf->uaddr = u.addr;
	buf->pin_write = u.dir != DMABENCH_DIR_TO_DEVICE;
	/* On an error the put below unmaps, unpins and uncharges. */
	ret = dmabench_userptr_make(buf, &u);
	if (ret)
		goto out_put;

	kref_get(&buf->ref);
	ret = dmabench_handle_insert(f, buf, &u.handle);
	if (ret) {
		dmabench_buffer_put(buf);
		goto out_put;
	}
	if (copy_to_user(arg, &u, sizeof(u))) {
		dmabench_handle_unpublish(f, u.handle, buf);
		ret = -EFAULT;
	}
out_put:
	dmabench_buffer_put(buf);
	return ret;
}
