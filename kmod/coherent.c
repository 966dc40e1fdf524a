// SPDX-License-Identifier: GPL-2.0
/*
 * dmabench: the coherent kind, dma_alloc_attrs() memory shared by CPU and
 * device with no syncs, mapped to user space with dma_mmap_attrs(), with
 * the DMA attributes the caller asked for at ALLOC (the same ones to the
 * free and the mmap, as dma-api.rst asks).  With none it is what
 * dma_alloc_coherent() and dma_mmap_coherent() do.
 */
#include <linux/dma-mapping.h>
#include <linux/mm.h>
#include <linux/scatterlist.h>

#include "dmabench_internal.h"

/* dma_alloc_attrs() picks the device's node; @buf->node is not used. */
static int dmabench_coherent_alloc(struct dmabench_buffer *buf)
{
	buf->vaddr = dma_alloc_attrs(buf->dev, buf->size, &buf->dma_addr,
				     DMABENCH_GFP_NOOOM,
				     dmabench_dma_attrs(buf->attrs));
	return buf->vaddr ? 0 : -ENOMEM;
}

static void dmabench_coherent_free(struct dmabench_buffer *buf)
{
	dma_free_attrs(buf->dev, buf->size, buf->vaddr, buf->dma_addr,
		       dmabench_dma_attrs(buf->attrs));
	buf->vaddr = NULL;
	buf->dma_addr = 0;
}

/*
 * Never a NO_KERNEL_MAPPING buffer: dma-direct hands its pages out
 * unzeroed (the attribute allows it), and user space must not see them.
 */
static int dmabench_coherent_mmap(struct dmabench_buffer *buf,
				  struct vm_area_struct *vma)
{
	if (!dmabench_buffer_has_kmap(buf))
		return -EINVAL;
	return dma_mmap_attrs(buf->dev, vma, buf->vaddr, buf->dma_addr,
			      buf->size, dmabench_dma_attrs(buf->attrs));
}

/*
 * BUF_INFO's view, measured once after the allocation (never inside
 * BENCH's ALLOC_FREE window): the physically contiguous runs of what
 * dma_get_sgtable_attrs() says the memory is (dma-direct: one entry of
 * the whole buffer; dma-iommu: the pages its allocator found, merged),
 * 0 when it cannot say; and where the address dma_alloc_attrs() returned
 * lies.  A NO_KERNEL_MAPPING cookie is the table's first struct page under
 * dma-direct; a DMA layer that ignores the attribute (dma-iommu, or
 * dma-direct decrypting memory) returns a real address, classified as
 * such.  The cookie is compared, never dereferenced (without a table,
 * dmabench_kmap_of() finds a struct page, which lives in the vmemmap on
 * x86-64 and arm64, in neither map: NONE too).
 */
void dmabench_coherent_describe(struct dmabench_buffer *buf)
{
	struct page *first = NULL;
	struct sg_table sgt;

	buf->phys_chunks = 0;
	if (!dma_get_sgtable_attrs(buf->dev, &sgt, buf->vaddr, buf->dma_addr,
				   buf->size, dmabench_dma_attrs(buf->attrs))) {
		buf->phys_chunks = dmabench_sgt_phys_runs(&sgt);
		first = sg_page(sgt.sgl);
		sg_free_table(&sgt);
	}
	if (!dmabench_buffer_has_kmap(buf) && first &&
	    buf->vaddr == (void *)first)
		buf->kmap = DMABENCH_KMAP_NONE;
	else
		buf->kmap = dmabench_kmap_of(buf->vaddr);
}

const struct dmabench_kind_ops dmabench_coherent_ops = {
	.alloc = dmabench_coherent_alloc,
	.free = dmabench_coherent_free,
	.mmap = dmabench_coherent_mmap,
};
