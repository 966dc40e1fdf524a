// SPDX-License-Identifier: GPL-2.0
/*
 * Repetitions and the regression gate on data with known answers: the
 * across-repetition combiner (results/repeat.c), the gate's decision
 * (report/gate.c) on identical sets, a planted shift, single runs, too few
 * repetitions and old results, the planted-slowdown knob (core/plant.c),
 * and the binary's exit 2 on single runs and `combine`.
 */
#include "report_util.h"

#include <math.h>

#include "core/atomicfile.h"
#include "core/clock.h"
#include "core/json.h"
#include "core/plant.h"
#include "report/compare_table.h"
#include "report/gate.h"
#include "results/query.h"
#include "results/repeat.h"

RU_TMPDIR("gate")

/* A single run's results.json with @n ops of the given p50s. */
static json_t *run_doc(const double *p50, size_t n, bool complete)
{
	json_t *items = json_array();

	for (size_t i = 0; i < n; i++) {
		char op[16];

		snprintf(op, sizeof(op), "op%zu", i);
		json_array_append_new(items, json_pack("{s:s, s:s, s:s, s:i, s:i, s:{s:i, s:f}}",
						       "test", "baseline", "kind", "cached",
						       "op", op, "size", 65536, "batch", 1,
						       "stats", "n", 31, "p50", p50[i]));
	}
	return json_pack("{s:s, s:b, s:s?, s:{}, s:[], s:o}", "schema", "dmabench/1",
			 "complete", complete, "why_incomplete",
			 complete ? NULL : "stopped by Interrupt", "platform",
			 "errors", "results", items);
}

static double num(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);

	assert_true(json_is_number(v));
	return json_number_value(v);
}

/* Three reps of two ops, a fourth interrupted: median, quartiles, typical rep. */
static void test_combine(void **state)
{
	static const double r1[] = { 300, 10 }, r2[] = { 100, 30 }, r3[] = { 200, 20 },
			    r4[] = { 999, 999 };
	json_t *docs[4] = { run_doc(r1, 2, true), run_doc(r2, 2, true),
			    run_doc(r3, 2, true), run_doc(r4, 2, false) };
	const char *names[4] = { "rep-1", "rep-2", "rep-3", "rep-4" };
	char err[256];
	json_t *doc, *reps, *p50s, *rep;

	(void)state;
	doc = repeat_combine(docs, names, 4, 5, "stopped by a signal after 3 of 5 repetitions",
			     err, sizeof(err));
	assert_non_null(doc);
	assert_false(json_is_true(json_object_get(doc, "complete")));
	assert_string_equal(json_string_value(json_object_get(doc, "why_incomplete")),
			    "stopped by a signal after 3 of 5 repetitions");
	rep = json_object_get(doc, "repetitions");
	assert_int_equal(json_integer_value(json_object_get(rep, "asked")), 5);
	assert_int_equal(json_integer_value(json_object_get(rep, "combined")), 3);
	assert_int_equal(json_array_size(json_object_get(rep, "not_combined")), 1);
	assert_string_equal(json_string_value(json_object_get(json_array_get(
		json_object_get(rep, "not_combined"), 0), "folder")), "rep-4");
	reps = json_object_get(json_array_get(json_object_get(doc, "results"), 0), "reps");
	assert_int_equal(json_integer_value(json_object_get(reps, "n")), 3);
	assert_true(num(reps, "median") == 200);
	assert_true(num(reps, "q25") == 150);
	assert_true(num(reps, "q75") == 250);
	assert_true(num(reps, "iqr") == 100);
	assert_true(num(reps, "min") == 100);
	assert_true(num(reps, "max") == 300);
	/* MAD 100 -> 1.4826 * 100 / 200 */
	assert_true(fabs(num(reps, "rsd") - 0.7413) < 1e-9);
	p50s = json_object_get(reps, "p50s");
	assert_int_equal(json_array_size(p50s), 3);	/* rep-4 (999) left out */
	assert_true(json_number_value(json_array_get(p50s, 0)) == 300);
	assert_true(json_number_value(json_array_get(p50s, 2)) == 200);
	/* the within-run stats are the median repetition's (rep-3: p50 200) */
	assert_int_equal(json_integer_value(json_object_get(reps, "stats_from")), 3);
	assert_true(num(json_object_get(json_array_get(json_object_get(doc, "results"), 0),
					"stats"), "p50") == 200);
	reps = json_object_get(json_array_get(json_object_get(doc, "results"), 1), "reps");
	assert_true(num(reps, "median") == 20);
	json_decref(doc);
	/* every repetition interrupted: nothing to combine, a sentence */
	assert_null(repeat_combine(docs + 3, names + 3, 1, 5, "x", err, sizeof(err)));
	assert_contains(err, "no repetition finished");
	for (int i = 0; i < 4; i++)
		json_decref(docs[i]);
}

