// SPDX-License-Identifier: GPL-2.0
/*
 * Check 2: every kind at every size.  Allocate (or, where the kernel cannot
 * give physically contiguous memory that large, see ALLOC fail with ENOMEM),
 * mmap, move data user -> kernel and kernel -> user with the syncs the kind
 * needs, move wc/uc buffers between caching modes under the mapping, and
 * tear down with no bytes left held.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>

#include "../common/meminfo.h"
#include "checks.h"
#include "device.h"
#include "faults.h"
#include "pattern.h"

/* Sizes from the task: across the 4 MiB contiguous limit of a CMA-less kernel. */
static const uint64_t case_sizes[] = {
	4 * KIB, 64 * KIB, 1 * MIB, 4 * MIB, 16 * MIB, 64 * MIB,
};

#define QUICK_MAX_SIZE (16 * MIB)

/* Seeds of the three transfers, distinct so a stale copy never passes. */
#define SEED_USER	0x5555aaaa12345678ULL
#define SEED_KERNEL	0x0f1e2d3c4b5a6978ULL
#define SEED_MOVED	0x7766554433221100ULL

struct kcase {
	int fd;
	uint32_t kind;
	uint64_t size;
	const char *name;		/* "streaming 64 KiB" */
	struct dmabench_alloc a;
	void *map;			/* the user mapping, or NULL */
	bool dma_mapped;
};

/*
 * dma_alloc_pages() (noncoherent) is physically contiguous even behind an
 * IOMMU (dma_common_alloc_pages()); dma_alloc_coherent() and
 * dma_alloc_noncontiguous() are made of single pages when a DMA-API IOMMU
 * domain translates for the device, and one dma_alloc_pages() run when not.
 */
static bool needs_contiguous(const struct dmabench_info *info, uint32_t kind)
{
	bool translated = info->iommu == DMABENCH_IOMMU_STRICT ||
			  info->iommu == DMABENCH_IOMMU_LAZY;

	if (kind == DMABENCH_KIND_NONCOHERENT)
		return true;
	return (kind == DMABENCH_KIND_COHERENT || kind == DMABENCH_KIND_NONCONTIG) &&
	       !translated;
}

/*
 * Why ALLOC of @kind and @size must fail with ENOMEM, or NULL if it must
 * succeed.  Above max_contig_size (the page allocator's limit) dma-direct
 * still serves a contiguous allocation from the CMA area when the kernel
 * has one (Debian's arm64 kernel reserves 64 MiB, x86's has no DMA_CMA).
 */
static const char *alloc_must_fail(const struct dmabench_info *info, uint32_t kind,
				   uint64_t size)
{
	uint64_t cma = info->flags & DMABENCH_INFO_CMA ? meminfo_bytes("CmaFree") : 0;

	if (size > info->byte_cap)
		return "above the byte cap";
	if (needs_contiguous(info, kind) && size > info->max_contig_size && size > cma)
		return tap_fmt("contiguous, above max_contig_size %s and CmaFree %s",
			       kt_size(info->max_contig_size), kt_size(cma));
	return NULL;
}

/* ALLOC and its outputs; false when there is no buffer to go on with. */
static bool case_alloc(struct kcase *c, const struct dmabench_info *info)
{
	const char *why = alloc_must_fail(info, c->kind, c->size);
	struct dmabench_alloc *a = &c->a;
	bool mapped_by_alloc = c->kind == DMABENCH_KIND_COHERENT ||
			       c->kind == DMABENCH_KIND_NONCOHERENT ||
			       c->kind == DMABENCH_KIND_NONCONTIG;
	bool ok;
	int err;

	err = kt_alloc(c->fd, c->kind, c->size, a);
	if (why) {
		tap_errno(err, ENOMEM, "%s: ALLOC fails with ENOMEM (%s)", c->name, why);
		if (!err)
			kt_free(c->fd, a->handle);
		return false;
	}
	if (!tap_errno(err, 0, "%s: ALLOC", c->name))
		return false;
	/* The header: dma_addr is 0 until mapped; coherent/noncoherent/noncontig: by ALLOC. */
	ok = a->handle && !(a->mmap_offset % info->page_size) &&
	     (mapped_by_alloc ? a->dma_addr && a->dma_addr <= info->coherent_dma_mask :
				!a->dma_addr);
	tap_ok(ok, tap_fmt("handle %u mmap_offset %#" PRIx64 " dma_addr %#" PRIx64,
			   a->handle, (uint64_t)a->mmap_offset, (uint64_t)a->dma_addr),
	       "%s: ALLOC outputs (handle != 0, page-aligned offset, dma_addr)", c->name);
	tap_bytes_held(c->fd, c->size, "%s: bytes_held is the buffer's size", c->name);
	return true;
}

