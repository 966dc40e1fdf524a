/* SPDX-License-Identifier: GPL-2.0 */
/* `report`'s page: drawing the charts and writing the document. */
#ifndef DMABENCH_REPORT_H
#define DMABENCH_REPORT_H

#include <stddef.h>

#include "results/query.h"

/*
 * Write @outdir/@stem.html, @outdir/@stem.md and @outdir/charts/ for
 * @runs.  0, or -1 with a sentence in @why.
 */
int report_render(const struct rd_run *runs, size_t nruns, const char *outdir,
		  const char *stem, char *why, size_t len);

#endif /* DMABENCH_REPORT_H */
