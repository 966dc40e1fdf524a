// SPDX-License-Identifier: GPL-2.0
/*
 * The Markdown emitter of a page (doc.h), for pasting into a thread or a
 * merge request: charts are the PNG files in the charts/ folder beside it,
 * collapsed parts are plain headings, and every id is an <a id> anchor
 * before its heading so that the table of contents and the tables' links
 * resolve as in the HTML.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "report/doc.h"

/* A table cell's text: a '|' or a newline would break the row. */
static void cell_text(FILE *f, const char *s)
{
	for (; s && *s; s++) {
		if (*s == '|')
			fputs("\\|", f);
		else if (*s == '\n')
			fputc(' ', f);
		else
			fputc(*s, f);
	}
}

static void anchor(FILE *f, const char *id)
{
	if (id)
		fprintf(f, "<a id=\"%s\"></a>\n\n", id);
}

static void heading(FILE *f, int level, const char *id, const char *text)
{
	anchor(f, id);
	fprintf(f, "%.*s %s\n\n", level, "######", text ? text : "");
}

static void para(FILE *f, const struct doc_block *b)
{
	if (b->style == DOC_NOTE)
		fputs("> ", f);
	if (b->lead)
		fprintf(f, "**%s** ", b->lead);
	fputs(b->text, f);
	if (b->note)
		fprintf(f, " _%s_", b->note);
	fputs("\n\n", f);
}

/*
 * A cell the HTML colours (a class, doc.h) is bold here, or italic when
 * "faster": without colours, a significant speed-up must still read apart
 * from a slowdown.
 */
static const char *mark(const struct doc_cell *c)
{
	return !c->cls ? "" : strcmp(c->cls, "faster") ? "**" : "*";
}

static void cell(FILE *f, const struct doc_cell *c)
{
	fprintf(f, "| %s", mark(c));
	if (c->href)
		fputc('[', f);
	cell_text(f, c->text);
	if (c->href)
		fprintf(f, "](%s)", c->href);
	if (c->note) {
		fputs(" (", f);
		cell_text(f, c->note);
		fputc(')', f);
	}
	fprintf(f, "%s ", mark(c));
}

static void row(FILE *f, const struct doc_table *t, const struct doc_cell *cells)
{
	for (size_t c = 0; c < t->ncols; c++)
		cell(f, &cells[c]);
	fputs("|\n", f);
}

/* Markdown needs a header row: without one, the first row is it. */
static void table(FILE *f, const struct doc_block *b)
{
	const struct doc_table *t = b->table;
	size_t first = 0;

	anchor(f, b->id);
	if (t->headers) {
		for (size_t c = 0; c < t->ncols; c++)
			cell(f, &(struct doc_cell){ .text = t->headers[c] });
		fputs("|\n", f);
	} else if (t->nrows) {
		row(f, t, t->cells);
		first = 1;
	} else {
		return;
	}
	for (size_t c = 0; c < t->ncols; c++)
		fputs(t->align[c] == 'r' ? "|---:" : "|---", f);
	fputs("|\n", f);
	for (size_t r = first; r < t->nrows; r++)
		row(f, t, &t->cells[r * t->ncols]);
	fputc('\n', f);
}

static void item(FILE *f, const struct doc_block *b)
{
	fputs("- ", f);
	if (b->lead)
		fprintf(f, "**%s** ", b->lead);
	if (b->href)
		fprintf(f, "[%s](%s)\n", b->text, b->href);
	else
		fprintf(f, "%s\n", b->text);
}

static void chart(FILE *f, const struct doc *d, const struct doc_block *b)
{
	fprintf(f, "<a id=\"chart-%s\"></a>\n\n", b->name);
	if (b->drawn) {
		fprintf(f, "![%s](%s/%s.png)\n\n", b->text, d->chart_rel ? d->chart_rel : ".",
			b->name);
		if (b->note)
			fprintf(f, "_%s_\n\n", b->note);
	} else
		fprintf(f, "- %s: not measured in this run\n\n", b->text);
}

static void toc(FILE *f, const struct doc *d)
{
	bool first = true;

	fputs("**Contents:** ", f);
	for (size_t i = 0; i < d->n; i++) {
		const struct doc_block *b = &d->b[i];

		if ((b->kind != DOC_SECTION && b->kind != DOC_DETAILS) || !b->id ||
		    b->only == DOC_FOR_HTML)
			continue;
		fprintf(f, "%s[%s](#%s)", first ? "" : " · ", b->text, b->id);
		first = false;
	}
	fputs("\n\n", f);
}

static void links(FILE *f, const struct doc_block *b)
{
	const struct doc_table *t = b->table;

	if (b->lead)
		fprintf(f, "**%s** ", b->lead);
	for (size_t r = 0; r < t->nrows; r++)
		fprintf(f, "%s[%s](%s)", r ? " · " : "", t->cells[2 * r].text,
			t->cells[2 * r + 1].text);
	fputs("\n\n", f);
}

static void block(FILE *f, const struct doc *d, const struct doc_block *b)
{
	switch (b->kind) {
	case DOC_SECTION: heading(f, 2, b->id, b->text); break;
	case DOC_HEADING: heading(f, b->level, b->id, b->text); break;
	case DOC_PARA: para(f, b); break;
	case DOC_TABLE: table(f, b); break;
	case DOC_ITEM: item(f, b); break;
	case DOC_CHART: chart(f, d, b); break;
	case DOC_DETAILS: heading(f, b->level, b->id, b->text); break;
	case DOC_DETAILS_END: break;
	case DOC_TOC: toc(f, d); break;
	case DOC_LINKS: links(f, b); break;
	}
}

int report_md_write(FILE *f, void *arg)
{
	const struct doc *d = arg;
	bool in_list = false;

	if (doc_failed(d))
		return -ENOMEM;
	fprintf(f, "# %s\n\n", d->title);
	for (size_t i = 0; i < d->n; i++) {
		bool is_item = d->b[i].kind == DOC_ITEM;

		if (d->b[i].only == DOC_FOR_HTML)
			continue;
		if (in_list && !is_item)
			fputc('\n', f);
		in_list = is_item;
		block(f, d, &d->b[i]);
	}
	if (in_list)
		fputc('\n', f);
	return ferror(f) ? -EIO : 0;
}
