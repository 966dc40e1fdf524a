// SPDX-License-Identifier: GPL-2.0
/*
 * verify: edu's DMA engine reads and writes a buffer of every
 * kind (see verify.h).  Per kind, on one 16 KiB buffer, bidirectional:
 *
 *   round trip  the CPU fills chunk 0; the device reads it into edu and
 *               writes it to chunk 1; the CPU checks chunk 1 (the module
 *               syncs for the device before and for the CPU after each
 *               transfer, as a driver does);
 *   no sync     the CPU fills chunk 2 with old data and hands it to the
 *               device; the device writes edu's data there and nobody
 *               syncs for the CPU: old data read back is stale; then the
 *               sync, after which the new data must be there.
 *
 * The userptr kind is the harness's own memory, pinned and mapped by
 * USERPTR (as GPU userptr and RDMA do), not an ALLOC: after its round trip
 * the device's copy must also be what the CPU reads through its own
 * mapping, which proves the module pinned the very pages user space has.
 *
 * The pattern word at byte o is (seed ^ o), so data copied from offset o
 * to o + k * 4096 (o < 4096) reads as the pattern of seed ^ (k * 4096).
 *
 * The family "verify" of `dmabench run` (verify_test, at the end) runs the
 * same once, so that every results.json says what the device itself showed
 * (results.json's "verify", the same object as `verify --json`).  A failed
 * round trip is an error of the run; on a device without a DMA engine it
 * is skipped with the reason.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>

#include "core/errors.h"
#include "core/device.h"
#include "core/json.h"
#include "core/names.h"
#include "suites/device_transfer_plan.h"
#include "suites/families.h"
#include "suites/user_measure.h"
#include "suites/verify.h"

#define CHUNK		4096ULL
#define BUF_SIZE	(4 * CHUNK)
/* Bytes per transfer: edu's last byte is out of reach (see dmabench.h). */
#define XFER		2048U
#define SEED_NEW	0x5eed0fdeadbeef01ULL
#define SEED_OLD	0x0123456789abcdefULL
#define COPY_AT		(1 * CHUNK)
#define STALE_AT	(2 * CHUNK)

/* Remember the first failure of a kind's test, as the device words it. */
static bool step(struct bench_device *dev, struct verify_kind *v, int ret,
		 const char *what)
{
	int n;

	if (ret == 0)
		return true;
	if (!v->error[0]) {
		n = snprintf(v->error, sizeof(v->error), "%s: ", what);
		if (n > 0 && (size_t)n < sizeof(v->error))
			device_error_sentence(dev, v->error + n, sizeof(v->error) - (size_t)n);
	}
	return false;
}

static int fill(struct bench_device *dev, uint32_t handle, uint64_t seed,
		uint64_t offset, uint64_t len)
{
	struct dmabench_pattern p = {
		.handle = handle, .op = DMABENCH_PATTERN_FILL, .seed = seed,
		.offset = offset, .len = len,
	};

	return device_pattern(dev, &p);
}

/* Mismatching words of [offset, offset + XFER) against @seed, or -errno. */
static int64_t mismatches(struct bench_device *dev, uint32_t handle,
			  uint64_t seed, uint64_t offset)
{
	struct dmabench_pattern p = {
		.handle = handle, .op = DMABENCH_PATTERN_CHECK, .seed = seed,
		.offset = offset, .len = XFER,
	};
	int ret = device_pattern(dev, &p);

	return ret ? ret : (int64_t)p.mismatches;
}

static int transfer(struct bench_device *dev, uint32_t handle, uint32_t op,
		    uint64_t offset, uint32_t flags, uint64_t *ns)
{
	struct dmabench_device_dma d = {
		.handle = handle, .op = op, .offset = offset, .len = XFER,
		.flags = flags,
	};
	int ret = device_device_dma(dev, &d);

	if (ret == 0 && ns)
		*ns = d.ns;
	return ret;
}

static int sync_range(struct bench_device *dev, uint32_t handle, uint32_t to,
		      uint64_t offset, uint64_t len)
{
	struct dmabench_sync s = {
		.handle = handle, .to = to, .dir = DMABENCH_DIR_BIDI,
		.offset = offset, .len = len,
	};

	return device_sync(dev, &s);
}

static void round_trip(struct bench_device *dev, uint32_t handle, struct verify_kind *v)
{
	int64_t bad;

	if (!step(dev, v, fill(dev, handle, SEED_NEW, 0, CHUNK), "CPU fill") ||
	    !step(dev, v, fill(dev, handle, SEED_OLD, CHUNK, BUF_SIZE - CHUNK), "CPU fill") ||
	    !step(dev, v, transfer(dev, handle, DMABENCH_DEVICE_DMA_READ, 0, 0, &v->read_ns),
		  "device read") ||
	    !step(dev, v, transfer(dev, handle, DMABENCH_DEVICE_DMA_WRITE, COPY_AT, 0,
				   &v->write_ns), "device write"))
		return;
	bad = mismatches(dev, handle, SEED_NEW ^ COPY_AT, COPY_AT);
	if (!step(dev, v, bad < 0 ? (int)bad : 0, "CPU check"))
		return;
	if (bad)
		snprintf(v->error, sizeof(v->error),
			 "the CPU found %lld of %u words wrong in the device's copy",
			 (long long)bad, XFER / 8);
	v->roundtrip_ok = !bad;
}

