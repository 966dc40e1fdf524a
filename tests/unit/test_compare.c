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

static char tmp[] = "/tmp/dmabench-compare-XXXXXX";

static const char *const charts[] = {
	"latency_map_single_map", "latency_transfer_total", "sync_sync_for_device",
	"sync_sync_for_cpu", "bandwidth_user", "bandwidth_kernel",
	"caching_transition", "fault_in", "move", "sg_iter", "map_scaling",
	"latency_device_transfer_host_side", "device_transfer_phases",
};

static int setup(void **state)
{
	(void)state;
	return mkdtemp(tmp) ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	ru_rm_tree(tmp);
	return 0;
}

static void load(const char *name, struct rd_run *run)
{
	char why[512];

	assert_int_equal(rd_load(ru_fixture(name), run, why, sizeof(why)), 0);
}

/* Slower by 50 % but with intervals that overlap: noise, not a regression. */
static void test_noise_rule(void **state)
{
	struct rd_run runs[2];
	struct cmp_table t;
	struct stats *s;

	(void)state;
	load("direct", &runs[0]);
	load("direct", &runs[1]);
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
	load("direct", &runs[0]);
	load("swiotlb", &runs[1]);
	assert_int_equal(cmp_build(runs, 2, &t), 0);
	assert_int_equal(t.nmissing, 4);	/* for device/CPU x hot/cold */
	assert_int_equal(t.nrows, runs[0].nitems - 4);
	assert_contains(t.missing_example, "sync/streaming/sync_for_device/16777216/to/");
	assert_contains(t.missing_example, "(in direct)");
	cmp_free(&t);
	rd_free(&runs[0]);
	rd_free(&runs[1]);
}

static void test_compare_direct_swiotlb(void **state)
{
	char *a = ru_stage(tmp, "direct"), *b = ru_stage(tmp, "swiotlb");
	char out[PATH_MAX], html_path[PATH_MAX + 16], want[128];
	const char *args[] = { "compare", a, b, "--out", out, NULL };
	struct ru_run r;
	char *html, *md;

	(void)state;
	snprintf(out, sizeof(out), "%s/cmp", tmp);
	r = ru_dmabench(tmp, args);
	assert_int_equal(r.status, 0);
	assert_string_equal(r.err, "dmabench: note: 4 operations are not in every run "
			    "(e.g. sync/streaming/sync_for_device/16777216/to/t1/e0/hot/b1#0 "
			    "(in direct)); the ratio table leaves them out.\n");
	ru_free(&r);
	html = ru_read(out, "compare.html");
	assert_contains(html, "<h1>dmabench compare: direct vs swiotlb</h1>");
	assert_contains(html, "<section id=\"verdict\">");
	assert_contains(html, "<h3>direct</h3>");
	assert_contains(html, "<h3>swiotlb</h3>");
	assert_contains(html, "<section id=\"platforms\">");
	assert_contains(html, "<tr><th>streaming coherent</th><td>yes</td><td>no</td></tr>");
	assert_contains(html, "<tr><th>max mapping size</th><td>no limit reported</td>"
			"<td>256 KiB</td></tr>");
	assert_contains(html, "<tr><th>swiotlb</th><td>no</td><td>yes</td></tr>");
	/* what the device's own DMA showed ("verify") */
	assert_contains(html, "<tr><th>streaming coherent, device DMA</th><td>yes: no stale "
			"data without sync in 4 kinds that sync</td><td>no: stale data without "
			"sync in streaming, wc and uc</td></tr>");
	assert_contains(html, "<tr><th>device DMA round trips</th><td>ok in 5 of 5 kinds</td>"
			"<td>ok in 5 of 5 kinds</td></tr>");
	assert_contains(html, "<section id=\"ratios\">");
	/* sync for the device, 4K, hot: 100 ns vs 3000 ns */
	assert_contains(html, "<td>sync/streaming/sync_for_device/4096/to/t1/e0/hot/b1#0</td>"
			"<td>100 ns</td><td class=\"slower\">3000 ns (x30.0, slower)</td>");
	/* map_single is the same in both: no mark */
	assert_contains(html, "<td>map_single/streaming/map/4096/to/t1/e0/-/b1#0</td>"
			"<td>150 ns</td><td>150 ns (x1.00)</td>");
	for (size_t i = 0; i < sizeof(charts) / sizeof(charts[0]); i++) {
		snprintf(want, sizeof(want), "<figure id=\"chart-%s\">\n<svg", charts[i]);
		assert_contains(html, want);
	}
	assert_contains(html, "<details id=\"measurements-1\"><summary>Every measurement");
	/* device transfers: a table per run, ratios where bouncing costs (map x5) */
	assert_contains(html, "<details id=\"device-transfer-0\"><summary>Device transfer");
	assert_contains(html, "<details id=\"device-transfer-1\"><summary>Device transfer");
	assert_contains(html, "<td>device_transfer/streaming/map/4095/to/t1/e0/-/b1#0</td>"
			"<td>1000 ns</td><td class=\"slower\">5000 ns (x5.00, slower)</td>");
	assert_contains(html, "<tr><td>uc</td><td>from</td><td>4095</td><td>1.52 us</td>"
			"<td>5.00 us</td><td>100 ms</td><td>7.50 us</td><td>100 ms</td>"
			"<td>15.0 us</td></tr>");
	assert_null(strstr(html, "<script"));
	free(html);
	md = ru_read(out, "compare.md");
	assert_contains(md, "| streaming coherent | yes | no |\n");
	assert_contains(md, "| streaming coherent, device DMA | yes: no stale data without "
			"sync in 4 kinds that sync | no: stale data without sync in streaming, "
			"wc and uc |\n");
	assert_contains(md, "(charts/bandwidth_user.png)");
	assert_contains(md, "| sync/streaming/sync_for_device/4096/to/t1/e0/hot/b1#0 | "
			"100 ns | **3000 ns (x30.0, slower)** |");
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

	return cmocka_run_group_tests(tests, setup, teardown);
}