/*
 * A repetition that ran to its end with a failed measurement ("finished",
 * not "complete": the lab's iommu-strict preset, a 64 MiB noncoherent
 * buffer over the contiguous limit, 3 of 3 reps) is combined, its error
 * carried with its folder named, and the whole is marked incomplete for it.
 */
static void test_combine_finished_with_errors(void **state)
{
	static const double r1[] = { 300, 10 }, r2[] = { 100, 30 };
	json_t *docs[2] = { run_doc(r1, 2, false), run_doc(r2, 2, false) };
	const char *names[2] = { "rep-1", "rep-2" };
	char err[256];
	json_t *doc, *errors;

	(void)state;
	for (int i = 0; i < 2; i++) {
		json_object_set_new(docs[i], "finished", json_true());
		json_object_set_new(docs[i], "why_incomplete",
				    json_string("1 measurement failed (see \"errors\")"));
		json_array_append_new(json_object_get(docs[i], "errors"),
				      json_pack("{s:s, s:s}", "test", "user_access",
						"message", "out of memory in the module"));
	}
	doc = repeat_combine(docs, names, 2, 2, NULL, err, sizeof(err));
	assert_non_null(doc);
	assert_int_equal(json_integer_value(json_object_get(json_object_get(doc, "repetitions"),
							    "combined")), 2);
	assert_false(json_is_true(json_object_get(doc, "complete")));
	assert_true(json_is_true(json_object_get(doc, "finished")));
	assert_string_equal(json_string_value(json_object_get(doc, "why_incomplete")),
			    "2 measurements failed in the repetitions (see \"errors\")");
	errors = json_object_get(doc, "errors");
	assert_int_equal(json_array_size(errors), 2);
	assert_string_equal(json_string_value(json_object_get(json_array_get(errors, 1),
							      "message")),
			    "rep-2: out of memory in the module");
	assert_true(num(json_object_get(json_array_get(json_object_get(doc, "results"), 0),
					"reps"), "median") == 200);
	json_decref(doc);
	for (int i = 0; i < 2; i++)
		json_decref(docs[i]);
}

/* A combined run: op i's repetitions are base[i] * (1 + noise) * shift[i]. */
static json_t *combined_doc(size_t nops, size_t nreps, const double *shift,
			    uint64_t seed, bool with_reps)
{
	json_t *items = json_array();

	for (size_t i = 0; i < nops; i++) {
		json_t *p50s = json_array();
		char op[16];
		double base = 1000.0 * (double)(i + 1);

		snprintf(op, sizeof(op), "op%zu", i);
		for (size_t r = 0; r < nreps; r++) {
			seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
			/* +-5 % uniform noise, a different draw per rep and side */
			json_array_append_new(p50s, json_real(base * (shift ? shift[i] : 1.0) *
						(0.95 + 0.1 * (double)(seed >> 11) / 9007199254740992.0)));
		}
		json_array_append_new(items, json_pack("{s:s, s:s, s:s, s:i, s:i, s:{s:i, s:f}, s:o}",
						       "test", "baseline", "kind", "cached",
						       "op", op, "size", 65536, "batch", 1,
						       "stats", "n", 31, "p50", base,
						       "reps", with_reps ? json_pack("{s:i, s:o}", "n",
							(int)nreps, "p50s", p50s) :
						       (json_decref(p50s), json_null())));
	}
	return json_pack("{s:s, s:b, s:{}, s:[], s:o, s:{s:i}}", "schema", "dmabench/1",
			 "complete", 1, "platform", "errors", "results", items,
			 "repetitions", "combined", with_reps ? (int)nreps : 0);
}

struct gated {
	struct rd_run runs[2];
	struct cmp_table t;
	struct gate_summary sum;
};

static void gate_on(struct gated *g, json_t *a, json_t *b, double pct, const char *ops)
{
	struct gate_cfg cfg = { .pct = pct, .alpha = GATE_ALPHA, .ops = ops };
	char why[256];

	assert_int_equal(rd_from_json(a, "/x/A", &g->runs[0], why, sizeof(why)), 0);
	assert_int_equal(rd_from_json(b, "/x/B", &g->runs[1], why, sizeof(why)), 0);
	assert_int_equal(cmp_build(g->runs, 2, &g->t), 0);
	assert_int_equal(gate_run(&g->t, g->runs, &cfg, &g->sum), 0);
}

