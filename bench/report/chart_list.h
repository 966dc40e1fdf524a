/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The list of a report's charts, as report_charts() fills it and the pages
 * print it: each chart's files, title, section and what to say beside it.
 */
#ifndef DMABENCH_REPORT_CHART_LIST_H
#define DMABENCH_REPORT_CHART_LIST_H

#include <stdbool.h>
#include <stddef.h>

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

#endif /* DMABENCH_REPORT_CHART_LIST_H */
