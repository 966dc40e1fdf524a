/* SPDX-License-Identifier: GPL-2.0 */
/* What `report` and `compare` share: drawing and writing the documents. */
#ifndef DMABENCH_REPORT_H
#define DMABENCH_REPORT_H

#include <stddef.h>

#include "report/compare_table.h"
#include "results/query.h"

/*
 * Write @outdir/@stem.html, @outdir/@stem.md and @outdir/charts/ for
 * @runs (@cmp NULL for a single run).  0, or -1 with a sentence in @why.
 */
int report_render(const struct rd_run *runs, size_t nruns, const char *outdir,
		  const char *stem, const struct cmp_table *cmp, double fail_above,
		  char *why, size_t len);

#endif /* DMABENCH_REPORT_H */
