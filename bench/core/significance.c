// SPDX-License-Identifier: GPL-2.0
/*
 * significance.c: tests and summaries across repetitions (significance.h).
 *
 * The Mann-Whitney U test follows scipy.stats.mannwhitneyu (1.10) closely
 * enough to give the same p-values, so a reader can check a gate's decision
 * with the tool everyone has; the unit tests hold scipy's answers.
 */
#include "core/significance.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/stats.h"

/* Ranks of the pooled sample (1-based, ties get their mean rank). */
struct ranked {
	double v;
	int from_a;
};

static int cmp_ranked(const void *x, const void *y)
{
	const struct ranked *a = x, *b = y;

	return (a->v > b->v) - (a->v < b->v);
}

static int has_nan(const double *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (isnan(v[i]))
			return 1;
	return 0;
}

/*
 * Rank-sum of a in the pooled sample, and the tie term sum(t^3 - t) over
 * groups of t equal values that the normal approximation's variance needs.
 */
static int rank_sum(const double *a, size_t na, const double *b, size_t nb,
		    double *r1, double *tie_term)
{
	size_t n = na + nb;
	struct ranked *all = malloc(n * sizeof(*all));

	if (!all)
		return -1;
	for (size_t i = 0; i < na; i++)
		all[i] = (struct ranked){ a[i], 1 };
	for (size_t i = 0; i < nb; i++)
		all[na + i] = (struct ranked){ b[i], 0 };
	qsort(all, n, sizeof(*all), cmp_ranked);

	*r1 = 0;
	*tie_term = 0;
	for (size_t i = 0; i < n;) {
		size_t j = i;
		size_t in_a = 0;

		while (j < n && all[j].v == all[i].v)
			in_a += (size_t)all[j++].from_a;
		/* ranks i+1 .. j share their mean */
		*r1 += (double)in_a * ((double)(i + 1 + j) / 2.0);
		*tie_term += pow((double)(j - i), 3) - (double)(j - i);
		i = j;
	}
	free(all);
	return 0;
}

/*
 * Exact null distribution of U for sizes m, n: the coefficients of the
 * Gaussian binomial [m+n choose m]_q, built as prod_{i=1..m}
 * (1 - q^(n+i)) / (1 - q^i).  Each division by (1 - q^i) is exact (the
 * quotient stays a polynomial), done as a running sum.  Counts fit a double
 * exactly while C(m+n, m) < 2^53, which the caller's size limit keeps.
 */
static double *u_counts(size_t m, size_t n)
{
	size_t deg = m * n;
	double *c = calloc(deg + 1, sizeof(*c));

	if (!c)
		return NULL;
	c[0] = 1;
	for (size_t i = 1; i <= m; i++) {
		for (size_t k = deg; k >= n + i; k--)
			c[k] -= c[k - (n + i)];
		for (size_t k = i; k <= deg; k++)
			c[k] += c[k - i];
	}
	return c;
}

/* P(U >= u) under the null, exactly; NAN if it cannot be computed. */
static double exact_sf(size_t m, size_t n, double u)
{
	double *c = u_counts(m, n);
	double tail = 0, total = 0;

	if (!c)
		return NAN;
	for (size_t k = 0; k <= m * n; k++) {
		total += c[k];
		if ((double)k >= u)
			tail += c[k];
	}
	free(c);
	return tail / total;
}

static double normal_sf(double z)
{
	return 0.5 * erfc(z / sqrt(2.0));
}

/* scipy's rule: exact when a side has at most 8 values and nothing ties. */
static int use_exact(size_t na, size_t nb, double tie_term)
{
	if (na > 8 && nb > 8)
		return 0;
	/* C(na + nb, min) must stay below 2^53 for exact double counts */
	return tie_term == 0 && na + nb <= 200;
}

int mwu_test(const double *a, size_t na, const double *b, size_t nb,
	     enum sig_alternative alt, struct mwu_result *out)
{
	double r1, tie_term, u1, u2, u, p, mu, n, s, z;
	int exact, two = alt == SIG_TWO_SIDED;

	if (!na || !nb || has_nan(a, na) || has_nan(b, nb))
		return -1;
	if (rank_sum(a, na, b, nb, &r1, &tie_term))
		return -1;
	u1 = r1 - (double)na * (double)(na + 1) / 2.0;
	u2 = (double)na * (double)nb - u1;
	/* the statistic whose upper tail is the alternative's evidence */
	u = alt == SIG_GREATER ? u1 : alt == SIG_LESS ? u2 : fmax(u1, u2);

	exact = use_exact(na, nb, tie_term);
	if (exact) {
		/* U's distribution is symmetric: either size order serves */
		p = exact_sf(na, nb, u);
		if (isnan(p))
			return -1;
	} else {
		mu = (double)na * (double)nb / 2.0;
		n = (double)(na + nb);
		s = sqrt((double)na * (double)nb / 12.0 *
			 ((n + 1) - tie_term / (n * (n - 1))));
		z = s > 0 ? (u - mu - 0.5) / s : 0;
		p = s > 0 ? normal_sf(z) : 1.0;
	}
	if (two)
		p *= 2;
	out->u = u1;
	out->p = fmin(p, 1.0);
	out->exact = exact;
	return 0;
}

double mwu_min_p(size_t na, size_t nb, enum sig_alternative alt)
{
	/* 1 / C(na + nb, na), the one arrangement with every a above every b */
	double log_c = lgamma((double)(na + nb + 1)) - lgamma((double)(na + 1)) -
		       lgamma((double)(nb + 1));
	double p = exp(-log_c);

	return alt == SIG_TWO_SIDED ? fmin(1.0, 2 * p) : p;
}

