// SPDX-License-Identifier: GPL-2.0
/*
 * Check 11: BENCH POOL_FRESH and POOL_HIT (kmod/pool.c, TTM's page pool),
 * CACHING's batch size (@entries pages per set_pages_array_*() call) and
 * CACHING_RANGE (set_memory_*() on one contiguous run).
 *
 * The pool ops run for wc and uc, refuse every other kind, report @chunks
 * (between the fewest power-of-two chunks that make the size and one per
 * page) and @segments (1..chunks), ignore what the caller left in those
 * out fields, and refuse fields they do not take.  A SIGKILL during a long
 * batch ends it promptly and leaves nothing behind.  Without
 * set_pages_array_*() (not x86) both pool ops and CACHING are EOPNOTSUPP.
 *
 * CACHING_RANGE runs for wc and uc at every power-of-two page count up to
 * the allocator's largest order (GET_INFO's max_contig_size), both halves
 * timed, in calls of @entries pages too; it refuses the other kinds, sizes
 * that are no power-of-two page count or above that order (EINVAL on
 * every platform: the check comes before the switch's presence) and the
 * fields it does not take; and each run gives its pages back WB (runs to
 * WC and to UC in turn, mostly on the same pages: one left WC would make
 * the next set_memory_uc() fail with EBUSY).  At the largest order,
 * ENOMEM (no free run without retrying) is skipped, saying so.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "checks.h"
#include "device.h"

#define POOL_ITERS 8
/* The allocator's largest chunk on 6.1 and 6.12 (order 10 of 4 KiB). */
#define POOL_MAX_CHUNK_PAGES 1024ULL

static const uint32_t pool_ops[] = { DMABENCH_OP_POOL_FRESH, DMABENCH_OP_POOL_HIT };

static const char *pool_op_name(uint32_t op)
{
	return op == DMABENCH_OP_POOL_FRESH ? "POOL_FRESH" : "POOL_HIT";
}

static bool has_switch(const struct dmabench_info *info)
{
	return info->flags & DMABENCH_INFO_SET_PAGES_ARRAY;
}

static struct dmabench_bench pool_req(uint32_t op, uint32_t kind, uint64_t size,
				      uint64_t *s1, uint64_t *s2, uint32_t iters, uint32_t batch)
{
	struct dmabench_bench b = {
		.op = op, .kind = kind, .size = size, .dir = DMABENCH_DIR_BIDI,
		.iterations = iters, .batch = batch, .warmup = 1, .node = -1,
		.samples = (uintptr_t)s1, .samples2 = (uintptr_t)s2,
	};

	return b;
}

/* The fewest chunks of at most POOL_MAX_CHUNK_PAGES that make @npages. */
static uint64_t fewest_chunks(uint64_t npages)
{
	return npages / POOL_MAX_CHUNK_PAGES +
	       (uint64_t)__builtin_popcountll(npages % POOL_MAX_CHUNK_PAGES);
}

static void pool_run(int fd, uint32_t op, uint32_t kind, uint64_t size,
		     const struct dmabench_info *info)
{
	uint64_t s1[POOL_ITERS], s2[POOL_ITERS], npages = size / info->page_size;
	struct dmabench_bench b = pool_req(op, kind, size, s1, s2, POOL_ITERS, 1);
	char name[80];
	int err, zero = 0;

	snprintf(name, sizeof(name), "BENCH %s %s %s", pool_op_name(op), kt_kind_name(kind),
		 kt_size(size));
	/* Out fields: whatever the caller leaves there is overwritten. */
	b.chunks = 0xffffffffu;
	b.segments = 0xffffffffu;
	memset(s1, 0, sizeof(s1));
	memset(s2, 0, sizeof(s2));
	err = kt_ioctl(fd, DMABENCH_IOC_BENCH, &b);
	if (!has_switch(info)) {
		tap_errno(err, EOPNOTSUPP, "%s: refused without set_pages_array_*()", name);
		return;
	}
	if (!tap_errno(err, 0, "%s: returns 0", name))
		return;
	tap_u64(b.done, POOL_ITERS, "%s: done equals iterations", name);
	for (int i = 0; i < POOL_ITERS; i++)
		zero += !s1[i] || !s2[i];
	tap_ok(!zero, tap_fmt("%d samples of 0 ns", zero), "%s: both halves timed", name);
	tap_ok(b.chunks >= fewest_chunks(npages) && b.chunks <= npages,
	       tap_fmt("chunks %u for %llu pages (fewest %llu)", b.chunks,
		       (unsigned long long)npages, (unsigned long long)fewest_chunks(npages)),
	       "%s: chunks between the fewest that make the size and one per page", name);
	tap_ok(b.segments > 0 && b.segments <= b.chunks,
	       tap_fmt("segments %u, chunks %u", b.segments, b.chunks),
	       "%s: 0 < segments <= chunks", name);
	tap_diag("%s: %u chunks, %u DMA segments", name, b.chunks, b.segments);
}

