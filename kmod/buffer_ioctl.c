// SPDX-License-Identifier: GPL-2.0
/*
 * dmabench: the buffer ioctls ALLOC, FREE, MAP, UNMAP and SYNC.
 *
 * Each copies its struct in, checks every field, works on a referenced
 * buffer under the buffer's lock and copies the result out with no lock
 * held (a fault on the user pointer takes mmap_lock, which ranks above
 * both the file's and the buffer's locks).
 */
#include <linux/dma-mapping.h>
#include <linux/err.h>
#include <linux/timekeeping.h>
#include <linux/uaccess.h>

#include "dmabench_internal.h"

static int dmabench_alloc_check(const struct dmabench_alloc *a)
{
	if (a->pad)
		return -EINVAL;
	/* User memory comes through USERPTR, which has its address. */
	if (!dmabench_kind_valid(a->kind) || a->kind == DMABENCH_KIND_USERPTR ||
	    a->kind == DMABENCH_KIND_IMPORT ||
	    !dmabench_size_valid(a->size) ||
	    !dmabench_node_valid(a->node))
		return -EINVAL;
	/* Before any allocation: the DMA layer WARNs on some it cannot take. */
	if (a->flags & ~dmabench_kind_alloc_attrs(a->kind))
		return -EINVAL;
	/* Only dma_alloc_pages() and dma_alloc_noncontiguous() take one. */
	if (a->kind == DMABENCH_KIND_NONCOHERENT ||
	    a->kind == DMABENCH_KIND_NONCONTIG)
		return dmabench_dir_valid(a->dir) ? 0 : -EINVAL;
	return a->dir ? -EINVAL : 0;
}

int dmabench_handle_insert(struct dmabench_file *f,
			   struct dmabench_buffer *buf, u32 *handle)
{
	int ret;

	mutex_lock(&f->lock);
	ret = xa_alloc(&f->handles, handle, buf,
		       XA_LIMIT(1, DMABENCH_MAX_HANDLE), GFP_KERNEL);
	mutex_unlock(&f->lock);
	/* xa_alloc() says -EBUSY when every handle is taken. */
	return ret == -EBUSY ? -ENOSPC : ret;
}

/*
 * Drop the handle's reference, unless its buffer is exported (-EBUSY: the
 * header's rule).  EXPORT marks a buffer under both locks (dmabuf_export.c),
 * so a FREE and an EXPORT of one handle are ordered either way.
 */
static int dmabench_handle_remove(struct dmabench_file *f, u32 handle)
{
	struct dmabench_buffer *buf = NULL;
	bool busy = false;

	mutex_lock(&f->lock);
	if (handle)
		buf = xa_load(&f->handles, handle);
	if (buf) {
		mutex_lock(&buf->lock);
		busy = buf->exported;
		mutex_unlock(&buf->lock);
		if (!busy)
			xa_erase(&f->handles, handle);
	}
	mutex_unlock(&f->lock);
	if (!buf)
		return -ENOENT;
	if (busy)
		return -EBUSY;
	dmabench_buffer_put(buf);
	return 0;
}

/*
 * Undo the insert of @buf under @handle, unless another thread freed the
 * handle meanwhile (and maybe reused it for another buffer).
 */
void dmabench_handle_unpublish(struct dmabench_file *f, u32 handle,
			       struct dmabench_buffer *buf)
{
	void *old;

	mutex_lock(&f->lock);
	old = xa_cmpxchg(&f->handles, handle, buf, NULL, GFP_KERNEL);
	mutex_unlock(&f->lock);
	if (old == buf)
		dmabench_buffer_put(buf);
}

int dmabench_ioctl_alloc(struct dmabench_file *f, void __user *arg)
{
	struct dmabench_buffer *buf;
	struct dmabench_alloc a;
	int ret;

	if (copy_from_user(&a, arg, sizeof(a)))
		return -EFAULT;
	ret = dmabench_alloc_check(&a);
	if (ret)
		return ret;

	buf = dmabench_file_new_buffer(f, a.kind, a.size, a.node, a.dir,
				       a.flags);
	if (IS_ERR(buf))
		return PTR_ERR(buf);
	ret = dmabench_buffer_populate(buf);
	if (ret)
		goto out_put;
	/* Nobody else sees @buf yet: no lock needed. */
	dmabench_buffer_describe(buf);
	/*
	 * The handle gets its own reference; ours keeps @buf alive until the
	 * handle has reached the user.
	 */
	kref_get(&buf->ref);
	ret = dmabench_handle_insert(f, buf, &a.handle);
	if (ret) {
		dmabench_buffer_put(buf);
		goto out_put;
	}

	a.mmap_offset = (u64)buf->pgoff << PAGE_SHIFT;
	a.dma_addr = buf->dma_addr;
	if (copy_to_user(arg, &a, sizeof(a))) {
		dmabench_handle_unpublish(f, a.handle, buf);
		ret = -EFAULT;
	}
out_put:
	dmabench_buffer_put(buf);
	return ret;
}

