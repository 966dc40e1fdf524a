// SPDX-License-Identifier: GPL-2.0
/*
 * Check 5: buffer and file lifetimes.  A buffer must outlive its handle
 * while a mapping uses it; a file's buffers must all go when the file goes,
 * whether it is closed, or its process is killed; a forked child shares
 * the mapping and gives it back on exit.  The module-wide live counters of
 * GET_INFO, read on the main fd, are the witness.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "checks.h"
#include "device.h"
#include "pattern.h"

#define LT_SIZE (64 * KIB)
#define LT_SEED_A 0x1111222233334444ULL
#define LT_SEED_B 0x9999888877776666ULL
#define LT_SEED_C 0x0123456789abcdefULL
#define BUFS_PER_KIND 2
#define CHILD_READY_TIMEOUT_MS 60000

/*
 * (a) FREE while mmapped: the buffer lives on until munmap.  The user's
 * first access comes after the FREE, so a fault handler that needs the
 * handle would show here.
 */
static void free_while_mmapped(int fd, uint32_t kind)
{
	const char *k = kt_kind_name(kind);
	struct kt_counters base, now;
	struct dmabench_pattern pat;
	struct dmabench_alloc a;
	struct pat_result r;
	void *p, *again;
	int err;

	kt_counters(fd, &base);
	if (!tap_errno(kt_alloc(fd, kind, LT_SIZE, &a), 0, "lifetime %s: ALLOC", k))
		return;
	tap_errno(kt_pattern(fd, a.handle, DMABENCH_PATTERN_FILL, LT_SEED_A, 0, LT_SIZE, &pat),
		  0, "lifetime %s: PATTERN FILL", k);
	p = kt_mmap(fd, a.mmap_offset, LT_SIZE, &err);
	if (!tap_errno(err, 0, "lifetime %s: mmap, not touched yet", k)) {
		kt_free(fd, a.handle);
		return;
	}
	tap_errno(kt_free(fd, a.handle), 0, "lifetime %s: FREE while mmapped", k);
	kt_counters(fd, &now);
	tap_u64(now.buffers, base.buffers + 1,
		"lifetime %s: live_buffers still counts it while mmapped", k);
	pat_verify(p, LT_SIZE, LT_SEED_A, &r);
	tap_ok(pat_ok(&r), pat_describe(&r),
	       "lifetime %s: first user access after FREE reads the kernel's data", k);
	pat_write(p, LT_SIZE, LT_SEED_B, &r);
	if (pat_ok(&r))
		pat_verify(p, LT_SIZE, LT_SEED_B, &r);
	tap_ok(pat_ok(&r), pat_describe(&r), "lifetime %s: still writable after FREE", k);
	tap_errno(kt_free(fd, a.handle), ENOENT, "lifetime %s: FREE again -> ENOENT", k);
	again = kt_mmap(fd, a.mmap_offset, LT_SIZE, &err);
	tap_errno(err, EINVAL, "lifetime %s: a new mmap of the freed buffer -> EINVAL", k);
	if (again)
		munmap(again, LT_SIZE);
	tap_errno(munmap(p, LT_SIZE) ? errno : 0, 0, "lifetime %s: munmap", k);
	tap_counters(fd, &base, "lifetime %s: live counters back after munmap", k);
}

/* Buffers of every kind on @fd, half of them mmapped, the mappable ones DMA-mapped. */
struct population {
	struct dmabench_alloc a[DMABENCH_KIND_COUNT][BUFS_PER_KIND];
	void *map[DMABENCH_KIND_COUNT];	/* of a[kind][0] */
	int failures;
	char first_failure[160];
};

static void pop_fail(struct population *pop, const char *what)
{
	if (!pop->failures++)
		snprintf(pop->first_failure, sizeof(pop->first_failure), "%s", what);
}

