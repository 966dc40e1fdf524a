// SPDX-License-Identifier: GPL-2.0
/*
 * Check 4: every BENCH op once, unbatched and batched, on a kind it applies
 * to.  What is checked is the contract of struct dmabench_bench, never a
 * timing: the run completes, every sample was written (and is > 0 where
 * the op does work), sum_ns is the sum of the samples, and samples2 is
 * written exactly when the header says so.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checks.h"
#include "device.h"

#define BENCH_ITERS 16
#define BENCH_SIZE (64 * KIB)
#define SENTINEL 0xdeadbeefcafef00dULL

struct bench_case {
	uint32_t op;
	const char *name;
	uint32_t kind;
	uint32_t cache;
	bool two_halves;	/* first half in samples, second in samples2 */
	bool does_work;		/* anything but the empty op: a sample is > 0 */
};

static const struct bench_case bench_cases[] = {
	{ DMABENCH_OP_EMPTY, "EMPTY", DMABENCH_KIND_STREAMING, DMABENCH_CACHE_ANY, false, false },
	{ DMABENCH_OP_ALLOC_FREE, "ALLOC_FREE", DMABENCH_KIND_COHERENT, DMABENCH_CACHE_ANY,
	  true, true },
	{ DMABENCH_OP_MAP_SINGLE, "MAP_SINGLE", DMABENCH_KIND_STREAMING, DMABENCH_CACHE_ANY,
	  true, true },
	{ DMABENCH_OP_MAP_PAGE, "MAP_PAGE", DMABENCH_KIND_STREAMING, DMABENCH_CACHE_ANY,
	  true, true },
	{ DMABENCH_OP_MAP_SG, "MAP_SG", DMABENCH_KIND_STREAMING, DMABENCH_CACHE_ANY, true, true },
	{ DMABENCH_OP_SYNC_FOR_CPU, "SYNC_FOR_CPU", DMABENCH_KIND_STREAMING, DMABENCH_CACHE_HOT,
	  false, true },
	{ DMABENCH_OP_SYNC_FOR_DEVICE, "SYNC_FOR_DEVICE", DMABENCH_KIND_STREAMING,
	  DMABENCH_CACHE_COLD, false, true },
	{ DMABENCH_OP_CACHING, "CACHING", DMABENCH_KIND_WC, DMABENCH_CACHE_ANY, true, true },
	{ DMABENCH_OP_KREAD, "KREAD", DMABENCH_KIND_COHERENT, DMABENCH_CACHE_ANY, false, true },
	{ DMABENCH_OP_KWRITE, "KWRITE", DMABENCH_KIND_UC, DMABENCH_CACHE_ANY, false, true },
	{ DMABENCH_OP_KCOPY, "KCOPY", DMABENCH_KIND_WC, DMABENCH_CACHE_ANY, false, true },
	{ DMABENCH_OP_SG_ITER_PAGE, "SG_ITER_PAGE", DMABENCH_KIND_STREAMING, DMABENCH_CACHE_ANY,
	  false, true },
	{ DMABENCH_OP_SG_ITER_DMA, "SG_ITER_DMA", DMABENCH_KIND_STREAMING, DMABENCH_CACHE_ANY,
	  false, true },
};

_Static_assert(sizeof(bench_cases) / sizeof(bench_cases[0]) == DMABENCH_OP_COUNT,
	       "one case per op");

static void fill(uint64_t *v, uint64_t value)
{
	for (int i = 0; i < BENCH_ITERS; i++)
		v[i] = value;
}

static int count_equal(const uint64_t *v, uint64_t value)
{
	int n = 0;

	for (int i = 0; i < BENCH_ITERS; i++)
		n += v[i] == value;
	return n;
}

/* Every sample written, > 0 where the op works, and their sum is sum_ns. */
static void check_samples(const struct bench_case *bc, const char *name,
			  const struct dmabench_bench *b, const uint64_t *s)
{
	int unwritten = count_equal(s, SENTINEL);
	int zero = bc->does_work ? count_equal(s, 0) : 0;
	uint64_t sum = 0;

	for (int i = 0; i < BENCH_ITERS; i++)
		sum += s[i];
	tap_ok(!unwritten && !zero,
	       tap_fmt("%d samples left unwritten, %d samples of 0 ns", unwritten, zero),
	       "%s: every sample written%s", name, bc->does_work ? " and > 0" : "");
	tap_u64(b->sum_ns, sum, "%s: sum_ns equals the sum of the samples", name);
}

static void check_samples2(const char *name, uint32_t batch, const uint64_t *s2)
{
	int untouched = count_equal(s2, SENTINEL);

	if (batch == 1)
		tap_ok(!untouched, tap_fmt("%d of %d left unwritten", untouched, BENCH_ITERS),
		       "%s: samples2 holds the second half", name);
	else
		tap_ok(untouched == BENCH_ITERS,
		       tap_fmt("%d of %d overwritten", BENCH_ITERS - untouched, BENCH_ITERS),
		       "%s: samples2 not written when batched", name);
}

/* CACHING times set_pages_array_*(), which only x86 has. */
static int bench_expected_errno(const struct bench_case *bc, const struct dmabench_info *info)
{
	if (bc->op == DMABENCH_OP_CACHING && !(info->flags & DMABENCH_INFO_SET_PAGES_ARRAY))
		return EOPNOTSUPP;
	return 0;
}

static void run_bench(int fd, const struct bench_case *bc, uint32_t batch,
		      const struct dmabench_info *info)
{
	int want = bench_expected_errno(bc, info);
	uint64_t samples[BENCH_ITERS], samples2[BENCH_ITERS];
	struct dmabench_bench b = {
		.op = bc->op, .kind = bc->kind, .size = BENCH_SIZE,
		.dir = DMABENCH_DIR_BIDI, .cache = bc->cache,
		.iterations = BENCH_ITERS, .batch = batch, .warmup = 2, .node = -1,
		.samples = (uintptr_t)samples, .samples2 = (uintptr_t)samples2,
	};
	char name[96];
	int err;

	snprintf(name, sizeof(name), "BENCH %s %s %s batch %u", bc->name,
		 kt_kind_name(bc->kind), kt_size(BENCH_SIZE), batch);
	fill(samples, SENTINEL);
	fill(samples2, SENTINEL);
	err = kt_ioctl(fd, DMABENCH_IOC_BENCH, &b);
	if (want) {
		tap_errno(err, want, "%s: refused without set_pages_array_*()", name);
		return;
	}
	if (!tap_errno(err, 0, "%s: returns 0", name))
		return;
	tap_u64(b.done, BENCH_ITERS, "%s: done equals iterations", name);
	check_samples(bc, name, &b, samples);
	if (bc->two_halves)
		check_samples2(name, batch, samples2);
}

void check_bench_ops(int fd, const struct dmabench_info *info)
{
	for (size_t i = 0; i < sizeof(bench_cases) / sizeof(bench_cases[0]); i++) {
		run_bench(fd, &bench_cases[i], 1, info);
		run_bench(fd, &bench_cases[i], 4, info);
	}
	tap_bytes_held(fd, 0, "BENCH: bytes_held back to 0 after the runs");
}