static void gated_free(struct gated *g)
{
	cmp_free(&g->t);
	rd_free(&g->runs[0]);
	rd_free(&g->runs[1]);
}

/* Same distribution, independent draws, 20 ops, 8 reps: no alarm. */
static void test_identical_no_alarm(void **state)
{
	struct gated g;

	(void)state;
	gate_on(&g, combined_doc(20, 8, NULL, 1, true), combined_doc(20, 8, NULL, 2, true),
		5, NULL);
	assert_false(g.sum.refused);
	assert_int_equal(g.sum.tested, 20);
	assert_int_equal(g.sum.regressions, 0);
	for (size_t i = 0; i < g.t.nrows; i++) {
		assert_int_not_equal(g.t.rows[i].gate[1].word, GATE_REGRESSION);
		assert_false(cmp_regressed(&g.t.rows[i], 1, 5));
		assert_true(g.t.rows[i].gate[1].p_adj >= g.t.rows[i].gate[1].p);
	}
	gated_free(&g);
}

/* Ops 3 and 7 made x1.3 slower: exactly those two are regressions. */
static void test_planted_shift_alarm(void **state)
{
	double shift[20];
	struct gated g;
	char text[160];

	(void)state;
	for (int i = 0; i < 20; i++)
		shift[i] = i == 3 || i == 7 ? 1.3 : 1.0;
	gate_on(&g, combined_doc(20, 8, NULL, 1, true), combined_doc(20, 8, shift, 2, true),
		5, NULL);
	assert_false(g.sum.refused);
	assert_int_equal(g.sum.regressions, 2);
	for (size_t i = 0; i < g.t.nrows; i++) {
		const struct gate_cell *c = &g.t.rows[i].gate[1];

		assert_int_equal(c->word == GATE_REGRESSION, i == 3 || i == 7);
		assert_int_equal(cmp_regressed(&g.t.rows[i], 1, 5), i == 3 || i == 7);
	}
	/* complete separation of 8 vs 8: p = 1/12870, Holm's x20 for the smallest */
	assert_true(fabs(g.t.rows[3].gate[1].p - 1.0 / 12870) < 1e-12);
	assert_true(fabs(g.t.rows[3].gate[1].p_adj - 20.0 / 12870) < 1e-12);
	assert_true(g.t.rows[3].gate[1].ci_lo > 1.0);
	assert_true(g.t.rows[3].gate[1].ratio > 1.2 && g.t.rows[3].gate[1].ratio < 1.4);
	cmp_gate_text(&g.t.rows[3], 1, text, sizeof(text));
	assert_contains(text, "; gate: x1.");
	assert_contains(text, ", regression");
	gated_free(&g);
	/* x1.3 is not more than 40 % slower */
	gate_on(&g, combined_doc(20, 8, NULL, 1, true), combined_doc(20, 8, shift, 2, true),
		40, NULL);
	assert_int_equal(g.sum.regressions, 0);
	gated_free(&g);
}

/* A single run on one side: nothing can be judged, the gate refuses. */
static void test_single_run_refused(void **state)
{
	struct gated g;

	(void)state;
	gate_on(&g, combined_doc(10, 8, NULL, 1, true), combined_doc(10, 1, NULL, 2, false),
		5, NULL);
	assert_true(g.sum.refused);
	assert_int_equal(g.sum.tested, 0);
	assert_int_equal(g.sum.unjudged, 10);
	assert_contains(g.sum.why, "/x/B is a single run (no repetitions)");
	assert_contains(g.sum.why, "--repeat N");
	assert_int_equal(g.t.rows[0].gate[1].word, GATE_UNJUDGED);
	assert_false(cmp_regressed(&g.t.rows[0], 1, 5));
	gated_free(&g);
}

