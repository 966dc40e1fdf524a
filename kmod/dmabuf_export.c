// SPDX-License-Identifier: GPL-2.0
/*
 * dmabench: EXPORT, a buffer of this module shared as a dma-buf, with the
 * module as its exporter (drivers/dma-buf/udmabuf.c and drm_prime.c are
 * the models: one sg table per importer mapping, made from the buffer's
 * pages and DMA-mapped for the importer's device).
 *
 * Lifetime: the dma-buf holds a reference on the buffer (and through it
 * the buffer's device and its file's charge, dmabench_internal.h), never
 * on a struct file, so the buffer outlives FREE's refusal and the file's
 * close, and a file importing its own export is released on close.  While
 * the dma-buf lives the buffer is marked exported (FREE and MOVE: -EBUSY,
 * a second EXPORT: -EBUSY).
 *
 * Locks: the dma-buf core may hold the reservation lock around map and
 * unmap (6.2+; dma_buf_map_attachment_unlocked() takes it), so the
 * exporter's own lock, which keeps the attachments and their mappings,
 * ranks below it, and the buffer's lock below both (begin/end_cpu_access
 * sync the buffer's own mapping under it).  No code holding a buffer's
 * lock calls into the dma-buf core.
 */
#include <linux/dma-buf.h>
#include <linux/dma-mapping.h>
#include <linux/err.h>
#include <linux/fcntl.h>
#include <linux/file.h>
#include <linux/list.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/scatterlist.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/timekeeping.h>
#include <linux/uaccess.h>

#include "dmabench_internal.h"

/* Until 6.12 a bare token (both kernels the module is built for); a string since. */
#ifdef DMABENCH_IMPORT_NS_TOKEN
MODULE_IMPORT_NS(DMA_BUF);
#else
MODULE_IMPORT_NS("DMA_BUF");
#endif

/* The dma-buf's private data. */
struct dmabench_exporter {
	struct dmabench_buffer *buf;	/* holds a reference */
	struct mutex lock;		/* @attachments and their @maps */
	struct list_head attachments;	/* struct dmabench_attachment */
};

/* An importer's attachment (attach->priv). */
struct dmabench_attachment {
	struct list_head node;		/* in dmabench_exporter.attachments */
	struct device *dev;
	struct list_head maps;		/* struct dmabench_attach_map */
};

/*
 * One map_dma_buf(): its table, DMA-mapped for the importer's device, and
 * a copy of its entries taken before the core hands it on: with
 * CONFIG_DMABUF_DEBUG (default with DMA_API_DEBUG: the debug kernel) the
 * core scrambles the page links of what the importer holds, and a sync on
 * a device the DMA layer maintains by physical address (a non-coherent one
 * behind an IOMMU) reads them.  The copy is what CPU access syncs.
 */
struct dmabench_attach_map {
	struct list_head node;		/* in dmabench_attachment.maps */
	struct sg_table sgt;
	struct sg_table cpu;
	enum dma_data_direction dir;
};

static bool dmabench_kind_exportable(const struct dmabench_buffer *buf)
{
	switch (buf->kind) {
	case DMABENCH_KIND_COHERENT:
		/* No mmap (coherent.c) and no pages to share for certain. */
		return dmabench_buffer_has_kmap(buf);
	case DMABENCH_KIND_STREAMING:
	case DMABENCH_KIND_WC:
	case DMABENCH_KIND_UC:
	case DMABENCH_KIND_NONCOHERENT:
	case DMABENCH_KIND_NONCONTIG:
		return true;
	default:
		return false;
	}
}

/*
 * @src's CPU entries into @dst, cut into pieces of at most @max_seg bytes
 * (a page multiple: every piece after an entry's first starts on a page).
 */
static int dmabench_sgt_copy(struct sg_table *dst, struct sg_table *src,
			     unsigned int max_seg)
{
	struct scatterlist *s, *d;
	unsigned int i, n = 0;
	u64 pos, abs;
	u32 len;
	int ret;

	/* Not DIV_ROUND_UP(): length + max_seg - 1 wraps for a 4 GiB segment. */
	for_each_sgtable_sg(src, s, i)
		n += s->length / max_seg + !!(s->length % max_seg);
	ret = sg_alloc_table(dst, n, DMABENCH_GFP_NOOOM);
	if (ret)
		return ret;
	d = dst->sgl;
	for_each_sgtable_sg(src, s, i) {
		for (pos = 0; pos < s->length; pos += len) {
			len = min_t(u64, s->length - pos, max_seg);
			abs = s->offset + pos;
			sg_set_page(d, nth_page(sg_page(s), abs >> PAGE_SHIFT),
				    len, offset_in_page(abs));
			d = sg_next(d);
		}
	}
	return 0;
}

