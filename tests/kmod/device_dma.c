// SPDX-License-Identifier: GPL-2.0
/*
 * Check 9: DEVICE_DMA, real transfers by edu's DMA engine.  Every invalid
 * request with its errno; then, per kind, data the CPU wrote read by the
 * device and written back elsewhere (2 KiB and a sub-range at other
 * offsets), verified by the CPU; and a device write with the syncs left
 * out, which must show stale data exactly when streaming mappings bounce
 * (swiotlb) and fresh data after the sync.  Each transfer takes ~100 ms
 * of QEMU time, so the checks do few of them.
 *
 * The pattern word at byte o is (seed ^ o).  A copy from offset s to
 * offset d = s ^ delta (delta's bits above the copied range) therefore
 * reads as the pattern of seed ^ delta.
 */
#include <errno.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>

#include <sys/mman.h>

#include "checks.h"
#include "device.h"
#include "pattern.h"

#define CHUNK		4096ULL
#define DMA_BUF_SIZE	(4 * CHUNK)
/* What one transfer copies: edu's last byte is out of reach (QEMU 7.2). */
#define XFER		2048U
#define SEED_SRC	0x1f2e3d4c5b6a7988ULL
#define SEED_OLD	0x0123456789abcdefULL
#define SEED_AROUND	0x55aa55aa33cc33ccULL
#define NO_SUCH_HANDLE	12345U
/* The sub-range: edu bytes [512, 1536) to the same offsets of chunk 2. */
#define SUB_OFF		512U
#define SUB_LEN		1024U

static bool fill(int fd, uint32_t handle, uint64_t seed, uint64_t offset, uint64_t len)
{
	return !kt_fill(fd, handle, seed, offset, len);
}

/* --- invalid requests ------------------------------------------------------ */

struct dma_fixture {
	struct dmabench_alloc bidi;	/* streaming, mapped BIDI */
	struct dmabench_alloc from_dev;	/* streaming, mapped FROM_DEVICE */
	struct dmabench_alloc unmapped;	/* wc, never mapped */
	struct dmabench_alloc to_dev;	/* noncoherent, allocated TO_DEVICE */
};

static bool fixture_setup(int fd, struct dma_fixture *f)
{
	struct dmabench_map m;

	memset(f, 0, sizeof(*f));
	f->to_dev = (struct dmabench_alloc){
		.kind = DMABENCH_KIND_NONCOHERENT, .dir = DMABENCH_DIR_TO_DEVICE,
		.size = DMA_BUF_SIZE, .node = -1,
	};
	return tap_errno(kt_alloc(fd, DMABENCH_KIND_STREAMING, DMA_BUF_SIZE, &f->bidi), 0,
			 "device dma setup: ALLOC streaming") &&
	       tap_errno(kt_map(fd, f->bidi.handle, DMABENCH_DIR_BIDI, &m), 0,
			 "device dma setup: MAP it bidirectional") &&
	       tap_errno(kt_alloc(fd, DMABENCH_KIND_STREAMING, DMA_BUF_SIZE, &f->from_dev), 0,
			 "device dma setup: ALLOC streaming") &&
	       tap_errno(kt_map(fd, f->from_dev.handle, DMABENCH_DIR_FROM_DEVICE, &m), 0,
			 "device dma setup: MAP it FROM_DEVICE") &&
	       tap_errno(kt_alloc(fd, DMABENCH_KIND_WC, DMA_BUF_SIZE, &f->unmapped), 0,
			 "device dma setup: ALLOC wc") &&
	       tap_errno(kt_ioctl(fd, DMABENCH_IOC_ALLOC, &f->to_dev), 0,
			 "device dma setup: ALLOC noncoherent TO_DEVICE");
}

