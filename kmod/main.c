// SPDX-License-Identifier: GPL-2.0
/*
 * dmabench: module entry, parameters and the /dev/dmabench misc device.
 *
 * A kernel-side harness for coherent vs streaming DMA measurements, in the
 * shape of mm/gup_test.c: user space drives it through one ioctl per
 * operation (include/uapi/dmabench.h).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/build_bug.h>
#include <linux/fs.h>
#include <linux/miscdevice.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/uaccess.h>

#include "dmabench_internal.h"

static unsigned int dma_bits = 64;
module_param(dma_bits, uint, 0444);
MODULE_PARM_DESC(dma_bits, "DMA mask bits of the private platform device (default 64)");

static unsigned int pci_dma_bits;
module_param(pci_dma_bits, uint, 0444);
MODULE_PARM_DESC(pci_dma_bits, "DMA mask bits of the PCI devices, edu and pci= (default 0: edu 28, QEMU's default, pci= 32)");

static unsigned long long max_bytes;
module_param(max_bytes, ullong, 0444);
MODULE_PARM_DESC(max_bytes, "Bytes all open files together may hold (0 = half of the memory available at load)");

static char *pci = "";
module_param(pci, charp, 0444);
MODULE_PARM_DESC(pci, "PCI device DDDD:BB:DD.F to bind for DMA (default none)");

struct dmabench_stats dmabench_stats;
u64 dmabench_byte_cap;

/* The ABI is the layout: fail the build rather than a user. */
static_assert(sizeof(struct dmabench_info) == DMABENCH_INFO_SIZE);
static_assert(sizeof(struct dmabench_set_device) == DMABENCH_SET_DEVICE_SIZE);
static_assert(sizeof(struct dmabench_alloc) == DMABENCH_ALLOC_SIZE);
static_assert(sizeof(struct dmabench_handle) == DMABENCH_HANDLE_SIZE);
static_assert(sizeof(struct dmabench_map) == DMABENCH_MAP_SIZE);
static_assert(sizeof(struct dmabench_sync) == DMABENCH_SYNC_SIZE);
static_assert(sizeof(struct dmabench_move) == DMABENCH_MOVE_SIZE);
static_assert(sizeof(struct dmabench_pattern) == DMABENCH_PATTERN_SIZE);
static_assert(sizeof(struct dmabench_bench) == DMABENCH_BENCH_SIZE);
static_assert(sizeof(struct dmabench_device_dma) == DMABENCH_DEVICE_DMA_SIZE);
static_assert(sizeof(struct dmabench_facts) == DMABENCH_FACTS_SIZE);
static_assert(sizeof(struct dmabench_userptr) == DMABENCH_USERPTR_SIZE);
static_assert(sizeof(struct dmabench_buf_info) == DMABENCH_BUF_INFO_SIZE);
static_assert(sizeof(struct dmabench_export) == DMABENCH_EXPORT_SIZE);
static_assert(sizeof(struct dmabench_import) == DMABENCH_IMPORT_SIZE);

/*
 * vm_flags became read-only behind helpers in 6.3.  The Makefile probes
 * the kernel headers for features instead of comparing versions, so that
 * backports are followed too.
 */
void dmabench_vma_set_flags(struct vm_area_struct *vma, unsigned long flags)
{
#ifdef DMABENCH_HAVE_VM_FLAGS_SET
	vm_flags_set(vma, flags);
#else
	vma->vm_flags |= flags;
#endif
}

static int dmabench_open(struct inode *inode, struct file *file)
{
	struct dmabench_file *f;

	f = dmabench_file_create(file->f_mapping);
	if (IS_ERR(f))
		return PTR_ERR(f);
	file->private_data = f;
	return 0;
}

static int dmabench_release(struct inode *inode, struct file *file)
{
	dmabench_file_destroy(file->private_data);
	return 0;
}

static int dmabench_mmap(struct file *file, struct vm_area_struct *vma)
{
	return dmabench_buffer_mmap(file->private_data, vma);
}

