// SPDX-License-Identifier: GPL-2.0
/*
 * Bounded work and memory, checked from outside the module:
 *
 *   --kill-check  BENCH runs killed with SIGKILL during a long sample are
 *                 gone within KILL_BOUND_S: the largest inputs the module
 *                 accepts, and inputs past its limits (which it must refuse,
 *                 or end as promptly).  A module that only looks for signals
 *                 between samples keeps a dying process for as long as one
 *                 sample takes, which for batch x size unbounded is hours.
 *   --oom-check   many files asking together for more than the machine has
 *                 (the module loaded with max_bytes above RAM) get ENOMEM
 *                 before RAM runs out, and everything is freed when they
 *                 close.  Whether the OOM killer woke is the kernel log's
 *                 business (guest-fuzz.sh reads it).
 *
 * Both print TAP and exit 1 when a check failed.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "fuzz.h"
#include "../common/meminfo.h"

/* Well below the soft-lockup (20 s) and RCU-stall (21 s) reports. */
#define KILL_BOUND_S	10
/* How long the child is in its BENCH before the kill. */
#define KILL_AFTER_MS	300
#define OOM_FILES	16
#define OOM_CHUNK	(32ULL << 20)

static int lim_n, lim_failed;

static void lim_tap(bool ok, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void lim_tap(bool ok, const char *fmt, ...)
{
	va_list ap;

	lim_failed += !ok;
	printf("%s %d - ", ok ? "ok" : "not ok", ++lim_n);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
}

static int lim_finish(void)
{
	printf("1..%d\n", lim_n);
	return lim_failed ? 1 : 0;
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

struct kill_case {
	const char *what;
	uint32_t op, kind, cache;
	uint64_t size;
	uint32_t batch, iterations;
};

/* The child: one BENCH on its own file; its exit status is the errno. */
static void kill_child(const struct kill_case *c)
{
	struct dmabench_bench b = {
		.op = c->op, .kind = c->kind, .size = c->size, .cache = c->cache,
		.iterations = c->iterations, .batch = c->batch, .node = -1,
	};
	int fd = open(DMABENCH_DEVICE_PATH, O_RDWR);

	if (fd < 0)
		_exit(100);
	_exit(fz_ioctl(fd, DMABENCH_IOC_BENCH, &b) & 0x7f);
}

/* Waits up to @bound seconds; true when reaped, with its status. */
static bool reap_within(pid_t pid, double bound, int *status)
{
	double end = now_s() + bound;
	struct timespec tick = { 0, 10 * 1000 * 1000 };

	do {
		pid_t got = waitpid(pid, status, WNOHANG);

		if (got == pid)
			return true;
		if (got < 0 && errno != EINTR)
			return false;
		nanosleep(&tick, NULL);
	} while (now_s() < end);
	return false;
}

static void kill_one(const struct kill_case *c)
{
	struct timespec after = { 0, KILL_AFTER_MS * 1000 * 1000 };
	double t0;
	int status = 0;
	pid_t pid;

	fflush(stdout);
	pid = fork();
	if (pid < 0) {
		lim_tap(false, "kill: %s: fork: %s", c->what, strerror(errno));
		return;
	}
	if (!pid)
		kill_child(c);
	nanosleep(&after, NULL);
	t0 = now_s();
	kill(pid, SIGKILL);
	/* Not waited for beyond the bound: a sample may take hours. */
	if (!reap_within(pid, KILL_BOUND_S, &status)) {
		lim_tap(false, "kill: %s: gone within %d s of SIGKILL (still in the kernel)",
			c->what, KILL_BOUND_S);
		return;
	}
	if (WIFSIGNALED(status))
		lim_tap(WTERMSIG(status) == SIGKILL, "kill: %s: gone %.2f s after SIGKILL",
			c->what, now_s() - t0);
	else
		lim_tap(true, "kill: %s: BENCH returned before the kill (%s)", c->what,
			WEXITSTATUS(status) ? strerror(WEXITSTATUS(status)) : "success");
}

static const struct kill_case kill_cases[] = {
	{ "KWRITE 1 MiB x batch 1024 (the largest sample accepted)", DMABENCH_OP_KWRITE,
	  DMABENCH_KIND_STREAMING, 0, 1ULL << 20, 1024, 1000 },
	{ "KWRITE 16 MiB x batch 65536 (a TiB per sample, over the limit)", DMABENCH_OP_KWRITE,
	  DMABENCH_KIND_STREAMING, 0, 16ULL << 20, 65536, 1000 },
	{ "KREAD 256 MiB x batch 1024 (256 GiB per sample, over the limit)", DMABENCH_OP_KREAD,
	  DMABENCH_KIND_STREAMING, 0, 256ULL << 20, 1024, 1 },
	{ "ALLOC_FREE streaming 4 KiB x batch 65536", DMABENCH_OP_ALLOC_FREE,
	  DMABENCH_KIND_STREAMING, 0, 4096, 65536, 1U << 20 },
	{ "CACHING wc 4 KiB x batch 65536", DMABENCH_OP_CACHING, DMABENCH_KIND_WC, 0, 4096, 65536,
	  1U << 20 },
	/* 1 GiB a sample: a pool op checks for the signal every 2 MiB. */
	{ "POOL_FRESH wc 64 MiB x batch 16", DMABENCH_OP_POOL_FRESH, DMABENCH_KIND_WC, 0,
	  64ULL << 20, 16, 1000 },
	{ "POOL_HIT uc 64 MiB x batch 16", DMABENCH_OP_POOL_HIT, DMABENCH_KIND_UC, 0,
	  64ULL << 20, 16, 1000 },
	/* 1 GiB a sample in 4 MiB ranges: a signal is seen between two of them. */
	{ "CACHING_RANGE uc 4 MiB x batch 256", DMABENCH_OP_CACHING_RANGE, DMABENCH_KIND_UC, 0,
	  4ULL << 20, 256, 1000 },
	{ "SYNC_FOR_DEVICE streaming 64 MiB hot x batch 16", DMABENCH_OP_SYNC_FOR_DEVICE,
	  DMABENCH_KIND_STREAMING, DMABENCH_CACHE_HOT, 64ULL << 20, 16, 1000 },
	{ "EMPTY x batch 65536, 2^20 samples", DMABENCH_OP_EMPTY, DMABENCH_KIND_STREAMING, 0,
	  4096, 65536, 1U << 20 },
};

int fz_kill_check(void)
{
	for (size_t i = 0; i < sizeof(kill_cases) / sizeof(kill_cases[0]); i++)
		kill_one(&kill_cases[i]);
	lim_tap(!fz_counters_check(true), "kill: live counters zero once the killed files closed");
	return lim_finish();
}

/* Every 4th ask is coherent at the largest contiguous size: dma_alloc_coherent's path. */
static int oom_ask(int fd, unsigned int i, uint64_t contig, uint64_t *got)
{
	bool coherent = i % 4 == 3 && contig;
	struct dmabench_alloc a = {
		.kind = coherent ? DMABENCH_KIND_COHERENT : DMABENCH_KIND_STREAMING,
		.size = coherent ? contig : OOM_CHUNK, .node = -1,
	};
	int err = fz_ioctl(fd, DMABENCH_IOC_ALLOC, &a);

	if (!err)
		*got += a.size;
	return err;
}

/* Round robin over the files until every one is refused; the first odd errno stops it. */
static int oom_fill(const int *fds, uint64_t ram, uint64_t contig, uint64_t *got)
{
	bool refused[OOM_FILES] = { false };
	int left = OOM_FILES;

	for (unsigned int i = 0; left && *got < 2 * ram; i++) {
		int f = (int)(i % OOM_FILES), err;

		if (refused[f])
			continue;
		err = oom_ask(fds[f], i / OOM_FILES, contig, got);
		if (err == ENOMEM) {
			refused[f] = true;
			left--;
		} else if (err) {
			return err;
		}
	}
	return left ? EOVERFLOW : ENOMEM;
}

/*
 * One buffer that would leave the machine a sixteenth of its RAM: the pages
 * alone might be had, but the module keeps an eighth for the GFP_KERNEL
 * page tables and everything else, so the answer is ENOMEM, not the OOM
 * killer (which took guest-tests.sh once vmap() ran out).
 */
static void oom_one_short_of_all(int fd, uint64_t ram)
{
	uint64_t avail = meminfo_bytes("MemAvailable");
	struct dmabench_alloc a = { .kind = DMABENCH_KIND_STREAMING, .node = -1 };
	int err;

	if (avail <= ram / 16 + fz_info.page_size) {
		lim_tap(false, "oom: MemAvailable %llu MiB too small to ask for",
			(unsigned long long)(avail >> 20));
		return;
	}
	a.size = (avail - ram / 16) / fz_info.page_size * fz_info.page_size;
	err = fz_ioctl(fd, DMABENCH_IOC_ALLOC, &a);
	if (!err) {
		struct dmabench_handle h = { .handle = a.handle };

		fz_ioctl(fd, DMABENCH_IOC_FREE, &h);
	}
	lim_tap(err == ENOMEM, "oom: one buffer of %llu MiB, leaving RAM/16 of MemAvailable, gets "
		"ENOMEM (got %s)", (unsigned long long)(a.size >> 20), err ? strerror(err) : "a buffer");
}

int fz_oom_check(void)
{
	uint64_t ram = meminfo_bytes("MemTotal"), got = 0;
	int fds[OOM_FILES], err;

	if (!ram || fz_info.byte_cap <= ram) {
		lim_tap(false, "oom: byte_cap %llu above MemTotal %llu (load with a larger max_bytes)",
			(unsigned long long)fz_info.byte_cap, (unsigned long long)ram);
		return lim_finish();
	}
	for (int i = 0; i < OOM_FILES; i++) {
		fds[i] = open(DMABENCH_DEVICE_PATH, O_RDWR);
		if (fds[i] < 0) {
			lim_tap(false, "oom: open file %d: %s", i, strerror(errno));
			while (i--)
				close(fds[i]);
			return lim_finish();
		}
	}
	oom_one_short_of_all(fds[0], ram);
	err = oom_fill(fds, ram, fz_info.max_contig_size, &got);
	for (int i = 0; i < OOM_FILES; i++)
		close(fds[i]);
	lim_tap(err == ENOMEM, "oom: %d files asking for more than RAM (%llu MiB) all get ENOMEM "
		"(stopped by %s after %llu MiB)", OOM_FILES, (unsigned long long)(ram >> 20),
		strerror(err), (unsigned long long)(got >> 20));
	lim_tap(got < ram, "oom: what they got (%llu MiB) is less than MemTotal",
		(unsigned long long)(got >> 20));
	lim_tap(!fz_counters_check(true), "oom: live counters zero once the files closed");
	return lim_finish();
}
