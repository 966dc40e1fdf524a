// SPDX-License-Identifier: GPL-2.0
/*
 * dmabench: page-array buffers, the streaming kind and the base of wc/uc.
 *
 * Pages come one at a time from the page allocator (or in physically
 * contiguous runs when a benchmark asks for an exact number of sg
 * entries), are described by an sg_table for dma_map_sgtable(), mapped
 * into the kernel with vmap() and into user space page by page from the
 * fault handler, the way TTM does it.
 */
#include <linux/dma-mapping.h>
#include <linux/gfp.h>
#include <linux/iommu.h>
#include <linux/mm.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>

#include "compat.h"
#include "dmabench_internal.h"

/* Never the OOM killer (dmabench_internal.h). */
#define DMABENCH_GFP	DMABENCH_GFP_PAGES

/* Allocation loops yield this often (pages) outside of timed windows. */
#define DMABENCH_RESCHED_PAGES	256

/*
 * @npages physically contiguous pages, each freeable on its own with
 * __free_page() (split_page(), as alloc_pages_exact() does).
 */
struct page *dmabench_alloc_contig(int node, unsigned long npages, gfp_t zone)
{
	unsigned int order = get_order(npages << PAGE_SHIFT);
	struct page *page;
	unsigned long i;

	if ((PAGE_SIZE << order) > DMABENCH_MAX_CONTIG)
		return NULL;
	page = alloc_pages_node(node, DMABENCH_GFP | zone, order);
	if (!page)
		return NULL;
	split_page(page, order);
	for (i = npages; i < (1UL << order); i++)
		__free_page(page + i);
	return page;
}

/* Whether an IOMMU translates @dev's DMA (then any page is reachable). */
bool dmabench_dev_translated(struct device *dev)
{
	struct iommu_domain *domain = iommu_get_domain_for_dev(dev);

	return domain && (domain->type & __IOMMU_DOMAIN_PAGING);
}

/*
 * The zone pages for @dev must come from so that dma-direct can map them:
 * none when the mask reaches all RAM, an IOMMU translates, or swiotlb can
 * bounce (its pool lies below 4 GiB); else the zone below the mask.  A
 * device narrower than 32 bits (QEMU's stock edu: 28) without an IOMMU
 * reaches only ZONE_DMA: a page above its mask would make dma_map_*() warn
 * and fail, or, with a device that truncates addresses, land elsewhere.
 */
gfp_t dmabench_dma_zone(struct device *dev)
{
	u64 limit = min_not_zero(dma_get_mask(dev), dev->bus_dma_limit);

	if (limit >= dma_get_required_mask(dev) || dmabench_dev_translated(dev))
		return 0;
	if (limit >= DMA_BIT_MASK(32)) {
#ifdef CONFIG_SWIOTLB
		if (dmabench_swiotlb_active(dev))
			return 0;
#endif
		return IS_ENABLED(CONFIG_ZONE_DMA32) ? GFP_DMA32 : 0;
	}
	return IS_ENABLED(CONFIG_ZONE_DMA) ? GFP_DMA : 0;
}

void dmabench_free_contig(struct page *page, unsigned long npages)
{
	unsigned long i;

	for (i = 0; i < npages; i++)
		__free_page(page + i);
}

/* Pages of run @i when @npages are split evenly into @runs runs. */
static unsigned long dmabench_run_pages(unsigned long npages,
					unsigned int runs, unsigned int i)
{
	return npages / runs + (i < npages % runs ? 1 : 0);
}

static int dmabench_pages_fill_single(struct dmabench_buffer *buf)
{
	unsigned long i;

	for (i = 0; i < buf->npages; i++) {
		buf->pages[i] = alloc_pages_node(buf->node,
						 DMABENCH_GFP | buf->zone, 0);
		if (!buf->pages[i])
			return -ENOMEM;
		if (!(i % DMABENCH_RESCHED_PAGES))
			cond_resched();
	}
	return 0;
}

static int dmabench_pages_fill_runs(struct dmabench_buffer *buf)
{
	unsigned long k = 0, j, n;
	struct page *page;
	unsigned int i;

	for (i = 0; i < buf->entries; i++) {
		n = dmabench_run_pages(buf->npages, buf->entries, i);
		page = dmabench_alloc_contig(buf->node, n, buf->zone);
		if (!page)
			return -ENOMEM;
		for (j = 0; j < n; j++)
			buf->pages[k++] = page + j;
		cond_resched();
	}
	return 0;
}

