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

#include "report/chart_list.h"
#include "results/query.h"

/*
 * Draw every chart for @runs into @dir (the charts/ folder, which must
 * exist).  0, or -1 with a sentence in @why (gnuplot missing or failing).
 */
int report_charts(const struct rd_run *runs, size_t nruns, const char *dir,
		  struct chart_list *out, char *why, size_t len);

#endif /* DMABENCH_RUN_CHARTS_H */
