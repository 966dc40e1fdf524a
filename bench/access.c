// SPDX-License-Identifier: GPL-2.0
#include "access.h"

#include <stdlib.h>
#include <string.h>

/*
 * The SIMD variants are x86's, the non-temporal pair variants arm64's; other
 * architectures get the portable C ones.
 */
#if defined(__x86_64__)
#include <immintrin.h>
#define TARGET(x) __attribute__((target(x)))
#define X86_ONLY(fn) fn
#else
#define X86_ONLY(fn) NULL
#endif
#if defined(__aarch64__)
#define A64_ONLY(fn) fn
#else
#define A64_ONLY(fn) NULL
#endif

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

const char *access_stream_load_insn(const char *isa_name)
{
	return isa_name && !strcmp(isa_name, isa_names[ISA_A64NT]) ? "LDNP" : "MOVNTDQA";
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
#if defined(__aarch64__)
	/* LDNP/STNP are base A64: every arm64 CPU has them. */
	return isa == ISA_C || isa == ISA_A64NT;
#elif !defined(__x86_64__)
	return isa == ISA_C;
#else
	__builtin_cpu_init();
	switch (isa) {
	case ISA_C:
		return 1;
	case ISA_SSE41:
		return __builtin_cpu_supports("sse4.1");
	case ISA_AVX2:
		return __builtin_cpu_supports("avx2");
	case ISA_AVX512:
		return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw");
	default:
		return 0;
	}
#endif
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

#if defined(__x86_64__)
/* ---- SSE4.1 ---- */

TARGET("sse4.1") static uint64_t read_sse41(void *buf, void *other, size_t len, uint64_t seed)
{
	const __m128i *p = buf;
	__m128i a = _mm_cvtsi64_si128((long long)seed), b = _mm_setzero_si128();

	(void)other;
	for (size_t i = 0; i < len / 16; i += 2) {
		a = _mm_add_epi64(a, _mm_load_si128(p + i));
		b = _mm_add_epi64(b, _mm_load_si128(p + i + 1));
	}
	a = _mm_add_epi64(a, b);
	return (uint64_t)_mm_extract_epi64(a, 0) + (uint64_t)_mm_extract_epi64(a, 1);
}

TARGET("sse4.1") static uint64_t write_sse41(void *buf, void *other, size_t len, uint64_t seed)
{
	__m128i *p = buf, v = _mm_set1_epi64x((long long)seed);

	(void)other;
	for (size_t i = 0; i < len / 16; i++)
		_mm_store_si128(p + i, v);
	return seed;
}

TARGET("sse4.1") static uint64_t nt_store_sse41(void *buf, void *other, size_t len, uint64_t seed)
{
	__m128i *p = buf, v = _mm_set1_epi64x((long long)seed);

	(void)other;
	for (size_t i = 0; i < len / 16; i++)
		_mm_stream_si128(p + i, v);
	_mm_sfence();
	return seed;
}

TARGET("sse4.1") static uint64_t stream_load_sse41(void *buf, void *other, size_t len, uint64_t seed)
{
	__m128i *p = buf;
	__m128i a = _mm_cvtsi64_si128((long long)seed), b = _mm_setzero_si128();
	__m128i c = _mm_setzero_si128(), d = _mm_setzero_si128();

	(void)other;
	/* Four loads per 64-byte line: WC reads fill a streaming buffer per line. */
	for (size_t i = 0; i < len / 16; i += 4) {
		a = _mm_add_epi64(a, _mm_stream_load_si128(p + i));
		b = _mm_add_epi64(b, _mm_stream_load_si128(p + i + 1));
		c = _mm_add_epi64(c, _mm_stream_load_si128(p + i + 2));
		d = _mm_add_epi64(d, _mm_stream_load_si128(p + i + 3));
	}
	a = _mm_add_epi64(_mm_add_epi64(a, b), _mm_add_epi64(c, d));
	return (uint64_t)_mm_extract_epi64(a, 0) + (uint64_t)_mm_extract_epi64(a, 1);
}

/* ---- AVX2 ---- */

TARGET("avx2") static uint64_t fold256(__m256i v)
{
	__m128i x = _mm_add_epi64(_mm256_castsi256_si128(v), _mm256_extracti128_si256(v, 1));

	return (uint64_t)_mm_cvtsi128_si64(x) + (uint64_t)_mm_cvtsi128_si64(_mm_unpackhi_epi64(x, x));
}

TARGET("avx2") static uint64_t read_avx2(void *buf, void *other, size_t len, uint64_t seed)
{
	const __m256i *p = buf;
	__m256i a = _mm256_set_epi64x(0, 0, 0, (long long)seed), b = _mm256_setzero_si256();

	(void)other;
	for (size_t i = 0; i < len / 32; i += 2) {
		a = _mm256_add_epi64(a, _mm256_load_si256(p + i));
		b = _mm256_add_epi64(b, _mm256_load_si256(p + i + 1));
	}
	return fold256(_mm256_add_epi64(a, b));
}

TARGET("avx2") static uint64_t write_avx2(void *buf, void *other, size_t len, uint64_t seed)
{
	__m256i *p = buf, v = _mm256_set1_epi64x((long long)seed);

	(void)other;
	for (size_t i = 0; i < len / 32; i++)
		_mm256_store_si256(p + i, v);
	return seed;
}

TARGET("avx2") static uint64_t nt_store_avx2(void *buf, void *other, size_t len, uint64_t seed)
{
	__m256i *p = buf, v = _mm256_set1_epi64x((long long)seed);

	(void)other;
	for (size_t i = 0; i < len / 32; i++)
		_mm256_stream_si256(p + i, v);
	_mm_sfence();
	return seed;
}

TARGET("avx2") static uint64_t stream_load_avx2(void *buf, void *other, size_t len, uint64_t seed)
{
	__m256i *p = buf;
	__m256i a = _mm256_set_epi64x(0, 0, 0, (long long)seed), b = _mm256_setzero_si256();

	(void)other;
	for (size_t i = 0; i < len / 32; i += 2) {
		a = _mm256_add_epi64(a, _mm256_stream_load_si256(p + i));
		b = _mm256_add_epi64(b, _mm256_stream_load_si256(p + i + 1));
	}
	return fold256(_mm256_add_epi64(a, b));
}

/* ---- AVX-512 ---- */

/* Unsigned fold: _mm512_reduce_add_epi64 adds as signed, which overflows (UB). */
TARGET("avx512f,avx512bw") static uint64_t fold512(__m512i v)
{
	uint64_t lane[8] __attribute__((aligned(64)));
	uint64_t s = 0;

	_mm512_store_si512(lane, v);
	for (int i = 0; i < 8; i++)
		s += lane[i];
	return s;
}

TARGET("avx512f,avx512bw") static uint64_t read_avx512(void *buf, void *other, size_t len,
						   uint64_t seed)
{
	const __m512i *p = buf;
	__m512i a = _mm512_set_epi64(0, 0, 0, 0, 0, 0, 0, (long long)seed);

	(void)other;
	for (size_t i = 0; i < len / 64; i++)
		a = _mm512_add_epi64(a, _mm512_load_si512(p + i));
	return fold512(a);
}

TARGET("avx512f,avx512bw") static uint64_t write_avx512(void *buf, void *other, size_t len,
						    uint64_t seed)
{
	__m512i *p = buf, v = _mm512_set1_epi64((long long)seed);

	(void)other;
	for (size_t i = 0; i < len / 64; i++)
		_mm512_store_si512(p + i, v);
	return seed;
}

TARGET("avx512f,avx512bw") static uint64_t nt_store_avx512(void *buf, void *other, size_t len,
						       uint64_t seed)
{
	__m512i *p = buf, v = _mm512_set1_epi64((long long)seed);

	(void)other;
	for (size_t i = 0; i < len / 64; i++)
		_mm512_stream_si512(p + i, v);
	_mm_sfence();
	return seed;
}

TARGET("avx512f,avx512bw") static uint64_t stream_load_avx512(void *buf, void *other, size_t len,
							  uint64_t seed)
{
	__m512i *p = buf, a = _mm512_set_epi64(0, 0, 0, 0, 0, 0, 0, (long long)seed);

	(void)other;
	for (size_t i = 0; i < len / 64; i++)
		a = _mm512_add_epi64(a, _mm512_stream_load_si512(p + i));
	return fold512(a);
}

#endif /* __x86_64__ */

#if defined(__aarch64__)
/* ---- arm64: LDNP/STNP, 64 bytes per iteration (len is a multiple of 64) ---- */

/*
 * STNP hints that the line will not be reused, so it need not be allocated
 * in the cache: arm64's counterpart of MOVNTDQ.  Unlike x86 there is no
 * fence to order them; the DMB ensures they are visible before we return,
 * as the SFENCE does on x86.
 */
static uint64_t nt_store_a64(void *buf, void *other, size_t len, uint64_t seed)
{
	char *p = buf;

	(void)other;
	for (size_t i = 0; i < len; i += 64)
		__asm__ volatile("stnp %1, %1, [%0]\n\t"
				 "stnp %1, %1, [%0, #16]\n\t"
				 "stnp %1, %1, [%0, #32]\n\t"
				 "stnp %1, %1, [%0, #48]"
				 : : "r"(p + i), "r"(seed) : "memory");
	__asm__ volatile("dmb ishst" : : : "memory");
	return seed;
}

/*
 * LDNP: the non-temporal load, the closest arm64 has to MOVNTDQA.  On
 * Normal-NC (write-combined) mappings it is what a GPU driver's readback
 * path would use; the sum keeps the loads alive.
 */
static uint64_t stream_load_a64(void *buf, void *other, size_t len, uint64_t seed)
{
	const char *p = buf;
	uint64_t s0 = seed, s1 = 0;

	(void)other;
	for (size_t i = 0; i < len; i += 64) {
		uint64_t a, b, c, d, e, f, g, h;

		__asm__ volatile("ldnp %0, %1, [%8]\n\t"
				 "ldnp %2, %3, [%8, #16]\n\t"
				 "ldnp %4, %5, [%8, #32]\n\t"
				 "ldnp %6, %7, [%8, #48]"
				 : "=&r"(a), "=&r"(b), "=&r"(c), "=&r"(d),
				   "=&r"(e), "=&r"(f), "=&r"(g), "=&r"(h)
				 : "r"(p + i) : "memory");
		s0 += a + c + e + g;
		s1 += b + d + f + h;
	}
	return s0 + s1;
}
#endif /* __aarch64__ */

/* NULL: no variant on that ISA; the lookup falls back to the next lower one. */
static const access_fn kernels[ACCESS_COUNT][ISA_COUNT] = {
	[ACCESS_READ] = { read_c, X86_ONLY(read_sse41), X86_ONLY(read_avx2),
			  X86_ONLY(read_avx512) },
	[ACCESS_WRITE] = { write_c, X86_ONLY(write_sse41), X86_ONLY(write_avx2),
			   X86_ONLY(write_avx512) },
	[ACCESS_COPY_IN] = { copy_in_libc },
	[ACCESS_COPY_OUT] = { copy_out_libc },
	[ACCESS_NT_STORE] = { NULL, X86_ONLY(nt_store_sse41), X86_ONLY(nt_store_avx2),
			      X86_ONLY(nt_store_avx512), A64_ONLY(nt_store_a64) },
	[ACCESS_STREAM_LOAD] = { NULL, X86_ONLY(stream_load_sse41), X86_ONLY(stream_load_avx2),
				 X86_ONLY(stream_load_avx512), A64_ONLY(stream_load_a64) },
	[ACCESS_RANDOM] = { random_c },
};

access_fn access_kernel(enum access_pattern p, enum access_isa isa, enum access_isa *used)
{
	if (p >= ACCESS_COUNT || isa >= ISA_COUNT)
		return NULL;
	for (int i = isa; i >= 0; i--) {
		if (kernels[p][i] && access_isa_supported(i)) {
			if (used)
				*used = i;
			return kernels[p][i];
		}
	}
	return NULL;
}
