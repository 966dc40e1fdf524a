// SPDX-License-Identifier: GPL-2.0
/* Building a page's block list; see doc.h. */
#include "report/doc.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

static char *dup(struct doc *d, const char *s)
{
	char *c;

	if (!s)
		return NULL;
	c = strdup(s);
	if (!c)
		d->oom = true;
	return c;
}

struct doc *doc_new(const char *title)
{
	struct doc *d = calloc(1, sizeof(*d));

	if (!d)
		return NULL;
	d->title = dup(d, title ? title : "");
	if (d->oom) {
		free(d);
		return NULL;
	}
	return d;
}

static void table_free(struct doc_table *t)
{
	if (!t)
		return;
	for (size_t c = 0; t->headers && c < t->ncols; c++)
		free(t->headers[c]);
	for (size_t i = 0; i < t->nrows * t->ncols; i++) {
		free((char *)t->cells[i].text);
		free((char *)t->cells[i].href);
		free((char *)t->cells[i].cls);
		free((char *)t->cells[i].note);
	}
	free(t->headers);
	free(t->align);
	free(t->cells);
	free(t);
}

void doc_free(struct doc *d)
{
	if (!d)
		return;
	for (size_t i = 0; i < d->n; i++) {
		struct doc_block *b = &d->b[i];

		free(b->id);
		free(b->text);
		free(b->lead);
		free(b->note);
		free(b->href);
		free(b->name);
		table_free(b->table);
	}
	free(d->b);
	free(d->title);
	free(d);
}

/* A new zeroed block of @kind, or NULL (d->oom set). */
static struct doc_block *add(struct doc *d, enum doc_kind kind)
{
	struct doc_block *b;

	if (d->n == d->cap) {
		size_t cap = d->cap ? 2 * d->cap : 64;
		struct doc_block *nb = realloc(d->b, cap * sizeof(*nb));

		if (!nb) {
			d->oom = true;
			return NULL;
		}
		d->b = nb;
		d->cap = cap;
	}
	b = &d->b[d->n++];
	memset(b, 0, sizeof(*b));
	b->kind = kind;
	b->only = d->only;
	return b;
}

void doc_section(struct doc *d, const char *id, const char *title)
{
	struct doc_block *b = add(d, DOC_SECTION);

	if (!b)
		return;
	b->level = 2;
	b->id = dup(d, id);
	b->text = dup(d, title);
}

void doc_heading(struct doc *d, int level, const char *id, const char *text)
{
	struct doc_block *b = add(d, DOC_HEADING);

	if (!b)
		return;
	b->level = level < 3 ? 3 : level > 4 ? 4 : level;
	b->id = dup(d, id);
	b->text = dup(d, text);
}

void doc_para_full(struct doc *d, enum doc_style style, const char *lead,
		   const char *text, const char *note)
{
	struct doc_block *b = add(d, DOC_PARA);

	if (!b)
		return;
	b->style = style;
	b->lead = dup(d, lead);
	b->text = dup(d, text ? text : "");
	b->note = dup(d, note && *note ? note : NULL);
}

void doc_para(struct doc *d, const char *fmt, ...)
{
	char buf[4096];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	doc_para_full(d, DOC_PLAIN, NULL, buf, NULL);
}

struct doc_table *doc_table(struct doc *d, const char *id, size_t ncols,
			    const char *const *headers, const char *align)
{
	struct doc_block *b;
	struct doc_table *t;

	if (!ncols)
		return NULL;
	b = add(d, DOC_TABLE);
	t = calloc(1, sizeof(*t));
	if (!b || !t) {
		d->oom = true;
		free(t);
		return NULL;
	}
	b->id = dup(d, id);
	b->table = t;
	t->ncols = ncols;
	t->align = malloc(ncols + 1);
	if (headers)
		t->headers = calloc(ncols, sizeof(*t->headers));
	if (!t->align || (headers && !t->headers)) {
		d->oom = true;
		return NULL;	/* freed with the doc */
	}
	for (size_t c = 0; c < ncols; c++) {
		t->align[c] = align && c < strlen(align) && align[c] == 'r' ? 'r' : 'l';
		if (headers)
			t->headers[c] = dup(d, headers[c] ? headers[c] : "");
	}
	t->align[ncols] = '\0';
	return t;
}

