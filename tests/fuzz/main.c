// SPDX-License-Identifier: GPL-2.0
/*
 * dmabench_fuzz: drives /dev/dmabench with random and boundary values in
 * every field of every command, random orders of alloc/map/sync/move/free/
 * mmap/munmap/close, several threads and processes on one file, fork with
 * live mappings and SIGKILL at random points.  Seeded and reproducible per
 * thread (the interleaving of threads is up to the scheduler); the seed is
 * the first line printed.  Errors the fuzzing provokes are expected; it fails
 * on an errno a command does not document, a crash of its own, data that
 * PATTERN or a mapping reads back wrong, or live counters not back to zero
 * after a round.  Output is TAP; failures are explained on stderr.
 *
 *   dmabench_fuzz [--ops N] [--seed S] [--threads T] [--procs P] [--round-ops R] [-v]
 *   dmabench_fuzz --counters      live counters from a fresh open; 0 when all zero
 *   dmabench_fuzz --cap-check     the byte cap (module loaded with a small max_bytes), TAP
 *   dmabench_fuzz --kill-check    SIGKILL during long BENCH samples ends them promptly, TAP
 *   dmabench_fuzz --oom-check     many files past RAM get ENOMEM (max_bytes above RAM), TAP
 *   dmabench_fuzz --open-check    opening must fail with EACCES (run as a user)
 *   dmabench_fuzz --as-uid UID -- CMD [ARGS...]   run CMD as UID (and its gid)
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include "fuzz.h"

struct fz_config fz_cfg = {
	.ops = 20000,
	.threads = 2,
	.procs = 2,
	.round_ops = 1500,
};
struct fz_shared *fz_stats;
struct dmabench_info fz_info;

static void usage(void)
{
	fprintf(stderr, "usage: dmabench_fuzz [--ops N] [--seed S] [--threads T] [--procs P] "
		"[--round-ops R] [-v]\n"
		"       dmabench_fuzz --counters | --cap-check | --kill-check | --oom-check |"
		" --open-check\n"
		"       dmabench_fuzz --as-uid UID -- CMD [ARGS...]\n");
	exit(2);
}

static uint64_t number(const char *s, uint64_t min, uint64_t max)
{
	char *end;
	unsigned long long v;

	errno = 0;
	v = strtoull(s, &end, 0);
	if (errno || end == s || *end || v < min || v > max) {
		fprintf(stderr, "dmabench_fuzz: bad number '%s' (%" PRIu64 "..%" PRIu64 ")\n", s,
			min, max);
		exit(2);
	}
	return v;
}

static uint64_t default_seed(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (uint64_t)ts.tv_sec * 1000000007ULL ^ (uint64_t)ts.tv_nsec ^
	       ((uint64_t)getpid() << 32);
}

static int load_info(void)
{
	int fd = open(DMABENCH_DEVICE_PATH, O_RDWR), err;

	if (fd < 0) {
		printf("not ok 1 - fuzz: open %s: %s\n1..1\n", DMABENCH_DEVICE_PATH,
		       strerror(errno));
		return 1;
	}
	err = fz_ioctl(fd, DMABENCH_IOC_GET_INFO, &fz_info);
	close(fd);
	if (err || fz_info.page_size < 4096) {
		printf("not ok 1 - fuzz: GET_INFO: %s\n1..1\n", strerror(err));
		return 1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	bool seeded = false;

	setvbuf(stdout, NULL, _IOLBF, 0);
	fz_stats = mmap(NULL, sizeof(*fz_stats), PROT_READ | PROT_WRITE,
			MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (fz_stats == MAP_FAILED)
		return 2;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (!strcmp(a, "--counters"))
			return fz_counters_check(true);
		if (!strcmp(a, "--cap-check"))
			return load_info() ? 1 : fz_cap_check();
		if (!strcmp(a, "--kill-check"))
			return load_info() ? 1 : fz_kill_check();
		if (!strcmp(a, "--oom-check"))
			return load_info() ? 1 : fz_oom_check();
		if (!strcmp(a, "--open-check"))
			return fz_open_check();
		if (!strcmp(a, "--as-uid") && i + 3 < argc && !strcmp(argv[i + 2], "--"))
			return fz_drop_to((uid_t)number(argv[i + 1], 1, 65535), argv + i + 3);
		if (!strcmp(a, "-v")) {
			fz_cfg.verbose = true;
			continue;
		}
		if (i + 1 >= argc)
			usage();
		if (!strcmp(a, "--ops"))
			fz_cfg.ops = number(argv[++i], 1, UINT64_MAX / 2);
		else if (!strcmp(a, "--seed"))
			fz_cfg.seed = number(argv[++i], 0, UINT64_MAX), seeded = true;
		else if (!strcmp(a, "--threads"))
			fz_cfg.threads = (unsigned int)number(argv[++i], 1, 64);
		else if (!strcmp(a, "--procs"))
			fz_cfg.procs = (unsigned int)number(argv[++i], 1, 64);
		else if (!strcmp(a, "--round-ops"))
			fz_cfg.round_ops = (unsigned int)number(argv[++i], 1, 1U << 30);
		else
			usage();
	}
	if (!seeded)
		fz_cfg.seed = default_seed();
	printf("# dmabench_fuzz: seed %" PRIu64 " (rerun: dmabench_fuzz --seed %" PRIu64
	       " --ops %" PRIu64 " --threads %u --procs %u)\n", fz_cfg.seed, fz_cfg.seed,
	       fz_cfg.ops, fz_cfg.threads, fz_cfg.procs);
	if (load_info())
		return 1;
	return fz_run() ? 1 : 0;
}
