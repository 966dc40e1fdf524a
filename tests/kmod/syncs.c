// SPDX-License-Identifier: GPL-2.0
/*
 * Check 2b: SYNC beyond the whole-buffer bidirectional case of kinds.c.
 * Directional mappings and allocations (noncoherent, noncontig) accept
 * syncs in their own direction only, noncontig's ranges are checked at
 * its page boundaries and end, and a
 * for_device sync of a sub-range, at an offset that is neither page- nor
 * segment-aligned, carries all of that range to the device: on a bouncing
 * platform a sync of the wrong range shows as stale data.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <sys/mman.h>

#include "checks.h"
#include "device.h"
#include "pattern.h"

#define DIR_SIZE (64 * KIB)
/* Several segments when swiotlb caps a mapping at 256 KiB. */
#define RANGE_BUF_SIZE (1 * MIB)
#define RANGE_OFFSET (300 * KIB + 64)
#define RANGE_LEN (200 * KIB + 8)
#define SEED_WHOLE 0x2468ace013579bdfULL
#define SEED_RANGE 0xfdb97531eca86420ULL
#define SEED_OLD_DEV 0x0f1e2d3c4b5a6978ULL

static const char *dir_name(uint32_t dir)
{
	return dir == DMABENCH_DIR_TO_DEVICE ? "TO_DEVICE" : "FROM_DEVICE";
}

static int sync_dir(int fd, uint32_t handle, uint32_t to, uint32_t dir, uint64_t len)
{
	struct dmabench_sync s = { .handle = handle, .to = to, .dir = dir, .len = len };

	return kt_ioctl(fd, DMABENCH_IOC_SYNC, &s);
}

/* Syncs in the buffer's own direction succeed both ways; BIDI is refused. */
static void sync_directions(int fd, const char *what, uint32_t handle, uint32_t dir)
{
	tap_errno(sync_dir(fd, handle, DMABENCH_SYNC_FOR_CPU, dir, DIR_SIZE), 0,
		  "%s %s: SYNC for_cpu %s", what, dir_name(dir), dir_name(dir));
	tap_errno(sync_dir(fd, handle, DMABENCH_SYNC_FOR_DEVICE, dir, DIR_SIZE), 0,
		  "%s %s: SYNC for_device %s", what, dir_name(dir), dir_name(dir));
	tap_errno(sync_dir(fd, handle, DMABENCH_SYNC_FOR_DEVICE, DMABENCH_DIR_BIDI, DIR_SIZE),
		  EINVAL, "%s %s: SYNC BIDI -> EINVAL", what, dir_name(dir));
}

static void streaming_direction(int fd, uint32_t dir)
{
	struct dmabench_alloc a;
	struct dmabench_map m;

	if (!tap_errno(kt_alloc(fd, DMABENCH_KIND_STREAMING, DIR_SIZE, &a), 0,
		       "streaming %s: ALLOC", dir_name(dir)))
		return;
	if (tap_errno(kt_map(fd, a.handle, dir, &m), 0, "streaming %s: MAP %s",
		      dir_name(dir), dir_name(dir))) {
		sync_directions(fd, "streaming", a.handle, dir);
		tap_errno(kt_unmap(fd, a.handle), 0, "streaming %s: UNMAP", dir_name(dir));
	}
	tap_errno(kt_free(fd, a.handle), 0, "streaming %s: FREE", dir_name(dir));
}

/* noncoherent and noncontig: the direction is the allocation's. */
static void alloc_direction(int fd, uint32_t kind, uint32_t dir)
{
	const char *k = kt_kind_name(kind);
	struct dmabench_alloc a = {
		.kind = kind, .dir = dir, .size = DIR_SIZE, .node = -1,
	};

	if (!tap_errno(kt_ioctl(fd, DMABENCH_IOC_ALLOC, &a), 0, "%s %s: ALLOC %s", k,
		       dir_name(dir), dir_name(dir)))
		return;
	sync_directions(fd, k, a.handle, dir);
	tap_errno(kt_free(fd, a.handle), 0, "%s %s: FREE", k, dir_name(dir));
}

/*
 * noncontig's edges: ranges that end at page boundaries (where the CPU
 * entries of its table may meet) and at the buffer's end pass, ranges
 * reaching past the end fail.  The module syncs the whole table for any
 * valid range; DMA-API debug (the debug preset) checks that it does so
 * as the allocation mapped it.
 */
