// SPDX-License-Identifier: GPL-2.0
/* x86's access kernels: SSE4.1, AVX2 and AVX-512; see access_isa.h. */
#include "suites/access_isa.h"

#include <immintrin.h>

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
