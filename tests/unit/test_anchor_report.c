// SPDX-License-Identifier: GPL-2.0
/*
 * `dmabench report` on a scripts/anchor folder (tests/fixtures/report/anchor:
 * three settings with hand-picked means): the side-by-side numbers and the
 * verdict's counts in report.html and report.md, the chart inlined and
 * parsing, and a malformed anchor.json refused with one sentence and
 * nothing written.  Every number checked is the fixture's own.
 *
 * The fixture, worked by hand (ratio = dmabench floored / map_benchmark):
 *   1:1:to   map   37300 / 37300 = 1.000  yes
 *   1:1:to   unmap 13700 / 12400 = 1.105  no (+10.5 %)
 *   2:1:to   map   84400 / 42200 = 2.000  no (2.00 times)
 *   2:1:to   unmap 14700 / 14700 = 1.000  yes
 *   1:1:from map     800 /   800 = 1.000  yes, below 1000 ns: not resolved
 *   1:1:from unmap   600 /   500 = 1.200  no, not resolved
 * so 3 of 6 agree, 2 of 6 are below map_benchmark's resolution.
 */
#include "report_util.h"

#include <jansson.h>

#include "report/anchor_report.h"
#include "report/anchor_verdict.h"

RU_TMPDIR("anchor")

/* @tmp/@name/ with the fixture's anchor.json (or @text instead). */
static char *stage(const char *name, const char *text)
{
	char *dir = malloc(PATH_MAX), from[PATH_MAX + 32], to[PATH_MAX + 32];
	FILE *f;

	assert_non_null(dir);
	snprintf(dir, PATH_MAX, "%s/%s", tmp, name);
	assert_int_equal(mkdir(dir, 0755), 0);
	snprintf(to, sizeof(to), "%s/anchor.json", dir);
	if (!text) {
		snprintf(from, sizeof(from), "%s/anchor.json", ru_fixture("anchor"));
		ru_copy_file(from, to);
		return dir;
	}
	f = fopen(to, "w");
	assert_non_null(f);
	fputs(text, f);
	assert_int_equal(fclose(f), 0);
	return dir;
}

static json_t *fixture_json(void)
{
	char path[PATH_MAX + 32];
	json_t *doc;

	snprintf(path, sizeof(path), "%s/anchor.json", ru_fixture("anchor"));
	doc = json_load_file(path, 0, NULL);
	assert_non_null(doc);
	return doc;
}

static const char verdict_agree[] =
	"3 of 6 means agree within 10 % (dmabench's samples floored to "
	"map_benchmark's 100 ns units, their mean against map_benchmark's). "
	"For 2 of them map_benchmark's mean is below 1000 ns";
static const char verdict_differ[] =
	"These differ: 1:1:to unmap (dmabench +10.5 %), 2:1:to map (dmabench 2.00 "
	"times) and 1:1:from unmap (dmabench +20.0 %, below map_benchmark's resolution).";
static const char verdict_threads[] =
	"At 2:1:to dmabench's means are 2.00 (map) and 1.00 (unmap) times "
	"map_benchmark's, where the 1-thread settings lie between 1.00 and 1.20 times.";

static void check_html(const char *dir)
{
	char *html = ru_read(dir, "report.html");

	assert_contains(html, "<section id=\"verdict\">");
	assert_contains(html, verdict_agree);
	assert_contains(html, verdict_differ);
	assert_contains(html, verdict_threads);
	assert_contains(html, "kthread_create_on_node()");
	assert_contains(html, "it is unexplained");
	assert_contains(html, "kernel 6.1.fixture");
	assert_contains(html, "<figure id=\"chart-anchor_means\">\n<svg");
	/* a row: both tools' mean ± sd, floored, ratios, resolved, within */
	/* means right-aligned (the model's column classes), "no" marked */
	assert_contains(html, "<table class=\"r3 r4 r5 r6 r7\">");
	assert_contains(html, "<tr><td>1:1:to</td><td>unmap</td><td>12400 ± "
			"31400</td><td>13760 ± 14906</td><td>13700 ± "
			"14900</td><td>1.110</td><td>1.105</td>"
			"<td>yes</td><td class=\"no\">no</td><td>n/a</td></tr>");
	assert_contains(html, "<tr><td>1:1:from</td><td>map</td><td>800 ± "
			"100</td><td>851 ± 90</td><td>800 ± 100"
			"</td><td>1.064</td><td>1.000</td><td>no"
			"</td><td>yes</td>");
	/* self-contained: no scripts, no fetched styles, images or fonts */
	assert_null(strstr(html, "<script"));
	assert_null(strstr(html, "<link"));
	assert_null(strstr(html, "src="));
	assert_null(strstr(html, "url("));
	free(html);
}

