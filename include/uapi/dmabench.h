/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * dmabench: the ioctl ABI of /dev/dmabench, shared by kmod/ and bench/.
 *
 * Every struct has a fixed size and explicit padding so that 32- and
 * 64-bit callers agree; sizes are asserted at the bottom of this file and
 * again in the module.  Reserved fields and pads must be zero: the module
 * returns -EINVAL otherwise, so they can be given meaning later without a
 * version bump.  Changing the meaning of an existing field bumps
 * DMABENCH_ABI_VERSION, which the harness checks before anything else.
 */
#ifndef _UAPI_DMABENCH_H
#define _UAPI_DMABENCH_H

#include <linux/types.h>
#include <linux/ioctl.h>

#define DMABENCH_ABI_VERSION	3
#define DMABENCH_DEVICE_PATH	"/dev/dmabench"

/* Buffer kinds: the rows of every table (see DESIGN.md). */
enum dmabench_kind {
	DMABENCH_KIND_COHERENT = 0,	/* dma_alloc_coherent, dma_mmap_coherent */
	DMABENCH_KIND_STREAMING = 1,	/* alloc_pages + sg_table + dma_map_sgtable */
	DMABENCH_KIND_WC = 2,		/* TTM-style write-combined pages */
	DMABENCH_KIND_UC = 3,		/* TTM-style uncached pages */
	DMABENCH_KIND_NONCOHERENT = 4,	/* dma_alloc_pages, dma_mmap_pages */
	/*
	 * User memory pinned with pin_user_pages_fast(FOLL_LONGTERM), an sg
	 * table of its pages, dma_map_sgtable(): made by USERPTR, never by
	 * ALLOC (-EINVAL), and never mmapped (the user has its own mapping).
	 */
	DMABENCH_KIND_USERPTR,
	/*
	 * dma_alloc_noncontiguous() in the alloc's @dir, kernel-mapped with
	 * dma_vmap_noncontiguous(), mmapped with dma_mmap_noncontiguous().
	 * One DMA segment, DMA-mapped from ALLOC to FREE (MAP and UNMAP:
	 * -EINVAL), synced through its sg table in that @dir.  Under
	 * dma-direct it is physically contiguous, so it fails (-ENOMEM) above
	 * what one allocation gives (max_contig_size, or CMA); behind an
	 * IOMMU any size.  Added at the end with no field changing meaning:
	 * a module has it when GET_INFO's kinds has its bit, so the ABI
	 * version stays.
	 */
	DMABENCH_KIND_NONCONTIG,
	/*
	 * A dma-buf imported by IMPORT on the file's device (any exporter:
	 * this module's EXPORT, udmabuf, a dma-heap): attached with
	 * dma_buf_attach() and mapped with dma_buf_map_attachment() from
	 * IMPORT to FREE.  Never made by ALLOC (-EINVAL) and never mmapped
	 * (the dma-buf fd has its own mmap).  GET_INFO's @kinds leaves its bit
	 * clear (it lists what ALLOC and USERPTR make); DMABENCH_INFO_DMABUF
	 * says a module has it.
	 */
	DMABENCH_KIND_IMPORT,
	DMABENCH_KIND_COUNT
};

/* DMA directions, numbered as enum dma_data_direction. */
enum dmabench_dir {
	DMABENCH_DIR_BIDI = 0,
	DMABENCH_DIR_TO_DEVICE = 1,
	DMABENCH_DIR_FROM_DEVICE = 2,
};

/* Which struct device a file does its DMA for. */
enum dmabench_dev {
	DMABENCH_DEV_PLATFORM = 0,	/* private platform device, no IOMMU */
	DMABENCH_DEV_EDU = 1,		/* QEMU edu PCI device (1234:11e8) */
	DMABENCH_DEV_PCI = 2,		/* device named by the pci= parameter */
	DMABENCH_DEV_COUNT
};

/* How an IOMMU treats the device (iommu_get_domain_for_dev()). */
enum dmabench_iommu {
	DMABENCH_IOMMU_NONE = 0,	/* no domain: dma-direct */
	DMABENCH_IOMMU_STRICT = 1,	/* IOMMU_DOMAIN_DMA: IOTLB flushed on unmap */
	DMABENCH_IOMMU_LAZY = 2,	/* IOMMU_DOMAIN_DMA_FQ: flush queue */
	DMABENCH_IOMMU_IDENTITY = 3,	/* passthrough */
	DMABENCH_IOMMU_OTHER = 4,	/* blocked, unmanaged, ... */
	/* FACTS only (GET_INFO reports it as OTHER, as it always did): */
	DMABENCH_IOMMU_BLOCKED = 5,	/* IOMMU_DOMAIN_BLOCKED: no DMA at all */
};

/* dmabench_info.flags */
#define DMABENCH_INFO_NEED_SYNC		(1U << 0) /* dma_need_sync() on a streaming page */
#define DMABENCH_INFO_SWIOTLB_ACTIVE	(1U << 1) /* is_swiotlb_active(dev) */
#define DMABENCH_INFO_SWIOTLB_FORCE	(1U << 2) /* every streaming map bounces */
#define DMABENCH_INFO_HAS_OPT_SIZE	(1U << 3) /* opt_mapping_size is meaningful */
#define DMABENCH_INFO_EDU_PRESENT	(1U << 4) /* an edu device is bound */
#define DMABENCH_INFO_PCI_PRESENT	(1U << 5) /* the pci= device is bound */
#define DMABENCH_INFO_CMA		(1U << 6) /* CONFIG_DMA_CMA */
#define DMABENCH_INFO_SET_PAGES_ARRAY	(1U << 7) /* set_pages_array_wc/uc exist (x86) */
#define DMABENCH_INFO_DEV_COHERENT	(1U << 8) /* dev_is_dma_coherent() */
#define DMABENCH_INFO_CACHE_FLUSH	(1U << 9) /* BENCH can make a buffer cold */
#define DMABENCH_INFO_HAS_SKIP_SYNC	(1U << 10) /* the kernel has dev->dma_skip_sync */
#define DMABENCH_INFO_SKIP_SYNC		(1U << 11) /* dev->dma_skip_sync, read before the probe */
#define DMABENCH_INFO_DEV_NEED_SYNC	(1U << 12) /* dma_dev_need_sync(dev) (6.12+) */
/* Loaded with plant_ops/plant_pct: BENCH ops slowed on purpose (make bench-gate) */
#define DMABENCH_INFO_PLANTED		(1U << 13)
/* Knows DMABENCH_ATTR_* in ALLOC, MAP and BENCH, and BUF_INFO */
#define DMABENCH_INFO_ATTRS		(1U << 14)
/* BENCH knows DMABENCH_OP_CACHING_RANGE (an older module: -EINVAL for it) */
#define DMABENCH_INFO_CACHING_RANGE	(1U << 15)
/* Knows EXPORT, IMPORT, the import kind and BENCH's DMABUF_* ops */
#define DMABENCH_INFO_DMABUF		(1U << 16)

