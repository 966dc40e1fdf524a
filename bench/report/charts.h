/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Charts for the reports: the numbers go to a gnuplot data file, gnuplot
 * draws them with a script from plots/ (xy.gp: lines with a band; bars.gp:
 * bars from zero or dots on a log axis, with error bars; note.gp: a
 * sentence in a chart's place), and writes NAME.svg (inlined in the HTML)
 * and NAME.png (linked from the Markdown).
 *
 * Every chart is small multiples: one or more panels with shared axes (a
 * panel per platform when comparing, per variant of a run's op otherwise)
 * and one legend for all of them.  Colours, tics and ranges come from
 * chart_style.h.  What to chart is decided elsewhere (run_charts.c); this
 * file only draws.
 */
#ifndef DMABENCH_CHARTS_H
#define DMABENCH_CHARTS_H

#include <stdbool.h>
#include <stddef.h>

#include "report/chart_style.h"

#define CHART_MAX_POINTS	64
#define CHART_MAX_SERIES	96
#define CHART_MAX_GROUPS	64
#define CHART_MAX_PANELS	12
#define CHART_MAX_KEYS		24
#define CHART_MAX_ITEMS		1024

/* A legend entry: a colour (and a dash or point type) and what it stands for. */
struct chart_key {
	char title[96];
	char color[8];		/* "#1f77b4" */
	int dash, point;	/* gnuplot dash type (1: solid), point type (0: none) */
};

/* What every chart has: a file name, titles, labels with units, panels, a legend. */
struct chart_head {
	char name[64];		/* file stem: "latency_map_sg" */
	char title[160];
	char xlabel[80], ylabel[80];
	char note[200];		/* under the title: what the band is, ... */
	const char *better;	/* "lower is better" / "higher is better" */
	size_t npanels;
	char panel[CHART_MAX_PANELS][64];	/* panel titles ("" for one panel) */
	size_t nkeys;
	struct chart_key key[CHART_MAX_KEYS];
};

struct xy_series {
	char title[96];
	char color[8];
	int dash;		/* 1-based; 0: solid */
	size_t panel;
	size_t n;
	double x[CHART_MAX_POINTS];
	double y[CHART_MAX_POINTS];	/* the line: p50 */
	double lo[CHART_MAX_POINTS], hi[CHART_MAX_POINTS];	/* the band */
};

struct xy_chart {
	struct chart_head head;
	bool logx, logy, band;
	enum chart_unit xunit, yunit;	/* tic labels: "4 KiB", "10 us", 1 2 3 */
	size_t nseries;
	struct xy_series series[CHART_MAX_SERIES];
};

/* A bar (or dot): where it goes and what it shows. */
struct cat_item {
	size_t panel, group, slot;	/* slot: its place among the group's bars */
	double v, lo, hi;		/* the figure and its error bar */
	char color[8];
	int point;			/* dots: gnuplot point type */
};

/*
 * Bars from zero on a linear axis, or (dots) points on a log axis for
 * figures spanning decades, which bars from zero could not show; both
 * with error bars.  Groups are the x categories, the same in every panel.
 */
struct cat_chart {
	struct chart_head head;
	bool dots;
	enum chart_unit yunit;
	size_t ngroups;
	char group[CHART_MAX_GROUPS][48];
	size_t nitems;
	struct cat_item item[CHART_MAX_ITEMS];
	bool has_ref;			/* a reference level per panel and group */
	char ref_title[96];
	double ref[CHART_MAX_PANELS][CHART_MAX_GROUPS];	/* NAN: none */
};

/* Add a point to @s (ignored when full or @y is not finite). */
void xy_add(struct xy_series *s, double x, double y, double lo, double hi);

/* The series titled @title in @c, added when missing; NULL when full. */
struct xy_series *xy_series_get(struct xy_chart *c, const char *title);

/* The panel / legend entry called @title, added when missing; -1 when full. */
int chart_panel(struct chart_head *h, const char *title);
int chart_key_add(struct chart_head *h, const char *title, const char *color,
		  int dash, int point);

/* The group called @name, added when missing; -1 when full. */
int cat_group(struct cat_chart *c, const char *name);

/* Empty @c with no reference levels (NAN). */
void cat_reset(struct cat_chart *c);

/* Add a bar (ignored when full or @v is not finite). */
void cat_add(struct cat_chart *c, size_t panel, size_t group, size_t slot,
	     double v, double lo, double hi, const char *color, int point);

/*
 * Where the gnuplot scripts (plots/xy.gp, ...) are: $DMABENCH_PLOTS, else plots/ beside or above the
 * binary's folder.  NULL when not found.
 */
const char *charts_plot_dir(void);

/*
 * Draw into @dir/NAME.{dat,svg,png}.  0, or -1 with a sentence in @why.
 * A chart without any point is not drawn and returns 1.
 */
int chart_draw_xy(const struct xy_chart *c, const char *dir, char *why, size_t len);
int chart_draw_cat(const struct cat_chart *c, const char *dir, char *why, size_t len);

/* @h's title with @sentence in the chart's place (no data drawn): 0 or -1. */
int chart_draw_note(const struct chart_head *h, const char *sentence, const char *dir,
		    char *why, size_t len);

#endif /* DMABENCH_CHARTS_H */
