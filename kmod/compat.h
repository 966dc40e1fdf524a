/* SPDX-License-Identifier: GPL-2.0 */
/*
 * compat.h: the kernel APIs that differ between the kernels the module is
 * built for (Debian's 6.1 and 6.12).  Each difference is probed in the
 * headers by the Makefile (DMABENCH_HAVE_*), not inferred from the version
 * number: stable series backport such changes.
 */
#ifndef DMABENCH_COMPAT_H
#define DMABENCH_COMPAT_H

#include <linux/device.h>
#include <linux/dma-buf.h>
#include <linux/dma-mapping.h>
#include <linux/pci.h>
#include <linux/string.h>
#include <linux/swiotlb.h>

/*
 * Where a PCI device's driver_override lives: struct device (set with
 * device_set_driver_override(), backported to 6.12.y) or, before that,
 * struct pci_dev.  An empty name clears the override.
 */
static inline int dmabench_set_driver_override(struct pci_dev *pdev,
					       const char *name)
{
#ifdef DMABENCH_HAVE_DEVICE_SET_DRIVER_OVERRIDE
	return device_set_driver_override(&pdev->dev, name);
#else
	return driver_set_override(&pdev->dev, &pdev->driver_override, name,
				   strlen(name));
#endif
}

#ifdef CONFIG_SWIOTLB
/*
 * Whether the device has a swiotlb pool to bounce through.  Newer kernels
 * declare is_swiotlb_active() but no longer export it to modules; the test
 * it makes reads fields the header defines.
 */
static inline bool dmabench_swiotlb_active(struct device *dev)
{
#ifdef DMABENCH_HAVE_IS_SWIOTLB_ACTIVE_EXPORT
	return is_swiotlb_active(dev);
#else
	return dev->dma_io_tlb_mem && dev->dma_io_tlb_mem->nslabs;
#endif
}
#endif

/*
 * 6.12's per-device shortcut: dma_skip_sync set means every sync is
 * skipped, and the first swiotlb bounce clears it for good.  False when
 * the kernel has no such flag (6.1: every sync call is made).
 */
static inline bool dmabench_skip_sync(struct device *dev, bool *skip,
				      bool *dev_need_sync)
{
#if defined(DMABENCH_HAVE_DMA_DEV_NEED_SYNC) && IS_ENABLED(CONFIG_DMA_NEED_SYNC)
	*skip = dev->dma_skip_sync;
	*dev_need_sync = dma_dev_need_sync(dev);
	return true;
#else
	*skip = false;
	*dev_need_sync = true;
	return false;
#endif
}

/*
 * An importer's map and unmap without the dma-buf's reservation lock held:
 * the *_unlocked calls take it (6.2, and Debian's 6.1 has them backported);
 * before them dma_buf_map_attachment() of a static importer took none.
 */
static inline struct sg_table *
dmabench_dma_buf_map(struct dma_buf_attachment *attach,
		     enum dma_data_direction dir)
{
#ifdef DMABENCH_HAVE_DMA_BUF_MAP_UNLOCKED
	return dma_buf_map_attachment_unlocked(attach, dir);
#else
	return dma_buf_map_attachment(attach, dir);
#endif
}

static inline void dmabench_dma_buf_unmap(struct dma_buf_attachment *attach,
					  struct sg_table *sgt,
					  enum dma_data_direction dir)
{
#ifdef DMABENCH_HAVE_DMA_BUF_MAP_UNLOCKED
	dma_buf_unmap_attachment_unlocked(attach, sgt, dir);
#else
	dma_buf_unmap_attachment(attach, sgt, dir);
#endif
}

#endif /* DMABENCH_COMPAT_H */
