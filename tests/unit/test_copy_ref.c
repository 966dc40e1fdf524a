// SPDX-License-Identifier: GPL-2.0
/* The reference copy's chooser: the fastest measured candidate, recorded. */
#include "unit.h"

#include <math.h>
#include <stdlib.h>

#include "suites/copy_ref.h"

static void dummy_copy(void *dst, const void *src, size_t len)
{
	memcpy(dst, src, len);
}

static int yes(void)
{
	return 1;
}

static const struct copy_kernel kmem = { "memcpy", dummy_copy, yes };
static const struct copy_kernel kmovsb = { "rep-movsb", dummy_copy, yes };
static const struct copy_kernel knt = { "nt-avx2", dummy_copy, yes };

static void test_fastest(void **state)
{
	struct copy_trial t[3] = { { &kmem, 7.0 }, { &kmovsb, 10.5 }, { &knt, 9.9 } };

	(void)state;
	assert_int_equal(copy_ref_fastest(t, 3), 1);
	t[2].gbps = 11;
	assert_int_equal(copy_ref_fastest(t, 3), 2);
	/* A tie goes to the earlier candidate (memcpy first). */
	t[0].gbps = 11;
	assert_int_equal(copy_ref_fastest(t, 3), 0);
	/* Unmeasured or broken timings never win. */
	t[0].gbps = NAN;
	t[1].gbps = 0;
	t[2].gbps = -1;
	assert_int_equal(copy_ref_fastest(t, 3), -1);
	t[1].gbps = 0.5;
	assert_int_equal(copy_ref_fastest(t, 3), 1);
	assert_int_equal(copy_ref_fastest(t, 0), -1);
}

/* Two sizes, two winners: both recorded with every candidate's rate. */
static void test_record(void **state)
{
	struct copy_choice a = { .size = 65536, .n = 2, .winner = 1,
				 .trial = { { &kmem, 20 }, { &kmovsb, 25 } } };
	struct copy_choice b = { .size = 64 << 20, .n = 3, .winner = 2,
				 .trial = { { &kmem, 7 }, { &kmovsb, 7.5 }, { &knt, 10 } } };
	json_t *method = json_object(), *ref, *sizes, *s1;

	(void)state;
	assert_int_equal(copy_ref_record(method, &a), 0);
	assert_int_equal(copy_ref_record(method, &b), 0);
	ref = json_object_get(method, "reference_copy");
	assert_non_null(ref);
	assert_string_equal(json_string_value(json_object_get(ref, "bytes_counted")), "once");
	sizes = json_object_get(ref, "sizes");
	assert_int_equal(json_array_size(sizes), 2);
	s1 = json_array_get(sizes, 1);
	assert_int_equal(json_integer_value(json_object_get(s1, "size")), 64 << 20);
	assert_string_equal(json_string_value(json_object_get(s1, "winner")), "nt-avx2");
	assert_true(json_real_value(json_object_get(s1, "gbps")) == 10);
	assert_true(json_real_value(json_object_get(json_object_get(s1, "candidates"),
						    "rep-movsb")) == 7.5);
	assert_string_equal(json_string_value(json_object_get(json_array_get(sizes, 0),
							      "winner")), "rep-movsb");
	json_decref(method);
}

/* The real chooser on this CPU: every candidate timed, the winner the fastest. */
static void test_choose_here(void **state)
{
	size_t len = 256 * 1024;
	char *src = aligned_alloc(64, len), *dst = aligned_alloc(64, len);
	struct copy_choice c;
	const struct copy_kernel *k;

	(void)state;
	assert_non_null(src);
	assert_non_null(dst);
	memset(src, 0x5a, len);
	k = copy_ref_choose(dst, src, len, &c);
	assert_non_null(k);
	assert_true(c.n >= 1);
	assert_int_equal(c.size, len);
	assert_ptr_equal(c.trial[c.winner].k, k);
	for (size_t i = 0; i < c.n; i++)
		assert_true(c.trial[i].gbps <= c.trial[c.winner].gbps);
	assert_memory_equal(dst, src, len);
	free(src);
	free(dst);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fastest),
		cmocka_unit_test(test_record),
		cmocka_unit_test(test_choose_here),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