static void populate(int fd, struct population *pop)
{
	struct dmabench_map m;
	struct pat_result r;
	int err;

	memset(pop, 0, sizeof(*pop));
	for (uint32_t kind = 0; kind < DMABENCH_KIND_COUNT; kind++) {
		if (!kt_kind_allocs(kind))
			continue;
		for (int i = 0; i < BUFS_PER_KIND; i++)
			if (kt_alloc(fd, kind, LT_SIZE, &pop->a[kind][i]))
				pop_fail(pop, tap_fmt("ALLOC %s", kt_kind_name(kind)));
		if (!pop->a[kind][0].handle)
			continue;
		pop->map[kind] = kt_mmap(fd, pop->a[kind][0].mmap_offset, LT_SIZE, &err);
		if (!pop->map[kind]) {
			pop_fail(pop, tap_fmt("mmap %s: %s", kt_kind_name(kind), tap_errname(err)));
			continue;
		}
		pat_write(pop->map[kind], LT_SIZE, LT_SEED_C ^ kind, &r);
		if (!pat_ok(&r))
			pop_fail(pop, tap_fmt("write %s: %s", kt_kind_name(kind), pat_describe(&r)));
		if (kt_kind_dma_maps(kind) && kt_map(fd, pop->a[kind][0].handle,
						     DMABENCH_DIR_BIDI, &m))
			pop_fail(pop, tap_fmt("MAP %s", kt_kind_name(kind)));
	}
}

/* (b) close a file holding buffers, one mapping kept past the close. */
static void close_with_buffers(int fd)
{
	const uint32_t keep = DMABENCH_KIND_WC;
	struct population pop;
	struct kt_counters base;
	struct pat_result r;
	int fd2;

	kt_counters(fd, &base);
	fd2 = kt_open();
	if (!tap_ok(fd2 >= 0, tap_fmt("open: %s", tap_errname(-fd2)), "lifetime close: open"))
		return;
	populate(fd2, &pop);
	tap_ok(!pop.failures, pop.first_failure,
	       "lifetime close: %d buffers of every kind allocated, mmapped, mapped",
	       BUFS_PER_KIND);
	for (uint32_t kind = 0; kind < DMABENCH_KIND_COUNT; kind++)
		if (kind != keep && pop.map[kind])
			munmap(pop.map[kind], LT_SIZE);
	tap_errno(close(fd2) ? errno : 0, 0, "lifetime close: close without FREE");
	if (pop.map[keep]) {
		pat_verify(pop.map[keep], LT_SIZE, LT_SEED_C ^ keep, &r);
		tap_ok(pat_ok(&r), pat_describe(&r),
		       "lifetime close: the %s mapping kept past close still reads its data",
		       kt_kind_name(keep));
		munmap(pop.map[keep], LT_SIZE);
	}
	tap_counters(fd, &base, "lifetime close: live counters back after close and munmap");
}

/* The child of (c): hold buffers of every kind, say so, wait to be killed. */
static void __attribute__((noreturn)) killed_child(int ready_fd)
{
	struct population pop;
	int fd = kt_open();
	char ok;

	if (fd < 0)
		_exit(1);
	populate(fd, &pop);
	ok = pop.failures ? 'n' : 'y';
	if (write(ready_fd, &ok, 1) != 1)
		_exit(1);
	for (;;)
		pause();
}

static bool wait_ready(int rfd, char *status)
{
	struct pollfd pfd = { .fd = rfd, .events = POLLIN };

	return poll(&pfd, 1, CHILD_READY_TIMEOUT_MS) == 1 && read(rfd, status, 1) == 1;
}

