// SPDX-License-Identifier: GPL-2.0
/*
 * Check 4: every BENCH op once, unbatched and batched, on a kind it applies
 * to.  What is checked is the contract of struct dmabench_bench, never a
 * timing: the run completes, every sample was written (and is > 0 where
 * the op does work), sum_ns is the sum of the samples, and samples2 is
 * written exactly when the header says so.  Then the bounds of one sample,
 * that a batched sample is its whole window (ABI 2), and, under ftrace,
 * what ALLOC_FREE and the maps call: no kernel mapping or sg table in an
 * allocation, the buffer written before every map that is not FROM_DEVICE.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <unistd.h>

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
	{ DMABENCH_OP_PIN, "PIN", DMABENCH_KIND_USERPTR, DMABENCH_CACHE_ANY, true, true },
	{ DMABENCH_OP_PIN_SGT, "PIN_SGT", DMABENCH_KIND_USERPTR, DMABENCH_CACHE_ANY, true, true },
	{ DMABENCH_OP_POOL_FRESH, "POOL_FRESH", DMABENCH_KIND_WC, DMABENCH_CACHE_ANY, true, true },
	{ DMABENCH_OP_POOL_HIT, "POOL_HIT", DMABENCH_KIND_UC, DMABENCH_CACHE_ANY, true, true },
	{ DMABENCH_OP_CACHING_RANGE, "CACHING_RANGE", DMABENCH_KIND_WC, DMABENCH_CACHE_ANY,
	  true, true },
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

/*
 * CACHING times set_pages_array_*() and CACHING_RANGE set_memory_*(), which
 * only x86 has; COLD needs a cache flush the module can do, else it is
 * refused, never run hot.
 */
