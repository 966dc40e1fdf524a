// SPDX-License-Identifier: GPL-2.0
/*
 * How the charts look (report/chart_style.c): one colour per kind, tic
 * labels with units and one spelling of them, bars from zero, error bars
 * from the recorded spread, and the flat line of an emulator's timer.
 */
#include "unit.h"

#include <math.h>
#include <stdlib.h>

#include "report/chart_style.h"

static const char *const kinds[] = {
	"coherent", "streaming", "wc", "uc", "noncoherent", "noncontig", "userptr",
};

static void test_kind_colors(void **state)
{
	char shade[8];

	(void)state;
	for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
		const char *c = chart_kind_color(kinds[i]);

		assert_non_null(c);
		assert_int_equal(strlen(c), 7);
		assert_int_equal(chart_kind_rank(kinds[i]), i);
		/* distinct from every other kind and from the spare colours */
		for (size_t j = 0; j < i; j++)
			assert_string_not_equal(c, chart_kind_color(kinds[j]));
		for (size_t j = 0; j < 6; j++)
			assert_string_not_equal(c, chart_other_color(j));
	}
	/* the same answer every time: every chart colours a kind alike */
	assert_string_equal(chart_kind_color("wc"), chart_kind_color("wc"));
	assert_null(chart_kind_color("page iterator"));
	assert_null(chart_kind_color(NULL));
	assert_true(chart_kind_rank("zzz") >= sizeof(kinds) / sizeof(kinds[0]));
	/* shades: the first is the colour itself, later ones are lighter */
	assert_string_equal(chart_shade("#1f77b4", 0, 3, shade), "#1f77b4");
	chart_shade("#000000", 2, 3, shade);
	assert_string_equal(shade, "#999999");	/* 60 % of the way to white */
}

static void test_tic_labels(void **state)
{
	char b[32];

	(void)state;
	assert_string_equal(chart_tic_label(4096, CU_BYTES, b, sizeof(b)), "4 KiB");
	assert_string_equal(chart_tic_label(1 << 20, CU_BYTES, b, sizeof(b)), "1 MiB");
	assert_string_equal(chart_tic_label(64, CU_BYTES, b, sizeof(b)), "64 B");
	assert_string_equal(chart_tic_label(1e4, CU_NS, b, sizeof(b)), "10 us");
	assert_string_equal(chart_tic_label(1e6, CU_NS, b, sizeof(b)), "1 ms");
	assert_string_equal(chart_tic_label(1e8, CU_NS, b, sizeof(b)), "100 ms");
	assert_string_equal(chart_tic_label(500, CU_NS, b, sizeof(b)), "500 ns");
	assert_string_equal(chart_tic_label(1500, CU_NS, b, sizeof(b)), "1.5 us");
	assert_string_equal(chart_tic_label(0, CU_NS, b, sizeof(b)), "0");
	assert_string_equal(chart_tic_label(16384, CU_PLAIN, b, sizeof(b)), "16384");
	assert_string_equal(chart_tic_label(2.5, CU_GBPS, b, sizeof(b)), "2.5");
}

/* No label with gnuplot's "kiB" or an exponent (positions may have one). */
static void assert_clean_tics(const char *tics)
{
	char label[64];

	for (const char *p = strchr(tics, '"'); p; p = strchr(p + 1, '"')) {
		const char *end = strchr(p + 1, '"');

		assert_non_null(end);
		snprintf(label, sizeof(label), "%.*s", (int)(end - p - 1), p + 1);
		if (strstr(label, "kiB") || strstr(label, "e+") || strstr(label, "e-"))
			fail_msg("label %s in %s", label, tics);
		p = end;
	}
}

static size_t count(const char *s, const char *what)
{
	size_t n = 0;

	for (const char *p = strstr(s, what); p; p = strstr(p + 1, what))
		n++;
	return n;
}

static void test_log_tics(void **state)
{
	char t[1024];
	size_t n;

	(void)state;
	/* 4 KiB .. 16 MiB: 13 powers of two, every 4th drawn */
	n = chart_log_tics(4096, 16 << 20, CU_BYTES, t, sizeof(t));
	assert_string_equal(t, "(\"4 KiB\" 4096, \"64 KiB\" 65536, \"1 MiB\" 1048576, "
			    "\"16 MiB\" 16777216)");
	assert_int_equal(n, 4);
	/* a short range: every power of two */
	n = chart_log_tics(4096, 65536, CU_BYTES, t, sizeof(t));
	assert_int_equal(n, 5);
	assert_contains(t, "\"8 KiB\" 8192");
	/* 100 ns .. 10 ms: decades */
	n = chart_log_tics(100, 1e7, CU_NS, t, sizeof(t));
	assert_string_equal(t, "(\"100 ns\" 100, \"1 us\" 1000, \"10 us\" 10000, "
			    "\"100 us\" 100000, \"1 ms\" 1000000, \"10 ms\" 10000000)");
	assert_int_equal(n, 6);
	/* under two decades: 1, 2, 5 steps */
	chart_log_tics(1000, 20000, CU_NS, t, sizeof(t));
	assert_contains(t, "\"2 us\" 2000");
	assert_contains(t, "\"5 us\" 5000");
	assert_contains(t, "\"20 us\" 20000");
	/* page counts as whole numbers */
	chart_log_tics(1, 16384, CU_PLAIN, t, sizeof(t));
	assert_string_equal(t, "(\"1\" 1, \"16\" 16, \"256\" 256, \"4096\" 4096)");
	assert_clean_tics(t);
	for (double lo = 1; lo < 1e9; lo *= 7.3) {
		assert_true(chart_log_tics(lo, lo * 5000, CU_NS, t, sizeof(t)) > 0);
		assert_clean_tics(t);
		assert_true(chart_log_tics(lo, lo * 5000, CU_BYTES, t, sizeof(t)) <= 6);
		assert_clean_tics(t);
	}
	assert_int_equal(chart_log_tics(0, 100, CU_NS, t, sizeof(t)), 0);
	assert_string_equal(t, "");
	assert_int_equal(chart_log_tics(100, 10, CU_NS, t, sizeof(t)), 0);
}

