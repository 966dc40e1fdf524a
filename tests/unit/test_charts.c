// SPDX-License-Identifier: GPL-2.0
/*
 * The report's charts drawn from the fixtures (report/run_charts.c): stable
 * names, small multiples when comparing, kind colours, tics without
 * gnuplot's spelling, and edu's flat timer replaced by a sentence in a lab
 * run but drawn on a host.
 */
#include "unit.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "report_util.h"
#include "report/run_charts.h"
#include "results/query.h"

RU_TMPDIR("charts")

static const struct chart_entry *find(const struct chart_list *l, const char *name)
{
	for (size_t i = 0; i < l->n; i++)
		if (!strcmp(l->e[i].name, name))
			return &l->e[i];
	fail_msg("no chart %s", name);
	return NULL;
}

static char *chart_file(const char *dir, const char *name, const char *ext)
{
	char file[128];

	snprintf(file, sizeof(file), "%s.%s", name, ext);
	return ru_read(dir, file);
}

static void draw(const struct rd_run *runs, size_t n, const char *sub,
		 struct chart_list *out, char *dir, size_t len)
{
	char why[512];

	snprintf(dir, len, "%s/%s", tmp, sub);
	assert_int_equal(mkdir(dir, 0755), 0);
	if (report_charts(runs, n, dir, out, why, sizeof(why)))
		fail_msg("report_charts: %s", why);
}

/* No tic label in gnuplot's own spelling ("4 kiB", "1e+04"). */
static void assert_units_spelled(const char *svg)
{
	if (strstr(svg, "kiB") || strstr(svg, ">1e+") || strstr(svg, ">1e-"))
		fail_msg("an SVG has gnuplot's unit spelling");
}

static void test_lab_run(void **state)
{
	static struct chart_list l;
	struct rd_run run;
	char dir[PATH_MAX], *svg, *dat;
	const struct chart_entry *e;

	(void)state;
	ru_load("direct", &run);
	draw(&run, 1, "direct", &l, dir, sizeof(dir));
	/* the names the pages link to */
	for (size_t i = 0; i < l.n; i++) {
		assert_true(l.e[i].drawn);
		svg = chart_file(dir, l.e[i].name, "svg");
		assert_units_spelled(svg);
		free(svg);
	}
	/* edu's total is 100 ms at every size: a sentence, not a line */
	e = find(&l, "latency_device_transfer_total");
	assert_true(e->artefact);
	assert_contains(e->note, "Not drawn");
	svg = chart_file(dir, e->name, "svg");
	assert_contains(svg, "Not drawn");
	free(svg);
	/* host side is the CPU's own time: drawn as a measurement */
	assert_false(find(&l, "latency_device_transfer_host_side")->artefact);
	/* the phases leave edu's timer out: no dot near 100 ms */
	dat = chart_file(dir, "device_transfer_phases", "dat");
	for (char *p = strtok(dat, "\n"); p; p = strtok(NULL, "\n")) {
		double x, v;

		if (sscanf(p, "%lf %lf", &x, &v) == 2 && isfinite(v))
			assert_true(v < 1e7);
	}
	free(dat);
	/* streaming keeps its red (#d62728 = 14034728) on the bar chart */
	dat = chart_file(dir, "bandwidth_user", "dat");
	assert_contains(dat, " 14034728 ");
	free(dat);
	/* TCG: the bandwidth chart carries its caveat for the page */
	assert_contains(find(&l, "bandwidth_user")->note, "no caches");
	rd_free(&run);
}

static void test_host_run(void **state)
{
	static struct chart_list l;
	struct rd_run run;
	char dir[PATH_MAX], *svg;
	const struct chart_entry *e;

	(void)state;
	ru_load("direct", &run);
	/* the same figures measured on a host: a device could be that slow */
	json_object_set_new(run.platform, "lab", json_false());
	draw(&run, 1, "host", &l, dir, sizeof(dir));
	e = find(&l, "latency_device_transfer_total");
	assert_false(e->artefact);
	assert_true(e->drawn);
	svg = chart_file(dir, e->name, "svg");
	assert_null(strstr(svg, "Not drawn"));
	free(svg);
	assert_string_equal(find(&l, "bandwidth_user")->note, "");
	rd_free(&run);
}

