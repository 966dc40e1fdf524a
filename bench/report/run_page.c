// SPDX-License-Identifier: GPL-2.0
/*
 * The run report, in the order a driver writer asks: is streaming DMA
 * coherent here, the key numbers, the rest of the verdict, the driver's
 * view, what looks odd, the platform, then the charts and, collapsed, the
 * raw tables.  See run_page.h.
 */
#include "report/run_page.h"

#include <limits.h>
#include <stdio.h>
#include <unistd.h>

#include "report/decide_report.h"
#include "report/key_numbers.h"
#include "report/oddities.h"
#include "report/platform_table.h"

/* The run's own files beside the report, where they exist. */
static void files(struct doc *d, const struct rd_run *run)
{
	static const char *const names[] = { "results.json", "samples.csv",
					     "topology.xml", "console.log" };
	const char *have[sizeof(names) / sizeof(names[0])];
	char path[PATH_MAX];
	size_t n = 0;

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", run->dir, names[i]);
		if (!access(path, R_OK))
			have[n++] = names[i];
	}
	doc_links(d, "Files:", n, have, have);
}

/* A run's report has the driver's view (compare has it as a row). */
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

static void answer(struct doc *d, const struct report_doc *in)
{
	const struct verdict *v = &in->verdicts[0];

	doc_section(d, "verdict", "Verdict");
	part_verdict(d, v, VERDICT_COHERENCE);
	doc_heading(d, 3, NULL, "Key numbers");
	doc_para_full(d, DOC_NOTE, NULL, "p50 per op (the batched figure where one op is "
		      "under 20x the timing floor); beneath each, its noise; each links to "
		      "its chart.", NULL);
	key_numbers(d, &in->runs[0], in->charts);
	for (int p = VERDICT_COHERENCE + 1; p < VERDICT_COUNT; p++)
		part_verdict_run(d, &in->runs[0], v, p);
}

static void platform(struct doc *d, const struct rd_run *run)
{
	doc_section(d, "platform", "Platform");
	platform_table(d, run, NULL);
	part_floor(d, run, 0);
}

struct doc *run_page(const struct report_doc *in)
{
	const struct rd_run *run = &in->runs[0];
	char title[512], labels[400];
	struct doc *d;

	part_labels(in, labels, sizeof(labels));
	snprintf(title, sizeof(title), "dmabench report: %s", labels);
	d = doc_new(title);
	if (!d)
		return NULL;
	part_run_lines(d, in);
	files(d, run);
	doc_toc(d);
	answer(d, in);
	deciding(d, run);
	if (oddities_any(run)) {
		doc_section(d, "odd", "What looks odd");
		oddities(d, run);
	}
	platform(d, run);
	part_charts(d, in);
	doc_section(d, "raw", "Raw tables");
	part_run_tables(d, run, 0);
	return d;
}