static void noncontig_sync_edges(int fd, const struct dmabench_info *info)
{
	uint64_t page = info->page_size, size = 4 * page;
	const struct {
		const char *what;
		uint64_t offset, len;
		int want;
	} cases[] = {
		{ "the first page", 0, page, 0 },
		{ "the last page", size - page, page, 0 },
		{ "8 bytes either side of a page boundary", page - 8, 16, 0 },
		{ "pages 1 and 2 exactly", page, 2 * page, 0 },
		{ "the last byte", size - 1, 1, 0 },
		{ "the whole buffer", 0, size, 0 },
		{ "one byte at its end", size, 1, EINVAL },
		{ "8 bytes across its end", size - 8, 16, EINVAL },
		{ "one page more than it has", 0, size + page, EINVAL },
		{ "len 0", page, 0, EINVAL },
		{ "offset+len overflowing u64", UINT64_MAX - 7, 16, EINVAL },
	};
	struct dmabench_alloc a;

	if (!tap_errno(kt_alloc(fd, DMABENCH_KIND_NONCONTIG, size, &a), 0,
		       "noncontig sync edges: ALLOC %s", kt_size(size)))
		return;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		for (uint32_t to = DMABENCH_SYNC_FOR_CPU; to <= DMABENCH_SYNC_FOR_DEVICE; to++)
			tap_errno(kt_sync(fd, a.handle, to, cases[i].offset, cases[i].len),
				  cases[i].want, "noncontig sync edges: SYNC %s of %s -> %s",
				  to == DMABENCH_SYNC_FOR_CPU ? "for_cpu" : "for_device",
				  cases[i].what, tap_errname(cases[i].want));
	tap_errno(kt_free(fd, a.handle), 0, "noncontig sync edges: FREE");
}

/*
 * The range out to the device, then the whole buffer back.  On a bouncing
 * platform the whole-buffer for_cpu copies every byte back from the bounce
 * buffer, so the range reads new only if the ranged for_device copied all
 * of it out (kinds.c checks whole-buffer syncs on their own).
 */
static bool range_round_trip(int fd, uint32_t handle)
{
	struct dmabench_sync s = {
		.handle = handle, .to = DMABENCH_SYNC_FOR_DEVICE, .dir = DMABENCH_DIR_BIDI,
		.offset = RANGE_OFFSET, .len = RANGE_LEN,
	};

	return tap_errno(kt_ioctl(fd, DMABENCH_IOC_SYNC, &s), 0,
			 "partial sync: SYNC for_device of %s at %#llx", kt_size(RANGE_LEN),
			 (unsigned long long)RANGE_OFFSET) &&
	       tap_errno(kt_sync(fd, handle, DMABENCH_SYNC_FOR_CPU, 0, RANGE_BUF_SIZE), 0,
			 "partial sync: SYNC for_cpu of the whole buffer after it");
}

static void range_kernel_check(int fd, uint32_t handle, uint64_t from, uint64_t len,
			       uint64_t seed, const char *what)
{
	struct dmabench_pattern p;
	int err = kt_pattern(fd, handle, DMABENCH_PATTERN_CHECK, seed, from, len, &p);

	tap_ok(!err && !p.mismatches,
	       tap_fmt("%s, %" PRIu64 " mismatches, first_bad %#" PRIx64, tap_errname(err),
		       (uint64_t)p.mismatches, (uint64_t)p.first_bad),
	       "partial sync: PATTERN CHECK of %s", what);
}

/* The user's view after the round trip: the range new, the rest as before. */
static void range_user_check(void *p)
{
	uint64_t end = RANGE_OFFSET + RANGE_LEN;
	struct pat_result r;

	pat_verify_range(p, RANGE_OFFSET, RANGE_LEN, SEED_RANGE, &r);
	tap_ok(pat_ok(&r), pat_describe(&r), "partial sync: user reads the range back");
	pat_verify_range(p, 0, RANGE_OFFSET, SEED_WHOLE, &r);
	if (pat_ok(&r))
		pat_verify_range(p, end, RANGE_BUF_SIZE - end, SEED_WHOLE, &r);
	tap_ok(pat_ok(&r), pat_describe(&r), "partial sync: the rest of the buffer unchanged");
}

static void partial_sync_data(int fd, const struct dmabench_alloc *a, void *p)
{
	struct pat_result r;

	if (!tap_errno(kt_sync(fd, a->handle, DMABENCH_SYNC_FOR_CPU, 0, RANGE_BUF_SIZE), 0,
		       "partial sync: SYNC for_cpu of the whole buffer (the CPU takes it)"))
		return;
	pat_write(p, RANGE_BUF_SIZE, SEED_WHOLE, &r);
	if (!tap_ok(pat_ok(&r), pat_describe(&r), "partial sync: user writes the whole buffer"))
		return;
	if (!tap_errno(kt_sync(fd, a->handle, DMABENCH_SYNC_FOR_DEVICE, 0, RANGE_BUF_SIZE), 0,
		       "partial sync: SYNC for_device of the whole buffer") ||
	    !tap_errno(kt_sync(fd, a->handle, DMABENCH_SYNC_FOR_CPU, 0, RANGE_BUF_SIZE), 0,
		       "partial sync: SYNC for_cpu of the whole buffer"))
		return;
	pat_write_range(p, RANGE_OFFSET, RANGE_LEN, SEED_RANGE, &r);
	if (!tap_ok(pat_ok(&r), pat_describe(&r), "partial sync: user rewrites a sub-range") ||
	    !range_round_trip(fd, a->handle))
		return;
	range_user_check(p);
	range_kernel_check(fd, a->handle, RANGE_OFFSET, RANGE_LEN, SEED_RANGE, "the range");
	range_kernel_check(fd, a->handle, 0, RANGE_OFFSET, SEED_WHOLE, "what precedes it");
	kt_sync(fd, a->handle, DMABENCH_SYNC_FOR_DEVICE, 0, RANGE_BUF_SIZE);
}

