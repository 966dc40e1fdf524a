// SPDX-License-Identifier: GPL-2.0
/*
 * `dmabench report` on the fixtures (the real binary, gnuplot and all):
 * every section and chart is there, every SVG parses, the page needs
 * nothing from the network, the verdict shows the fixture's numbers, and
 * broken input gets exit 2 with one sentence.
 */
#include "report_util.h"

RU_TMPDIR("report")

/* Every chart a full run has (charts/NAME.svg, <figure id="chart-NAME">). */
static const char *const charts[] = {
	"latency_alloc_free_alloc", "latency_map_single_map", "latency_map_single_unmap",
	"latency_map_sg_map", "latency_kernel_access_kread", "latency_transfer_total",
	"sync_sync_for_device", "sync_sync_for_cpu", "bandwidth_user",
	"bandwidth_kernel", "caching_transition", "fault_in", "move", "sg_iter",
	"map_scaling", "latency_device_transfer_total", "latency_device_transfer_host_side",
	"device_transfer_phases",
};

#define N_CHARTS	(sizeof(charts) / sizeof(charts[0]))

static const char *const sections[] = {
	"<section id=\"verdict\">", "<section id=\"charts\">",
	"<h3 id=\"floor-0\">Timing floor <a class=\"pl\" href=\"#floor-0\"",
	"<details id=\"platform-0\"><summary>Platform as recorded",
	"<details id=\"skipped-0\"><summary>Skipped (", "<details id=\"errors-0\"><summary>Errors (0)",
	"<details id=\"measurements-0\"><summary>Every measurement</summary>",
	"<details id=\"device-transfer-0\"><summary>Device transfer</summary>",
	"Is streaming DMA coherent here?", "What does a sync cost?",
	"When does streaming cost more than coherent?",
	"What does a WC/UC caching switch cost?", "How slow are reads through WC/UC?",
};

/*
 * Every in-page link of @page (@open "href=\"#" or "](#") names an id the
 * page has (@id_fmt "id=\"%s\""); returns how many links there were.
 */
static int check_links(const char *page, const char *open, char close)
{
	int n = 0;

	for (const char *p = page; (p = strstr(p, open)); n++) {
		const char *start = p + strlen(open), *end = strchr(start, close);
		char id[160], want[200];

		assert_non_null(end);
		assert_true((size_t)(end - start) < sizeof(id));
		snprintf(id, sizeof(id), "%.*s", (int)(end - start), start);
		snprintf(want, sizeof(want), "id=\"%s\"", id);
		if (!strstr(page, want))
			fail_msg("link #%s has no target", id);
		p = end;
	}
	return n;
}

static void check_html(const char *dir)
{
	char *html = ru_read(dir, "report.html");
	char want[128];

	for (size_t i = 0; i < sizeof(sections) / sizeof(sections[0]); i++)
		assert_contains(html, sections[i]);
	for (size_t i = 0; i < N_CHARTS; i++) {
		snprintf(want, sizeof(want), "<figure id=\"chart-%s\">\n<svg", charts[i]);
		assert_contains(html, want);
	}
	assert_null(strstr(html, "not measured in this run</figcaption>"));
	/* a table of contents, key numbers linked to their charts, all resolving */
	assert_contains(html, "<nav id=\"toc\"><strong>Contents:</strong> <a href=\"#verdict\">");
	assert_contains(html, "<table id=\"key-numbers\"");
	assert_contains(html, "<a href=\"#chart-sync_sync_for_device\">100 ns</a>"
			"<br><small>n 100, CI ±2.0 %</small>");
	assert_true(check_links(html, "href=\"#", '"') > 40);
	assert_contains(html, "<a href=\"results.json\">results.json</a> · "
			"<a href=\"samples.csv\">samples.csv</a></p>");
	/* self-contained: no scripts, no fetched styles, images or fonts */
	assert_null(strstr(html, "<script"));
	assert_null(strstr(html, "<link"));
	assert_null(strstr(html, "src="));
	assert_null(strstr(html, "url("));
	/* the verdict's numbers, from the fixture */
	assert_contains(html, "4 KiB: for the device 100 ns, for the CPU 110 ns");
	assert_contains(html, "From 4 MiB on");
	/* the pool sentence comes from a measured pool, which this fixture lacks */
	assert_contains(html, "A wc pool: not measured in this run.");
	/* a measurement row and the floor */
	assert_contains(html, "<td>map_single</td><td>streaming</td><td>map</td><td>4 KiB</td>");
	assert_contains(html, "p50 50.0 ns (95% CI 49.0..51.0");
	/* device transfer, streaming to 4095 B: 1523.75 + 1000 + 1500 + 1000 ns host side */
	assert_contains(html, "<tr><td>streaming</td><td>to</td><td>4095</td><td>1.52 us</td>"
			"<td>1.00 us</td><td>100 ms</td><td>1.50 us</td><td>100 ms</td>"
			"<td>5.02 us</td></tr>");
	/* coherent needs no hand-over; noncoherent syncs */
	assert_contains(html, "<tr><td>coherent</td><td>from</td><td>64</td><td>516 ns</td>"
			"<td>-</td><td>100 ms</td><td>-</td><td>100 ms</td><td>1.52 us</td></tr>");
	assert_contains(html, "<tr><td>noncoherent</td><td>to</td><td>64</td><td>516 ns</td>"
			"<td>500 ns</td><td>100 ms</td><td>500 ns</td>");
	free(html);
}

