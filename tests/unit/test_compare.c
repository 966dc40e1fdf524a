// SPDX-License-Identifier: GPL-2.0
/*
 * `dmabench compare` on the fixtures: the ratio table and its noise rule
 * (compare_table.c, in process), then the real binary: every section and
 * chart, SVG that parses, --fail-above on single runs (exit 2: the gate
 * needs repetitions), broken input (exit 2, a sentence).
 */
#include "report_util.h"

#include <math.h>

#include "report/compare_table.h"

RU_TMPDIR("compare")

static const char *const charts[] = {
	"latency_map_single_map", "latency_transfer_total", "sync_sync_for_device",
	"sync_sync_for_cpu", "bandwidth_user", "bandwidth_kernel",
	"caching_transition", "fault_in", "move", "sg_iter", "map_scaling",
	"latency_device_transfer_host_side", "device_transfer_phases",
};

/* Slower by 50 % but with intervals that overlap: noise, not a regression. */
static void test_noise_rule(void **state)
{
	struct rd_run runs[2];
	struct cmp_table t;
	struct stats *s;

	(void)state;
	ru_load("direct", &runs[0]);
	ru_load("direct", &runs[1]);
	s = &runs[1].items[1].stats;	/* map_single streaming map 4K: p50 150 */
	s->p50 = 225;
	s->ci_low = 140;		/* overlaps 147..153 */
	s->ci_high = 300;
	assert_int_equal(cmp_build(runs, 2, &t), 0);
	assert_int_equal(t.nrows, runs[0].nitems);
	assert_int_equal(t.nmissing, 0);
	assert_string_equal(t.rows[1].key, "map_single/streaming/map/4096/to/t1/e0/-/b1#0");
	assert_true(fabs(t.rows[1].ratio[1] - 1.5) < 1e-12);
	assert_false(t.rows[1].outside[1]);
	assert_false(cmp_regressed(&t.rows[1], 1, 1.0));
	s->ci_low = 220;		/* now clear of 147..153 */
	cmp_free(&t);
	assert_int_equal(cmp_build(runs, 2, &t), 0);
	assert_true(t.rows[1].outside[1]);
	assert_true(cmp_regressed(&t.rows[1], 1, 49.0));
	assert_false(cmp_regressed(&t.rows[1], 1, 50.0));	/* not *more* than 50 % */
	cmp_free(&t);
	rd_free(&runs[0]);
	rd_free(&runs[1]);
}

/* swiotlb lacks the 16 MiB syncs: left out of the table, and counted. */
static void test_missing_operations(void **state)
{
	struct rd_run runs[2];
	struct cmp_table t;

	(void)state;
	ru_load("direct", &runs[0]);
	ru_load("swiotlb", &runs[1]);
	assert_int_equal(cmp_build(runs, 2, &t), 0);
	assert_int_equal(t.nmissing, 4);	/* for device/CPU x hot/cold */
	assert_int_equal(t.nrows, runs[0].nitems - 4);
	assert_contains(t.missing_example, "sync/streaming/sync_for_device/16777216/to/");
	assert_contains(t.missing_example, "(in direct)");
	cmp_free(&t);
	rd_free(&runs[0]);
	rd_free(&runs[1]);
}

/* Every href of @html that is not "#..." names a file under @dir. */
static size_t check_links(const char *html, const char *dir)
{
	size_t n = 0;

	for (const char *p = html; (p = strstr(p, "<a href=\"")); n++) {
		char rel[PATH_MAX], path[2 * PATH_MAX];
		const char *end;

		p += 9;
		end = strchr(p, '"');
		assert_non_null(end);
		snprintf(rel, sizeof(rel), "%.*s", (int)(end - p), p);
		if (rel[0] == '#')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, rel);
		if (access(path, R_OK))
			fail_msg("link %s does not resolve from %s", rel, dir);
	}
	return n;
}

/*
 * The page opens with where the platforms differ: the platforms with links
 * to each run's report, the ranked differences in words, the overall
 * means; the full ratio table is collapsed; no run's tables are pasted.
 */
