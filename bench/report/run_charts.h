/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Which charts a report has and what goes in them, for one run (`report`:
 * a line or bar per kind) or several (`compare`: the same charts with the
 * run's label in front of every line or bar).  Drawing is charts.c's job.
 */
#ifndef DMABENCH_RUN_CHARTS_H
#define DMABENCH_RUN_CHARTS_H

#include <stdbool.h>
#include <stddef.h>

#include "results/query.h"

#define REPORT_MAX_CHARTS	48

struct chart_entry {
	char name[64];		/* charts/NAME.svg, charts/NAME.png */
	char title[160];
	char section[48];	/* "Latency", "Sync", ... for grouping */
	bool drawn;		/* false: nothing measured for it */
	/*
	 * For the page to print beside the chart (may be empty): a caveat, or
	 * with @artefact why the data are not drawn (the SVG then holds only
	 * that sentence: the figures are an emulator's timer, not a measurement).
	 */
	char note[240];
	bool artefact;
};

struct chart_list {
	size_t n;
	struct chart_entry e[REPORT_MAX_CHARTS];
};

/*
 * Draw every chart for @runs into @dir (the charts/ folder, which must
 * exist).  0, or -1 with a sentence in @why (gnuplot missing or failing).
 */
int report_charts(const struct rd_run *runs, size_t nruns, const char *dir,
		  struct chart_list *out, char *why, size_t len);

#endif /* DMABENCH_RUN_CHARTS_H */