static void test_compare_panels(void **state)
{
	static struct chart_list l;
	struct rd_run runs[2];
	char dir[PATH_MAX], *svg, *dat;

	(void)state;
	ru_load("direct", &runs[0]);
	ru_load("swiotlb", &runs[1]);
	draw(runs, 2, "compare", &l, dir, sizeof(dir));
	/* a panel per platform, titled with its label, one legend of kinds */
	svg = chart_file(dir, "latency_map_single_map", "svg");
	assert_contains(svg, ">direct</text>");
	assert_contains(svg, ">swiotlb</text>");
	assert_contains(svg, "<title>streaming</title>");
	assert_null(strstr(svg, "direct: streaming"));
	assert_units_spelled(svg);
	free(svg);
	/* the kind's colour does not depend on the page */
	dat = chart_file(dir, "bandwidth_user", "dat");
	assert_contains(dat, " 14034728 ");
	free(dat);
	rd_free(&runs[0]);
	rd_free(&runs[1]);
}

/* Rows as a real userptr run wrote them: one line per op and memory, by size. */
static void test_userptr_chart(void **state)
{
	static struct chart_list l;
	struct rd_run run;
	char dir[PATH_MAX], *dat;
	const struct chart_entry *e;

	(void)state;
	ru_load("userptr", &run);
	draw(&run, 1, "userptr", &l, dir, sizeof(dir));
	e = find(&l, "userptr");
	assert_true(e->drawn);
	dat = chart_file(dir, "userptr", "dat");
	assert_contains(dat, "# pin, anonymous\n4096 ");
	assert_contains(dat, "# pin, anonymous + MADV_HUGEPAGE\n4096 ");
	assert_contains(dat, "# pin, memfd (shmem)\n4096 ");
	assert_contains(dat, "# sg table, anonymous\n4096 ");
	assert_contains(dat, "# DMA map, anonymous\n4096 ");
	/* the THP pin at 16 MiB, where the pages are huge: 16.3 us, p50 */
	assert_contains(dat, "\n16777216 16292 ");
	free(dat);
	rd_free(&run);
}

/* A run without the userptr test has no userptr chart, rather than an empty one. */
static void test_no_userptr_chart(void **state)
{
	static struct chart_list l;
	struct rd_run run;
	char dir[PATH_MAX];

	(void)state;
	ru_load("direct", &run);
	draw(&run, 1, "no-userptr", &l, dir, sizeof(dir));
	for (size_t i = 0; i < l.n; i++)
		assert_string_not_equal(l.e[i].name, "userptr");
	rd_free(&run);
}

/* A real lab run's pool rows: a miss and a hit line per kind, by size. */
static void test_pool_chart(void **state)
{
	static struct chart_list l;
	struct rd_run run;
	char dir[PATH_MAX], *dat;
	const struct chart_entry *e;

	(void)state;
	ru_load("pool", &run);
	draw(&run, 1, "pool", &l, dir, sizeof(dir));
	e = find(&l, "pool");
	assert_true(e->drawn);
	dat = chart_file(dir, "pool", "dat");
	assert_contains(dat, "# wc pool miss (alloc, switch, map)\n4096 ");
	assert_contains(dat, "# wc pool hit (take, map)\n4096 ");
	assert_contains(dat, "# uc pool miss (alloc, switch, map)\n4096 ");
	assert_contains(dat, "# uc pool hit (take, map)\n4096 ");
	free(dat);
	rd_free(&run);
	/* a run without the pool test has no pool chart, rather than an empty one */
	ru_load("direct", &run);
	draw(&run, 1, "no-pool", &l, dir, sizeof(dir));
	for (size_t i = 0; i < l.n; i++)
		assert_string_not_equal(l.e[i].name, "pool");
	rd_free(&run);
}

/*
 * The attrs test's charts (hand-made fixture attrs-swiotlb): alloc and free
 * per attribute with no attribute black and its line across each group,
 * map+unmap with and without SKIP_CPU_SYNC (summed, or batched where
 * floor-bound); none for a run without the test.
 */