static void test_compare_direct_swiotlb(void **state)
{
	char *a = ru_stage(tmp, "direct"), *b = ru_stage(tmp, "swiotlb");
	char out[PATH_MAX], html_path[PATH_MAX + 16], want[128], page[PATH_MAX + 16];
	const char *args[] = { "compare", a, b, "--out", out, NULL };
	struct ru_run r;
	char *html, *md;

	(void)state;
	/* a report beside direct's results.json (as `dmabench report` leaves it), none for swiotlb */
	snprintf(page, sizeof(page), "%s/report.html", a);
	ru_copy_file(ru_fixture("direct/results.json"), page);
	snprintf(page, sizeof(page), "%s/report.md", a);
	ru_copy_file(ru_fixture("direct/results.json"), page);
	snprintf(out, sizeof(out), "%s/cmp", tmp);
	r = ru_dmabench(tmp, args);
	assert_int_equal(r.status, 0);
	assert_string_equal(r.err, "dmabench: note: 4 operations are not in every run "
			    "(e.g. sync/streaming/sync_for_device/16777216/to/t1/e0/hot/b1#0 "
			    "(in direct)); the ratio table leaves them out.\n");
	ru_free(&r);
	html = ru_read(out, "compare.html");
	assert_contains(html, "<h1>dmabench compare: direct vs swiotlb</h1>");
	/* the platforms, one row per run, linked to the run's own report */
	assert_contains(html, "<section id=\"platforms\">");
	assert_contains(html, "<tr><td><a href=\"../direct/report.html\">direct (lab)</a></td>"
			"<td>6.1.0-fixture-amd64</td><td>none</td><td>no</td><td>yes</td>"
			"<td>yes: no stale data without sync in 4 kinds that sync</td>"
			"<td>single run</td><td><a href=\"../direct/report.html\">report.html</a>"
			"</td><td><a href=\"../direct/report.md\">report.md</a></td></tr>");
	assert_contains(html, "<tr><td>swiotlb (lab)</td><td>6.1.0-fixture-amd64</td><td>none"
			"</td><td>yes</td><td>no</td><td>no: stale data without sync in "
			"streaming, wc and uc</td><td>single run</td><td>not written (dmabench "
			"report DIR)</td>");
	assert_int_equal(check_links(html, out), 3);
	/* ranked: the 4 KiB hot sync for the device, 100 ns -> 3000 ns, first */
	assert_contains(html, "<section id=\"differences\">");
	/* the numbers right-aligned: the rank, the ratio, the two p50s */
	assert_contains(html, "<table id=\"ranked\" class=\"r1 r5 r6 r7\">");
	assert_contains(html, "<tr><td>1</td><td>sync for device streaming 4 KiB, "
			"to device, hot cache</td><td>swiotlb</td><td class=\"slower\">30.0x "
			"slower than direct</td><td>x30.0 [19.2, 47.0]</td>"
			"<td>100 ns</td><td>3.00 us</td>"
			"<td>within-run (p90)</td></tr>");
	assert_contains(html, "Judged from one run each: noise band from within-run spreads");
	assert_contains(html, "<section id=\"overall\">");
	assert_contains(html, "The geometric mean is over the 184 operations every run has");
	/* the full table, collapsed, in words; map_single is the same in both: no colour */
	assert_contains(html, "<details id=\"ratios\"><summary>Every operation in all runs "
			"(184)</summary>");
	assert_contains(html, "<tr><td>map single streaming 4 KiB, to device</td>"
			"<td>150 ns</td><td>150 ns, x1.00 "
			"[0.581, 1.72]</td></tr>");
	assert_contains(html, "<tr><td>sync for device streaming 4 KiB, to device, hot cache</td>"
			"<td>100 ns</td><td class=\"slower\">3.00 us, x30.0 "
			"[19.2, 47.0]</td></tr>");
	assert_contains(html, "<details id=\"facts\">");
	assert_contains(html, "<tr><td>max mapping size</td><td>no limit reported</td>"
			"<td>256 KiB</td></tr>");
	/* no row named by its key, no run's own tables pasted */
	assert_null(strstr(html, "/b1#0"));
	assert_null(strstr(html, "Every measurement"));
	assert_null(strstr(html, "<section id=\"verdict\">"));
	for (size_t i = 0; i < sizeof(charts) / sizeof(charts[0]); i++) {
		snprintf(want, sizeof(want), "<figure id=\"chart-%s\">\n<svg", charts[i]);
		assert_contains(html, want);
	}
	assert_null(strstr(html, "<script"));
	free(html);
	md = ru_read(out, "compare.md");
	assert_contains(md, "| [direct (lab)](../direct/report.html) | 6.1.0-fixture-amd64 | "
			"none | no | yes |");
	assert_contains(md, "| 1 | sync for device streaming 4 KiB, to device, hot cache | "
			"swiotlb | **30.0x slower than direct** | x30.0 [19.2, 47.0] | 100 ns | "
			"3.00 us | within-run (p90) |\n");
	assert_contains(md, "| sync for device streaming 4 KiB, to device, hot cache | 100 ns | "
			"**x30.0** |\n");
	assert_null(strstr(md, "| map single streaming 4 KiB, to device |"));	/* no difference */
	assert_contains(md, "(charts/bandwidth_user.png)");
	assert_null(strstr(md, "/b1#0"));
	free(md);
	snprintf(html_path, sizeof(html_path), "%s/compare.html", out);
	assert_true(ru_check_svg(tmp, out, html_path) >= (int)(sizeof(charts) / sizeof(charts[0])));
	free(a);
	free(b);
}

