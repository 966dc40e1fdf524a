// SPDX-License-Identifier: GPL-2.0
/* Pairing operations across runs; see compare_table.h. */
#include "report/compare_table.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

bool cmp_ci_overlap(const struct stats *a, const struct stats *b)
{
	if (!isfinite(a->ci_low) || !isfinite(a->ci_high) ||
	    !isfinite(b->ci_low) || !isfinite(b->ci_high))
		return true;
	return !(a->ci_high < b->ci_low || b->ci_high < a->ci_low);
}

bool cmp_regressed(const struct cmp_row *row, size_t r, double pct)
{
	if (r > 0 && row->gate[r].word != GATE_NONE)
		return row->gate[r].word == GATE_REGRESSION;
	return r > 0 && row->outside[r] && isfinite(row->ratio[r]) &&
	       row->ratio[r] > 1.0 + pct / 100.0;
}

/* Fill @row from every run; false when one of them lacks the operation. */
static bool pair_up(const struct rd_run *runs, size_t nruns, struct cmp_row *row)
{
	const struct stats *base;

	for (size_t r = 0; r < nruns; r++) {
		row->it[r] = rd_find_key(&runs[r], row->key);
		if (!row->it[r])
			return false;
	}
	base = &row->it[0]->stats;
	for (size_t r = 0; r < nruns; r++) {
		const struct stats *s = &row->it[r]->stats;

		row->ratio[r] = base->p50 > 0 ? s->p50 / base->p50 : NAN;
		row->outside[r] = r > 0 && !cmp_ci_overlap(base, s);
	}
	return true;
}

/* Count (and remember one of) the rows of runs 1.. that run 0 lacks. */
static void count_missing(const struct rd_run *runs, size_t nruns, struct cmp_table *t)
{
	char key[256];

	for (size_t r = 0; r < nruns; r++)
		for (size_t i = 0; i < runs[r].nitems; i++) {
			bool everywhere = true;

			rd_key(&runs[r].items[i], key, sizeof(key));
			for (size_t o = 0; o < nruns && everywhere; o++)
				everywhere = rd_find_key(&runs[o], key) != NULL;
			if (everywhere || (r > 0 && rd_find_key(&runs[0], key)))
				continue;	/* counted once, from the first run having it */
			if (!t->nmissing++)
				snprintf(t->missing_example, sizeof(t->missing_example),
					 "%s (in %s)", key, runs[r].label);
		}
}

int cmp_build(const struct rd_run *runs, size_t nruns, struct cmp_table *t)
{
	memset(t, 0, sizeof(*t));
	t->nruns = nruns;
	if (!nruns)
		return 0;
	t->rows = calloc(runs[0].nitems ? runs[0].nitems : 1, sizeof(*t->rows));
	if (!t->rows)
		return -1;
	for (size_t i = 0; i < runs[0].nitems; i++) {
		struct cmp_row *row = &t->rows[t->nrows];

		rd_key(&runs[0].items[i], row->key, sizeof(row->key));
		if (pair_up(runs, nruns, row))
			t->nrows++;
		else
			memset(row, 0, sizeof(*row));
	}
	count_missing(runs, nruns, t);
	return 0;
}

void cmp_free(struct cmp_table *t)
{
	free(t->rows);
	memset(t, 0, sizeof(*t));
}

const char *gate_word_name(enum gate_word w)
{
	switch (w) {
	case GATE_UNJUDGED:
		return "not judged (no repetitions)";
	case GATE_EXCLUDED:
		return "not gated (--ops)";
	case GATE_OK:
		return "ok";
	case GATE_NOISE:
		return "slower, not significant";
	case GATE_REGRESSION:
		return "regression";
	default:
		return "";
	}
}

void cmp_gate_text(const struct cmp_row *row, size_t r, char *buf, size_t len)
{
	const struct gate_cell *g = &row->gate[r];

	if (r == 0 || g->word == GATE_NONE) {
		snprintf(buf, len, "%s", "");
		return;
	}
	if (g->word == GATE_UNJUDGED || g->word == GATE_EXCLUDED) {
		snprintf(buf, len, "; gate: %s", gate_word_name(g->word));
		return;
	}
	snprintf(buf, len, "; gate: x%.3g [%.3g, %.3g], p %.2g, %s", g->ratio,
		 g->ci_lo, g->ci_hi, g->p_adj, gate_word_name(g->word));
}
