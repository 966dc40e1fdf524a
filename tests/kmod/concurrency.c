// SPDX-License-Identifier: GPL-2.0
/*
 * Check 6: threads sharing one fd.  Four workers run the whole buffer cycle
 * (alloc, mmap, DMA-map, data both ways, teardown) over every kind with
 * BENCH MAP_SINGLE runs mixed in; then two threads race to FREE the same
 * handle, which exactly one of them must win.  Afterwards the file holds
 * nothing and the live counters are back.
 */
#include <errno.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>

#include "checks.h"
#include "device.h"
#include "pattern.h"

#define WORKERS 4
#define LOOPS 64
#define QUICK_LOOPS 16
#define BENCH_EVERY 8
#define FREE_RACE_ROUNDS 200

struct worker {
	pthread_t tid;
	int fd;
	int id;
	int loops;
	int failures;
	char first_failure[192];
};

static void worker_fail(struct worker *w, int loop, const char *what)
{
	if (!w->failures++)
		snprintf(w->first_failure, sizeof(w->first_failure), "loop %d: %s", loop, what);
}

static int round_sync(struct worker *w, const struct dmabench_alloc *a, uint32_t to)
{
	return kt_kind_syncs(a->kind) ? kt_sync(w->fd, a->handle, to, 0, a->size) : 0;
}

/* SYNC for_device then for_cpu: out to the device and back (a bounce copy each way). */
static int round_trip(struct worker *w, const struct dmabench_alloc *a)
{
	int err = round_sync(w, a, DMABENCH_SYNC_FOR_DEVICE);

	return err ? err : round_sync(w, a, DMABENCH_SYNC_FOR_CPU);
}

/*
 * The data user -> kernel -> user on an allocated, mmapped buffer, the CPU
 * owning it while either side touches it, as in kinds.c.
 */
static void round_data(struct worker *w, int loop, const struct dmabench_alloc *a, void *p)
{
	uint64_t seed = ((uint64_t)w->id << 56) ^ (uint64_t)loop;
	struct dmabench_pattern pat;
	struct pat_result r;
	int err;

	if ((err = round_sync(w, a, DMABENCH_SYNC_FOR_CPU)))
		return worker_fail(w, loop, tap_fmt("SYNC for_cpu: %s", tap_errname(err)));
	pat_write(p, a->size, seed, &r);
	if (!pat_ok(&r))
		return worker_fail(w, loop, tap_fmt("user write: %s", pat_describe(&r)));
	if ((err = round_trip(w, a)))
		return worker_fail(w, loop, tap_fmt("SYNC round trip: %s", tap_errname(err)));
	err = kt_pattern(w->fd, a->handle, DMABENCH_PATTERN_CHECK, seed, 0, a->size, &pat);
	if (err || pat.mismatches)
		return worker_fail(w, loop, tap_fmt("PATTERN CHECK: %s, %" PRIu64 " mismatches",
						    tap_errname(err), (uint64_t)pat.mismatches));
	err = kt_pattern(w->fd, a->handle, DMABENCH_PATTERN_FILL, ~seed, 0, a->size, &pat);
	if (err)
		return worker_fail(w, loop, tap_fmt("PATTERN FILL: %s", tap_errname(err)));
	if ((err = round_trip(w, a)))
		return worker_fail(w, loop, tap_fmt("SYNC round trip: %s", tap_errname(err)));
	pat_verify(p, a->size, ~seed, &r);
	if (!pat_ok(&r))
		return worker_fail(w, loop, tap_fmt("user verify: %s", pat_describe(&r)));
	if ((err = round_sync(w, a, DMABENCH_SYNC_FOR_DEVICE)))
		worker_fail(w, loop, tap_fmt("SYNC for_device: %s", tap_errname(err)));
}

/* One full cycle on a kind and size that change every loop. */
static void round_buffer(struct worker *w, int loop)
{
	uint32_t kind = (uint32_t)(w->id + loop) % DMABENCH_KIND_COUNT;
	/* userptr has its own concurrency check (userptr.c). */
	if (!kt_kind_allocs(kind))
		kind = DMABENCH_KIND_STREAMING;
	uint64_t size = (uint64_t)(1 + (w->id + loop) % 4) * 16 * KIB;
	const char *k = kt_kind_name(kind);
	struct dmabench_alloc a;
	struct dmabench_map m;
	bool mapped = false;
	void *p;
	int err;

	err = kt_alloc(w->fd, kind, size, &a);
	if (err)
		return worker_fail(w, loop, tap_fmt("ALLOC %s: %s", k, tap_errname(err)));
	p = kt_mmap(w->fd, a.mmap_offset, size, &err);
	if (!p)
		worker_fail(w, loop, tap_fmt("mmap %s: %s", k, tap_errname(err)));
	if (p && kt_kind_dma_maps(kind)) {
		err = kt_map(w->fd, a.handle, DMABENCH_DIR_BIDI, &m);
		mapped = !err;
		if (err)
			worker_fail(w, loop, tap_fmt("MAP %s: %s", k, tap_errname(err)));
	}
	if (p && (mapped || !kt_kind_dma_maps(kind)))
		round_data(w, loop, &a, p);
	if (p && munmap(p, size))
		worker_fail(w, loop, tap_fmt("munmap %s: %s", k, tap_errname(errno)));
	if (mapped && (err = kt_unmap(w->fd, a.handle)))
		worker_fail(w, loop, tap_fmt("UNMAP %s: %s", k, tap_errname(err)));
	if ((err = kt_free(w->fd, a.handle)))
		worker_fail(w, loop, tap_fmt("FREE %s: %s", k, tap_errname(err)));
}

