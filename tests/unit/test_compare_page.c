// SPDX-License-Identifier: GPL-2.0
/*
 * compare's page as a document (report/compare_page.c), in process, on the
 * direct and swiotlb fixtures: the ranked differences' table and the links
 * to each run's own report are blocks of the doc, both emitters write them,
 * each chart's note is beneath it (an artefact chart's only where its
 * file does not already say it), and the table of every operation goes to
 * compare.html only, its significant cut to compare.md only.
 */
#include "report_util.h"

#include <math.h>

#include "report/compare_page.h"
#include "report/compare_table.h"
#include "report/doc.h"
#include "report/run_charts.h"

RU_TMPDIR("compare-page")

#define CAVEAT	"Under TCG there are no caches: no hardware finding."
#define TIMER	"Not drawn: the engine of edu is a timer."

struct page {
	struct rd_run runs[2];
	struct cmp_table t;
	struct chart_list charts;
	char out[PATH_MAX], chart_dir[PATH_MAX + 16];
	struct doc *d;
};

static void chart(struct page *p, const char *name, bool drawn, const char *note,
		  bool artefact)
{
	struct chart_entry *e = &p->charts.e[p->charts.n++];
	char path[2 * PATH_MAX];
	FILE *f;

	snprintf(e->name, sizeof(e->name), "%s", name);
	snprintf(e->title, sizeof(e->title), "title of %s", name);
	snprintf(e->section, sizeof(e->section), "Bandwidth");
	snprintf(e->note, sizeof(e->note), "%s", note);
	e->drawn = drawn;
	e->artefact = artefact;
	if (!drawn)
		return;
	snprintf(path, sizeof(path), "%s/%s.svg", p->chart_dir, name);
	f = fopen(path, "w");
	assert_non_null(f);
	fprintf(f, "<?xml version=\"1.0\"?>\n<svg id='c'><text>%s</text></svg>\n",
		artefact ? note : "bars");
	assert_int_equal(fclose(f), 0);
}

static void load(const char *name, struct rd_run *run)
{
	char *dir = ru_stage(tmp, name), why[512];

	assert_int_equal(rd_load(dir, run, why, sizeof(why)), 0);
	free(dir);
}

/* direct with its own report beside it (as `dmabench report` leaves it), swiotlb without. */
static struct page *page_of(void)
{
	struct page *p = calloc(1, sizeof(*p));
	char file[PATH_MAX + 16];

	assert_non_null(p);
	load("direct", &p->runs[0]);
	load("swiotlb", &p->runs[1]);
	for (const char *const *ext = (const char *const[]){ "html", "md", NULL }; *ext; ext++) {
		snprintf(file, sizeof(file), "%s/direct/report.%s", tmp, *ext);
		ru_copy_file(ru_fixture("direct/results.json"), file);
	}
	snprintf(p->out, sizeof(p->out), "%s/cmp", tmp);
	snprintf(p->chart_dir, sizeof(p->chart_dir), "%s/charts", p->out);
	mkdir(p->out, 0755);
	mkdir(p->chart_dir, 0755);
	chart(p, "bandwidth_user", true, CAVEAT, false);
	chart(p, "latency_device_transfer_total", true, TIMER, true);
	chart(p, "caching_transition", false, "", false);
	assert_int_equal(cmp_build(p->runs, 2, &p->t), 0);
	p->d = compare_page(p->runs, 2, &p->t, NAN, &p->charts, p->out);
	assert_non_null(p->d);
	assert_false(doc_failed(p->d));
	p->d->chart_dir = p->chart_dir;
	p->d->chart_rel = "charts";
	return p;
}

static void page_free(struct page *p)
{
	doc_free(p->d);
	cmp_free(&p->t);
	rd_free(&p->runs[0]);
	rd_free(&p->runs[1]);
	free(p);
}

/* The first table after the section with id @id. */
static const struct doc_table *table_after(const struct doc *d, const char *id)
{
	const struct doc_block *b = doc_find_id(d, id);

	assert_non_null(b);
	for (; b < d->b + d->n; b++)
		if (b->kind == DOC_TABLE)
			return b->table;
	fail_msg("no table after #%s", id);
	return NULL;
}

static const struct doc_block *chart_block(const struct doc *d, const char *name)
{
	char id[96];

	snprintf(id, sizeof(id), "chart-%s", name);
	return doc_find_id(d, id);
}

