// SPDX-License-Identifier: GPL-2.0
/*
 * dmabench: the noncontig kind, dma_alloc_noncontiguous() memory: pages
 * that need not be physically contiguous, DMA-mapped as one contiguous
 * segment (Documentation/core-api/dma-api.rst), owned by CPU or device in
 * turn through syncs of its sg table, kernel-mapped with
 * dma_vmap_noncontiguous() and mapped to user space with
 * dma_mmap_noncontiguous().  It is the API meant for non-coherent GPU
 * buffers.
 *
 * What the kernel makes of it (6.1 and 6.12 alike): behind a DMA-API
 * IOMMU the pages come highest order first and the table has many CPU
 * entries (orig_nents) and one DMA segment (nents); under dma-direct it is
 * one dma_alloc_pages() run, physically contiguous, so no larger than the
 * page allocator (or CMA) gives in one piece, and its kernel "mapping" is
 * the linear map.
 */
#include <linux/dma-mapping.h>
#include <linux/highmem.h>
#include <linux/minmax.h>
#include <linux/mm.h>
#include <linux/sizes.h>

#include "dmabench_internal.h"

/*
 * The flags for dma_alloc_noncontiguous(), which refuses zone modifiers
 * (6.1 and 6.12) and __GFP_COMP (6.12): the no-OOM set, so the buffer's
 * pages never wake the OOM killer (the DMA layer's own bookkeeping does
 * not take our flags: dma-iommu's page array and sg table are GFP_KERNEL,
 * 8 and ~32 bytes per page or chunk, under 1 % of what the cap allows).
 *
 * Zeroed exactly once, since user space maps the pages: dma-direct's
 * dma_alloc_pages() path clears them itself, dma-iommu's
 * iommu_dma_alloc_noncontiguous() only when asked with __GFP_ZERO.  Asking
 * dma-direct too would clear every page twice and time the module's
 * doing as the API's (measured: a 1 MiB alloc took 1.9x noncoherent's).
 */
static gfp_t dmabench_noncontig_gfp(struct device *dev)
{
	return DMABENCH_GFP_NOOOM | (dmabench_dev_translated(dev) ? __GFP_ZERO : 0);
}

/*
 * The allocation alone, no kernel mapping (what BENCH ALLOC_FREE times).
 * @buf->attrs is ALLOC_SINGLE_PAGES or nothing, checked before (ALLOC,
 * BENCH): dma_alloc_noncontiguous() WARNs on any other attribute.
 */
int dmabench_noncontig_table_alloc(struct dmabench_buffer *buf)
{
	buf->nc_sgt = dma_alloc_noncontiguous(buf->dev, buf->size, buf->dir,
					      dmabench_noncontig_gfp(buf->dev),
					      dmabench_dma_attrs(buf->attrs));
	if (!buf->nc_sgt)
		return -ENOMEM;
	buf->dma_addr = sg_dma_address(buf->nc_sgt->sgl);
	return 0;
}

void dmabench_noncontig_table_free(struct dmabench_buffer *buf)
{
	dma_free_noncontiguous(buf->dev, buf->size, buf->nc_sgt, buf->dir);
	buf->nc_sgt = NULL;
	buf->dma_addr = 0;
}

/* dma_alloc_noncontiguous() picks the device's node; @buf->node is not used. */
static int dmabench_noncontig_alloc(struct dmabench_buffer *buf)
{
	int ret;

	ret = dmabench_noncontig_table_alloc(buf);
	if (ret)
		return ret;
	buf->vaddr = dma_vmap_noncontiguous(buf->dev, buf->size, buf->nc_sgt);
	if (!buf->vaddr) {
		dmabench_noncontig_table_free(buf);
		return -ENOMEM;
	}
	return 0;
}

/* The kernel mapping goes before the memory under it. */
static void dmabench_noncontig_free(struct dmabench_buffer *buf)
{
	dma_vunmap_noncontiguous(buf->dev, buf->vaddr);
	buf->vaddr = NULL;
	dmabench_noncontig_table_free(buf);
}

/*
 * vm_pgoff is buffer-relative here (dmabench_kind_mmap()): both the
 * vm_map_pages() and the dma_mmap_pages() path of
 * dma_mmap_noncontiguous() check it against the buffer's pages.
 */
static int dmabench_noncontig_mmap(struct dmabench_buffer *buf,
				   struct vm_area_struct *vma)
{
	return dma_mmap_noncontiguous(buf->dev, vma, buf->size, buf->nc_sgt);
}

/*
 * The vmap is an alias of the pages: dma-api.rst asks for
 * flush_kernel_vmap_range() before the device gets the memory and
 * invalidate_kernel_vmap_range() after it gives it back.  Both take an
 * int, so a buffer of 2 GiB or more goes in pieces.  (No-ops on x86 and
 * arm64, whose caches do not alias; called as the API says.)
 */
#define DMABENCH_VMAP_STEP	SZ_1G

static void dmabench_noncontig_vmap_range(struct dmabench_buffer *buf,
					  bool flush)
{
	u64 off, n;

	for (off = 0; off < buf->size; off += n) {
		n = min_t(u64, buf->size - off, DMABENCH_VMAP_STEP);
		if (flush)
			flush_kernel_vmap_range(buf->vaddr + off, n);
		else
			invalidate_kernel_vmap_range(buf->vaddr + off, n);
	}
}

/*
 * The whole table, whatever [offset, offset + len) asks for, as
 * dmabench_sgt_sync() explains; so the whole vmap too.
 */
static void dmabench_noncontig_sync(struct dmabench_buffer *buf, u32 to,
				    u64 offset, u64 len)
{
	if (to == DMABENCH_SYNC_FOR_DEVICE)
		dmabench_noncontig_vmap_range(buf, true);
	dmabench_sgt_sync(buf->dev, buf->nc_sgt, buf->dir, to);
	if (to == DMABENCH_SYNC_FOR_CPU)
		dmabench_noncontig_vmap_range(buf, false);
}

const struct dmabench_kind_ops dmabench_noncontig_ops = {
	.alloc = dmabench_noncontig_alloc,
	.free = dmabench_noncontig_free,
	.mmap = dmabench_noncontig_mmap,
	.sync = dmabench_noncontig_sync,
};