int dmabench_ioctl_free(struct dmabench_file *f, void __user *arg)
{
	struct dmabench_handle h;

	if (copy_from_user(&h, arg, sizeof(h)))
		return -EFAULT;
	if (h.pad)
		return -EINVAL;
	return dmabench_handle_remove(f, h.handle);
}

static int dmabench_map_locked(struct dmabench_buffer *buf,
			       struct dmabench_map *m)
{
	u64 t0;
	int ret;

	/*
	 * An exported buffer's importers have it mapped (without cache
	 * maintenance, dmabuf_export.c): a mapping of its own made now would
	 * overlap theirs.  Map before exporting.
	 */
	if (buf->mapped || buf->exported)
		return -EBUSY;
	/* User pages another mapping holds: -EBUSY, untimed (userptr.c). */
	if (buf->kind == DMABENCH_KIND_USERPTR) {
		ret = dmabench_userptr_claim(buf, (enum dma_data_direction)m->dir,
					     m->flags);
		if (ret)
			return ret;
	}
	t0 = ktime_get_ns();
	ret = buf->ops->map(buf, (enum dma_data_direction)m->dir, m->flags);
	m->ns = ktime_get_ns() - t0;
	if (ret) {
		if (buf->kind == DMABENCH_KIND_USERPTR)
			dmabench_userptr_unclaim(buf);
		return ret;
	}
	m->nents = buf->sgt.nents;
	m->dma_addr = sg_dma_address(buf->sgt.sgl);
	return 0;
}

int dmabench_ioctl_map(struct dmabench_file *f, void __user *arg)
{
	struct dmabench_buffer *buf;
	struct dmabench_map m;
	int ret;

	if (copy_from_user(&m, arg, sizeof(m)))
		return -EFAULT;
	if ((m.flags & ~DMABENCH_ATTRS_MAP) || !dmabench_dir_valid(m.dir))
		return -EINVAL;
	buf = dmabench_buffer_lookup(f, m.handle);
	if (!buf)
		return -ENOENT;

	ret = -EINVAL;
	if (buf->ops->map) {
		mutex_lock(&buf->lock);
		ret = dmabench_map_locked(buf, &m);
		mutex_unlock(&buf->lock);
	}
	dmabench_buffer_put(buf);
	if (ret)
		return ret;
	return copy_to_user(arg, &m, sizeof(m)) ? -EFAULT : 0;
}

int dmabench_ioctl_unmap(struct dmabench_file *f, void __user *arg)
{
	struct dmabench_buffer *buf;
	struct dmabench_handle h;
	int ret = -EINVAL;

	if (copy_from_user(&h, arg, sizeof(h)))
		return -EFAULT;
	if (h.pad)
		return -EINVAL;
	buf = dmabench_buffer_lookup(f, h.handle);
	if (!buf)
		return -ENOENT;

	mutex_lock(&buf->lock);
	if (buf->ops->unmap && buf->mapped) {
		buf->ops->unmap(buf);
		ret = 0;
	}
	mutex_unlock(&buf->lock);
	dmabench_buffer_put(buf);
	return ret;
}

/* Syncs need a streaming mapping in the direction it was made with. */
static int dmabench_sync_locked(struct dmabench_buffer *buf,
				struct dmabench_sync *s)
{
	enum dma_data_direction dir;
	u64 t0;

	if (!buf->ops->sync)
		return -EINVAL;
	if (buf->ops->map) {
		if (!buf->mapped)
			return -EINVAL;
		dir = buf->map_dir;
	} else {
		dir = buf->dir;
	}
	if (s->dir != dir)
		return -EINVAL;

	t0 = ktime_get_ns();
	buf->ops->sync(buf, s->to, s->offset, s->len);
	s->ns = ktime_get_ns() - t0;
	return 0;
}

int dmabench_ioctl_sync(struct dmabench_file *f, void __user *arg)
{
	struct dmabench_buffer *buf;
	struct dmabench_sync s;
	int ret = -EINVAL;

	if (copy_from_user(&s, arg, sizeof(s)))
		return -EFAULT;
	if (s.pad || !dmabench_dir_valid(s.dir) ||
	    (s.to != DMABENCH_SYNC_FOR_CPU && s.to != DMABENCH_SYNC_FOR_DEVICE))
		return -EINVAL;
	buf = dmabench_buffer_lookup(f, s.handle);
	if (!buf)
		return -ENOENT;

	if (dmabench_range_valid(buf->size, s.offset, s.len)) {
		mutex_lock(&buf->lock);
		ret = dmabench_sync_locked(buf, &s);
		mutex_unlock(&buf->lock);
	}
	dmabench_buffer_put(buf);
	if (ret)
		return ret;
	return copy_to_user(arg, &s, sizeof(s)) ? -EFAULT : 0;
}