static long dmabench_ioctl(struct file *file, unsigned int cmd,
			   unsigned long arg)
{
	struct dmabench_file *f = file->private_data;
	void __user *uarg = (void __user *)arg;

	switch (cmd) {
	case DMABENCH_IOC_GET_INFO:
		return dmabench_ioctl_get_info(f, uarg);
	case DMABENCH_IOC_SET_DEVICE:
		return dmabench_ioctl_set_device(f, uarg);
	case DMABENCH_IOC_ALLOC:
		return dmabench_ioctl_alloc(f, uarg);
	case DMABENCH_IOC_FREE:
		return dmabench_ioctl_free(f, uarg);
	case DMABENCH_IOC_MAP:
		return dmabench_ioctl_map(f, uarg);
	case DMABENCH_IOC_UNMAP:
		return dmabench_ioctl_unmap(f, uarg);
	case DMABENCH_IOC_SYNC:
		return dmabench_ioctl_sync(f, uarg);
	case DMABENCH_IOC_MOVE:
		return dmabench_ioctl_move(f, uarg);
	case DMABENCH_IOC_PATTERN:
		return dmabench_ioctl_pattern(f, uarg);
	case DMABENCH_IOC_BENCH:
		return dmabench_ioctl_bench(f, uarg);
	case DMABENCH_IOC_DEVICE_DMA:
		return dmabench_ioctl_device_dma(f, uarg);
	case DMABENCH_IOC_FACTS:
		return dmabench_ioctl_facts(f, uarg);
	case DMABENCH_IOC_USERPTR:
		return dmabench_ioctl_userptr(f, uarg);
	case DMABENCH_IOC_BUF_INFO:
		return dmabench_ioctl_buf_info(f, uarg);
	case DMABENCH_IOC_EXPORT:
		return dmabench_ioctl_export(f, uarg);
	case DMABENCH_IOC_IMPORT:
		return dmabench_ioctl_import(f, uarg);
	default:
		return -ENOTTY;
	}
}

static const struct file_operations dmabench_fops = {
	.owner = THIS_MODULE,
	.open = dmabench_open,
	.release = dmabench_release,
	.mmap = dmabench_mmap,
	.unlocked_ioctl = dmabench_ioctl,
	/* Every struct has the same layout for 32- and 64-bit callers. */
	.compat_ioctl = compat_ptr_ioctl,
	.llseek = noop_llseek,
};

static struct miscdevice dmabench_misc = {
	.minor = MISC_DYNAMIC_MINOR,
	.name = DMABENCH_NAME,
	.fops = &dmabench_fops,
	.mode = 0600,
};

/*
 * Half of what the page allocator could hand out at load, not half of RAM:
 * a swiotlb pool, the initramfs and the kernel's own memory are not there to
 * take, and buffers at a cap near the rest leave their own page tables and
 * vmap areas (GFP_KERNEL inside vmap()) to the OOM killer.
 */
static u64 __init dmabench_default_byte_cap(void)
{
	long avail = si_mem_available();

	return avail > 0 ? ((u64)avail << PAGE_SHIFT) / 2 : 0;
}

static int __init dmabench_init(void)
{
	int ret;

	if (dma_bits < 12 || dma_bits > 64) {
		pr_err("dma_bits=%u out of range 12..64\n", dma_bits);
		return -EINVAL;
	}
	if (pci_dma_bits && (pci_dma_bits < 12 || pci_dma_bits > 64)) {
		pr_err("pci_dma_bits=%u out of range 12..64 (0: the device's own)\n",
		       pci_dma_bits);
		return -EINVAL;
	}
	dmabench_byte_cap = max_bytes ? max_bytes : dmabench_default_byte_cap();

	ret = dmabench_devices_init(pci, dma_bits, pci_dma_bits);
	if (ret)
		return ret;

	ret = misc_register(&dmabench_misc);
	if (ret) {
		dmabench_devices_exit();
		return ret;
	}
	pr_info("ready: byte cap %llu, dma_bits %u, pci_dma_bits %u\n",
		dmabench_byte_cap, dma_bits, pci_dma_bits);
	return 0;
}

static void __exit dmabench_exit(void)
{
	misc_deregister(&dmabench_misc);
	dmabench_devices_exit();
}

module_init(dmabench_init);
module_exit(dmabench_exit);

MODULE_DESCRIPTION("dmabench: coherent vs streaming DMA benchmark harness");
MODULE_LICENSE("GPL");
