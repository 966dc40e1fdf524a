// SPDX-License-Identifier: GPL-2.0
/*
 * dmabench: the struct devices DMA is done for.
 *
 *  - a private platform device with a driver of its own, bound like any
 *    other so that the bus configures its DMA (dma_configure()) and the
 *    mask (the dma_bits parameter) goes through dma_set_mask_and_coherent()
 *    and dma_supported(); it is never behind an IOMMU, so it shows
 *    dma-direct (and swiotlb);
 *  - QEMU's edu PCI device (1234:11e8), which has a real DMA engine and
 *    sits behind an emulated IOMMU when the lab adds one;
 *  - any PCI device named by the pci= parameter, bound through
 *    driver_override the way kernel/dma/map_benchmark.c is used.
 *
 * A PCI device's mask is the pci_dma_bits parameter, or what the device is
 * known to drive when it is not given: edu truncates addresses above its
 * dma_mask property, 28 bits unless QEMU is told otherwise, and any other
 * device gets the 32 bits PCI promises.  A mask the platform refuses
 * fails the load with a sentence, never the first MAP with a WARN.
 *
 * Neither driver can be unbound through sysfs (suppress_bind_attrs): files
 * hold buffers mapped for the device, and unbinding under them would leave
 * live DMA behind.  The BAR0 mapping of the PCI devices is kept for
 * device-side DMA work.
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
/* QEMU's edu: the dma_mask property's default (hw/misc/edu.c). */
#define EDU_DEFAULT_DMA_BITS	28
/* What every PCI device handles: the mask the PCI core starts it with. */
#define PCI_DEFAULT_DMA_BITS	32

struct dmabench_pci_slot {
	struct pci_dev *pdev;
	void __iomem *bar0;	/* NULL when BAR0 is not MMIO */
	bool engine_off;	/* a transfer timed out: bus mastering is off */
};

static struct platform_device *dmabench_pdev;
static struct pci_dev *dmabench_pci_target;	/* pci= device, referenced */

/* Set before the drivers register; 0 = the device's own (see above). */
static unsigned int dmabench_platform_dma_bits;
static unsigned int dmabench_pci_dma_bits;
/* What the platform driver's probe said; -ENODEV if it never ran. */
static int dmabench_platform_probe_ret;

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

static struct dmabench_pci_slot *dmabench_slot_of(struct device *dev)
{
	u32 i;

	lockdep_assert_held(&dmabench_slot_lock);
	for (i = 0; i < DMABENCH_DEV_COUNT; i++) {
		if (dmabench_slots[i].pdev && &dmabench_slots[i].pdev->dev == dev)
			return &dmabench_slots[i];
	}
	return NULL;
}

/*
 * The registers of @dev's DMA engine in *@regs, with the engine lock held
 * until dmabench_engine_release().  -EOPNOTSUPP when @dev has no engine
 * this module drives (only edu has one), -ENODEV when it has gone, -EIO
 * when a transfer timed out and the engine was switched off.
 */
int dmabench_engine_acquire(struct device *dev, void __iomem **regs)
{
	struct dmabench_pci_slot *slot;
	int ret = 0;

	if (!dev_is_pci(dev) || !dmabench_is_edu(to_pci_dev(dev)))
		return -EOPNOTSUPP;
	*regs = NULL;
	mutex_lock(&dmabench_engine_lock);
	mutex_lock(&dmabench_slot_lock);
	slot = dmabench_slot_of(dev);
	if (!slot || !slot->bar0)
		ret = -ENODEV;
	else if (slot->engine_off)
		ret = -EIO;
	else
		*regs = slot->bar0;
	mutex_unlock(&dmabench_slot_lock);
	if (ret)
		mutex_unlock(&dmabench_engine_lock);
	return ret;
}

/*
 * A transfer did not finish in time: the engine may still write memory
 * whenever it wakes up, into a buffer the caller is about to unmap or free,
 * or into a swiotlb slot already handed to someone else.  Clearing bus
 * mastering stops the device from reaching memory at all (the config write
 * is non-posted, so it has taken effect when this returns); the engine
 * stays off until the module is loaded again.  Called with the engine
 * lock held.
 */
