// SPDX-License-Identifier: GPL-2.0
/*
 * The anchor report: one document (doc.h) written as report.html
 * (self-contained: styles inline, the chart inlined as SVG, nothing
 * fetched) and report.md (the chart as charts/anchor_means.png); see
 * anchor_report.h.
 */
#include "report/anchor_report.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/atomicfile.h"
#include "report/anchor_verdict.h"
#include "report/charts.h"
#include "report/doc.h"
#include "report/fmt.h"

#define CHART_NAME	"anchor_means"

struct anchor_page {
	const struct anchor_doc *a;
	struct anchor_verdict v;
	const char *dir;		/* the anchor folder */
	char name[128];			/* its last part, for the pages */
	bool drawn;			/* false: no mean above 0 to chart */
	char chart_dir[PATH_MAX];	/* DIR/charts */
};

static const char *const headers[] = {
	"setting", "op", "map_benchmark mean ± sd (ns)", "dmabench mean ± sd (ns)",
	"dmabench floored to 100 ns (ns)", "ratio", "ratio floored",
	"100 ns resolves 10 %", "within 10 %", "dmabench p50 / p99",
};

#define NCOLS	(sizeof(headers) / sizeof(headers[0]))
#define CELL	64

static const char *yes_no(bool b)
{
	return b ? "yes" : "no";
}

static void ratio_cell(double r, char *buf)
{
	if (isfinite(r))
		snprintf(buf, CELL, "%.3f", r);
	else
		snprintf(buf, CELL, "n/a");
}

/* One table row's cells, shared by the HTML and the Markdown. */
static void row_cells(const struct anchor_setting *s, int o, char cells[NCOLS][CELL])
{
	const struct anchor_op *op = &s->op[o];
	char p50[32], p99[32];

	snprintf(cells[0], CELL, "%s", s->label);
	snprintf(cells[1], CELL, "%s", anchor_op_names[o]);
	snprintf(cells[2], CELL, "%.0f ± %.0f", op->mb.mean, op->mb.sd);
	snprintf(cells[3], CELL, "%.0f ± %.0f", op->db.mean, op->db.sd);
	snprintf(cells[4], CELL, "%.0f ± %.0f", op->floored.mean, op->floored.sd);
	ratio_cell(op->ratio, cells[5]);
	ratio_cell(op->ratio_floored, cells[6]);
	snprintf(cells[7], CELL, "%s", yes_no(op->resolves));
	snprintf(cells[8], CELL, "%s", yes_no(op->within));
	if (isfinite(op->db_p50))
		snprintf(cells[9], CELL, "%s / %s", fmt_ns(op->db_p50, p50, sizeof(p50)),
			 fmt_ns(op->db_p99, p99, sizeof(p99)));
	else
		snprintf(cells[9], CELL, "n/a");
}

static const char how[] =
	"map_benchmark times each dma_map_single()/dma_unmap_single() with ktime, "
	"floors every sample to 100 ns before it sums, and prints mean and stddev "
	"in microseconds with one decimal. dmabench keeps nanoseconds; its samples "
	"floored the same way are given beside them, and agreement is judged on "
	"those, so that the quantisation is not mistaken for a disagreement. A mean "
	"is resolved when 100 ns is at most the threshold's share of it. "
	"map_benchmark runs for a number of seconds, dmabench for a number of "
	"samples per thread; both pool every thread's samples.";

/* @m's mean with mean +- sd as its error bar, on a log axis (a 0 mean has no dot). */
static void anchor_dot(struct cat_chart *c, size_t g, size_t slot, double mean, double sd)
{
	double lo = isfinite(sd) ? mean - sd : mean, hi = isfinite(sd) ? mean + sd : mean;

	if (mean > 0)
		cat_add(c, 0, g, slot, mean, lo > 0 ? lo : mean, hi,
			chart_other_color(slot), slot ? 6 : 7);
}

/* The chart: a group per setting and op, map_benchmark's dot beside dmabench's. */
static int draw_chart(struct anchor_page *p, char *why, size_t len)
{
	struct cat_chart *c = malloc(sizeof(*c));
	char group[48];
	int ret;

	if (!c) {
		snprintf(why, len, "out of memory");
		return -1;
	}
	cat_reset(c);
	snprintf(c->head.name, sizeof(c->head.name), CHART_NAME);
	snprintf(c->head.title, sizeof(c->head.title),
		 "Mean latency: map_benchmark vs dmabench, same boot");
	snprintf(c->head.ylabel, sizeof(c->head.ylabel), "mean per op (log scale)");
	snprintf(c->head.note, sizeof(c->head.note),
		 "setting THREADS:GRANULE:DIR; dmabench as measured (not floored); "
		 "error bars: mean +- sd");
	c->head.better = "lower is better";
	c->dots = true;
	c->yunit = CU_NS;
	chart_key_add(&c->head, "map_benchmark", chart_other_color(0), 1, 7);
	chart_key_add(&c->head, "dmabench", chart_other_color(1), 1, 6);
	for (size_t i = 0; i < p->a->n; i++)
		for (int o = 0; o < ANCHOR_OPS; o++) {
			int g;

			snprintf(group, sizeof(group), "%s %s", p->a->s[i].label,
				 anchor_op_names[o]);
			g = cat_group(c, group);
			if (g < 0)	/* over 64 settings: the table still has them */
				continue;
			anchor_dot(c, (size_t)g, 0, p->a->s[i].op[o].mb.mean,
				   p->a->s[i].op[o].mb.sd);
			anchor_dot(c, (size_t)g, 1, p->a->s[i].op[o].db.mean,
				   p->a->s[i].op[o].db.sd);
		}
	ret = chart_draw_cat(c, p->chart_dir, why, len);
	free(c);
	p->drawn = ret == 0;
	return ret < 0 ? -1 : 0;
}


