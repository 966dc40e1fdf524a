// SPDX-License-Identifier: GPL-2.0
/*
 * The run report as a document (report/run_page.c) on the direct fixture:
 * the key-numbers table (every figure with its noise and a link to a chart
 * that is on the page), the table of contents and every in-page link
 * resolving to an id of the page, the platform table grouped with each
 * fact once, the oddity of no-op syncs explained, the files linked, each
 * chart's note beneath it.
 */
#include "unit.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/doc.h"
#include "report/key_numbers.h"
#include "report/platform_table.h"
#include "report/run_page.h"

static const char *fixture(const char *name)
{
	static char path[PATH_MAX];
	const char *src = __FILE__;
	const char *slash = strrchr(src, '/');

	snprintf(path, sizeof(path), "%.*s/../fixtures/report/%s", (int)(slash - src), src,
		 name);
	return path;
}

struct page {
	struct rd_run run;
	struct verdict v;
	struct chart_list charts;
	struct doc *d;
};

#define BW_NOTE	"Under TCG there are no caches: equal bars are no hardware finding."
#define TIMER_NOTE	"Not drawn: edu's engine is a ~100 ms timer."

/* The sync and bandwidth charts drawn (with notes), the caching chart not. */
static void charts_of(struct chart_list *c)
{
	static const char *const drawn[] = { "sync_sync_for_device", "sync_sync_for_cpu",
					     "bandwidth_user", "latency_transfer_total" };

	memset(c, 0, sizeof(*c));
	for (size_t i = 0; i < sizeof(drawn) / sizeof(drawn[0]); i++) {
		snprintf(c->e[c->n].name, sizeof(c->e[0].name), "%s", drawn[i]);
		snprintf(c->e[c->n].title, sizeof(c->e[0].title), "%s", drawn[i]);
		snprintf(c->e[c->n].section, sizeof(c->e[0].section), "Sync");
		c->e[c->n++].drawn = true;
	}
	snprintf(c->e[2].note, sizeof(c->e[0].note), "%s", BW_NOTE);
	snprintf(c->e[3].note, sizeof(c->e[0].note), "%s", TIMER_NOTE);
	c->e[3].artefact = true;	/* its file is the sentence */
	snprintf(c->e[c->n].name, sizeof(c->e[0].name), "caching_transition");
	c->e[c->n++].drawn = false;
}

static struct page *page_of(const char *name)
{
	struct page *p = calloc(1, sizeof(*p));
	char why[256];
	struct report_doc in = { .nruns = 1 };

	assert_non_null(p);
	assert_int_equal(rd_load(fixture(name), &p->run, why, sizeof(why)), 0);
	verdict_compute(&p->run, &p->v);
	charts_of(&p->charts);
	in.runs = &p->run;
	in.verdicts = &p->v;
	in.charts = &p->charts;
	p->d = run_page(&in);
	assert_non_null(p->d);
	assert_false(doc_failed(p->d));
	return p;
}

static void page_free(struct page *p)
{
	doc_free(p->d);
	rd_free(&p->run);
	free(p);
}

static const struct doc_table *table_with_id(const struct doc *d, const char *id)
{
	const struct doc_block *b = doc_find_id(d, id);

	assert_non_null(b);
	assert_int_equal(b->kind, DOC_TABLE);
	return b->table;
}

static const struct doc_cell *cell(const struct doc_table *t, const char *row,
				   const char *col)
{
	size_t c = 0, r;

	while (c < t->ncols && strcmp(t->headers[c], col))
		c++;
	assert_true(c < t->ncols);
	for (r = 0; r < t->nrows; r++)
		if (!strcmp(t->cells[r * t->ncols].text, row))
			return &t->cells[r * t->ncols + c];
	fail_msg("no row %s", row);
	return NULL;
}

static void test_key_numbers(void **state)
{
	struct page *p = page_of("direct");
	const struct doc_table *t = table_with_id(p->d, KEY_NUMBERS_ID);
	const struct doc_cell *c;
	size_t figures = 0;

	(void)state;
	assert_int_equal(t->ncols, 6);	/* the figure and five kinds */
	assert_string_equal(t->headers[1], "coherent");
	assert_string_equal(t->align, "lrrrrr");
	c = cell(t, "sync for the device, 4 KiB", "streaming");
	assert_string_equal(c->text, "100 ns");
	assert_string_equal(c->note, "n 100, CI ±2.0 %");
	assert_string_equal(c->href, "#chart-sync_sync_for_device");
	assert_string_equal(cell(t, "sync for the CPU, 64 KiB", "coherent")->text,
			    "none needed");
	/* round trip against coherent: 1.00 us vs 1.50 us */
	c = cell(t, "round trip, 64 KiB (fill, syncs, read)", "streaming");
	assert_string_equal(c->text, "1.00 us");
	assert_contains(c->note, "; x0.667 coherent");
	/* a chart that was not drawn is not linked */
	c = cell(t, "caching switch, per page", "wc");
	assert_null(c->href);
	assert_non_null(c->note);
	/* every figure: a noise note with n, and every link resolves */
	for (size_t i = 0; i < t->nrows * t->ncols; i++) {
		c = &t->cells[i];
		if (i % t->ncols == 0 || !strcmp(c->text, "-") || !strcmp(c->text, "none needed"))
			continue;
		figures++;
		assert_non_null(c->note);
		assert_true(strstr(c->note, "n ") || strstr(c->note, "reps"));
		assert_true(strstr(c->note, "CI ±") || strstr(c->note, "IQR") ||
			    strstr(c->note, "range"));
		if (c->href)
			assert_non_null(doc_find_id(p->d, c->href + 1));
	}
	assert_true(figures >= 20);
	page_free(p);
}