/* (c) a process holding buffers and mappings dies by SIGKILL. */
static void killed_process(int fd)
{
	struct kt_counters base, held;
	int pipefd[2], wstatus = 0;
	char status = 0;
	pid_t pid;

	kt_counters(fd, &base);
	if (pipe(pipefd))
		return (void)tap_ok(false, tap_errname(errno), "lifetime kill: pipe");
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		close(pipefd[0]);
		killed_child(pipefd[1]);
	}
	close(pipefd[1]);
	if (!tap_ok(pid > 0, tap_errname(errno), "lifetime kill: fork"))
		return (void)close(pipefd[0]);
	tap_ok(wait_ready(pipefd[0], &status) && status == 'y',
	       tap_fmt("child reported '%c'", status ? status : '-'),
	       "lifetime kill: child allocated, mmapped and mapped buffers of every kind");
	close(pipefd[0]);
	kt_counters(fd, &held);
	tap_ok(held.buffers >= base.buffers + BUFS_PER_KIND * kt_alloc_kind_count() &&
	       held.mmaps >= base.mmaps + kt_alloc_kind_count() && held.files == base.files + 1,
	       tap_fmt("live buffers %" PRIu64 " mmaps %" PRIu64 " files %" PRIu64
		       ", baseline %" PRIu64 "/%" PRIu64 "/%" PRIu64,
		       held.buffers, held.mmaps, held.files,
		       base.buffers, base.mmaps, base.files),
	       "lifetime kill: live counters include the child's buffers");
	kill(pid, SIGKILL);
	waitpid(pid, &wstatus, 0);
	tap_ok(WIFSIGNALED(wstatus) && WTERMSIG(wstatus) == SIGKILL,
	       tap_fmt("wait status %#x", wstatus), "lifetime kill: child died by SIGKILL");
	tap_counters(fd, &base, "lifetime kill: live counters back after waitpid");
}

/* The child of (d): check the inherited mapping, write to it, exit with the verdict. */
static void __attribute__((noreturn)) forked_reader(void *p, uint32_t kind)
{
	struct pat_result r;

	pat_verify(p, LT_SIZE, LT_SEED_A ^ kind, &r);
	if (!pat_ok(&r))
		_exit(r.signal ? 2 : 1);
	pat_write(p, LT_SIZE, LT_SEED_B ^ kind, &r);
	_exit(pat_ok(&r) ? 0 : 3);
}

/* (d) fork with a live mapping: the child uses it, the parent keeps it. */
static void fork_with_mapping(int fd, uint32_t kind)
{
	const char *k = kt_kind_name(kind);
	struct kt_counters before;
	struct dmabench_alloc a;
	struct pat_result r;
	int err, wstatus = 0;
	pid_t pid;
	void *p;

	if (!tap_errno(kt_alloc(fd, kind, LT_SIZE, &a), 0, "lifetime fork %s: ALLOC", k))
		return;
	p = kt_mmap(fd, a.mmap_offset, LT_SIZE, &err);
	if (!tap_errno(err, 0, "lifetime fork %s: mmap", k))
		return (void)kt_free(fd, a.handle);
	pat_write(p, LT_SIZE, LT_SEED_A ^ kind, &r);
	kt_counters(fd, &before);
	fflush(stdout);
	pid = fork();
	if (pid == 0)
		forked_reader(p, kind);
	if (pid > 0)
		waitpid(pid, &wstatus, 0);
	tap_ok(pid > 0 && WIFEXITED(wstatus) && WEXITSTATUS(wstatus) == 0,
	       tap_fmt("wait status %#x (exit 1: data differs, 2: fault, 3: write failed)",
		       wstatus),
	       "lifetime fork %s: child reads and writes the inherited mapping", k);
	pat_verify(p, LT_SIZE, LT_SEED_B ^ kind, &r);
	tap_ok(pat_ok(&r), pat_describe(&r), "lifetime fork %s: parent sees the child's data", k);
	tap_counters(fd, &before, "lifetime fork %s: live counters as before fork", k);
	munmap(p, LT_SIZE);
	tap_errno(kt_free(fd, a.handle), 0, "lifetime fork %s: FREE", k);
}

void check_lifetime(int fd, const struct dmabench_info *info)
{
	struct kt_counters base;

	(void)info;
	kt_counters(fd, &base);
	for (uint32_t kind = 0; kind < DMABENCH_KIND_COUNT; kind++)
		if (kt_kind_allocs(kind))
			free_while_mmapped(fd, kind);
	close_with_buffers(fd);
	killed_process(fd);
	for (uint32_t kind = 0; kind < DMABENCH_KIND_COUNT; kind++)
		if (kt_kind_allocs(kind))
			fork_with_mapping(fd, kind);
	tap_counters(fd, &base, "lifetime: live counters back to the baseline");
}