static void fixture_teardown(int fd, struct dma_fixture *f)
{
	const struct dmabench_alloc *all[] = { &f->bidi, &f->from_dev, &f->unmapped, &f->to_dev };

	for (size_t i = 0; i < sizeof(all) / sizeof(all[0]); i++) {
		if (!all[i]->handle)
			continue;
		kt_unmap(fd, all[i]->handle);
		kt_free(fd, all[i]->handle);
	}
}

struct dma_case {
	const char *what;
	struct dmabench_device_dma d;
	int want;
};

#define RD DMABENCH_DEVICE_DMA_READ
#define WR DMABENCH_DEVICE_DMA_WRITE

static void bad_device_dmas(int fd, const struct dma_fixture *f)
{
	uint32_t h = f->bidi.handle;
	const struct dma_case cases[] = {
		{ "valid READ (control)", { .handle = h, .op = RD, .len = 64 }, 0 },
		{ "pad 1", { .handle = h, .op = RD, .len = 64, .pad = 1 }, EINVAL },
		{ "reserved[0] 1", { .handle = h, .op = RD, .len = 64, .reserved = { 1, 0 } }, EINVAL },
		{ "reserved[1] 1", { .handle = h, .op = RD, .len = 64, .reserved = { 0, 1 } }, EINVAL },
		{ "flags 2", { .handle = h, .op = RD, .len = 64, .flags = 2 }, EINVAL },
		{ "op 2", { .handle = h, .op = 2, .len = 64 }, EINVAL },
		{ "len 0", { .handle = h, .op = RD }, EINVAL },
		{ "len 4096 (reaches edu's last byte)", { .handle = h, .op = RD, .len = 4096 },
		  EINVAL },
		{ "len 4095 (control)", { .handle = h, .op = RD, .len = 4095 }, 0 },
		{ "edu_offset 4095 len 1",
		  { .handle = h, .op = RD, .len = 1, .edu_offset = 4095 }, EINVAL },
		{ "edu range past the buffer",
		  { .handle = h, .op = WR, .len = 4000, .edu_offset = 100 }, EINVAL },
		{ "range across a 4 KiB boundary",
		  { .handle = h, .op = RD, .offset = 4000, .len = 200 }, EINVAL },
		{ "range past the buffer",
		  { .handle = h, .op = RD, .offset = DMA_BUF_SIZE, .len = 8 }, EINVAL },
		{ "offset 2^64-8 (overflow)",
		  { .handle = h, .op = RD, .offset = UINT64_MAX - 7, .len = 16 }, EINVAL },
		{ "handle 0", { .op = RD, .len = 64 }, ENOENT },
		{ "handle 12345", { .handle = NO_SUCH_HANDLE, .op = RD, .len = 64 }, ENOENT },
		{ "unmapped wc buffer", { .handle = f->unmapped.handle, .op = RD, .len = 64 }, EINVAL },
		{ "READ of a FROM_DEVICE mapping",
		  { .handle = f->from_dev.handle, .op = RD, .len = 64 }, EINVAL },
		{ "WRITE of a FROM_DEVICE mapping (control)",
		  { .handle = f->from_dev.handle, .op = WR, .len = 64 }, 0 },
		{ "WRITE to a TO_DEVICE noncoherent buffer",
		  { .handle = f->to_dev.handle, .op = WR, .len = 64 }, EINVAL },
		{ "READ of a TO_DEVICE noncoherent buffer (control)",
		  { .handle = f->to_dev.handle, .op = RD, .len = 64 }, 0 },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct dmabench_device_dma d = cases[i].d;

		tap_errno(kt_ioctl(fd, DMABENCH_IOC_DEVICE_DMA, &d), cases[i].want,
			  "bad ioctl: DEVICE_DMA %s -> %s", cases[i].what,
			  tap_errname(cases[i].want));
	}
}

/* --- data through each kind -------------------------------------------------- */

/* The bus address DEVICE_DMA must use at offset 0 of a fresh buffer. */
static uint64_t base_bus_addr(const struct dmabench_alloc *a, const struct dmabench_map *m)
{
	return kt_kind_dma_maps(a->kind) ? m->dma_addr : a->dma_addr;
}

