// SPDX-License-Identifier: GPL-2.0
/*
 * report.html / compare.html: one self-contained file (charts inlined as
 * SVG, styles inline, no scripts, nothing fetched from the network), so it
 * can be mailed or attached to a thread as it is.
 */
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/decide_report.h"
#include "report/device_transfer_table.h"
#include "report/doc.h"
#include "report/fmt.h"
#include "report/tables.h"
#include "core/sysinfo.h"

static const char css[] =
	"body{font-family:sans-serif;max-width:1100px;margin:1em auto;padding:0 1em;"
	"color:#222}\n"
	"table{border-collapse:collapse;font-size:12px;margin:0.5em 0}\n"
	"th,td{border:1px solid #ccc;padding:2px 6px;text-align:left;vertical-align:top}\n"
	"th{background:#f0f0f0}\n"
	".verdict{background:#f6f9ff;border-left:4px solid #3a6fd8;padding:0.4em 1em}\n"
	".slower{background:#fde2e2}.faster{background:#e2f6e2}\n"
	"figure{margin:1em 0}figcaption{font-size:13px;color:#555}\n"
	"svg{max-width:100%;height:auto}\n"
	".wide{overflow-x:auto}\n";


static void cell(FILE *f, const char *tag, const char *s)
{
	fprintf(f, "<%s>", tag);
	write_html_text(f, s);
	fprintf(f, "</%s>", tag);
}

static void title(FILE *f, const struct report_doc *d)
{
	fputs("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
	      "<title>", f);
	fputs(d->cmp ? "dmabench compare: " : "dmabench report: ", f);
	for (size_t r = 0; r < d->nruns; r++) {
		fputs(r ? " vs " : "", f);
		write_html_text(f, d->runs[r].label);
	}
	fprintf(f, "</title>\n<style>\n%s</style></head><body>\n<h1>", css);
	fputs(d->cmp ? "dmabench compare: " : "dmabench report: ", f);
	for (size_t r = 0; r < d->nruns; r++) {
		fputs(r ? " vs " : "", f);
		write_html_text(f, d->runs[r].label);
	}
	fputs("</h1>\n", f);
}

static void run_line(FILE *f, const struct rd_run *run)
{
	char folder[256];

	rd_folder_name(run->dir, folder, sizeof(folder));
	fputs("<p>", f);
	write_html_text(f, run->label);
	fputs(": ", f);
	write_html_text(f, folder);
	fputs(", ", f);
	write_html_text(f, json_string_value(json_object_get(run->doc, "start")));
	fputs(" .. ", f);
	write_html_text(f, json_string_value(json_object_get(run->doc, "end")));
	fputs(run->complete ? ", complete" : ", <strong>incomplete</strong>: ", f);
	if (!run->complete)
		write_html_text(f, run->why_incomplete ? run->why_incomplete : "no reason recorded");
	write_html_text(f, reps_text(run, folder, sizeof(folder)));	/* N repetitions */
	if (json_is_true(json_object_get(run->platform, "lab")))
		fputs(". Lab run: timings are emulated (QEMU/TCG) and show shape, not "
		      "hardware speed", f);
	fputs(".</p>\n", f);
}

/* A run's report opens with the driver's view (compare has it as a row). */
static void deciding(FILE *f, const struct report_doc *d)
{
	struct decide_report dr;

	decide_report_of(&d->runs[0], &dr);
	fputs("<section id=\"deciding\"><h2>Deciding: the driver's view</h2>\n", f);
	for (int i = 0; i < DECIDE_LINES && dr.title[i]; i++) {
		fputs("<p><strong>", f);
		write_html_text(f, dr.title[i]);
		fputs(":</strong> ", f);
		write_html_text(f, dr.line[i]);
		fputs("</p>\n", f);
	}
	fputs("</section>\n", f);
}

static void verdicts(FILE *f, const struct report_doc *d)
{
	fputs("<section id=\"verdict\"><h2>Verdict</h2>\n", f);
	for (size_t r = 0; r < d->nruns; r++) {
		if (d->nruns > 1) {
			fputs("<h3>", f);
			write_html_text(f, d->runs[r].label);
			fputs("</h3>\n", f);
		}
		fputs("<div class=\"verdict\">\n", f);
		for (int p = 0; p < VERDICT_COUNT; p++) {
			fputs("<p><strong>", f);
			write_html_text(f, verdict_title(p));
			fputs("</strong> ", f);
			write_html_text(f, d->verdicts[r].text[p]);
			fputs("</p>\n", f);
		}
		fputs("</div>\n", f);
	}
	fputs("</section>\n", f);
}

