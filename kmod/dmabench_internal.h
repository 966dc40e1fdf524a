/* SPDX-License-Identifier: GPL-2.0 */
/*
 * dmabench: declarations shared by the module's files.
 *
 * Object lifetimes, in one place:
 *  - struct dmabench_file lives from open() to release().  Every VMA holds
 *    a reference on the struct file, so release() only runs when no
 *    mapping of any of its buffers is left.
 *  - struct dmabench_buffer is reference counted: one reference for the
 *    file's handle, one per VMA, one per ioctl working on it, one for its
 *    dma-buf while exported (dmabuf_export.c).  The memory goes with the
 *    last reference, so FREE on a mapped buffer is safe, and an exported
 *    buffer outlives its file's close.
 *  - struct dmabench_file's memory (its byte-cap charge, which buffers
 *    give back when they go) is reference counted apart from the open
 *    file: release() drops the handles and the file's own reference, each
 *    buffer holds one more.  No buffer ever holds the struct file, so a
 *    file importing its own export (or two importing each other's) is
 *    still released on close: no cycle.
 */
#ifndef _DMABENCH_INTERNAL_H
#define _DMABENCH_INTERNAL_H

#include <linux/atomic.h>
#include <linux/dma-direction.h>
#include <linux/dma-mapping.h>
#include <linux/gfp.h>
#include <linux/kref.h>
#include <linux/mm.h>
#include <linux/mmzone.h>
#include <linux/mutex.h>
#include <linux/scatterlist.h>
#include <linux/types.h>
#include <linux/xarray.h>

#include "dmabench.h"

#define DMABENCH_NAME		"dmabench"
#define DMABENCH_MAX_HANDLE	65535U

/*
 * Largest physically contiguous allocation the page allocator makes.
 * MAX_ORDER changed meaning in 6.4 and became MAX_PAGE_ORDER in 6.8;
 * MAX_ORDER_NR_PAGES means the same thing in all of them.
 */
#define DMABENCH_MAX_CONTIG	((u64)PAGE_SIZE * MAX_ORDER_NR_PAGES)

/*
 * Every allocation a caller's request makes: a request the machine cannot
 * meet fails with ENOMEM after reclaim, and never wakes the OOM killer
 * (which would kill some other process for memory this module holds).
 * The byte cap keeps the sum under max_bytes; these keep any max_bytes
 * from reaching the OOM killer.
 */
#define DMABENCH_GFP_NOOOM	(GFP_KERNEL | __GFP_NOWARN | __GFP_RETRY_MAYFAIL)
/* Buffer pages: zeroed, since user space maps them. */
#define DMABENCH_GFP_PAGES	(DMABENCH_GFP_NOOOM | __GFP_ZERO)

/* Module-wide state: parameters and the live counters of GET_INFO. */
struct dmabench_stats {
	atomic64_t live_buffers;
	atomic64_t live_bytes;
	atomic64_t live_mmaps;
	atomic64_t live_files;
};

extern struct dmabench_stats dmabench_stats;
extern u64 dmabench_byte_cap;		/* on the sum over all files */

/* One open file of /dev/dmabench. */
struct dmabench_file {
	struct kref ref;		/* the open file's, one per buffer */
	struct mutex lock;		/* device choice, handle table */
	struct xarray handles;		/* handle -> struct dmabench_buffer */
	atomic64_t bytes_held;		/* this file's part of the module's bytes */
	u32 devid;			/* enum dmabench_dev */
	struct device *dev;		/* holds a reference */
	struct address_space *mapping;	/* where user PTEs of buffers live */
};

struct dmabench_buffer;
struct dma_buf;
struct dma_buf_attachment;

/*
 * What each kind of buffer does.  alloc() fills the buffer's memory fields
 * from kind/size/node/dir/entries/attrs; free() undoes it.  mmap() maps the
 * whole VMA (its vm_pgoff relative to the buffer for the call, as the
 * dma_mmap_*() helpers take it) or leaves PTEs to fault(), which is NULL
 * when mmap() maps everything; fault_prot() is the pgprot fault() gives
 * the PTEs of a VMA of @prot (NULL: the VMA's own).  map() takes
 * DMABENCH_ATTRS_MAP bits.  map/unmap/sync are NULL for kinds that do not
 * support them.
 */