/* Chunk 2 holds SEED_OLD (round_trip's fill); edu still holds chunk 0's data. */
static void without_sync(struct bench_device *dev, uint32_t handle, struct verify_kind *v)
{
	int64_t stale, bad;

	if (!step(dev, v, sync_range(dev, handle, DMABENCH_SYNC_FOR_DEVICE, STALE_AT, CHUNK),
		  "sync for device") ||
	    !step(dev, v, transfer(dev, handle, DMABENCH_DEVICE_DMA_WRITE, STALE_AT,
				   DMABENCH_DEVICE_DMA_NO_SYNC, NULL), "device write without sync"))
		goto failed;
	stale = mismatches(dev, handle, SEED_NEW ^ STALE_AT, STALE_AT);
	if (!step(dev, v, stale < 0 ? (int)stale : 0, "CPU check without sync") ||
	    !step(dev, v, sync_range(dev, handle, DMABENCH_SYNC_FOR_CPU, STALE_AT, CHUNK),
		  "sync for cpu"))
		goto failed;
	v->stale_measured = true;
	v->stale = stale != 0;
	/* The sync must bring the device's data to the CPU either way. */
	bad = mismatches(dev, handle, SEED_NEW ^ STALE_AT, STALE_AT);
	if (!step(dev, v, bad < 0 ? (int)bad : 0, "CPU check after sync"))
		goto failed;
	if (bad) {
		snprintf(v->error, sizeof(v->error),
			 "even after the sync for the CPU, %lld of %u words were not the device's",
			 (long long)bad, XFER / 8);
		goto failed;
	}
	return;
failed:
	v->roundtrip_ok = false;
}

/* The device's copy (round_trip's) as the CPU sees it through @mem itself. */
static void user_sees_copy(const uint8_t *mem, struct verify_kind *v)
{
	const uint64_t *w = (const uint64_t *)(mem + COPY_AT);
	unsigned int bad = 0;

	for (uint64_t o = 0; o < XFER; o += 8)
		bad += w[o / 8] != (SEED_NEW ^ o);
	if (!bad)
		return;
	v->roundtrip_ok = false;
	snprintf(v->error, sizeof(v->error),
		 "through its own mapping the CPU found %u of %u words not the device's copy: "
		 "the pinned pages are not the user's", bad, XFER / 8);
}

/*
 * A buffer of @kind: ALLOC, or for userptr @mem (BUF_SIZE of anonymous
 * memory, faulted in) pinned and DMA-mapped both ways by USERPTR.
 */
