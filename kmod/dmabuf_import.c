// SPDX-License-Identifier: GPL-2.0
/*
 * dmabench: IMPORT and the import kind, a dma-buf of any exporter (this
 * module's EXPORT, udmabuf, a dma-heap) attached to the file's device and
 * mapped in one direction, as a driver importing a buffer does
 * (drm_gem_prime_import_dev()): dma_buf_get(), dma_buf_attach(),
 * dma_buf_map_attachment_unlocked(), and at FREE or close the unmap, the
 * detach and dma_buf_put().
 *
 * The handle's work is the importer's alone: DEVICE_DMA at the mapping's
 * DMA address (edu_dma.c), BUF_INFO and FREE.  Its CPU access is the
 * dma-buf's (DMA_BUF_IOCTL_SYNC on the fd from user space), so the kind has
 * no sync, no kernel mapping and no mmap.  No dma-buf call is ever made
 * with a buffer's lock held (dmabuf_export.c ranks that lock lowest).
 */
#include <linux/dma-buf.h>
#include <linux/err.h>
#include <linux/numa.h>
#include <linux/string.h>
#include <linux/timekeeping.h>
#include <linux/uaccess.h>

#include "compat.h"
#include "dmabench_internal.h"

/* Never through ALLOC (buffer_ioctl.c) nor BENCH (bench_ops.c). */
static int dmabench_import_alloc(struct dmabench_buffer *buf)
{
	return -EINVAL;
}

/* From the buffer's last put, with no lock held: unmap, detach, put. */
static void dmabench_import_free(struct dmabench_buffer *buf)
{
	dmabench_dma_buf_unmap(buf->attach, buf->import_sgt, buf->dir);
	dma_buf_detach(buf->dmabuf, buf->attach);
	dma_buf_put(buf->dmabuf);
	buf->import_sgt = NULL;
	buf->attach = NULL;
	buf->dmabuf = NULL;
}

/* The dma-buf fd has its own mmap. */
static int dmabench_import_mmap(struct dmabench_buffer *buf,
				struct vm_area_struct *vma)
{
	return -EINVAL;
}

const struct dmabench_kind_ops dmabench_import_ops = {
	.alloc = dmabench_import_alloc,
	.free = dmabench_import_free,
	.mmap = dmabench_import_mmap,
};

static int dmabench_import_check(const struct dmabench_import *im)
{
	if (im->flags || im->pad ||
	    memchr_inv(im->reserved, 0, sizeof(im->reserved)) ||
	    !dmabench_dir_valid(im->dir))
		return -EINVAL;
	return 0;
}

/*
 * Attach @dmabuf to the buffer's device and map it in the buffer's
 * direction, timed apart.  On success the buffer owns the caller's
 * reference on @dmabuf and is populated (its free() undoes all of it).
 */
static int dmabench_import_attach(struct dmabench_buffer *buf,
				  struct dma_buf *dmabuf,
				  struct dmabench_import *im)
{
	struct dma_buf_attachment *attach;
	struct sg_table *sgt;
	u64 t0;

	t0 = ktime_get_ns();
	attach = dma_buf_attach(dmabuf, buf->dev);
	im->attach_ns = ktime_get_ns() - t0;
	if (IS_ERR(attach))
		return PTR_ERR(attach);
	t0 = ktime_get_ns();
	sgt = dmabench_dma_buf_map(attach, buf->dir);
	im->map_ns = ktime_get_ns() - t0;
	if (IS_ERR(sgt)) {
		dma_buf_detach(dmabuf, attach);
		return PTR_ERR(sgt);
	}
	buf->dmabuf = dmabuf;
	buf->attach = attach;
	buf->import_sgt = sgt;
	buf->populated = true;
	im->nents = sgt->nents;
	im->dma_addr = sg_dma_address(sgt->sgl);
	return 0;
}

int dmabench_ioctl_import(struct dmabench_file *f, void __user *arg)
{
	struct dmabench_buffer *buf;
	struct dmabench_import im;
	struct dma_buf *dmabuf;
	int ret;

	if (copy_from_user(&im, arg, sizeof(im)))
		return -EFAULT;
	ret = dmabench_import_check(&im);
	if (ret)
		return ret;
	im.handle = 0;
	im.size = 0;
	im.nents = 0;
	im.dma_addr = 0;
	im.attach_ns = 0;
	im.map_ns = 0;

	/* -EBADF for no open fd, -EINVAL for one that is no dma-buf. */
	dmabuf = dma_buf_get(im.fd);
	if (IS_ERR(dmabuf))
		return PTR_ERR(dmabuf);
	/* What any buffer of the module must be (a dma-buf's always is). */
	if (!dmabench_size_valid(dmabuf->size)) {
		dma_buf_put(dmabuf);
		return -EINVAL;
	}
	im.size = dmabuf->size;
	/* Charged to the byte cap like the memory it is. */
	buf = dmabench_file_new_buffer(f, DMABENCH_KIND_IMPORT, dmabuf->size,
				       NUMA_NO_NODE, im.dir, 0);
	if (IS_ERR(buf)) {
		dma_buf_put(dmabuf);
		return PTR_ERR(buf);
	}
	ret = dmabench_import_attach(buf, dmabuf, &im);
	if (ret) {
		dma_buf_put(dmabuf);
		goto out_put;
	}

	kref_get(&buf->ref);
	ret = dmabench_handle_insert(f, buf, &im.handle);
	if (ret) {
		dmabench_buffer_put(buf);
		goto out_put;
	}
	if (copy_to_user(arg, &im, sizeof(im))) {
		dmabench_handle_unpublish(f, im.handle, buf);
		ret = -EFAULT;
	}
out_put:
	/* The last put, on an error, detaches and puts the dma-buf. */
	dmabench_buffer_put(buf);
	return ret;
}