struct dmabench_kind_ops {
	int (*alloc)(struct dmabench_buffer *buf);
	void (*free)(struct dmabench_buffer *buf);
	int (*mmap)(struct dmabench_buffer *buf, struct vm_area_struct *vma);
	vm_fault_t (*fault)(struct dmabench_buffer *buf, struct vm_fault *vmf);
	pgprot_t (*fault_prot)(struct dmabench_buffer *buf, pgprot_t prot);
	int (*map)(struct dmabench_buffer *buf, enum dma_data_direction dir,
		   u32 attrs);
	void (*unmap)(struct dmabench_buffer *buf);
	void (*sync)(struct dmabench_buffer *buf, u32 to, u64 offset, u64 len);
};

struct dmabench_buffer {
	struct kref ref;
	struct mutex lock;		/* mapping, caching, vaddr, user_* (vs faults) */
	const struct dmabench_kind_ops *ops;
	struct dmabench_file *owner;	/* charged for @size */
	struct device *dev;		/* holds a reference */
	u32 kind;			/* enum dmabench_kind */
	enum dma_data_direction dir;	/* noncoherent, noncontig: of alloc */
	int node;
	u64 size;
	unsigned long npages;
	unsigned long pgoff;		/* mmap offset in pages, never reused */
	unsigned int entries;		/* page kinds: 0 = merged sg table */
	bool populated;			/* alloc() succeeded, free() pending */
	bool exported;			/* a dma-buf of it lives (under @lock) */
	u32 attrs;			/* DMABENCH_ATTRS_ALLOC bits of its alloc() */

	/* Memory, per kind. */
	void *vaddr;			/* kernel mapping */
	dma_addr_t dma_addr;		/* coherent, noncoherent, noncontig */
	struct page *page;		/* noncoherent */
	struct sg_table *nc_sgt;	/* noncontig: dma_alloc_noncontiguous()'s */
	struct page **pages;		/* page kinds */
	struct sg_table sgt;		/* page kinds */
	gfp_t zone;			/* page kinds: 0 or GFP_DMA32 */
	bool mapped;			/* page kinds: sgt is DMA-mapped */
	enum dma_data_direction map_dir;
	u32 map_attrs;			/* DMABENCH_ATTRS_MAP bits of the mapping */
	u32 caching;			/* enum dmabench_caching */

	/* userptr: pages[] holds @npinned pins of the user range at @uaddr. */
	unsigned long uaddr;
	unsigned long npinned;
	bool pin_write;			/* pinned with FOLL_WRITE */
	bool user_claimed;		/* counted in userptr.c's user_maps */

	/* import: the dma-buf, attached to @dev and mapped in @dir. */
	struct dma_buf *dmabuf;		/* holds a reference */
	struct dma_buf_attachment *attach;
	struct sg_table *import_sgt;

	/* BUF_INFO: measured once after ALLOC (USERPTR), see buf_info.c. */
	u32 kmap;			/* enum dmabench_kmap of @vaddr */
	u32 phys_chunks;		/* physically contiguous runs, 0: unknown */
	/* The last mmap: the VMA's pgprot before and after the kind's mmap(). */
	bool user_mapped;
	pgprot_t user_prot_base;
	pgprot_t user_prot_vma;
};

/*
 * DMABENCH_ATTR_* in the DMA API's words (DMA_ATTR_*): the one place they
 * are translated.  Inline: the kinds' alloc() and free(), which BENCH's
 * ALLOC_FREE times, call it, and it costs them a few register operations.
 */
static inline unsigned long dmabench_dma_attrs(u32 attrs)
{
	unsigned long dma = 0;

	if (attrs & DMABENCH_ATTR_WRITE_COMBINE)
		dma |= DMA_ATTR_WRITE_COMBINE;
	if (attrs & DMABENCH_ATTR_NO_KERNEL_MAPPING)
		dma |= DMA_ATTR_NO_KERNEL_MAPPING;
	if (attrs & DMABENCH_ATTR_FORCE_CONTIGUOUS)
		dma |= DMA_ATTR_FORCE_CONTIGUOUS;
	if (attrs & DMABENCH_ATTR_ALLOC_SINGLE_PAGES)
		dma |= DMA_ATTR_ALLOC_SINGLE_PAGES;
	if (attrs & DMABENCH_ATTR_SKIP_CPU_SYNC)
		dma |= DMA_ATTR_SKIP_CPU_SYNC;
	return dma;
}