void dmabench_engine_disable(struct device *dev)
{
	struct dmabench_pci_slot *slot;

	lockdep_assert_held(&dmabench_engine_lock);
	mutex_lock(&dmabench_slot_lock);
	slot = dmabench_slot_of(dev);
	if (slot && !slot->engine_off) {
		pci_clear_master(slot->pdev);
		slot->engine_off = true;
	}
	mutex_unlock(&dmabench_slot_lock);
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

static unsigned int dmabench_pci_bits_for(struct pci_dev *pdev)
{
	if (dmabench_pci_dma_bits)
		return dmabench_pci_dma_bits;
	return dmabench_is_edu(pdev) ? EDU_DEFAULT_DMA_BITS :
				       PCI_DEFAULT_DMA_BITS;
}

static int dmabench_pci_set_mask(struct pci_dev *pdev)
{
	unsigned int bits = dmabench_pci_bits_for(pdev);
	int ret;

	ret = dma_set_mask_and_coherent(&pdev->dev, DMA_BIT_MASK(bits));
	if (ret) {
		dev_err(&pdev->dev, "the platform cannot do DMA for a %u-bit device (pci_dma_bits)\n",
			bits);
		return ret;
	}
	/*
	 * Like a GPU driver, claim no segment limit (the default is 64 KiB):
	 * an sg entry of a run's length is then legal for DMA-API debug.
	 */
	dma_set_max_seg_size(&pdev->dev, UINT_MAX);
	return 0;
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
	ret = dmabench_pci_set_mask(pdev);
	if (ret)
		return ret;
	pci_set_master(pdev);

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
	dmabench_slots[which].engine_off = false;
	mutex_unlock(&dmabench_slot_lock);
	return 0;
}

/*
 * Only rmmod (no file open then) or the device's removal from the bus
 * (hot-unplug, sysfs "remove") gets here: sysfs unbind is refused.  Bus
 * mastering goes off first, so that whatever files still hold mapped for
 * the device can no longer be reached by it.  Files and buffers keep a
 * reference on the struct device, so only the slot goes; the BAR mapping
 * is undone by devres.
 */
static void dmabench_pci_remove(struct pci_dev *pdev)
{
	u32 i;

	mutex_lock(&dmabench_engine_lock);
	pci_clear_master(pdev);
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
	.driver = {
		.suppress_bind_attrs = true,
		.probe_type = PROBE_FORCE_SYNCHRONOUS,
	},
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

/*
 * Runs after the bus has configured the device's DMA (really_probe() calls
 * dma_configure() first).  dma_set_mask_and_coherent() asks
 * dma_supported(), and on 6.12 sets up dma_need_sync() for the new mask.
 */
static int dmabench_platform_probe(struct platform_device *pdev)
{
	unsigned int bits = dmabench_platform_dma_bits;
	int ret;

	ret = dma_set_mask_and_coherent(&pdev->dev, DMA_BIT_MASK(bits));
	if (ret) {
		dev_err(&pdev->dev, "dma_bits=%u: the platform cannot do DMA with this mask\n",
			bits);
		goto out;
	}
	/* As for the PCI devices: no segment limit (platform dma_parms). */
	dma_set_max_seg_size(&pdev->dev, UINT_MAX);
out:
	dmabench_platform_probe_ret = ret;
	return ret;
}

static struct platform_driver dmabench_platform_driver = {
	.probe = dmabench_platform_probe,
	.driver = {
		.name = DMABENCH_NAME,
		.suppress_bind_attrs = true,
		.probe_type = PROBE_FORCE_SYNCHRONOUS,
	},
};

/* The driver first, so that registering the device binds it at once. */
static int dmabench_platform_init(unsigned int dma_bits)
{
	struct platform_device_info info = {
		.name = DMABENCH_NAME,
		.id = PLATFORM_DEVID_NONE,
	};
	int ret;

	dmabench_platform_dma_bits = dma_bits;
	dmabench_platform_probe_ret = -ENODEV;
	ret = platform_driver_register(&dmabench_platform_driver);
	if (ret)
		return ret;
	dmabench_pdev = platform_device_register_full(&info);
	if (IS_ERR(dmabench_pdev)) {
		ret = PTR_ERR(dmabench_pdev);
		dmabench_pdev = NULL;
		goto err_driver;
	}
	ret = dmabench_platform_probe_ret;
	if (ret)
		goto err_device;
	return 0;

err_device:
	platform_device_unregister(dmabench_pdev);
	dmabench_pdev = NULL;
err_driver:
	platform_driver_unregister(&dmabench_platform_driver);
	return ret;
}

static void dmabench_platform_exit(void)
{
	platform_device_unregister(dmabench_pdev);
	dmabench_pdev = NULL;
	platform_driver_unregister(&dmabench_platform_driver);
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
	dmabench_platform_exit();
	return ret;
}

void dmabench_devices_exit(void)
{
	pci_unregister_driver(&dmabench_pci_driver);
	dmabench_pci_target_release();
	dmabench_platform_exit();
}
