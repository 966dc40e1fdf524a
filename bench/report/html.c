// SPDX-License-Identifier: GPL-2.0
/*
 * The HTML emitter of a page (doc.h): one self-contained file (charts
 * inlined as SVG, styles inline, no scripts, nothing fetched from the
 * network), so it can be mailed or attached to a thread as it is.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/sysinfo.h"
#include "report/doc.h"
#include "report/fmt.h"

#define ALIGN_COLS	24	/* right-alignment classes r1..r24 in the CSS */

static const char css[] =
	"body{font-family:sans-serif;max-width:1100px;margin:1em auto;padding:0 1em;"
	"color:#222;line-height:1.35}\n"
	"h2{margin:1.2em 0 0.4em}h3{margin:1em 0 0.3em}\n"
	"table{border-collapse:collapse;font-size:12px;margin:0.5em 0}\n"
	"th,td{border:1px solid #ccc;padding:2px 6px;text-align:left;vertical-align:top}\n"
	"th{background:#f0f0f0}\n"
	"p.verdict{background:#f6f9ff;border-left:4px solid #3a6fd8;padding:0.2em 1em;"
	"margin:0}\n"
	"p.note,.caveat{font-size:13px;color:#7a4b00}\n"
	"td small{color:#666}\n"
	"tr>th:first-child{white-space:nowrap;text-align:left}\n"
	".slower,.no{background:#fde2e2}.faster{background:#e2f6e2}\n"
	"figure{margin:1em 0}figcaption{font-size:13px;color:#555}\n"
	/* charts two abreast: the run report's charts are half its height */
	"section#charts figure{display:inline-block;width:49%;vertical-align:top;"
	"margin:0.4em 0}\n"
	"svg{max-width:100%;height:auto}\n"
	".wide{overflow-x:auto}\n"
	"a.pl{color:#bbb;text-decoration:none;font-size:0.8em;margin-left:0.3em}\n"
	"a.pl:hover{color:#3a6fd8}\n"
	"nav#toc{font-size:14px;margin:0.5em 0}\n"
	"details{margin:0.4em 0}summary{cursor:pointer;font-weight:bold}\n";

static void text(FILE *f, const char *s)
{
	write_html_text(f, s);
}

static void head(FILE *f, const struct doc *d)
{
	fputs("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>", f);
	text(f, d->title);
	fprintf(f, "</title>\n<style>\n%s", css);
	/* td:nth-child for the columns a table right-aligns (class rN) */
	for (int c = 1; c <= ALIGN_COLS; c++)
		fprintf(f, ".r%d td:nth-child(%d),.r%d th:nth-child(%d){text-align:right}\n",
			c, c, c, c);
	fputs("</style></head><body>\n<h1>", f);
	text(f, d->title);
	fputs("</h1>\n", f);
}

static void permalink(FILE *f, const char *id)
{
	if (!id)
		return;
	fputs(" <a class=\"pl\" href=\"#", f);
	text(f, id);
	fputs("\" title=\"permalink\">#</a>", f);
}

static void id_attr(FILE *f, const char *id)
{
	if (!id)
		return;
	fputs(" id=\"", f);
	text(f, id);
	fputc('"', f);
}

static void heading(FILE *f, const struct doc_block *b)
{
	fprintf(f, "<h%d", b->level);
	id_attr(f, b->id);
	fputc('>', f);
	text(f, b->text);
	permalink(f, b->id);
	fprintf(f, "</h%d>\n", b->level);
}

static void para(FILE *f, const struct doc_block *b)
{
	static const char *const cls[] = {
		[DOC_PLAIN] = "", [DOC_VERDICT] = " class=\"verdict\"",
		[DOC_NOTE] = " class=\"note\"",
	};

	fprintf(f, "<p%s>", cls[b->style]);
	if (b->lead) {
		fputs("<strong>", f);
		text(f, b->lead);
		fputs("</strong> ", f);
	}
	text(f, b->text);
	if (b->note) {
		fputs(" <span class=\"caveat\">", f);
		text(f, b->note);
		fputs("</span>", f);
	}
	fputs("</p>\n", f);
}

static void link_open(FILE *f, const char *href)
{
	fputs("<a href=\"", f);
	text(f, href);
	fputs("\">", f);
}

static void cell(FILE *f, const char *tag, const struct doc_cell *c)
{
	fprintf(f, "<%s", tag);
	if (c->cls) {
		fputs(" class=\"", f);
		text(f, c->cls);
		fputc('"', f);
	}
	fputc('>', f);
	if (c->href)
		link_open(f, c->href);
	text(f, c->text);
	if (c->href)
		fputs("</a>", f);
	if (c->note) {
		fputs("<br><small>", f);
		text(f, c->note);
		fputs("</small>", f);
	}
	fprintf(f, "</%s>", tag);
}

static void table(FILE *f, const struct doc_block *b)
{
	const struct doc_table *t = b->table;
	bool classes = false;

	fputs("<div class=\"wide\"><table", f);
	id_attr(f, b->id);
	for (size_t c = 0; c < t->ncols && c < ALIGN_COLS; c++) {
		if (t->align[c] != 'r')
			continue;
		fprintf(f, classes ? " r%zu" : " class=\"r%zu", c + 1);
		classes = true;
	}
	fputs(classes ? "\">" : ">", f);
	if (t->headers) {
		fputs("<tr>", f);
		for (size_t c = 0; c < t->ncols; c++)
			cell(f, "th", &(struct doc_cell){ .text = t->headers[c] });
		fputs("</tr>\n", f);
	}
	for (size_t r = 0; r < t->nrows; r++) {
		fputs("<tr>", f);
		for (size_t c = 0; c < t->ncols; c++)
			cell(f, c == 0 && t->row_heads ? "th" : "td", &t->cells[r * t->ncols + c]);
		fputs("</tr>\n", f);
	}
	fputs("</table></div>\n", f);
}