/* The TOC lists every section and collapsed part, and each id is there once. */
static void test_toc_and_ids(void **state)
{
	struct page *p = page_of("direct");
	size_t toc = 0, ids = 0;

	(void)state;
	for (size_t i = 0; i < p->d->n; i++) {
		const struct doc_block *b = &p->d->b[i];

		if (b->kind == DOC_TOC)
			toc++;
		if (!b->id)
			continue;
		ids++;
		assert_ptr_equal(doc_find_id(p->d, b->id), b);	/* unique */
	}
	assert_int_equal(toc, 1);
	assert_true(ids >= 10);
	for (const char *const *id = (const char *const[]){ "verdict", "key-numbers",
				"deciding", "odd", "platform", "charts", "raw",
				"measurements-0", "skipped-0", NULL }; *id; id++)
		assert_non_null(doc_find_id(p->d, *id));
	page_free(p);
}

/* Kernel once (platform.kernel and platform.info.kernel are the same fact). */
static void test_platform_grouped(void **state)
{
	struct page *p = page_of("direct");
	const struct doc_table *t;
	size_t kernel = 0;
	const char *group = NULL;

	(void)state;
	doc_free(p->d);
	p->d = doc_new("t");
	platform_table(p->d, &p->run, "pt");
	t = table_with_id(p->d, "pt");
	assert_int_equal(t->ncols, 3);
	for (size_t r = 0; r < t->nrows; r++) {
		const char *g = t->cells[r * 3].text;

		for (size_t c = 0; c < 3; c++)
			if (strstr(t->cells[r * 3 + c].text, "6.1.0-fixture-amd64"))
				kernel++;
		if (*g) {	/* a group is named once, on its first row */
			assert_true(!group || strcmp(group, g));
			group = g;
		}
	}
	assert_int_equal(kernel, 1);
	assert_string_equal(cell(t, "machine", "fact")->text, "CPU");
	assert_string_equal(cell(t, "machine", "value")->text, "Fixture CPU");
	page_free(p);
}

/* direct: syncs are no-ops, yet 16 MiB costs: the page says why. */
static void test_oddity_and_files(void **state)
{
	struct page *p = page_of("direct");
	char *html = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&html, &len);

	(void)state;
	assert_non_null(f);
	p->d->chart_dir = "/nonexistent";	/* charts drawn in charts_of() are inlined... */
	for (size_t i = 0; i < p->d->n; i++)	/* ...so draw none for this check */
		if (p->d->b[i].kind == DOC_CHART)
			p->d->b[i].drawn = false;
	assert_int_equal(report_html_write(f, p->d), 0);
	fclose(f);
	assert_contains(html, "<section id=\"odd\"><h2>What looks odd");
	assert_contains(html, "dma_direct_sync_sg_for_device() and _for_cpu() call "
			"dma_to_phys(), is_swiotlb_buffer() and dev_is_dma_coherent() for every "
			"entry");
	assert_contains(html, "<p class=\"links\"><strong>Files:</strong> "
			"<a href=\"results.json\">results.json</a>");
	assert_contains(html, "<table id=\"key-numbers\"");
	free(html);
	page_free(p);
}

/* Each chart carries its note to the emitters; the artefact's is marked as in its file. */
static void test_chart_notes(void **state)
{
	struct page *p = page_of("direct");
	const struct doc_block *b = doc_find_id(p->d, "chart-bandwidth_user");

	(void)state;
	assert_non_null(b);
	assert_string_equal(b->note, BW_NOTE);
	assert_false(b->note_drawn);
	b = doc_find_id(p->d, "chart-latency_transfer_total");
	assert_non_null(b);
	assert_string_equal(b->note, TIMER_NOTE);
	assert_true(b->note_drawn);
	b = doc_find_id(p->d, "chart-sync_sync_for_cpu");
	assert_non_null(b);
	assert_null(b->note);		/* no note: none beneath */
	page_free(p);
}

/* The paragraph of @d that contains @needle, or NULL. */
static const char *para_with(const struct doc *d, const char *needle)
{
	for (size_t i = 0; i < d->n; i++)
		if (d->b[i].kind == DOC_PARA && d->b[i].text && strstr(d->b[i].text, needle))
			return d->b[i].text;
	return NULL;
}

/*
 * A run made with a planted slowdown (make bench-gate: the harness's knob or
 * the module's plant_ops) says so where the run is named; others do not.
 */
static void test_planted_run_flagged(void **state)
{
	struct page *p = page_of("direct");
	const char *line;
	json_t *method = json_object_get(p->run.doc, "method");

	(void)state;
	assert_null(para_with(p->d, "PLANTED"));
	assert_non_null(method);
	json_object_set_new(method, "planted_kernel_slowdown",
			    json_string("module plant_ops=0x10 plant_pct=125"));
	doc_free(p->d);
	{
		struct report_doc in = { .nruns = 1, .runs = &p->run, .verdicts = &p->v,
					 .charts = &p->charts };

		p->d = run_page(&in);
	}
	assert_non_null(p->d);
	line = para_with(p->d, "PLANTED SLOWDOWN");
	assert_non_null(line);
	assert_contains(line, "module plant_ops=0x10 plant_pct=125");
	assert_contains(line, "not a measurement");
	page_free(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_key_numbers),
		cmocka_unit_test(test_toc_and_ids),
		cmocka_unit_test(test_platform_grouped),
		cmocka_unit_test(test_oddity_and_files),
		cmocka_unit_test(test_chart_notes),
		cmocka_unit_test(test_planted_run_flagged),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