struct dmabench_info {
	__u32 abi_version;	/* out: DMABENCH_ABI_VERSION */
	__u32 flags;		/* out: DMABENCH_INFO_* */
	__u32 device;		/* out: enum dmabench_dev of this file */
	__u32 iommu;		/* out: enum dmabench_iommu */
	__u64 dma_mask;		/* out */
	__u64 coherent_dma_mask;	/* out */
	__u64 max_mapping_size;	/* out: dma_max_mapping_size(), bytes */
	__u64 opt_mapping_size;	/* out: dma_opt_mapping_size(), bytes */
	__u64 max_contig_size;	/* out: largest physically contiguous allocation */
	__u64 byte_cap;		/* out: bytes all files together may hold (max_bytes) */
	__u64 bytes_held;	/* out: bytes this file holds now */
	__u32 page_size;	/* out */
	__u32 kinds;		/* out: bit (1 << kind) per supported kind */
	/* Module-wide live counters: what leak tests compare to zero. */
	__u64 live_buffers;
	__u64 live_bytes;
	__u64 live_mmaps;
	__u64 live_files;
	char release[64];	/* out: utsname()->release */
	char dev_name[64];	/* out: dev_name() of the DMA device */
	char bus[16];		/* out: "platform", "pci" */
	char driver[32];	/* out: dev_driver_string() */
	__u64 bytes_held_all;	/* out: bytes all files hold now, against byte_cap */
	__u64 reserved[7];	/* must be zero */
};

struct dmabench_set_device {
	__u32 device;		/* in: enum dmabench_dev */
	__u32 pad;		/* must be zero */
};

/*
 * DMA attributes (Documentation/core-api/dma-attributes.rst) a caller asks
 * for, in dmabench_alloc.flags, dmabench_map.flags and dmabench_bench.flags.
 * Each is passed to the DMA API as the DMA_ATTR_ of its name, and the same
 * attributes go to the matching free, mmap and unmap, as dma-api.rst asks.
 * Where a kernel or a DMA layer ignores one (x86 dma-direct ignores
 * WRITE_COMBINE for a coherent device), nothing fails: BUF_INFO says what
 * the DMA layer actually did, which is the point of measuring.
 *
 *  - ALLOC of the coherent kind (dma_alloc_attrs()): WRITE_COMBINE,
 *    NO_KERNEL_MAPPING, FORCE_CONTIGUOUS, ALLOC_SINGLE_PAGES, any mix.  A
 *    NO_KERNEL_MAPPING buffer has no kernel mapping the module may touch
 *    (PATTERN, KREAD, KWRITE, KCOPY: -EINVAL) and is never mmapped
 *    (-EINVAL): dma-direct hands its pages out unzeroed, as the attribute
 *    allows, and user space must never see them.  DEVICE_DMA works.
 *  - ALLOC of the noncontig kind: ALLOC_SINGLE_PAGES only (the one
 *    attribute dma_alloc_noncontiguous() takes).
 *  - MAP (and BENCH's MAP_SINGLE, MAP_PAGE, MAP_SG): SKIP_CPU_SYNC only.
 *    The map and the unmap then do no cache maintenance, and the unmap no
 *    swiotlb copy back (what the device wrote reaches the pages only
 *    through SYNC for_cpu); the map still fills its bounce slots, as
 *    swiotlb always does so that a slot's old contents never leak.  The
 *    caller owns the rest through SYNC (DEVICE_DMA syncs the range it
 *    moves unless told not to).
 *  - BENCH: the ALLOC attributes with the coherent kind's ALLOC_FREE,
 *    KREAD, KWRITE and KCOPY (NO_KERNEL_MAPPING: ALLOC_FREE only), and
 *    ALLOC_SINGLE_PAGES with every op of the noncontig kind.
 * Any other bit, or an attribute where the list above does not allow it,
 * is -EINVAL.  A module that knows them sets DMABENCH_INFO_ATTRS; an older
 * one (same ABI) refuses any non-zero flags with -EINVAL.
 */
#define DMABENCH_ATTR_WRITE_COMBINE	(1U << 0)
#define DMABENCH_ATTR_NO_KERNEL_MAPPING	(1U << 1)
#define DMABENCH_ATTR_FORCE_CONTIGUOUS	(1U << 2)
#define DMABENCH_ATTR_ALLOC_SINGLE_PAGES	(1U << 3)
#define DMABENCH_ATTR_SKIP_CPU_SYNC	(1U << 4)
#define DMABENCH_ATTRS_ALLOC		(DMABENCH_ATTR_WRITE_COMBINE | \
					 DMABENCH_ATTR_NO_KERNEL_MAPPING | \
					 DMABENCH_ATTR_FORCE_CONTIGUOUS | \
					 DMABENCH_ATTR_ALLOC_SINGLE_PAGES)
#define DMABENCH_ATTRS_MAP		DMABENCH_ATTR_SKIP_CPU_SYNC

/* dmabench_alloc.flags: DMABENCH_ATTR_*, as allowed above */
#define DMABENCH_ALLOC_FLAGS	DMABENCH_ATTRS_ALLOC