static void test_attrs_charts(void **state)
{
	static struct chart_list l;
	struct rd_run run;
	char dir[PATH_MAX], *dat;
	const struct chart_entry *e;

	(void)state;
	ru_load("attrs-swiotlb", &run);
	draw(&run, 1, "attrs", &l, dir, sizeof(dir));
	e = find(&l, "attrs_alloc");
	assert_true(e->drawn);
	assert_contains(e->title, "Alloc and free per DMA attribute");
	dat = chart_file(dir, "attrs_alloc", "dat");
	/* plain alloc of 1 MiB, black (0), with its p25..p75; then write-combine's, coloured */
	assert_contains(dat, " 100000 97500 102500 0 7 ");
	assert_contains(dat, " 101000 98475 103525 ");
	assert_null(strstr(dat, " 101000 98475 103525 0 "));
	/* the groups' lines are the plain figures: alloc 64 KiB, free 64 KiB, alloc 1 MiB, ... */
	assert_contains(dat, "# references of panel 1\n0 20000\n1 8000\n2 100000\n3 30000\n"
			"4 22000\n");
	free(dat);
	assert_true(find(&l, "attrs_map")->drawn);
	dat = chart_file(dir, "attrs_map", "dat");
	/* sg 1 MiB to the device without the sync: 6.00 + 5.00 us, quartiles summed */
	assert_contains(dat, " 11000 10725 11275 ");
	/* with it: 90 + 5 us */
	assert_contains(dat, " 95000 92625 97375 ");
	/* single 4 KiB to the device: the batched pair (650 ns), not 400 + 300 */
	assert_contains(dat, " 650 633.75 666.25 ");
	assert_null(strstr(dat, " 700 "));
	free(dat);
	rd_free(&run);

	ru_load("direct", &run);
	draw(&run, 1, "no-attrs", &l, dir, sizeof(dir));
	for (size_t i = 0; i < l.n; i++)
		assert_null(strstr(l.e[i].name, "attrs"));
	rd_free(&run);
}

/* A hand-made row of @test's @op at @size: p50 with p25..p75 at -5 %..+5 %. */
static json_t *row_of(const char *test, const char *op, uint64_t size, double p50)
{
	json_t *it = json_pack("{s:s, s:s, s:I, s:i, s:s, s:i, s:i,"
			       " s:{s:i, s:f, s:f, s:f, s:f, s:f}}",
			       "test", test, "op", op, "size", (json_int_t)size, "batch", 1,
			       "unit", "ns", "threads", 1, "occurrence", 0, "stats", "n", 50,
			       "min", p50 * 0.8, "p25", p50 * 0.95, "p50", p50, "p75", p50 * 1.05,
			       "max", p50 * 2);

	assert_non_null(it);
	return it;
}

static void caching_row(json_t *rows, const char *kind, const char *op, uint64_t size,
			unsigned int entries, double p50)
{
	json_t *it = row_of("caching", op, size, p50);

	json_object_set_new(it, "kind", json_string(kind));
	json_object_set_new(it, "entries", json_integer(entries));
	json_array_append_new(rows, it);
}

/*
 * The caching chart: the range form (set_memory_*) a line of its own per
 * kind beside the page array's, by pages switched in one call; the
 * batch-size rows (@entries pages a call at 4 MiB) are no page count and
 * stay off it.
 */
static void test_caching_chart(void **state)
{
	static struct chart_list l;
	json_t *rows = json_array(), *doc;
	struct rd_run run;
	char dir[PATH_MAX], why[256], *dat;

	(void)state;
	caching_row(rows, "wc", "set_wc", 4096, 0, 3000);
	caching_row(rows, "wc", "set_wc", 1048576, 0, 300000);
	caching_row(rows, "wc", "set_wb", 4096, 0, 2000);
	caching_row(rows, "wc", "set_wc", 4194304, 256, 777777);
	caching_row(rows, "wc", "set_memory_wc", 4096, 0, 2500);
	caching_row(rows, "wc", "set_memory_wc", 1048576, 0, 120000);
	caching_row(rows, "wc", "set_memory_wc", 4194304, 0, 480000);
	caching_row(rows, "wc", "set_memory_wb", 4096, 0, 1500);
	doc = json_pack("{s:s, s:b, s:o}", "schema", "dmabench/1", "complete", 1, "results", rows);
	assert_non_null(doc);
	assert_int_equal(rd_from_json(doc, "caching", &run, why, sizeof(why)), 0);
	draw(&run, 1, "caching", &l, dir, sizeof(dir));
	assert_true(find(&l, "caching_transition")->drawn);
	assert_contains(find(&l, "caching_transition")->title, "set_memory_* on one contiguous "
			"range");
	dat = chart_file(dir, "caching_transition", "dat");
	assert_contains(dat, "# wc set_wc\n1 3000 ");
	assert_contains(dat, "\n256 300000 ");
	assert_contains(dat, "# wc set_memory_wc\n1 2500 ");
	assert_contains(dat, "\n256 120000 ");
	assert_contains(dat, "\n1024 480000 ");
	assert_contains(dat, "# wc set_memory_wb\n1 1500 ");
	/* 4 MiB at 256 pages a call: not a point of the array's line */
	assert_null(strstr(dat, " 777777 "));
	free(dat);
	rd_free(&run);
}