static void check_md(const char *dir)
{
	char *md = ru_read(dir, "report.md");

	assert_contains(md, "# dmabench anchor: ");
	assert_contains(md, "\nfixture: kernel 6.1.fixture, 3 settings");
	assert_contains(md, verdict_agree);
	assert_contains(md, verdict_differ);
	assert_contains(md, "(charts/anchor_means.png)");
	assert_contains(md, "| 2:1:to | map | 42200 ± 98800 | 84488 ± 330369 | "
			"84400 ± 330300 | 2.002 | 2.000 | yes | **no** | n/a |\n");
	assert_contains(md, "| 2:1:to | unmap | 14700 ± 74400 | 14760 ± 233496 | "
			"14700 ± 233500 | 1.004 | 1.000 | yes | yes | n/a |\n");
	free(md);
}

static void test_anchor_report(void **state)
{
	char *dir = stage("fixture", NULL);
	const char *args[] = { "report", dir, NULL };
	char html[PATH_MAX + 16];
	struct ru_run r;

	(void)state;
	r = ru_dmabench(tmp, args);
	assert_string_equal(r.err, "");
	assert_int_equal(r.status, 0);
	assert_contains(r.out, "/report.html");
	ru_free(&r);
	check_html(dir);
	check_md(dir);
	snprintf(html, sizeof(html), "%s/report.html", dir);
	assert_int_equal(ru_check_svg(tmp, dir, html), 1);
	free(dir);
}