struct dmabench_alloc {
	__u32 kind;		/* in: enum dmabench_kind */
	__u32 dir;		/* in: noncoherent and noncontig only; else 0 */
	__u64 size;		/* in: bytes, multiple of the page size */
	__s32 node;		/* in: NUMA node for the pages, -1 for any */
	__u32 flags;		/* in: DMABENCH_ATTR_* (see above), else 0 */
	__u32 handle;		/* out: non-zero, per file */
	__u32 pad;		/* must be zero */
	__u64 mmap_offset;	/* out: offset to pass to mmap(2) */
	__u64 dma_addr;		/* out: first DMA address (0 until mapped) */
};

struct dmabench_handle {
	__u32 handle;		/* in */
	__u32 pad;		/* must be zero */
};

/*
 * Map a page-backed buffer (streaming, wc, uc, userptr) with
 * dma_map_sgtable().  -EBUSY when it is mapped already, and for a userptr
 * buffer mapped in a direction other than TO_DEVICE without
 * DMABENCH_ATTR_SKIP_CPU_SYNC while a page of it is in another live userptr
 * mapping of the module that is not TO_DEVICE (or twice in its own range):
 * two such mappings of one page break cache maintenance on a non-coherent
 * device, and the DMA API (DMA-API debugging) refuses them.
 */
struct dmabench_map {
	__u32 handle;		/* in */
	__u32 dir;		/* in: enum dmabench_dir */
	__u32 nents;		/* out: DMA segments after mapping */
	__u32 flags;		/* in: DMABENCH_ATTRS_MAP (was pad: 0 as before) */
	__u64 dma_addr;		/* out: first segment's DMA address */
	__u64 ns;		/* out: time spent in dma_map_sgtable() */
};

/* dmabench_sync.to */
#define DMABENCH_SYNC_FOR_CPU		0
#define DMABENCH_SYNC_FOR_DEVICE	1

/*
 * Hand [offset, offset + len) of a buffer to the CPU or the device.  An sg
 * table (streaming, wc, uc, userptr, noncontig) is synced whole, whatever
 * the range, since the DMA API syncs an sg mapping only as it was mapped;
 * the range is still checked (-EINVAL past the end).
 */
struct dmabench_sync {
	__u32 handle;		/* in */
	__u32 to;		/* in: DMABENCH_SYNC_FOR_* */
	__u32 dir;		/* in: must equal the mapping's direction */
	__u32 pad;		/* must be zero */
	__u64 offset;		/* in: bytes into the buffer */
	__u64 len;		/* in: bytes, > 0 */
	__u64 ns;		/* out: time spent syncing */
};

/* Caching modes for MOVE (TTM's ttm_caching). */
enum dmabench_caching {
	DMABENCH_CACHING_WB = 0,	/* cached: TTM's "system" placement */
	DMABENCH_CACHING_WC = 1,
	DMABENCH_CACHING_UC = 2,
};

/*
 * Move a wc/uc buffer to another caching mode the way TTM does: zap every
 * user PTE (unmap_mapping_range) so the next access re-faults with the new
 * pgprot, then switch the pages' linear-map caching.  User space keeps its
 * mapping.
 */
struct dmabench_move {
	__u32 handle;		/* in */
	__u32 caching;		/* in: enum dmabench_caching */
	__u64 zap_ns;		/* out: unmap_mapping_range() */
	__u64 switch_ns;	/* out: set_pages_array_*() */
	__u64 reserved;		/* must be zero */
};

/* dmabench_pattern.op */
#define DMABENCH_PATTERN_FILL	0	/* kernel writes the pattern */
#define DMABENCH_PATTERN_CHECK	1	/* kernel compares with the pattern */

/*
 * A data check through the buffer's kernel mapping.  The pattern is the
 * little-endian 64-bit word (seed ^ byte_offset_of_word) at every 8-byte
 * aligned offset, so user space can produce and verify it cheaply.
 */
struct dmabench_pattern {
	__u32 handle;		/* in */
	__u32 op;		/* in: DMABENCH_PATTERN_* */
	__u64 seed;		/* in */
	__u64 offset;		/* in: bytes, multiple of 8 */
	__u64 len;		/* in: bytes, multiple of 8, > 0 */
	__u64 mismatches;	/* out: CHECK: words that differ */
	__u64 first_bad;	/* out: CHECK: offset of the first, or ~0 */
};

/* Operations BENCH can time in the kernel. */
enum dmabench_op {
	DMABENCH_OP_EMPTY = 0,		/* two clock reads: the timing floor */
	DMABENCH_OP_ALLOC_FREE = 1,	/* alloc (samples), free (samples2) */
	DMABENCH_OP_MAP_SINGLE = 2,	/* dma_map_single / unmap, contiguous */
	DMABENCH_OP_MAP_PAGE = 3,	/* dma_map_page / unmap, contiguous */
	DMABENCH_OP_MAP_SG = 4,		/* dma_map_sgtable / unmap, @entries */
	DMABENCH_OP_SYNC_FOR_CPU = 5,	/* on a mapped buffer, @cache state */
	DMABENCH_OP_SYNC_FOR_DEVICE = 6,
	DMABENCH_OP_CACHING = 7,	/* WB->WC/UC (samples), back (samples2) */
	DMABENCH_OP_KREAD = 8,		/* CPU reads the kernel mapping */
	DMABENCH_OP_KWRITE = 9,		/* CPU writes the kernel mapping */
	DMABENCH_OP_KCOPY = 10,		/* memcpy cached memory -> kernel mapping */
	DMABENCH_OP_SG_ITER_PAGE = 11,	/* for_each_sgtable_page */
	DMABENCH_OP_SG_ITER_DMA = 12,	/* for_each_sgtable_dma_page */
	/* USERPTR kind only, on the user memory at @uaddr: */
	DMABENCH_OP_PIN,		/* pin_user_pages_fast (samples), unpin (samples2) */
	DMABENCH_OP_PIN_SGT,		/* sg table of the pinned pages: build, free */
	/* WC and UC kinds only, TTM's page pool (kmod/pool.c): */
	DMABENCH_OP_POOL_FRESH,		/* pool miss: alloc, switch, map; undo all */
	DMABENCH_OP_POOL_HIT,		/* pool hit: take, map; unmap, clear, give */
	/* WC and UC kinds only: set_memory_*() on one contiguous run (see below) */
	DMABENCH_OP_CACHING_RANGE,	/* WB->WC/UC (samples), back (samples2) */
	/* Import kind only, on the dma-buf @dmabuf_fd (see below): */
	DMABENCH_OP_DMABUF_ATTACH,	/* dma_buf_attach (samples), detach (samples2) */
	DMABENCH_OP_DMABUF_MAP,		/* dma_buf_map_attachment, unmap */
	DMABENCH_OP_COUNT
};

