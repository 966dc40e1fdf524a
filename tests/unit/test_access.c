// SPDX-License-Identifier: GPL-2.0
/* Every access kernel on every ISA this CPU has, against plain C. */
#include "unit.h"

#include <stdlib.h>

#include "core/names.h"
#include "suites/access_kernels.h"

#define LEN	(64 * 1024 + 4096)	/* not a power of two of lines on purpose */

static uint64_t *alloc_filled(uint64_t salt)
{
	uint64_t *p = aligned_alloc(64, LEN);

	assert_non_null(p);
	for (size_t i = 0; i < LEN / 8; i++)
		p[i] = (i * 0x9e3779b97f4a7c15ULL) ^ salt;
	return p;
}

static uint64_t reference_sum(const uint64_t *p, uint64_t seed)
{
	uint64_t s = seed;

	for (size_t i = 0; i < LEN / 8; i++)
		s += p[i];
	return s;
}

static void for_each_isa(enum access_pattern pat,
			 void (*check)(access_fn f, enum access_isa isa))
{
	for (int isa = 0; isa < ISA_COUNT; isa++) {
		enum access_isa used = ISA_COUNT;
		access_fn f;

		if (!access_isa_supported(isa))
			continue;
		f = access_kernel(pat, isa, &used);
		/* nt_store and stream_load have no portable C variant. */
		if (!f) {
			assert_true(isa == ISA_C);
			continue;
		}
		assert_true(used <= (enum access_isa)isa);
		check(f, isa);
	}
}

static void check_read(access_fn f, enum access_isa isa)
{
	uint64_t *p = alloc_filled(1);

	(void)isa;
	assert_true(f(p, NULL, LEN, 77) == reference_sum(p, 77));
	free(p);
}

static void check_write(access_fn f, enum access_isa isa)
{
	uint64_t *p = alloc_filled(2);

	(void)isa;
	f(p, NULL, LEN, 0x1234);
	for (size_t i = 0; i < LEN / 8; i++)
		assert_true(p[i] == 0x1234);
	free(p);
}

static void check_copy(access_fn f, int out)
{
	uint64_t *buf = alloc_filled(3), *other = alloc_filled(4);
	uint64_t *src = out ? buf : other, *dst = out ? other : buf;
	uint64_t want = reference_sum(src, 0);

	f(buf, other, LEN, 0);
	assert_true(reference_sum(dst, 0) == want);
	free(buf);
	free(other);
}

static void check_copy_in(access_fn f, enum access_isa isa)
{
	(void)isa;
	check_copy(f, 0);
}

static void check_copy_out(access_fn f, enum access_isa isa)
{
	(void)isa;
	check_copy(f, 1);
}

static void test_read(void **state)
{
	(void)state;
	for_each_isa(ACCESS_READ, check_read);
	for_each_isa(ACCESS_STREAM_LOAD, check_read);
}

static void test_write(void **state)
{
	(void)state;
	for_each_isa(ACCESS_WRITE, check_write);
	for_each_isa(ACCESS_NT_STORE, check_write);
}

static void test_copy(void **state)
{
	(void)state;
	for_each_isa(ACCESS_COPY_IN, check_copy_in);
	for_each_isa(ACCESS_COPY_OUT, check_copy_out);
}

/*
 * Every copy candidate of the reference copy, at lengths around the line
 * size and the kernels' head/tail edges, from and to every alignment in a
 * line: the bytes arrive and nothing beside the destination is touched.
 */
#define GUARD	64
#define SPAN	(3 * 4096 + 3 * 64)

static void check_copy_at(const struct copy_kernel *k, unsigned char *src,
			  unsigned char *dst, size_t so, size_t doff, size_t len)
{
	memset(dst, 0xa5, SPAN + 2 * GUARD);
	k->copy(dst + GUARD + doff, src + so, len);
	for (size_t i = 0; i < GUARD + doff; i++)
		if (dst[i] != 0xa5)
			fail_msg("%s: byte %zu before the destination written (len %zu, src +%zu, dst +%zu)",
				 k->name, GUARD + doff - i, len, so, doff);
	if (memcmp(dst + GUARD + doff, src + so, len))
		fail_msg("%s: wrong bytes (len %zu, src +%zu, dst +%zu)", k->name, len, so, doff);
	for (size_t i = GUARD + doff + len; i < SPAN + 2 * GUARD; i++)
		if (dst[i] != 0xa5)
			fail_msg("%s: byte %zu after the destination written (len %zu, src +%zu, dst +%zu)",
				 k->name, i - (GUARD + doff + len), len, so, doff);
}

