// SPDX-License-Identifier: GPL-2.0
#include "suites/access_kernels.h"

#include <stdlib.h>
#include <string.h>

/*
 * The SIMD variants are x86's (access_kernels_x86.c), the non-temporal pair
 * variants arm64's (access_kernels_arm64.c); other architectures get the
 * portable C ones.
 */

static const char *const pattern_names[ACCESS_COUNT] = {
	[ACCESS_READ] = "read",
	[ACCESS_WRITE] = "write",
	[ACCESS_COPY_IN] = "copy_in",
	[ACCESS_COPY_OUT] = "copy_out",
	[ACCESS_NT_STORE] = "nt_store",
	[ACCESS_STREAM_LOAD] = "stream_load",
	[ACCESS_RANDOM] = "random64",
};

static const char *const isa_names[ISA_COUNT] = {
	[ISA_C] = "c", [ISA_SSE41] = "sse4.1", [ISA_AVX2] = "avx2", [ISA_AVX512] = "avx512",
	[ISA_A64NT] = "a64-nt",
};

const char *access_pattern_name(enum access_pattern p)
{
	return p < ACCESS_COUNT ? pattern_names[p] : "?";
}

const char *access_isa_name(enum access_isa isa)
{
	return isa < ISA_COUNT ? isa_names[isa] : "?";
}

int access_pattern_parse(const char *name)
{
	for (int i = 0; i < ACCESS_COUNT; i++)
		if (!strcmp(name, pattern_names[i]))
			return i;
	return -1;
}

int access_isa_supported(enum access_isa isa)
{
	if (isa == ISA_C)
		return 1;
	return isa < ISA_COUNT && access_arch_supported(isa);
}

enum access_isa access_best_isa(void)
{
	const char *force = getenv("DMABENCH_ISA");

	if (force)
		for (int i = 0; i < ISA_COUNT; i++)
			if (!strcmp(force, isa_names[i]) && access_isa_supported(i))
				return i;
	for (int i = ISA_COUNT - 1; i > ISA_C; i--)
		if (access_isa_supported(i))
			return i;
	return ISA_C;
}

/* ---- portable C ---- */

static uint64_t read_c(void *buf, void *other, size_t len, uint64_t seed)
{
	const volatile uint64_t *p = buf;
	uint64_t s0 = seed, s1 = 0, s2 = 0, s3 = 0;

	(void)other;
	for (size_t i = 0; i < len / 8; i += 4) {
		s0 += p[i];
		s1 += p[i + 1];
		s2 += p[i + 2];
		s3 += p[i + 3];
	}
	return s0 + s1 + s2 + s3;
}

static uint64_t write_c(void *buf, void *other, size_t len, uint64_t seed)
{
	volatile uint64_t *p = buf;

	(void)other;
	for (size_t i = 0; i < len / 8; i++)
		p[i] = seed;
	return seed;
}

/* glibc's memcpy is what programs use; it is the honest copy reference. */
static uint64_t copy_in_libc(void *buf, void *other, size_t len, uint64_t seed)
{
	memcpy(buf, other, len);
	return seed ^ ((uint64_t *)buf)[0];
}

static uint64_t copy_out_libc(void *buf, void *other, size_t len, uint64_t seed)
{
	memcpy(other, buf, len);
	return seed ^ ((uint64_t *)other)[0];
}

/*
 * Dependent reads in a random cache-line order: the next line's index comes
 * from an LCG mixed with what was just read, so prefetchers cannot follow
 * and the loads cannot overlap.  The line count must be a power of two.
 */
static uint64_t random_c(void *buf, void *other, size_t len, uint64_t seed)
{
	const volatile uint64_t *p = buf;
	size_t lines = len / 64, mask = lines - 1, idx = seed & mask;
	uint64_t acc = seed, x = seed | 1;

	(void)other;
	for (size_t i = 0; i < lines; i++) {
		acc += p[idx * 8];
		x = x * 6364136223846793005ULL + 1442695040888963407ULL;
		idx = ((x >> 17) ^ (acc & 1)) & mask;
	}
	return acc;
}
/* What programs call: the first copy candidate, and the tie winner. */
static void copy_memcpy(void *dst, const void *src, size_t len)
{
	memcpy(dst, src, len);
}

static int always(void)
{
	return 1;
}

static const struct copy_kernel portable_copy = { "memcpy", copy_memcpy, always };

size_t access_copy_kernels(const struct copy_kernel **out, size_t max)
{
	size_t n = 0;

	if (n < max)
		out[n++] = &portable_copy;
	for (size_t i = 0; i < access_arch_ncopies && n < max; i++)
		if (access_arch_copies[i].usable())
			out[n++] = &access_arch_copies[i];
	return n;
}

/* The portable kernels; NULL where only an ISA's variant exists. */
static const access_fn portable_kernels[ACCESS_COUNT] = {
	[ACCESS_READ] = read_c,
	[ACCESS_WRITE] = write_c,
	[ACCESS_COPY_IN] = copy_in_libc,
	[ACCESS_COPY_OUT] = copy_out_libc,
	[ACCESS_RANDOM] = random_c,
};

static access_fn kernel_at(enum access_pattern p, int isa)
{
	return isa == ISA_C ? portable_kernels[p] : access_arch_kernels[p][isa];
}

/* NULL: no variant on that ISA; the lookup falls back to the next lower one. */
access_fn access_kernel(enum access_pattern p, enum access_isa isa, enum access_isa *used)
{
	if (p >= ACCESS_COUNT || isa >= ISA_COUNT)
		return NULL;
	for (int i = isa; i >= 0; i--) {
		if (kernel_at(p, i) && access_isa_supported(i)) {
			if (used)
				*used = i;
			return kernel_at(p, i);
		}
	}
	return NULL;
}