static void round_bench(struct worker *w, int loop)
{
	struct dmabench_bench b = {
		.op = DMABENCH_OP_MAP_SINGLE, .kind = DMABENCH_KIND_STREAMING,
		.size = 64 * KIB, .dir = DMABENCH_DIR_BIDI, .iterations = 16, .batch = 1,
		.node = -1,
	};
	int err = kt_ioctl(w->fd, DMABENCH_IOC_BENCH, &b);

	if (err || b.done != b.iterations)
		worker_fail(w, loop, tap_fmt("BENCH MAP_SINGLE: %s, done %u",
					     tap_errname(err), b.done));
}

static void *worker_main(void *arg)
{
	struct worker *w = arg;

	for (int loop = 0; loop < w->loops; loop++) {
		round_buffer(w, loop);
		if (loop % BENCH_EVERY == w->id % BENCH_EVERY)
			round_bench(w, loop);
	}
	return NULL;
}

static void run_workers(int fd)
{
	struct worker workers[WORKERS];
	int loops = kt_cfg.quick ? QUICK_LOOPS : LOOPS;

	for (int i = 0; i < WORKERS; i++) {
		workers[i] = (struct worker){ .fd = fd, .id = i, .loops = loops };
		if (pthread_create(&workers[i].tid, NULL, worker_main, &workers[i]))
			workers[i].loops = -1;
	}
	for (int i = 0; i < WORKERS; i++) {
		if (workers[i].loops >= 0)
			pthread_join(workers[i].tid, NULL);
		tap_ok(workers[i].loops >= 0 && !workers[i].failures,
		       workers[i].loops < 0 ? "pthread_create failed" :
		       tap_fmt("%d failures, first %s", workers[i].failures,
			       workers[i].first_failure),
		       "concurrency: thread %d, %d buffer cycles over all kinds with BENCH "
		       "MAP_SINGLE, all succeed", i, loops);
	}
}

/* Two threads FREE the same handle at once; main allocates it and judges. */
struct free_race {
	pthread_barrier_t start, end;
	int fd;
	uint32_t handle;
	bool stop;
	int err[2];
};

struct racer {
	struct free_race *race;
	int slot;
};

static void *racer_main(void *arg)
{
	struct racer *r = arg;
	struct free_race *race = r->race;

	for (;;) {
		pthread_barrier_wait(&race->start);
		if (race->stop)
			return NULL;
		race->err[r->slot] = kt_free(race->fd, race->handle);
		pthread_barrier_wait(&race->end);
	}
}

static const char *free_race_rounds(struct free_race *race)
{
	struct dmabench_alloc a;
	const char *bad = NULL;
	int err;

	for (int round = 0; round < FREE_RACE_ROUNDS && !bad; round++) {
		err = kt_alloc(race->fd, DMABENCH_KIND_STREAMING, 4 * KIB, &a);
		if (err)
			return tap_fmt("round %d: ALLOC %s", round, tap_errname(err));
		race->handle = a.handle;
		pthread_barrier_wait(&race->start);
		pthread_barrier_wait(&race->end);
		if (!((race->err[0] == 0 && race->err[1] == ENOENT) ||
		      (race->err[0] == ENOENT && race->err[1] == 0)))
			bad = tap_fmt("round %d: FREEs returned %s and %s", round,
				      tap_errname(race->err[0]), tap_errname(race->err[1]));
	}
	return bad;
}

static void run_free_race(int fd)
{
	struct free_race race = { .fd = fd };
	struct racer racers[2] = { { &race, 0 }, { &race, 1 } };
	pthread_t tid[2];
	const char *bad;

	pthread_barrier_init(&race.start, NULL, 3);
	pthread_barrier_init(&race.end, NULL, 3);
	for (int i = 0; i < 2; i++)
		if (pthread_create(&tid[i], NULL, racer_main, &racers[i]))
			return (void)tap_ok(false, "pthread_create failed", "concurrency: FREE race");
	bad = free_race_rounds(&race);
	race.stop = true;
	pthread_barrier_wait(&race.start);
	for (int i = 0; i < 2; i++)
		pthread_join(tid[i], NULL);
	pthread_barrier_destroy(&race.start);
	pthread_barrier_destroy(&race.end);
	tap_ok(!bad, bad, "concurrency: two threads FREE one handle, exactly one wins (%d rounds)",
	       FREE_RACE_ROUNDS);
}

void check_concurrency(int fd, const struct dmabench_info *info)
{
	struct kt_counters base;

	(void)info;
	kt_counters(fd, &base);
	run_workers(fd);
	run_free_race(fd);
	tap_bytes_held(fd, 0, "concurrency: bytes_held back to 0");
	tap_counters(fd, &base, "concurrency: live counters back to the baseline");
}