static void pool_batched(int fd, uint32_t op, const struct dmabench_info *info)
{
	uint64_t s1[4], s2[4] = { 7, 7, 7, 7 };
	struct dmabench_bench b = pool_req(op, DMABENCH_KIND_WC, 1 * MIB, s1, s2, 4, 8);
	int err = kt_ioctl(fd, DMABENCH_IOC_BENCH, &b);

	if (!has_switch(info))
		return;
	if (!tap_errno(err, 0, "BENCH %s wc 1M batch 8: returns 0", pool_op_name(op)))
		return;
	tap_ok(s2[0] == 7 && s2[3] == 7, "samples2 overwritten",
	       "BENCH %s batch 8: samples2 not written when batched", pool_op_name(op));
	tap_ok(b.segments > 0 && b.segments <= b.chunks,
	       tap_fmt("segments %u, chunks %u", b.segments, b.chunks),
	       "BENCH %s batch 8: 0 < segments <= chunks", pool_op_name(op));
}

static void pool_refused(int fd, const struct dmabench_info *info)
{
	static const uint32_t kinds[] = {
		DMABENCH_KIND_COHERENT, DMABENCH_KIND_STREAMING, DMABENCH_KIND_NONCOHERENT,
		DMABENCH_KIND_USERPTR, DMABENCH_KIND_NONCONTIG,
	};
	int want = has_switch(info) ? EINVAL : EOPNOTSUPP;

	for (size_t o = 0; o < 2; o++) {
		const char *name = pool_op_name(pool_ops[o]);
		struct dmabench_bench b;

		for (size_t k = 0; k < sizeof(kinds) / sizeof(kinds[0]); k++) {
			b = pool_req(pool_ops[o], kinds[k], 64 * KIB, NULL, NULL, 1, 1);
			tap_errno(kt_ioctl(fd, DMABENCH_IOC_BENCH, &b), EINVAL,
				  "BENCH %s %s -> EINVAL", name, kt_kind_name(kinds[k]));
		}
		b = pool_req(pool_ops[o], DMABENCH_KIND_WC, 64 * KIB, NULL, NULL, 1, 1);
		/* Checked after the switch's presence, as for every op. */
		b.entries = 1;
		tap_errno(kt_ioctl(fd, DMABENCH_IOC_BENCH, &b), want,
			  "BENCH %s entries 1 -> %s", name, tap_errname(want));
		b.entries = 0;
		b.cache = DMABENCH_CACHE_HOT;
		tap_errno(kt_ioctl(fd, DMABENCH_IOC_BENCH, &b), EINVAL,
			  "BENCH %s cache hot -> EINVAL", name);
		b.cache = 0;
		for (int r = 0; r < (int)(sizeof(b.reserved) / sizeof(b.reserved[0])); r++) {
			b.reserved[r] = 1;
			tap_errno(kt_ioctl(fd, DMABENCH_IOC_BENCH, &b), EINVAL,
				  "BENCH %s reserved[%d] -> EINVAL", name, r);
			b.reserved[r] = 0;
		}
		b.trans_delay_ns = 1000;
		tap_errno(kt_ioctl(fd, DMABENCH_IOC_BENCH, &b), EINVAL,
			  "BENCH %s trans_delay_ns -> EINVAL", name);
		b.trans_delay_ns = 0;
		b.uaddr = 4096;
		tap_errno(kt_ioctl(fd, DMABENCH_IOC_BENCH, &b), want,
			  "BENCH %s uaddr -> %s", name, tap_errname(want));
		b.uaddr = 0;
		b.size = 64 * KIB + 1;
		tap_errno(kt_ioctl(fd, DMABENCH_IOC_BENCH, &b), EINVAL,
			  "BENCH %s size not a page multiple -> EINVAL", name);
		b.size = 64 * MIB;
		b.batch = 17;
		tap_errno(kt_ioctl(fd, DMABENCH_IOC_BENCH, &b), EINVAL,
			  "BENCH %s batch 17 x 64M (over a sample's bytes) -> EINVAL", name);
		b.batch = 1;
		b.size = 64 * KIB;
		tap_errno(kt_ioctl(fd, DMABENCH_IOC_BENCH, &b), has_switch(info) ? 0 : EOPNOTSUPP,
			  "BENCH %s wc 64K after the refusals: %s", name,
			  has_switch(info) ? "accepted" : "EOPNOTSUPP");
	}
}

