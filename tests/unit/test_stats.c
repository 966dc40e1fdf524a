// SPDX-License-Identifier: GPL-2.0
/* stats.c against values worked out by hand. */
#include "unit.h"

#include <math.h>
#include <string.h>

#include "core/stats.h"

#define near(a, b) assert_true(fabs((a) - (b)) < 1e-9)

static void test_empty(void **state)
{
	struct stats s;

	(void)state;
	stats_compute(NULL, 0, &s);
	assert_int_equal(s.n, 0);
	near(s.p50, 0.0);
}

static void test_single(void **state)
{
	double v[] = { 42.0 };
	struct stats s;

	(void)state;
	stats_compute(v, 1, &s);
	assert_int_equal(s.n, 1);
	near(s.min, 42.0);
	near(s.max, 42.0);
	near(s.p50, 42.0);
	near(s.stddev, 0.0);
	near(s.ci_low, 42.0);
	near(s.ci_high, 42.0);
}

/* 1..10 unsorted: p50 5.5, p90 9.1, mean 5.5, sample stddev sqrt(55/6). */
static void test_one_to_ten(void **state)
{
	double v[] = { 7, 3, 10, 1, 5, 9, 2, 8, 4, 6 };
	struct stats s;

	(void)state;
	stats_compute(v, 10, &s);
	assert_int_equal(s.n, 10);
	near(s.min, 1.0);
	near(s.max, 10.0);
	near(s.p50, 5.5);
	near(s.p90, 9.1);
	near(s.p99, 9.91);
	near(s.mean, 5.5);
	near(s.stddev, sqrt(55.0 / 6.0));
	/* ranks floor(5 - 3.099) = 1 and ceil(5 + 3.099) + 1 = 10 */
	near(s.ci_low, 1.0);
	near(s.ci_high, 10.0);
	/* sorted in place */
	for (int i = 0; i < 10; i++)
		near(v[i], i + 1.0);
}

/* n = 100: ranks floor(50 - 9.8) = 40 and ceil(50 + 9.8) + 1 = 61. */
static void test_median_ci_ranks(void **state)
{
	double v[100];
	double lo, hi;

	(void)state;
	for (int i = 0; i < 100; i++)
		v[i] = i + 1.0;
	stats_median_ci(v, 100, &lo, &hi);
	near(lo, 40.0);
	near(hi, 61.0);
	assert_true(lo <= stats_quantile(v, 100, 0.5));
	assert_true(hi >= stats_quantile(v, 100, 0.5));
}

/* An outlier moves the mean and max, not the median: outliers are kept. */
static void test_outlier_kept(void **state)
{
	double v[] = { 100, 100, 100, 100, 100, 100, 100, 100, 100, 10000 };
	struct stats s;

	(void)state;
	stats_compute(v, 10, &s);
	near(s.p50, 100.0);
	near(s.max, 10000.0);
	near(s.mean, 1090.0);
}

static void test_quantile_bounds(void **state)
{
	double v[] = { 1, 2, 3 };

	(void)state;
	near(stats_quantile(v, 3, -1.0), 1.0);
	near(stats_quantile(v, 3, 0.0), 1.0);
	near(stats_quantile(v, 3, 0.25), 1.5);
	near(stats_quantile(v, 3, 1.0), 3.0);
	near(stats_quantile(v, 3, 2.0), 3.0);
}

/* stats_of: the same figures as stats_compute, and the input left in its order. */
static void test_stats_of_keeps_order(void **state)
{
	const double v[] = { 7, 3, 10, 1, 5, 9, 2, 8, 4, 6 };
	double sorted[10];
	struct stats a, b;

	(void)state;
	memcpy(sorted, v, sizeof(v));
	stats_compute(sorted, 10, &a);
	assert_int_equal(stats_of(v, 10, &b), 0);
	assert_memory_equal(&a, &b, sizeof(a));
	near(v[0], 7.0);
	near(v[9], 6.0);
	assert_int_equal(stats_of(v, 0, &b), 0);
	assert_int_equal(b.n, 0);
}

/* sample_log grows past its first allocation and keeps every value in order. */
static void test_sample_log(void **state)
{
	struct sample_log l = { 0 };

	(void)state;
	for (int i = 0; i < 1000; i++)
		assert_int_equal(sample_log_push(&l, i * 0.5), 0);
	assert_int_equal(l.n, 1000);
	assert_true(l.cap >= 1000);
	near(l.v[0], 0.0);
	near(l.v[999], 499.5);
	stats_sort(l.v, l.n);
	near(l.v[1], 0.5);
	sample_log_free(&l);
	assert_null(l.v);
	assert_int_equal(l.n, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_single),
		cmocka_unit_test(test_one_to_ten),
		cmocka_unit_test(test_median_ci_ranks),
		cmocka_unit_test(test_outlier_kept),
		cmocka_unit_test(test_quantile_bounds),
		cmocka_unit_test(test_stats_of_keeps_order),
		cmocka_unit_test(test_sample_log),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
