// SPDX-License-Identifier: GPL-2.0
/* The regression gate; see gate.h. */
#include "report/gate.h"

#include <fnmatch.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/significance.h"
#include "core/stats.h"

unsigned int gate_reps_needed(size_t m, double alpha)
{
	for (unsigned int n = 2; n < GATE_MAX_REPS; n++)
		if ((double)m * mwu_min_p(n, n, SIG_GREATER) <= alpha)
			return n;
	return GATE_MAX_REPS;
}

static bool in_family(const char *patterns, const char *key)
{
	char one[256];

	if (!patterns)
		return true;
	while (*patterns) {
		size_t len = strcspn(patterns, ",");

		if (len && len < sizeof(one)) {
			memcpy(one, patterns, len);
			one[len] = '\0';
			if (!fnmatch(one, key, 0))
				return true;
		}
		patterns += len;
		if (*patterns == ',')
			patterns++;
	}
	return false;
}

static double median_of(const double *v, size_t n, double *scratch)
{
	memcpy(scratch, v, n * sizeof(*v));
	stats_sort(scratch, n);
	return stats_quantile(scratch, n, 0.5);
}

uint64_t gate_seed(const char *key, size_t r)
{
	uint64_t h = 0xcbf29ce484222325ULL ^ r;

	for (; *key; key++)
		h = (h ^ (unsigned char)*key) * 0x100000001b3ULL;
	return h;
}

/* One (op, run) pair's figures before the correction; -1 out of memory. */
static int test_cell(const struct cmp_row *row, size_t r, double pct,
		     struct gate_cell *g, double *buf)
{
	double *old = buf, *new_ = buf + GATE_MAX_REPS, *scratch = buf + 2 * GATE_MAX_REPS;

	g->n_old = rd_rep_values(row->it[0], old, GATE_MAX_REPS);
	g->n_new = rd_rep_values(row->it[r], new_, GATE_MAX_REPS);
	g->p = g->p_adj = NAN;
	g->ratio = g->ci_lo = g->ci_hi = NAN;
	if (!g->n_old || !g->n_new) {
		g->word = GATE_UNJUDGED;
		return 0;
	}
	g->ratio = median_of(new_, g->n_new, scratch) / median_of(old, g->n_old, scratch);
	if (ratio_of_medians_ci(old, g->n_old, new_, g->n_new, GATE_BOOT_ITERS,
				gate_seed(row->key, r), 0.95, &g->ci_lo, &g->ci_hi) ||
	    gate_slower_p(old, g->n_old, new_, g->n_new, pct, &g->p))
		return -1;
	g->word = GATE_OK;	/* decided after the correction */
	return 0;
}

static void decide(struct gate_cell *g, const struct gate_cfg *cfg)
{
	bool above = g->ratio > 1.0 + cfg->pct / 100.0;

	if (above && g->p_adj <= cfg->alpha && g->ci_lo > 1.0)
		g->word = GATE_REGRESSION;
	else if (above)
		g->word = GATE_NOISE;
	else
		g->word = GATE_OK;
}

/* Fill the cells and the raw p-values in family order; m = family size. */
static int test_all(struct cmp_table *t, const struct gate_cfg *cfg, double *p,
		    struct gate_summary *sum, double *best_min_p)
{
	double *buf = malloc(3 * GATE_MAX_REPS * sizeof(*buf));

	if (!buf)
		return -1;
	*best_min_p = 1.0;
	for (size_t i = 0; i < t->nrows; i++)
		for (size_t r = 1; r < t->nruns; r++) {
			struct gate_cell *g = &t->rows[i].gate[r];

			if (!in_family(cfg->ops, t->rows[i].key)) {
				*g = (struct gate_cell){ .word = GATE_EXCLUDED,
							 .p = NAN, .p_adj = NAN };
				sum->excluded++;
				continue;
			}
			if (test_cell(&t->rows[i], r, cfg->pct, g, buf)) {
				free(buf);
				return -1;
			}
			if (g->word == GATE_UNJUDGED) {
				sum->unjudged++;
				continue;
			}
			p[sum->tested++] = g->p;
			*best_min_p = fmin(*best_min_p,
					   mwu_min_p(g->n_old, g->n_new, SIG_GREATER));
		}
	free(buf);
	return 0;
}

/* Why nothing could be judged: a single run among the inputs, usually. */
static void say_unjudgeable(const struct rd_run *runs, size_t nruns,
			    struct gate_summary *sum)
{
	for (size_t r = 0; r < nruns; r++)
		if (!runs[r].n_reps) {
			snprintf(sum->why, sizeof(sum->why),
				 "%s is a single run (no repetitions): the gate decides from "
				 "independent repetitions, not from one run's samples; make "
				 "both sides with `dmabench run --repeat N` (N >= %u for %zu "
				 "operations)", runs[r].dir, gate_reps_needed(sum->unjudged,
									      GATE_ALPHA),
				 sum->unjudged);
			return;
		}
	snprintf(sum->why, sizeof(sum->why),
		 "no operation has repetitions on both sides, so there is nothing to gate on");
}

int gate_run(struct cmp_table *t, const struct rd_run *runs,
	     const struct gate_cfg *cfg, struct gate_summary *sum)
{
	size_t pairs = t->nrows * (t->nruns ? t->nruns - 1 : 0), k = 0;
	double *p = malloc((pairs ? pairs : 1) * sizeof(*p)), best_min_p;

	memset(sum, 0, sizeof(*sum));
	if (!p || test_all(t, cfg, p, sum, &best_min_p)) {
		free(p);
		return -1;
	}
	if (!sum->tested) {
		sum->refused = true;
		say_unjudgeable(runs, t->nruns, sum);
		free(p);
		return 0;
	}
	if (cfg->bh)
		p_adjust_bh(p, sum->tested, p);
	else
		p_adjust_holm(p, sum->tested, p);
	for (size_t i = 0; i < t->nrows; i++)
		for (size_t r = 1; r < t->nruns; r++) {
			struct gate_cell *g = &t->rows[i].gate[r];

			if (g->word != GATE_OK)
				continue;
			g->p_adj = p[k++];
			decide(g, cfg);
			sum->regressions += g->word == GATE_REGRESSION;
		}
	free(p);
	if ((double)sum->tested * best_min_p > cfg->alpha) {
		sum->refused = true;
		snprintf(sum->why, sizeof(sum->why),
			 "with these repetitions the smallest one-sided p is %.3g (1 in %.0f), "
			 "and %s over the %zu operations compared needs %zu x p <= %g, which "
			 "no result can reach: give at least %u repetitions a side (`run "
			 "--repeat %u`), or gate a subset chosen beforehand with --ops PATTERN",
			 best_min_p, 1 / best_min_p, cfg->bh ? "Benjamini-Hochberg" : "Holm",
			 sum->tested, sum->tested, cfg->alpha,
			 gate_reps_needed(sum->tested, cfg->alpha),
			 gate_reps_needed(sum->tested, cfg->alpha));
	} else if (sum->unjudged) {
		snprintf(sum->why, sizeof(sum->why),
			 "%zu operations cannot be judged: a side has no repetitions of them",
			 sum->unjudged);
	}
	return 0;
}