/* MAP a kind that MAP applies to; the others are mapped by ALLOC. */
static bool map_if_needed(int fd, uint32_t kind, uint32_t handle, struct dmabench_map *m,
			  const char *what)
{
	if (!kt_kind_dma_maps(kind))
		return true;
	return tap_errno(kt_map(fd, handle, DMABENCH_DIR_BIDI, m), 0, "%s: MAP bidirectional",
			 what);
}

static void unmap_if_needed(int fd, uint32_t kind, uint32_t handle)
{
	if (kt_kind_dma_maps(kind))
		kt_unmap(fd, handle);
}

/* streaming (DMA-mapped by MAP) and noncontig (by ALLOC). */
static void partial_sync(int fd, uint32_t kind)
{
	struct dmabench_alloc a;
	struct dmabench_map m;
	void *p;
	int err;

	if (!tap_errno(kt_alloc(fd, kind, RANGE_BUF_SIZE, &a), 0,
		       "partial sync: ALLOC %s %s", kt_kind_name(kind), kt_size(RANGE_BUF_SIZE)))
		return;
	p = kt_mmap(fd, a.mmap_offset, RANGE_BUF_SIZE, &err);
	if (tap_errno(err, 0, "partial sync: mmap") &&
	    map_if_needed(fd, kind, a.handle, &m, "partial sync")) {
		partial_sync_data(fd, &a, p);
		unmap_if_needed(fd, kind, a.handle);
	}
	if (p)
		munmap(p, RANGE_BUF_SIZE);
	tap_errno(kt_free(fd, a.handle), 0, "partial sync: FREE");
}

/*
 * Partial syncs with the device in the loop (edu): the CPU writes a range,
 * syncs only it for the device, the device copies it piece by piece (one
 * 4 KiB chunk at most per transfer, no syncs of its own) to the mirror
 * range MIRROR bytes on, and the CPU syncs only the mirror range back.
 * The ranges start and end off page and segment boundaries and cross
 * them (swiotlb's 256 KiB segments, pages that are separate sg entries).
 * A sync that reaches less than its range shows as wrong data on every
 * platform that bounces; what the DMA API allows for sg mappings (the
 * module syncs the table as mapped) is checked by DMA-API debug.
 */
#define MIRROR (512 * KIB)	/* above every range: offset ^ MIRROR == offset + MIRROR */
#define PIECE_MAX 2048U
#define SEED_DEV 0x13579bdf2468ace0ULL

struct dev_range {
	uint64_t offset, len;
};

static const struct dev_range dev_ranges[] = {
	{ 4 * KIB - 64, 128 },			/* across a page */
	{ 256 * KIB - 104, 208 },		/* across a swiotlb segment */
	{ 300 * KIB + 64, 9000 },		/* several pages, odd ends */
	{ 512 * KIB - 3000, 3000 },		/* up to the mirror's start */
};

static int edu_copy(int fd, uint32_t handle, uint32_t op, uint64_t offset, uint32_t len)
{
	struct dmabench_device_dma d = {
		.handle = handle, .op = op, .offset = offset, .len = len,
		.flags = DMABENCH_DEVICE_DMA_NO_SYNC,
	};

	return kt_ioctl(fd, DMABENCH_IOC_DEVICE_DMA, &d);
}

/* [from, from + len) -> edu -> [from + MIRROR, ...), no chunk crossed per transfer. */
static int edu_mirror(int fd, uint32_t handle, uint64_t from, uint64_t len)
{
	for (uint64_t pos = from; pos < from + len;) {
		uint64_t chunk_end = (pos / (4 * KIB) + 1) * 4 * KIB;
		uint64_t n = chunk_end - pos;
		int err;

		if (n > from + len - pos)
			n = from + len - pos;
		if (n > PIECE_MAX)
			n = PIECE_MAX;
		err = edu_copy(fd, handle, DMABENCH_DEVICE_DMA_READ, pos, (uint32_t)n);
		if (!err)
			err = edu_copy(fd, handle, DMABENCH_DEVICE_DMA_WRITE, pos + MIRROR,
				       (uint32_t)n);
		if (err)
			return err;
		pos += n;
	}
	return 0;
}