static void test_copy_kernels(void **state)
{
	static const size_t lens[] = { 0, 1, 7, 63, 64, 65, 127, 128, 129, 191, 200,
				       4095, 4096, 4097, 3 * 4096 + 1 };
	static const size_t offs[] = { 0, 1, 8, 15, 16, 31, 32, 63 };
	const struct copy_kernel *k[16];
	size_t nk = access_copy_kernels(k, 16);
	unsigned char *src = aligned_alloc(64, SPAN + 2 * GUARD);
	unsigned char *dst = aligned_alloc(64, SPAN + 2 * GUARD);

	(void)state;
	assert_non_null(src);
	assert_non_null(dst);
	for (size_t i = 0; i < SPAN + 2 * GUARD; i++)
		src[i] = (unsigned char)(i * 131 + 7);
	assert_true(nk >= 1);
	assert_string_equal(k[0]->name, "memcpy");
	for (size_t c = 0; c < nk; c++)
		for (size_t l = 0; l < sizeof(lens) / sizeof(lens[0]); l++)
			for (size_t a = 0; a < sizeof(offs) / sizeof(offs[0]); a++)
				for (size_t b = 0; b < sizeof(offs) / sizeof(offs[0]); b++)
					check_copy_at(k[c], src, dst, offs[a], offs[b], lens[l]);
	free(src);
	free(dst);
}

/* The ISA's copies are offered where the CPU runs them, never as duplicates. */
static void test_copy_kernel_list(void **state)
{
	const struct copy_kernel *k[16];
	size_t nk = access_copy_kernels(k, 16);

	(void)state;
	assert_int_equal(access_copy_kernels(k, 1), 1);
	nk = access_copy_kernels(k, 16);
	for (size_t i = 0; i < nk; i++) {
		assert_true(k[i]->usable());
		for (size_t j = 0; j < i; j++)
			assert_string_not_equal(k[i]->name, k[j]->name);
	}
#if defined(__x86_64__)
	/* SSE2 is part of x86-64: its non-temporal copy is always a candidate. */
	{
		int found = 0;

		for (size_t i = 0; i < nk; i++)
			found |= !strcmp(k[i]->name, "nt-sse2");
		assert_true(found);
	}
#elif defined(__aarch64__)
	assert_int_equal(nk, 2);
	assert_string_equal(k[1]->name, "stnp");
#endif
}

/* Random access touches lines inside the buffer only and is repeatable. */
static void test_random(void **state)
{
	size_t len = 64 * 1024;	/* power of two of lines */
	uint64_t *p = aligned_alloc(64, len);
	access_fn f = access_kernel(ACCESS_RANDOM, ISA_C, NULL);

	(void)state;
	assert_non_null(p);
	for (size_t i = 0; i < len / 8; i++)
		p[i] = i;
	assert_true(f(p, NULL, len, 5) == f(p, NULL, len, 5));
	free(p);
}

static void test_names(void **state)
{
	(void)state;
	for (int i = 0; i < ACCESS_COUNT; i++)
		assert_int_equal(access_pattern_parse(access_pattern_name(i)), i);
	assert_int_equal(access_pattern_parse("bogus"), -1);
	assert_true(access_isa_supported(ISA_C));
	assert_true(access_isa_supported(access_best_isa()));
	/* Reports name the instruction the ISA streams with. */
	assert_string_equal(isa_stream_load_insn(access_isa_name(ISA_A64NT)), "LDNP");
	assert_string_equal(isa_stream_load_insn(access_isa_name(ISA_AVX2)), "MOVNTDQA");
#if defined(__aarch64__)
	assert_int_equal(access_best_isa(), ISA_A64NT);
#endif
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_read),
		cmocka_unit_test(test_write),
		cmocka_unit_test(test_copy),
		cmocka_unit_test(test_copy_kernels),
		cmocka_unit_test(test_copy_kernel_list),
		cmocka_unit_test(test_random),
		cmocka_unit_test(test_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
