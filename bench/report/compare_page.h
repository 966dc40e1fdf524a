/* SPDX-License-Identifier: GPL-2.0 */
/*
 * compare's page (OUT/compare.html, OUT/compare.md, OUT/charts/): where the
 * platforms differ, first and short, then what backs it, collapsed.
 *
 *   1. the platforms, one row per run (preset, kernel, IOMMU, swiotlb,
 *      streaming coherent, repetitions) with links to each run's own
 *      report.html / report.md found beside its results.json;
 *   2. the largest significant differences against the first run, ranked
 *      by effect size (compare_rank.h), each with its interval and basis;
 *   3. per run, the geometric mean of its ratios over the operations every
 *      run has, and how many it is slower / faster / level in;
 *   4. the charts (a line or bar per run);
 *   5. collapsed: every shared operation, in words, sorted by effect
 *      (compare.md lists only those with a significant difference, and
 *      says so), and every platform fact side by side.
 * Each run's verdict and tables stay in its own report, linked, not pasted.
 * The page is one document (doc.h), written by the run report's emitters.
 */
#ifndef DMABENCH_COMPARE_PAGE_H
#define DMABENCH_COMPARE_PAGE_H

#include <stddef.h>

#include "report/compare_table.h"
#include "report/doc.h"
#include "report/run_charts.h"
#include "results/query.h"

/* The id of the ranked differences' table (2. above). */
#define CMP_RANKED_ID	"ranked"

/*
 * The page for @runs as a document: @t and @fail_above as below, @charts
 * the charts drawn for them, @outdir the page's folder (the links to each
 * run's report are relative to it).  NULL when out of memory.
 */
struct doc *compare_page(const struct rd_run *runs, size_t nruns, const struct cmp_table *t,
			 double fail_above, const struct chart_list *charts,
			 const char *outdir);

/*
 * Draw the charts and write @outdir/compare.html and compare.md for @runs
 * (@t: cmp_build() of them, its gate cells filled when --fail-above ran;
 * @fail_above NAN without a gate).  0, or -1 with a sentence in @why.
 */
int compare_page_render(const struct rd_run *runs, size_t nruns, const char *outdir,
			const struct cmp_table *t, double fail_above,
			char *why, size_t len);

#endif /* DMABENCH_COMPARE_PAGE_H */