/* 5 reps a side over 100 ops: 100/252 > 0.05, refused naming 7. */
static void test_too_few_reps_refused(void **state)
{
	double shift[100];
	struct gated g;

	(void)state;
	for (int i = 0; i < 100; i++)
		shift[i] = 2.0;		/* even a doubling cannot reach significance */
	gate_on(&g, combined_doc(100, 5, NULL, 1, true), combined_doc(100, 5, shift, 2, true),
		5, NULL);
	assert_true(g.sum.refused);
	assert_int_equal(g.sum.regressions, 0);
	assert_contains(g.sum.why, "1 in 252");
	assert_contains(g.sum.why, "give at least 7 repetitions a side");
	gated_free(&g);
	/* the same data, 10 ops chosen beforehand: 10/252 <= 0.05, all caught */
	gate_on(&g, combined_doc(100, 5, NULL, 1, true), combined_doc(100, 5, shift, 2, true),
		5, "baseline/cached/op1?/*");
	assert_false(g.sum.refused);
	assert_int_equal(g.sum.tested, 10);
	assert_int_equal(g.sum.excluded, 90);
	assert_int_equal(g.sum.regressions, 10);
	assert_int_equal(g.t.rows[0].gate[1].word, GATE_EXCLUDED);
	assert_int_equal(g.t.rows[15].gate[1].word, GATE_REGRESSION);
	gated_free(&g);
	assert_int_equal(gate_reps_needed(12, 0.05), 5);
	assert_int_equal(gate_reps_needed(13, 0.05), 6);
	assert_int_equal(gate_reps_needed(100, 0.05), 7);
	assert_int_equal(gate_reps_needed(171, 0.05), 7);
	assert_int_equal(gate_reps_needed(172, 0.05), 8);
	assert_int_equal(gate_reps_needed(643, 0.05), 8);
}

/* Old results beside new: the rows without repetitions are not judged. */
static void test_old_results_partly_judged(void **state)
{
	json_t *b = combined_doc(10, 8, NULL, 2, true);
	struct gated g;

	(void)state;
	/* ops 0..3 as an old file has them: no "reps" */
	for (size_t i = 0; i < 4; i++)
		json_object_del(json_array_get(json_object_get(b, "results"), i), "reps");
	gate_on(&g, combined_doc(10, 8, NULL, 1, true), b, 5, NULL);
	assert_false(g.sum.refused);
	assert_int_equal(g.sum.unjudged, 4);
	assert_int_equal(g.sum.tested, 6);
	assert_contains(g.sum.why, "4 operations cannot be judged");
	assert_int_equal(g.t.rows[0].gate[1].word, GATE_UNJUDGED);
	assert_int_not_equal(g.t.rows[5].gate[1].word, GATE_UNJUDGED);
	gated_free(&g);
}

static void test_plant_factor(void **state)
{
	(void)state;
	assert_true(plant_factor(NULL, "baseline/cached/read/65536") == 1.0);
	assert_true(plant_factor("baseline/cached/read/*:1.25",
				 "baseline/cached/read/65536") == 1.25);
	assert_true(plant_factor("baseline/cached/read/*:1.25",
				 "baseline/cached/write/65536") == 1.0);
	assert_true(plant_factor("x/*:2,baseline/*:1.5", "baseline/cached/read/4096") == 1.5);
	assert_true(plant_factor("baseline/*:1.5,x/*:zero", "baseline/cached/read/4096") < 0);
	assert_true(plant_factor("baseline/*:0.5", "baseline/cached/read/4096") < 0);
	assert_true(plant_factor("baseline/*", "baseline/cached/read/4096") < 0);
	/* a stretched sample ends at least factor x its own time after t0 */
	{
		uint64_t t0 = now_ns(), t1 = t0 + 20000, end = plant_stretch(t0, t1, 1.5);

		assert_true(end >= t0 + 30000);
		assert_true(plant_stretch(t0, t1, 1.0) == t1);
	}
}

/* The binary: --fail-above on single runs is exit 2 with the sentence. */
static void test_binary_single_run_exit_2(void **state)
{
	char a[PATH_MAX], b[PATH_MAX], out[PATH_MAX + 32];
	const char *args[] = { "compare", a, b, "--fail-above", "5", "--out", out, NULL };
	const char *comb[] = { "combine", b, NULL };
	double p50[] = { 100, 200 };
	json_t *single = run_doc(p50, 2, true);
	struct ru_run r;

	(void)state;
	snprintf(a, sizeof(a), "%s/single", tmp);
	snprintf(b, sizeof(b), "%s/reps", tmp);
	snprintf(out, sizeof(out), "%s/cmp", tmp);
	assert_int_equal(mkdir_p(a), 0);
	snprintf(out, sizeof(out), "%s/results.json", a);
	assert_int_equal(json_save(out, single), 0);
	json_decref(single);
	for (int i = 1; i <= 3; i++) {
		char rep[PATH_MAX + 32];
		json_t *d = run_doc(p50, 2, true);

		snprintf(rep, sizeof(rep), "%s/rep-%d", b, i);
		assert_int_equal(mkdir_p(rep), 0);
		strcat(rep, "/results.json");
		assert_int_equal(json_save(rep, d), 0);
		json_decref(d);
	}
	r = ru_dmabench(tmp, comb);
	assert_int_equal(r.status, 0);
	ru_free(&r);
	snprintf(out, sizeof(out), "%s/cmp", tmp);
	r = ru_dmabench(tmp, args);
	assert_int_equal(r.status, 2);
	assert_contains(r.err, "the gate cannot decide: ");
	assert_contains(r.err, "/single is a single run (no repetitions)");
	assert_null(strstr(r.out, "regression: "));
	ru_free(&r);
}

