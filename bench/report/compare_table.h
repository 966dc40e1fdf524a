/* SPDX-License-Identifier: GPL-2.0 */
/*
 * compare's ratio table: every operation present in all runs, its p50 in
 * each, the ratio to the first run, and whether the difference is outside
 * the noise (the medians' confidence intervals do not overlap).
 */
#ifndef DMABENCH_COMPARE_TABLE_H
#define DMABENCH_COMPARE_TABLE_H

#include <stdbool.h>
#include <stddef.h>

#include "results/query.h"

#define CMP_MAX_RUNS	16

struct cmp_row {
	char key[256];				/* rd_key() */
	const struct rd_item *it[CMP_MAX_RUNS];	/* the row in each run */
	double ratio[CMP_MAX_RUNS];		/* p50 / the first run's p50 */
	bool outside[CMP_MAX_RUNS];		/* CIs do not overlap the first run's */
};

struct cmp_table {
	size_t nruns, nrows;
	struct cmp_row *rows;
	size_t nmissing;		/* rows of some run missing from another */
	char missing_example[320];	/* one of them, for the message */
};

/* 0, or -1 when out of memory. */
int cmp_build(const struct rd_run *runs, size_t nruns, struct cmp_table *t);
void cmp_free(struct cmp_table *t);

/* Do two medians' confidence intervals overlap?  Unknown CIs overlap. */
bool cmp_ci_overlap(const struct stats *a, const struct stats *b);

/* Is run @r slower than the first by more than @pct % and outside the noise? */
bool cmp_regressed(const struct cmp_row *row, size_t r, double pct);

#endif /* DMABENCH_COMPARE_TABLE_H */
