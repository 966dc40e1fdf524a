// SPDX-License-Identifier: GPL-2.0
/* The parts the run and compare pages share; see page_parts.h. */
#include "report/page_parts.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/atomicfile.h"
#include "report/device_transfer_table.h"
#include "report/tables.h"
#include "report/verdict_attrs.h"
#include "report/verdict_dmabuf.h"

void part_labels(const struct report_doc *in, char *buf, size_t len)
{
	size_t used = 0;

	buf[0] = '\0';
	for (size_t r = 0; r < in->nruns && used + 1 < len; r++)
		used += snprintf(buf + used, len - used, "%s%s", r ? " vs " : "",
				 in->runs[r].label);
}

/* The gate benchmark's planted slowdowns (harness and module), or "". */
static void planted_text(const struct rd_run *run, char *buf, size_t len)
{
	json_t *method = json_object_get(run->doc, "method");
	const char *user = json_string_value(json_object_get(method, "planted_slowdown"));
	const char *kernel = json_string_value(json_object_get(method,
								"planted_kernel_slowdown"));

	buf[0] = '\0';
	if (user || kernel)
		snprintf(buf, len, " PLANTED SLOWDOWN (%s%s%s): slowed on purpose for the gate's "
			 "benchmark, not a measurement.", user ? user : "",
			 user && kernel ? "; " : "", kernel ? kernel : "");
}

static void run_line(struct doc *d, const struct rd_run *run)
{
	char folder[256], reps[160], line[1400], planted[400];

	rd_folder_name(run->dir, folder, sizeof(folder));
	planted_text(run, planted, sizeof(planted));
	snprintf(line, sizeof(line), "%s: %s, %s .. %s, %s%s%s%s%s", run->label, folder,
		 rd_str(run->doc, "start"), rd_str(run->doc, "end"),
		 run->complete ? "complete" : "INCOMPLETE: ",
		 run->complete ? "" : (run->why_incomplete ? run->why_incomplete :
				       "no reason recorded"),
		 reps_text(run, reps, sizeof(reps)),	/* N repetitions */
		 json_is_true(json_object_get(run->platform, "lab")) ?
		 ". Lab run: timings are emulated (QEMU/TCG) and show shape, not "
		 "hardware speed." : ".", planted);
	doc_para(d, "%s", line);
}

void part_run_lines(struct doc *d, const struct report_doc *in)
{
	for (size_t r = 0; r < in->nruns; r++)
		run_line(d, &in->runs[r]);
}

void part_verdict(struct doc *d, const struct verdict *v, enum verdict_part p)
{
	struct verdict_claim c[32];
	size_t n = verdict_claims(v, p, c, sizeof(c) / sizeof(c[0]));
	char text[sizeof(v->text[0])];

	if (!n)
		doc_para_full(d, DOC_VERDICT, verdict_title(p), v->text[p], NULL);
	for (size_t i = 0; i < n; i++) {
		snprintf(text, sizeof(text), "%.*s", (int)c[i].len, c[i].text);
		doc_para_full(d, DOC_VERDICT, i ? NULL : verdict_title(p), text, c[i].caveat);
	}
}

void part_verdict_run(struct doc *d, const struct rd_run *run, const struct verdict *v,
		      enum verdict_part p)
{
	struct attrs_rows *rows;

	part_verdict(d, v, p);
	if (p == VERDICT_DMABUF) {
		struct dmabuf_rows *dr = malloc(sizeof(*dr));

		if (!dr) {
			doc_para(d, "The shares' table: out of memory.");
			return;
		}
		dmabuf_rows_of(run, dr);
		dmabuf_table(d, dr);
		free(dr);
		return;
	}
	if (p != VERDICT_ATTRS)
		return;
	rows = malloc(sizeof(*rows));
	if (!rows) {
		doc_para(d, "The attributes' table: out of memory.");
		return;
	}
	attrs_rows_of(run, rows);
	attrs_table(d, rows);
	free(rows);
}

void part_verdicts(struct doc *d, const struct report_doc *in)
{
	doc_section(d, "verdict", "Verdict");
	for (size_t r = 0; r < in->nruns; r++) {
		if (in->nruns > 1)
			doc_heading(d, 3, NULL, in->runs[r].label);
		for (int p = 0; p < VERDICT_COUNT; p++)
			part_verdict_run(d, &in->runs[r], &in->verdicts[r], p);
	}
}

void part_chart(struct doc *d, const struct chart_entry *e)
{
	doc_chart(d, e->name, e->title, e->drawn);
	doc_chart_note(d, e->note, e->artefact);
}

void part_charts(struct doc *d, const struct report_doc *in)
{
	const char *section = "";

	doc_section(d, "charts", "Charts");
	for (size_t i = 0; i < in->charts->n; i++) {
		const struct chart_entry *e = &in->charts->e[i];

		if (strcmp(section, e->section)) {
			section = e->section;
			doc_heading(d, 3, NULL, section);
		}
		part_chart(d, e);
	}
}

int part_draw_charts(const struct rd_run *runs, size_t nruns, const char *outdir,
		     char *chart_dir, size_t dir_len, struct chart_list *out,
		     char *why, size_t len)
{
	int ret;

	snprintf(chart_dir, dir_len, "%s/charts", outdir);
	ret = mkdir_p(chart_dir);
	if (ret) {
		snprintf(why, len, "cannot create %s: %s", chart_dir, strerror(-ret));
		return -1;
	}
	return report_charts(runs, nruns, chart_dir, out, why, len);
}

