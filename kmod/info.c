// SPDX-License-Identifier: GPL-2.0
/*
 * dmabench: GET_INFO, what the DMA layer does for the file's device.
 */
#include <linux/device.h>
#include <linux/dma-map-ops.h>
#include <linux/dma-mapping.h>
#include <linux/gfp.h>
#include <linux/iommu.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/swiotlb.h>
#include <linux/uaccess.h>
#include <linux/utsname.h>

#include "compat.h"
#include "dmabench_internal.h"

/*
 * Whether a streaming mapping of an ordinary page needs syncs.  The page
 * comes from where the device can reach it, so that the probe never
 * bounces where the buffers would not: on 6.12 a bounce clears the
 * device's dma_skip_sync for good, and would change every later result.
 */
int dmabench_probe_need_sync(struct device *dev, bool *need_sync)
{
	struct page *page;
	dma_addr_t addr;

	/* An order-0 GFP_KERNEL page would rather wake the OOM killer than fail. */
	page = alloc_page(DMABENCH_GFP_NOOOM | dmabench_dma_zone(dev));
	if (!page)
		return -ENOMEM;
	addr = dma_map_page(dev, page, 0, PAGE_SIZE, DMA_BIDIRECTIONAL);
	if (dma_mapping_error(dev, addr)) {
		__free_page(page);
		return -ENOMEM;
	}
	*need_sync = dma_need_sync(dev, addr);
	dma_unmap_page(dev, addr, PAGE_SIZE, DMA_BIDIRECTIONAL);
	__free_page(page);
	return 0;
}

/*
 * The device's IOMMU domain in the ABI's words.  BLOCKED is FACTS' own:
 * GET_INFO predates it and says OTHER there.
 */
u32 dmabench_iommu_domain(struct device *dev)
{
	struct iommu_domain *domain = iommu_get_domain_for_dev(dev);

	if (!domain)
		return DMABENCH_IOMMU_NONE;
	switch (domain->type) {
	case IOMMU_DOMAIN_DMA:
		return DMABENCH_IOMMU_STRICT;
	case IOMMU_DOMAIN_DMA_FQ:
		return DMABENCH_IOMMU_LAZY;
	case IOMMU_DOMAIN_IDENTITY:
		return DMABENCH_IOMMU_IDENTITY;
	case IOMMU_DOMAIN_BLOCKED:
		return DMABENCH_IOMMU_BLOCKED;
	default:
		return DMABENCH_IOMMU_OTHER;
	}
}

static u32 dmabench_info_iommu(struct device *dev)
{
	u32 type = dmabench_iommu_domain(dev);

	return type == DMABENCH_IOMMU_BLOCKED ? DMABENCH_IOMMU_OTHER : type;
}

/* Before the probe: GET_INFO reports the state the benchmarks ran in. */
static u32 dmabench_info_skip_sync(struct device *dev)
{
	bool skip, dev_need_sync;
	u32 flags = 0;

	if (!dmabench_skip_sync(dev, &skip, &dev_need_sync))
		return 0;
	flags |= DMABENCH_INFO_HAS_SKIP_SYNC;
	if (skip)
		flags |= DMABENCH_INFO_SKIP_SYNC;
	if (dev_need_sync)
		flags |= DMABENCH_INFO_DEV_NEED_SYNC;
	return flags;
}

static u32 dmabench_info_flags(struct device *dev, bool need_sync)
{
	u32 flags = 0;

	if (need_sync)
		flags |= DMABENCH_INFO_NEED_SYNC;
#ifdef CONFIG_SWIOTLB
	if (dmabench_swiotlb_active(dev))
		flags |= DMABENCH_INFO_SWIOTLB_ACTIVE;
	if (is_swiotlb_force_bounce(dev))
		flags |= DMABENCH_INFO_SWIOTLB_FORCE;
#endif
#ifdef DMABENCH_HAVE_DMA_OPT_MAPPING_SIZE
	flags |= DMABENCH_INFO_HAS_OPT_SIZE;
#endif
	if (dmabench_device_present(DMABENCH_DEV_EDU))
		flags |= DMABENCH_INFO_EDU_PRESENT;
	if (dmabench_device_present(DMABENCH_DEV_PCI))
		flags |= DMABENCH_INFO_PCI_PRESENT;
	if (IS_ENABLED(CONFIG_DMA_CMA))
		flags |= DMABENCH_INFO_CMA;
	if (dmabench_has_set_pages_array())
		flags |= DMABENCH_INFO_SET_PAGES_ARRAY;
	if (dev_is_dma_coherent(dev))
		flags |= DMABENCH_INFO_DEV_COHERENT;
	if (dmabench_cache_flush_available())
		flags |= DMABENCH_INFO_CACHE_FLUSH;
	if (dmabench_plant_active())
		flags |= DMABENCH_INFO_PLANTED;
	flags |= DMABENCH_INFO_ATTRS | DMABENCH_INFO_CACHING_RANGE;
	return flags;
}

static void dmabench_info_sizes(struct dmabench_info *info,
				struct device *dev)
{
	info->dma_mask = dma_get_mask(dev);
	info->coherent_dma_mask = dev->coherent_dma_mask;
	info->max_mapping_size = dma_max_mapping_size(dev);
#ifdef DMABENCH_HAVE_DMA_OPT_MAPPING_SIZE
	info->opt_mapping_size = dma_opt_mapping_size(dev);
#endif
	info->max_contig_size = DMABENCH_MAX_CONTIG;
	info->page_size = PAGE_SIZE;
}

static void dmabench_info_names(struct dmabench_info *info,
				struct device *dev)
{
	strscpy(info->release, utsname()->release, sizeof(info->release));
	strscpy(info->dev_name, dev_name(dev), sizeof(info->dev_name));
	strscpy(info->bus, dev->bus ? dev->bus->name : "", sizeof(info->bus));
	strscpy(info->driver, dev_driver_string(dev), sizeof(info->driver));
}

int dmabench_ioctl_get_info(struct dmabench_file *f, void __user *arg)
{
	struct dmabench_info *info;
	struct device *dev;
	bool need_sync;
	u32 devid, skip_sync;
	int ret;

	/* 352 bytes: too much for the stack of an ioctl. */
	info = kzalloc(sizeof(*info), GFP_KERNEL);
	if (!info)
		return -ENOMEM;
	dev = dmabench_file_get_dev(f, &devid);
	skip_sync = dmabench_info_skip_sync(dev);
	ret = dmabench_probe_need_sync(dev, &need_sync);
	if (ret)
		goto out;

	info->abi_version = DMABENCH_ABI_VERSION;
	info->flags = dmabench_info_flags(dev, need_sync) | skip_sync;
	info->device = devid;
	info->iommu = dmabench_info_iommu(dev);
	dmabench_info_sizes(info, dev);
	info->byte_cap = dmabench_byte_cap;
	info->bytes_held = atomic64_read(&f->bytes_held);
	info->bytes_held_all = dmabench_bytes_held_all();
	info->kinds = GENMASK(DMABENCH_KIND_COUNT - 1, 0);
	info->live_buffers = atomic64_read(&dmabench_stats.live_buffers);
	info->live_bytes = atomic64_read(&dmabench_stats.live_bytes);
	info->live_mmaps = atomic64_read(&dmabench_stats.live_mmaps);
	info->live_files = atomic64_read(&dmabench_stats.live_files);
	dmabench_info_names(info, dev);

	if (copy_to_user(arg, info, sizeof(*info)))
		ret = -EFAULT;
out:
	put_device(dev);
	kfree(info);
	return ret;
}