/* CACHING's @entries: 1..1024 pages a call, 0 the whole buffer; 1025 refused. */
static void caching_batches(int fd, const struct dmabench_info *info)
{
	static const uint32_t batches[] = { 0, 1, 4, 16, 32, 33, 34, 64, 256, 1024 };
	uint64_t s1[2], s2[2];
	struct dmabench_bench b;
	int want;

	for (size_t i = 0; i < sizeof(batches) / sizeof(batches[0]); i++) {
		b = pool_req(DMABENCH_OP_CACHING, DMABENCH_KIND_WC, 1 * MIB, s1, s2, 2, 1);
		b.entries = batches[i];
		s1[0] = s1[1] = s2[0] = s2[1] = 0;
		if (!has_switch(info)) {
			tap_errno(kt_ioctl(fd, DMABENCH_IOC_BENCH, &b), EOPNOTSUPP,
				  "BENCH CACHING wc 1M entries %u: EOPNOTSUPP without "
				  "set_pages_array_*()", batches[i]);
			continue;
		}
		if (!tap_errno(kt_ioctl(fd, DMABENCH_IOC_BENCH, &b), 0,
			       "BENCH CACHING wc 1M, %u pages a call", batches[i]))
			continue;
		tap_ok(s1[0] && s1[1] && s2[0] && s2[1], "a sample of 0 ns",
		       "BENCH CACHING %u pages a call: both directions timed", batches[i]);
	}
	b = pool_req(DMABENCH_OP_CACHING, DMABENCH_KIND_UC, 64 * KIB, NULL, NULL, 1, 1);
	b.entries = 3;
	if (has_switch(info))
		tap_errno(kt_ioctl(fd, DMABENCH_IOC_BENCH, &b), 0,
			  "BENCH CACHING uc 64K, 3 pages a call (a short last call)");
	/* Without the switch EOPNOTSUPP comes first, as for entries 0. */
	want = has_switch(info) ? EINVAL : EOPNOTSUPP;
	b.entries = DMABENCH_CACHING_MAX_BATCH + 1;
	tap_errno(kt_ioctl(fd, DMABENCH_IOC_BENCH, &b), want,
		  "BENCH CACHING entries %u -> %s", DMABENCH_CACHING_MAX_BATCH + 1,
		  tap_errname(want));
	b.entries = 0xffffffffu;
	tap_errno(kt_ioctl(fd, DMABENCH_IOC_BENCH, &b), want,
		  "BENCH CACHING entries 0xffffffff -> %s", tap_errname(want));
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/*
 * A child runs a long batched run of @b (1 GiB per sample, a million
 * samples); SIGKILL must end it within a few seconds (a batch checks
 * between ops, an op every 2 MiB or at most 4 MiB), and everything it
 * held goes.
 */
static void bench_killed(int fd, const char *name, const struct dmabench_bench *b,
			 const struct dmabench_info *info)
{
	struct timespec ts = { 0, 300 * 1000 * 1000 };
	struct kt_counters base;
	int status = 0;
	double t0, took;
	pid_t pid;

	if (!has_switch(info))
		return;
	kt_counters(fd, &base);
	pid = fork();
	if (pid == 0) {
		struct dmabench_bench cb = *b;
		int cfd = kt_open();

		if (cfd < 0)
			_exit(1);
		for (;;)
			kt_ioctl(cfd, DMABENCH_IOC_BENCH, &cb);
	}
	if (!tap_ok(pid > 0, tap_errname(errno), "%s kill: fork", name))
		return;
	nanosleep(&ts, NULL);
	t0 = now_s();
	kill(pid, SIGKILL);
	waitpid(pid, &status, 0);
	took = now_s() - t0;
	tap_ok(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL, tap_fmt("status %#x", status),
	       "%s kill: the benchmarking child died of SIGKILL", name);
	tap_ok(took < 10.0, tap_fmt("%.2f s from kill to exit", took),
	       "%s kill: a 1 GiB-per-sample batch ends promptly on SIGKILL", name);
	tap_counters(fd, &base, "%s kill: live counters back", name);
}

static void pool_killed(int fd, uint32_t op, const struct dmabench_info *info)
{
	struct dmabench_bench b = pool_req(op, DMABENCH_KIND_WC, 64 * MIB, NULL, NULL,
					   DMABENCH_BENCH_MAX_ITERS, 16);

	bench_killed(fd, pool_op_name(op), &b, info);
}

/* ---- CACHING_RANGE ------------------------------------------------------ */

#define RANGE_ITERS 4

static struct dmabench_bench range_req(uint32_t kind, uint64_t size, uint64_t *s1,
				       uint64_t *s2, uint32_t iters, uint32_t batch)
{
	return pool_req(DMABENCH_OP_CACHING_RANGE, kind, size, s1, s2, iters, batch);
}

/* One run: 0 with RANGE_ITERS samples in both halves, or EOPNOTSUPP without the switch. */
static bool range_run(int fd, uint32_t kind, uint64_t size, uint32_t entries,
		      const struct dmabench_info *info)
{
	uint64_t s1[RANGE_ITERS], s2[RANGE_ITERS], sum = 0;
	struct dmabench_bench b = range_req(kind, size, s1, s2, RANGE_ITERS, 1);
	char name[96];
	int err, zero = 0;

	snprintf(name, sizeof(name), "BENCH CACHING_RANGE %s %s, %u pages a call",
		 kt_kind_name(kind), kt_size(size), entries);
	b.entries = entries;
	memset(s1, 0, sizeof(s1));
	memset(s2, 0, sizeof(s2));
	err = kt_ioctl(fd, DMABENCH_IOC_BENCH, &b);
	if (!has_switch(info))
		return tap_errno(err, EOPNOTSUPP, "%s: refused without set_memory_*()", name);
	/* The largest order without retrying may find memory fragmented: a fact, said. */
	if (err == ENOMEM && size == info->max_contig_size) {
		tap_skip("ENOMEM: no free run of the largest order (__GFP_NORETRY)", "%s", name);
		return false;
	}
	if (!tap_errno(err, 0, "%s: returns 0", name))
		return false;
	tap_u64(b.done, RANGE_ITERS, "%s: done equals iterations", name);
	for (int i = 0; i < RANGE_ITERS; i++) {
		zero += !s1[i] || !s2[i];
		sum += s1[i];
	}
	tap_ok(!zero, tap_fmt("%d samples of 0 ns", zero), "%s: both halves timed", name);
	tap_u64(b.sum_ns, sum, "%s: sum_ns equals the sum of the samples", name);
	tap_ok(!b.chunks && !b.segments, tap_fmt("chunks %u, segments %u", b.chunks, b.segments),
	       "%s: chunks and segments 0 (POOL_* only)", name);
	return true;
}

/* Every power-of-two page count from 4 KiB up to the largest order, wc and uc. */
static void range_sizes(int fd, const struct dmabench_info *info)
{
	static const uint32_t kinds[] = { DMABENCH_KIND_WC, DMABENCH_KIND_UC };
	static const uint64_t sizes[] = { 4 * KIB, 64 * KIB, 1 * MIB, 4 * MIB };

	for (size_t k = 0; k < 2; k++)
		for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
			if (sizes[i] > info->max_contig_size) {
				tap_skip(tap_fmt("max_contig_size is %s", kt_size(info->max_contig_size)),
					 "BENCH CACHING_RANGE %s %s", kt_kind_name(kinds[k]),
					 kt_size(sizes[i]));
				continue;
			}
			range_run(fd, kinds[k], sizes[i], 0, info);
		}
}

