// SPDX-License-Identifier: GPL-2.0
/*
 * The run report: the driver's view and the verdict first, then the
 * charts, then the run's own tables.  See run_page.h.
 */
#include "report/run_page.h"

#include <stdio.h>

#include "report/decide_report.h"

/* A run's report opens with the driver's view (compare has it as a row). */
static void deciding(struct doc *d, const struct rd_run *run)
{
	struct decide_report dr;
	char lead[128];

	decide_report_of(run, &dr);
	doc_section(d, "deciding", "Deciding: the driver's view");
	for (int i = 0; i < DECIDE_LINES && dr.title[i]; i++) {
		snprintf(lead, sizeof(lead), "%s:", dr.title[i]);
		doc_para_full(d, DOC_PLAIN, lead, dr.line[i], NULL);
	}
}

struct doc *run_page(const struct report_doc *in)
{
	char title[512], labels[400];
	struct doc *d;

	part_labels(in, labels, sizeof(labels));
	snprintf(title, sizeof(title), "dmabench report: %s", labels);
	d = doc_new(title);
	if (!d)
		return NULL;
	part_run_lines(d, in);
	deciding(d, &in->runs[0]);
	part_verdicts(d, in);
	part_charts(d, in);
	doc_section(d, "measurements", "Measurements");
	part_floor(d, &in->runs[0], 0);
	part_run_tables(d, &in->runs[0], 0);
	return d;
}
