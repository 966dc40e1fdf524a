// SPDX-License-Identifier: GPL-2.0
/*
 * Check 2b: SYNC beyond the whole-buffer bidirectional case of kinds.c.
 * Directional mappings accept syncs in their own direction only, and a
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

static void noncoherent_direction(int fd, uint32_t dir)
{
	struct dmabench_alloc a = {
		.kind = DMABENCH_KIND_NONCOHERENT, .dir = dir, .size = DIR_SIZE, .node = -1,
	};

	if (!tap_errno(kt_ioctl(fd, DMABENCH_IOC_ALLOC, &a), 0, "noncoherent %s: ALLOC %s",
		       dir_name(dir), dir_name(dir)))
		return;
	sync_directions(fd, "noncoherent", a.handle, dir);
	tap_errno(kt_free(fd, a.handle), 0, "noncoherent %s: FREE", dir_name(dir));
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

static void partial_sync(int fd)
{
	struct dmabench_alloc a;
	struct dmabench_map m;
	void *p;
	int err;

	if (!tap_errno(kt_alloc(fd, DMABENCH_KIND_STREAMING, RANGE_BUF_SIZE, &a), 0,
		       "partial sync: ALLOC streaming %s", kt_size(RANGE_BUF_SIZE)))
		return;
	p = kt_mmap(fd, a.mmap_offset, RANGE_BUF_SIZE, &err);
	if (tap_errno(err, 0, "partial sync: mmap") &&
	    tap_errno(kt_map(fd, a.handle, DMABENCH_DIR_BIDI, &m), 0, "partial sync: MAP")) {
		partial_sync_data(fd, &a, p);
		kt_unmap(fd, a.handle);
	}
	if (p)
		munmap(p, RANGE_BUF_SIZE);
	tap_errno(kt_free(fd, a.handle), 0, "partial sync: FREE");
}

void check_syncs(int fd, const struct dmabench_info *info)
{
	static const uint32_t dirs[] = { DMABENCH_DIR_TO_DEVICE, DMABENCH_DIR_FROM_DEVICE };

	(void)info;
	for (size_t i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++) {
		streaming_direction(fd, dirs[i]);
		noncoherent_direction(fd, dirs[i]);
	}
	partial_sync(fd);
	tap_bytes_held(fd, 0, "syncs: bytes_held back to 0");
}