static int bench_expected_errno(const struct bench_case *bc, const struct dmabench_info *info)
{
	if ((bc->op == DMABENCH_OP_CACHING || bc->op == DMABENCH_OP_POOL_FRESH ||
	     bc->op == DMABENCH_OP_POOL_HIT || bc->op == DMABENCH_OP_CACHING_RANGE) &&
	    !(info->flags & DMABENCH_INFO_SET_PAGES_ARRAY))
		return EOPNOTSUPP;
	if (bc->cache == DMABENCH_CACHE_COLD && !(info->flags & DMABENCH_INFO_CACHE_FLUSH))
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
	/* User memory for the userptr ops: the caller's own, touched. */
	if (bc->kind == DMABENCH_KIND_USERPTR) {
		void *mem = mmap(NULL, BENCH_SIZE, PROT_READ | PROT_WRITE,
				 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

		if (!tap_ok(mem != MAP_FAILED, tap_errname(errno), "%s: mmap user memory", name))
			return;
		memset(mem, 0x11, BENCH_SIZE);
		b.uaddr = (uintptr_t)mem;
		err = kt_ioctl(fd, DMABENCH_IOC_BENCH, &b);
		munmap(mem, BENCH_SIZE);
	} else {
		err = kt_ioctl(fd, DMABENCH_IOC_BENCH, &b);
	}
	if (want) {
		tap_errno(err, want, "%s: refused (%s)", name,
			  bc->cache != DMABENCH_CACHE_COLD ? "no set_pages_array_*()" :
			  "cold not available: no cache flush here");
		return;
	}
	if (!tap_errno(err, 0, "%s: returns 0", name))
		return;
	tap_u64(b.done, BENCH_ITERS, "%s: done equals iterations", name);
	check_samples(bc, name, &b, samples);
	if (bc->two_halves)
		check_samples2(name, batch, samples2);
}

/* ---- bounds: what one sample may do ------------------------------------ */

static int bench_once(int fd, uint32_t op, uint32_t kind, uint64_t size, uint32_t batch,
		      uint32_t dir, uint64_t *samples, uint32_t iterations)
{
	struct dmabench_bench b = {
		.op = op, .kind = kind, .size = size, .dir = dir, .iterations = iterations,
		.batch = batch, .warmup = 1, .node = -1, .samples = (uintptr_t)samples,
	};

	return kt_ioctl(fd, DMABENCH_IOC_BENCH, &b);
}

/* batch x size is capped per sample, so one sample holds the CPU for a bounded time. */
static void check_sample_limit(int fd)
{
	uint64_t limit = DMABENCH_BENCH_MAX_SAMPLE_BYTES;
	uint64_t at = limit / DMABENCH_BENCH_MAX_BATCH;

	tap_errno(bench_once(fd, DMABENCH_OP_EMPTY, DMABENCH_KIND_STREAMING, at,
			     DMABENCH_BENCH_MAX_BATCH, 0, NULL, 1), 0,
		  "BENCH limit: batch %u x %s, exactly %s per sample, is accepted",
		  DMABENCH_BENCH_MAX_BATCH, kt_size(at), kt_size(limit));
	tap_errno(bench_once(fd, DMABENCH_OP_EMPTY, DMABENCH_KIND_STREAMING, at + 4096,
			     DMABENCH_BENCH_MAX_BATCH, 0, NULL, 1), EINVAL,
		  "BENCH limit: batch %u x %s, over %s per sample -> EINVAL",
		  DMABENCH_BENCH_MAX_BATCH, kt_size(at + 4096), kt_size(limit));
	tap_errno(bench_once(fd, DMABENCH_OP_KWRITE, DMABENCH_KIND_STREAMING, 64 * MIB, 17, 0,
			     NULL, 1), EINVAL,
		  "BENCH limit: KWRITE batch 17 x 64M -> EINVAL");
}

/*
 * ABI 2: a batched sample is the whole window, the caller divides.  No CPU
 * writes 4 KiB in under a nanosecond, so a window of N writes is >= N ns;
 * a truncated mean per op (ABI 1) is far below that.
 */
static void check_batched_window(int fd)
{
	enum { N = 16384, ITERS = 2 };
	uint64_t samples[ITERS] = { 0 };
	int err = bench_once(fd, DMABENCH_OP_KWRITE, DMABENCH_KIND_STREAMING, 4 * KIB, N, 0,
			     samples, ITERS);

	if (!tap_errno(err, 0, "BENCH window: KWRITE 4K batch %d", N))
		return;
	tap_ok(samples[0] >= N && samples[1] >= N,
	       tap_fmt("samples %llu, %llu ns", (unsigned long long)samples[0],
		       (unsigned long long)samples[1]),
	       "BENCH window: a batched sample is the window of %d ops (>= 1 ns each), "
	       "not a truncated mean", N);
}

/* ---- ftrace: what the module calls during a BENCH ----------------------- */

#define TRACEFS "/sys/kernel/tracing"

static bool trace_write(const char *file, const char *value, bool append)
{
	char path[128];
	int fd, n;

	snprintf(path, sizeof(path), TRACEFS "/%s", file);
	fd = open(path, O_WRONLY | (append ? O_APPEND : O_TRUNC));
	if (fd < 0)
		return false;
	n = (int)write(fd, value, strlen(value));
	close(fd);
	return n == (int)strlen(value);
}

/* tracefs mounted, or why not. */
static const char *trace_ready(void)
{
	if (access(TRACEFS "/trace", W_OK) &&
	    mount("nodev", TRACEFS, "tracefs", 0, NULL) && errno != EBUSY)
		return tap_fmt("tracefs: %s", strerror(errno));
	return access(TRACEFS "/set_ftrace_filter", W_OK) ? "no function tracer" : NULL;
}

static void trace_reset(void)
{
	trace_write("tracing_on", "0", false);
	trace_write("current_tracer", "nop", false);
	trace_write("set_ftrace_filter", "", false);
	trace_write("set_ftrace_pid", "", false);
}

/*
 * Traces @funcs (NULL-terminated) for this process; the name that cannot
 * be, or NULL.  Each name ends in a newline so that the write itself is
 * refused for a function that does not exist (a last word without one is
 * only parsed at close, where the error is lost).
 */
static const char *trace_start(const char *const *funcs, int required)
{
	char pid[32], name[96];

	trace_reset();
	for (int i = 0; funcs[i]; i++) {
		snprintf(name, sizeof(name), "%s\n", funcs[i]);
		if (trace_write("set_ftrace_filter", name, true))
			continue;
		if (i < required)
			return funcs[i];
		tap_diag("ftrace: %s cannot be traced on this kernel; not counted", funcs[i]);
	}
	snprintf(pid, sizeof(pid), "%d", (int)getpid());
	if (!trace_write("set_ftrace_pid", pid, false) || !trace_write("trace", "", false) ||
	    !trace_write("current_tracer", "function", false) ||
	    !trace_write("tracing_on", "1", false))
		return "the function tracer";
	return NULL;
}

/* Stops tracing; calls to each of @funcs in counts[]. */
static void trace_stop(const char *const *funcs, int *counts)
{
	FILE *f;
	char line[512], pat[96];

	trace_write("tracing_on", "0", false);
	for (int i = 0; funcs[i]; i++)
		counts[i] = 0;
	f = fopen(TRACEFS "/trace", "r");
	while (f && fgets(line, sizeof(line), f)) {
		if (line[0] == '#')
			continue;
		for (int i = 0; funcs[i]; i++) {
			snprintf(pat, sizeof(pat), ": %s <-", funcs[i]);
			counts[i] += strstr(line, pat) != NULL;
		}
	}
	if (f)
		fclose(f);
	trace_reset();
}

/* ALLOC_FREE times the allocation only: no kernel mapping, no sg table, anywhere in the run. */
static void check_alloc_traced(int fd, uint32_t kind)
{
	/*
	 * vmap and the module's buffer path (page array, pages and sg table)
	 * must be traceable; the kernel's sg table builders are counted where
	 * they are (6.1 and 6.12 build lib/ without ftrace hooks).
	 */
	static const char *const funcs[] = {
		"vmap", "dmabench_pages_alloc", "sg_alloc_table_from_pages_segment",
		"sg_alloc_append_table_from_pages", "__sg_alloc_table", NULL,
	};
	int counts[5], err;
	const char *bad = trace_start(funcs, 2);

	if (bad) {
		trace_reset();
		tap_ok(false, tap_fmt("cannot trace %s", bad),
		       "BENCH ALLOC_FREE %s: traced", kt_kind_name(kind));
		return;
	}
	err = bench_once(fd, DMABENCH_OP_ALLOC_FREE, kind, 1 * MIB, 1, 0, NULL, 4);
	trace_stop(funcs, counts);
	if (!tap_errno(err, 0, "BENCH ALLOC_FREE %s 1M under ftrace", kt_kind_name(kind)))
		return;
	tap_ok(!counts[0] && !counts[1] && !counts[2] && !counts[3] && !counts[4],
	       tap_fmt("vmap %d, dmabench_pages_alloc %d, sg_alloc_table_from_pages_segment %d, "
		       "sg_alloc_append_table_from_pages %d, __sg_alloc_table %d calls",
		       counts[0], counts[1], counts[2], counts[3], counts[4]),
	       "BENCH ALLOC_FREE %s: no vmap and no sg table (the allocation alone is timed)",
	       kt_kind_name(kind));
}

/* As map_benchmark: the buffer is written before each timed map, unless FROM_DEVICE. */
static void check_map_dirtied(int fd, uint32_t op, const char *name, uint32_t dir,
			      int want)
{
	static const char *const funcs[] = {
		"dmabench_dirty_range", "dmabench_dirty_pages", NULL,
	};
	int counts[2], err;
	const char *bad = trace_start(funcs, 2);

	if (bad) {
		trace_reset();
		tap_ok(false, tap_fmt("cannot trace %s (not in the module?)", bad),
		       "BENCH %s dir %u: traced", name, dir);
		return;
	}
	/* 4 samples + 1 warm-up. */
	err = bench_once(fd, op, DMABENCH_KIND_STREAMING, 64 * KIB, 1, dir, NULL, 4);
	trace_stop(funcs, counts);
	if (!tap_errno(err, 0, "BENCH %s 64K dir %u under ftrace", name, dir))
		return;
	tap_ok(counts[0] + counts[1] == want,
	       tap_fmt("%d + %d dirtying calls", counts[0], counts[1]),
	       "BENCH %s dir %u: the buffer is written before %s", name, dir,
	       want ? "each of the 5 timed maps" : "no map (FROM_DEVICE)");
}

/*
 * noncontig's ALLOC_FREE is dma_alloc_noncontiguous() and its free: the
 * table is the DMA layer's own (sg tables are built inside it), but no
 * kernel mapping may be made.
 */
static void check_alloc_traced_noncontig(int fd)
{
	static const char *const funcs[] = { "vmap", "dma_vmap_noncontiguous", NULL };
	int counts[2], err;
	const char *bad = trace_start(funcs, 2);

	if (bad) {
		trace_reset();
		tap_ok(false, tap_fmt("cannot trace %s", bad), "BENCH ALLOC_FREE noncontig: traced");
		return;
	}
	err = bench_once(fd, DMABENCH_OP_ALLOC_FREE, DMABENCH_KIND_NONCONTIG, 1 * MIB, 1, 0,
			 NULL, 4);
	trace_stop(funcs, counts);
	if (!tap_errno(err, 0, "BENCH ALLOC_FREE noncontig 1M under ftrace"))
		return;
	tap_ok(!counts[0] && !counts[1],
	       tap_fmt("vmap %d, dma_vmap_noncontiguous %d calls", counts[0], counts[1]),
	       "BENCH ALLOC_FREE noncontig: no kernel mapping (the allocation alone is timed)");
}

static void check_traced(int fd, const struct dmabench_info *info)
{
	const char *why = trace_ready();

	if (why) {
		tap_skip(why, "BENCH: ALLOC_FREE and MAP under ftrace");
		return;
	}
	check_alloc_traced(fd, DMABENCH_KIND_STREAMING);
	if (info->kinds & (1U << DMABENCH_KIND_WC))
		check_alloc_traced(fd, DMABENCH_KIND_WC);
	check_alloc_traced_noncontig(fd);
	check_map_dirtied(fd, DMABENCH_OP_MAP_SINGLE, "MAP_SINGLE", DMABENCH_DIR_TO_DEVICE, 5);
	check_map_dirtied(fd, DMABENCH_OP_MAP_SINGLE, "MAP_SINGLE", DMABENCH_DIR_FROM_DEVICE, 0);
	check_map_dirtied(fd, DMABENCH_OP_MAP_SG, "MAP_SG", DMABENCH_DIR_BIDI, 5);
}

/* The ops the noncontig kind takes, and those it refuses (uapi: BENCH). */
static const struct bench_case noncontig_cases[] = {
	{ DMABENCH_OP_EMPTY, "EMPTY", DMABENCH_KIND_NONCONTIG, DMABENCH_CACHE_ANY, false, false },
	{ DMABENCH_OP_ALLOC_FREE, "ALLOC_FREE", DMABENCH_KIND_NONCONTIG, DMABENCH_CACHE_ANY,
	  true, true },
	{ DMABENCH_OP_SYNC_FOR_CPU, "SYNC_FOR_CPU", DMABENCH_KIND_NONCONTIG, DMABENCH_CACHE_HOT,
	  false, true },
	{ DMABENCH_OP_SYNC_FOR_DEVICE, "SYNC_FOR_DEVICE", DMABENCH_KIND_NONCONTIG,
	  DMABENCH_CACHE_COLD, false, true },
	{ DMABENCH_OP_KREAD, "KREAD", DMABENCH_KIND_NONCONTIG, DMABENCH_CACHE_ANY, false, true },
	{ DMABENCH_OP_KWRITE, "KWRITE", DMABENCH_KIND_NONCONTIG, DMABENCH_CACHE_ANY, false, true },
	{ DMABENCH_OP_KCOPY, "KCOPY", DMABENCH_KIND_NONCONTIG, DMABENCH_CACHE_ANY, false, true },
};

static void noncontig_refused(int fd)
{
	static const struct {
		uint32_t op;
		const char *name;
	} refused[] = {
		{ DMABENCH_OP_MAP_SINGLE, "MAP_SINGLE" }, { DMABENCH_OP_MAP_PAGE, "MAP_PAGE" },
		{ DMABENCH_OP_MAP_SG, "MAP_SG" }, { DMABENCH_OP_CACHING, "CACHING" },
		{ DMABENCH_OP_SG_ITER_PAGE, "SG_ITER_PAGE" },
		{ DMABENCH_OP_SG_ITER_DMA, "SG_ITER_DMA" }, { DMABENCH_OP_PIN, "PIN" },
		{ DMABENCH_OP_PIN_SGT, "PIN_SGT" }, { DMABENCH_OP_POOL_FRESH, "POOL_FRESH" },
		{ DMABENCH_OP_POOL_HIT, "POOL_HIT" },
		{ DMABENCH_OP_CACHING_RANGE, "CACHING_RANGE" },
	};

	for (size_t i = 0; i < sizeof(refused) / sizeof(refused[0]); i++)
		tap_errno(bench_once(fd, refused[i].op, DMABENCH_KIND_NONCONTIG, BENCH_SIZE, 1, 0,
				     NULL, 1), EINVAL, "BENCH %s noncontig -> EINVAL",
			  refused[i].name);
}

void check_bench_ops(int fd, const struct dmabench_info *info)
{
	for (size_t i = 0; i < sizeof(bench_cases) / sizeof(bench_cases[0]); i++) {
		run_bench(fd, &bench_cases[i], 1, info);
		run_bench(fd, &bench_cases[i], 4, info);
	}
	for (size_t i = 0; i < sizeof(noncontig_cases) / sizeof(noncontig_cases[0]); i++) {
		run_bench(fd, &noncontig_cases[i], 1, info);
		run_bench(fd, &noncontig_cases[i], 4, info);
	}
	noncontig_refused(fd);
	check_sample_limit(fd);
	check_batched_window(fd);
	check_traced(fd, info);
	tap_bytes_held(fd, 0, "BENCH: bytes_held back to 0 after the runs");
}