/* dmabench_bench.cache: CPU cache state of the buffer before each op. */
#define DMABENCH_CACHE_ANY	0	/* whatever the previous op left */
#define DMABENCH_CACHE_HOT	1	/* written by the CPU just before */
#define DMABENCH_CACHE_COLD	2	/* written, then flushed to memory */

#define DMABENCH_BENCH_MAX_ITERS	(1U << 20)
#define DMABENCH_BENCH_MAX_BATCH	(1U << 16)
#define DMABENCH_MAX_ENTRIES		(1U << 18)
/*
 * CACHING's @entries: pages per set_pages_array_*() call, 0 = all at once;
 * CACHING_RANGE's: pages per set_memory_*() call, likewise.
 */
#define DMABENCH_CACHING_MAX_BATCH	1024U
/*
 * What one sample may do, so that it holds the CPU for a bounded time
 * (no soft lockup, no RCU stall, a prompt SIGKILL): @batch x @size at most
 * this many bytes, and a batch that runs longer than the budget ends the
 * run with -ETIMEDOUT (the samples before it are returned, @done says how
 * many).  A fatal signal ends a run between two ops with -EINTR, likewise.
 */
#define DMABENCH_BENCH_MAX_SAMPLE_BYTES	(1ULL << 30)
#define DMABENCH_BENCH_BUDGET_MS	2000U

/*
 * One timed loop in the kernel, in the shape of mm/gup_test.c: one struct
 * in, results out.  The module allocates a private buffer of @kind and
 * @size for the run (counted against the file's byte cap) and frees it.
 *
 * Each of @iterations samples is the time in ns of one op when @batch is 1,
 * or the time of the whole window of @batch back-to-back ops timed together
 * when it is larger (ABI 2: the mean per op is sample / @batch, a fraction
 * the caller computes; ABI 1 returned that mean truncated to whole ns).
 * Ops with two halves (alloc/free, map/unmap, caching there and back) put
 * the first half in @samples and the second in @samples2 when @batch is 1;
 * batched, @samples holds the window of @batch pairs and @samples2 is not
 * written.  Either pointer may be 0 to skip copying.
 *
 * What the ops time (kernel side, as map_benchmark does):
 *  - MAP_*: before each sample the CPU writes the whole buffer (unless
 *    @dir is FROM_DEVICE), so a non-coherent device pays its cache
 *    maintenance; in a batch only the first map finds it dirty.
 *  - ALLOC_FREE: the allocation alone (dma_alloc_*, or the pages and, for
 *    wc/uc, their caching switch): no kernel mapping, no sg table.
 *  - KWRITE, KCOPY: until the writes are drained (wmb()), which matters
 *    for write-combined mappings.
 *  - @cache COLD: -EOPNOTSUPP where the module cannot flush a buffer from
 *    the CPU caches (DMABENCH_INFO_CACHE_FLUSH clear): never a hot run
 *    under a cold label.
 *
 * The NONCONTIG kind: ALLOC_FREE times dma_alloc_noncontiguous() and
 * dma_free_noncontiguous() alone (no dma_vmap_noncontiguous(), as no other
 * kind's ALLOC_FREE makes a kernel mapping); SYNC_FOR_* sync its whole
 * table (and flush or invalidate its vmap, as dma-api.rst asks) in @dir;
 * KREAD, KWRITE, KCOPY go through its vmap.  MAP_*, CACHING and SG_ITER_*
 * of it are -EINVAL: it is mapped by its allocation, its caching is the
 * DMA layer's, and its table is the DMA layer's, not one of @entries.
 *
 * The USERPTR kind (ops PIN, PIN_SGT and MAP_SG) works on the caller's own
 * memory at @uaddr (page aligned, @size bytes), pinned as the USERPTR ioctl
 * pins it: with FOLL_WRITE unless @dir is TO_DEVICE.  PIN times
 * pin_user_pages_fast() of the whole range and its unpin; PIN_SGT the sg
 * table of the pinned pages (built with the device's largest segment) and
 * its free; MAP_SG dma_map_sgtable() of that table and its unmap (@entries
 * must be 0: the pages decide the table; -EBUSY, from the untimed setup,
 * in a direction other than TO_DEVICE without SKIP_CPU_SYNC while a
 * userptr mapping not TO_DEVICE holds a page of it, as for MAP).  Before
 * each MAP_SG sample the CPU writes the memory only when it is pinned for
 * writing (BIDI: the caller's data is overwritten); TO_DEVICE maps it as
 * the caller left it.
 * @uaddr must be 0 for every other kind.
 *
 * CACHING switches the pages @entries at a time (one set_pages_array_*()
 * call per @entries pages, 1..DMABENCH_CACHING_MAX_BATCH; 0: the whole
 * buffer in one call), in both halves.  Where the switch does not exist
 * (no set_pages_array_*(): not x86) CACHING is -EOPNOTSUPP.
 *
 * CACHING_RANGE (wc and uc only) is the range form of the same switch:
 * the untimed setup takes one physically contiguous run of @size from the
 * page allocator (one alloc_pages() of order get_order(@size), without
 * retrying or the OOM killer), so @size must be a power-of-two number of
 * pages no larger than the allocator's largest order (max_contig_size):
 * else -EINVAL; -ENOMEM when no such run is free.  Timed, set_memory_wc()
 * or set_memory_uc() on the run's linear address (samples) and
 * set_memory_wb() back (samples2), as TTM switches a high-order chunk with
 * one call rather than an array of its pages; @entries as CACHING's, pages
 * per set_memory_*() call over consecutive parts of the run.  The run goes
 * back to WB before it is freed (left allocated if it cannot).  x86 only,
 * as CACHING (-EOPNOTSUPP elsewhere).  Added at the end with no field
 * changing meaning: a module has it when GET_INFO sets
 * DMABENCH_INFO_CACHING_RANGE; an older one refuses the op with -EINVAL.
 *
 * DMABUF_ATTACH and DMABUF_MAP (@kind IMPORT; DMABENCH_INFO_DMABUF) time
 * an importer's side of the dma-buf @dmabuf_fd (any exporter) on the
 * file's device, as a driver's import does: ATTACH dma_buf_attach()
 * (samples) and dma_buf_detach() (samples2); MAP, on one attachment made
 * by the untimed setup, dma_buf_map_attachment_unlocked() in @dir
 * (samples) and dma_buf_unmap_attachment_unlocked() (samples2), which is
 * where the exporter builds and DMA-maps the importer's sg table (and
 * swiotlb bounces or an IOMMU translates, for the importer).  @size must
 * be 0 (the dma-buf has one), @entries, @cache, @uaddr and @flags 0.
 * -EBADF for a closed fd, -EINVAL for an fd that is no dma-buf; what the
 * exporter says otherwise (see IMPORT).  @dmabuf_fd must be 0 for every
 * other op.

 * POOL_FRESH and POOL_HIT (wc and uc only; -EOPNOTSUPP without
 * set_pages_array_*(), where a WC page differs from a WB one only by the
 * pgprot of its mappings, so TTM keeps no such pool) emulate TTM's page
 * pool (ttm_pool.c) for @size bytes:
 *  - POOL_FRESH, a pool miss: chunks taken highest order first
 *    (__GFP_NORETRY above order 0, a lower order when one fails), each
 *    dma_map_page()d in @dir, then the caching of all the pages switched
 *    in one set_pages_array_*() call (samples); then each chunk unmapped,
 *    the pages switched back to WB and freed (samples2).
 *  - POOL_HIT, a pool hit: the setup (untimed) fills a pool with @size of
 *    pages already switched; timed, the chunks are taken from it and
 *    dma_map_page()d (samples); then unmapped, cleared through the linear
 *    map (which is WC/UC then) and given back (samples2), where TTM clears
 *    them (ttm_pool_type_give()).  No caching switch in either half.
 * Both write @chunks (dma_map_page() calls of one op) and @segments (how
 * many runs of those are contiguous in DMA address space: fewer behind an
 * IOMMU that packs them) of the run's last op; 0 for other ops.
 */
