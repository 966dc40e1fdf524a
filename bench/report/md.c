// SPDX-License-Identifier: GPL-2.0
/*
 * report.md / compare.md: the same content as the HTML in Markdown, for
 * pasting into a thread or a merge request; charts are the PNG files in
 * the charts/ folder beside it.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "report/decide_report.h"
#include "report/device_transfer_table.h"
#include "report/doc.h"
#include "report/fmt.h"
#include "report/tables.h"

/* Table cells: a '|' or a newline would break the row. */
static void md(FILE *f, const char *s)
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

static void row(FILE *f, const char *const *cells, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		fputs("| ", f);
		md(f, cells[i]);
		fputc(' ', f);
	}
	fputs("|\n", f);
}

static void rule(FILE *f, size_t n)
{
	for (size_t i = 0; i < n; i++)
		fputs("|---", f);
	fputs("|\n", f);
}

static void title(FILE *f, const struct report_doc *d)
{
	fputs(d->cmp ? "# dmabench compare: " : "# dmabench report: ", f);
	for (size_t r = 0; r < d->nruns; r++)
		fprintf(f, "%s%s", r ? " vs " : "", d->runs[r].label);
	fputs("\n\n", f);
	for (size_t r = 0; r < d->nruns; r++) {
		const struct rd_run *run = &d->runs[r];
		char folder[256];

		rd_folder_name(run->dir, folder, sizeof(folder));
		char reps[128];

		fprintf(f, "- %s: `%s`, %s .. %s, %s%s%s%s\n", run->label, folder,
			rd_str(run->doc, "start"), rd_str(run->doc, "end"),
			run->complete ? "complete" : "**incomplete**: ",
			run->complete ? "" : (run->why_incomplete ? run->why_incomplete :
						"no reason recorded"),
			reps_text(run, reps, sizeof(reps)),	/* N repetitions */
			json_is_true(json_object_get(run->platform, "lab")) ?
			". Lab run: timings are emulated (QEMU/TCG) and show shape, "
			"not hardware speed." : ".");
	}
	fputc('\n', f);
}

static void verdicts(FILE *f, const struct report_doc *d)
{
	fputs("## Verdict\n\n", f);
	for (size_t r = 0; r < d->nruns; r++) {
		if (d->nruns > 1)
			fprintf(f, "### %s\n\n", d->runs[r].label);
		for (int p = 0; p < VERDICT_COUNT; p++)
			fprintf(f, "- **%s** %s\n", verdict_title(p), d->verdicts[r].text[p]);
		fputc('\n', f);
	}
}

/* A run's report opens with the driver's view (compare has it as a row). */
static void deciding(FILE *f, const struct report_doc *d)
{
	struct decide_report dr;

	decide_report_of(&d->runs[0], &dr);
	fputs("## Deciding: the driver's view\n\n", f);
	for (int i = 0; i < DECIDE_LINES && dr.title[i]; i++) {
		fprintf(f, "- **%s:** ", dr.title[i]);
		md(f, dr.line[i]);
		fputc('\n', f);
	}
	fputc('\n', f);
}

static void charts(FILE *f, const struct report_doc *d)
{
	const char *section = "";

	fputs("## Charts\n\n", f);
	for (size_t i = 0; i < d->charts->n; i++) {
		const struct chart_entry *e = &d->charts->e[i];

		if (strcmp(section, e->section)) {
			section = e->section;
			fprintf(f, "### %s\n\n", section);
		}
		if (e->drawn)
			fprintf(f, "![%s](%s/%s.png)\n\n", e->title, d->chart_rel, e->name);
		else
			fprintf(f, "- %s: not measured in this run\n\n", e->title);
	}
}

static void measurements(FILE *f, const struct rd_run *run)
{
	static char cells[MT_COLS][MT_CELL];
	const char *p[MT_COLS];

	row(f, mt_headers, MT_COLS);
	rule(f, MT_COLS);
	for (size_t i = 0; i < run->nitems; i++) {
		mt_cells(&run->items[i], cells);
		for (int c = 0; c < MT_COLS; c++)
			p[c] = cells[c];
		row(f, p, MT_COLS);
	}
	fputc('\n', f);
}

static void kv_row(void *arg, const char *key, const char *value)
{
	const char *cells[] = { key, value };

	row(arg, cells, 2);
}

static void object_list(FILE *f, const struct rd_run *run, const char *key)
{
	json_t *list = json_object_get(run->doc, key), *o;
	size_t i;

	if (!json_array_size(list))
		fputs("None.\n", f);
	json_array_foreach(list, i, o) {
		const char *k;
		json_t *v;

		fputs("-", f);
		json_object_foreach(o, k, v)
			if (json_string_value(v))
				fprintf(f, " %s;", json_string_value(v));
		fputc('\n', f);
	}
	fputc('\n', f);
}

