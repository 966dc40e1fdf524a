// SPDX-License-Identifier: GPL-2.0
/* Where the platforms differ; see compare_rank.h. */
#include "report/compare_rank.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/significance.h"
#include "core/stats.h"
#include "report/fmt.h"
#include "report/gate.h"
#include "report/noise.h"

/*
 * A row's within-run spread: IQR / p50 when the quartiles are known, else
 * (p90 - p50) / p50 (an IQR for a normal law is 1.05x it; latencies skew
 * right, so it errs large, the safe side for a noise rule).
 */
static struct rd_spread within_spread(const struct rd_item *it, bool *estimated)
{
	struct rd_spread s = rd_spread_of(it);

	if (s.source == RD_SPREAD_NONE && isfinite(it->stats.p90) && it->stats.p50 > 0 &&
	    it->stats.p90 >= it->stats.p50) {
		s.rel = (it->stats.p90 - it->stats.p50) / it->stats.p50;
		s.source = RD_SPREAD_WITHIN;
		*estimated = true;
	}
	return s;
}

static double median_of(double *v, size_t n)
{
	stats_sort(v, n);
	return stats_quantile(v, n, 0.5);
}

/* Both sides have repetitions: the gate's ratio and interval, then the noise rule. */
static int judge_reps(const struct cmp_row *row, size_t r, double *buf, size_t n_old,
		      size_t n_new, struct rank_cell *c)
{
	double *old = buf, *new_ = buf + GATE_MAX_REPS, mo, mn;
	struct noise_cmp nc;

	if (ratio_of_medians_ci(old, n_old, new_, n_new, GATE_BOOT_ITERS,
				gate_seed(row->key, r), 0.95, &c->lo, &c->hi))
		return -1;
	mo = median_of(old, n_old);
	mn = median_of(new_, n_new);
	c->basis = RANK_REPS;
	c->reps = (unsigned int)(n_old < n_new ? n_old : n_new);
	c->ratio = mo > 0 ? mn / mo : NAN;
	c->ref_ns = mo;
	c->ns = mn;
	noise_compare(mn, rd_spread_of(row->it[r]), mo, rd_spread_of(row->it[0]), &nc);
	c->threshold = nc.threshold;
	if (nc.sign > 0 && c->lo > 1)
		c->sign = 1;
	else if (nc.sign < 0 && c->hi < 1)
		c->sign = -1;
	return 0;
}

/* No repetitions on a side: the noise rule on within-run spreads, and its band. */
static void judge_within(const struct cmp_row *row, size_t r, struct rank_cell *c)
{
	const struct rd_item *a = row->it[r], *b = row->it[0];
	struct rd_spread sa = within_spread(a, &c->estimated);
	struct rd_spread sb = within_spread(b, &c->estimated);
	struct noise_cmp nc;

	noise_compare(a->stats.p50, sa, b->stats.p50, sb, &nc);
	c->ratio = row->ratio[r];
	c->ref_ns = b->stats.p50;
	c->ns = a->stats.p50;
	c->threshold = nc.threshold;
	if (sa.source == RD_SPREAD_NONE || sb.source == RD_SPREAD_NONE ||
	    !isfinite(c->ratio) || !(c->ratio > 0)) {
		c->basis = RANK_NONE;
		c->estimated = false;
		return;
	}
	c->basis = RANK_WITHIN;
	c->lo = c->ratio / (1 + nc.threshold);
	c->hi = c->ratio * (1 + nc.threshold);
	c->sign = nc.sign;
}

static bool floor_bound(const struct cmp_row *row, const struct rd_run *runs, size_t nruns)
{
	for (size_t r = 0; r < nruns; r++)
		if (row->it[r]->batched && rd_floor_bound(&runs[r], row->it[r]))
			return true;
	return false;
}

static int judge(const struct cmp_row *row, size_t r, double *buf, struct rank_cell *c)
{
	size_t n_old = rd_rep_values(row->it[0], buf, GATE_MAX_REPS);
	size_t n_new = rd_rep_values(row->it[r], buf + GATE_MAX_REPS, GATE_MAX_REPS);

	*c = (struct rank_cell){ .ratio = NAN, .lo = NAN, .hi = NAN, .threshold = NAN,
				 .ref_ns = NAN, .ns = NAN };
	if (n_old >= 2 && n_new >= 2)
		return judge_reps(row, r, buf, n_old, n_new, c);
	judge_within(row, r, c);
	return 0;
}

static int by_effect(const void *a, const void *b)
{
	const struct rank_entry *x = a, *y = b;

	if (x->effect != y->effect)
		return x->effect < y->effect ? 1 : -1;
	if (x->row != y->row)
		return x->row < y->row ? -1 : 1;
	return x->run < y->run ? -1 : x->run > y->run;
}

/* Fill the cells, count, and collect the significant ones into rk->ranked. */
static int judge_all(const struct cmp_table *t, const struct rd_run *runs,
		     struct cmp_rank *rk, double *buf)
{
	for (size_t i = 0; i < t->nrows; i++) {
		bool fb = floor_bound(&t->rows[i], runs, t->nruns);

		rk->cells[i * rk->nruns] = (struct rank_cell){ .ratio = 1, .lo = 1, .hi = 1 };
		for (size_t r = 1; r < t->nruns; r++) {
			struct rank_cell *c = &rk->cells[i * rk->nruns + r];

			if (judge(&t->rows[i], r, buf, c))
				return -1;
			c->floor_bound = fb;
			if (!isfinite(c->ratio) || !(c->ratio > 0))
				continue;
			rk->compared++;
			rk->basis_count[c->basis]++;
			rk->estimated += c->estimated;
			if (!c->sign)
				rk->inside_noise++;
			else if (fb)
				rk->floor_skipped++;
			else
				rk->ranked[rk->nranked++] = (struct rank_entry){
					.row = i, .run = r, .effect = fabs(log(c->ratio)) };
		}
	}
	qsort(rk->ranked, rk->nranked, sizeof(*rk->ranked), by_effect);
	return 0;
}