struct dmabench_bench {
	__u32 op;		/* in: enum dmabench_op */
	__u32 kind;		/* in: enum dmabench_kind */
	__u64 size;		/* in: bytes, multiple of the page size */
	__u32 entries;		/* in: sg entries (MAP_SG, SG_ITER_*); 0 = one per page */
	__u32 dir;		/* in: enum dmabench_dir */
	__u32 cache;		/* in: DMABENCH_CACHE_* */
	__u32 iterations;	/* in: samples to take, 1..DMABENCH_BENCH_MAX_ITERS */
	__u32 batch;		/* in: ops per sample, 1..DMABENCH_BENCH_MAX_BATCH */
	__u32 warmup;		/* in: untimed ops first */
	__u32 trans_delay_ns;	/* in: ndelay() between map and unmap, as map_benchmark */
	__s32 node;		/* in: NUMA node for the pages, -1 for any */
	__u64 samples;		/* in: user pointer to __u64[iterations], or 0 */
	__u64 samples2;		/* in: user pointer to __u64[iterations], or 0 */
	__u64 total_ns;		/* out: wall time of the timed loop */
	__u64 sum_ns;		/* out: sum of @samples; / (done * batch): mean per op */
	__u32 done;		/* out: samples taken */
	__u32 flags;		/* in: DMABENCH_ATTR_* (see above), else 0 */
	__u64 uaddr;		/* in: USERPTR kind: the user memory; else 0 */
	__u32 chunks;		/* out: POOL_*: chunks mapped by one op */
	__u32 segments;		/* out: POOL_*: DMA-contiguous runs of them */
	__s32 dmabuf_fd;	/* in: DMABUF_*: the dma-buf to import; else 0 */
	__u32 pad;		/* must be zero */
	__u64 reserved[2];	/* must be zero */
};

/* dmabench_device_dma.op */
#define DMABENCH_DEVICE_DMA_READ	0	/* device reads: buffer -> edu */
#define DMABENCH_DEVICE_DMA_WRITE	1	/* device writes: edu -> buffer */

/* dmabench_device_dma.flags */
#define DMABENCH_DEVICE_DMA_NO_SYNC	(1U << 0) /* leave the sync out on purpose */
#define DMABENCH_DEVICE_DMA_FLAGS	DMABENCH_DEVICE_DMA_NO_SYNC

/*
 * The edu device's internal buffer, where its DMA engine copies to/from,
 * and how far into it a transfer may reach: QEMU before 8.0 aborts the
 * whole machine on a transfer that ends at the buffer's last byte.
 */
#define DMABENCH_EDU_BUF_SIZE		4096
#define DMABENCH_EDU_DMA_LIMIT		(DMABENCH_EDU_BUF_SIZE - 1)

/*
 * One transfer by the device's own DMA engine (QEMU edu only) between
 * [offset, offset + len) of a buffer and [edu_offset, edu_offset + len) of
 * the device's internal buffer, at the buffer's DMA address: the alloc's
 * for coherent, noncoherent and noncontig (its one DMA segment), the
 * mapping's for streaming, wc and uc
 * (which must be MAPped).  The buffer range must lie within one 4 KiB
 * chunk (so it is contiguous in DMA space) and edu_offset + len must not
 * exceed DMABENCH_EDU_DMA_LIMIT.  The CPU owns the range before and after:
 * the module syncs it for_device before the transfer and for_cpu after it,
 * unless DMABENCH_DEVICE_DMA_NO_SYNC asks it to leave both syncs out.  The
 * direction the memory is shared in must allow the transfer.
 */
