// SPDX-License-Identifier: GPL-2.0
#include "core/stats.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

void stats_sort(double *v, size_t n)
{
	if (n)
		qsort(v, n, sizeof(*v), cmp_double);
}

double stats_quantile(const double *sorted, size_t n, double q)
{
	double pos, frac;
	size_t i;

	if (n == 0)
		return 0.0;
	if (q <= 0.0)
		return sorted[0];
	if (q >= 1.0)
		return sorted[n - 1];
	pos = q * (double)(n - 1);
	i = (size_t)pos;
	frac = pos - (double)i;
	if (i + 1 >= n)
		return sorted[n - 1];
	return sorted[i] + frac * (sorted[i + 1] - sorted[i]);
}

void stats_median_ci(const double *sorted, size_t n, double *lo, double *hi)
{
	double half, centre;
	long j, k;

	if (n == 0) {
		*lo = *hi = 0.0;
		return;
	}
	centre = (double)n / 2.0;
	half = 1.96 * sqrt((double)n) / 2.0;
	/* 1-based ranks, rounded outwards so the interval never shrinks. */
	j = (long)floor(centre - half);
	k = (long)ceil(centre + half) + 1;
	if (j < 1)
		j = 1;
	if (k > (long)n)
		k = (long)n;
	*lo = sorted[j - 1];
	*hi = sorted[k - 1];
}

void stats_compute(double *v, size_t n, struct stats *out)
{
	double sum = 0.0, sq = 0.0, mean;
	size_t i;

	memset(out, 0, sizeof(*out));
	if (n == 0)
		return;
	stats_sort(v, n);
	for (i = 0; i < n; i++)
		sum += v[i];
	mean = sum / (double)n;
	/* Two-pass variance: the one-pass formula loses digits on ns values. */
	for (i = 0; i < n; i++)
		sq += (v[i] - mean) * (v[i] - mean);

	out->n = n;
	out->min = v[0];
	out->max = v[n - 1];
	out->p50 = stats_quantile(v, n, 0.50);
	out->p90 = stats_quantile(v, n, 0.90);
	out->p25 = stats_quantile(v, n, 0.25);
	out->p75 = stats_quantile(v, n, 0.75);
	out->p99 = stats_quantile(v, n, 0.99);
	out->mean = mean;
	out->stddev = n > 1 ? sqrt(sq / (double)(n - 1)) : 0.0;
	stats_median_ci(v, n, &out->ci_low, &out->ci_high);
}

void stats_of_into(const double *v, size_t n, double *scratch, struct stats *out)
{
	if (n)
		memcpy(scratch, v, n * sizeof(*v));
	stats_compute(scratch, n, out);
}

int stats_of(const double *v, size_t n, struct stats *out)
{
	double *copy = malloc((n ? n : 1) * sizeof(*copy));

	if (!copy) {
		memset(out, 0, sizeof(*out));
		out->p50 = NAN;
		return -ENOMEM;
	}
	stats_of_into(v, n, copy, out);
	free(copy);
	return 0;
}

int sample_log_push(struct sample_log *l, double v)
{
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 64;
		double *p = realloc(l->v, cap * sizeof(*p));

		if (!p)
			return -ENOMEM;
		l->v = p;
		l->cap = cap;
	}
	l->v[l->n++] = v;
	return 0;
}

void sample_log_free(struct sample_log *l)
{
	free(l->v);
	memset(l, 0, sizeof(*l));
}