static void device_range(int fd, uint32_t handle, const struct dev_range *r)
{
	uint64_t seed = SEED_DEV ^ r->offset, mirror = r->offset + MIRROR;
	struct dmabench_sync s = {
		.handle = handle, .to = DMABENCH_SYNC_FOR_DEVICE, .dir = DMABENCH_DIR_BIDI,
		.offset = r->offset, .len = r->len,
	};
	struct dmabench_pattern p;
	const char *what = tap_fmt("%s at %#" PRIx64, kt_size(r->len), r->offset);
	int err;

	err = kt_sync(fd, handle, DMABENCH_SYNC_FOR_CPU, 0, RANGE_BUF_SIZE);
	if (!err)
		err = kt_pattern(fd, handle, DMABENCH_PATTERN_FILL, SEED_OLD_DEV, 0,
				 RANGE_BUF_SIZE, &p);
	if (!err)
		err = kt_pattern(fd, handle, DMABENCH_PATTERN_FILL, seed, r->offset, r->len, &p);
	if (!tap_errno(err, 0, "partial sync with edu, %s: CPU fills the buffer and the range",
		       what))
		return;
	if (!tap_errno(kt_ioctl(fd, DMABENCH_IOC_SYNC, &s), 0,
		       "partial sync with edu, %s: SYNC for_device of the range only", what))
		return;
	/* The rest of the buffer stays with the device too (it was synced whole before). */
	if (!tap_errno(edu_mirror(fd, handle, r->offset, r->len), 0,
		       "partial sync with edu, %s: device copies it %s on", what, kt_size(MIRROR)))
		return;
	s.to = DMABENCH_SYNC_FOR_CPU;
	s.offset = mirror;
	if (!tap_errno(kt_ioctl(fd, DMABENCH_IOC_SYNC, &s), 0,
		       "partial sync with edu, %s: SYNC for_cpu of the copy only", what))
		return;
	err = kt_pattern(fd, handle, DMABENCH_PATTERN_CHECK, seed ^ MIRROR, mirror, r->len, &p);
	tap_ok(!err && !p.mismatches,
	       tap_fmt("%s, %" PRIu64 " mismatches, first_bad %#" PRIx64, tap_errname(err),
		       (uint64_t)p.mismatches, (uint64_t)p.first_bad),
	       "partial sync with edu, %s: the CPU reads the device's copy", what);
	/* Whole-buffer syncs around each case keep the ownership simple. */
	kt_sync(fd, handle, DMABENCH_SYNC_FOR_DEVICE, 0, RANGE_BUF_SIZE);
}

static void partial_sync_device(int fd, uint32_t kind)
{
	struct dmabench_alloc a;
	struct dmabench_map m = { .nents = 1 };

	if (!tap_errno(kt_alloc(fd, kind, RANGE_BUF_SIZE, &a), 0,
		       "partial sync with edu: ALLOC %s %s", kt_kind_name(kind),
		       kt_size(RANGE_BUF_SIZE)))
		return;
	if (map_if_needed(fd, kind, a.handle, &m, "partial sync with edu")) {
		tap_diag("partial sync with edu: %s, %u DMA segments", kt_kind_name(kind), m.nents);
		for (size_t i = 0; i < sizeof(dev_ranges) / sizeof(dev_ranges[0]); i++)
			device_range(fd, a.handle, &dev_ranges[i]);
		unmap_if_needed(fd, kind, a.handle);
	}
	tap_errno(kt_free(fd, a.handle), 0, "partial sync with edu: FREE");
}

void check_syncs(int fd, const struct dmabench_info *info)
{
	static const uint32_t dirs[] = { DMABENCH_DIR_TO_DEVICE, DMABENCH_DIR_FROM_DEVICE };

	static const uint32_t ranged[] = { DMABENCH_KIND_STREAMING, DMABENCH_KIND_NONCONTIG };

	for (size_t i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++) {
		streaming_direction(fd, dirs[i]);
		alloc_direction(fd, DMABENCH_KIND_NONCOHERENT, dirs[i]);
		alloc_direction(fd, DMABENCH_KIND_NONCONTIG, dirs[i]);
	}
	noncontig_sync_edges(fd, info);
	for (size_t i = 0; i < sizeof(ranged) / sizeof(ranged[0]); i++) {
		partial_sync(fd, ranged[i]);
		if (info->device == DMABENCH_DEV_EDU)
			partial_sync_device(fd, ranged[i]);
	}
	tap_bytes_held(fd, 0, "syncs: bytes_held back to 0");
}
