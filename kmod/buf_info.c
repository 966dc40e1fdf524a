// SPDX-License-Identifier: GPL-2.0
/*
 * dmabench: BUF_INFO, what the DMA layer made of a buffer, measured from
 * what it returned rather than assumed from what was asked: where its
 * kernel address lies, how many physically contiguous runs its pages
 * form, how many DMA segments its mapping has, and what the kind's mmap
 * did to the user pgprot.  "Did this attribute change anything here?"
 * then has an answer per platform (x86 dma-direct ignores WRITE_COMBINE
 * for a coherent device, dma-iommu ignores NO_KERNEL_MAPPING, ...).
 *
 * kmap and phys_chunks are taken once, after the buffer is made (ALLOC,
 * USERPTR), where nothing is timed; dma_segments and user_prot are read
 * under the buffer's lock, as MAP, UNMAP, MOVE and mmap change them.
 */
#include <linux/mm.h>
#include <linux/sched.h>
#include <linux/scatterlist.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#include "dmabench_internal.h"

/* Table entries walked between two chances to reschedule. */
#define DMABENCH_RUNS_RESCHED	1024

/* Where a kernel address the DMA layer or the module made lies. */
u32 dmabench_kmap_of(const void *vaddr)
{
	if (!vaddr)
		return DMABENCH_KMAP_NONE;
	if (is_vmalloc_addr(vaddr))
		return DMABENCH_KMAP_REMAPPED;
	if (virt_addr_valid(vaddr))
		return DMABENCH_KMAP_LINEAR;
	return DMABENCH_KMAP_NONE;
}

/*
 * Physically contiguous runs of a table's CPU entries: entries that
 * continue where the one before ended are one run, whether or not the
 * table merged them (a segment limit, or one entry per page).
 */
u32 dmabench_sgt_phys_runs(struct sg_table *sgt)
{
	phys_addr_t end = 0;
	struct scatterlist *sg;
	unsigned int i;
	u32 runs = 0;

	for_each_sgtable_sg(sgt, sg, i) {
		if (!i || sg_phys(sg) != end)
			runs++;
		end = sg_phys(sg) + sg->length;
		if (!((i + 1) % DMABENCH_RUNS_RESCHED))
			cond_resched();
	}
	return runs;
}

/*
 * BUF_INFO's kmap and phys_chunks of a buffer just made, before anyone
 * else can see it.  The page kinds and userptr have their pages in @sgt,
 * noncontig in the DMA layer's table; noncoherent is one dma_alloc_pages()
 * run.
 */
void dmabench_buffer_describe(struct dmabench_buffer *buf)
{
	switch (buf->kind) {
	case DMABENCH_KIND_COHERENT:
		dmabench_coherent_describe(buf);
		return;
	case DMABENCH_KIND_NONCOHERENT:
		buf->phys_chunks = 1;
		break;
	case DMABENCH_KIND_NONCONTIG:
		buf->phys_chunks = dmabench_sgt_phys_runs(buf->nc_sgt);
		break;
	default:
		buf->phys_chunks = dmabench_sgt_phys_runs(&buf->sgt);
		break;
	}
	buf->kmap = dmabench_kmap_of(buf->vaddr);
}

/*
 * Runs contiguous in DMA address space: the DMA layer maps coherent and
 * noncoherent memory as one, noncontig as its table's (one) segment; the
 * others have their mapping's count, 0 while unmapped; an import its
 * mapping's, made at IMPORT (its phys_chunks stays 0: an importer may not
 * look at the pages of another exporter's table).
 */
static u32 dmabench_buffer_dma_segments(struct dmabench_buffer *buf)
{
	if (buf->kind == DMABENCH_KIND_IMPORT)
		return buf->import_sgt->nents;
	if (buf->nc_sgt)
		return buf->nc_sgt->nents;
	if (!buf->ops->map)
		return 1;
	return buf->mapped ? buf->sgt.nents : 0;
}

/*
 * What the last mmap gave the user PTEs against the cached pgprot the VMA
 * came with: the VMA's pgprot after the kind's mmap() or, for the kinds
 * whose fault handler picks it (streaming, wc, uc), what that handler
 * gives now (MOVE changes it for the next fault).
 */
static u32 dmabench_buffer_user_prot(struct dmabench_buffer *buf)
{
	pgprot_t base = buf->user_prot_base, prot = buf->user_prot_vma;

	if (!buf->user_mapped)
		return DMABENCH_PROT_NOT_MAPPED;
	if (buf->ops->fault_prot)
		prot = buf->ops->fault_prot(buf, prot);
	if (pgprot_val(prot) == pgprot_val(base))
		return DMABENCH_PROT_SAME;
	if (pgprot_val(prot) == pgprot_val(pgprot_writecombine(base)))
		return DMABENCH_PROT_WC;
	if (pgprot_val(prot) == pgprot_val(pgprot_noncached(base)))
		return DMABENCH_PROT_UC;
	return DMABENCH_PROT_OTHER;
}

static void dmabench_buf_info_locked(struct dmabench_buffer *buf,
				     struct dmabench_buf_info *bi)
{
	bi->kind = buf->kind;
	bi->attrs = buf->attrs | (buf->mapped ? buf->map_attrs : 0);
	/* A failed MOVE can leave a buffer without its kernel mapping. */
	bi->kmap = buf->vaddr ? buf->kmap : DMABENCH_KMAP_NONE;
	bi->size = buf->size;
	bi->phys_chunks = buf->phys_chunks;
	bi->dma_segments = dmabench_buffer_dma_segments(buf);
	bi->user_prot = dmabench_buffer_user_prot(buf);
}

int dmabench_ioctl_buf_info(struct dmabench_file *f, void __user *arg)
{
	struct dmabench_buffer *buf;
	struct dmabench_buf_info bi;

	if (copy_from_user(&bi, arg, sizeof(bi)))
		return -EFAULT;
	if (bi.pad || memchr_inv(bi.reserved, 0, sizeof(bi.reserved)))
		return -EINVAL;
	buf = dmabench_buffer_lookup(f, bi.handle);
	if (!buf)
		return -ENOENT;

	mutex_lock(&buf->lock);
	dmabench_buf_info_locked(buf, &bi);
	mutex_unlock(&buf->lock);
	dmabench_buffer_put(buf);
	return copy_to_user(arg, &bi, sizeof(bi)) ? -EFAULT : 0;
}