/*
 * The importer's table of the buffer's memory, its pages merged up to what
 * @dev takes as one segment: the page kinds' page list, noncontig's table,
 * noncoherent's one run, and coherent memory as dma_get_sgtable_attrs() of
 * the exporter's device (with the buffer's attributes) describes it.
 */
static int dmabench_export_table(struct dmabench_buffer *buf,
				 struct device *dev, struct sg_table *sgt)
{
	unsigned int max_seg = dmabench_max_segment(dev);
	struct scatterlist one;
	struct sg_table tmp;
	int ret;

	switch (buf->kind) {
	case DMABENCH_KIND_STREAMING:
	case DMABENCH_KIND_WC:
	case DMABENCH_KIND_UC:
		return sg_alloc_table_from_pages_segment(sgt, buf->pages,
							 buf->npages, 0,
							 buf->size, max_seg,
							 DMABENCH_GFP_NOOOM);
	case DMABENCH_KIND_NONCONTIG:
		return dmabench_sgt_copy(sgt, buf->nc_sgt, max_seg);
	case DMABENCH_KIND_NONCOHERENT:
		/* dma_alloc_pages(): one run, at most the largest order. */
		sg_init_table(&one, 1);
		sg_set_page(&one, buf->page, buf->size, 0);
		tmp.sgl = &one;
		tmp.orig_nents = 1;
		tmp.nents = 1;
		return dmabench_sgt_copy(sgt, &tmp, max_seg);
	case DMABENCH_KIND_COHERENT:
		ret = dma_get_sgtable_attrs(buf->dev, &tmp, buf->vaddr,
					    buf->dma_addr, buf->size,
					    dmabench_dma_attrs(buf->attrs));
		if (ret)
			return ret;
		ret = dmabench_sgt_copy(sgt, &tmp, max_seg);
		sg_free_table(&tmp);
		return ret;
	default:
		return -EINVAL;
	}
}

static int dmabench_dmabuf_attach(struct dma_buf *dmabuf,
				  struct dma_buf_attachment *attach)
{
	struct dmabench_exporter *exp = dmabuf->priv;
	struct dmabench_attachment *a;

	a = kzalloc(sizeof(*a), GFP_KERNEL);
	if (!a)
		return -ENOMEM;
	a->dev = attach->dev;
	INIT_LIST_HEAD(&a->maps);
	mutex_lock(&exp->lock);
	list_add(&a->node, &exp->attachments);
	mutex_unlock(&exp->lock);
	attach->priv = a;
	return 0;
}

static void dmabench_attach_map_free(struct device *dev,
				     struct dmabench_attach_map *m)
{
	sg_free_table(&m->cpu);
	dma_unmap_sgtable(dev, &m->sgt, m->dir, DMA_ATTR_SKIP_CPU_SYNC);
	sg_free_table(&m->sgt);
	kfree(m);
}

/*
 * @src's entries, DMA fields and all, into a new table of as many, whose
 * own chain and end marks stay as they are.
 */
static int dmabench_sgt_shadow(struct sg_table *dst, struct sg_table *src)
{
	struct scatterlist *s, *d;
	unsigned long marks;
	unsigned int i;
	int ret;

	ret = sg_alloc_table(dst, src->orig_nents, DMABENCH_GFP_NOOOM);
	if (ret)
		return ret;
	d = dst->sgl;
	for_each_sgtable_sg(src, s, i) {
		marks = d->page_link & SG_PAGE_LINK_MASK;
		*d = *s;
		d->page_link = (s->page_link & ~SG_PAGE_LINK_MASK) | marks;
		d = sg_next(d);
	}
	dst->nents = src->nents;
	return 0;
}

/* An importer must unmap before it detaches; what it left is undone here. */
static void dmabench_dmabuf_detach(struct dma_buf *dmabuf,
				   struct dma_buf_attachment *attach)
{
	struct dmabench_exporter *exp = dmabuf->priv;
	struct dmabench_attachment *a = attach->priv;
	struct dmabench_attach_map *m, *tmp;

	mutex_lock(&exp->lock);
	list_del(&a->node);
	mutex_unlock(&exp->lock);
	list_for_each_entry_safe(m, tmp, &a->maps, node) {
		WARN_ONCE(1, "dma-buf detached with a mapping left\n");
		list_del(&m->node);
		dmabench_attach_map_free(a->dev, m);
	}
	kfree(a);
}

