/* SPDX-License-Identifier: GPL-2.0 */
/* Summary statistics of timing samples: what every result item carries. */
#ifndef DMABENCH_STATS_H
#define DMABENCH_STATS_H

#include <stddef.h>
#include <stdint.h>

struct stats {
	size_t n;
	double min, p50, p90, p99, max;
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

#endif