/* The device_transfer phases per kind, direction and length, when measured. */
static void device_transfer_table(FILE *f, const struct rd_run *run)
{
	static struct dtr_row rows[DTR_MAX_ROWS];
	size_t n = dtr_rows(run, rows, DTR_MAX_ROWS);
	const char *p[DTR_COLS];

	if (!n)
		return;
	fprintf(f, "### Device transfer\n\n%s\n\n", dtr_intro);
	row(f, dtr_headers, DTR_COLS);
	rule(f, DTR_COLS);
	for (size_t i = 0; i < n && i < DTR_MAX_ROWS; i++) {
		for (int c = 0; c < DTR_COLS; c++)
			p[c] = rows[i].cells[c];
		row(f, p, DTR_COLS);
	}
	fputc('\n', f);
}

static void per_run(FILE *f, const struct rd_run *run, bool many)
{
	const char *hdr[] = { "key", "value" };
	char floor[512];

	floor_text(run, floor, sizeof(floor));
	fprintf(f, "## %s\n\n### Timing floor\n\n%s.\n\n### Platform\n\n",
		many ? run->label : "Measurements", floor);
	row(f, hdr, 2);
	rule(f, 2);
	pf_flatten(run, kv_row, f);
	fputs("\n### Skipped\n\n", f);
	object_list(f, run, "skipped");
	fputs("### Errors\n\n", f);
	object_list(f, run, "errors");
	device_transfer_table(f, run);
	fputs("### Every measurement\n\nTimes in ns per op; batch > 1 is the mean of "
	      "that many ops in one timed run.\n\n", f);
	measurements(f, run);
}

static void platforms(FILE *f, const struct report_doc *d)
{
	char v[512];

	fputs("## Platforms\n\n| |", f);
	for (size_t r = 0; r < d->nruns; r++)
		fprintf(f, " %s |", d->runs[r].label);
	fputc('\n', f);
	rule(f, d->nruns + 1);
	for (int i = 0; i < PF_COUNT; i++) {
		fprintf(f, "| %s |", pf_names[i]);
		for (size_t r = 0; r < d->nruns; r++) {
			pf_value(&d->runs[r], i, v, sizeof(v));
			fputc(' ', f);
			md(f, v);
			fputs(" |", f);
		}
		fputc('\n', f);
	}
	fputc('\n', f);
}

static void ratio_cell(FILE *f, const struct report_doc *d, const struct cmp_row *r,
		       size_t i)
{
	char a[32], b[32], gate[160];

	fprintf(f, " %s ns", fmt_num(r->it[i]->stats.p50, a, sizeof(a)));
	if (i > 0)
		fprintf(f, " (x%s%s%s)", fmt_num(r->ratio[i], b, sizeof(b)),
			r->outside[i] ? (r->ratio[i] > 1 ? ", **slower**" : ", *faster*") : "",
			isfinite(d->fail_above) && cmp_regressed(r, i, d->fail_above) ?
			", REGRESSION" : "");
	cmp_gate_text(r, i, gate, sizeof(gate));	/* the gate's ratio, CI, p */
	fputs(gate, f);
	fputs(" |", f);
}

static void ratios(FILE *f, const struct report_doc *d)
{
	const struct cmp_table *t = d->cmp;

	fprintf(f, "## Every operation in all runs\n\n%zu operations are in every run. "
		"p50 per run and its ratio to the first run (%s); a ratio is marked "
		"slower or faster only where the 95%% confidence intervals of the two "
		"medians do not overlap.", t->nrows, d->runs[0].label);
	if (t->nmissing)
		fprintf(f, " %zu operations are not in every run and are left out, "
			"e.g. %s.", t->nmissing, t->missing_example);
	fputs("\n\n| operation |", f);
	for (size_t r = 0; r < d->nruns; r++)
		fprintf(f, " %s |", d->runs[r].label);
	fputc('\n', f);
	rule(f, d->nruns + 1);
	for (size_t i = 0; i < t->nrows; i++) {
		fprintf(f, "| %s |", t->rows[i].key);
		for (size_t r = 0; r < d->nruns; r++)
			ratio_cell(f, d, &t->rows[i], r);
		fputc('\n', f);
	}
	fputc('\n', f);
}

int report_md_write(FILE *f, void *arg)
{
	const struct report_doc *d = arg;

	title(f, d);
	if (!d->cmp)
		deciding(f, d);
	verdicts(f, d);
	if (d->cmp)
		platforms(f, d);
	charts(f, d);
	if (d->cmp)
		ratios(f, d);
	for (size_t r = 0; r < d->nruns; r++)
		per_run(f, &d->runs[r], d->nruns > 1);
	return ferror(f) ? -EIO : 0;
}
