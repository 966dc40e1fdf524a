/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The access patterns and instruction sets, and what each ISA's file
 * (access_kernels_x86.c, access_kernels_arm64.c, access_kernels_generic.c:
 * the Makefile builds the target's one) gives access_kernels.c.
 */
#ifndef DMABENCH_ACCESS_ISA_H
#define DMABENCH_ACCESS_ISA_H

#include <stddef.h>
#include <stdint.h>

enum access_pattern {
	ACCESS_READ,		/* sum of every 64-bit word */
	ACCESS_WRITE,		/* store a value to every word */
	ACCESS_COPY_IN,		/* cached source -> mapping */
	ACCESS_COPY_OUT,	/* mapping -> cached destination */
	ACCESS_NT_STORE,	/* non-temporal stores to the mapping */
	ACCESS_STREAM_LOAD,	/* MOVNTDQA (x86) or LDNP (arm64) loads from the mapping */
	ACCESS_RANDOM,		/* dependent 64-byte reads in random order */
	ACCESS_COUNT
};

enum access_isa {
	ISA_C,		/* portable C */
	ISA_SSE41,
	ISA_AVX2,
	ISA_AVX512,
	ISA_A64NT,	/* arm64 LDNP/STNP: the A64 non-temporal pair accesses */
	ISA_COUNT
};

/*
 * Run @pattern over @len bytes of @buf (64-byte aligned, len a multiple of
 * 64).  @other is the cached peer buffer for the copies (same length).
 * Returns a value derived from what was read so the compiler cannot drop
 * the loads.
 */
typedef uint64_t (*access_fn)(void *buf, void *other, size_t len, uint64_t seed);

/* The ISA's kernels by pattern and ISA; NULL where the ISA has none. */
extern const access_fn access_arch_kernels[ACCESS_COUNT][ISA_COUNT];

/* Whether this CPU runs @isa (never asked for ISA_C). */
int access_arch_supported(enum access_isa isa);

/*
 * A whole copy, any length and alignment (like memcpy: no overlap): the
 * candidates for the reference copy (copy_ref.h), the fastest of which
 * every "% of a copy" sentence is measured against.
 */
typedef void (*copy_fn)(void *dst, const void *src, size_t len);

struct copy_kernel {
	const char *name;	/* "memcpy", "rep-movsb", "nt-avx2", ... */
	copy_fn copy;
	int (*usable)(void);	/* this CPU runs it */
};

/* The ISA's own copies (glibc memcpy is the portable one, access_kernels.c). */
extern const struct copy_kernel access_arch_copies[];
extern const size_t access_arch_ncopies;

#endif /* DMABENCH_ACCESS_ISA_H */
