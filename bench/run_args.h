/* SPDX-License-Identifier: GPL-2.0 */
/*
 * `dmabench run` options -> struct run_opts (suite.h).  Pure apart from
 * getopt's globals: every failure is one sentence in a caller's buffer, so
 * the unit tests check each message without spawning the binary.
 */
#ifndef DMABENCH_RUN_ARGS_H
#define DMABENCH_RUN_ARGS_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "suites/suite.h"

/* Smallest and largest size a run accepts: a page .. 64 GiB. */
#define RUN_SIZE_MIN	4096ULL
#define RUN_SIZE_MAX	(64ULL << 30)

/* Most repetitions --repeat accepts. */
#define RUN_REPEAT_MAX	1000

enum run_args_status {
	RUN_ARGS_OK = 0,
	RUN_ARGS_HELP = 1,	/* --help was printed; exit 0 */
	RUN_ARGS_BAD = -1,	/* @err holds the sentence; exit 2 */
};

/* Defaults: quick suite, every kind, dirs to+from, platform chooses the rest. */
void run_opts_default(struct run_opts *o);

/* Parse argv (argv[0] = "run"); --help prints usage to stdout. */
enum run_args_status run_args_parse(int argc, char **argv, struct run_opts *o,
				    char *err, size_t errlen);

void run_usage(FILE *f);

/* "4K", "64M", "1G", "4096": a power of two in range. 0 or -EINVAL. */
int parse_size(const char *s, uint64_t *out);

/* "4K-64M" or a single size; lo <= hi. 0 or -EINVAL. */
int parse_size_range(const char *s, uint64_t *lo, uint64_t *hi);

/* "coherent,wc": bit per enum dmabench_kind. 0 or -EINVAL. */
int parse_kind_list(const char *s, uint32_t *mask);

/* "to,from,bidi" (or the kernel's names): bit per enum dmabench_dir. */
int parse_dir_list(const char *s, uint32_t *mask);

/* The short direction names results.json uses: "to", "from", "bidi". */

#endif /* DMABENCH_RUN_ARGS_H */
