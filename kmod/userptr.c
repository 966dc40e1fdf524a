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
 */
#include <linux/dma-mapping.h>
#include <linux/err.h>
#include <linux/mm.h>
#include <linux/numa.h>
#include <linux/overflow.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/timekeeping.h>
#include <linux/uaccess.h>

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
	.unmap = dmabench_pages_unmap,
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
	t0 = ktime_get_ns();
	ret = dmabench_userptr_map(buf, (enum dma_data_direction)u->dir, 0);
	u->map_ns = ktime_get_ns() - t0;
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
