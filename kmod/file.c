// SPDX-License-Identifier: GPL-2.0
/*
 * dmabench: per open file state: the DMA device, the handle table and the
 * bytes it holds against the module-wide byte cap.
 */
#include <linux/device.h>
#include <linux/err.h>
#include <linux/mm.h>
#include <linux/overflow.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include "dmabench_internal.h"

struct dmabench_file *dmabench_file_create(struct address_space *mapping)
{
	struct dmabench_file *f;

	f = kzalloc(sizeof(*f), GFP_KERNEL);
	if (!f)
		return ERR_PTR(-ENOMEM);
	f->dev = dmabench_device_get(DMABENCH_DEV_PLATFORM);
	if (!f->dev) {
		kfree(f);
		return ERR_PTR(-ENODEV);
	}
	f->devid = DMABENCH_DEV_PLATFORM;
	kref_init(&f->ref);
	mutex_init(&f->lock);
	xa_init_flags(&f->handles, XA_FLAGS_ALLOC1);
	f->mapping = mapping;
	atomic64_inc(&dmabench_stats.live_files);
	return f;
}

static void dmabench_file_release(struct kref *ref)
{
	struct dmabench_file *f = container_of(ref, struct dmabench_file, ref);

	WARN_ON(atomic64_read(&f->bytes_held));
	mutex_destroy(&f->lock);
	kfree(f);
}

/* The last buffer of a closed file gives its memory back. */
void dmabench_file_put(struct dmabench_file *f)
{
	kref_put(&f->ref, dmabench_file_release);
}

/*
 * Called from release(): no ioctl can run and no VMA of /dev/dmabench is
 * left (each holds the struct file), so dropping the handle references
 * frees every buffer but those a dma-buf still holds (exported ones: each
 * keeps @f's memory, with its charge, until its dma-buf goes).  Imports go
 * here too, which is where a file importing its own export lets it go.
 */
void dmabench_file_destroy(struct dmabench_file *f)
{
	struct dmabench_buffer *buf;
	unsigned long handle;

	xa_for_each(&f->handles, handle, buf) {
		xa_erase(&f->handles, handle);
		dmabench_buffer_put(buf);
	}
	xa_destroy(&f->handles);
	put_device(f->dev);
	f->dev = NULL;
	atomic64_dec(&dmabench_stats.live_files);
	dmabench_file_put(f);
}

/* Bytes all files hold: what dmabench_byte_cap limits. */
static atomic64_t dmabench_bytes_charged = ATOMIC64_INIT(0);

u64 dmabench_bytes_held_all(void)
{
	return atomic64_read(&dmabench_bytes_charged);
}

/*
 * Whether @bytes more still leave the machine an eighth of its RAM.  A
 * buffer's pages come with __GFP_RETRY_MAYFAIL, but its vmap() page tables,
 * sg table and IOMMU page tables are GFP_KERNEL, which would rather wake the
 * OOM killer than fail: with max_bytes= above what is free, the cap alone
 * let a fuzzer's ALLOC take the last pages and vmap() kill the test script.
 */
static bool dmabench_mem_room(u64 bytes)
{
	u64 reserve = ((u64)totalram_pages() << PAGE_SHIFT) / 8;
	long avail = si_mem_available();
	u64 room;

	if (avail <= 0)
		return false;
	room = (u64)avail << PAGE_SHIFT;
	return room > reserve && bytes <= room - reserve;
}

/*
 * Charge @bytes to @f, or -ENOMEM if all files together would go over the
 * cap (a cap per file would let enough opens reach any amount of memory) or
 * the machine would be left too little (dmabench_mem_room()).
 */
int dmabench_file_charge(struct dmabench_file *f, u64 bytes)
{
	s64 old = atomic64_read(&dmabench_bytes_charged);
	u64 sum;

	if (!dmabench_mem_room(bytes))
		return -ENOMEM;
	do {
		if (check_add_overflow((u64)old, bytes, &sum) ||
		    sum > dmabench_byte_cap)
			return -ENOMEM;
	} while (!atomic64_try_cmpxchg(&dmabench_bytes_charged, &old, (s64)sum));
	atomic64_add(bytes, &f->bytes_held);
	return 0;
}

void dmabench_file_uncharge(struct dmabench_file *f, u64 bytes)
{
	atomic64_sub(bytes, &f->bytes_held);
	atomic64_sub(bytes, &dmabench_bytes_charged);
}

/* The file's current DMA device, with a reference the caller drops. */
struct device *dmabench_file_get_dev(struct dmabench_file *f, u32 *devid)
{
	struct device *dev;

	mutex_lock(&f->lock);
	dev = get_device(f->dev);
	if (devid)
		*devid = f->devid;
	mutex_unlock(&f->lock);
	return dev;
}

/*
 * A new buffer for the file's current device.  Charging under the file's
 * lock keeps SET_DEVICE from switching devices under a buffer being born.
 */
struct dmabench_buffer *dmabench_file_new_buffer(struct dmabench_file *f,
						 u32 kind, u64 size, int node,
						 u32 dir, u32 attrs)
{
	struct dmabench_buffer *buf;

	mutex_lock(&f->lock);
	buf = dmabench_buffer_new(f, f->dev, kind, size, node, dir, attrs);
	mutex_unlock(&f->lock);
	return buf;
}

int dmabench_ioctl_set_device(struct dmabench_file *f, void __user *arg)
{
	struct dmabench_set_device sd;
	struct device *dev;
	int ret = 0;

	if (copy_from_user(&sd, arg, sizeof(sd)))
		return -EFAULT;
	if (sd.pad || sd.device >= DMABENCH_DEV_COUNT)
		return -EINVAL;

	dev = dmabench_device_get(sd.device);
	if (!dev)
		return -ENODEV;

	mutex_lock(&f->lock);
	/* Buffers (and running benches) stay on the device they began on. */
	if (!xa_empty(&f->handles) || atomic64_read(&f->bytes_held)) {
		ret = -EBUSY;
	} else {
		swap(f->dev, dev);
		f->devid = sd.device;
	}
	mutex_unlock(&f->lock);
	put_device(dev);
	return ret;
}
