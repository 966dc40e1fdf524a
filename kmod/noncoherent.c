// SPDX-License-Identifier: GPL-2.0
/*
 * dmabench: the noncoherent kind, dma_alloc_pages() memory owned by CPU or
 * device in turn (explicit syncs in the direction given at allocation),
 * mapped to user space with dma_mmap_pages().
 */
#include <linux/dma-mapping.h>
#include <linux/mm.h>

#include "dmabench_internal.h"

/* dma_alloc_pages() picks the device's node; @buf->node is not used. */
static int dmabench_noncoherent_alloc(struct dmabench_buffer *buf)
{
	buf->page = dma_alloc_pages(buf->dev, buf->size, &buf->dma_addr,
				    buf->dir, DMABENCH_GFP_NOOOM);
	if (!buf->page)
		return -ENOMEM;
	/*
	 * 6.1's dma_alloc_pages() records its handle with DMA-API debug as a
	 * streaming map whose error was never checked, so dma_free_pages()
	 * would warn.  A returned page always has a valid handle: the check
	 * only tells DMA-API debug that it was made.
	 */
	(void)dma_mapping_error(buf->dev, buf->dma_addr);
	buf->vaddr = page_address(buf->page);
	return 0;
}

static void dmabench_noncoherent_free(struct dmabench_buffer *buf)
{
	dma_free_pages(buf->dev, buf->size, buf->page, buf->dma_addr,
		       buf->dir);
	buf->page = NULL;
	buf->vaddr = NULL;
	buf->dma_addr = 0;
}

static int dmabench_noncoherent_mmap(struct dmabench_buffer *buf,
				     struct vm_area_struct *vma)
{
	return dma_mmap_pages(buf->dev, vma, buf->size, buf->page);
}

static void dmabench_noncoherent_sync(struct dmabench_buffer *buf, u32 to,
				      u64 offset, u64 len)
{
	if (to == DMABENCH_SYNC_FOR_CPU)
		dma_sync_single_for_cpu(buf->dev, buf->dma_addr + offset, len,
					buf->dir);
	else
		dma_sync_single_for_device(buf->dev, buf->dma_addr + offset,
					   len, buf->dir);
}

const struct dmabench_kind_ops dmabench_noncoherent_ops = {
	.alloc = dmabench_noncoherent_alloc,
	.free = dmabench_noncoherent_free,
	.mmap = dmabench_noncoherent_mmap,
	.sync = dmabench_noncoherent_sync,
};