/* Exactly @buf->entries entries, one per contiguous run. */
static int dmabench_sgt_from_runs(struct dmabench_buffer *buf)
{
	struct scatterlist *sg;
	unsigned long k = 0, n;
	unsigned int i;
	int ret;

	ret = sg_alloc_table(&buf->sgt, buf->entries, DMABENCH_GFP_NOOOM);
	if (ret)
		return ret;
	for_each_sgtable_sg(&buf->sgt, sg, i) {
		n = dmabench_run_pages(buf->npages, buf->entries, i);
		sg_set_page(sg, buf->pages[k], n << PAGE_SHIFT, 0);
		k += n;
	}
	return 0;
}

/*
 * Adjacent pages merged, as drivers build tables, but no segment longer
 * than the device can map in one go (256 KiB under swiotlb) or takes as
 * one segment (its dma_parms).
 */
unsigned int dmabench_max_segment(struct device *dev)
{
	size_t max_seg = min_t(size_t, dma_max_mapping_size(dev),
			       dma_get_max_seg_size(dev));

	return max_t(size_t, ALIGN_DOWN(max_seg, PAGE_SIZE), PAGE_SIZE);
}

static int dmabench_sgt_merged(struct dmabench_buffer *buf)
{
	return sg_alloc_table_from_pages_segment(&buf->sgt, buf->pages,
						 buf->npages, 0, buf->size,
						 dmabench_max_segment(buf->dev),
						 DMABENCH_GFP_NOOOM);
}

static void dmabench_pages_release(struct dmabench_buffer *buf)
{
	unsigned long i;

	for (i = 0; i < buf->npages; i++) {
		if (buf->pages[i])
			__free_page(buf->pages[i]);
		if (!(i % DMABENCH_RESCHED_PAGES))
			cond_resched();
	}
	kvfree(buf->pages);
	buf->pages = NULL;
}

/* Pages and sg_table; no kernel mapping yet. */
int dmabench_pages_alloc(struct dmabench_buffer *buf)
{
	gfp_t reach = dmabench_dma_zone(buf->dev);
	int ret;

	/* A zone the device reaches wins over wc/uc's TTM-style DMA32. */
	if (reach)
		buf->zone = reach;

	buf->pages = kvcalloc(buf->npages, sizeof(*buf->pages),
			      DMABENCH_GFP_NOOOM);
	if (!buf->pages)
		return -ENOMEM;
	if (buf->entries)
		ret = dmabench_pages_fill_runs(buf);
	else
		ret = dmabench_pages_fill_single(buf);
	if (ret)
		goto err_pages;
	if (buf->entries)
		ret = dmabench_sgt_from_runs(buf);
	else
		ret = dmabench_sgt_merged(buf);
	if (ret)
		goto err_pages;
	return 0;

err_pages:
	dmabench_pages_release(buf);
	return ret;
}

/* Undoes dmabench_pages_alloc(); NULL entries in pages[] are skipped. */
void dmabench_pages_free(struct dmabench_buffer *buf)
{
	sg_free_table(&buf->sgt);
	dmabench_pages_release(buf);
}

/* The kernel mapping, with the buffer's current caching. */
int dmabench_pages_vmap(struct dmabench_buffer *buf)
{
	pgprot_t prot = dmabench_caching_prot(buf->caching, PAGE_KERNEL);

	buf->vaddr = vmap(buf->pages, buf->npages, VM_MAP, prot);
	return buf->vaddr ? 0 : -ENOMEM;
}

void dmabench_pages_vunmap(struct dmabench_buffer *buf)
{
	vunmap(buf->vaddr);
	buf->vaddr = NULL;
}

/* Nothing is mapped here: dmabench_pages_fault() inserts each page. */
int dmabench_pages_mmap(struct dmabench_buffer *buf,
			struct vm_area_struct *vma)
{
	dmabench_vma_set_flags(vma, VM_IO | VM_PFNMAP);
	return 0;
}

/*
 * The pgprot of the PTEs dmabench_pages_fault() inserts into a VMA of
 * @prot: the caching the buffer has now.  The caller holds the lock.
 */