/*
 * Mapped and unmapped with DMA_ATTR_SKIP_CPU_SYNC, as drm_prime.c's
 * drm_gem_map_dma_buf() does: the CPU's side is begin_cpu_access and
 * end_cpu_access (DMA_BUF_IOCTL_SYNC), which sync every mapping.  Without
 * it two importers of one dma-buf, or an importer and the buffer's own
 * mapping, would be overlapping streaming mappings that each do cache
 * maintenance, which the DMA API does not allow (DMA-API debug: "cacheline
 * tracking EEXIST").  Under swiotlb the map still fills the bounce slots;
 * what the device wrote reaches the pages at begin_cpu_access only.
 *
 * A new table for each call (the core caches nothing for this exporter),
 * so that an importer's map is the work it names: the table built and
 * DMA-mapped for the importer's device in the attachment's direction,
 * bounced or translated as that device needs.  A device that cannot reach
 * a page, with nothing to bounce it, gets -ERANGE, as USERPTR says it.
 */
static struct sg_table *dmabench_dmabuf_map(struct dma_buf_attachment *attach,
					    enum dma_data_direction dir)
{
	struct dmabench_exporter *exp = attach->dmabuf->priv;
	struct dmabench_attachment *a = attach->priv;
	struct dmabench_attach_map *m;
	int ret;

	m = kzalloc(sizeof(*m), GFP_KERNEL);
	if (!m)
		return ERR_PTR(-ENOMEM);
	ret = dmabench_export_table(exp->buf, attach->dev, &m->sgt);
	if (ret)
		goto err_free;
	ret = dmabench_sgt_reachable(attach->dev, &m->sgt);
	if (!ret)
		ret = dma_map_sgtable(attach->dev, &m->sgt, dir,
				      DMA_ATTR_SKIP_CPU_SYNC);
	if (ret)
		goto err_table;
	ret = dmabench_sgt_shadow(&m->cpu, &m->sgt);
	if (ret) {
		dma_unmap_sgtable(attach->dev, &m->sgt, dir,
				  DMA_ATTR_SKIP_CPU_SYNC);
		goto err_table;
	}
	m->dir = dir;
	mutex_lock(&exp->lock);
	list_add(&m->node, &a->maps);
	mutex_unlock(&exp->lock);
	return &m->sgt;

err_table:
	sg_free_table(&m->sgt);
err_free:
	kfree(m);
	return ERR_PTR(ret);
}

static void dmabench_dmabuf_unmap(struct dma_buf_attachment *attach,
				  struct sg_table *sgt,
				  enum dma_data_direction dir)
{
	struct dmabench_exporter *exp = attach->dmabuf->priv;
	struct dmabench_attach_map *m =
		container_of(sgt, struct dmabench_attach_map, sgt);

	mutex_lock(&exp->lock);
	list_del(&m->node);
	mutex_unlock(&exp->lock);
	dmabench_attach_map_free(attach->dev, m);
}

/* The last reference to the dma-buf: the buffer may be freed now. */
static void dmabench_dmabuf_release(struct dma_buf *dmabuf)
{
	struct dmabench_exporter *exp = dmabuf->priv;
	struct dmabench_buffer *buf = exp->buf;

	WARN_ON(!list_empty(&exp->attachments));
	mutex_lock(&buf->lock);
	buf->exported = false;
	mutex_unlock(&buf->lock);
	dmabench_buffer_put(buf);
	mutex_destroy(&exp->lock);
	kfree(exp);
}

/*
 * DMA_BUF_IOCTL_SYNC: every importer mapping synced on its device in the
 * direction it was mapped with (the DMA API's rule, whatever @dir the
 * user gave), and the buffer's own mapping for its own device, where the
 * kind has one (noncoherent, noncontig; the page kinds while MAPped).
 */
static void dmabench_dmabuf_sync(struct dmabench_exporter *exp, u32 to)
{
	struct dmabench_buffer *buf = exp->buf;
	struct dmabench_attachment *a;
	struct dmabench_attach_map *m;

	mutex_lock(&exp->lock);
	list_for_each_entry(a, &exp->attachments, node) {
		list_for_each_entry(m, &a->maps, node)
			dmabench_sgt_sync(a->dev, &m->cpu, m->dir, to);
	}
	mutex_lock(&buf->lock);
	if (buf->ops->sync && (!buf->ops->map || buf->mapped))
		buf->ops->sync(buf, to, 0, buf->size);
	mutex_unlock(&buf->lock);
	mutex_unlock(&exp->lock);
}

static int dmabench_dmabuf_begin_cpu(struct dma_buf *dmabuf,
				     enum dma_data_direction dir)
{
	dmabench_dmabuf_sync(dmabuf->priv, DMABENCH_SYNC_FOR_CPU);
	return 0;
}

static int dmabench_dmabuf_end_cpu(struct dma_buf *dmabuf,
				   enum dma_data_direction dir)
{
	dmabench_dmabuf_sync(dmabuf->priv, DMABENCH_SYNC_FOR_DEVICE);
	return 0;
}

/* The kind's own mmap, through the path /dev/dmabench's mmap takes. */
static int dmabench_dmabuf_mmap(struct dma_buf *dmabuf,
				struct vm_area_struct *vma)
{
	struct dmabench_exporter *exp = dmabuf->priv;

