// SPDX-License-Identifier: GPL-2.0
/*
 * compare's page: the verdict of every run, the platforms side by side,
 * the charts, the ratio table, then every run's own tables.  See
 * compare_doc.h.
 */
#include "report/compare_doc.h"

#include <math.h>
#include <string.h>
#include <stdio.h>

#include "report/fmt.h"
#include "report/tables.h"

static void platforms(struct doc *d, const struct report_doc *in)
{
	const char *hdr[CMP_MAX_RUNS + 1] = { "" };
	const char *cells[CMP_MAX_RUNS + 1];
	char v[CMP_MAX_RUNS][512];
	struct doc_table *t;

	doc_section(d, "platforms", "Platforms");
	for (size_t r = 0; r < in->nruns; r++)
		hdr[r + 1] = in->runs[r].label;
	t = doc_table(d, NULL, in->nruns + 1, hdr, NULL);
	if (t)
		t->row_heads = true;
	for (int row = 0; row <= PF_COUNT; row++) {
		cells[0] = row < PF_COUNT ? pf_names[row] : "timing floor";
		for (size_t r = 0; r < in->nruns; r++) {
			if (row < PF_COUNT)
				pf_value(&in->runs[r], row, v[r], sizeof(v[r]));
			else
				floor_text(&in->runs[r], v[r], sizeof(v[r]));
			cells[r + 1] = v[r];
		}
		doc_row(t, cells);
	}
}

static void ratio_cell(const struct report_doc *in, const struct cmp_row *row, size_t r,
		       struct doc_cell *c, char *buf, size_t len)
{
	char a[32], b[32], gate[160];
	size_t used;

	c->cls = row->outside[r] ? (row->ratio[r] > 1 ? "slower" : "faster") : NULL;
	used = snprintf(buf, len, "%s ns", fmt_num(row->it[r]->stats.p50, a, sizeof(a)));
	if (r > 0 && used < len)
		used += snprintf(buf + used, len - used, " (x%s%s%s)",
				 fmt_num(row->ratio[r], b, sizeof(b)),
				 row->outside[r] ? (row->ratio[r] > 1 ? ", slower" : ", faster") : "",
				 isfinite(in->fail_above) &&
				 cmp_regressed(row, r, in->fail_above) ? ", REGRESSION" : "");
	cmp_gate_text(row, r, gate, sizeof(gate));	/* the gate's ratio, CI, p */
	if (used < len)
		snprintf(buf + used, len - used, "%s", gate);
	c->text = buf;
}

static void ratios(struct doc *d, const struct report_doc *in)
{
	const struct cmp_table *t = in->cmp;
	const char *hdr[CMP_MAX_RUNS + 1] = { "operation" };
	struct doc_cell cells[CMP_MAX_RUNS + 1];
	char text[CMP_MAX_RUNS][320], intro[1024];
	struct doc_table *tab;

	doc_section(d, "ratios", "Every operation in all runs");
	snprintf(intro, sizeof(intro), "%zu operations are in every run. p50 per run and "
		 "its ratio to the first run (%s); a ratio is marked slower or faster "
		 "only where the 95%% confidence intervals of the two medians do not "
		 "overlap.", t->nrows, in->runs[0].label);
	if (t->nmissing)
		snprintf(intro + strlen(intro), sizeof(intro) - strlen(intro),
			 " %zu operations are not in every run and are left out, e.g. %s.",
			 t->nmissing, t->missing_example);
	doc_para(d, "%s", intro);
	for (size_t r = 0; r < in->nruns; r++)
		hdr[r + 1] = in->runs[r].label;
	tab = doc_table(d, NULL, in->nruns + 1, hdr, NULL);
	for (size_t i = 0; i < t->nrows; i++) {
		cells[0] = (struct doc_cell){ .text = t->rows[i].key };
		for (size_t r = 0; r < in->nruns; r++) {
			cells[r + 1] = (struct doc_cell){ 0 };
			ratio_cell(in, &t->rows[i], r, &cells[r + 1], text[r], sizeof(text[r]));
		}
		doc_row_cells(tab, cells);
	}
}

struct doc *compare_page(const struct report_doc *in)
{
	char title[512], labels[400];
	struct doc *d;

	part_labels(in, labels, sizeof(labels));
	snprintf(title, sizeof(title), "dmabench compare: %s", labels);
	d = doc_new(title);
	if (!d)
		return NULL;
	part_run_lines(d, in);
	part_verdicts(d, in);
	platforms(d, in);
	part_charts(d, in);
	ratios(d, in);
	for (size_t r = 0; r < in->nruns; r++) {
		doc_section(d, NULL, in->runs[r].label);
		part_floor(d, &in->runs[r], r);
		part_run_tables(d, &in->runs[r], r);
	}
	return d;
}
