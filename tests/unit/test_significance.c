// SPDX-License-Identifier: GPL-2.0
/*
 * significance.c against known answers: the Mann-Whitney U p-values are
 * scipy 1.10's (scipy.stats.mannwhitneyu(a, b, alternative=...), method
 * "auto"), the adjusted p-values are R's p.adjust(p, "holm"/"BH") worked out
 * by hand in the comments.
 */
#include "unit.h"

#include <math.h>

#include "core/significance.h"

#define near(a, b) assert_true(fabs((a) - (b)) < 1e-12)
#define N(v) (sizeof(v) / sizeof((v)[0]))

struct mwu_case {
	const char *what;
	enum sig_alternative alt;
	double u, p;
	int exact;
};

static void check_mwu(const double *a, size_t na, const double *b, size_t nb,
		      const struct mwu_case *c, size_t ncase)
{
	for (size_t i = 0; i < ncase; i++) {
		struct mwu_result r;

		assert_int_equal(mwu_test(a, na, b, nb, c[i].alt, &r), 0);
		if (fabs(r.p - c[i].p) > 1e-12 || r.u != c[i].u ||
		    r.exact != c[i].exact)
			fail_msg("%s alt %d: U %g p %.17g exact %d, want U %g p %.17g exact %d",
				 c[i].what, c[i].alt, r.u, r.p, r.exact, c[i].u,
				 c[i].p, c[i].exact);
	}
}

/* Every a below every b: the most extreme arrangement of 5 + 5. */
static void test_mwu_exact_separated(void **state)
{
	double a[] = { 10.1, 10.3, 9.9, 10.2, 10.0 };
	double b[] = { 12.0, 12.4, 11.9, 12.2, 12.1 };
	const struct mwu_case c[] = {
		{ "two-sided", SIG_TWO_SIDED, 0, 0.007936507936507936, 1 },
		{ "greater", SIG_GREATER, 0, 0.9999999999999998, 1 },
		{ "less", SIG_LESS, 0, 0.003968253968253968, 1 },
	};

	(void)state;
	check_mwu(a, N(a), b, N(b), c, N(c));
}

static void test_mwu_exact_interleaved(void **state)
{
	double a[] = { 1, 4, 6, 9 };
	double b[] = { 2, 3, 5, 7, 8, 10 };
	const struct mwu_case c[] = {
		{ "two-sided", SIG_TWO_SIDED, 10, 0.7619047619047619, 1 },
		{ "greater", SIG_GREATER, 10, 0.6952380952380952, 1 },
		{ "less", SIG_LESS, 10, 0.38095238095238093, 1 },
	};

	(void)state;
	check_mwu(a, N(a), b, N(b), c, N(c));
}

/* Ties force the normal approximation with its tie correction. */
static void test_mwu_ties(void **state)
{
	double a[] = { 1, 2, 2, 3, 3, 3, 4, 5, 6, 7 };
	double b[] = { 2, 3, 4, 4, 5, 6, 7, 8, 8, 9, 10 };
	const struct mwu_case c[] = {
		{ "two-sided", SIG_TWO_SIDED, 25, 0.036409329456525766, 0 },
		{ "greater", SIG_GREATER, 25, 0.9847391254573133, 0 },
		{ "less", SIG_LESS, 25, 0.018204664728262883, 0 },
	};

	(void)state;
	check_mwu(a, N(a), b, N(b), c, N(c));
}

/* Both sides above 8 values: normal approximation without ties. */
static void test_mwu_large(void **state)
{
	double a[20], b[20];
	const struct mwu_case c[] = {
		{ "two-sided", SIG_TWO_SIDED, 153, 0.20845355458876536, 0 },
		{ "greater", SIG_GREATER, 153, 0.9005827548958527, 0 },
		{ "less", SIG_LESS, 153, 0.10422677729438268, 0 },
	};

	(void)state;
	for (int i = 0; i < 20; i++) {
		a[i] = i + 0.5;
		b[i] = i + 3.25;
	}
	check_mwu(a, N(a), b, N(b), c, N(c));
}

static void test_mwu_refuses(void **state)
{
	double a[] = { 1, 2 }, b[] = { 3, NAN };
	struct mwu_result r = { .p = 42 };

	(void)state;
	assert_int_equal(mwu_test(a, 0, a, 2, SIG_TWO_SIDED, &r), -1);
	assert_int_equal(mwu_test(a, 2, b, 2, SIG_TWO_SIDED, &r), -1);
	near(r.p, 42);
}

/* 1 / C(10, 5) = 1/252: what 5 repetitions a side can ever show. */
static void test_mwu_min_p(void **state)
{
	(void)state;
	assert_true(fabs(mwu_min_p(5, 5, SIG_GREATER) - 1.0 / 252) < 1e-15);
	assert_true(fabs(mwu_min_p(5, 5, SIG_TWO_SIDED) - 2.0 / 252) < 1e-15);
	assert_true(fabs(mwu_min_p(10, 10, SIG_GREATER) - 1.0 / 184756) < 1e-18);
}

