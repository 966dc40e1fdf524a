/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Where the platforms differ: for every operation of compare's ratio table
 * (compare_table.h) and every run after the first, the ratio to the first
 * run with an interval, whether the difference is significant, and the
 * significant ones ranked by effect size (|ln ratio|); a geometric mean of
 * the ratios per run over the operations every run has.
 *
 * Significance, by what the runs carry:
 *   REPS    both rows have repetitions (`run --repeat`, reps.p50s): ratio
 *           of the medians of the repetitions' p50s, the gate's seeded 95 %
 *           bootstrap interval of it (gate.h), and significant only when
 *           that interval excludes 1 *and* the noise rule (noise.h) agrees;
 *   WITHIN  otherwise: ratio of the p50s and the noise rule on within-run
 *           spreads (IQR / p50; where no quartiles were recorded,
 *           (p90 - p50) / p50, which is larger for right-skewed latencies:
 *           ESTIMATED).  The interval is ratio / (1 + k) .. ratio * (1 + k)
 *           with k the rule's threshold, so "significant" is exactly "the
 *           interval excludes 1": a band of the noise, not a confidence
 *           interval;
 *   NONE    neither figure has a spread: never significant.
 * A difference inside the noise is never significant, whatever the basis.
 * A per-op row whose p50 is floor-bound (query.h: below 20x the timing
 * floor) in a run, with a batched twin, is not ranked: the twin is.
 */
#ifndef DMABENCH_COMPARE_RANK_H
#define DMABENCH_COMPARE_RANK_H

#include <stdbool.h>
#include <stddef.h>

#include "report/compare_table.h"

/* How many ranked differences a page shows before its collapsed sections. */
#define CMP_RANK_TOP	25

enum rank_basis { RANK_NONE, RANK_REPS, RANK_WITHIN };

struct rank_cell {
	double ratio;		/* run r / the first run; NAN when not comparable */
	double ref_ns, ns;	/* the figures behind it: p50s, or the medians of
				 * the repetitions' p50s (REPS) */
	double lo, hi;		/* the ratio's interval (see the basis) */
	double threshold;	/* the noise rule's relative difference */
	enum rank_basis basis;
	unsigned int reps;	/* REPS: the smaller side's repetitions */
	bool estimated;		/* WITHIN from (p90 - p50) / p50 on a side */
	bool floor_bound;	/* not ranked: the batched twin speaks for it */
	int sign;		/* +1 significantly slower, -1 faster, 0 neither */
};

/* One significant difference: row @row of the table, run @run against run 0. */
struct rank_entry {
	size_t row, run;
	double effect;		/* |ln ratio| */
};

struct cmp_rank {
	size_t nrows, nruns;
	struct rank_cell *cells;	/* nrows x nruns; run 0's are ratio 1 */
	struct rank_entry *ranked;	/* the significant ones, largest first */
	size_t nranked;
	size_t *order;			/* rows, those with a significant difference
					 * first, each group by its largest effect */
	double geomean[CMP_MAX_RUNS];	/* per run; run 0: 1 */
	size_t geo_n;			/* operations behind the geometric means */
	size_t compared;		/* (row, run) pairs with a ratio */
	size_t inside_noise;		/* of those, not significant */
	size_t floor_skipped;		/* significant but floor-bound: not ranked */
	size_t basis_count[3];		/* pairs per rank_basis */
	size_t estimated;		/* WITHIN pairs using (p90 - p50) / p50 */
};

/* Rank @t (cmp_build() of @runs).  0, or -1 when out of memory. */
int cmp_rank_build(const struct cmp_table *t, const struct rd_run *runs,
		   struct cmp_rank *rk);
void cmp_rank_free(struct cmp_rank *rk);

static inline const struct rank_cell *cmp_rank_cell(const struct cmp_rank *rk,
						    size_t row, size_t run)
{
	return &rk->cells[row * rk->nruns + run];
}

/* "x30.0 [27.1, 33.2]": a ratio and its interval in 3 significant digits. */
char *cmp_rank_ratio_text(const struct rank_cell *c, char *buf, size_t len);

/* "30.0x slower than direct" / "2.10x faster than direct" / "no measurable difference". */
char *cmp_rank_verdict_text(const struct rank_cell *c, const char *ref,
			    char *buf, size_t len);

/* How the interval and the significance were decided, as the page says it. */
const char *cmp_rank_basis_words(enum rank_basis b, bool estimated);

#endif /* DMABENCH_COMPARE_RANK_H */