/* Chunk 0's first half -> edu -> chunk 1, and a sub-range of edu -> chunk 2. */
static bool kind_round_trip(int fd, const struct dmabench_alloc *a, uint64_t bus)
{
	const char *kind = kt_kind_name(a->kind);
	struct dmabench_device_dma d;
	uint64_t sub = 2 * CHUNK + SUB_OFF;

	if (!tap_ok(fill(fd, a->handle, SEED_SRC, 0, CHUNK) &&
		    fill(fd, a->handle, SEED_OLD, CHUNK, 3 * CHUNK), NULL,
		    "device dma %s: CPU fills the buffer", kind))
		return false;
	if (!tap_errno(kt_device_dma(fd, a->handle, RD, 0, XFER, 0, 0, &d), 0,
		       "device dma %s: device reads 2 KiB at offset 0", kind))
		return false;
	tap_u64(d.dma_addr, bus, "device dma %s: READ used the buffer's bus address", kind);
	if (!tap_errno(kt_device_dma(fd, a->handle, WR, CHUNK, XFER, 0, 0, NULL), 0,
		       "device dma %s: device writes 2 KiB at offset 4096", kind) ||
	    !tap_pattern(fd, a->handle, SEED_SRC ^ CHUNK, CHUNK, XFER,
			    "device dma %s: CPU reads the device's copy at offset 4096", kind) ||
	    !tap_pattern(fd, a->handle, SEED_OLD, CHUNK + XFER, CHUNK - XFER,
			    "device dma %s: the rest of chunk 1 untouched", kind))
		return false;
	if (!tap_errno(kt_device_dma(fd, a->handle, WR, sub, SUB_LEN, SUB_OFF, 0, NULL), 0,
		       "device dma %s: device writes edu[%u, %u) at offset %#" PRIx64, kind,
		       SUB_OFF, SUB_OFF + SUB_LEN, sub))
		return false;
	return tap_pattern(fd, a->handle, SEED_SRC ^ (2 * CHUNK), sub, SUB_LEN,
			      "device dma %s: CPU reads the sub-range", kind) &
	       tap_pattern(fd, a->handle, SEED_OLD, 2 * CHUNK, SUB_OFF,
			      "device dma %s: bytes before the sub-range untouched", kind) &
	       tap_pattern(fd, a->handle, SEED_OLD, sub + SUB_LEN,
			      CHUNK - SUB_OFF - SUB_LEN, "device dma %s: bytes after it untouched", kind);
}

/* What the CPU must see without a sync for_cpu (kt_streaming_sees()). */
enum no_sync_sees { SEES_FRESH = KT_SEES_FRESH, SEES_STALE = KT_SEES_STALE,
		    SEES_EITHER = KT_SEES_EITHER };

static enum no_sync_sees no_sync_expect(uint32_t kind, const struct dmabench_info *info)
{
	if (!kt_kind_dma_maps(kind))
		return SEES_FRESH;
	return (enum no_sync_sees)kt_streaming_sees(info);
}