/* @doc as @tmp/@name/results.json; the folder's path into @dir. */
static void save_run(const char *name, json_t *doc, char *dir, size_t len)
{
	char path[PATH_MAX + 32];

	snprintf(dir, len, "%s/%s", tmp, name);
	assert_int_equal(mkdir_p(dir), 0);
	snprintf(path, sizeof(path), "%s/results.json", dir);
	assert_int_equal(json_save(path, doc), 0);
	json_decref(doc);
}

/*
 * The binary's exit codes with repetitions on both sides: 0 on identical
 * builds, 1 with ops 3 and 7 planted x1.3 (each named on stdout); and the
 * page judges from the repetitions, ranking the two planted ops.
 */
static void test_binary_exit_codes_with_reps(void **state)
{
	char a[PATH_MAX], b[PATH_MAX], c[PATH_MAX], out[PATH_MAX];
	const char *same[] = { "compare", a, b, "--fail-above", "5", "--out", out, NULL };
	const char *moved[] = { "compare", a, c, "--fail-above", "5", "--out", out, NULL };
	double shift[20];
	struct ru_run r;
	char *html, *row;

	(void)state;
	for (int i = 0; i < 20; i++)
		shift[i] = i == 3 || i == 7 ? 1.3 : 1.0;
	save_run("reps-a", combined_doc(20, 8, NULL, 1, true), a, sizeof(a));
	save_run("reps-b", combined_doc(20, 8, NULL, 2, true), b, sizeof(b));
	save_run("reps-c", combined_doc(20, 8, shift, 3, true), c, sizeof(c));
	snprintf(out, sizeof(out), "%s/cmp-reps", tmp);
	r = ru_dmabench(tmp, same);
	assert_int_equal(r.status, 0);
	assert_contains(r.out, "gate: no significant regression above 5 % in 20 operations");
	assert_null(strstr(r.out, "regression: "));
	ru_free(&r);
	r = ru_dmabench(tmp, moved);
	assert_int_equal(r.status, 1);
	assert_contains(r.out, "regression: baseline/cached/op3/65536/-/t1/e0/-/b1#0: ");
	assert_contains(r.out, "regression: baseline/cached/op7/65536/-/t1/e0/-/b1#0: ");
	assert_contains(r.err, "2 operations are significantly more than 5 % slower");
	ru_free(&r);
	html = ru_read(out, "compare.html");
	assert_contains(html, "Judged from repetitions: 95 % bootstrap interval of the ratio "
			"of medians: 20");
	/* the medians of the repetitions behind the ratio, not one repetition's p50 */
	assert_contains(html, "<td>baseline op3 cached 64 KiB</td><td>reps-c</td>"
			"<td class=\"slower\">1.");
	row = strstr(html, "<td>baseline op3 cached 64 KiB</td><td>reps-c</td>");
	assert_non_null(row);
	*strchr(row, '\n') = '\0';
	assert_contains(row, "<td>5.");	/* ~1.3 x 4 us */
	assert_contains(row, "<td>8 repetitions</td>");
	assert_contains(row + strlen(row) + 1, "REGRESSION");
	free(html);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_combine),
		cmocka_unit_test(test_combine_finished_with_errors),
		cmocka_unit_test(test_identical_no_alarm),
		cmocka_unit_test(test_planted_shift_alarm),
		cmocka_unit_test(test_single_run_refused),
		cmocka_unit_test(test_too_few_reps_refused),
		cmocka_unit_test(test_old_results_partly_judged),
		cmocka_unit_test(test_plant_factor),
		cmocka_unit_test(test_binary_single_run_exit_2),
		cmocka_unit_test(test_binary_exit_codes_with_reps),
	};

	return cmocka_run_group_tests(tests, ru_setup, ru_teardown);
}