struct dmabench_device_dma {
	__u32 handle;		/* in */
	__u32 op;		/* in: DMABENCH_DEVICE_DMA_* */
	__u64 offset;		/* in: bytes into the buffer */
	__u32 len;		/* in: bytes, 1..DMABENCH_EDU_DMA_LIMIT */
	__u32 edu_offset;	/* in: bytes into the device's buffer */
	__u32 flags;		/* in: DMABENCH_DEVICE_DMA_FLAGS */
	__u32 pad;		/* must be zero */
	__u64 dma_addr;		/* out: bus address the device used */
	__u64 ns;		/* out: sync + transfer until the engine is idle */
	__u64 reserved[2];	/* must be zero */
};

/* dmabench_facts.flags */
#define DMABENCH_FACT_DEV_COHERENT	(1U << 0)  /* dev_is_dma_coherent() */
#define DMABENCH_FACT_NEED_SYNC_PAGES	(1U << 1)  /* dma_need_sync(), page kinds */
#define DMABENCH_FACT_NEED_SYNC_NONCOH	(1U << 2)  /* dma_need_sync(), dma_alloc_pages() */
#define DMABENCH_FACT_HAS_DEV_NEED_SYNC	(1U << 3)  /* the kernel has dma_dev_need_sync() */
#define DMABENCH_FACT_DEV_NEED_SYNC	(1U << 4)  /* dma_dev_need_sync(), before the probes */
#define DMABENCH_FACT_ADDRESSING_LIMITED (1U << 5) /* dma_addressing_limited() */
#define DMABENCH_FACT_SWIOTLB_ACTIVE	(1U << 6)  /* the device has a swiotlb pool */
#define DMABENCH_FACT_SWIOTLB_FORCE	(1U << 7)  /* every streaming map bounces */
#define DMABENCH_FACT_HAS_OPT_SIZE	(1U << 8)  /* opt_mapping_size is meaningful */
#define DMABENCH_FACT_DRM_NEED_SWIOTLB	(1U << 9)  /* drm_need_swiotlb(dma_bits) */
#define DMABENCH_FACT_DRM_CAN_WC	(1U << 10) /* drm_arch_can_wc_memory() */
#define DMABENCH_FACT_MEM_ENCRYPT	(1U << 11) /* cc_platform_has(CC_ATTR_MEM_ENCRYPT) */
#define DMABENCH_FACT_XEN_PV		(1U << 12) /* xen_pv_domain() */
#define DMABENCH_FACT_PAGES_DMA32	(1U << 13) /* page kinds come from ZONE_DMA32 */
#define DMABENCH_FACT_PAGES_DMA		(1U << 14) /* page kinds come from ZONE_DMA */

/*
 * FACTS: what a driver decides its memory strategy from (TTM's use_dma_alloc
 * and use_dma32, drm_need_swiotlb(), drm_arch_can_wc_memory()), for the
 * file's device.  Out only: the module reads nothing from the caller and
 * writes every byte (reserved as zero).
 *
 * The need_sync answers are dma_need_sync() on the DMA address of a page
 * of what the kinds use: a page from the zone the page kinds (streaming,
 * wc, uc) take theirs from, mapped with dma_map_page() (the pages' caching
 * does not enter dma_need_sync()), and a dma_alloc_pages() page
 * (noncoherent).  Coherent memory is never synced, so it has no answer.
 * dma_dev_need_sync() is read before those probes: on 6.12 a swiotlb
 * bounce clears it for good.
 *
 * drm_need_swiotlb() is computed as drivers/gpu/drm/drm_cache.c does (6.1
 * and 6.12 alike), for @dma_bits: a module cannot call it without loading
 * drm.ko.  A module without FACTS (older, same ABI) answers -ENOTTY.
 */
struct dmabench_facts {
	__u32 flags;		/* out: DMABENCH_FACT_* */
	__u32 iommu;		/* out: enum dmabench_iommu, BLOCKED included */
	__u32 device;		/* out: enum dmabench_dev of this file */
	__u32 dma_bits;		/* out: bits of the DMA mask (fls64), 0 without */
	__u64 dma_mask;		/* out: dma_get_mask() */
	__u64 coherent_dma_mask;	/* out */
	__u64 bus_dma_limit;	/* out: the bus's limit, 0 for none */
	__u64 required_mask;	/* out: dma_get_required_mask() */
	__u64 max_mapping_size;	/* out: dma_max_mapping_size(), bytes */
	__u64 opt_mapping_size;	/* out: dma_opt_mapping_size(), bytes */
	__u64 swiotlb_bytes;	/* out: the device's swiotlb pool, 0 without */
	__u64 swiotlb_max_mapping_size;	/* out: largest bounce, 0 without swiotlb */
	__u64 max_iomem;	/* out: highest iomem address (drm_need_swiotlb()) */
	__u64 reserved[5];	/* out: zero */
};

/* dmabench_userptr.flags */
#define DMABENCH_USERPTR_MAP	(1U << 0) /* also dma_map_sgtable() in @dir */
#define DMABENCH_USERPTR_FLAGS	DMABENCH_USERPTR_MAP