static void check_no_sync_data(int fd, const struct dmabench_alloc *a, uint64_t at,
			       uint64_t fresh, enum no_sync_sees want)
{
	static const char *const what[] = {
		[SEES_FRESH] = "fresh", [SEES_STALE] = "stale (bounce buffer)",
		[SEES_EITHER] = "all stale or all fresh (bounced only above the mask)",
	};
	struct dmabench_pattern st = { 0 }, fr = { 0 };
	bool stale, is_fresh;
	int err;

	err = kt_pattern(fd, a->handle, DMABENCH_PATTERN_CHECK, SEED_OLD, at, XFER, &st);
	if (!err)
		err = kt_pattern(fd, a->handle, DMABENCH_PATTERN_CHECK, fresh, at, XFER, &fr);
	stale = !err && !st.mismatches;
	is_fresh = !err && !fr.mismatches;
	if (want == SEES_EITHER)
		tap_diag("%s without sync: %s", kt_kind_name(a->kind),
			 stale ? "stale (bounced)" : is_fresh ? "fresh (not bounced)" : "mixed");
	tap_ok(want == SEES_STALE ? stale : want == SEES_FRESH ? is_fresh : stale || is_fresh,
	       tap_fmt("%s, %" PRIu64 " words differ from stale, %" PRIu64 " from fresh",
		       tap_errname(err), (uint64_t)st.mismatches, (uint64_t)fr.mismatches),
	       "device dma %s: without SYNC for_cpu the CPU reads %s data",
	       kt_kind_name(a->kind), what[want]);
}

/*
 * Chunk 3 holds SEED_OLD, handed to the device; the device overwrites it
 * with edu's data (SEED_SRC's chunk 0) and nobody syncs for the CPU.
 */
static void kind_no_sync(int fd, const struct dmabench_alloc *a, const struct dmabench_info *info)
{
	const char *kind = kt_kind_name(a->kind);
	uint64_t at = 3 * CHUNK, fresh = SEED_SRC ^ at;

	if (!tap_errno(kt_sync(fd, a->handle, DMABENCH_SYNC_FOR_DEVICE, at, CHUNK), 0,
		       "device dma %s: SYNC for_device of chunk 3", kind) ||
	    !tap_errno(kt_device_dma(fd, a->handle, WR, at, XFER, 0, DMABENCH_DEVICE_DMA_NO_SYNC,
				  NULL), 0, "device dma %s: device writes chunk 3, NO_SYNC", kind))
		return;
	check_no_sync_data(fd, a, at, fresh, no_sync_expect(a->kind, info));
	if (tap_errno(kt_sync(fd, a->handle, DMABENCH_SYNC_FOR_CPU, at, CHUNK), 0,
		      "device dma %s: SYNC for_cpu of chunk 3", kind))
		tap_pattern(fd, a->handle, fresh, at, XFER,
			       "device dma %s: after SYNC for_cpu the CPU reads the device's data", kind);
}

static void kind_data(int fd, uint32_t kind, const struct dmabench_info *info)
{
	struct dmabench_alloc a;
	struct dmabench_map m = { .dma_addr = 0 };
	bool maps = kt_kind_dma_maps(kind);

	if (!(info->kinds & (1U << kind))) {
		tap_skip("kind not supported here", "device dma %s", kt_kind_name(kind));
		return;
	}
	if (!tap_errno(kt_alloc(fd, kind, DMA_BUF_SIZE, &a), 0, "device dma %s: ALLOC",
		       kt_kind_name(kind)))
		return;
	if (!maps || tap_errno(kt_map(fd, a.handle, DMABENCH_DIR_BIDI, &m), 0,
			       "device dma %s: MAP bidirectional", kt_kind_name(kind))) {
		/* The CPU owns the buffer while it fills it. */
		if (kt_kind_syncs(kind))
			kt_sync(fd, a.handle, DMABENCH_SYNC_FOR_CPU, 0, DMA_BUF_SIZE);
		if (kind_round_trip(fd, &a, base_bus_addr(&a, &m)) && kt_kind_syncs(kind))
			kind_no_sync(fd, &a, info);
		if (maps)
			kt_unmap(fd, a.handle);
	}
	tap_errno(kt_free(fd, a.handle), 0, "device dma %s: FREE", kt_kind_name(kind));
}

/*
 * noncontig as a driver uses it, through the user's mapping: the user
 * writes, SYNC for_device, edu reads chunk 0 and writes chunk 1 (and the
 * last 2 KiB of the buffer, at its end), no syncs of its own, SYNC
 * for_cpu, the user reads the device's data back.  The DMA address is
 * ALLOC's (the table's one DMA segment) at every offset.
 */