/* @doc written to a fresh folder must give exit 2, @sentence, no files. */
static void expect_refused(const char *name, const char *text, const char *sentence)
{
	char *dir = stage(name, text);
	const char *args[] = { "report", dir, NULL };
	const char *outputs[] = { "report.html", "report.md", "charts" };
	struct ru_run r = ru_dmabench(tmp, args);
	char path[PATH_MAX + 16];

	assert_int_equal(r.status, 2);
	ru_one_line(r.err);
	assert_contains(r.err, "dmabench: ");
	assert_contains(r.err, sentence);
	assert_string_equal(r.out, "");
	for (size_t i = 0; i < sizeof(outputs) / sizeof(outputs[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, outputs[i]);
		assert_int_equal(access(path, F_OK), -1);
	}
	ru_free(&r);
	free(dir);
}

/* The fixture with settings[@i]'s @obj.@key removed, or set to @value. */
static char *mutated(size_t i, const char *obj, const char *key, json_t *value)
{
	json_t *doc = fixture_json(), *s = json_array_get(json_object_get(doc, "settings"), i);
	char *text;

	for (char path[96], *p = strcpy(path, obj), *part; (part = strsep(&p, "."));)
		if (*part)
			s = json_object_get(s, part);
	assert_non_null(s);
	if (value)
		json_object_set_new(s, key, value);
	else
		assert_int_equal(json_object_del(s, key), 0);
	text = json_dumps(doc, 0);
	json_decref(doc);
	return text;
}

static void test_anchor_malformed(void **state)
{
	char *t;

	(void)state;
	t = mutated(2, "map_benchmark.map", "mean_ns", NULL);
	expect_refused("no-mean", t, "/anchor.json: setting 3 has no map_benchmark.map.mean_ns");
	free(t);
	t = mutated(0, "dmabench.unmap.floored_100ns", "stddev_ns", json_string("x"));
	expect_refused("string-sd", t, "/anchor.json: setting 1's "
		       "dmabench.unmap.floored_100ns.stddev_ns is not a number >= 0");
	free(t);
	t = mutated(1, "dmabench", "map", NULL);
	expect_refused("no-dmabench-map", t, "setting 2 has no dmabench.map.mean_ns");
	free(t);
	t = mutated(1, "", "threads", json_integer(0));
	expect_refused("zero-threads", t, "setting 2's threads is not a whole number >= 1");
	free(t);
	t = mutated(0, "", "dir", json_string("sideways"));
	expect_refused("bad-dir", t, "setting 1's dir is not \"to\", \"from\" or \"bidi\"");
	free(t);
	expect_refused("no-settings", "{\"settings\": []}", "/anchor.json has no settings");
	expect_refused("array", "[1, 2]", "/anchor.json is not a JSON object");
	expect_refused("threshold", "{\"agreement_threshold\": 2, \"settings\": [{}]}",
		       "agreement_threshold is not a fraction between 0 and 1");
	expect_refused("not-json", "{\"settings\": [", "/anchor.json is not valid JSON (line");
}

/* With dmabench's percentiles (from SETTING/db/results.json) the tail is named. */
static void test_anchor_verdict_tail(void **state)
{
	json_t *doc = fixture_json();
	struct anchor_verdict v;
	struct anchor_doc a;
	char why[256];

	(void)state;
	assert_int_equal(anchor_from_json(doc, "anchor.json", &a, why, sizeof(why)), 0);
	json_decref(doc);
	assert_int_equal(a.n, 3);
	assert_int_equal(anchor_agreeing(&a), 3);
	a.s[0].op[ANCHOR_MAP].db_p50 = 37500;
	a.s[0].op[ANCHOR_MAP].db_p99 = 179000;
	a.s[0].op[ANCHOR_UNMAP].db_p50 = 11000;
	a.s[1].op[ANCHOR_MAP].db_p50 = 38300;
	a.s[1].op[ANCHOR_MAP].db_p99 = 1.2e6;
	a.s[1].op[ANCHOR_UNMAP].db_p50 = 11330;
	anchor_verdict_compute(&a, &v);
	assert_contains(v.threads, "dmabench's own medians at 2:1:to (map 38.3 us, unmap "
			"11.3 us) are 1.02 and 1.03 times those at 1:1:to, while its map "
			"p99 goes from 179 us to 1.20 ms: the higher mean comes from a tail");
	anchor_free(&a);
}

/* All within: said so, and no thread paragraph to excuse anything. */
static void test_anchor_verdict_all_agree(void **state)
{
	json_t *doc = fixture_json();
	struct anchor_verdict v;
	struct anchor_doc a;
	char why[256];

	(void)state;
	assert_int_equal(anchor_from_json(doc, "anchor.json", &a, why, sizeof(why)), 0);
	json_decref(doc);
	for (size_t i = 0; i < a.n; i++)
		for (int o = 0; o < ANCHOR_OPS; o++)
			a.s[i].op[o].within = true;
	anchor_verdict_compute(&a, &v);
	assert_contains(v.agree, "6 of 6 means agree within 10 %");
	assert_string_equal(v.differ, "None differs by more than 10 %.");
	assert_string_equal(v.threads, "");
	anchor_free(&a);
}

/* results.json wins: a run folder with a stray anchor.json stays a run. */
static void test_anchor_is_dir(void **state)
{
	char *dir = stage("both", "{}"), path[PATH_MAX + 32];
	FILE *f;

	(void)state;
	assert_true(anchor_is_dir(dir));
	snprintf(path, sizeof(path), "%s/results.json", dir);
	f = fopen(path, "w");
	assert_non_null(f);
	fclose(f);
	assert_false(anchor_is_dir(dir));
	assert_false(anchor_is_dir("/nonexistent"));
	free(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_anchor_report),
		cmocka_unit_test(test_anchor_malformed),
		cmocka_unit_test(test_anchor_verdict_tail),
		cmocka_unit_test(test_anchor_verdict_all_agree),
		cmocka_unit_test(test_anchor_is_dir),
	};

	return cmocka_run_group_tests(tests, ru_setup, ru_teardown);
}