/*
 * Copy @name.svg into the page from its <svg> on, giving its ids a prefix:
 * gnuplot uses the same ids (gpPt0, gnuplot_canvas) in every file.
 */
static int inline_svg(FILE *f, const struct report_doc *d, const char *name)
{
	char path[PATH_MAX], *svg, *p;

	snprintf(path, sizeof(path), "%s/%s.svg", d->chart_dir, name);
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

static int charts(FILE *f, const struct report_doc *d)
{
	const char *section = "";
	int ret;

	fputs("<section id=\"charts\"><h2>Charts</h2>\n", f);
	for (size_t i = 0; i < d->charts->n; i++) {
		const struct chart_entry *e = &d->charts->e[i];

		if (strcmp(section, e->section)) {
			section = e->section;
			fputs("<h3>", f);
			write_html_text(f, section);
			fputs("</h3>\n", f);
		}
		fprintf(f, "<figure id=\"chart-%s\">\n", e->name);
		if (e->drawn) {
			ret = inline_svg(f, d, e->name);
			if (ret)
				return ret;
		}
		fputs("<figcaption>", f);
		write_html_text(f, e->title);
		fputs(e->drawn ? "" : ": not measured in this run", f);
		fputs("</figcaption></figure>\n", f);
	}
	fputs("</section>\n", f);
	return 0;
}

static void measurements(FILE *f, const struct rd_run *run)
{
	static char cells[MT_COLS][MT_CELL];

	fputs("<div class=\"wide\"><table><tr>", f);
	for (int c = 0; c < MT_COLS; c++)
		cell(f, "th", mt_headers[c]);
	fputs("</tr>\n", f);
	for (size_t i = 0; i < run->nitems; i++) {
		mt_cells(&run->items[i], cells);
		fputs("<tr>", f);
		for (int c = 0; c < MT_COLS; c++)
			cell(f, "td", cells[c]);
		fputs("</tr>\n", f);
	}
	fputs("</table></div>\n", f);
}

static void kv_row(void *arg, const char *key, const char *value)
{
	FILE *f = arg;

	fputs("<tr>", f);
	cell(f, "th", key);
	cell(f, "td", value);
	fputs("</tr>\n", f);
}

/* skipped / errors: a list of objects, shown as their string fields. */
static void object_list(FILE *f, const struct rd_run *run, const char *key)
{
	json_t *list = json_object_get(run->doc, key), *o;
	size_t i;

	if (!json_array_size(list)) {
		fputs("<p>None.</p>\n", f);
		return;
	}
	fputs("<ul>\n", f);
	json_array_foreach(list, i, o) {
		const char *k;
		json_t *v;

		fputs("<li>", f);
		json_object_foreach(o, k, v) {
			write_html_text(f, json_string_value(v));
			fputs(json_string_value(v) ? "; " : "", f);
		}
		fputs("</li>\n", f);
	}
	fputs("</ul>\n", f);
}

/* The device_transfer phases per kind, direction and length, when measured. */
static void device_transfer_table(FILE *f, const struct rd_run *run, size_t r)
{
	static struct dtr_row rows[DTR_MAX_ROWS];
	size_t n = dtr_rows(run, rows, DTR_MAX_ROWS);

	if (!n)
		return;
	fprintf(f, "<h3 id=\"device-transfer-%zu\">Device transfer</h3>\n<p>", r);
	write_html_text(f, dtr_intro);
	fputs("</p>\n<div class=\"wide\"><table><tr>", f);
	for (int c = 0; c < DTR_COLS; c++)
		cell(f, "th", dtr_headers[c]);
	fputs("</tr>\n", f);
	for (size_t i = 0; i < n && i < DTR_MAX_ROWS; i++) {
		fputs("<tr>", f);
		for (int c = 0; c < DTR_COLS; c++)
			cell(f, "td", rows[i].cells[c]);
		fputs("</tr>\n", f);
	}
	fputs("</table></div>\n", f);
}

static void per_run_tables(FILE *f, const struct rd_run *run, size_t r)
{
	char floor[512];

	floor_text(run, floor, sizeof(floor));
	fprintf(f, "<h3 id=\"floor-%zu\">Timing floor</h3>\n<p>", r);
	write_html_text(f, floor);
	fprintf(f, "</p>\n<h3 id=\"platform-%zu\">Platform</h3>\n<table>\n", r);
	pf_flatten(run, kv_row, f);
	fprintf(f, "</table>\n<h3 id=\"skipped-%zu\">Skipped</h3>\n", r);
	object_list(f, run, "skipped");
	fprintf(f, "<h3 id=\"errors-%zu\">Errors</h3>\n", r);
	object_list(f, run, "errors");
	device_transfer_table(f, run, r);
	fprintf(f, "<h3 id=\"measurements-%zu\">Every measurement</h3>\n<p>Times in "
		"ns per op; batch &gt; 1 is the mean of that many ops in one timed "
		"run.</p>\n", r);
	measurements(f, run);
}

static void platforms_side_by_side(FILE *f, const struct report_doc *d)
{
	char v[512];

	fputs("<section id=\"platforms\"><h2>Platforms</h2>\n<table>\n", f);
	for (int row = 0; row < PF_COUNT; row++) {
		fputs("<tr>", f);
		cell(f, "th", pf_names[row]);
		for (size_t r = 0; r < d->nruns; r++) {
			pf_value(&d->runs[r], row, v, sizeof(v));
			cell(f, "td", v);
		}
		fputs("</tr>\n", f);
	}
	fputs("<tr><th>timing floor</th>", f);
	for (size_t r = 0; r < d->nruns; r++) {
		floor_text(&d->runs[r], v, sizeof(v));
		cell(f, "td", v);
	}
	fputs("</tr>\n</table></section>\n", f);
}

static void ratio_cell(FILE *f, const struct report_doc *d, const struct cmp_row *row,
		       size_t r)
{
	char a[32], b[32], gate[160];
	const char *cls = "";

	if (row->outside[r])
		cls = row->ratio[r] > 1 ? " class=\"slower\"" : " class=\"faster\"";
	fprintf(f, "<td%s>%s ns", cls, fmt_num(row->it[r]->stats.p50, a, sizeof(a)));
	if (r > 0)
		fprintf(f, " (x%s%s%s)", fmt_num(row->ratio[r], b, sizeof(b)),
			row->outside[r] ? (row->ratio[r] > 1 ? ", slower" : ", faster") : "",
			isfinite(d->fail_above) && cmp_regressed(row, r, d->fail_above) ?
			", REGRESSION" : "");
	cmp_gate_text(row, r, gate, sizeof(gate));	/* the gate's ratio, CI, p */
	write_html_text(f, gate);
	fputs("</td>", f);
}

static void ratios(FILE *f, const struct report_doc *d)
{
	const struct cmp_table *t = d->cmp;

	fprintf(f, "<section id=\"ratios\"><h2>Every operation in all runs</h2>\n"
		"<p>%zu operations are in every run. p50 per run and its ratio to the "
		"first run (%s); a ratio is marked slower or faster only where the "
		"95%% confidence intervals of the two medians do not overlap.",
		t->nrows, d->runs[0].label);
	if (t->nmissing) {
		fprintf(f, " %zu operations are not in every run and are left out, e.g. ",
			t->nmissing);
		write_html_text(f, t->missing_example);
		fputc('.', f);
	}
	fputs("</p>\n<div class=\"wide\"><table><tr><th>operation</th>", f);
	for (size_t r = 0; r < d->nruns; r++)
		cell(f, "th", d->runs[r].label);
	fputs("</tr>\n", f);
	for (size_t i = 0; i < t->nrows; i++) {
		fputs("<tr>", f);
		cell(f, "td", t->rows[i].key);
		for (size_t r = 0; r < d->nruns; r++)
			ratio_cell(f, d, &t->rows[i], r);
		fputs("</tr>\n", f);
	}
	fputs("</table></div></section>\n", f);
}

int report_html_write(FILE *f, void *arg)
{
	const struct report_doc *d = arg;
	int ret;

	title(f, d);
	for (size_t r = 0; r < d->nruns; r++)
		run_line(f, &d->runs[r]);
	if (!d->cmp)
		deciding(f, d);
	verdicts(f, d);
	if (d->cmp)
		platforms_side_by_side(f, d);
	ret = charts(f, d);
	if (ret)
		return ret;
	if (d->cmp)
		ratios(f, d);
	for (size_t r = 0; r < d->nruns; r++) {
		fputs("<section class=\"run\"><h2>", f);
		write_html_text(f, d->nruns > 1 ? d->runs[r].label : "Measurements");
		fputs("</h2>\n", f);
		per_run_tables(f, &d->runs[r], r);
		fputs("</section>\n", f);
	}
	fputs("</body></html>\n", f);
	return ferror(f) ? -EIO : 0;
}