/* The ranked differences: a table of the doc, the largest first, in both files. */
static void test_ranked_table(void **state)
{
	struct page *p = page_of();
	const struct doc_block *b = doc_find_id(p->d, CMP_RANKED_ID);
	const struct doc_table *t;
	char *html, *md;

	(void)state;
	assert_non_null(b);
	assert_int_equal(b->kind, DOC_TABLE);
	t = b->table;
	assert_int_equal(t->ncols, 8);
	assert_string_equal(t->headers[3], "difference");
	assert_string_equal(t->headers[4], "ratio [interval]");
	assert_true(t->nrows >= 1);
	assert_string_equal(t->cells[0].text, "1");
	assert_string_equal(t->cells[1].text, "sync for device streaming 4 KiB, to device, "
			    "hot cache");
	assert_string_equal(t->cells[3].text, "30.0x slower than direct");
	assert_string_equal(t->cells[3].cls, "slower");
	assert_string_equal(t->cells[4].text, "x30.0 [19.2, 47.0]");
	assert_null(t->cells[4].cls);		/* one coloured cell a row */
	html = ru_emit(report_html_write, p->d);
	md = ru_emit(report_md_write, p->d);
	assert_contains(html, "<table id=\"ranked\"");
	assert_contains(md, "| 1 | sync for device streaming 4 KiB, to device, hot cache | "
			"swiotlb | **30.0x slower than direct** | x30.0 [19.2, 47.0] |");
	free(html);
	free(md);
	page_free(p);
}

/* Each run's own report, linked from its row of the platforms table. */
static void test_run_links(void **state)
{
	struct page *p = page_of();
	const struct doc_table *t = table_after(p->d, "platforms");
	char *html, *md;

	(void)state;
	assert_int_equal(t->nrows, 2);
	assert_string_equal(t->headers[7], "report");
	assert_string_equal(t->cells[0].text, "direct (lab)");
	assert_string_equal(t->cells[0].href, "../direct/report.html");
	assert_string_equal(t->cells[7].href, "../direct/report.html");
	assert_string_equal(t->cells[8].href, "../direct/report.md");
	/* swiotlb has no report yet: said so, not linked */
	assert_null(t->cells[t->ncols].href);
	assert_string_equal(t->cells[t->ncols + 7].text, "not written (dmabench report DIR)");
	assert_null(t->cells[t->ncols + 7].href);
	html = ru_emit(report_html_write, p->d);
	md = ru_emit(report_md_write, p->d);
	assert_contains(html, "<a href=\"../direct/report.md\">report.md</a>");
	assert_contains(md, "[report.html](../direct/report.html)");
	free(html);
	free(md);
	page_free(p);
}

/* Drawn charts only, each with its note beneath; the artefact's said once in the HTML. */
static void test_chart_notes(void **state)
{
	struct page *p = page_of();
	const struct doc_block *b = chart_block(p->d, "bandwidth_user");
	char *html, *md;

	(void)state;
	assert_non_null(b);
	assert_string_equal(b->note, CAVEAT);
	assert_false(b->note_drawn);
	b = chart_block(p->d, "latency_device_transfer_total");
	assert_non_null(b);
	assert_string_equal(b->note, TIMER);
	assert_true(b->note_drawn);
	assert_null(chart_block(p->d, "caching_transition"));	/* not drawn: not shown */
	html = ru_emit(report_html_write, p->d);
	md = ru_emit(report_md_write, p->d);
	assert_contains(html, "<br><span class=\"caveat\">" CAVEAT "</span></figcaption>");
	assert_contains(html, "<text>" TIMER "</text>");	/* the SVG is the sentence */
	assert_null(strstr(strstr(html, TIMER) + 1, TIMER));	/* and nowhere else */
	assert_contains(md, "(charts/bandwidth_user.png)\n\n_" CAVEAT "_\n");
	assert_contains(md, "(charts/latency_device_transfer_total.png)\n\n_" TIMER "_\n");
	free(html);
	free(md);
	page_free(p);
}

/* Every operation in compare.html; the significant ones, the ratio alone, in compare.md. */
static void test_two_cuts(void **state)
{
	struct page *p = page_of();
	char *html, *md;

	(void)state;
	html = ru_emit(report_html_write, p->d);
	md = ru_emit(report_md_write, p->d);
	assert_contains(html, "<summary>Every operation in all runs (184)</summary>");
	assert_null(strstr(html, "Every operation with a significant difference"));
	assert_null(strstr(html, "Here the ratio alone"));
	assert_contains(md, "## Every operation with a significant difference (");
	assert_contains(md, "Here the ratio alone");
	assert_null(strstr(md, "Every operation in all runs ("));
	assert_contains(md, "| operation | direct p50 | swiotlb |\n");
	free(html);
	free(md);
	page_free(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ranked_table),
		cmocka_unit_test(test_run_links),
		cmocka_unit_test(test_chart_notes),
		cmocka_unit_test(test_two_cuts),
	};

	return cmocka_run_group_tests(tests, ru_setup, ru_teardown);
}
