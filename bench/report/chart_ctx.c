// SPDX-License-Identifier: GPL-2.0
/* What the report's chart files share; see chart_ctx.h. */
#include "report/chart_ctx.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

size_t cc_name_index(struct names *n, const char *name)
{
	for (size_t i = 0; i < n->n; i++)
		if (!strcmp(n->v[i], name))
			return i;
	if (n->n < MAX_NAMES)
		snprintf(n->v[n->n++], sizeof(n->v[0]), "%s", name);
	return n->n - 1;
}

/* Kinds in chart_style.h's order (coherent, streaming, ...), others as first seen. */
void cc_sort_kinds(struct names *n)
{
	char tmp[64];

	for (size_t i = 1; i < n->n; i++)
		for (size_t j = i; j > 0 && chart_kind_rank(n->v[j - 1]) >
		     chart_kind_rank(n->v[j]); j--) {
			memcpy(tmp, n->v[j], sizeof(tmp));
			memcpy(n->v[j], n->v[j - 1], sizeof(tmp));
			memcpy(n->v[j - 1], tmp, sizeof(tmp));
		}
}

void cc_tag_set(struct tag *t, size_t run, const char *kind, const char *variant)
{
	t->run = run;
	snprintf(t->kind, sizeof(t->kind), "%s", kind ? kind : "");
	snprintf(t->variant, sizeof(t->variant), "%s", variant ? variant : "");
}

/* A kind's colour; names that are no kind get the spare colours by index. */
const char *cc_color_of(const char *kind, size_t spare)
{
	const char *c = chart_kind_color(kind);

	return c ? c : chart_other_color(spare);
}

struct chart_entry *cc_entry(struct chart_ctx *c, const struct chart_head *h,
			     const char *section)
{
	struct chart_entry *e;

	if (c->out->n >= REPORT_MAX_CHARTS)
		return NULL;
	e = &c->out->e[c->out->n++];
	snprintf(e->name, sizeof(e->name), "%s", h->name);
	snprintf(e->title, sizeof(e->title), "%s", h->title);
	snprintf(e->section, sizeof(e->section), "%s", section);
	return e;
}

void cc_head(struct chart_head *h, const char *name, const char *xlabel,
	     const char *ylabel, const char *note, const char *better,
		 const char *title, ...)
{
	va_list ap;

	memset(h, 0, sizeof(*h));
	snprintf(h->name, sizeof(h->name), "%s", name);
	va_start(ap, title);
	vsnprintf(h->title, sizeof(h->title), title, ap);
	va_end(ap);
	snprintf(h->xlabel, sizeof(h->xlabel), "%s", xlabel);
	snprintf(h->ylabel, sizeof(h->ylabel), "%s", ylabel);
	snprintf(h->note, sizeof(h->note), "%s", note);
	h->better = better;
}

/* ---- bars and dots ---------------------------------------------------------- */

void cc_new_cat(struct chart_ctx *c, bool dots, enum chart_unit yunit)
{
	cat_reset(c->cat);
	c->cat->dots = dots;
	c->cat->yunit = yunit;
	c->highlight = NULL;
	memset(c->err_used, 0, sizeof(c->err_used));
}

/* A tag's colour on a bar chart: black for the highlighted one, else its kind's. */
static const char *cat_color(const struct chart_ctx *c, const char *kind, size_t spare)
{
	return c->highlight && !strcmp(kind, c->highlight) ? "#000000" : cc_color_of(kind, spare);
}

/* A bar of @it's p50 (or GB/s) with its error bar, in group @group. */
void cc_bar(struct chart_ctx *c, size_t run, const struct rd_item *it, const char *group,
	    const char *variant, bool gbps)
{
	int g = cat_group(c->cat, group);
	double lo, hi;
	enum chart_err_source src;

	if (g < 0 || c->cat->nitems >= CHART_MAX_ITEMS)
		return;
	src = chart_error(it, gbps, &lo, &hi);
	cc_tag_set(&c->tags[c->cat->nitems], run, it->kind, variant);
	cat_add(c->cat, 0, (size_t)g, 0, gbps ? it->gbps : it->stats.p50, lo, hi, NULL, 0);
	c->err_used[src]++;
}