/* @entries pages per set_memory_*() call: 1..1024, 0 the whole run; 1025 refused. */
static void range_entries(int fd, const struct dmabench_info *info)
{
	static const uint32_t per_call[] = { 1, 3, 16, 256, 1024 };
	struct dmabench_bench b;
	int want = has_switch(info) ? EINVAL : EOPNOTSUPP;

	for (size_t i = 0; i < sizeof(per_call) / sizeof(per_call[0]); i++)
		range_run(fd, DMABENCH_KIND_WC, 1 * MIB, per_call[i], info);
	b = range_req(DMABENCH_KIND_UC, 64 * KIB, NULL, NULL, 1, 1);
	b.entries = DMABENCH_CACHING_MAX_BATCH + 1;
	tap_errno(kt_ioctl(fd, DMABENCH_IOC_BENCH, &b), want,
		  "BENCH CACHING_RANGE entries %u -> %s", DMABENCH_CACHING_MAX_BATCH + 1,
		  tap_errname(want));
}

/* Batched: the window of @batch pairs in samples, samples2 untouched. */
static void range_batched(int fd, const struct dmabench_info *info)
{
	uint64_t s1[4] = { 0 }, s2[4] = { 7, 7, 7, 7 };
	struct dmabench_bench b = range_req(DMABENCH_KIND_UC, 64 * KIB, s1, s2, 4, 8);
	int err = kt_ioctl(fd, DMABENCH_IOC_BENCH, &b);

	if (!has_switch(info)) {
		tap_errno(err, EOPNOTSUPP, "BENCH CACHING_RANGE uc 64K batch 8: EOPNOTSUPP");
		return;
	}
	if (!tap_errno(err, 0, "BENCH CACHING_RANGE uc 64K batch 8: returns 0"))
		return;
	tap_ok(s1[0] && s1[3], "a window of 0 ns", "BENCH CACHING_RANGE batch 8: windows timed");
	tap_ok(s2[0] == 7 && s2[3] == 7, "samples2 overwritten",
	       "BENCH CACHING_RANGE batch 8: samples2 not written when batched");
}

