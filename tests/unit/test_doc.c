// SPDX-License-Identifier: GPL-2.0
/*
 * The document model (report/doc.h) and its two emitters: every block
 * comes out in HTML and in Markdown, text is escaped, numbers right-aligned,
 * links and permalinks point at ids that exist, collapsed parts are
 * <details> in HTML and plain headings in Markdown; a chart's note is
 * beneath it, a block can be for one file only, and Markdown tells a
 * "faster" cell (italic) from a "slower" one (bold).
 */
#include "report_util.h"

#include "report/doc.h"

RU_TMPDIR("doc")

static struct doc *sample(void)
{
	static const char *const hdr[] = { "op", "p50" };
	struct doc *d = doc_new("t <1>");
	struct doc_table *t;

	assert_non_null(d);
	doc_toc(d);
	doc_section(d, "first", "First & foremost");
	doc_para_full(d, DOC_VERDICT, "Q?", "An answer.", "Not a finding under TCG.");
	t = doc_table(d, "nums", 2, hdr, "lr");
	doc_row_cells(t, (struct doc_cell[]){ { .text = "a|b" },
					     { .text = "1.00 us", .href = "#chart-c1" } });
	doc_chart(d, "c1", "Chart one", false);
	doc_details(d, "raw", 3, "Raw");
	doc_item(d, "x:", "one", NULL);
	doc_item(d, NULL, "results.json", "results.json");
	doc_details_end(d);
	doc_heading(d, 3, "h", "Sub");
	return d;
}

static void test_html(void **state)
{
	struct doc *d = sample();
	char *h = ru_emit(report_html_write, d);

	(void)state;
	assert_contains(h, "<title>t &lt;1&gt;</title>");
	assert_contains(h, "<nav id=\"toc\"><strong>Contents:</strong> "
			"<a href=\"#first\">First &amp; foremost</a> · <a href=\"#raw\">Raw</a></nav>");
	assert_contains(h, "<section id=\"first\"><h2>First &amp; foremost <a class=\"pl\" "
			"href=\"#first\"");
	assert_contains(h, "<p class=\"verdict\"><strong>Q?</strong> An answer. "
			"<span class=\"caveat\">Not a finding under TCG.</span></p>");
	assert_contains(h, "<table id=\"nums\" class=\"r2\"><tr><th>op</th><th>p50</th></tr>\n"
			"<tr><td>a|b</td><td><a href=\"#chart-c1\">1.00 us</a></td></tr>");
	assert_contains(h, ".r2 td:nth-child(2)");
	assert_contains(h, "<figure id=\"chart-c1\">\n<figcaption>Chart one: not measured");
	assert_contains(h, "<details id=\"raw\"><summary>Raw</summary>\n<ul>\n"
			"<li><strong>x:</strong> one</li>\n"
			"<li><a href=\"results.json\">results.json</a></li>\n</ul>\n</details>");
	assert_contains(h, "<h3 id=\"h\">Sub <a class=\"pl\" href=\"#h\"");
	assert_contains(h, "</section>\n</body></html>\n");
	free(h);
	doc_free(d);
}

static void test_md(void **state)
{
	struct doc *d = sample();
	char *m = ru_emit(report_md_write, d);

	(void)state;
	assert_contains(m, "# t <1>\n\n**Contents:** [First & foremost](#first) · [Raw](#raw)\n");
	assert_contains(m, "<a id=\"first\"></a>\n\n## First & foremost\n");
	assert_contains(m, "**Q?** An answer. _Not a finding under TCG._\n");
	assert_contains(m, "| op | p50 |\n|---|---:|\n| a\\|b | [1.00 us](#chart-c1) |\n");
	assert_contains(m, "<a id=\"chart-c1\"></a>\n\n- Chart one: not measured in this run\n");
	assert_contains(m, "<a id=\"raw\"></a>\n\n### Raw\n\n- **x:** one\n- [results.json](results.json)\n\n");
	free(m);
	doc_free(d);
}

/* Every in-page link of the sample names an id doc_find_id() knows. */
static void test_ids(void **state)
{
	struct doc *d = sample();

	(void)state;
	assert_non_null(doc_find_id(d, "first"));
	assert_non_null(doc_find_id(d, "nums"));
	assert_non_null(doc_find_id(d, "chart-c1"));
	assert_non_null(doc_find_id(d, "raw"));
	assert_null(doc_find_id(d, "chart-c2"));
	assert_null(doc_find_id(d, "missing"));
	doc_free(d);
}