/* Indices of the non-NaN p-values, sorted by p ascending. */
struct p_index {
	double p;
	size_t i;
};

static int cmp_p_index(const void *x, const void *y)
{
	const struct p_index *a = x, *b = y;

	if (a->p != b->p)
		return (a->p > b->p) - (a->p < b->p);
	return (a->i > b->i) - (a->i < b->i);
}

static struct p_index *sorted_p(const double *p, size_t n, size_t *m)
{
	struct p_index *s = malloc((n ? n : 1) * sizeof(*s));

	*m = 0;
	if (!s)
		return NULL;
	for (size_t i = 0; i < n; i++)
		if (!isnan(p[i]))
			s[(*m)++] = (struct p_index){ p[i], i };
	qsort(s, *m, sizeof(*s), cmp_p_index);
	return s;
}

/*
 * The start both adjustments share: NaN stays NaN, the rest sorted.  When
 * memory runs out every tested p becomes 1 (reject nothing) and NULL is
 * returned: a gate that cannot compute must not raise an alarm.
 */
static struct p_index *adjust_begin(const double *p, size_t n, double *adj,
				    size_t *m)
{
	struct p_index *s = sorted_p(p, n, m);

	for (size_t i = 0; i < n; i++)
		if (isnan(p[i]))
			adj[i] = NAN;
		else if (!s)
			adj[i] = 1.0;
	return s;
}

void p_adjust_holm(const double *p, size_t n, double *adj)
{
	size_t m;
	struct p_index *s = adjust_begin(p, n, adj, &m);
	double running = 0;

	if (!s)
		return;
	/* step down: the k-th smallest is tested at alpha / (m - k) */
	for (size_t k = 0; k < m; k++) {
		double a = fmin(1.0, (double)(m - k) * s[k].p);

		running = fmax(running, a);
		adj[s[k].i] = running;
	}
	free(s);
}

void p_adjust_bh(const double *p, size_t n, double *adj)
{
	size_t m;
	struct p_index *s = adjust_begin(p, n, adj, &m);
	double running = 1.0;

	if (!s)
		return;
	/* step up: the k-th smallest (1-based) is tested at k * alpha / m */
	for (size_t k = m; k-- > 0;) {
		double a = fmin(1.0, (double)m / (double)(k + 1) * s[k].p);

		running = fmin(running, a);
		adj[s[k].i] = running;
	}
	free(s);
}

int rep_stats_compute(const double *v, size_t n, struct rep_stats *out)
{
	double *sorted, *dev;

	if (!n)
		return -1;
	sorted = malloc(2 * n * sizeof(*sorted));
	if (!sorted)
		return -1;
	dev = sorted + n;
	memcpy(sorted, v, n * sizeof(*sorted));
	stats_sort(sorted, n);

	out->reps = n;
	out->median = stats_quantile(sorted, n, 0.5);
	out->q25 = stats_quantile(sorted, n, 0.25);
	out->q75 = stats_quantile(sorted, n, 0.75);
	out->min = sorted[0];
	out->max = sorted[n - 1];
	for (size_t i = 0; i < n; i++)
		dev[i] = fabs(sorted[i] - out->median);
	stats_sort(dev, n);
	/* 1.4826 * MAD estimates the standard deviation of a normal sample */
	out->rsd = out->median != 0 ?
		   1.4826 * stats_quantile(dev, n, 0.5) / fabs(out->median) : NAN;
	free(sorted);
	return 0;
}

/* splitmix64: small, seedable, good enough to draw resampling indices. */
static uint64_t splitmix64(uint64_t *state)
{
	uint64_t z = (*state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static double resampled_median(const double *v, size_t n, double *scratch,
			       uint64_t *rng)
{
	for (size_t i = 0; i < n; i++)
		scratch[i] = v[splitmix64(rng) % n];
	stats_sort(scratch, n);
	return stats_quantile(scratch, n, 0.5);
}

int ratio_of_medians_ci(const double *a, size_t na, const double *b, size_t nb,
			unsigned int iters, uint64_t seed, double conf,
			double *lo, double *hi)
{
	double *ratios, *scratch;
	uint64_t rng = seed;

	if (!na || !nb || iters < 1 || !(conf > 0 && conf < 1))
		return -1;
	ratios = malloc(((size_t)iters + na + nb) * sizeof(*ratios));
	if (!ratios)
		return -1;
	scratch = ratios + iters;
	for (unsigned int k = 0; k < iters; k++) {
		double ma = resampled_median(a, na, scratch, &rng);
		double mb = resampled_median(b, nb, scratch + na, &rng);

		ratios[k] = mb / ma;
	}
	stats_sort(ratios, iters);
	*lo = stats_quantile(ratios, iters, (1 - conf) / 2);
	*hi = stats_quantile(ratios, iters, 1 - (1 - conf) / 2);
	free(ratios);
	return 0;
}

int gate_slower_p(const double *old, size_t n_old, const double *new_,
		  size_t n_new, double pct, double *p)
{
	struct mwu_result r;
	double *scaled;
	int ret;

	if (!n_old || !(pct >= 0))
		return -1;
	scaled = malloc(n_old * sizeof(*scaled));
	if (!scaled)
		return -1;
	for (size_t i = 0; i < n_old; i++)
		scaled[i] = old[i] * (1 + pct / 100);
	ret = mwu_test(new_, n_new, scaled, n_old, SIG_GREATER, &r);
	free(scaled);
	if (!ret)
		*p = r.p;
	return ret;
}
