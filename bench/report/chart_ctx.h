/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the report's chart files share (run_charts.c, dmabuf_chart.c): the
 * context of one report_charts() call (the runs, the output folder, the
 * scratch charts, a tag per line or bar), and the bar charts' path from
 * rows to a drawn chart: cc_new_cat(), cc_head(), a bar or dot per figure
 * (cc_bar(), cc_dot()), cc_style_cat() (panels per run, kind colours,
 * variant shades and points, the legend) and cc_finish_cat() (the error
 * bars' note, the chart's entry, gnuplot).
 */
#ifndef DMABENCH_REPORT_CHART_CTX_H
#define DMABENCH_REPORT_CHART_CTX_H

#include <stdbool.h>
#include <stddef.h>

#include "report/charts.h"
#include "report/chart_style.h"
#include "report/chart_list.h"
#include "results/query.h"

#define MAX_NAMES	32

/* Distinct names in first-seen order. */
struct names {
	size_t n;
	char v[MAX_NAMES][64];
};

/* What a series or bar stands for, beside the chart's own struct. */
struct tag {
	size_t run;
	char kind[32], variant[64];
};

struct chart_ctx {
	const struct rd_run *runs;
	size_t nruns;
	const char *dir;
	struct chart_list *out;
	char *why;
	size_t len;
	struct xy_chart *xy;	/* scratch, reset per chart */
	struct cat_chart *cat;
	struct tag tags[CHART_MAX_ITEMS];	/* per series (xy) or item (cat) */
	int err_used[CE_CI + 1];		/* error bar sources of this chart */
	bool all_lab;				/* every run emulated (platform.lab) */
	const char *highlight;			/* a bar chart's tag drawn black (the reference) */
};

/* @name's index in @n, added when missing (the last one when full). */
size_t cc_name_index(struct names *n, const char *name);

/* Kinds in chart_style.h's order (coherent, streaming, ...), others as first seen. */
void cc_sort_kinds(struct names *n);

void cc_tag_set(struct tag *t, size_t run, const char *kind, const char *variant);

/* A kind's colour; names that are no kind get the spare colours by index. */
const char *cc_color_of(const char *kind, size_t spare);

/* The chart list's next entry for @h in @section; NULL when full. */
struct chart_entry *cc_entry(struct chart_ctx *c, const struct chart_head *h,
			     const char *section);

/* @h emptied and filled: file stem, axis labels, note, better, title (printf). */
__attribute__((format(printf, 7, 8)))
void cc_head(struct chart_head *h, const char *name, const char *xlabel,
	     const char *ylabel, const char *note, const char *better,
	     const char *title, ...);

/* The scratch bar chart emptied: @dots on a log axis, else bars from zero. */
void cc_new_cat(struct chart_ctx *c, bool dots, enum chart_unit yunit);

/* A bar of @it's p50 (or GB/s) with its error bar, in group @group, tagged with its kind. */
void cc_bar(struct chart_ctx *c, size_t run, const struct rd_item *it, const char *group,
	    const char *variant, bool gbps);

/* A dot of @v (error bar @lo..@hi) tagged @label (its colour) and @variant (its point). */
void cc_dot(struct chart_ctx *c, size_t run, const char *group, const char *label,
	    const char *variant, double v, double lo, double hi, enum chart_err_source src);

/* Panels (a run each when comparing), slots, colours, points and the legend from the tags. */
void cc_style_cat(struct chart_ctx *c);

/* Style, note the error bars, list and draw the scratch bar chart; 0 or -1 (@c->why). */
int cc_finish_cat(struct chart_ctx *c, const char *section, const char *caveat);

#endif /* DMABENCH_REPORT_CHART_CTX_H */
