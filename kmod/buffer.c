// SPDX-License-Identifier: GPL-2.0
/*
 * dmabench: buffer lifetime, handle lookup and user mappings.
 *
 * mmap offsets come from one module-wide page counter that only grows
 * (each buffer takes its pages plus a guard page), so an offset range
 * names exactly one buffer forever and unmap_mapping_range() on the
 * shared f_mapping zaps exactly that buffer's PTEs.
 */
#include <linux/device.h>
#include <linux/mm.h>
#include <linux/nodemask.h>
#include <linux/numa.h>
#include <linux/overflow.h>
#include <linux/slab.h>

#include "dmabench_internal.h"

static atomic64_t dmabench_next_pgoff = ATOMIC64_INIT(0);

static const struct dmabench_kind_ops *const dmabench_kinds[DMABENCH_KIND_COUNT] = {
	[DMABENCH_KIND_COHERENT] = &dmabench_coherent_ops,
	[DMABENCH_KIND_STREAMING] = &dmabench_streaming_ops,
	[DMABENCH_KIND_WC] = &dmabench_ttm_ops,
	[DMABENCH_KIND_UC] = &dmabench_ttm_ops,
	[DMABENCH_KIND_NONCOHERENT] = &dmabench_noncoherent_ops,
	[DMABENCH_KIND_USERPTR] = &dmabench_userptr_ops,
	[DMABENCH_KIND_NONCONTIG] = &dmabench_noncontig_ops,
	[DMABENCH_KIND_IMPORT] = &dmabench_import_ops,
};

bool dmabench_kind_valid(u32 kind)
{
	return kind < DMABENCH_KIND_COUNT;
}

bool dmabench_dir_valid(u32 dir)
{
	return dir == DMABENCH_DIR_BIDI || dir == DMABENCH_DIR_TO_DEVICE ||
	       dir == DMABENCH_DIR_FROM_DEVICE;
}

bool dmabench_node_valid(s32 node)
{
	if (node == NUMA_NO_NODE)
		return true;
	return node >= 0 && node < MAX_NUMNODES && node_online(node);
}

/*
 * A non-zero page multiple whose page count fits the int of
 * set_pages_array_*().  The byte cap is enforced when charging.
 */
bool dmabench_size_valid(u64 size)
{
	return size && PAGE_ALIGNED(size) && (size >> PAGE_SHIFT) <= INT_MAX;
}

/* [offset, offset + len) is non-empty and inside a buffer of @size. */
bool dmabench_range_valid(u64 size, u64 offset, u64 len)
{
	u64 end;

	return len && !check_add_overflow(offset, len, &end) && end <= size;
}

/* The caching a buffer of @kind is allocated with. */
u32 dmabench_kind_caching(u32 kind)
{
	if (kind == DMABENCH_KIND_WC)
		return DMABENCH_CACHING_WC;
	if (kind == DMABENCH_KIND_UC)
		return DMABENCH_CACHING_UC;
	return DMABENCH_CACHING_WB;
}

/*
 * The DMABENCH_ATTR_* an allocation of @kind takes (uapi header): the
 * coherent kind's dma_alloc_attrs() all of them, dma_alloc_noncontiguous()
 * ALLOC_SINGLE_PAGES alone (it WARNs on any other), the rest none.
 */
u32 dmabench_kind_alloc_attrs(u32 kind)
{
	if (kind == DMABENCH_KIND_COHERENT)
		return DMABENCH_ATTRS_ALLOC;
	if (kind == DMABENCH_KIND_NONCONTIG)
		return DMABENCH_ATTR_ALLOC_SINGLE_PAGES;
	return 0;
}

/*
 * A buffer without memory yet, charged to @f.  The caller has checked
 * kind, dir, node, @attrs against the kind and that @size is a non-zero
 * page multiple.
 */