static int write_one(struct doc *d, const char *outdir, const char *stem,
		     const char *ext, atomicfile_writer fn, char *why, size_t len)
{
	char path[PATH_MAX];
	int ret;

	snprintf(path, sizeof(path), "%s/%s.%s", outdir, stem, ext);
	ret = atomicfile_write(path, fn, d);
	if (ret)
		snprintf(why, len, "cannot write %s: %s", path, strerror(-ret));
	return ret ? -1 : 0;
}

int part_write_pages(struct doc *d, const char *outdir, const char *stem,
		     char *why, size_t len)
{
	d->chart_rel = "charts";
	if (write_one(d, outdir, stem, "html", report_html_write, why, len) ||
	    write_one(d, outdir, stem, "md", report_md_write, why, len))
		return -1;
	return 0;
}

static void measurements(struct doc *d, const struct rd_run *run)
{
	static char cells[MT_COLS][MT_CELL];
	const char *p[MT_COLS];
	struct doc_table *t = doc_table(d, NULL, MT_COLS, mt_headers, mt_align);

	for (size_t i = 0; i < run->nitems; i++) {
		mt_cells(&run->items[i], cells);
		for (int c = 0; c < MT_COLS; c++)
			p[c] = cells[c];
		doc_row(t, p);
	}
}

static void kv_row(void *arg, const char *key, const char *value)
{
	const char *cells[] = { key, value };

	doc_row(arg, cells);
}

/* skipped / errors: a list of objects, shown as their string fields. */
static void object_list(struct doc *d, const struct rd_run *run, const char *key)
{
	json_t *list = json_object_get(run->doc, key), *o;
	size_t i;

	if (!json_array_size(list)) {
		doc_para(d, "None.");
		return;
	}
	json_array_foreach(list, i, o) {
		char line[1024];
		size_t used = 0;
		const char *k;
		json_t *v;

		line[0] = '\0';
		json_object_foreach(o, k, v)
			if (json_string_value(v) && used + 1 < sizeof(line))
				used += snprintf(line + used, sizeof(line) - used, "%s%s",
						 used ? "; " : "", json_string_value(v));
		doc_item(d, NULL, line, NULL);
	}
}

/* The device_transfer phases per kind, direction and length, when measured. */
static void device_transfer_table(struct doc *d, const struct rd_run *run, size_t r)
{
	static struct dtr_row rows[DTR_MAX_ROWS];
	size_t n = dtr_rows(run, rows, DTR_MAX_ROWS);
	const char *p[DTR_COLS];
	struct doc_table *t;
	char id[48];

	if (!n)
		return;
	snprintf(id, sizeof(id), "device-transfer-%zu", r);
	doc_details(d, id, 3, "Device transfer");
	doc_para(d, "%s", dtr_intro);
	t = doc_table(d, NULL, DTR_COLS, dtr_headers, "lllrrrrrr");
	for (size_t i = 0; i < n && i < DTR_MAX_ROWS; i++) {
		for (int c = 0; c < DTR_COLS; c++)
			p[c] = rows[i].cells[c];
		doc_row(t, p);
	}
	doc_details_end(d);
}

/* "Skipped (12)": a collapsed list; errors stay open when there are any. */
static void listed(struct doc *d, const struct rd_run *run, const char *key,
		   const char *name, size_t r, bool open)
{
	size_t n = json_array_size(json_object_get(run->doc, key));
	char id[48], title[64];

	snprintf(id, sizeof(id), "%s-%zu", key, r);
	snprintf(title, sizeof(title), "%s (%zu)", name, n);
	if (open && n) {
		doc_heading(d, 3, id, title);
		object_list(d, run, key);
		return;
	}
	doc_details(d, id, 3, title);
	object_list(d, run, key);
	doc_details_end(d);
}

void part_floor(struct doc *d, const struct rd_run *run, size_t r)
{
	char floor[512], id[48];

	floor_text(run, floor, sizeof(floor));
	snprintf(id, sizeof(id), "floor-%zu", r);
	doc_heading(d, 3, id, "Timing floor");
	doc_para(d, "%s.", floor);
}

void part_run_tables(struct doc *d, const struct rd_run *run, size_t r)
{
	static const char *const kv[] = { "key", "value" };
	struct doc_table *t;
	char id[48];

	listed(d, run, "errors", "Errors", r, true);
	listed(d, run, "skipped", "Skipped", r, false);
	device_transfer_table(d, run, r);
	snprintf(id, sizeof(id), "measurements-%zu", r);
	doc_details(d, id, 3, "Every measurement");
	doc_para(d, "Times in ns per op; batch > 1 is the mean of that many ops in one "
		 "timed run.");
	measurements(d, run);
	doc_details_end(d);
	snprintf(id, sizeof(id), "platform-%zu", r);
	doc_details(d, id, 3, "Platform as recorded (results.json)");
	t = doc_table(d, NULL, 2, kv, NULL);
	if (t)
		t->row_heads = true;
	pf_flatten(run, kv_row, t);
	doc_details_end(d);
}