static void case_mmap(struct kcase *c)
{
	int err;

	c->map = kt_mmap(c->fd, c->a.mmap_offset, c->size, &err);
	tap_errno(err, 0, "%s: mmap of the whole buffer", c->name);
}

static void case_dma_map(struct kcase *c, const struct dmabench_info *info)
{
	uint64_t pages = c->size / info->page_size;
	struct dmabench_map m;
	int err;

	err = kt_map(c->fd, c->a.handle, DMABENCH_DIR_BIDI, &m);
	c->dma_mapped = !err;
	if (!tap_errno(err, 0, "%s: MAP bidirectional", c->name))
		return;
	tap_ok(m.nents >= 1 && m.nents <= pages && m.dma_addr && m.dma_addr <= info->dma_mask,
	       tap_fmt("nents %u (pages %" PRIu64 ") dma_addr %#" PRIx64, m.nents, pages,
		       (uint64_t)m.dma_addr),
	       "%s: MAP outputs (1 <= nents <= pages, dma_addr within dma_mask)", c->name);
}

/*
 * The DMA API's ownership rule: the CPU touches a streaming or noncoherent
 * buffer only between SYNC for_cpu and SYNC for_device.  PATTERN works
 * through the kernel's CPU mapping, so the user's and the kernel's
 * accesses are both CPU accesses, made while the CPU owns the buffer.
 * Between them the buffer goes to the device and back: on a bouncing
 * platform (swiotlb) that copies it out and in again, so a sync that
 * misses part of the buffer shows as mismatches.
 */
static bool case_sync(struct kcase *c, uint32_t to, const char *why)
{
	const char *what = to == DMABENCH_SYNC_FOR_CPU ? "for_cpu" : "for_device";

	if (!kt_kind_syncs(c->kind))
		return true;
	return tap_errno(kt_sync(c->fd, c->a.handle, to, 0, c->size), 0,
			 "%s: SYNC %s of the whole buffer (%s)", c->name, what, why);
}

static bool round_trip(struct kcase *c, const char *after)
{
	return case_sync(c, DMABENCH_SYNC_FOR_DEVICE, tap_fmt("to the device after %s", after)) &&
	       case_sync(c, DMABENCH_SYNC_FOR_CPU, tap_fmt("back after %s", after));
}

/* Kernel-side PATTERN CHECK of the whole buffer: 0 mismatches. */
static bool kernel_check(struct kcase *c, uint64_t seed, const char *when)
{
	struct dmabench_pattern p;
	int err;

	err = kt_pattern(c->fd, c->a.handle, DMABENCH_PATTERN_CHECK, seed, 0, c->size, &p);
	if (err)
		return tap_errno(err, 0, "%s: PATTERN CHECK %s", c->name, when);
	return tap_ok(!p.mismatches && p.first_bad == PAT_NONE,
		      tap_fmt("%" PRIu64 " mismatches, first_bad %#" PRIx64,
			      (uint64_t)p.mismatches, (uint64_t)p.first_bad),
		      "%s: PATTERN CHECK %s finds 0 mismatches", c->name, when);
}

static bool user_write(struct kcase *c, uint64_t seed, const char *when)
{
	struct pat_result r;

	pat_write(c->map, c->size, seed, &r);
	return tap_ok(pat_ok(&r), pat_describe(&r), "%s: user writes the pattern %s",
		      c->name, when);
}

static bool user_verify(struct kcase *c, uint64_t seed, const char *when)
{
	struct pat_result r;

	pat_verify(c->map, c->size, seed, &r);
	return tap_ok(pat_ok(&r), pat_describe(&r), "%s: user reads the pattern %s",
		      c->name, when);
}

/* Data user -> kernel -> user, the CPU owning the buffer; see case_sync(). */
static void case_data(struct kcase *c)
{
	struct dmabench_pattern p;
	int err;

	if (!case_sync(c, DMABENCH_SYNC_FOR_CPU, "the CPU takes it"))
		return;
	if (!user_write(c, SEED_USER, "through mmap") || !round_trip(c, "the user's write"))
		return;
	kernel_check(c, SEED_USER, "of the user's data");
	err = kt_pattern(c->fd, c->a.handle, DMABENCH_PATTERN_FILL, SEED_KERNEL, 0, c->size,
			 &p);
	if (!tap_errno(err, 0, "%s: PATTERN FILL", c->name))
		return;
	if (!round_trip(c, "the kernel's fill"))
		return;
	user_verify(c, SEED_KERNEL, "the kernel filled");
	case_sync(c, DMABENCH_SYNC_FOR_DEVICE, "the device takes it back");
}