static void check_md(const char *dir)
{
	char *md = ru_read(dir, "report.md");
	char want[160], path[PATH_MAX];
	unsigned char magic[8];
	FILE *f;

	assert_contains(md, "# dmabench report: direct\n");
	assert_contains(md, "## Verdict\n");
	assert_contains(md, "### Timing floor\n");
	assert_contains(md, "### Platform as recorded (results.json)\n");
	assert_contains(md, "| test | kind | op | size |");
	assert_true(check_links(md, "](#", ')') > 20);
	assert_contains(md, "**Files:** [results.json](results.json) · [samples.csv](samples.csv)");
	assert_contains(md, "### Device transfer\n\nA transfer by the device's own DMA engine");
	assert_contains(md, "| wc | from | 4095 | 1.52 us | 1.00 us | 100 ms | 1.50 us | 100 ms | 5.02 us |");
	for (size_t i = 0; i < N_CHARTS; i++) {
		snprintf(want, sizeof(want), "(charts/%s.png)", charts[i]);
		assert_contains(md, want);
		snprintf(path, sizeof(path), "%s/charts/%s.png", dir, charts[i]);
		f = fopen(path, "rb");
		assert_non_null(f);
		assert_int_equal(fread(magic, 1, 8, f), 8);
		assert_memory_equal(magic, "\x89PNG\r\n\x1a\n", 8);
		fclose(f);
	}
	free(md);
}

static void test_report_direct(void **state)
{
	char *dir = ru_stage(tmp, "direct");
	const char *args[] = { "report", dir, NULL };
	char html[PATH_MAX];
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
	assert_int_equal(ru_check_svg(tmp, dir, html), (int)N_CHARTS);
	free(dir);
}

/* The swiotlb fixture misses 16 MiB syncs: said in the verdict, no crash. */
static void test_report_swiotlb(void **state)
{
	char *dir = ru_stage(tmp, "swiotlb");
	const char *args[] = { "report", dir, NULL };
	struct ru_run r;
	char *html;

	(void)state;
	r = ru_dmabench(tmp, args);
	assert_int_equal(r.status, 0);
	ru_free(&r);
	html = ru_read(dir, "report.html");
	assert_contains(html, "Streaming DMA is NOT coherent");
	assert_contains(html, "16 MiB: not measured in this run (see Skipped).");
	assert_contains(html, "more than swiotlb can bounce at once");
	free(html);
	free(dir);
}

static void expect_exit2(const char *name, const char *sentence)
{
	char *dir = ru_stage(tmp, name);
	const char *args[] = { "report", dir, NULL };
	struct ru_run r = ru_dmabench(tmp, args);
	char path[PATH_MAX];

	assert_int_equal(r.status, 2);
	ru_one_line(r.err);
	assert_contains(r.err, "dmabench: ");
	assert_contains(r.err, sentence);
	assert_string_equal(r.out, "");
	snprintf(path, sizeof(path), "%s/report.html", dir);
	assert_int_equal(access(path, F_OK), -1);
	ru_free(&r);
	free(dir);
}

static void test_report_bad_input(void **state)
{
	const char *none[] = { "report", NULL };
	const char *two[] = { "report", "a", "b", NULL };
	const char *missing[] = { "report", "/nonexistent/run", NULL };
	struct ru_run r;

	(void)state;
	expect_exit2("corrupt", "/results.json is not valid JSON");
	expect_exit2("other-schema", "has schema \"dmabench/2\"; this dmabench reads \"dmabench/1\"");
	expect_exit2("no-p50", "has no \"stats\" with a p50");
	r = ru_dmabench(tmp, missing);
	assert_int_equal(r.status, 2);
	assert_string_equal(r.err, "dmabench: /nonexistent/run/results.json does not exist: "
			    "is /nonexistent/run the folder of a `dmabench run`?.\n");
	ru_free(&r);
	r = ru_dmabench(tmp, none);
	assert_int_equal(r.status, 2);
	assert_contains(r.err, "expected the folder of a run (DIR)");
	ru_free(&r);
	r = ru_dmabench(tmp, two);
	assert_int_equal(r.status, 2);
	assert_contains(r.err, "unexpected argument 'b'");
	ru_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_report_direct),
		cmocka_unit_test(test_report_swiotlb),
		cmocka_unit_test(test_report_bad_input),
	};

	return cmocka_run_group_tests(tests, ru_setup, ru_teardown);
}