static void item(FILE *f, const struct doc_block *b)
{
	fputs("<li>", f);
	if (b->lead) {
		fputs("<strong>", f);
		text(f, b->lead);
		fputs("</strong> ", f);
	}
	if (b->href)
		link_open(f, b->href);
	text(f, b->text);
	fputs(b->href ? "</a></li>\n" : "</li>\n", f);
}

/*
 * Copy @name.svg into the page from its <svg> on, giving its ids a prefix:
 * gnuplot uses the same ids (gpPt0, gnuplot_canvas) in every file.
 */
static int inline_svg(FILE *f, const char *chart_dir, const char *name)
{
	char path[PATH_MAX], *svg, *p;

	snprintf(path, sizeof(path), "%s/%s.svg", chart_dir ? chart_dir : ".", name);
	svg = read_text_file(path);
	if (!svg)
		return -errno;
	p = strstr(svg, "<svg");
	for (; p && *p; p++) {
		if (!strncmp(p, "id='", 4) || !strncmp(p, "id=\"", 4)) {
			fprintf(f, "%.4s%s-", p, name);
			p += 3;
		} else if (!strncmp(p, "href='#", 7) || !strncmp(p, "href=\"#", 7)) {
			fprintf(f, "%.7s%s-", p, name);
			p += 6;
		} else {
			fputc(*p, f);
		}
	}
	free(svg);
	return 0;
}

static int chart(FILE *f, const struct doc *d, const struct doc_block *b)
{
	char id[96];
	int ret;

	fputs("<figure id=\"chart-", f);
	text(f, b->name);
	fputs("\">\n", f);
	if (b->drawn) {
		ret = inline_svg(f, d->chart_dir, b->name);
		if (ret)
			return ret;
	}
	fputs("<figcaption>", f);
	text(f, b->text);
	fputs(b->drawn ? "" : ": not measured in this run", f);
	snprintf(id, sizeof(id), "chart-%s", b->name);
	permalink(f, id);
	if (b->drawn && b->note && !b->note_drawn) {
		fputs("<br><span class=\"caveat\">", f);
		text(f, b->note);
		fputs("</span>", f);
	}
	fputs("</figcaption></figure>\n", f);
	return 0;
}

/* Sections and collapsed parts with an id, in page order. */
static void toc(FILE *f, const struct doc *d)
{
	bool first = true;

	fputs("<nav id=\"toc\"><strong>Contents:</strong> ", f);
	for (size_t i = 0; i < d->n; i++) {
		const struct doc_block *b = &d->b[i];

		if ((b->kind != DOC_SECTION && b->kind != DOC_DETAILS) || !b->id ||
		    b->only == DOC_FOR_MD)
			continue;
		fputs(first ? "" : " · ", f);
		first = false;
		fputs("<a href=\"#", f);
		text(f, b->id);
		fputs("\">", f);
		text(f, b->text);
		fputs("</a>", f);
	}
	fputs("</nav>\n", f);
}

static void links(FILE *f, const struct doc_block *b)
{
	const struct doc_table *t = b->table;

	fputs("<p class=\"links\">", f);
	if (b->lead) {
		fputs("<strong>", f);
		text(f, b->lead);
		fputs("</strong> ", f);
	}
	for (size_t r = 0; r < t->nrows; r++) {
		fputs(r ? " · " : "", f);
		link_open(f, t->cells[2 * r + 1].text);
		text(f, t->cells[2 * r].text);
		fputs("</a>", f);
	}
	fputs("</p>\n", f);
}

static void details(FILE *f, const struct doc_block *b)
{
	fputs("<details", f);
	id_attr(f, b->id);
	fputs("><summary>", f);
	text(f, b->text);
	fputs("</summary>\n", f);
}

static int block(FILE *f, const struct doc *d, const struct doc_block *b, bool *in_section)
{
	switch (b->kind) {
	case DOC_SECTION:
		fputs(*in_section ? "</section>\n<section" : "<section", f);
		*in_section = true;
		id_attr(f, b->id);
		fputs("><h2>", f);
		text(f, b->text);
		permalink(f, b->id);
		fputs("</h2>\n", f);
		break;
	case DOC_HEADING: heading(f, b); break;
	case DOC_PARA: para(f, b); break;
	case DOC_TABLE: table(f, b); break;
	case DOC_ITEM: item(f, b); break;
	case DOC_CHART: return chart(f, d, b);
	case DOC_DETAILS: details(f, b); break;
	case DOC_DETAILS_END: fputs("</details>\n", f); break;
	case DOC_TOC: toc(f, d); break;
	case DOC_LINKS: links(f, b); break;
	}
	return 0;
}

int report_html_write(FILE *f, void *arg)
{
	const struct doc *d = arg;
	bool in_section = false, in_list = false;
	int ret;

	if (doc_failed(d))
		return -ENOMEM;
	head(f, d);
	for (size_t i = 0; i < d->n; i++) {
		bool is_item = d->b[i].kind == DOC_ITEM;

		if (d->b[i].only == DOC_FOR_MD)
			continue;
		if (is_item != in_list)
			fputs(is_item ? "<ul>\n" : "</ul>\n", f);
		in_list = is_item;
		ret = block(f, d, &d->b[i], &in_section);
		if (ret)
			return ret;
	}
	fputs(in_list ? "</ul>\n" : "", f);
	fputs(in_section ? "</section>\n" : "", f);
	fputs("</body></html>\n", f);
	return ferror(f) ? -EIO : 0;
}
