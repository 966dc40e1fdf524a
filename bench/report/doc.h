/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Everything a report document shows, gathered once and handed to the
 * HTML and the Markdown writers: one run (`report`) or several (`compare`,
 * which adds the ratio table).
 */
#ifndef DMABENCH_REPORT_DOC_H
#define DMABENCH_REPORT_DOC_H

#include <stddef.h>
#include <stdio.h>

#include "report/compare_table.h"
#include "report/run_charts.h"
#include "results/query.h"
#include "report/verdict.h"

struct report_doc {
	const struct rd_run *runs;
	size_t nruns;
	const struct verdict *verdicts;	/* one per run */
	const struct chart_list *charts;
	const char *chart_dir;		/* the charts' folder, to inline SVG */
	const char *chart_rel;		/* the same, relative to the document */
	const struct cmp_table *cmp;	/* NULL for a single run */
	double fail_above;		/* compare's threshold in %, NAN if none */
};

/* atomicfile writers (void *arg is the struct report_doc). 0 or -errno. */
int report_html_write(FILE *f, void *doc);
int report_md_write(FILE *f, void *doc);

#endif /* DMABENCH_REPORT_DOC_H */