static char *cdup(const char *s)
{
	return s ? strdup(s) : NULL;
}

void doc_row_cells(struct doc_table *t, const struct doc_cell *cells)
{
	struct doc_cell *row;

	if (!t)
		return;
	if (t->nrows == t->cap) {
		size_t cap = t->cap ? 2 * t->cap : 16;
		struct doc_cell *nc = realloc(t->cells, cap * t->ncols * sizeof(*nc));

		if (!nc) {
			t->oom = true;
			return;
		}
		t->cells = nc;
		t->cap = cap;
	}
	row = &t->cells[t->nrows++ * t->ncols];
	for (size_t c = 0; c < t->ncols; c++) {
		row[c].text = cdup(cells[c].text ? cells[c].text : "");
		row[c].href = cdup(cells[c].href);
		row[c].cls = cdup(cells[c].cls);
		row[c].note = cdup(cells[c].note);
		if (!row[c].text || (cells[c].href && !row[c].href) ||
		    (cells[c].cls && !row[c].cls) || (cells[c].note && !row[c].note))
			t->oom = true;
	}
}

void doc_row(struct doc_table *t, const char *const *cells)
{
	struct doc_cell row[64];

	if (!t || t->ncols > sizeof(row) / sizeof(row[0]))
		return;
	for (size_t c = 0; c < t->ncols; c++)
		row[c] = (struct doc_cell){ .text = cells[c] };
	doc_row_cells(t, row);
}

void doc_item(struct doc *d, const char *lead, const char *text, const char *href)
{
	struct doc_block *b = add(d, DOC_ITEM);

	if (!b)
		return;
	b->lead = dup(d, lead);
	b->text = dup(d, text ? text : "");
	b->href = dup(d, href);
}

void doc_chart(struct doc *d, const char *name, const char *title, bool drawn)
{
	struct doc_block *b = add(d, DOC_CHART);

	if (!b)
		return;
	b->name = dup(d, name);
	b->text = dup(d, title);
	b->drawn = drawn;
}

void doc_chart_note(struct doc *d, const char *note, bool in_chart)
{
	struct doc_block *b = d->n ? &d->b[d->n - 1] : NULL;

	if (!b || b->kind != DOC_CHART || !note || !*note)
		return;
	free(b->note);
	b->note = dup(d, note);
	b->note_drawn = in_chart;
}

void doc_details(struct doc *d, const char *id, int md_level, const char *summary)
{
	struct doc_block *b = add(d, DOC_DETAILS);

	if (!b)
		return;
	b->level = md_level < 2 ? 2 : md_level > 4 ? 4 : md_level;
	b->id = dup(d, id);
	b->text = dup(d, summary);
}

void doc_details_end(struct doc *d)
{
	add(d, DOC_DETAILS_END);
}

void doc_toc(struct doc *d)
{
	add(d, DOC_TOC);
}

void doc_links(struct doc *d, const char *lead, size_t n, const char *const *text,
	       const char *const *href)
{
	struct doc_table *t;

	if (!n)
		return;
	t = doc_table(d, NULL, 2, NULL, NULL);
	if (!t)
		return;
	d->b[d->n - 1].kind = DOC_LINKS;
	d->b[d->n - 1].lead = dup(d, lead);
	for (size_t i = 0; i < n; i++) {
		const char *row[] = { text[i], href[i] };

		doc_row(t, row);
	}
}

void doc_for(struct doc *d, enum doc_for only)
{
	d->only = only;
}

const struct doc_block *doc_find_id(const struct doc *d, const char *id)
{
	for (size_t i = 0; id && i < d->n; i++) {
		const struct doc_block *b = &d->b[i];

		if (b->id && !strcmp(b->id, id))
			return b;
		/* a chart's id is chart-NAME (the emitters' <figure id>) */
		if (b->kind == DOC_CHART && b->name && !strncmp(id, "chart-", 6) &&
		    !strcmp(id + 6, b->name))
			return b;
	}
	return NULL;
}

bool doc_failed(const struct doc *d)
{
	if (d->oom)
		return true;
	for (size_t i = 0; i < d->n; i++)
		if (d->b[i].table && d->b[i].table->oom)
			return true;
	return false;
}