/*
 * Runs to WC and to UC in turn: each needs its pages WB, which the last
 * run's teardown gave back (a page freed still WC keeps its memtype, and
 * set_memory_uc() on it is EBUSY).  32 KiB is order 3, which the page
 * allocator keeps on per-CPU lists, so the next run of it mostly gets the
 * same pages back.
 */
static void range_back_to_wb(int fd, const struct dmabench_info *info)
{
	int failed = 0, err = 0;

	if (!has_switch(info))
		return;
	for (int i = 0; i < 16 && !failed; i++) {
		struct dmabench_bench b = range_req(i % 2 ? DMABENCH_KIND_UC : DMABENCH_KIND_WC,
						    32 * KIB, NULL, NULL, 2, 1);

		err = kt_ioctl(fd, DMABENCH_IOC_BENCH, &b);
		failed += err != 0;
	}
	tap_ok(!failed, tap_fmt("a run failed: %s", tap_errname(err)),
	       "BENCH CACHING_RANGE 32K wc, uc, wc, ... 16 runs: every run finds its pages WB");
}

static void range_refused(int fd, const struct dmabench_info *info)
{
	static const uint32_t kinds[] = {
		DMABENCH_KIND_COHERENT, DMABENCH_KIND_STREAMING, DMABENCH_KIND_NONCOHERENT,
		DMABENCH_KIND_USERPTR, DMABENCH_KIND_NONCONTIG,
	};
	/* 3, 5 and 768 pages; one order above the largest; not a page multiple. */
	const uint64_t bad_sizes[] = { 12 * KIB, 20 * KIB, 3 * MIB, 2 * info->max_contig_size,
				       64 * KIB + 1 };
	int want = has_switch(info) ? EINVAL : EOPNOTSUPP;
	struct dmabench_bench b;

	for (size_t k = 0; k < sizeof(kinds) / sizeof(kinds[0]); k++) {
		b = range_req(kinds[k], 64 * KIB, NULL, NULL, 1, 1);
		tap_errno(kt_ioctl(fd, DMABENCH_IOC_BENCH, &b), EINVAL,
			  "BENCH CACHING_RANGE %s -> EINVAL", kt_kind_name(kinds[k]));
	}
	for (size_t i = 0; i < sizeof(bad_sizes) / sizeof(bad_sizes[0]); i++) {
		b = range_req(DMABENCH_KIND_WC, bad_sizes[i], NULL, NULL, 1, 1);
		tap_errno(kt_ioctl(fd, DMABENCH_IOC_BENCH, &b), EINVAL,
			  "BENCH CACHING_RANGE wc size %llu (%llu pages) -> EINVAL",
			  (unsigned long long)bad_sizes[i],
			  (unsigned long long)(bad_sizes[i] / info->page_size));
	}
	b = range_req(DMABENCH_KIND_WC, 64 * KIB, NULL, NULL, 1, 1);
	b.cache = DMABENCH_CACHE_HOT;
	tap_errno(kt_ioctl(fd, DMABENCH_IOC_BENCH, &b), EINVAL,
		  "BENCH CACHING_RANGE cache hot -> EINVAL");
	b.cache = 0;
	b.trans_delay_ns = 1000;
	tap_errno(kt_ioctl(fd, DMABENCH_IOC_BENCH, &b), EINVAL,
		  "BENCH CACHING_RANGE trans_delay_ns -> EINVAL");
	b.trans_delay_ns = 0;
	b.flags = DMABENCH_ATTR_WRITE_COMBINE;
	tap_errno(kt_ioctl(fd, DMABENCH_IOC_BENCH, &b), EINVAL,
		  "BENCH CACHING_RANGE with a DMA attribute -> EINVAL");
	b.flags = 0;
	b.reserved[0] = 1;
	tap_errno(kt_ioctl(fd, DMABENCH_IOC_BENCH, &b), EINVAL,
		  "BENCH CACHING_RANGE reserved[0] -> EINVAL");
	b.reserved[0] = 0;
	b.uaddr = 4096;
	tap_errno(kt_ioctl(fd, DMABENCH_IOC_BENCH, &b), want,
		  "BENCH CACHING_RANGE uaddr -> %s", tap_errname(want));
	b.uaddr = 0;
	tap_errno(kt_ioctl(fd, DMABENCH_IOC_BENCH, &b), has_switch(info) ? 0 : EOPNOTSUPP,
		  "BENCH CACHING_RANGE wc 64K after the refusals: %s",
		  has_switch(info) ? "accepted" : "EOPNOTSUPP");
}