/*
 * USERPTR: make a buffer of the caller's own memory, as GPU userptr and
 * RDMA do: pin [addr, addr + size) with pin_user_pages_fast(FOLL_LONGTERM,
 * and FOLL_WRITE unless @dir is TO_DEVICE), build an sg table of the pages
 * with segments no longer than the device takes (dma_get_max_seg_size()),
 * and vmap() the pages for PATTERN.  With DMABENCH_USERPTR_MAP the table is
 * also mapped in @dir (else MAP does it later; a read-only pin (TO_DEVICE)
 * can only be mapped TO_DEVICE).  The handle works with MAP, UNMAP, SYNC,
 * PATTERN, DEVICE_DMA and FREE; mmap of it is -EINVAL.  The pages count
 * against the byte cap and stay pinned until FREE or close, whatever the
 * caller does to its mapping meanwhile (munmap, fork: a FOLL_LONGTERM pin
 * is COW-safe, a child's writes never reach the pinned pages).
 *
 * Errors: -EINVAL for an unaligned @addr or @size, a zero @size, unknown
 * flags or a non-zero pad/reserved; -EOVERFLOW when addr + size wraps;
 * -ENOMEM past the byte cap; -EFAULT from pinning a range that is not
 * mapped or, for device writes, not writable; what the kernel's pinning
 * says for memory FOLL_LONGTERM may not pin (-EOPNOTSUPP, -EFAULT);
 * -ERANGE (with DMABENCH_USERPTR_MAP, or from MAP) when the device cannot
 * reach a page and nothing (IOMMU, swiotlb) can bounce or translate it;
 * -EBUSY with DMABENCH_USERPTR_MAP in a direction other than TO_DEVICE
 * while a page of the range is in another live userptr mapping of the
 * module that is not TO_DEVICE (or twice in the range), as for MAP: two
 * such mappings of one page break cache maintenance on a non-coherent
 * device (MAP with DMABENCH_ATTR_SKIP_CPU_SYNC may overlap);
 * -EINTR for a fatal signal.
 */
struct dmabench_userptr {
	__u64 addr;		/* in: user address, page aligned */
	__u64 size;		/* in: bytes, page multiple, > 0 */
	__u32 dir;		/* in: enum dmabench_dir the device will use */
	__u32 flags;		/* in: DMABENCH_USERPTR_FLAGS */
	__u32 handle;		/* out: non-zero, per file */
	__u32 nents;		/* out: DMA segments (0 unless mapped) */
	__u32 entries;		/* out: sg entries of the table (pages merged) */
	__u32 pad;		/* must be zero */
	__u64 dma_addr;		/* out: first segment's DMA address, or 0 */
	__u64 pin_ns;		/* out: pin_user_pages_fast() of the range */
	__u64 table_ns;		/* out: sg_alloc_table_from_pages_segment() */
	__u64 map_ns;		/* out: dma_map_sgtable(), 0 unless mapped */
	__u64 reserved[3];	/* must be zero */
};

/* dmabench_export.flags */
#define DMABENCH_EXPORT_CLOEXEC		(1U << 0) /* the fd gets O_CLOEXEC */
#define DMABENCH_EXPORT_FLAGS		DMABENCH_EXPORT_CLOEXEC

/*
 * EXPORT: share a buffer of this file as a dma-buf (this module is its
 * exporter, dma_buf_export()) and return a new O_RDWR file descriptor for
 * it.  Kinds: coherent, streaming, wc, uc, noncoherent and noncontig
 * (userptr and import: -EINVAL; a NO_KERNEL_MAPPING coherent buffer:
 * -EINVAL, as it cannot be mmapped).  One export per buffer at a time
 * (-EBUSY while its dma-buf lives); the buffer cannot be freed meanwhile
 * (FREE: -EBUSY) nor moved (MOVE: -EBUSY, as for a MAPped buffer: the
 * importers may be using the pages), and the dma-buf keeps it alive past
 * the file's close.
 * The exporter's ops do what the kind needs:
 *  - map_dma_buf: an sg table of the buffer's pages (dma_get_sgtable() of
 *    the coherent kind) mapped for the importer's device with
 *    dma_map_sgtable() in the attachment's direction with
 *    DMA_ATTR_SKIP_CPU_SYNC, as drm_prime.c does (the CPU's side is
 *    DMA_BUF_IOCTL_SYNC): bounced or translated as that device needs;
 *    -ERANGE when it cannot reach a page and nothing can bounce it.  So
 *    that no two mappings of the pages both do cache maintenance, a
 *    buffer is MAPped before it is exported, not after (MAP: -EBUSY while
 *    its dma-buf lives);
 *  - begin_cpu_access/end_cpu_access (DMA_BUF_IOCTL_SYNC from user
 *    space): dma_sync_sgtable_for_cpu/for_device on every mapped
 *    attachment, and on the buffer's own mapping for its device;
 *  - mmap: the kind's own mmap (its pgprot), at the fd's offset 0.
 * @ns is dma_buf_export() and installing the fd.
 */
struct dmabench_export {
	__u32 handle;		/* in: a buffer of this file */
	__u32 flags;		/* in: DMABENCH_EXPORT_FLAGS */
	__s32 fd;		/* out: the dma-buf's file descriptor */
	__u32 pad;		/* must be zero */
	__u64 ns;		/* out: export + fd, ns */
	__u64 reserved[2];	/* must be zero */
};

/*
 * IMPORT: attach the dma-buf @fd (any exporter) to this file's device and
 * map it in @dir (dma_buf_attach(), dma_buf_map_attachment_unlocked()),
 * as a driver importing a buffer does; the new handle (kind IMPORT)
 * holds the attachment and its mapping until FREE or close.  The handle
 * works with DEVICE_DMA (the importer's device DMA at the mapping's
 * address), BUF_INFO and FREE; MAP, UNMAP, SYNC, PATTERN, MOVE, EXPORT and
 * mmap of it are -EINVAL.  Its CPU access is the dma-buf's business:
 * DEVICE_DMA of it does no sync, and user space brackets its own access
 * with DMA_BUF_IOCTL_SYNC on the fd, as every dma-buf user must.  The
 * dma-buf's size counts against the file's byte cap.
 *
 * Errors: -EBADF for a closed @fd, -EINVAL for an fd that is no dma-buf,
 * a bad @dir, non-zero flags, pad or reserved; -ENOMEM past the byte cap;
 * -ERANGE when the importer's device cannot reach the memory and nothing
 * bounces or translates it; what the exporter's attach or map says
 * otherwise.
 */
struct dmabench_import {
	__s32 fd;		/* in: a dma-buf file descriptor */
	__u32 dir;		/* in: enum dmabench_dir the device will use */
	__u32 flags;		/* in: 0 */
	__u32 handle;		/* out: non-zero, per file */
	__u64 size;		/* out: the dma-buf's size, bytes */
	__u32 nents;		/* out: DMA segments of the importer's mapping */
	__u32 pad;		/* must be zero */
	__u64 dma_addr;		/* out: first segment's DMA address */
	__u64 attach_ns;	/* out: dma_buf_attach() */
	__u64 map_ns;		/* out: dma_buf_map_attachment_unlocked() */
	__u64 reserved[2];	/* must be zero */
};

