// SPDX-License-Identifier: GPL-2.0
/*
 * dmabench: the struct devices DMA is done for.
 *
 *  - a private platform device whose mask is the dma_bits parameter; it is
 *    never behind an IOMMU, so it shows dma-direct (and swiotlb);
 *  - QEMU's edu PCI device (1234:11e8), which has a real DMA engine and
 *    sits behind an emulated IOMMU when the lab adds one;
 *  - the PCI devices' mask is the pci_dma_bits parameter: it must not exceed
 *    what the device really drives (edu truncates addresses above its
 *    dma_mask property), and a narrow one makes dma-direct bounce.
 *  - any PCI device named by the pci= parameter, bound through
 *    driver_override the way kernel/dma/map_benchmark.c is used.
 *
 * The BAR0 mapping of the PCI devices is kept for device-side DMA work.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/device.h>
#include <linux/dma-mapping.h>
#include <linux/mutex.h>
#include <linux/pci.h>
#include <linux/platform_device.h>
#include <linux/string.h>

#include "compat.h"
#include "dmabench_internal.h"

#define EDU_VENDOR_ID	0x1234
#define EDU_DEVICE_ID	0x11e8
#define EDU_REG_ID	0x00	/* 0xRRrr00ed: major, minor, 0x00ed */

struct dmabench_pci_slot {
	struct pci_dev *pdev;
	void __iomem *bar0;	/* NULL when BAR0 is not MMIO */
};

static struct platform_device *dmabench_pdev;
static struct pci_dev *dmabench_pci_target;	/* pci= device, referenced */
static unsigned int dmabench_pci_dma_bits = 64;	/* set before the driver registers */

static DEFINE_MUTEX(dmabench_slot_lock);
static struct dmabench_pci_slot dmabench_slots[DMABENCH_DEV_COUNT];

/*
 * One device-side transfer at a time (edu has one engine), and remove()
 * waits for the one in flight before devres unmaps BAR0.  Taken before
 * dmabench_slot_lock.
 */
static DEFINE_MUTEX(dmabench_engine_lock);

struct device *dmabench_device_get(u32 devid)
{
	struct device *dev = NULL;

	if (devid == DMABENCH_DEV_PLATFORM)
		return get_device(&dmabench_pdev->dev);
	if (devid >= DMABENCH_DEV_COUNT)
		return NULL;
	mutex_lock(&dmabench_slot_lock);
	if (dmabench_slots[devid].pdev)
		dev = get_device(&dmabench_slots[devid].pdev->dev);
	mutex_unlock(&dmabench_slot_lock);
	return dev;
}

bool dmabench_device_present(u32 devid)
{
	bool present;

	if (devid == DMABENCH_DEV_PLATFORM)
		return true;
	if (devid >= DMABENCH_DEV_COUNT)
		return false;
	mutex_lock(&dmabench_slot_lock);
	present = dmabench_slots[devid].pdev;
	mutex_unlock(&dmabench_slot_lock);
	return present;
}

static bool dmabench_is_edu(struct pci_dev *pdev)
{
	return pdev->vendor == EDU_VENDOR_ID && pdev->device == EDU_DEVICE_ID;
}

/*
 * The registers of @dev's DMA engine in *@regs, with the engine lock held
 * until dmabench_engine_release().  -EOPNOTSUPP when @dev has no engine
 * this module drives (only edu has one), -ENODEV when it has gone.
 */
int dmabench_engine_acquire(struct device *dev, void __iomem **regs)
{
	u32 i;

	if (!dev_is_pci(dev) || !dmabench_is_edu(to_pci_dev(dev)))
		return -EOPNOTSUPP;
	*regs = NULL;
	mutex_lock(&dmabench_engine_lock);
	mutex_lock(&dmabench_slot_lock);
	for (i = 0; i < DMABENCH_DEV_COUNT; i++) {
		if (dmabench_slots[i].pdev && &dmabench_slots[i].pdev->dev == dev)
			*regs = dmabench_slots[i].bar0;
	}
	mutex_unlock(&dmabench_slot_lock);
	if (!*regs) {
		mutex_unlock(&dmabench_engine_lock);
		return -ENODEV;
	}
	return 0;
}

void dmabench_engine_release(void)
{
	mutex_unlock(&dmabench_engine_lock);
}

static void __iomem *dmabench_pci_map_bar0(struct pci_dev *pdev)
{
	if (!pci_resource_len(pdev, 0) ||
	    !(pci_resource_flags(pdev, 0) & IORESOURCE_MEM))
		return NULL;
	if (pcim_iomap_regions(pdev, BIT(0), DMABENCH_NAME))
		return NULL;
	return pcim_iomap_table(pdev)[0];
}

static int dmabench_pci_probe(struct pci_dev *pdev,
			      const struct pci_device_id *id)
{
	u32 which = pdev == dmabench_pci_target ? DMABENCH_DEV_PCI :
						  DMABENCH_DEV_EDU;
	void __iomem *bar0;
	int ret;

	ret = pcim_enable_device(pdev);
	if (ret)
		return ret;
	pci_set_master(pdev);
	ret = dma_set_mask_and_coherent(&pdev->dev,
					DMA_BIT_MASK(dmabench_pci_dma_bits));
	if (ret)
		return ret;
	/*
	 * Like a GPU driver, claim no segment limit (the default is 64 KiB):
	 * an sg entry of a run's length is then legal for DMA-API debug.
	 */
	dma_set_max_seg_size(&pdev->dev, UINT_MAX);

	bar0 = dmabench_pci_map_bar0(pdev);
	if (dmabench_is_edu(pdev)) {
		/* Device-side DMA needs the edu's registers. */
		if (!bar0)
			return -ENODEV;
		dev_info(&pdev->dev, "edu id %#010x\n",
			 ioread32(bar0 + EDU_REG_ID));
	}

	mutex_lock(&dmabench_slot_lock);
	if (dmabench_slots[which].pdev) {
		mutex_unlock(&dmabench_slot_lock);
		dev_info(&pdev->dev, "another device is already in use\n");
		return -EBUSY;
	}
	dmabench_slots[which].pdev = pdev;
	dmabench_slots[which].bar0 = bar0;
	mutex_unlock(&dmabench_slot_lock);
	return 0;
}

