/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Charts for the reports: the numbers go to a gnuplot data file, gnuplot
 * draws them with a script from plots/ (xy.gp: lines with a band; bars.gp:
 * grouped bars with a reference level), and writes NAME.svg (inlined in
 * the HTML) and NAME.png (linked from the Markdown).  What to chart is
 * decided elsewhere (run_charts.c); this file only draws.
 */
#ifndef DMABENCH_CHARTS_H
#define DMABENCH_CHARTS_H

#include <stdbool.h>
#include <stddef.h>

#define CHART_MAX_POINTS	64
#define CHART_MAX_SERIES	96
#define CHART_MAX_GROUPS	64

struct xy_series {
	char title[96];
	int color, dash;	/* 1-based; 0: by position */
	size_t n;
	double x[CHART_MAX_POINTS];
	double y[CHART_MAX_POINTS];	/* the line: p50 */
	double lo[CHART_MAX_POINTS], hi[CHART_MAX_POINTS];	/* the band */
};

/* What every chart has: a file name, a title, labels with units. */
struct chart_head {
	char name[64];		/* file stem: "latency_map_sg" */
	char title[160];
	char xlabel[80], ylabel[80];
	char note[200];		/* under the title: what the band is, ... */
};

struct xy_chart {
	struct chart_head head;
	bool logx, logy, band;
	bool x_bytes;		/* x tics as 4 KiB, 1 MiB */
	bool x_counts;		/* x is a count (threads): whole-number tics */
	size_t nseries;
	struct xy_series series[CHART_MAX_SERIES];
};

struct bar_chart {
	struct chart_head head;
	int color[CHART_MAX_SERIES];	/* 1-based; 0: by position */
	bool logy;
	size_t ngroups, nseries;
	char group[CHART_MAX_GROUPS][48];
	char series[CHART_MAX_SERIES][96];
	double v[CHART_MAX_GROUPS][CHART_MAX_SERIES];	/* NAN: not measured */
	bool has_ref;
	char ref_title[96];
	double ref[CHART_MAX_GROUPS];			/* NAN: none */
};

/* Add a point to @s (ignored when full or @y is not finite). */
void xy_add(struct xy_series *s, double x, double y, double lo, double hi);

/* The series titled @title in @c, added when missing; NULL when full. */
struct xy_series *xy_series_get(struct xy_chart *c, const char *title);

/* The group / series index called @name, added when missing; -1 when full. */
int bar_group(struct bar_chart *c, const char *name);
int bar_series(struct bar_chart *c, const char *name);

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
int chart_draw_bars(const struct bar_chart *c, const char *dir, char *why, size_t len);

#endif /* DMABENCH_CHARTS_H */