/* dmabench_buf_info.kmap: the kernel address the DMA layer gave back */
enum dmabench_kmap {
	DMABENCH_KMAP_LINEAR = 0,	/* in the linear map (virt_addr_valid()) */
	DMABENCH_KMAP_REMAPPED = 1,	/* a vmalloc-space mapping made for it */
	DMABENCH_KMAP_NONE = 2,		/* neither: a cookie (NO_KERNEL_MAPPING) */
};

/* dmabench_buf_info.user_prot: what the kind's mmap did to the pgprot */
enum dmabench_user_prot {
	DMABENCH_PROT_NOT_MAPPED = 0,	/* never mmapped (or cannot be) */
	DMABENCH_PROT_SAME = 1,		/* the mmap kept the VMA's cached pgprot */
	DMABENCH_PROT_WC = 2,		/* pgprot_writecombine() of it */
	DMABENCH_PROT_UC = 3,		/* pgprot_noncached() of it */
	DMABENCH_PROT_OTHER = 4,	/* changed, to neither (e.g. decrypted) */
};

/*
 * BUF_INFO: what the DMA layer made of a buffer, measured rather than
 * assumed, so that "did this attribute change anything here?" has an
 * answer per platform.
 *  - @kmap: where the kind's kernel address lies (enum dmabench_kmap).
 *  - @phys_chunks: physically contiguous runs of its pages: from
 *    dma_get_sgtable_attrs() for the coherent kind (dma-direct: 1; dma-iommu:
 *    as its allocator found them), from the sg table for the others.
 *  - @dma_segments: runs contiguous in DMA address space: 1 for the kinds
 *    the DMA layer maps whole (coherent, noncoherent, noncontig), the
 *    mapping's count for the others (0 while not mapped).
 *  - @user_prot: the pgprot the buffer's last mmap gave the VMA, against the
 *    cached one it started with (enum dmabench_user_prot).
 */
struct dmabench_buf_info {
	__u32 handle;		/* in */
	__u32 kind;		/* out: enum dmabench_kind */
	__u32 attrs;		/* out: DMABENCH_ATTR_* of its ALLOC (and MAP) */
	__u32 kmap;		/* out: enum dmabench_kmap */
	__u64 size;		/* out: bytes */
	__u32 phys_chunks;	/* out */
	__u32 dma_segments;	/* out */
	__u32 user_prot;	/* out: enum dmabench_user_prot */
	__u32 pad;		/* must be zero */
	__u64 reserved[4];	/* must be zero */
};

#define DMABENCH_IOC_MAGIC	'D'
#define DMABENCH_IOC_GET_INFO	_IOR(DMABENCH_IOC_MAGIC, 0x00, struct dmabench_info)
#define DMABENCH_IOC_SET_DEVICE	_IOW(DMABENCH_IOC_MAGIC, 0x01, struct dmabench_set_device)
#define DMABENCH_IOC_ALLOC	_IOWR(DMABENCH_IOC_MAGIC, 0x02, struct dmabench_alloc)
#define DMABENCH_IOC_FREE	_IOW(DMABENCH_IOC_MAGIC, 0x03, struct dmabench_handle)
#define DMABENCH_IOC_MAP	_IOWR(DMABENCH_IOC_MAGIC, 0x04, struct dmabench_map)
#define DMABENCH_IOC_UNMAP	_IOW(DMABENCH_IOC_MAGIC, 0x05, struct dmabench_handle)
#define DMABENCH_IOC_SYNC	_IOWR(DMABENCH_IOC_MAGIC, 0x06, struct dmabench_sync)
#define DMABENCH_IOC_MOVE	_IOWR(DMABENCH_IOC_MAGIC, 0x07, struct dmabench_move)
#define DMABENCH_IOC_PATTERN	_IOWR(DMABENCH_IOC_MAGIC, 0x08, struct dmabench_pattern)
#define DMABENCH_IOC_BENCH	_IOWR(DMABENCH_IOC_MAGIC, 0x09, struct dmabench_bench)
#define DMABENCH_IOC_DEVICE_DMA	_IOWR(DMABENCH_IOC_MAGIC, 0x0a, struct dmabench_device_dma)
#define DMABENCH_IOC_FACTS	_IOR(DMABENCH_IOC_MAGIC, 0x0b, struct dmabench_facts)
#define DMABENCH_IOC_USERPTR	_IOWR(DMABENCH_IOC_MAGIC, 0x0c, struct dmabench_userptr)
#define DMABENCH_IOC_BUF_INFO	_IOWR(DMABENCH_IOC_MAGIC, 0x0d, struct dmabench_buf_info)
#define DMABENCH_IOC_EXPORT	_IOWR(DMABENCH_IOC_MAGIC, 0x0e, struct dmabench_export)
#define DMABENCH_IOC_IMPORT	_IOWR(DMABENCH_IOC_MAGIC, 0x0f, struct dmabench_import)

/* The layout is the ABI: these must hold for every compiler and word size. */
#define DMABENCH_INFO_SIZE		352
#define DMABENCH_SET_DEVICE_SIZE	8
#define DMABENCH_ALLOC_SIZE		48
#define DMABENCH_HANDLE_SIZE		8
#define DMABENCH_MAP_SIZE		32
#define DMABENCH_SYNC_SIZE		40
#define DMABENCH_MOVE_SIZE		32
#define DMABENCH_PATTERN_SIZE		48
#define DMABENCH_BENCH_SIZE		128
#define DMABENCH_DEVICE_DMA_SIZE	64
#define DMABENCH_FACTS_SIZE		128
#define DMABENCH_USERPTR_SIZE		96
#define DMABENCH_BUF_INFO_SIZE		72
#define DMABENCH_EXPORT_SIZE		40
#define DMABENCH_IMPORT_SIZE		72

#endif /* _UAPI_DMABENCH_H */
