// SPDX-License-Identifier: GPL-2.0
/* x86's access kernels: SSE4.1, AVX2 and AVX-512; see access_isa.h. */
#include "suites/access_isa.h"

#include <cpuid.h>
#include <immintrin.h>
#include <string.h>

#define TARGET(x) __attribute__((target(x)))

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

/* ---- copies: the reference copy's candidates (copy_ref.h) ---- */

/*
 * rep movsb is the fastest copy on CPUs with ERMS (enhanced rep movsb) or
 * FSRM (fast short rep mov): microcode moves whole lines and, for large
 * copies, avoids reading the destination lines first.  CPUID leaf 7:
 * EBX bit 9 is ERMS, EDX bit 4 FSRM.
 */
static int fast_rep_movsb(void)
{
	unsigned int a, b, c, d;

	if (!__get_cpuid_count(7, 0, &a, &b, &c, &d))
		return 0;
	return (b & (1u << 9)) || (d & (1u << 4));
}

static void copy_rep_movsb(void *dst, const void *src, size_t len)
{
	__asm__ volatile("rep movsb" : "+D"(dst), "+S"(src), "+c"(len) : : "memory");
}

/*
 * Non-temporal stores write whole lines around the caches: beyond the
 * last-level cache they save the read-for-ownership of every destination
 * line and the eviction of the source.  The stores need a 64-byte-aligned
 * destination line, so the unaligned head and the tail go through memcpy;
 * the source is read with unaligned loads.  SFENCE orders the stores
 * before the copy counts as done.
 */
struct nt_span {
	char *d;
	const char *s;
	size_t lines;
};

/* Copy the head up to the destination's next line; false: too short for lines. */
static int nt_head(void *dst, const void *src, size_t len, struct nt_span *sp)
{
	size_t head = (64 - ((uintptr_t)dst & 63)) & 63;

	if (len < head + 64) {
		memcpy(dst, src, len);
		return 0;
	}
	memcpy(dst, src, head);
	sp->d = (char *)dst + head;
	sp->s = (const char *)src + head;
	sp->lines = (len - head) / 64;
	return 1;
}

static void nt_tail(void *dst, const void *src, size_t len, const struct nt_span *sp)
{
	size_t done = (size_t)(sp->d - (char *)dst) + sp->lines * 64;

	memcpy(sp->d + sp->lines * 64, (const char *)src + done, len - done);
}

TARGET("sse2") static void copy_nt_sse2(void *dst, const void *src, size_t len)
{
	struct nt_span sp;

	if (!nt_head(dst, src, len, &sp))
		return;
	for (size_t i = 0; i < sp.lines; i++) {
		const __m128i *s = (const __m128i *)(sp.s + i * 64);
		__m128i *d = (__m128i *)(sp.d + i * 64);
		__m128i a = _mm_loadu_si128(s), b = _mm_loadu_si128(s + 1);
		__m128i c = _mm_loadu_si128(s + 2), e = _mm_loadu_si128(s + 3);

		_mm_stream_si128(d, a);
		_mm_stream_si128(d + 1, b);
		_mm_stream_si128(d + 2, c);
		_mm_stream_si128(d + 3, e);
	}
	_mm_sfence();
	nt_tail(dst, src, len, &sp);
}

TARGET("avx2") static void copy_nt_avx2(void *dst, const void *src, size_t len)
{
	struct nt_span sp;

	if (!nt_head(dst, src, len, &sp))
		return;
	for (size_t i = 0; i < sp.lines; i++) {
		const __m256i *s = (const __m256i *)(sp.s + i * 64);
		__m256i *d = (__m256i *)(sp.d + i * 64);
		__m256i a = _mm256_loadu_si256(s), b = _mm256_loadu_si256(s + 1);

		_mm256_stream_si256(d, a);
		_mm256_stream_si256(d + 1, b);
	}
	_mm_sfence();
	nt_tail(dst, src, len, &sp);
}

TARGET("avx512f") static void copy_nt_avx512(void *dst, const void *src, size_t len)
{
	struct nt_span sp;

	if (!nt_head(dst, src, len, &sp))
		return;
	for (size_t i = 0; i < sp.lines; i++)
		_mm512_stream_si512((__m512i *)(sp.d + i * 64),
				    _mm512_loadu_si512(sp.s + i * 64));
	_mm_sfence();
	nt_tail(dst, src, len, &sp);
}

static int has_sse2(void)
{
	return 1;	/* part of x86-64 */
}

static int has_avx2(void)
{
	return access_arch_supported(ISA_AVX2);
}

static int has_avx512(void)
{
	__builtin_cpu_init();
	return __builtin_cpu_supports("avx512f");
}

const struct copy_kernel access_arch_copies[] = {
	{ "rep-movsb", copy_rep_movsb, fast_rep_movsb },
	{ "nt-sse2", copy_nt_sse2, has_sse2 },
	{ "nt-avx2", copy_nt_avx2, has_avx2 },
	{ "nt-avx512", copy_nt_avx512, has_avx512 },
};
const size_t access_arch_ncopies = sizeof(access_arch_copies) / sizeof(access_arch_copies[0]);

const access_fn access_arch_kernels[ACCESS_COUNT][ISA_COUNT] = {
	[ACCESS_READ] = { [ISA_SSE41] = read_sse41, [ISA_AVX2] = read_avx2,
			  [ISA_AVX512] = read_avx512 },
	[ACCESS_WRITE] = { [ISA_SSE41] = write_sse41, [ISA_AVX2] = write_avx2,
			   [ISA_AVX512] = write_avx512 },
	[ACCESS_NT_STORE] = { [ISA_SSE41] = nt_store_sse41, [ISA_AVX2] = nt_store_avx2,
			      [ISA_AVX512] = nt_store_avx512 },
	[ACCESS_STREAM_LOAD] = { [ISA_SSE41] = stream_load_sse41,
				 [ISA_AVX2] = stream_load_avx2,
				 [ISA_AVX512] = stream_load_avx512 },
};

int access_arch_supported(enum access_isa isa)
{
	__builtin_cpu_init();
	switch (isa) {
	case ISA_SSE41:
		return __builtin_cpu_supports("sse4.1");
	case ISA_AVX2:
		return __builtin_cpu_supports("avx2");
	case ISA_AVX512:
		return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw");
	default:
		return 0;
	}
}