static void dmabuf_row(json_t *rows, const char *kind, const char *source, const char *exporter,
		       const char *op, uint64_t size, const char *dir, double p50)
{
	json_t *it = row_of("dmabuf", op, size, p50);

	json_object_set_new(it, "source", json_string(source));
	json_object_set_new(it, "dir", json_string(dir));
	json_object_set_new(it, "importer", json_string("edu"));
	if (kind)
		json_object_set_new(it, "kind", json_string(kind));
	if (exporter)
		json_object_set_new(it, "exporter", json_string(exporter));
	json_array_append_new(rows, it);
}

/*
 * The dma-buf charts on hand-made rows: the importer's map per share at its
 * largest size (64 KiB left out), p50 with p25..p75, dots as the figures
 * span decades; sync start + end summed; none without dmabuf rows.
 */
static void test_dmabuf_charts(void **state)
{
	static struct chart_list l;
	json_t *rows = json_array(), *doc;
	struct rd_run run;
	char dir[PATH_MAX], why[256], *dat;
	const struct chart_entry *e;

	(void)state;
	dmabuf_row(rows, "streaming", "dmabench", "platform", "dmabuf_map", 65536, "to", 7777);
	dmabuf_row(rows, "streaming", "dmabench", "platform", "dmabuf_map", 1048576, "to", 20000);
	dmabuf_row(rows, "coherent", "dmabench", "platform", "dmabuf_map", 1048576, "to", 6000);
	dmabuf_row(rows, NULL, "udmabuf", NULL, "dmabuf_map", 1048576, "to", 250);
	dmabuf_row(rows, "streaming", "dmabench", "platform", "sync_start", 1048576, "to", 1400);
	dmabuf_row(rows, "streaming", "dmabench", "platform", "sync_end", 1048576, "to", 1200);
	doc = json_pack("{s:s, s:b, s:o}", "schema", "dmabench/1", "complete", 1, "results", rows);
	assert_non_null(doc);
	assert_int_equal(rd_from_json(doc, "dmabuf", &run, why, sizeof(why)), 0);
	draw(&run, 1, "dmabuf", &l, dir, sizeof(dir));
	e = find(&l, "dmabuf_map");
	assert_true(e->drawn);
	assert_contains(e->title, "1 MiB buffers");
	dat = chart_file(dir, "dmabuf_map", "dat");
	/* p50 with its p25..p75; the 64 KiB row is not on a 1 MiB chart */
	assert_contains(dat, " 20000 19000 21000 ");
	assert_contains(dat, " 6000 5700 6300 ");
	assert_contains(dat, " 250 237.5 262.5 ");
	assert_null(strstr(dat, " 7777 "));
	free(dat);
	/* 250 ns to 20 us: dots on a log axis */
	dat = chart_file(dir, "dmabuf_map", "svg");
	assert_contains(dat, "log scale");
	free(dat);
	assert_true(find(&l, "dmabuf_sync")->drawn);
	dat = chart_file(dir, "dmabuf_sync", "dat");
	assert_contains(dat, " 2600 2470 2730 ");
	free(dat);
	rd_free(&run);

	ru_load("direct", &run);
	draw(&run, 1, "no-dmabuf", &l, dir, sizeof(dir));
	for (size_t i = 0; i < l.n; i++)
		assert_null(strstr(l.e[i].name, "dmabuf"));
	rd_free(&run);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_userptr_chart),
		cmocka_unit_test(test_no_userptr_chart),
		cmocka_unit_test(test_pool_chart),
		cmocka_unit_test(test_attrs_charts),
		cmocka_unit_test(test_caching_chart),
		cmocka_unit_test(test_dmabuf_charts),
		cmocka_unit_test(test_lab_run),
		cmocka_unit_test(test_host_run),
		cmocka_unit_test(test_compare_panels),
	};

	return cmocka_run_group_tests(tests, ru_setup, ru_teardown);
}
