// SPDX-License-Identifier: GPL-2.0
/*
 * The noise rule (report/noise.c) and the query layer it stands on
 * (results/query.c: the spread of a row, the floor-aware figure, the LLC):
 * known answers worked out by hand in the comments.
 */
#include "unit.h"

#include <math.h>
#include <stdlib.h>

#include "report/noise.h"

static void near(double got, double want)
{
	if (fabs(got - want) > 1e-9 * fabs(want) + 1e-12)
		fail_msg("got %.12g, want %.12g", got, want);
}

static struct rd_spread within(double rel)
{
	return (struct rd_spread){ .rel = rel, .source = RD_SPREAD_WITHIN };
}

static void test_threshold(void **state)
{
	struct rd_spread none = { .rel = NAN };
	struct noise_cmp c;

	(void)state;
	/* no spread recorded: the 5 % minimum alone; 4 % is inside it */
	noise_compare(104, none, 100, none, &c);
	near(c.threshold, 0.05);
	assert_int_equal(c.sign, 0);
	assert_int_equal(c.spread.source, RD_SPREAD_NONE);
	noise_compare(106, none, 100, none, &c);
	assert_int_equal(c.sign, 1);
	/* 3 % and 4 %: combined 5 %, twice that 10 %: 9 % is noise, 11 % is not */
	noise_compare(100, within(0.03), 109, within(0.04), &c);
	near(c.threshold, 0.10);
	assert_int_equal(c.sign, 0);
	noise_compare(100, within(0.03), 111, within(0.04), &c);
	assert_int_equal(c.sign, -1);
	near(c.diff, -0.11);
	/* symmetric: a/b and b/a give the same magnitude */
	noise_compare(111, within(0.04), 100, within(0.03), &c);
	near(c.diff, 0.11);
	assert_int_equal(c.sign, 1);
	/* nothing to compare */
	noise_compare(NAN, none, 100, none, &c);
	assert_int_equal(c.sign, 0);
	noise_compare(0, none, 100, none, &c);
	assert_int_equal(c.sign, 0);
}

static void test_sum_and_words(void **state)
{
	struct rd_spread reps = { .rel = 0.1, .source = RD_SPREAD_REPS, .reps = 5 };
	struct rd_spread reps3 = { .rel = 0.1, .source = RD_SPREAD_REPS, .reps = 3 };
	struct noise_cmp c;
	char buf[160];

	(void)state;
	/* 300 +- 10 % and 400 +- 10 %: sqrt(30^2 + 40^2) / 700 = 50 / 700 */
	near(rd_spread_sum(300, reps, 400, reps).rel, 50.0 / 700.0);
	/* repetitions on both sides: the fewer stand */
	noise_compare(100, reps, 200, reps3, &c);
	assert_int_equal(c.spread.source, RD_SPREAD_REPS);
	assert_int_equal(c.spread.reps, 3);
	assert_string_equal(noise_source_words(&c, buf, sizeof(buf)),
			    "14.1 % spread across 3 repetitions");
	/* one side within-run only: the comparison is within-run */
	noise_compare(100, reps, 104, within(0.02), &c);
	assert_int_equal(c.spread.source, RD_SPREAD_WITHIN);
	assert_string_equal(noise_no_difference(&c, buf, sizeof(buf)),
			    "no measurable difference at this noise (20.4 %: 10.2 % "
			    "within-run spread, no repetitions)");
}

/* A run from rows of (test, op, batch, p50, p25, p75), floor 54 ns, L3 16 MiB. */
static void load(struct rd_run *run, json_t *rows)
{
	char why[256];
	json_t *doc = json_pack("{s:s, s:{s:{s:{s:I}}}, s:{s:i, s:f}, s:o}",
				"schema", "dmabench/1",
				"platform", "topology", "caches", "l3", (json_int_t)(16 << 20),
				"floor", "n", 300, "p50", 54.0, "results", rows);

	assert_non_null(doc);
	assert_int_equal(rd_from_json(doc, "t", run, why, sizeof(why)), 0);
}

static json_t *row(const char *op, unsigned int batch, double p50, double p25, double p75)
{
	json_t *r = json_pack("{s:s, s:s, s:s, s:i, s:s, s:s, s:i, s:{s:i, s:f}}",
			      "test", "sync", "kind", "streaming", "op", op, "size", 4096,
			      "dir", "to", "cache", "hot", "batch", (int)batch,
			      "stats", "n", 200, "p50", p50);

	assert_non_null(r);
	if (isfinite(p25)) {
		json_object_set_new(json_object_get(r, "stats"), "p25", json_real(p25));
		json_object_set_new(json_object_get(r, "stats"), "p75", json_real(p75));
	}
	return r;
}