static void noncontig_user_round_trip(int fd, const struct dmabench_info *info)
{
	uint64_t end = DMA_BUF_SIZE - XFER;
	struct dmabench_device_dma d1, d2;
	struct dmabench_alloc a;
	struct pat_result r;
	void *p;
	int err;

	if (!(info->kinds & (1U << DMABENCH_KIND_NONCONTIG)) ||
	    !tap_errno(kt_alloc(fd, DMABENCH_KIND_NONCONTIG, DMA_BUF_SIZE, &a), 0,
		       "device dma noncontig mmap: ALLOC"))
		return;
	p = kt_mmap(fd, a.mmap_offset, DMA_BUF_SIZE, &err);
	if (!tap_errno(err, 0, "device dma noncontig mmap: mmap"))
		goto out_free;
	pat_write(p, DMA_BUF_SIZE, SEED_OLD, &r);
	if (pat_ok(&r))
		pat_write_range(p, 0, CHUNK, SEED_SRC, &r);
	if (!tap_ok(pat_ok(&r), pat_describe(&r), "device dma noncontig mmap: user writes") ||
	    !tap_errno(kt_sync(fd, a.handle, DMABENCH_SYNC_FOR_DEVICE, 0, DMA_BUF_SIZE), 0,
		       "device dma noncontig mmap: SYNC for_device") ||
	    !tap_errno(kt_device_dma(fd, a.handle, RD, 0, XFER, 0, DMABENCH_DEVICE_DMA_NO_SYNC,
				  &d1), 0, "device dma noncontig mmap: device reads chunk 0") ||
	    !tap_errno(kt_device_dma(fd, a.handle, WR, CHUNK, XFER, 0, DMABENCH_DEVICE_DMA_NO_SYNC,
				  NULL), 0, "device dma noncontig mmap: device writes chunk 1") ||
	    !tap_errno(kt_device_dma(fd, a.handle, WR, end, XFER, 0, DMABENCH_DEVICE_DMA_NO_SYNC,
				  &d2), 0, "device dma noncontig mmap: device writes the last 2 KiB") ||
	    !tap_errno(kt_sync(fd, a.handle, DMABENCH_SYNC_FOR_CPU, 0, DMA_BUF_SIZE), 0,
		       "device dma noncontig mmap: SYNC for_cpu"))
		goto out_unmap;
	tap_ok(d1.dma_addr == a.dma_addr && d2.dma_addr == a.dma_addr + end,
	       tap_fmt("%#" PRIx64 " and %#" PRIx64 ", ALLOC said %#" PRIx64,
		       (uint64_t)d1.dma_addr, (uint64_t)d2.dma_addr, (uint64_t)a.dma_addr),
	       "device dma noncontig mmap: bus addresses are ALLOC's + offset (one DMA segment)");
	pat_verify_range(p, CHUNK, XFER, SEED_SRC ^ CHUNK, &r);
	tap_ok(pat_ok(&r), pat_describe(&r), "device dma noncontig mmap: user reads chunk 1's copy");
	pat_verify_range(p, end, XFER, SEED_SRC ^ end, &r);
	tap_ok(pat_ok(&r), pat_describe(&r), "device dma noncontig mmap: user reads the end's copy");
	pat_verify_range(p, CHUNK + XFER, CHUNK - XFER, SEED_OLD, &r);
	tap_ok(pat_ok(&r), pat_describe(&r), "device dma noncontig mmap: the rest of chunk 1 untouched");
out_unmap:
	munmap(p, DMA_BUF_SIZE);
out_free:
	tap_errno(kt_free(fd, a.handle), 0, "device dma noncontig mmap: FREE");
}

/* --- two threads, one engine ------------------------------------------------ */

#define WORKERS		2
#define WORKER_ROUNDS	3
#define WORKER_LEN	1024U