static void para(struct doc *d, const char *text)
{
	if (text[0])
		doc_para_full(d, DOC_VERDICT, NULL, text, NULL);
}

/* Means right-aligned; "within 10 %" marked where it is no. */
static void side_by_side(struct doc *d, const struct anchor_doc *a)
{
	char cells[NCOLS][CELL];
	struct doc_cell dc[NCOLS];
	struct doc_table *t = doc_table(d, NULL, NCOLS, headers, "llrrrrrlll");

	for (size_t i = 0; i < a->n; i++)
		for (int o = 0; o < ANCHOR_OPS; o++) {
			row_cells(&a->s[i], o, cells);
			for (size_t c = 0; c < NCOLS; c++)
				dc[c] = (struct doc_cell){ .text = cells[c] };
			if (!a->s[i].op[o].within)
				dc[8].cls = "no";
			doc_row_cells(t, dc);
		}
}

/* The page once, for both emitters (doc.h). */
static struct doc *anchor_page_doc(const struct anchor_page *p)
{
	struct doc *d = doc_new("dmabench anchor: the kernel's dma_map_benchmark beside "
				"dmabench");

	if (!d)
		return NULL;
	d->chart_dir = p->chart_dir;
	d->chart_rel = "charts";
	doc_para(d, "%s: kernel %s, %zu settings (THREADS:GRANULE:DIR), map and unmap "
		 "each; agreement threshold %.0f %%.", p->name, p->a->kernel, p->a->n,
		 p->a->threshold * 100);
	doc_toc(d);
	doc_section(d, "verdict", "Verdict");
	para(d, p->v.agree);
	para(d, p->v.differ);
	para(d, p->v.threads);
	para(d, p->v.scope);
	doc_section(d, "chart", "Chart");
	if (p->drawn)
		doc_chart(d, CHART_NAME, "Mean latency per setting and op, map_benchmark "
			  "beside dmabench (log scale).", true);
	else
		doc_para(d, "Nothing to chart: every mean is 0.");
	doc_section(d, "side-by-side", "Side by side");
	side_by_side(d, p->a);
	doc_section(d, "how", "How they are compared");
	doc_para(d, "%s", how);
	return d;
}

static int write_doc(const struct anchor_page *p, struct doc *d, const char *ext,
		     atomicfile_writer fn, char *why, size_t len)
{
	char path[PATH_MAX + 16];
	int ret;

	snprintf(path, sizeof(path), "%s/report.%s", p->dir, ext);
	ret = atomicfile_write(path, fn, d);
	if (ret)
		snprintf(why, len, "cannot write %s: %s", path, strerror(-ret));
	return ret ? -1 : 0;
}

static int render(struct anchor_page *p, char *why, size_t len)
{
	struct doc *d;
	int ret;

	snprintf(p->chart_dir, sizeof(p->chart_dir), "%s/charts", p->dir);
	ret = mkdir_p(p->chart_dir);
	if (ret) {
		snprintf(why, len, "cannot create %s: %s", p->chart_dir, strerror(-ret));
		return -1;
	}
	if (draw_chart(p, why, len))
		return -1;
	d = anchor_page_doc(p);
	if (!d) {
		snprintf(why, len, "out of memory");
		return -1;
	}
	ret = write_doc(p, d, "html", report_html_write, why, len) ||
	      write_doc(p, d, "md", report_md_write, why, len) ? -1 : 0;
	doc_free(d);
	return ret;
}

/* "results/anchor-X/" -> "anchor-X": the pages do not show where they were made. */
static void last_part(const char *dir, char *buf, size_t len)
{
	size_t n = strlen(dir);
	const char *start;

	while (n > 1 && dir[n - 1] == '/')
		n--;
	for (start = dir + n; start > dir && start[-1] != '/'; start--)
		;
	snprintf(buf, len, "%.*s", (int)(dir + n - start), start);
}

int anchor_report(const char *dir, char *why, size_t len)
{
	struct anchor_doc a;
	struct anchor_page *p;
	int ret;

	/* Everything is checked before anything is written. */
	if (anchor_load(dir, &a, why, len))
		return -1;
	p = calloc(1, sizeof(*p));
	if (!p) {
		anchor_free(&a);
		snprintf(why, len, "out of memory");
		return -1;
	}
	p->a = &a;
	p->dir = dir;
	last_part(dir, p->name, sizeof(p->name));
	anchor_verdict_compute(&a, &p->v);
	ret = render(p, why, len);
	free(p);
	anchor_free(&a);
	return ret;
}
