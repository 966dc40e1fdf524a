/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Statistics across independent repetitions: what a regression gate and a
 * "A is slower than B" sentence may rest on (DESIGN.md, measurement rules).
 *
 * Samples taken within one run share its window's state (frequency, cache,
 * neighbours), so their spread understates run-to-run noise; these routines
 * take one figure per repetition (e.g. each repetition's median) instead.
 */
#ifndef DMABENCH_SIGNIFICANCE_H
#define DMABENCH_SIGNIFICANCE_H

#include <stddef.h>
#include <stdint.h>

/* Which way the alternative hypothesis of a test points. */
enum sig_alternative {
	SIG_TWO_SIDED,
	SIG_GREATER,		/* a tends to be larger than b */
	SIG_LESS,		/* a tends to be smaller than b */
};

struct mwu_result {
	double u;		/* U of a: pairs (a_i, b_j) with a_i > b_j, ties 1/2 */
	double p;		/* p-value for the alternative asked */
	int exact;		/* 1: exact null distribution, 0: normal approximation */
};

/*
 * Mann-Whitney U test of a against b, as scipy.stats.mannwhitneyu(a, b,
 * alternative=..., method="auto") computes it: the exact distribution of U
 * when one sample has at most 8 values and there are no ties, else the
 * normal approximation with tie and continuity corrections.  Distribution
 * free: timings are skewed and long-tailed, so a t-test's normality is not
 * there to lean on.  Returns -1 (and leaves @out alone) when a sample is
 * empty or holds a NaN.
 */
int mwu_test(const double *a, size_t na, const double *b, size_t nb,
	     enum sig_alternative alt, struct mwu_result *out);

/*
 * The smallest p-value mwu_test() can give for samples of these sizes
 * (one-sided: 1 / C(na + nb, na)).  With 5 repetitions a side it is 1/252:
 * a gate over hundreds of ops cannot reach significance after correction,
 * and must say so rather than never fire.
 */
double mwu_min_p(size_t na, size_t nb, enum sig_alternative alt);

/*
 * Adjusted p-values for testing @n hypotheses at once, in the input's order
 * (@adj may be @p).  Holm controls the family-wise error rate (the chance of
 * any false alarm); Benjamini-Hochberg the expected share of false alarms
 * among the alarms.  Reject hypothesis i at level alpha iff adj[i] <= alpha.
 * NaN p-values (untested ops) stay NaN and do not count in n.
 */
void p_adjust_holm(const double *p, size_t n, double *adj);
void p_adjust_bh(const double *p, size_t n, double *adj);

/* One op's figure across repetitions (one value per repetition). */
struct rep_stats {
	size_t reps;
	double median;		/* median of the per-repetition figures */
	double q25, q75;	/* quartiles (type 7) */
	double min, max;
	double rsd;		/* robust relative spread: 1.4826 * MAD / median */
};

/* Summarise @n per-repetition figures (not modified).  -1 when n == 0. */
int rep_stats_compute(const double *v, size_t n, struct rep_stats *out);

/*
 * Percentile bootstrap interval of median(b) / median(a): @iters resamples
 * of each side with replacement, seeded so that the same data always give
 * the same interval.  @conf e.g. 0.95.  -1 on an empty sample or iters < 1.
 */
int ratio_of_medians_ci(const double *a, size_t na, const double *b, size_t nb,
			unsigned int iters, uint64_t seed, double conf,
			double *lo, double *hi);

/*
 * The regression gate's per-op question: is @new slower than @old by more
 * than @pct percent?  One-sided Mann-Whitney U of new against old scaled by
 * (1 + pct / 100), so a slowdown of exactly pct is the null hypothesis'
 * edge and noise alone rejects it at the test's level, not more often.
 */
int gate_slower_p(const double *old, size_t n_old, const double *new_,
		  size_t n_new, double pct, double *p);

#endif
