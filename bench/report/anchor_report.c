// SPDX-License-Identifier: GPL-2.0
/*
 * The anchor report's documents: report.html (self-contained: styles inline,
 * the chart inlined as SVG, nothing fetched) and report.md (the chart as
 * charts/anchor_means.png); see anchor_report.h.
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
#include "report/report.h"
#include "report/fmt.h"
#include "core/sysinfo.h"

#define CHART_NAME	"anchor_means"

struct anchor_page {
	const struct anchor_doc *a;
	struct anchor_verdict v;
	const char *dir;		/* the anchor folder */
	char name[128];			/* its last part, for the pages */
	bool drawn;			/* false: no mean above 0 to chart */
	char chart_dir[PATH_MAX];	/* DIR/charts */
};

static const char css[] =
	"body{font-family:sans-serif;max-width:1100px;margin:1em auto;padding:0 1em;"
	"color:#222}\n"
	"table{border-collapse:collapse;font-size:12px;margin:0.5em 0}\n"
	"th,td{border:1px solid #ccc;padding:2px 6px;text-align:left;vertical-align:top}\n"
	"th{background:#f0f0f0}td.n{text-align:right}\n"
	".verdict{background:#f6f9ff;border-left:4px solid #3a6fd8;padding:0.4em 1em}\n"
	".no{background:#fde2e2}\n"
	"figure{margin:1em 0}figcaption{font-size:13px;color:#555}\n"
	"svg{max-width:100%;height:auto}\n.wide{overflow-x:auto}\n";

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


static void para(FILE *f, const char *text)
{
	if (!text[0])
		return;
	fputs("<p>", f);
	write_html_text(f, text);
	fputs("</p>\n", f);
}

/* The one chart of the page, from its <svg> on (its ids are unique here). */
static int inline_svg(FILE *f, const struct anchor_page *p)
{
	char path[PATH_MAX + 32], *svg, *start;

	if (!p->drawn) {
		fputs("<p>Nothing to chart: every mean is 0.</p>\n", f);
		return 0;
	}
	snprintf(path, sizeof(path), "%s/%s.svg", p->chart_dir, CHART_NAME);
	svg = read_text_file(path);
	if (!svg)
		return -errno;
	start = strstr(svg, "<svg");
	fputs(start ? start : "", f);
	free(svg);
	return 0;
}

static void html_table(FILE *f, const struct anchor_doc *a)
{
	char cells[NCOLS][CELL];

	fputs("<div class=\"wide\"><table>\n<tr>", f);
	for (size_t c = 0; c < NCOLS; c++) {
		fputs("<th>", f);
		write_html_text(f, headers[c]);
		fputs("</th>", f);
	}
	fputs("</tr>\n", f);
	for (size_t i = 0; i < a->n; i++)
		for (int o = 0; o < ANCHOR_OPS; o++) {
			row_cells(&a->s[i], o, cells);
			fputs("<tr>", f);
			for (size_t c = 0; c < NCOLS; c++) {
				fputs(c == 8 && !a->s[i].op[o].within ? "<td class=\"no\">" :
				      c >= 2 && c <= 6 ? "<td class=\"n\">" : "<td>", f);
				write_html_text(f, cells[c]);
				fputs("</td>", f);
			}
			fputs("</tr>\n", f);
		}
	fputs("</table></div>\n", f);
}

static void html_head(FILE *f, const struct anchor_page *p)
{
	fputs("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
	      "<title>dmabench anchor: ", f);
	write_html_text(f, p->name);
	fprintf(f, "</title>\n<style>\n%s</style></head><body>\n"
		"<h1>dmabench anchor: the kernel's dma_map_benchmark beside dmabench</h1>\n"
		"<p>", css);
	write_html_text(f, p->name);
	fputs(": kernel ", f);
	write_html_text(f, p->a->kernel);
	fprintf(f, ", %zu settings (THREADS:GRANULE:DIR), map and unmap each; agreement "
		"threshold %.0f %%.</p>\n", p->a->n, p->a->threshold * 100);
}