/*
 * Each worker copies its own data through its own part of edu's buffer
 * into its own buffer.  Register writes of two transfers interleaving (no
 * serialization in the module) would mix addresses or lengths and show as
 * wrong data or a failed call.
 */
struct dma_worker {
	int fd;
	uint32_t handle;
	uint32_t edu_offset;
	uint64_t seed;
	int err;		/* first failed call's errno */
	uint64_t mismatches;
};

static void *dma_worker_run(void *arg)
{
	struct dma_worker *w = arg;
	struct dmabench_pattern p;

	for (unsigned int i = 0; i < WORKER_ROUNDS && !w->err && !w->mismatches; i++) {
		uint64_t seed = w->seed + i;

		w->err = kt_pattern(w->fd, w->handle, DMABENCH_PATTERN_FILL, seed, 0,
				    WORKER_LEN, &p);
		if (!w->err)
			w->err = kt_device_dma(w->fd, w->handle, RD, 0, WORKER_LEN, w->edu_offset,
					    0, NULL);
		if (!w->err)
			w->err = kt_device_dma(w->fd, w->handle, WR, CHUNK, WORKER_LEN,
					    w->edu_offset, 0, NULL);
		if (!w->err)
			w->err = kt_pattern(w->fd, w->handle, DMABENCH_PATTERN_CHECK,
					    seed ^ CHUNK, CHUNK, WORKER_LEN, &p);
		if (!w->err)
			w->mismatches = p.mismatches;
	}
	return NULL;
}

static void concurrent_transfers(int fd)
{
	struct dma_worker w[WORKERS];
	pthread_t tid[WORKERS];
	struct dmabench_alloc a;
	struct dmabench_map m;
	unsigned int started = 0, i;

	memset(w, 0, sizeof(w));
	for (i = 0; i < WORKERS; i++) {
		if (!tap_errno(kt_alloc(fd, DMABENCH_KIND_STREAMING, 2 * CHUNK, &a), 0,
			       "device dma threads: ALLOC buffer %u", i) ||
		    !tap_errno(kt_map(fd, a.handle, DMABENCH_DIR_BIDI, &m), 0,
			       "device dma threads: MAP buffer %u", i))
			goto out;
		w[i] = (struct dma_worker){
			.fd = fd, .handle = a.handle, .edu_offset = i * 2 * WORKER_LEN,
			.seed = SEED_SRC + ((uint64_t)i << 32),
		};
	}
	for (; started < WORKERS; started++)
		if (pthread_create(&tid[started], NULL, dma_worker_run, &w[started]))
			break;
	tap_u64(started, WORKERS, "device dma threads: %u threads started", WORKERS);
	for (i = 0; i < started; i++) {
		pthread_join(tid[i], NULL);
		tap_ok(!w[i].err && !w[i].mismatches,
		       tap_fmt("%s, %" PRIu64 " mismatches", tap_errname(w[i].err),
			       w[i].mismatches),
		       "device dma threads: thread %u's %u round trips through edu[%u, %u) intact",
		       i, WORKER_ROUNDS, w[i].edu_offset, w[i].edu_offset + WORKER_LEN);
	}
out:
	for (i = 0; i < WORKERS; i++) {
		if (!w[i].handle)
			continue;
		kt_unmap(fd, w[i].handle);
		kt_free(fd, w[i].handle);
	}
}

/* The platform device has no DMA engine. */
static void no_engine(int fd)
{
	struct dmabench_alloc a;

	if (!tap_errno(kt_alloc(fd, DMABENCH_KIND_COHERENT, CHUNK, &a), 0,
		       "device dma setup: ALLOC coherent"))
		return;
	tap_errno(kt_device_dma(fd, a.handle, RD, 0, 64, 0, 0, NULL), EOPNOTSUPP,
		  "bad ioctl: DEVICE_DMA on a device without a DMA engine -> EOPNOTSUPP");
	kt_free(fd, a.handle);
}

