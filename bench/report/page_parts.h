/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What a page is built from (struct report_doc: the runs, their verdicts,
 * the charts drawn) and the parts the run report and the compare page both
 * show, each written into a document (doc.h) once for both emitters.
 */
#ifndef DMABENCH_PAGE_PARTS_H
#define DMABENCH_PAGE_PARTS_H

#include <stddef.h>

#include "report/doc.h"
#include "report/run_charts.h"
#include "report/verdict.h"
#include "results/query.h"

struct report_doc {
	const struct rd_run *runs;
	size_t nruns;
	const struct verdict *verdicts;	/* one per run */
	const struct chart_list *charts;
};

/* "direct vs swiotlb": the runs' labels, for a title. */
void part_labels(const struct report_doc *in, char *buf, size_t len);

/* One paragraph per run: folder, start .. end, complete or why not, lab. */
void part_run_lines(struct doc *d, const struct report_doc *in);

/* One verdict part: a paragraph per claim, its caveat beside it. */
void part_verdict(struct doc *d, const struct verdict *v, enum verdict_part p);

/* The same for @run's verdict, with what a part has beneath its sentences (the attributes' table). */
void part_verdict_run(struct doc *d, const struct rd_run *run, const struct verdict *v,
		      enum verdict_part p);

/* Section "verdict": every run's answers (a heading per run when several). */
void part_verdicts(struct doc *d, const struct report_doc *in);

/* One chart and, beneath it, its note (a caveat, or why it is a sentence). */
void part_chart(struct doc *d, const struct chart_entry *e);

/* Section "charts": every chart, grouped by its section name. */
void part_charts(struct doc *d, const struct report_doc *in);

/*
 * Draw every chart of @runs into @outdir/charts (made when missing; its
 * path in @chart_dir) and list them in @out.  0, or -1 with a sentence in
 * @why.
 */
int part_draw_charts(const struct rd_run *runs, size_t nruns, const char *outdir,
		     char *chart_dir, size_t dir_len, struct chart_list *out,
		     char *why, size_t len);

/*
 * @d as @outdir/@stem.html and @stem.md, its charts in charts/ beside
 * them.  0, or -1 with a sentence in @why.
 */
int part_write_pages(struct doc *d, const char *outdir, const char *stem,
		     char *why, size_t len);

/* Run @r's timing floor: a heading "floor-@r" and its sentence. */
void part_floor(struct doc *d, const struct rd_run *run, size_t r);

/*
 * Run @r's raw tables, collapsed (errors open when there are any): errors,
 * skipped, device transfer, every measurement, the platform as recorded;
 * ids "errors-@r", "skipped-@r", "device-transfer-@r", "measurements-@r",
 * "platform-@r".
 */
void part_run_tables(struct doc *d, const struct rd_run *run, size_t r);

#endif /* DMABENCH_PAGE_PARTS_H */