/*
 * Files and buffers keep a reference on the struct device, so only the
 * slot goes; the BAR mapping and bus mastering are undone by devres.
 */
static void dmabench_pci_remove(struct pci_dev *pdev)
{
	u32 i;

	mutex_lock(&dmabench_engine_lock);
	mutex_lock(&dmabench_slot_lock);
	for (i = 0; i < DMABENCH_DEV_COUNT; i++) {
		if (dmabench_slots[i].pdev == pdev) {
			dmabench_slots[i].pdev = NULL;
			dmabench_slots[i].bar0 = NULL;
		}
	}
	mutex_unlock(&dmabench_slot_lock);
	mutex_unlock(&dmabench_engine_lock);
}

static const struct pci_device_id dmabench_pci_ids[] = {
	{ PCI_DEVICE(EDU_VENDOR_ID, EDU_DEVICE_ID) },
	{ }
};
MODULE_DEVICE_TABLE(pci, dmabench_pci_ids);

static struct pci_driver dmabench_pci_driver = {
	.name = DMABENCH_NAME,
	.id_table = dmabench_pci_ids,
	.probe = dmabench_pci_probe,
	.remove = dmabench_pci_remove,
};

/* Take the pci= device for this driver, refusing one bound elsewhere. */
static int dmabench_pci_target_claim(const char *slot)
{
	unsigned int domain, bus, devno, fn;
	struct pci_dev *pdev;
	char extra;
	int ret;

	if (sscanf(slot, "%x:%x:%x.%x%c", &domain, &bus, &devno, &fn,
		   &extra) != 4 || bus > 0xff || devno > 0x1f || fn > 7) {
		pr_err("pci=%s: expected DDDD:BB:DD.F\n", slot);
		return -EINVAL;
	}
	pdev = pci_get_domain_bus_and_slot(domain, bus, PCI_DEVFN(devno, fn));
	if (!pdev) {
		pr_err("pci=%s: no such device\n", slot);
		return -ENODEV;
	}

	/*
	 * driver_set_override() takes the device lock itself.  A driver
	 * binding in between is caught after pci_register_driver(): the
	 * device then never reaches our probe.
	 */
	device_lock(&pdev->dev);
	ret = pdev->dev.driver ? -EBUSY : 0;
	if (ret)
		pr_err("%s is bound to %s; unbind it first\n", slot,
		       pdev->dev.driver->name);
	device_unlock(&pdev->dev);
	if (!ret)
		ret = dmabench_set_driver_override(pdev, DMABENCH_NAME);
	if (ret) {
		pci_dev_put(pdev);
		return ret;
	}
	dmabench_pci_target = pdev;
	return 0;
}

static void dmabench_pci_target_release(void)
{
	struct pci_dev *pdev = dmabench_pci_target;

	if (!pdev)
		return;
	/* An empty string clears the override. */
	dmabench_set_driver_override(pdev, "");
	pci_dev_put(pdev);
	dmabench_pci_target = NULL;
}

static int dmabench_platform_init(unsigned int dma_bits)
{
	struct platform_device_info info = {
		.name = DMABENCH_NAME,
		.id = PLATFORM_DEVID_NONE,
		.dma_mask = DMA_BIT_MASK(dma_bits),
	};

	dmabench_pdev = platform_device_register_full(&info);
	if (IS_ERR(dmabench_pdev)) {
		int ret = PTR_ERR(dmabench_pdev);

		dmabench_pdev = NULL;
		return ret;
	}
	/* As for the PCI devices: no segment limit (platform dma_parms). */
	dma_set_max_seg_size(&dmabench_pdev->dev, UINT_MAX);
	return 0;
}

int dmabench_devices_init(const char *pci_slot, unsigned int dma_bits,
			  unsigned int pci_dma_bits)
{
	int ret;

	dmabench_pci_dma_bits = pci_dma_bits;
	ret = dmabench_platform_init(dma_bits);
	if (ret)
		return ret;

	if (pci_slot && *pci_slot) {
		ret = dmabench_pci_target_claim(pci_slot);
		if (ret)
			goto err_platform;
	}

	ret = pci_register_driver(&dmabench_pci_driver);
	if (ret)
		goto err_target;

	if (dmabench_pci_target && !dmabench_device_present(DMABENCH_DEV_PCI)) {
		pr_err("pci=%s: probe failed\n", pci_slot);
		ret = -ENODEV;
		goto err_driver;
	}
	return 0;

err_driver:
	pci_unregister_driver(&dmabench_pci_driver);
err_target:
	dmabench_pci_target_release();
err_platform:
	platform_device_unregister(dmabench_pdev);
	dmabench_pdev = NULL;
	return ret;
}

void dmabench_devices_exit(void)
{
	pci_unregister_driver(&dmabench_pci_driver);
	dmabench_pci_target_release();
	platform_device_unregister(dmabench_pdev);
	dmabench_pdev = NULL;
}