/* Per run, exp(mean ln ratio) over the rows whose every ratio is a positive number. */
static void geomeans(struct cmp_rank *rk)
{
	double sum[CMP_MAX_RUNS] = { 0 };

	rk->geo_n = 0;
	for (size_t i = 0; i < rk->nrows; i++) {
		bool all = true;

		for (size_t r = 1; r < rk->nruns && all; r++) {
			double x = cmp_rank_cell(rk, i, r)->ratio;

			all = isfinite(x) && x > 0;
		}
		if (!all)
			continue;
		for (size_t r = 1; r < rk->nruns; r++)
			sum[r] += log(cmp_rank_cell(rk, i, r)->ratio);
		rk->geo_n++;
	}
	for (size_t r = 0; r < rk->nruns; r++)
		rk->geomean[r] = r == 0 ? 1 : rk->geo_n ? exp(sum[r] / rk->geo_n) : NAN;
}

/* A row's place in the full table: 1 + its largest significant effect, else its largest. */
static double row_weight(const struct cmp_rank *rk, size_t i)
{
	double sig = -1, any = 0;

	for (size_t r = 1; r < rk->nruns; r++) {
		const struct rank_cell *c = cmp_rank_cell(rk, i, r);
		double e = isfinite(c->ratio) && c->ratio > 0 ? fabs(log(c->ratio)) : 0;

		any = fmax(any, e);
		if (c->sign)
			sig = fmax(sig, e);
	}
	return sig >= 0 ? 1e6 + sig : any;
}

struct weighed {
	size_t row;
	double weight;
};

static int by_weight(const void *a, const void *b)
{
	const struct weighed *x = a, *y = b;

	if (x->weight != y->weight)
		return x->weight < y->weight ? 1 : -1;
	return x->row < y->row ? -1 : x->row > y->row;
}

static int sort_rows(struct cmp_rank *rk)
{
	struct weighed *w = calloc(rk->nrows ? rk->nrows : 1, sizeof(*w));

	if (!w)
		return -1;
	for (size_t i = 0; i < rk->nrows; i++)
		w[i] = (struct weighed){ .row = i, .weight = row_weight(rk, i) };
	qsort(w, rk->nrows, sizeof(*w), by_weight);
	for (size_t i = 0; i < rk->nrows; i++)
		rk->order[i] = w[i].row;
	free(w);
	return 0;
}

int cmp_rank_build(const struct cmp_table *t, const struct rd_run *runs,
		   struct cmp_rank *rk)
{
	size_t cells = t->nrows * t->nruns;
	double *buf = malloc(2 * GATE_MAX_REPS * sizeof(*buf));

	memset(rk, 0, sizeof(*rk));
	rk->nrows = t->nrows;
	rk->nruns = t->nruns;
	rk->cells = calloc(cells ? cells : 1, sizeof(*rk->cells));
	rk->ranked = calloc(cells ? cells : 1, sizeof(*rk->ranked));
	rk->order = calloc(t->nrows ? t->nrows : 1, sizeof(*rk->order));
	if (!buf || !rk->cells || !rk->ranked || !rk->order || judge_all(t, runs, rk, buf)) {
		free(buf);
		cmp_rank_free(rk);
		return -1;
	}
	free(buf);
	geomeans(rk);
	if (sort_rows(rk)) {
		cmp_rank_free(rk);
		return -1;
	}
	return 0;
}

void cmp_rank_free(struct cmp_rank *rk)
{
	free(rk->cells);
	free(rk->ranked);
	free(rk->order);
	memset(rk, 0, sizeof(*rk));
}

char *cmp_rank_ratio_text(const struct rank_cell *c, char *buf, size_t len)
{
	char a[32], b[32], m[32];

	if (!isfinite(c->ratio))
		snprintf(buf, len, "-");
	else if (!isfinite(c->lo) || !isfinite(c->hi))
		snprintf(buf, len, "x%s", fmt_num(c->ratio, m, sizeof(m)));
	else
		snprintf(buf, len, "x%s [%s, %s]", fmt_num(c->ratio, m, sizeof(m)),
			 fmt_num(c->lo, a, sizeof(a)), fmt_num(c->hi, b, sizeof(b)));
	return buf;
}

char *cmp_rank_verdict_text(const struct rank_cell *c, const char *ref,
			    char *buf, size_t len)
{
	char m[32];

	if (!c->sign)
		snprintf(buf, len, "no measurable difference");
	else if (c->sign > 0)
		snprintf(buf, len, "%sx slower than %s", fmt_num(c->ratio, m, sizeof(m)), ref);
	else
		snprintf(buf, len, "%sx faster than %s", fmt_num(1 / c->ratio, m, sizeof(m)),
			 ref);
	return buf;
}

const char *cmp_rank_basis_words(enum rank_basis b, bool estimated)
{
	switch (b) {
	case RANK_REPS:
		return "repetitions: 95 % bootstrap interval of the ratio of medians";
	case RANK_WITHIN:
		return estimated ? "one run each: noise band from within-run spreads "
				   "((p90 - p50) / p50, no quartiles recorded)"
				 : "one run each: noise band from within-run spreads (IQR / p50)";
	default:
		return "no spread recorded: not judged";
	}
}