struct dmabench_buffer *dmabench_buffer_new(struct dmabench_file *f,
					    struct device *dev, u32 kind,
					    u64 size, int node, u32 dir,
					    u32 attrs)
{
	struct dmabench_buffer *buf;
	s64 pgoff;
	int ret;

	ret = dmabench_file_charge(f, size);
	if (ret)
		return ERR_PTR(ret);
	buf = kzalloc(sizeof(*buf), GFP_KERNEL);
	if (!buf) {
		dmabench_file_uncharge(f, size);
		return ERR_PTR(-ENOMEM);
	}
	kref_init(&buf->ref);
	mutex_init(&buf->lock);
	buf->ops = dmabench_kinds[kind];
	kref_get(&f->ref);
	buf->owner = f;
	buf->dev = get_device(dev);
	buf->kind = kind;
	buf->dir = (enum dma_data_direction)dir;
	buf->node = node;
	buf->size = size;
	buf->npages = size >> PAGE_SHIFT;
	buf->caching = dmabench_kind_caching(kind);
	buf->attrs = attrs;
	buf->kmap = DMABENCH_KMAP_NONE;
	/*
	 * 2^51 pages of offsets (the limit of a 64-bit loff_t) last for
	 * decades even at a million one-page buffers a second.
	 */
	pgoff = atomic64_fetch_add(buf->npages + 1, &dmabench_next_pgoff);
	buf->pgoff = pgoff;
	atomic64_inc(&dmabench_stats.live_buffers);
	atomic64_add(size, &dmabench_stats.live_bytes);
	return buf;
}

int dmabench_buffer_populate(struct dmabench_buffer *buf)
{
	int ret;

	ret = buf->ops->alloc(buf);
	if (!ret)
		buf->populated = true;
	return ret;
}

static void dmabench_buffer_release(struct kref *ref)
{
	struct dmabench_buffer *buf =
		container_of(ref, struct dmabench_buffer, ref);

	if (buf->populated) {
		if (buf->mapped)
			buf->ops->unmap(buf);
		buf->ops->free(buf);
	}
	put_device(buf->dev);
	dmabench_file_uncharge(buf->owner, buf->size);
	dmabench_file_put(buf->owner);
	atomic64_sub(buf->size, &dmabench_stats.live_bytes);
	atomic64_dec(&dmabench_stats.live_buffers);
	mutex_destroy(&buf->lock);
	kfree(buf);
}

void dmabench_buffer_put(struct dmabench_buffer *buf)
{
	kref_put(&buf->ref, dmabench_buffer_release);
}

/* The buffer behind @handle with a reference, or NULL. */
struct dmabench_buffer *dmabench_buffer_lookup(struct dmabench_file *f,
					       u32 handle)
{
	struct dmabench_buffer *buf;

	if (!handle)
		return NULL;
	mutex_lock(&f->lock);
	buf = xa_load(&f->handles, handle);
	if (buf)
		kref_get(&buf->ref);
	mutex_unlock(&f->lock);
	return buf;
}

static void dmabench_vma_open(struct vm_area_struct *vma)
{
	struct dmabench_buffer *buf = vma->vm_private_data;

	kref_get(&buf->ref);
	atomic64_inc(&dmabench_stats.live_mmaps);
}

static void dmabench_vma_close(struct vm_area_struct *vma)
{
	struct dmabench_buffer *buf = vma->vm_private_data;

	atomic64_dec(&dmabench_stats.live_mmaps);
	dmabench_buffer_put(buf);
}

static vm_fault_t dmabench_vma_fault(struct vm_fault *vmf)
{
	struct dmabench_buffer *buf = vmf->vma->vm_private_data;

	if (!buf->ops->fault)
		return VM_FAULT_SIGBUS;
	return buf->ops->fault(buf, vmf);
}

static const struct vm_operations_struct dmabench_vm_ops = {
	.open = dmabench_vma_open,
	.close = dmabench_vma_close,
	.fault = dmabench_vma_fault,
};

