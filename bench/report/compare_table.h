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

/* The regression gate's word for one op of one run (gate.h). */
enum gate_word {
	GATE_NONE = 0,		/* the gate did not run (no --fail-above) */
	GATE_UNJUDGED,		/* a side has no repetitions of this op */
	GATE_EXCLUDED,		/* not in the family (--ops) */
	GATE_OK,		/* not slower by more than the threshold */
	GATE_NOISE,		/* slower by more than it, but not significantly */
	GATE_REGRESSION,	/* significantly slower by more than the threshold */
};

/* The gate's figures for one op of run r against the first run. */
struct gate_cell {
	enum gate_word word;
	size_t n_old, n_new;		/* repetitions on each side */
	double ratio;			/* median of new's rep p50s / old's */
	double ci_lo, ci_hi;		/* 95 % bootstrap interval of the ratio */
	double p, p_adj;		/* one-sided MWU, and after Holm */
};

struct cmp_row {
	char key[256];				/* rd_key() */
	const struct rd_item *it[CMP_MAX_RUNS];	/* the row in each run */
	double ratio[CMP_MAX_RUNS];		/* p50 / the first run's p50 */
	bool outside[CMP_MAX_RUNS];		/* CIs do not overlap the first run's */
	struct gate_cell gate[CMP_MAX_RUNS];	/* filled by gate_run() */
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

/*
 * Is run @r slower than the first by more than @pct % and outside the noise?
 * Once the gate ran (gate_run()), its word alone decides; before, the
 * medians' intervals (within-run noise only: no gate rests on that).
 */
bool cmp_regressed(const struct cmp_row *row, size_t r, double pct);

/* "regression", "ok", ...: the word the table shows. */
const char *gate_word_name(enum gate_word w);

/*
 * The gate's cell as the report's tables show it after the p50, e.g.
 * "; gate: x1.21 [1.17, 1.26], p 0.0004, regression"; "" when the gate
 * did not run.
 */
void cmp_gate_text(const struct cmp_row *row, size_t r, char *buf, size_t len);

#endif /* DMABENCH_COMPARE_TABLE_H */
