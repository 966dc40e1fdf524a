// SPDX-License-Identifier: GPL-2.0
/*
 * dmabench: FACTS, what a GPU driver decides its memory strategy from.
 *
 * TTM takes two booleans from its driver (ttm_device_init()): use_dma_alloc,
 * which amdgpu and radeon set from drm_need_swiotlb(dma_bits), and
 * use_dma32, which they set from dma_addressing_limited(); WC pages are
 * offered where drm_arch_can_wc_memory() allows them.  Pool pages are
 * mapped once with dma_map_page() and never synced.  This reports the
 * inputs of those choices for the file's device, so that user space can
 * say what such a driver would pick here and hold it against what the
 * device's own DMA showed.
 */
#include <linux/cc_platform.h>
#include <linux/device.h>
#include <linux/dma-map-ops.h>
#include <linux/dma-mapping.h>
#include <linux/ioport.h>
#include <linux/string.h>
#include <linux/swiotlb.h>
#include <linux/uaccess.h>
#include <xen/xen.h>

#include <drm/drm_cache.h>

#include "compat.h"
#include "dmabench_internal.h"

/* dma_need_sync() on a dma_alloc_pages() page: what the noncoherent kind syncs. */
static int dmabench_facts_noncoherent_need_sync(struct device *dev,
						bool *need_sync)
{
	struct page *page;
	dma_addr_t addr;

	page = dma_alloc_pages(dev, PAGE_SIZE, &addr, DMA_BIDIRECTIONAL,
			       DMABENCH_GFP_NOOOM);
	if (!page)
		return -ENOMEM;
	/* As in noncoherent.c: tells DMA-API debug the handle was checked. */
	(void)dma_mapping_error(dev, addr);
	*need_sync = dma_need_sync(dev, addr);
	dma_free_pages(dev, PAGE_SIZE, page, addr, DMA_BIDIRECTIONAL);
	return 0;
}

static int dmabench_facts_max_end(struct resource *res, void *arg)
{
	u64 *max_end = arg;

	*max_end = max_t(u64, *max_end, res->end);
	return 0;
}

/*
 * The highest iomem address, drm_need_swiotlb()'s measure of what the
 * device must reach.  drm_cache.c (6.1, 6.12) reads the top level of
 * iomem_resource without the resource lock, which a module cannot take;
 * walk_iomem_res_desc() takes it and visits every memory resource, whose
 * highest end is the top level's (children lie inside their parents).
 */
static u64 dmabench_facts_max_iomem(void)
{
	u64 max_end = 0;

	walk_iomem_res_desc(IORES_DESC_NONE, IORESOURCE_MEM, 0, U64_MAX,
			    &max_end, dmabench_facts_max_end);
	return max_end;
}

/*
 * drm_need_swiotlb(dma_bits) as drivers/gpu/drm/drm_cache.c computes it
 * (the same in 6.1 and 6.12): Xen PV and memory encryption always want
 * dma_alloc_coherent() backing; otherwise it is wanted when some iomem
 * lies above what @dma_bits address.  drm shifts by dma_bits, which is
 * undefined at 64: 64 bits reach everything.
 */
static bool dmabench_facts_drm_need_swiotlb(struct dmabench_facts *facts)
{
	if (facts->flags & (DMABENCH_FACT_XEN_PV | DMABENCH_FACT_MEM_ENCRYPT))
		return true;
	if (facts->dma_bits >= 64)
		return false;
	return facts->max_iomem > BIT_ULL(facts->dma_bits);
}

#ifdef CONFIG_SWIOTLB
/*
 * The largest mapping swiotlb can bounce, as swiotlb_max_mapping_size()
 * in kernel/dma/swiotlb.c (6.1) computes it (not exported): one segment
 * of slots less what the device's minimum alignment skips.
 */
static u64 dmabench_facts_swiotlb_max(struct device *dev)
{
	unsigned int min_align_mask = dma_get_min_align_mask(dev);
	u64 min_align = 0;

	if (min_align_mask)
		min_align = roundup(min_align_mask, IO_TLB_SIZE);
	return (u64)IO_TLB_SIZE * IO_TLB_SEGSIZE - min_align;
}

static void dmabench_facts_swiotlb(struct dmabench_facts *facts,
				   struct device *dev)
{
	struct io_tlb_mem *mem = dev->dma_io_tlb_mem;

