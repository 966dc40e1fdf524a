/* SPDX-License-Identifier: GPL-2.0 */
/* Summary statistics of timing samples: what every result item carries. */
#ifndef DMABENCH_STATS_H
#define DMABENCH_STATS_H

#include <stddef.h>
#include <stdint.h>

/* Fewer samples than this and a p99 is the max in disguise: not reported. */
#define STATS_P99_MIN_N	100

struct stats {
	size_t n;
	double min, p50, p90, p99, max;
	double p25, p75;	/* quartiles: the within-run spread (IQR) */
	double mean, stddev;
	double ci_low, ci_high;	/* ~95 % confidence interval of the median */
};

/*
 * Summarise @n samples.  @v is sorted in place (callers keep raw order in
 * their own copy if they need it).  n == 0 gives all zeros.
 */
void stats_compute(double *v, size_t n, struct stats *out);

/* Linear-interpolated quantile (Hyndman-Fan type 7) of sorted @v, q in [0,1]. */
double stats_quantile(const double *sorted, size_t n, double q);

/*
 * Distribution-free confidence interval of the median from order statistics:
 * ranks n/2 -+ 1.96 * sqrt(n) / 2.  Timing samples are skewed with long tails,
 * so a normal-theory interval around the mean would be wrong.
 */
void stats_median_ci(const double *sorted, size_t n, double *lo, double *hi);

/*
 * The one way from samples to statistics: @v (n values in the order they
 * were taken, left as they are) copied, sorted and summarised into @out.
 * 0, or -ENOMEM (then @out is all zero with p50 NAN).  stats_of_into()
 * copies into the caller's @scratch (n doubles) instead, for loops that
 * ask often.
 */
int stats_of(const double *v, size_t n, struct stats *out);
void stats_of_into(const double *v, size_t n, double *scratch, struct stats *out);

/* Sort @v ascending (for quantiles of a copy the caller owns). */
void stats_sort(double *v, size_t n);

/* A growable array of samples: zero-initialised is empty. */
struct sample_log {
	double *v;
	size_t n, cap;
};

/* Append @v; 0 or -ENOMEM. */
int sample_log_push(struct sample_log *l, double v);
void sample_log_free(struct sample_log *l);

#endif
