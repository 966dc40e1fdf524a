// SPDX-License-Identifier: GPL-2.0
/*
 * dmabench: the coherent kind, dma_alloc_coherent() memory shared by CPU
 * and device with no syncs, mapped to user space with dma_mmap_coherent().
 */
#include <linux/dma-mapping.h>
#include <linux/mm.h>

#include "dmabench_internal.h"

/* dma_alloc_coherent() picks the device's node; @buf->node is not used. */
static int dmabench_coherent_alloc(struct dmabench_buffer *buf)
{
	buf->vaddr = dma_alloc_coherent(buf->dev, buf->size, &buf->dma_addr,
					DMABENCH_GFP_NOOOM);
	return buf->vaddr ? 0 : -ENOMEM;
}

static void dmabench_coherent_free(struct dmabench_buffer *buf)
{
	dma_free_coherent(buf->dev, buf->size, buf->vaddr, buf->dma_addr);
	buf->vaddr = NULL;
	buf->dma_addr = 0;
}

static int dmabench_coherent_mmap(struct dmabench_buffer *buf,
				  struct vm_area_struct *vma)
{
	return dma_mmap_coherent(buf->dev, vma, buf->vaddr, buf->dma_addr,
				 buf->size);
}

const struct dmabench_kind_ops dmabench_coherent_ops = {
	.alloc = dmabench_coherent_alloc,
	.free = dmabench_coherent_free,
	.mmap = dmabench_coherent_mmap,
};