static int anchor_html_write(FILE *f, void *arg)
{
	const struct anchor_page *p = arg;
	int ret;

	html_head(f, p);
	fputs("<section id=\"verdict\"><h2>Verdict</h2>\n<div class=\"verdict\">\n", f);
	para(f, p->v.agree);
	para(f, p->v.differ);
	para(f, p->v.threads);
	para(f, p->v.scope);
	fputs("</div></section>\n<section id=\"chart\"><h2>Chart</h2>\n"
	      "<figure id=\"chart-" CHART_NAME "\">\n", f);
	ret = inline_svg(f, p);
	if (ret)
		return ret;
	fputs("<figcaption>Mean latency per setting and op, map_benchmark beside "
	      "dmabench (log scale).</figcaption></figure></section>\n"
	      "<section id=\"side-by-side\"><h2>Side by side</h2>\n", f);
	html_table(f, p->a);
	fputs("</section>\n<section id=\"how\"><h2>How they are compared</h2>\n", f);
	para(f, how);
	fputs("</section>\n</body></html>\n", f);
	return ferror(f) ? -EIO : 0;
}

/* Table cells: a '|' would break the row. */
static void md_cell(FILE *f, const char *s)
{
	fputs("| ", f);
	for (; *s; s++) {
		if (*s == '|')
			fputc('\\', f);
		fputc(*s, f);
	}
	fputc(' ', f);
}

static void md_table(FILE *f, const struct anchor_doc *a)
{
	char cells[NCOLS][CELL];

	for (size_t c = 0; c < NCOLS; c++)
		md_cell(f, headers[c]);
	fputs("|\n", f);
	for (size_t c = 0; c < NCOLS; c++)
		fputs("|---", f);
	fputs("|\n", f);
	for (size_t i = 0; i < a->n; i++)
		for (int o = 0; o < ANCHOR_OPS; o++) {
			row_cells(&a->s[i], o, cells);
			for (size_t c = 0; c < NCOLS; c++)
				md_cell(f, cells[c]);
			fputs("|\n", f);
		}
}

static void md_para(FILE *f, const char *text)
{
	if (text[0])
		fprintf(f, "%s\n\n", text);
}

static int anchor_md_write(FILE *f, void *arg)
{
	const struct anchor_page *p = arg;

	fprintf(f, "# dmabench anchor: the kernel's dma_map_benchmark beside dmabench\n\n"
		"`%s`: kernel %s, %zu settings (THREADS:GRANULE:DIR), map and unmap each; "
		"agreement threshold %.0f %%.\n\n## Verdict\n\n", p->name, p->a->kernel,
		p->a->n, p->a->threshold * 100);
	md_para(f, p->v.agree);
	md_para(f, p->v.differ);
	md_para(f, p->v.threads);
	md_para(f, p->v.scope);
	fputs("## Chart\n\n![Mean latency per setting and op, map_benchmark beside "
	      "dmabench (log scale)](charts/" CHART_NAME ".png)\n\n## Side by side\n\n", f);
	md_table(f, p->a);
	fprintf(f, "\n## How they are compared\n\n%s\n", how);
	return ferror(f) ? -EIO : 0;
}

static int write_doc(const struct anchor_page *p, const char *ext,
		     atomicfile_writer fn, char *why, size_t len)
{
	char path[PATH_MAX + 16];
	int ret;

	snprintf(path, sizeof(path), "%s/report.%s", p->dir, ext);
	ret = atomicfile_write(path, fn, (void *)p);
	if (ret)
		snprintf(why, len, "cannot write %s: %s", path, strerror(-ret));
	return ret ? -1 : 0;
}

static int render(struct anchor_page *p, char *why, size_t len)
{
	int ret;

	snprintf(p->chart_dir, sizeof(p->chart_dir), "%s/charts", p->dir);
	ret = mkdir_p(p->chart_dir);
	if (ret) {
		snprintf(why, len, "cannot create %s: %s", p->chart_dir, strerror(-ret));
		return -1;
	}
	if (draw_chart(p, why, len) ||
	    write_doc(p, "html", anchor_html_write, why, len) ||
	    write_doc(p, "md", anchor_md_write, why, len))
		return -1;
	return 0;
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