static void test_lin_tics(void **state)
{
	char t[1024];

	(void)state;
	/* threads 1 and 2: whole numbers only */
	chart_lin_tics(0.7, 2.3, CU_PLAIN, t, sizeof(t));
	assert_string_equal(t, "(\"1\" 1, \"2\" 2)");
	assert_int_equal(count(t, "."), 0);
	/* 0 .. 350 ns in steps of 50 */
	assert_int_equal(chart_lin_tics(0, 350, CU_NS, t, sizeof(t)), 8);
	assert_contains(t, "\"0\" 0, \"50 ns\" 50");
	assert_contains(t, "\"350 ns\" 350");
	/* 0 .. 13 GB/s: steps of 2 */
	chart_lin_tics(0, 13, CU_GBPS, t, sizeof(t));
	assert_string_equal(t, "(\"0\" 0, \"2\" 2, \"4\" 4, \"6\" 6, \"8\" 8, \"10\" 10, "
			    "\"12\" 12)");
	assert_int_equal(chart_lin_tics(5, 5, CU_NS, t, sizeof(t)), 0);
}

static void test_bar_range(void **state)
{
	double lo, hi;

	(void)state;
	/*
	 * Bars start at 0: a 4.7x gap (2.5 vs 11.75 GB/s) stays 4.7x in bar
	 * heights, where an axis from 0.5 GB/s made it (11.75-0.5)/(2.5-0.5) = 5.6x.
	 */
	chart_bar_range(11.75, &lo, &hi);
	assert_true(lo == 0);
	assert_true(hi > 11.75 && hi < 11.75 * 1.2);
	assert_true(fabs((11.75 - lo) / (2.5 - lo) - 4.7) < 1e-9);
	chart_bar_range(NAN, &lo, &hi);
	assert_true(lo == 0 && hi == 1);
	chart_log_range(100, 1e6, &lo, &hi);
	assert_true(lo < 100 && lo > 50 && hi > 1e6 && hi < 2e6);
}

static void test_error_bars(void **state)
{
	struct rd_item it = { .stats = { .p50 = 100, .p25 = 90, .p75 = 120,
					 .ci_low = 95, .ci_high = 105 }, .gbps = 4 };
	json_t *reps = json_pack("{s:[f,f,f,f,f]}", "p50s", 80.0, 90.0, 100.0, 110.0, 200.0);
	double lo, hi;

	(void)state;
	/* within the run: the samples' quartiles */
	assert_int_equal(chart_error(&it, false, &lo, &hi), CE_IQR);
	assert_true(lo == 90 && hi == 120);
	/* GB/s is bytes over time: the slow quartile is the low bandwidth */
	assert_int_equal(chart_error(&it, true, &lo, &hi), CE_IQR);
	assert_true(fabs(lo - 4 * 100.0 / 120) < 1e-9 && fabs(hi - 4 * 100.0 / 90) < 1e-9);
	assert_true(lo < it.gbps && it.gbps < hi);
	/* repetitions decide: the quartiles of their medians */
	it.reps = reps;
	assert_int_equal(chart_error(&it, false, &lo, &hi), CE_REPS);
	assert_true(lo == 90 && hi == 110);
	it.reps = NULL;
	/* old results without quartiles: the median's interval */
	it.stats.p25 = it.stats.p75 = NAN;
	assert_int_equal(chart_error(&it, false, &lo, &hi), CE_CI);
	assert_true(lo == 95 && hi == 105);
	it.stats.ci_low = it.stats.ci_high = NAN;
	assert_int_equal(chart_error(&it, false, &lo, &hi), CE_NONE);
	assert_true(lo == 100 && hi == 100);
	assert_contains(chart_error_words(CE_IQR), "p25..p75");
	json_decref(reps);
}

static void test_flat_timer(void **state)
{
	/* edu under TCG: 64 B and 4095 B both take ~100 ms */
	const double edu_x[] = { 64, 4095 }, edu_y[] = { 99598951, 100768100 };
	/* a real transfer: time grows with size */
	const double real_x[] = { 64, 4096, 65536 }, real_y[] = { 900, 2100, 21000 };
	/* flat, but over a 4x span only: too short to tell */
	const double short_x[] = { 1024, 4096 }, short_y[] = { 100, 101 };
	const double zero_y[] = { 0, 0 };

	(void)state;
	assert_true(chart_flat(edu_x, edu_y, 2));
	assert_false(chart_flat(real_x, real_y, 3));
	assert_false(chart_flat(short_x, short_y, 2));
	assert_false(chart_flat(edu_x, zero_y, 2));
	assert_false(chart_flat(edu_x, edu_y, 1));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_kind_colors),
		cmocka_unit_test(test_tic_labels),
		cmocka_unit_test(test_log_tics),
		cmocka_unit_test(test_lin_tics),
		cmocka_unit_test(test_bar_range),
		cmocka_unit_test(test_error_bars),
		cmocka_unit_test(test_flat_timer),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