static int make_buffer(struct bench_device *dev, uint32_t kind, struct verify_kind *v,
		       uint32_t *handle, void **mem)
{
	struct dmabench_alloc a = { .kind = kind, .size = BUF_SIZE, .node = -1 };
	struct dmabench_userptr u = { .size = BUF_SIZE, .dir = DMABENCH_DIR_BIDI,
				      .flags = DMABENCH_USERPTR_MAP };
	int ret;

	*mem = NULL;
	if (kind != DMABENCH_KIND_USERPTR) {
		if (!step(dev, v, device_alloc(dev, &a), "alloc"))
			return -1;
		*handle = a.handle;
		return 0;
	}
	*mem = mmap(NULL, BUF_SIZE, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
	if (*mem == MAP_FAILED) {
		*mem = NULL;
		snprintf(v->error, sizeof(v->error), "cannot map %llu bytes of user memory: %s",
			 BUF_SIZE, strerror(errno));
		return -1;
	}
	u.addr = (uintptr_t)*mem;
	ret = device_userptr(dev, &u);
	/*
	 * ERANGE: the device cannot reach the user's pages and nothing can
	 * bounce or translate them (QEMU's stock edu, 28 bits, no swiotlb):
	 * the platform's answer, not a failed round trip.
	 */
	if (ret == -ERANGE) {
		v->tested = false;
		snprintf(v->untested, sizeof(v->untested),
			 "not testable here: the device cannot reach this user memory and "
			 "nothing bounces it (USERPTR: ERANGE)");
	}
	if (ret) {
		if (v->tested)
			step(dev, v, ret, "userptr");
		munmap(*mem, BUF_SIZE);
		*mem = NULL;
		return -1;
	}
	*handle = u.handle;
	return 0;
}

static void verify_kind(struct bench_device *dev, uint32_t kind, struct verify_kind *v)
{
	struct dmabench_map m = { .dir = DMABENCH_DIR_BIDI };
	bool maps = verify_kind_streaming(kind);
	uint32_t handle;
	void *mem;

	if (!(dev->info.kinds & (KINDS_ALLOCATED | (1U << DMABENCH_KIND_USERPTR)) & (1U << kind)))
		return;
	v->tested = true;
	if (make_buffer(dev, kind, v, &handle, &mem))
		return;
	m.handle = handle;
	if (!maps || step(dev, v, device_map(dev, &m), "map")) {
		/* The CPU owns the buffer while it fills it. */
		if (!verify_kind_syncs(kind) ||
		    step(dev, v, sync_range(dev, handle, DMABENCH_SYNC_FOR_CPU, 0, BUF_SIZE),
			 "sync for cpu"))
			round_trip(dev, handle, v);
		if (v->roundtrip_ok && mem)
			user_sees_copy(mem, v);
		if (v->roundtrip_ok && verify_kind_syncs(kind))
			without_sync(dev, handle, v);
		if (maps)
			device_unmap(dev, handle);
	}
	device_free(dev, handle);
	if (mem)
		munmap(mem, BUF_SIZE);
}

/* The first device-level failure (no engine, gone, stuck) ends the run. */
static bool device_unusable(const struct bench_device *dev)
{
	return dev->last.call == CALL_DEVICE_DMA &&
	       (dev->last.err == EOPNOTSUPP || dev->last.err == ENODEV ||
		dev->last.err == ETIMEDOUT || dev->last.err == EBUSY);
}

int verify_collect(struct bench_device *dev, uint32_t device, struct verify_result *r)
{
	memset(r, 0, sizeof(*r));
	r->device = device;
	snprintf(r->dev_name, sizeof(r->dev_name), "%s", dev->info.dev_name);
	r->info_flags = dev->info.flags;
	for (uint32_t k = 0; k < DMABENCH_KIND_COUNT; k++) {
		memset(&dev->last, 0, sizeof(dev->last));
		verify_kind(dev, k, &r->kinds[k]);
		if (device_unusable(dev))
			return -dev->last.err;
	}
	return 0;
}

int verify_run(struct bench_device *dev, uint32_t device, struct verify_result *r)
{
	return verify_collect(dev, device, r) ? device_complain(dev) : EXIT_OK;
}

/* ---- the family in `dmabench run` ---- */

#define TEST	"verify"
#define WHAT	"device DMA through every kind"

/* Every tested kind whose round trip failed is an error, in its own words. */
static int verify_errors(struct run_ctx *ctx, const struct verify_result *r)
{
	int ret = 0;

	for (uint32_t k = 0; k < DMABENCH_KIND_COUNT; k++) {
		const struct verify_kind *v = &r->kinds[k];

		if (!v->tested || v->roundtrip_ok)
			continue;
		user_failed(ctx->res, TEST, "%s: the device's round trip failed: %s",
			    name_of(&kind_names, k), v->error[0] ? v->error : "no reason recorded");
		ret = -EIO;
	}
	return ret;
}

static int run_verify(struct run_ctx *ctx)
{
	const char *missing = dt_engine_missing(&ctx->dev->info);
	static struct verify_result r;
	char sentence[512];
	int ret;

	if (missing) {
		user_skipped(ctx->res, TEST, WHAT, missing);
		return 0;
	}
	ret = verify_collect(ctx->dev, ctx->dev->info.device, &r);
	if (ret == -EOPNOTSUPP) {	/* a pci= device that is not an edu */
		device_error_sentence(ctx->dev, sentence, sizeof(sentence));
		user_skipped(ctx->res, TEST, WHAT, sentence);
		return 0;
	}
	if (ret)
		return user_device_failed(ctx->res, ctx->dev, TEST);
	ret = results_set_verify(ctx->res, verify_json(&r));
	if (ret) {
		user_failed(ctx->res, TEST, "cannot record the result: out of memory");
		return ret;
	}
	/* A kind the platform cannot test is skipped with its reason, not lost. */
	for (uint32_t k = 0; k < DMABENCH_KIND_COUNT; k++)
		if (!r.kinds[k].tested && r.kinds[k].untested[0])
			user_skipped(ctx->res, TEST, name_of(&kind_names, k), r.kinds[k].untested);
	verify_sentence(&r, sentence, sizeof(sentence));
	fprintf(stderr, "dmabench: verify: %s\n", sentence);
	return verify_errors(ctx, &r);
}

const struct test_def verify_test = {
	.name = TEST,
	.what = "`dmabench verify` once: edu's DMA engine through every kind, round trip and stale data without sync (results.json \"verify\")",
	.needs_module = true,
	.quick = true,
	.run = run_verify,
};
