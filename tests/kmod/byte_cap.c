// SPDX-License-Identifier: GPL-2.0
/*
 * Check 7: the module-wide byte cap.  Allocate quarters of the cap until
 * ALLOC refuses with ENOMEM, exactly when the next chunk would cross the
 * cap; a BENCH run, whose private buffer counts against the cap, is
 * refused too; another file gets only what is left (the cap is on the sum
 * over all files) and GET_INFO shows both views; freeing one chunk makes
 * room for one again.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <unistd.h>

#include "../common/meminfo.h"
#include "checks.h"
#include "device.h"

#define CAP_LIMIT (4 * GIB)	/* larger caps would take the machine's memory */
#define MAX_CHUNKS 64

struct chunks {
	uint32_t handle[MAX_CHUNKS];
	int count;
};

/* Allocates @chunk-sized buffers until one fails; returns that errno. */
static int fill_to_cap(int fd, uint64_t chunk, struct chunks *held)
{
	struct dmabench_alloc a;
	int err = 0;

	held->count = 0;
	while (held->count < MAX_CHUNKS) {
		err = kt_alloc(fd, DMABENCH_KIND_STREAMING, chunk, &a);
		if (err)
			break;
		held->handle[held->count++] = a.handle;
	}
	return err;
}

/* GET_INFO keeps the per-file view beside the module-wide one. */
static void held_views(int fd2, uint64_t held)
{
	struct dmabench_info i2;
	int err = kt_info(fd2, &i2);

	if (!tap_errno(err, 0, "byte cap: GET_INFO on the second file"))
		return;
	tap_ok(i2.bytes_held == 0 && i2.bytes_held_all == held,
	       tap_fmt("bytes_held %llu, bytes_held_all %llu", (unsigned long long)i2.bytes_held,
		       (unsigned long long)i2.bytes_held_all),
	       "byte cap: the second file holds 0 of the %s all files hold", kt_size(held));
}

static void at_cap(int fd, const struct dmabench_info *info, uint64_t held)
{
	uint64_t room = (info->byte_cap - held) / info->page_size * info->page_size;
	struct dmabench_bench b = {
		.op = DMABENCH_OP_KREAD, .kind = DMABENCH_KIND_STREAMING,
		.size = (room / info->page_size + 1) * info->page_size,
		.iterations = 1, .batch = 1, .node = -1,
	};
	struct dmabench_alloc a;
	int fd2, err;

	tap_bytes_held(fd, held, "byte cap: bytes_held is %s at the cap", kt_size(held));
	tap_errno(kt_ioctl(fd, DMABENCH_IOC_BENCH, &b), ENOMEM,
		  "byte cap: BENCH KREAD of %s, more than the room left -> ENOMEM", kt_size(b.size));
	fd2 = kt_open();
	if (!tap_ok(fd2 >= 0, tap_fmt("open: %s", tap_errname(-fd2)), "byte cap: second open"))
		return;
	/* The cap is on all files together: opening again is no way around it. */
	err = kt_alloc(fd2, DMABENCH_KIND_STREAMING, room ? room : info->page_size, &a);
	tap_errno(err, room ? 0 : ENOMEM, "byte cap: another file gets what is left of the "
		  "module-wide cap (%s) and no more", kt_size(room));
	if (!err)
		kt_free(fd2, a.handle);
	err = kt_alloc(fd2, DMABENCH_KIND_STREAMING, room + info->page_size, &a);
	tap_errno(err, ENOMEM, "byte cap: another file asking for %s, past the module-wide cap "
		  "-> ENOMEM", kt_size(room + info->page_size));
	if (!err)
		kt_free(fd2, a.handle);
	held_views(fd2, held);
	close(fd2);
}

/* Why the cap cannot be reached here, or NULL. */
static const char *cap_unreachable(const struct dmabench_info *info, uint64_t chunk)
{
	uint64_t avail = meminfo_bytes("MemAvailable");

	if (info->byte_cap > CAP_LIMIT || !chunk)
		return tap_fmt("byte_cap %s is outside 4 pages..%s", kt_size(info->byte_cap),
			       kt_size(CAP_LIMIT));
	/* The cap plus one chunk on a second file, with a quarter to spare. */
	if ((info->byte_cap + chunk) / 3 * 4 > avail)
		return tap_fmt("byte_cap %s needs more than MemAvailable %s allows",
			       kt_size(info->byte_cap), kt_size(avail));
	return NULL;
}

void check_byte_cap(int fd, const struct dmabench_info *info)
{
	uint64_t chunk = info->byte_cap / 4 / info->page_size * info->page_size;
	struct dmabench_alloc a;
	const char *why = cap_unreachable(info, chunk);
	struct chunks held;
	int expect, err;

	if (why) {
		tap_skip(why, "byte cap: ALLOC up to the cap");
		return;
	}
	expect = (int)(info->byte_cap / chunk);
	err = fill_to_cap(fd, chunk, &held);
	tap_errno(err, ENOMEM, "byte cap: ALLOC of %s chunks stops with ENOMEM", kt_size(chunk));
	tap_ok(held.count == expect, tap_fmt("%d chunks allocated", held.count),
	       "byte cap: exactly %d chunks of %s fit under the cap of %s", expect,
	       kt_size(chunk), kt_size(info->byte_cap));
	if (err == ENOMEM && held.count > 0) {
		at_cap(fd, info, (uint64_t)held.count * chunk);
		tap_errno(kt_free(fd, held.handle[--held.count]), 0, "byte cap: FREE one chunk");
		err = kt_alloc(fd, DMABENCH_KIND_STREAMING, chunk, &a);
		if (tap_errno(err, 0, "byte cap: ALLOC succeeds again after a FREE"))
			held.handle[held.count++] = a.handle;
	}
	while (held.count > 0)
		kt_free(fd, held.handle[--held.count]);
	tap_bytes_held(fd, 0, "byte cap: bytes_held back to 0");
}