/* The buffer whose offset range holds the whole of @vma, referenced. */
static struct dmabench_buffer *
dmabench_buffer_find_vma(struct dmabench_file *f, struct vm_area_struct *vma)
{
	unsigned long first = vma->vm_pgoff, npages = vma_pages(vma);
	struct dmabench_buffer *buf, *found = NULL;
	unsigned long handle;

	mutex_lock(&f->lock);
	xa_for_each(&f->handles, handle, buf) {
		if (first < buf->pgoff || first - buf->pgoff >= buf->npages)
			continue;
		if (npages <= buf->npages - (first - buf->pgoff)) {
			kref_get(&buf->ref);
			found = buf;
		}
		break;
	}
	mutex_unlock(&f->lock);
	return found;
}

/*
 * The kind's mmap() with vm_pgoff an offset into the buffer, as the
 * dma_mmap_*() helpers take it (as drm_gem_dma_mmap() arranges), and the
 * file offset put back after, so the VMA stays where
 * unmap_mapping_range() expects it.  The fault handlers of the page kinds
 * see the file offset again (vmf->pgoff).
 */
static int dmabench_kind_mmap(struct dmabench_buffer *buf,
			      struct vm_area_struct *vma)
{
	unsigned long pgoff = vma->vm_pgoff;
	int ret;

	vma->vm_pgoff -= buf->pgoff;
	ret = buf->ops->mmap(buf, vma);
	vma->vm_pgoff = pgoff;
	return ret;
}

/* Maps @vma of @buf; the caller's reference on @buf goes to the VMA. */
static int dmabench_buffer_mmap_ref(struct dmabench_buffer *buf,
				    struct vm_area_struct *vma)
{
	pgprot_t base;
	int ret;

	dmabench_vma_set_flags(vma, VM_DONTEXPAND | VM_DONTDUMP);
	base = vma->vm_page_prot;
	ret = dmabench_kind_mmap(buf, vma);
	if (ret) {
		dmabench_buffer_put(buf);
		return ret;
	}
	/* What the kind did to the pgprot, for BUF_INFO (which may race). */
	mutex_lock(&buf->lock);
	buf->user_mapped = true;
	buf->user_prot_base = base;
	buf->user_prot_vma = vma->vm_page_prot;
	mutex_unlock(&buf->lock);
	/* The reference taken by the lookup now belongs to the VMA. */
	vma->vm_private_data = buf;
	vma->vm_ops = &dmabench_vm_ops;
	atomic64_inc(&dmabench_stats.live_mmaps);
	return 0;
}

int dmabench_buffer_mmap(struct dmabench_file *f, struct vm_area_struct *vma)
{
	struct dmabench_buffer *buf;

	/* Private (COW) mappings of DMA memory make no sense. */
	if (!(vma->vm_flags & VM_SHARED))
		return -EINVAL;
	buf = dmabench_buffer_find_vma(f, vma);
	if (!buf)
		return -EINVAL;
	return dmabench_buffer_mmap_ref(buf, vma);
}

/*
 * An mmap of @buf's dma-buf, whose offsets start at the buffer's first
 * page (the dma-buf core has checked the VMA lies inside it).  The VMA
 * moves to the buffer's own offset range, as drm_gem_prime_mmap() moves
 * it to the object's, so that the kinds' mmap() and fault handlers see
 * what a /dev/dmabench mapping gives them, and counts in live_mmaps alike.
 */
int dmabench_buffer_mmap_at(struct dmabench_buffer *buf,
			    struct vm_area_struct *vma)
{
	int ret;

	if (!(vma->vm_flags & VM_SHARED))
		return -EINVAL;
	if (vma->vm_pgoff >= buf->npages ||
	    vma_pages(vma) > buf->npages - vma->vm_pgoff)
		return -EINVAL;
	vma->vm_pgoff += buf->pgoff;
	kref_get(&buf->ref);
	ret = dmabench_buffer_mmap_ref(buf, vma);
	if (ret)
		vma->vm_pgoff -= buf->pgoff;
	return ret;
}