static const int variant_points[] = { 7, 6, 5, 4, 9, 8 };

/*
 * Panels (a run each when comparing), slots (kind, then variant, in the
 * order first seen), colours (kind; bars shaded by variant) and point types
 * (dots: by variant), and the legend.
 */
void cc_style_cat(struct chart_ctx *c)
{
	struct chart_head *h = &c->cat->head;
	struct names kinds = { 0 }, vars = { 0 };
	char shade[8];

	for (size_t i = 0; i < c->cat->nitems; i++) {
		cc_name_index(&kinds, c->tags[i].kind[0] ? c->tags[i].kind : "-");
		cc_name_index(&vars, c->tags[i].variant);
	}
	cc_sort_kinds(&kinds);
	for (size_t i = 0; i < c->cat->nitems; i++) {
		struct cat_item *it = &c->cat->item[i];
		const struct tag *t = &c->tags[i];
		size_t k = cc_name_index(&kinds, t->kind[0] ? t->kind : "-");
		size_t v = cc_name_index(&vars, t->variant);
		int p = chart_panel(h, c->nruns > 1 ? c->runs[t->run].label : "");

		it->panel = p < 0 ? 0 : (size_t)p;
		it->slot = k * vars.n + v;
		chart_shade(cat_color(c, kinds.v[k], k), c->cat->dots ? 0 : v, vars.n, shade);
		snprintf(it->color, sizeof(it->color), "%s", shade);
		it->point = variant_points[v % 6];
	}
	for (size_t k = 0; k < kinds.n; k++)
		chart_key_add(h, kinds.v[k], cat_color(c, kinds.v[k], k), 1, 7);
	for (size_t v = 0; vars.n > 1 && v < vars.n; v++)
		chart_key_add(h, vars.v[v], chart_shade("#555555", c->cat->dots ? 0 : v,
							vars.n, shade),
			      1, variant_points[v % 6]);
}

/* The error bars' source most bars have, added to the note. */
static void note_errors(struct chart_ctx *c)
{
	struct chart_head *h = &c->cat->head;
	int best = CE_NONE;
	size_t n = strlen(h->note);

	for (int s = CE_NONE; s <= CE_CI; s++)
		if (c->err_used[s] > c->err_used[best])
			best = s;
	snprintf(h->note + n, sizeof(h->note) - n, "%s%s", n ? "; " : "",
		 chart_error_words((enum chart_err_source)best));
}

int cc_finish_cat(struct chart_ctx *c, const char *section, const char *caveat)
{
	struct chart_entry *e;
	int ret;

	cc_style_cat(c);
	note_errors(c);
	e = cc_entry(c, &c->cat->head, section);
	ret = chart_draw_cat(c->cat, c->dir, c->why, c->len);
	if (e) {
		e->drawn = ret == 0;
		snprintf(e->note, sizeof(e->note), "%s", caveat ? caveat : "");
	}
	return ret < 0 ? -1 : 0;
}

/* A dot of @v (error bar @lo..@hi) tagged @label (its colour) and @variant (its point). */
void cc_dot(struct chart_ctx *c, size_t run, const char *group, const char *label,
	    const char *variant, double v, double lo, double hi, enum chart_err_source src)
{
	int g = cat_group(c->cat, group);

	if (g < 0 || c->cat->nitems >= CHART_MAX_ITEMS || !isfinite(v))
		return;
	cc_tag_set(&c->tags[c->cat->nitems], run, label, variant);
	cat_add(c->cat, 0, (size_t)g, 0, v, lo, hi, NULL, 0);
	c->err_used[src]++;
}