pgprot_t dmabench_pages_fault_prot(struct dmabench_buffer *buf, pgprot_t prot)
{
	return dmabench_caching_prot(buf->caching, prot);
}

/*
 * One page per fault, with the caching the buffer has now.  The buffer's
 * lock orders this against MOVE, which zaps the PTEs and switches the
 * caching under the same lock.
 */
vm_fault_t dmabench_pages_fault(struct dmabench_buffer *buf,
				struct vm_fault *vmf)
{
	struct vm_area_struct *vma = vmf->vma;
	unsigned long idx;
	vm_fault_t ret;
	pgprot_t prot;

	if (vmf->pgoff < buf->pgoff || vmf->pgoff - buf->pgoff >= buf->npages)
		return VM_FAULT_SIGBUS;
	idx = vmf->pgoff - buf->pgoff;

	mutex_lock(&buf->lock);
	prot = dmabench_pages_fault_prot(buf, vma->vm_page_prot);
	ret = vmf_insert_pfn_prot(vma, vmf->address,
				  page_to_pfn(buf->pages[idx]), prot);
	mutex_unlock(&buf->lock);
	return ret;
}

/*
 * @attrs: DMABENCH_ATTRS_MAP bits (SKIP_CPU_SYNC: no cache maintenance and
 * no swiotlb copy back at the unmap; SYNC is the caller's), given to the
 * unmap too, as dma-api.rst asks.
 */
int dmabench_pages_map(struct dmabench_buffer *buf,
		       enum dma_data_direction dir, u32 attrs)
{
	int ret;

	ret = dma_map_sgtable(buf->dev, &buf->sgt, dir, dmabench_dma_attrs(attrs));
	if (ret)
		return ret;
	buf->mapped = true;
	buf->map_dir = dir;
	buf->map_attrs = attrs;
	return 0;
}

void dmabench_pages_unmap(struct dmabench_buffer *buf)
{
	dma_unmap_sgtable(buf->dev, &buf->sgt, buf->map_dir,
			  dmabench_dma_attrs(buf->map_attrs));
	buf->mapped = false;
	buf->map_attrs = 0;
}

/*
 * An sg mapping is synced as it was mapped: the DMA API allows a sub-range
 * sync only of dma_map_single/page mappings, and dma_sync_sg_for_*() takes
 * the same entries as dma_map_sg() did (DMA-API debug checks the count).
 * Behind an IOMMU a merged DMA segment is not physically contiguous, so a
 * sub-range of one (what this did before) maintains the wrong memory on a
 * non-coherent device.  So [offset, offset + len) is synced by syncing the
 * whole table: more work than asked for, never less.  The same holds for
 * the one DMA segment of a dma_alloc_noncontiguous() table (noncontig).
 */
void dmabench_sgt_sync(struct device *dev, struct sg_table *sgt,
		       enum dma_data_direction dir, u32 to)
{
	if (to == DMABENCH_SYNC_FOR_CPU)
		dma_sync_sgtable_for_cpu(dev, sgt, dir);
	else
		dma_sync_sgtable_for_device(dev, sgt, dir);
}

void dmabench_pages_sync(struct dmabench_buffer *buf, u32 to, u64 offset,
			 u64 len)
{
	dmabench_sgt_sync(buf->dev, &buf->sgt, buf->map_dir, to);
}

static int dmabench_streaming_alloc(struct dmabench_buffer *buf)
{
	int ret;

	ret = dmabench_pages_alloc(buf);
	if (ret)
		return ret;
	ret = dmabench_pages_vmap(buf);
	if (ret)
		dmabench_pages_free(buf);
	return ret;
}

static void dmabench_streaming_free(struct dmabench_buffer *buf)
{
	dmabench_pages_vunmap(buf);
	dmabench_pages_free(buf);
}

const struct dmabench_kind_ops dmabench_streaming_ops = {
	.alloc = dmabench_streaming_alloc,
	.free = dmabench_streaming_free,
	.mmap = dmabench_pages_mmap,
	.fault = dmabench_pages_fault,
	.fault_prot = dmabench_pages_fault_prot,
	.map = dmabench_pages_map,
	.unmap = dmabench_pages_unmap,
	.sync = dmabench_pages_sync,
};