	return dmabench_buffer_mmap_at(exp->buf, vma);
}

static const struct dma_buf_ops dmabench_dmabuf_ops = {
	.attach = dmabench_dmabuf_attach,
	.detach = dmabench_dmabuf_detach,
	.map_dma_buf = dmabench_dmabuf_map,
	.unmap_dma_buf = dmabench_dmabuf_unmap,
	.release = dmabench_dmabuf_release,
	.begin_cpu_access = dmabench_dmabuf_begin_cpu,
	.end_cpu_access = dmabench_dmabuf_end_cpu,
	.mmap = dmabench_dmabuf_mmap,
};

/*
 * Mark @buf exported if @handle still names it and no dma-buf of it lives:
 * under the file's lock, as FREE looks (buffer_ioctl.c), and the buffer's,
 * as MOVE and the dma-buf's release do.
 */
static int dmabench_export_claim(struct dmabench_file *f, u32 handle,
				 struct dmabench_buffer *buf)
{
	int ret = 0;

	mutex_lock(&f->lock);
	mutex_lock(&buf->lock);
	if (xa_load(&f->handles, handle) != buf)
		ret = -ENOENT;
	else if (buf->exported)
		ret = -EBUSY;
	else
		buf->exported = true;
	mutex_unlock(&buf->lock);
	mutex_unlock(&f->lock);
	return ret;
}

static void dmabench_export_unclaim(struct dmabench_buffer *buf)
{
	mutex_lock(&buf->lock);
	buf->exported = false;
	mutex_unlock(&buf->lock);
}

/*
 * The dma-buf of @buf, whose reference (the caller's) it takes over, and
 * an fd reserved for it, not installed yet: the caller installs it once
 * the user has the number, so that no error leaves an fd behind.
 */
static struct dma_buf *dmabench_export_make(struct dmabench_buffer *buf,
					    struct dmabench_export *e)
{
	DEFINE_DMA_BUF_EXPORT_INFO(exp_info);
	struct dmabench_exporter *exp;
	struct dma_buf *dmabuf;
	u64 t0;
	int fd;

	exp = kzalloc(sizeof(*exp), GFP_KERNEL);
	if (!exp)
		return ERR_PTR(-ENOMEM);
	exp->buf = buf;
	mutex_init(&exp->lock);
	INIT_LIST_HEAD(&exp->attachments);
	exp_info.ops = &dmabench_dmabuf_ops;
	exp_info.size = buf->size;
	exp_info.flags = O_RDWR;
	exp_info.priv = exp;

	t0 = ktime_get_ns();
	fd = get_unused_fd_flags(e->flags & DMABENCH_EXPORT_CLOEXEC ? O_CLOEXEC : 0);
	if (fd < 0) {
		dmabuf = ERR_PTR(fd);
		goto err;
	}
	dmabuf = dma_buf_export(&exp_info);
	e->ns = ktime_get_ns() - t0;
	if (IS_ERR(dmabuf)) {
		put_unused_fd(fd);
		goto err;
	}
	e->fd = fd;
	return dmabuf;

err:
	mutex_destroy(&exp->lock);
	kfree(exp);
	return dmabuf;
}

int dmabench_ioctl_export(struct dmabench_file *f, void __user *arg)
{
	struct dmabench_buffer *buf;
	struct dmabench_export e;
	struct dma_buf *dmabuf;
	int ret;

	if (copy_from_user(&e, arg, sizeof(e)))
		return -EFAULT;
	if ((e.flags & ~DMABENCH_EXPORT_FLAGS) || e.pad ||
	    memchr_inv(e.reserved, 0, sizeof(e.reserved)))
		return -EINVAL;
	buf = dmabench_buffer_lookup(f, e.handle);
	if (!buf)
		return -ENOENT;
	ret = -EINVAL;
	if (!dmabench_kind_exportable(buf))
		goto out_put;
	ret = dmabench_export_claim(f, e.handle, buf);
	if (ret)
		goto out_put;

	e.fd = -1;
	e.ns = 0;
	dmabuf = dmabench_export_make(buf, &e);
	if (IS_ERR(dmabuf)) {
		ret = PTR_ERR(dmabuf);
		dmabench_export_unclaim(buf);
		goto out_put;
	}
	/* From here the dma-buf holds our reference on @buf. */
	if (copy_to_user(arg, &e, sizeof(e))) {
		put_unused_fd(e.fd);
		/* Its release unmarks and puts the buffer. */
		dma_buf_put(dmabuf);
		return -EFAULT;
	}
	fd_install(e.fd, dmabuf->file);
	return 0;

out_put:
	dmabench_buffer_put(buf);
	return ret;
}
