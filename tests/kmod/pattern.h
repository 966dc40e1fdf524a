/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The data pattern of DMABENCH_IOC_PATTERN, produced and checked from user
 * space through a buffer's mmap: the little-endian u64 (seed ^ offset) at
 * every 8-byte offset.  Accesses are guarded so that a mapping that raises
 * SIGSEGV or SIGBUS becomes a failed check, not a dead test program.
 */
#ifndef KMOD_TEST_PATTERN_H
#define KMOD_TEST_PATTERN_H

#include <stdbool.h>
#include <stdint.h>

#define PAT_NONE UINT64_MAX	/* first_bad when nothing differs */

struct pat_result {
	uint64_t mismatches;	/* words that differ */
	uint64_t first_bad;	/* offset of the first, or PAT_NONE */
	uint64_t first_got;	/* the word found there */
	int signal;		/* SIGSEGV/SIGBUS taken, or 0 */
	uint64_t fault_page;	/* offset of the page being accessed then */
};

/* Installs the SIGSEGV/SIGBUS handlers; call once before any access. */
void pat_guard_install(void);

/* The whole of [p, p + len). */
void pat_write(void *p, uint64_t len, uint64_t seed, struct pat_result *r);
void pat_verify(const void *p, uint64_t len, uint64_t seed, struct pat_result *r);

/* [base + from, base + from + len), words valued by their offset from @base. */
void pat_write_range(void *base, uint64_t from, uint64_t len, uint64_t seed,
		     struct pat_result *r);
void pat_verify_range(const void *base, uint64_t from, uint64_t len, uint64_t seed,
		      struct pat_result *r);

bool pat_ok(const struct pat_result *r);
/* What went wrong, for a TAP detail (thread-local buffer). */
const char *pat_describe(const struct pat_result *r);

#endif /* KMOD_TEST_PATTERN_H */