	if (!dmabench_swiotlb_active(dev))
		return;
	facts->flags |= DMABENCH_FACT_SWIOTLB_ACTIVE;
	if (is_swiotlb_force_bounce(dev))
		facts->flags |= DMABENCH_FACT_SWIOTLB_FORCE;
	facts->swiotlb_bytes = (u64)mem->nslabs << IO_TLB_SHIFT;
	facts->swiotlb_max_mapping_size = dmabench_facts_swiotlb_max(dev);
}
#else
static void dmabench_facts_swiotlb(struct dmabench_facts *facts,
				   struct device *dev)
{
}
#endif

static void dmabench_facts_masks(struct dmabench_facts *facts,
				 struct device *dev)
{
	gfp_t zone = dmabench_dma_zone(dev);

	facts->dma_mask = dma_get_mask(dev);
	facts->dma_bits = fls64(facts->dma_mask);
	facts->coherent_dma_mask = dev->coherent_dma_mask;
	facts->bus_dma_limit = dev->bus_dma_limit;
	facts->required_mask = dma_get_required_mask(dev);
	if (dma_addressing_limited(dev))
		facts->flags |= DMABENCH_FACT_ADDRESSING_LIMITED;
	if (zone & GFP_DMA32)
		facts->flags |= DMABENCH_FACT_PAGES_DMA32;
	if (zone & GFP_DMA)
		facts->flags |= DMABENCH_FACT_PAGES_DMA;
	facts->max_mapping_size = dma_max_mapping_size(dev);
#ifdef DMABENCH_HAVE_DMA_OPT_MAPPING_SIZE
	facts->opt_mapping_size = dma_opt_mapping_size(dev);
	facts->flags |= DMABENCH_FACT_HAS_OPT_SIZE;
#endif
}

static void dmabench_facts_platform(struct dmabench_facts *facts)
{
	if (xen_pv_domain())
		facts->flags |= DMABENCH_FACT_XEN_PV;
	if (cc_platform_has(CC_ATTR_MEM_ENCRYPT))
		facts->flags |= DMABENCH_FACT_MEM_ENCRYPT;
	if (drm_arch_can_wc_memory())
		facts->flags |= DMABENCH_FACT_DRM_CAN_WC;
	facts->max_iomem = dmabench_facts_max_iomem();
	if (dmabench_facts_drm_need_swiotlb(facts))
		facts->flags |= DMABENCH_FACT_DRM_NEED_SWIOTLB;
}

/* Before any probe maps a page: 6.12's dma_skip_sync as the runs see it. */
static void dmabench_facts_dev_need_sync(struct dmabench_facts *facts,
					 struct device *dev)
{
	bool skip, dev_need_sync;

	if (!dmabench_skip_sync(dev, &skip, &dev_need_sync))
		return;
	facts->flags |= DMABENCH_FACT_HAS_DEV_NEED_SYNC;
	if (dev_need_sync)
		facts->flags |= DMABENCH_FACT_DEV_NEED_SYNC;
}

static int dmabench_facts_need_sync(struct dmabench_facts *facts,
				    struct device *dev)
{
	bool pages, noncoherent;
	int ret;

	ret = dmabench_probe_need_sync(dev, &pages);
	if (ret)
		return ret;
	ret = dmabench_facts_noncoherent_need_sync(dev, &noncoherent);
	if (ret)
		return ret;
	if (pages)
		facts->flags |= DMABENCH_FACT_NEED_SYNC_PAGES;
	if (noncoherent)
		facts->flags |= DMABENCH_FACT_NEED_SYNC_NONCOH;
	return 0;
}

/*
 * 128 bytes on the stack rather than a GFP_KERNEL allocation, which under
 * memory pressure (the fuzzer's) could wake the OOM killer.
 */
int dmabench_ioctl_facts(struct dmabench_file *f, void __user *arg)
{
	struct dmabench_facts facts_buf;
	struct dmabench_facts *facts = &facts_buf;
	struct device *dev;
	u32 devid;
	int ret;

	memset(facts, 0, sizeof(*facts));
	dev = dmabench_file_get_dev(f, &devid);
	facts->device = devid;
	dmabench_facts_dev_need_sync(facts, dev);
	ret = dmabench_facts_need_sync(facts, dev);
	if (ret)
		goto out;
	if (dev_is_dma_coherent(dev))
		facts->flags |= DMABENCH_FACT_DEV_COHERENT;
	facts->iommu = dmabench_iommu_domain(dev);
	dmabench_facts_masks(facts, dev);
	dmabench_facts_swiotlb(facts, dev);
	dmabench_facts_platform(facts);

	if (copy_to_user(arg, facts, sizeof(*facts)))
		ret = -EFAULT;
out:
	put_device(dev);
	return ret;
}