/*
 * p = 0.01 0.04 0.03 0.005 0.2 (m = 5), sorted 0.005 0.01 0.03 0.04 0.2.
 * Holm: 5*.005=.025, 4*.01=.04, 3*.03=.09, max(.09, 2*.04)=.09, .2.
 * BH from the top: .2, min(.2, 5/4*.04)=.05, min(.05, 5/3*.03)=.05,
 * min(.05, 5/2*.01)=.025, min(.025, 5*.005)=.025.
 * A NaN (an op not tested) is kept as NaN and does not count in m.
 */
static void test_p_adjust(void **state)
{
	const double p[] = { 0.01, NAN, 0.04, 0.03, 0.005, 0.2 };
	const double holm[] = { 0.04, NAN, 0.09, 0.09, 0.025, 0.2 };
	const double bh[] = { 0.025, NAN, 0.05, 0.05, 0.025, 0.2 };
	double adj[N(p)];

	(void)state;
	p_adjust_holm(p, N(p), adj);
	for (size_t i = 0; i < N(p); i++)
		isnan(holm[i]) ? assert_true(isnan(adj[i])) : near(adj[i], holm[i]);
	p_adjust_bh(p, N(p), adj);
	for (size_t i = 0; i < N(p); i++)
		isnan(bh[i]) ? assert_true(isnan(adj[i])) : near(adj[i], bh[i]);
}

/* In place, and adjusted values never exceed 1. */
static void test_p_adjust_in_place(void **state)
{
	double p[] = { 0.5, 0.6, 0.9 };

	(void)state;
	p_adjust_holm(p, N(p), p);
	near(p[0], 1.0);
	near(p[1], 1.0);
	near(p[2], 1.0);
}

/*
 * 10 12 11 13 100: median 12, quartiles 11 and 13, deviations 2 0 1 1 88
 * so MAD 1 and rsd 1.4826 / 12; the outlier moves neither.
 */
static void test_rep_stats(void **state)
{
	const double v[] = { 10, 12, 11, 13, 100 };
	struct rep_stats s;

	(void)state;
	assert_int_equal(rep_stats_compute(v, N(v), &s), 0);
	assert_int_equal(s.reps, 5);
	near(s.median, 12);
	near(s.q25, 11);
	near(s.q75, 13);
	near(s.min, 10);
	near(s.max, 100);
	near(s.rsd, 1.4826 / 12);
	near(v[4], 100);	/* input untouched */
	assert_int_equal(rep_stats_compute(v, 0, &s), -1);
}

/* Constant samples: every resample's ratio is the true one. */
static void test_ratio_ci_constant(void **state)
{
	const double a[] = { 4, 4, 4, 4 }, b[] = { 5, 5, 5 };
	double lo, hi;

	(void)state;
	assert_int_equal(ratio_of_medians_ci(a, N(a), b, N(b), 500, 1, 0.95,
					     &lo, &hi), 0);
	near(lo, 1.25);
	near(hi, 1.25);
}

/* b is a scaled by 2: the interval holds 2, excludes 1, and is reproducible. */
static void test_ratio_ci_scaled(void **state)
{
	double a[15], b[15], lo, hi, lo2, hi2;

	(void)state;
	for (int i = 0; i < 15; i++) {
		a[i] = 100 + i * 3 % 7;
		b[i] = 2 * a[i];
	}
	assert_int_equal(ratio_of_medians_ci(a, 15, b, 15, 2000, 7, 0.95,
					     &lo, &hi), 0);
	assert_true(lo <= 2 && hi >= 2);
	assert_true(lo > 1.5);
	assert_int_equal(ratio_of_medians_ci(a, 15, b, 15, 2000, 7, 0.95,
					     &lo2, &hi2), 0);
	near(lo, lo2);
	near(hi, hi2);
	assert_int_equal(ratio_of_medians_ci(a, 0, b, 15, 2000, 7, 0.95,
					     &lo, &hi), -1);
}

/*
 * The gate asks "slower by more than pct?": 30 % slower clears a 5 % bar
 * with the smallest p 5 + 5 allow; 2 % slower does not.
 */
static void test_gate(void **state)
{
	const double old[] = { 100, 101, 99, 100.5, 100.2 };
	double slow[N(old)], barely[N(old)], p;

	(void)state;
	for (size_t i = 0; i < N(old); i++) {
		slow[i] = old[i] * 1.30;
		barely[i] = old[i] * 1.02;
	}
	assert_int_equal(gate_slower_p(old, N(old), slow, N(old), 5, &p), 0);
	near(p, 1.0 / 252);
	assert_int_equal(gate_slower_p(old, N(old), barely, N(old), 5, &p), 0);
	assert_true(p > 0.5);
	assert_int_equal(gate_slower_p(old, N(old), old, N(old), -1, &p), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_mwu_exact_separated),
		cmocka_unit_test(test_mwu_exact_interleaved),
		cmocka_unit_test(test_mwu_ties),
		cmocka_unit_test(test_mwu_large),
		cmocka_unit_test(test_mwu_refuses),
		cmocka_unit_test(test_mwu_min_p),
		cmocka_unit_test(test_p_adjust),
		cmocka_unit_test(test_p_adjust_in_place),
		cmocka_unit_test(test_rep_stats),
		cmocka_unit_test(test_ratio_ci_constant),
		cmocka_unit_test(test_ratio_ci_scaled),
		cmocka_unit_test(test_gate),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