/* Reads the whole mapping, checking the data; returns the page faults it took. */
static uint64_t user_verify_faults(struct kcase *c, uint64_t seed, const char *when)
{
	uint64_t before = thread_minor_faults();
	struct pat_result r;
	uint64_t faults;

	pat_verify(c->map, c->size, seed, &r);
	faults = thread_minor_faults() - before;
	tap_ok(pat_ok(&r), pat_describe(&r), "%s: user reads the pattern %s", c->name, when);
	return faults;
}

/*
 * One MOVE while mmapped.  The user's PTEs must be zapped, so reading the
 * buffer right after faults (at least once: the fault handler may map
 * several pages at a time), and reading it again does not fault at all,
 * which shows the first count came from the MOVE.  Data intact throughout.
 */
static bool move_to(struct kcase *c, uint32_t caching, const char *mode, uint64_t seed)
{
	uint64_t refaults, again;

	if (!tap_errno(kt_move(c->fd, c->a.handle, caching), 0, "%s: MOVE to %s while mmapped",
		       c->name, mode))
		return false;
	refaults = user_verify_faults(c, seed, tap_fmt("after MOVE to %s", mode));
	again = user_verify_faults(c, seed, tap_fmt("again after MOVE to %s", mode));
	tap_ok(refaults >= 1 && again == 0,
	       tap_fmt("%" PRIu64 " faults reading after MOVE, %" PRIu64 " reading again",
		       refaults, again),
	       "%s: MOVE to %s zapped the user PTEs (reading faults, reading again does not)",
	       c->name, mode);
	return true;
}

/*
 * TTM-style moves: refused while DMA-mapped, then WB and back under the
 * user's mapping, data intact each time.  Leaves the buffer DMA-mapped
 * again so teardown is the same as for every kind.
 */
static void case_moves(struct kcase *c, const struct dmabench_info *info)
{
	const char *own = c->kind == DMABENCH_KIND_WC ? "WC" : "UC";
	uint32_t caching = kt_kind_caching(c->kind);

	if (c->dma_mapped) {
		tap_errno(kt_move(c->fd, c->a.handle, DMABENCH_CACHING_WB), EBUSY,
			  "%s: MOVE while DMA-mapped fails with EBUSY", c->name);
		c->dma_mapped = !tap_errno(kt_unmap(c->fd, c->a.handle), 0,
					   "%s: UNMAP before MOVE", c->name);
	}
	if (!move_to(c, DMABENCH_CACHING_WB, "WB", SEED_KERNEL))
		return;
	kernel_check(c, SEED_KERNEL, "after MOVE to WB");
	if (!move_to(c, caching, own, SEED_KERNEL))
		return;
	if (user_write(c, SEED_MOVED, tap_fmt("after MOVE back to %s", own)))
		kernel_check(c, SEED_MOVED, tap_fmt("after MOVE back to %s", own));
	if (!c->dma_mapped)
		case_dma_map(c, info);
}

static void case_teardown(struct kcase *c)
{
	if (c->map)
		tap_errno(munmap(c->map, c->size) ? errno : 0, 0, "%s: munmap", c->name);
	if (c->dma_mapped)
		tap_errno(kt_unmap(c->fd, c->a.handle), 0, "%s: UNMAP", c->name);
	tap_errno(kt_free(c->fd, c->a.handle), 0, "%s: FREE", c->name);
	tap_bytes_held(c->fd, 0, "%s: bytes_held back to 0", c->name);
}

static void run_case(int fd, const struct dmabench_info *info, uint32_t kind, uint64_t size)
{
	struct kcase c = {
		.fd = fd, .kind = kind, .size = size,
		.name = tap_fmt("%s %s", kt_kind_name(kind), kt_size(size)),
	};
	char name[64];

	/* tap_fmt buffers rotate; keep the name in the case's own storage. */
	snprintf(name, sizeof(name), "%s", c.name);
	c.name = name;
	if (!case_alloc(&c, info))
		return;
	case_mmap(&c);
	if (kt_kind_dma_maps(kind))
		case_dma_map(&c, info);
	if (c.map) {
		case_data(&c);
		if (kt_kind_moves(kind))
			case_moves(&c, info);
	}
	case_teardown(&c);
}

void check_kinds(int fd, const struct dmabench_info *info)
{
	uint64_t max = kt_cfg.max_size;

	if (kt_cfg.quick && max > QUICK_MAX_SIZE)
		max = QUICK_MAX_SIZE;
	for (uint32_t kind = 0; kind < DMABENCH_KIND_COUNT; kind++)
		for (size_t i = 0; kt_kind_allocs(kind) && i < sizeof(case_sizes) / sizeof(case_sizes[0]); i++)
			if (case_sizes[i] <= max)
				run_case(fd, info, kind, case_sizes[i]);
}