/*
 * Whether the module may use @buf->vaddr as a kernel address.  A
 * DMA_ATTR_NO_KERNEL_MAPPING buffer's is a cookie (dma-direct: its struct
 * page), whatever the DMA layer made of the attribute: PATTERN, the
 * kernel access ops and mmap refuse it (-EINVAL).
 */
static inline bool dmabench_buffer_has_kmap(const struct dmabench_buffer *buf)
{
	return !(buf->attrs & DMABENCH_ATTR_NO_KERNEL_MAPPING);
}

/* main.c */
void dmabench_vma_set_flags(struct vm_area_struct *vma, unsigned long flags);

/* file.c */
struct dmabench_file *dmabench_file_create(struct address_space *mapping);
u64 dmabench_bytes_held_all(void);
void dmabench_file_destroy(struct dmabench_file *f);
void dmabench_file_put(struct dmabench_file *f);
int dmabench_file_charge(struct dmabench_file *f, u64 bytes);
void dmabench_file_uncharge(struct dmabench_file *f, u64 bytes);
struct device *dmabench_file_get_dev(struct dmabench_file *f, u32 *devid);
struct dmabench_buffer *dmabench_file_new_buffer(struct dmabench_file *f,
						 u32 kind, u64 size, int node,
						 u32 dir, u32 attrs);
int dmabench_ioctl_set_device(struct dmabench_file *f, void __user *arg);

/* device.c */
int dmabench_devices_init(const char *pci_slot, unsigned int dma_bits,
			  unsigned int pci_dma_bits);
void dmabench_devices_exit(void);
struct device *dmabench_device_get(u32 devid);
bool dmabench_device_present(u32 devid);
int dmabench_engine_acquire(struct device *dev, void __iomem **regs);
void dmabench_engine_disable(struct device *dev);
void dmabench_engine_release(void);

/* buffer.c */
bool dmabench_kind_valid(u32 kind);
bool dmabench_dir_valid(u32 dir);
bool dmabench_node_valid(s32 node);
bool dmabench_size_valid(u64 size);
u32 dmabench_kind_caching(u32 kind);
u32 dmabench_kind_alloc_attrs(u32 kind);
struct dmabench_buffer *dmabench_buffer_new(struct dmabench_file *f,
					    struct device *dev, u32 kind,
					    u64 size, int node, u32 dir,
					    u32 attrs);
int dmabench_buffer_populate(struct dmabench_buffer *buf);
void dmabench_buffer_put(struct dmabench_buffer *buf);
struct dmabench_buffer *dmabench_buffer_lookup(struct dmabench_file *f,
					       u32 handle);
int dmabench_buffer_mmap(struct dmabench_file *f, struct vm_area_struct *vma);
int dmabench_buffer_mmap_at(struct dmabench_buffer *buf,
			    struct vm_area_struct *vma);
bool dmabench_range_valid(u64 size, u64 offset, u64 len);

/* buffer_ioctl.c */
int dmabench_ioctl_alloc(struct dmabench_file *f, void __user *arg);
int dmabench_ioctl_free(struct dmabench_file *f, void __user *arg);
int dmabench_ioctl_map(struct dmabench_file *f, void __user *arg);
int dmabench_ioctl_unmap(struct dmabench_file *f, void __user *arg);
int dmabench_ioctl_sync(struct dmabench_file *f, void __user *arg);
int dmabench_handle_insert(struct dmabench_file *f,
			   struct dmabench_buffer *buf, u32 *handle);
void dmabench_handle_unpublish(struct dmabench_file *f, u32 handle,
			       struct dmabench_buffer *buf);

/* coherent.c, noncoherent.c, noncontig.c, pages.c, ttm.c: the kinds */
extern const struct dmabench_kind_ops dmabench_coherent_ops;
extern const struct dmabench_kind_ops dmabench_noncoherent_ops;
extern const struct dmabench_kind_ops dmabench_noncontig_ops;
extern const struct dmabench_kind_ops dmabench_streaming_ops;
extern const struct dmabench_kind_ops dmabench_ttm_ops;
extern const struct dmabench_kind_ops dmabench_userptr_ops;
extern const struct dmabench_kind_ops dmabench_import_ops;