static struct ru_run gate(const char *first, const char *second, const char *pct)
{
	char a[PATH_MAX], b[PATH_MAX], out[PATH_MAX];
	const char *args[] = { "compare", a, b, "--fail-above", pct, "--out", out, NULL };

	snprintf(a, sizeof(a), "%s/%s", tmp, first);
	snprintf(b, sizeof(b), "%s/%s", tmp, second);
	snprintf(out, sizeof(out), "%s/gate-%s-%s-%s", tmp, first, second, pct);
	return ru_dmabench(tmp, args);
}

static size_t count_lines(const char *s, const char *prefix)
{
	size_t n = 0;

	for (const char *p = s; (p = strstr(p, prefix)); p++)
		n += p == s || p[-1] == '\n';
	return n;
}

/*
 * The fixtures are single runs: the gate refuses them (exit 2, a sentence),
 * where the old rule (non-overlapping within-run intervals) flagged every
 * doubled op; the ratio table still marks them slower.  test_gate.c holds
 * the gate's decisions on repetitions.
 */
static void test_fail_above(void **state)
{
	struct ru_run r;

	(void)state;
	free(ru_stage(tmp, "direct"));
	free(ru_stage(tmp, "doubled"));
	r = gate("direct", "doubled", "1");
	assert_int_equal(r.status, 2);
	assert_int_equal(count_lines(r.out, "regression: "), 0);
	ru_one_line(r.err);
	assert_contains(r.err, "the gate cannot decide: ");
	assert_contains(r.err, "/direct is a single run (no repetitions): the gate decides "
			"from independent repetitions");
	ru_free(&r);
	r = gate("direct", "direct", "1");
	assert_int_equal(r.status, 2);
	ru_free(&r);
}

static void test_compare_bad_input(void **state)
{
	char a[PATH_MAX], c[PATH_MAX];
	const char *corrupt[] = { "compare", a, c, NULL };
	const char *one[] = { "compare", a, NULL };
	const char *pct[] = { "compare", a, a, "--fail-above", "ten", NULL };
	const char *neg[] = { "compare", a, a, "--fail-above", "-5", NULL };
	struct ru_run r;

	(void)state;
	free(ru_stage(tmp, "corrupt"));
	free(ru_stage(tmp, "other-schema"));
	snprintf(a, sizeof(a), "%s/direct", tmp);
	snprintf(c, sizeof(c), "%s/corrupt", tmp);
	r = ru_dmabench(tmp, corrupt);
	assert_int_equal(r.status, 2);
	ru_one_line(r.err);
	assert_contains(r.err, "/corrupt/results.json is not valid JSON");
	assert_string_equal(r.out, "");
	ru_free(&r);
	snprintf(c, sizeof(c), "%s/other-schema", tmp);
	r = ru_dmabench(tmp, corrupt);
	assert_int_equal(r.status, 2);
	ru_one_line(r.err);
	assert_contains(r.err, "has schema \"dmabench/2\"");
	ru_free(&r);
	r = ru_dmabench(tmp, one);
	assert_int_equal(r.status, 2);
	assert_contains(r.err, "expected at least two run folders");
	ru_free(&r);
	r = ru_dmabench(tmp, pct);
	assert_int_equal(r.status, 2);
	assert_contains(r.err, "--fail-above needs a percentage >= 0, not 'ten'");
	ru_free(&r);
	r = ru_dmabench(tmp, neg);
	assert_int_equal(r.status, 2);
	ru_free(&r);
}

/* Without --out: compare/ beside the first run. */
static void test_default_out(void **state)
{
	char a[PATH_MAX], b[PATH_MAX], path[PATH_MAX + 32];
	const char *args[] = { "compare", a, b, NULL };
	struct ru_run r;

	(void)state;
	snprintf(a, sizeof(a), "%s/direct", tmp);
	snprintf(b, sizeof(b), "%s/doubled", tmp);
	r = ru_dmabench(tmp, args);
	assert_int_equal(r.status, 0);
	ru_free(&r);
	snprintf(path, sizeof(path), "%s/compare/compare.html", tmp);
	assert_int_equal(access(path, R_OK), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_noise_rule),
		cmocka_unit_test(test_missing_operations),
		cmocka_unit_test(test_compare_direct_swiotlb),
		cmocka_unit_test(test_fail_above),
		cmocka_unit_test(test_compare_bad_input),
		cmocka_unit_test(test_default_out),
	};

	return cmocka_run_group_tests(tests, ru_setup, ru_teardown);
}
