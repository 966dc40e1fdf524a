/* SPDX-License-Identifier: GPL-2.0 */
/*
 * User-side access kernels: how fast the CPU reads, writes and copies
 * through a mapping.  Each pattern has variants per instruction set; the
 * best the CPU supports is picked at run time and named in the result,
 * because WC/UC reads only recover with streaming loads (MOVNTDQA on x86,
 * LDNP on arm64).
 */
#ifndef DMABENCH_ACCESS_KERNELS_H
#define DMABENCH_ACCESS_KERNELS_H

#include "suites/access_isa.h"

const char *access_pattern_name(enum access_pattern p);
const char *access_isa_name(enum access_isa isa);
int access_pattern_parse(const char *name);

/* The best ISA this CPU supports (honours DMABENCH_ISA=c|sse4.1|avx2|avx512). */
enum access_isa access_best_isa(void);
int access_isa_supported(enum access_isa isa);

/* The kernel for @pattern on @isa, falling back to the nearest lower ISA. */
access_fn access_kernel(enum access_pattern p, enum access_isa isa, enum access_isa *used);

/*
 * The copies this CPU runs, glibc memcpy first: up to @max into @out.
 * Returns how many.
 */
size_t access_copy_kernels(const struct copy_kernel **out, size_t max);

#endif
