// SPDX-License-Identifier: GPL-2.0
/* The compare page's tables in HTML and Markdown; see compare_emit.h. */
#include "report/compare_emit.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "core/sysinfo.h"
#include "report/doc.h"
#include "report/fmt.h"

void cp_table_init(struct cp_table *t, size_t ncols, const char *align)
{
	memset(t, 0, sizeof(*t));
	t->ncols = ncols < CP_MAX_COLS ? ncols : CP_MAX_COLS;
	for (size_t c = 0; c < t->ncols; c++)
		t->align[c] = align && c < strlen(align) ? align[c] : 'l';
}

void cp_table_free(struct cp_table *t)
{
	free(t->cells);
	memset(t, 0, sizeof(*t));
}

struct cp_cell *cp_row(struct cp_table *t)
{
	struct cp_cell *row;

	if (t->oom)
		return NULL;
	if (t->nrows == t->cap) {
		size_t cap = t->cap ? 2 * t->cap : 16;
		struct cp_cell *c = realloc(t->cells, cap * t->ncols * sizeof(*c));

		if (!c) {
			t->oom = true;
			return NULL;
		}
		t->cells = c;
		t->cap = cap;
	}
	row = &t->cells[t->nrows++ * t->ncols];
	memset(row, 0, t->ncols * sizeof(*row));
	return row;
}

void cp_set(struct cp_cell *c, const char *fmt, ...)
{
	va_list ap;

	if (!c)
		return;
	va_start(ap, fmt);
	vsnprintf(c->text, sizeof(c->text), fmt, ap);
	va_end(ap);
}

void cp_html_text(FILE *f, const char *s)
{
	write_html_text(f, s);
}

static void html_cell(FILE *f, const struct cp_cell *c, bool head, char align)
{
	const char *tag = head ? "th" : "td";

	fprintf(f, "<%s", tag);
	if (c->cls || align == 'r')
		fprintf(f, " class=\"%s%s%s\"", c->cls ? c->cls : "",
			c->cls && align == 'r' ? " " : "", align == 'r' ? "num" : "");
	fputc('>', f);
	if (c->href[0]) {
		fputs("<a href=\"", f);
		write_html_text(f, c->href);
		fputs("\">", f);
	}
	write_html_text(f, c->text);
	fprintf(f, "%s</%s>", c->href[0] ? "</a>" : "", tag);
}

void cp_html_table(FILE *f, const struct cp_table *t, const char *id)
{
	if (id)
		fprintf(f, "<div class=\"wide\"><table id=\"%s\">\n", id);
	else
		fputs("<div class=\"wide\"><table>\n", f);
	for (size_t r = 0; r < t->nrows; r++) {
		fputs("<tr>", f);
		for (size_t c = 0; c < t->ncols; c++)
			html_cell(f, &t->cells[r * t->ncols + c], r == 0, t->align[c]);
		fputs("</tr>\n", f);
	}
	fputs("</table></div>\n", f);
}

/* Markdown has no cell colours: a slower cell is bold, a faster one italic. */
static void md_cell(FILE *f, const struct cp_cell *c)
{
	const char *mark = !c->cls ? "" : !strcmp(c->cls, "slower") ? "**" :
			   !strcmp(c->cls, "faster") ? "*" : "";

	fprintf(f, "| %s", mark);
	if (c->href[0])
		fputc('[', f);
	md_cell_text(f, c->text);
	if (c->href[0]) {
		fputs("](", f);
		md_cell_text(f, c->href);
		fputc(')', f);
	}
	fprintf(f, "%s ", mark);
}

void cp_md_table(FILE *f, const struct cp_table *t)
{
	for (size_t r = 0; r < t->nrows; r++) {
		for (size_t c = 0; c < t->ncols; c++)
			md_cell(f, &t->cells[r * t->ncols + c]);
		fputs("|\n", f);
		if (r == 0) {
			for (size_t c = 0; c < t->ncols; c++)
				fputs(t->align[c] == 'r' ? "|---:" : "|---", f);
			fputs("|\n", f);
		}
	}
	fputc('\n', f);
}