void check_device_dma(int fd, const struct dmabench_info *info)
{
	struct dma_fixture f;

	if (info->device == DMABENCH_DEV_PLATFORM) {
		no_engine(fd);
		return;
	}
	if (info->device != DMABENCH_DEV_EDU) {
		tap_skip("the file's device is not edu", "device dma");
		return;
	}
	if (fixture_setup(fd, &f))
		bad_device_dmas(fd, &f);
	fixture_teardown(fd, &f);
	for (uint32_t kind = 0; kind < DMABENCH_KIND_COUNT; kind++)
		if (kt_kind_allocs(kind))
			kind_data(fd, kind, info);
	noncontig_user_round_trip(fd, info);
	concurrent_transfers(fd);
	tap_bytes_held(fd, 0, "device dma: bytes_held back to 0");
}

/* --- a transfer that times out (module loaded with a short edu_timeout_us) --- */

/* edu's engine runs from a 100 ms QEMU timer: well past it. */
#define LATE_WAIT_US	500000U

static bool timeout_setup(int fd, struct dmabench_alloc *a, uint64_t seed, const char *what)
{
	struct dmabench_map m;

	return tap_errno(kt_alloc(fd, DMABENCH_KIND_STREAMING, CHUNK, a), 0,
			 "device dma timeout: ALLOC %s", what) &&
	       tap_ok(fill(fd, a->handle, seed, 0, CHUNK), NULL,
		      "device dma timeout: CPU fills %s", what) &&
	       tap_errno(kt_map(fd, a->handle, DMABENCH_DIR_BIDI, &m), 0,
			 "device dma timeout: MAP %s bidirectional", what);
}

/*
 * The device is told to write buffer A and the ioctl gives up before edu's
 * engine runs.  A is unmapped at once (under swiotlb that hands its bounce
 * slot back) and B mapped (likely into the same slot, or the same IOVA).
 * When the engine wakes up, its write must land nowhere: not in A, whose
 * memory the module may hand back, and not in B.
 */
void check_device_dma_timeout(int fd, const struct dmabench_info *info)
{
	struct dmabench_alloc a = { .handle = 0 }, b = { .handle = 0 };

	if (info->device != DMABENCH_DEV_EDU) {
		tap_skip("the file's device is not edu", "device dma timeout");
		return;
	}
	if (!timeout_setup(fd, &a, SEED_OLD, "buffer A"))
		goto out;
	tap_errno(kt_device_dma(fd, a.handle, WR, 0, XFER, 0, 0, NULL), ETIMEDOUT,
		  "device dma timeout: a device write that outlasts edu_timeout_us -> ETIMEDOUT");
	tap_errno(kt_unmap(fd, a.handle), 0, "device dma timeout: UNMAP A after the timeout");
	if (!timeout_setup(fd, &b, SEED_AROUND, "buffer B"))
		goto out;
	usleep(LATE_WAIT_US);
	tap_errno(kt_sync(fd, b.handle, DMABENCH_SYNC_FOR_CPU, 0, CHUNK), 0,
		  "device dma timeout: SYNC for_cpu of B");
	tap_pattern(fd, b.handle, SEED_AROUND, 0, CHUNK,
		       "device dma timeout: B, mapped after the timeout, is not written by the late transfer");
	tap_pattern(fd, a.handle, SEED_OLD, 0, CHUNK,
		       "device dma timeout: A is not written after its transfer timed out");
	tap_errno(kt_device_dma(fd, b.handle, RD, 0, 64, 0, 0, NULL), EIO,
		  "device dma timeout: the engine stays off after a timeout -> EIO");
out:
	if (b.handle) {
		kt_unmap(fd, b.handle);
		kt_free(fd, b.handle);
	}
	if (a.handle)
		kt_free(fd, a.handle);
	tap_bytes_held(fd, 0, "device dma timeout: bytes_held back to 0");
}