static void check_caching_range(int fd, const struct dmabench_info *info)
{
	struct dmabench_bench b = range_req(DMABENCH_KIND_WC, 4 * MIB, NULL, NULL,
					    DMABENCH_BENCH_MAX_ITERS, 256);

	if (!tap_ok(info->flags & DMABENCH_INFO_CACHING_RANGE, tap_fmt("flags %#x", info->flags),
		    "CACHING_RANGE: GET_INFO says BENCH knows it (DMABENCH_INFO_CACHING_RANGE)"))
		return;
	range_sizes(fd, info);
	range_entries(fd, info);
	range_batched(fd, info);
	range_back_to_wb(fd, info);
	range_refused(fd, info);
	if (4 * MIB <= info->max_contig_size)
		bench_killed(fd, "CACHING_RANGE wc 4M batch 256", &b, info);
}

void check_pool(int fd, const struct dmabench_info *info)
{
	static const uint32_t kinds[] = { DMABENCH_KIND_WC, DMABENCH_KIND_UC };
	/* 5 MiB: a 4 MiB chunk and a 1 MiB one when memory is not fragmented. */
	static const uint64_t sizes[] = { 4 * KIB, 64 * KIB, 5 * MIB };

	for (size_t o = 0; o < 2; o++) {
		for (size_t k = 0; k < 2; k++)
			for (size_t s = 0; s < sizeof(sizes) / sizeof(sizes[0]); s++)
				pool_run(fd, pool_ops[o], kinds[k], sizes[s], info);
		pool_batched(fd, pool_ops[o], info);
	}
	pool_refused(fd, info);
	caching_batches(fd, info);
	for (size_t o = 0; o < 2; o++)
		pool_killed(fd, pool_ops[o], info);
	check_caching_range(fd, info);
	tap_bytes_held(fd, 0, "POOL: bytes_held back to 0 after the runs");
}
