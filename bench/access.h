/* SPDX-License-Identifier: GPL-2.0 */
/*
 * User-side access kernels: how fast the CPU reads, writes and copies
 * through a mapping.  Each pattern has variants per instruction set; the
 * best the CPU supports is picked at run time and named in the result,
 * because WC/UC reads only recover with streaming loads (MOVNTDQA on x86,
 * LDNP on arm64).
 */
#ifndef DMABENCH_ACCESS_H
#define DMABENCH_ACCESS_H

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

const char *access_pattern_name(enum access_pattern p);
const char *access_isa_name(enum access_isa isa);
int access_pattern_parse(const char *name);

/* The streaming-load instruction an ISA (by name, as in results) uses. */
const char *access_stream_load_insn(const char *isa_name);

/* The best ISA this CPU supports (honours DMABENCH_ISA=c|sse4.1|avx2|avx512). */
enum access_isa access_best_isa(void);
int access_isa_supported(enum access_isa isa);

/* The kernel for @pattern on @isa, falling back to the nearest lower ISA. */
access_fn access_kernel(enum access_pattern p, enum access_isa isa, enum access_isa *used);

#endif