static void svg(const char *dir, const char *name, const char *text)
{
	char path[PATH_MAX];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s.svg", dir, name);
	f = fopen(path, "w");
	assert_non_null(f);
	fprintf(f, "<svg id='c'><text>%s</text></svg>\n", text);
	assert_int_equal(fclose(f), 0);
}

/*
 * The note beneath a drawn chart, in both files; a chart whose file is its
 * note (an artefact) says it once in the HTML (the inlined SVG), and in
 * the Markdown (a PNG, an image) beneath it; an undrawn chart has none.
 */
static void test_chart_note(void **state)
{
	struct doc *d = doc_new("t");
	char *h, *m;

	(void)state;
	svg(tmp, "bars", "bars");
	svg(tmp, "timer", "Not drawn: a timer.");
	d->chart_dir = tmp;
	d->chart_rel = "charts";
	doc_chart(d, "bars", "Bars", true);
	doc_chart_note(d, "No caches under TCG.", false);
	doc_chart(d, "timer", "Timer", true);
	doc_chart_note(d, "Not drawn: a timer.", true);
	doc_chart(d, "none", "None", false);
	doc_chart_note(d, "Never said.", false);
	doc_chart_note(d, "", false);	/* no note: nothing */
	h = ru_emit(report_html_write, d);
	m = ru_emit(report_md_write, d);
	assert_contains(h, "<figcaption>Bars <a class=\"pl\" href=\"#chart-bars\" "
			"title=\"permalink\">#</a><br><span class=\"caveat\">No caches under "
			"TCG.</span></figcaption>");
	assert_contains(h, "<text>Not drawn: a timer.</text>");
	assert_null(strstr(strstr(h, "Not drawn: a timer.") + 1, "Not drawn: a timer."));
	assert_null(strstr(h, "Never said."));
	assert_contains(m, "![Bars](charts/bars.png)\n\n_No caches under TCG._\n\n");
	assert_contains(m, "![Timer](charts/timer.png)\n\n_Not drawn: a timer._\n\n");
	assert_null(strstr(m, "Never said."));
	free(h);
	free(m);
	doc_free(d);
}

/* doc_for(): a block for one file is in that file alone, its TOC included. */
static void test_for_one_file(void **state)
{
	static const char *const hdr[] = { "op", "ratio" };
	struct doc *d = doc_new("t");
	struct doc_table *t;
	char *h, *m;

	(void)state;
	doc_toc(d);
	doc_section(d, "both", "Both");
	doc_for(d, DOC_FOR_HTML);
	doc_details(d, "all", 2, "All of it");
	doc_para(d, "Only in HTML.");
	doc_for(d, DOC_FOR_MD);
	doc_details(d, "sig", 2, "The significant part");
	doc_para(d, "Only in Markdown.");
	doc_for(d, DOC_FOR_BOTH);
	t = doc_table(d, NULL, 2, hdr, "lr");
	doc_row_cells(t, (struct doc_cell[]){ { .text = "a" },
					     { .text = "x0.50", .cls = "faster" } });
	doc_row_cells(t, (struct doc_cell[]){ { .text = "b" },
					     { .text = "x2.00", .cls = "slower" } });
	doc_details_end(d);
	h = ru_emit(report_html_write, d);
	m = ru_emit(report_md_write, d);
	assert_contains(h, "<a href=\"#both\">Both</a> · <a href=\"#all\">All of it</a></nav>");
	assert_contains(h, "<details id=\"all\"><summary>All of it</summary>\n"
			"<p>Only in HTML.</p>\n<div class=\"wide\">");
	assert_contains(h, "<td class=\"faster\">x0.50</td>");
	assert_null(strstr(h, "Markdown"));
	assert_null(strstr(h, "significant"));
	assert_contains(m, "[Both](#both) · [The significant part](#sig)\n");
	assert_contains(m, "## The significant part\n\nOnly in Markdown.\n\n| op | ratio |");
	assert_contains(m, "| a | *x0.50* |\n| b | **x2.00** |\n");
	assert_null(strstr(m, "HTML"));
	assert_null(strstr(m, "All of it"));
	free(h);
	free(m);
	doc_free(d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_html),
		cmocka_unit_test(test_md),
		cmocka_unit_test(test_ids),
		cmocka_unit_test(test_chart_note),
		cmocka_unit_test(test_for_one_file),
	};

	return cmocka_run_group_tests(tests, ru_setup, ru_teardown);
}