static void test_spread_of(void **state)
{
	json_t *rows = json_array();
	json_t *reps3, *reps5;
	struct rd_run run;
	struct rd_spread s;

	(void)state;
	json_array_append_new(rows, row("a", 1, 200, 190, 230));
	json_array_append_new(rows, row("b", 1, 200, NAN, NAN));
	reps3 = row("c", 1, 200, 190, 230);
	json_object_set_new(reps3, "reps", json_pack("{s:[f,f,f]}", "p50s",
							      100.0, 120.0, 110.0));
	json_array_append_new(rows, reps3);
	reps5 = row("d", 1, 200, 190, 230);
	json_object_set_new(reps5, "reps", json_pack("{s:[f,f,f,f,f]}", "p50s",
						    100.0, 104.0, 101.0, 150.0, 102.0));
	json_array_append_new(rows, reps5);
	load(&run, rows);
	/* within: (230 - 190) / 200 */
	s = rd_spread_of(&run.items[0]);
	assert_int_equal(s.source, RD_SPREAD_WITHIN);
	near(s.rel, 0.2);
	/* nothing recorded */
	s = rd_spread_of(&run.items[1]);
	assert_int_equal(s.source, RD_SPREAD_NONE);
	assert_true(isnan(s.rel));
	/* 3 repetitions: range over median, (120 - 100) / 110 */
	s = rd_spread_of(&run.items[2]);
	assert_int_equal(s.source, RD_SPREAD_REPS);
	assert_int_equal(s.reps, 3);
	near(s.rel, 20.0 / 110.0);
	/* 5: IQR over median, sorted 100 101 102 104 150: (104 - 101) / 102 */
	s = rd_spread_of(&run.items[3]);
	assert_int_equal(s.reps, 5);
	near(s.rel, 3.0 / 102.0);
	rd_free(&run);
}

static void test_floor_aware(void **state)
{
	json_t *rows = json_array();
	struct rd_run run;
	struct rd_query q = { .test = "sync", .kind = "streaming", .op = "sync_for_device" };
	const struct rd_item *it;

	(void)state;
	/* 129 ns per op < 20 x 54: the batched 66 is the figure */
	json_array_append_new(rows, row("sync_for_device", 1, 129, NAN, NAN));
	json_array_append_new(rows, row("sync_for_device", 156, 66, NAN, NAN));
	/* 1100 ns >= 20 x 54 = 1080: per-op stays */
	json_array_append_new(rows, row("sync_for_cpu", 1, 1100, NAN, NAN));
	json_array_append_new(rows, row("sync_for_cpu", 150, 1000, NAN, NAN));
	/* floor-bound but no batched twin: per-op stays */
	json_array_append_new(rows, row("map", 1, 300, NAN, NAN));
	load(&run, rows);
	assert_true(rd_floor_bound(&run, &run.items[0]));
	it = rd_find_figure(&run, &q);
	assert_int_equal(it->batch, 156);
	near(it->stats.p50, 66);
	assert_ptr_equal(rd_find(&run, &q), &run.items[0]);	/* rd_find unchanged */
	q.op = "sync_for_cpu";
	assert_false(rd_floor_bound(&run, &run.items[2]));
	assert_int_equal(rd_find_figure(&run, &q)->batch, 1);
	q.op = "map";
	assert_int_equal(rd_find_figure(&run, &q)->batch, 1);
	assert_null(rd_floor_aware(&run, NULL));
	/* the tables' hint: per-op rows point at their batched figure */
	assert_ptr_equal(run.items[0].batched, &run.items[1]);
	assert_null(run.items[2].batched);
	assert_null(run.items[4].batched);
	rd_free(&run);
}

static void test_llc(void **state)
{
	struct rd_run run;
	const char *level;

	(void)state;
	load(&run, json_array());
	assert_true(rd_llc_bytes(&run, &level) == 16 << 20);
	assert_string_equal(level, "L3");
	assert_false(rd_memory_bound(&run, 16 << 20));
	assert_false(rd_memory_bound(&run, 32 << 20));
	assert_true(rd_memory_bound(&run, 64 << 20));
	rd_free(&run);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_threshold),
		cmocka_unit_test(test_sum_and_words),
		cmocka_unit_test(test_spread_of),
		cmocka_unit_test(test_floor_aware),
		cmocka_unit_test(test_llc),
	};

	return cmocka_run_group_tests_name("noise", tests, NULL, NULL);
}