/* pages.c: page-array helpers shared by streaming, wc and uc */
int dmabench_pages_alloc(struct dmabench_buffer *buf);
void dmabench_pages_free(struct dmabench_buffer *buf);
int dmabench_pages_vmap(struct dmabench_buffer *buf);
void dmabench_pages_vunmap(struct dmabench_buffer *buf);
int dmabench_pages_mmap(struct dmabench_buffer *buf,
			struct vm_area_struct *vma);
vm_fault_t dmabench_pages_fault(struct dmabench_buffer *buf,
				struct vm_fault *vmf);
int dmabench_pages_map(struct dmabench_buffer *buf,
		       enum dma_data_direction dir, u32 attrs);
pgprot_t dmabench_pages_fault_prot(struct dmabench_buffer *buf, pgprot_t prot);
void dmabench_pages_unmap(struct dmabench_buffer *buf);
void dmabench_pages_sync(struct dmabench_buffer *buf, u32 to, u64 offset,
			 u64 len);
void dmabench_sgt_sync(struct device *dev, struct sg_table *sgt,
		       enum dma_data_direction dir, u32 to);
unsigned int dmabench_max_segment(struct device *dev);
bool dmabench_dev_translated(struct device *dev);
struct page *dmabench_alloc_contig(int node, unsigned long npages, gfp_t zone);
gfp_t dmabench_dma_zone(struct device *dev);
void dmabench_free_contig(struct page *page, unsigned long npages);

/* plant.c: the gate benchmark's planted slowdown of chosen BENCH ops */
u64 dmabench_plant_stretch(u32 op, u64 t0, u64 t1);
bool dmabench_plant_active(void);

/* ttm.c */
pgprot_t dmabench_caching_prot(u32 caching, pgprot_t prot);
int dmabench_set_caching(struct page **pages, unsigned long npages,
			 u32 *caching, u32 to);
int dmabench_set_caching_range(void *vaddr, unsigned long npages, u32 *caching,
			       u32 to);
bool dmabench_has_set_pages_array(void);
int dmabench_ioctl_move(struct dmabench_file *f, void __user *arg);

/* userptr.c */
int dmabench_ioctl_userptr(struct dmabench_file *f, void __user *arg);
int dmabench_userptr_pin(struct dmabench_buffer *buf, bool may_yield);
void dmabench_userptr_unpin(struct dmabench_buffer *buf, bool may_yield);
int dmabench_userptr_table(struct dmabench_buffer *buf);
int dmabench_userptr_reachable(struct dmabench_buffer *buf);
int dmabench_userptr_claim(struct dmabench_buffer *buf,
			   enum dma_data_direction dir, u32 attrs);
void dmabench_userptr_unclaim(struct dmabench_buffer *buf);
int dmabench_sgt_reachable(struct device *dev, struct sg_table *sgt);

/* noncontig.c: the allocation alone, for BENCH ALLOC_FREE */
int dmabench_noncontig_table_alloc(struct dmabench_buffer *buf);
void dmabench_noncontig_table_free(struct dmabench_buffer *buf);

/* coherent.c: BUF_INFO's kmap and phys_chunks, from dma_get_sgtable_attrs() */
void dmabench_coherent_describe(struct dmabench_buffer *buf);

/* buf_info.c */
int dmabench_ioctl_buf_info(struct dmabench_file *f, void __user *arg);
void dmabench_buffer_describe(struct dmabench_buffer *buf);
u32 dmabench_kmap_of(const void *vaddr);
u32 dmabench_sgt_phys_runs(struct sg_table *sgt);

/* dmabuf_export.c, dmabuf_import.c */
int dmabench_ioctl_export(struct dmabench_file *f, void __user *arg);
int dmabench_ioctl_import(struct dmabench_file *f, void __user *arg);

/* info.c */
int dmabench_ioctl_get_info(struct dmabench_file *f, void __user *arg);
int dmabench_probe_need_sync(struct device *dev, bool *need_sync);
u32 dmabench_iommu_domain(struct device *dev);

/* facts.c */
int dmabench_ioctl_facts(struct dmabench_file *f, void __user *arg);

/* pattern.c */
int dmabench_ioctl_pattern(struct dmabench_file *f, void __user *arg);

/* bench.c, bench_ops.c */
int dmabench_ioctl_bench(struct dmabench_file *f, void __user *arg);
bool dmabench_cache_flush_available(void);

/* edu_dma.c */
int dmabench_ioctl_device_dma(struct dmabench_file *f, void __user *arg);

#endif /* _DMABENCH_INTERNAL_H */
