/* SPDX-License-Identifier: GPL-2.0 */
/*
 * compare --fail-above PCT: the regression gate, decided from independent
 * repetitions (`run --repeat N`), never from one run's samples.
 *
 * Per op and per run r after the first, from each side's per-repetition
 * p50s (reps.p50s):
 *   ratio  = median(new) / median(old)
 *   CI     = seeded 95 % percentile bootstrap interval of that ratio
 *   p      = one-sided Mann-Whitney U that new is slower than old scaled
 *            by (1 + PCT/100) (gate_slower_p), exact for small samples
 *   p_adj  = Holm's adjustment over the family: every (op, run) pair that
 *            has repetitions on both sides and is not left out by --ops
 * and the op is a regression iff p_adj <= alpha (0.05), ratio > 1 + PCT/100
 * and CI's lower end > 1.  Holm bounds the chance of any false alarm in
 * one compare by alpha, whatever the ops' correlation.  --correction bh
 * uses Benjamini-Hochberg instead: on identical builds (every null true)
 * its false discovery rate is the chance of any alarm, so the same alpha
 * bounds false alarms there, and with real regressions it bounds the share
 * of false ones among the alarms while catching more (make bench-gate
 * measures both).
 *
 * What the gate cannot do it says: with n_old and n_new repetitions the
 * smallest p is 1 / C(n_old + n_new, n_old) (1/252 for 5 + 5), and Holm
 * over m ops needs m * that <= alpha; when no op can reach it, the gate
 * refuses (exit 2) naming the repetitions needed, rather than pass
 * everything silently.  --ops PATTERN gates a subset chosen beforehand.
 */
#ifndef DMABENCH_GATE_H
#define DMABENCH_GATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "report/compare_table.h"

#define GATE_ALPHA		0.05
#define GATE_BOOT_ITERS		2000
#define GATE_MAX_REPS		1000

struct gate_cfg {
	double pct;		/* --fail-above */
	double alpha;		/* family-wise error rate */
	const char *ops;	/* comma-separated shell patterns on rd_key; NULL = all */
	bool bh;		/* Benjamini-Hochberg instead of Holm (--correction bh) */
};

struct gate_summary {
	size_t tested;		/* the family's size (Holm's m) */
	size_t regressions;
	size_t unjudged;	/* (op, run) pairs without repetitions on a side */
	size_t excluded;	/* left out by --ops */
	bool refused;		/* the gate cannot decide: exit 2 */
	char why[640];		/* the sentence when refused; else what was not judged */
};

/*
 * Fill every row's gate cells of @t from @runs (@t built by cmp_build()
 * from the same runs) and summarise.  0, or -1 when out of memory.
 */
int gate_run(struct cmp_table *t, const struct rd_run *runs,
	     const struct gate_cfg *cfg, struct gate_summary *sum);

/*
 * The fewest repetitions a side (the same on both) with which Holm over
 * @m ops can reach @alpha: the smallest n with m / C(2n, n) <= alpha.
 */
unsigned int gate_reps_needed(size_t m, double alpha);

/*
 * The bootstrap's seed for op @key of run @r (FNV-1a of the key): each op
 * has its own fixed seed, so a page and the gate draw the same interval.
 */
uint64_t gate_seed(const char *key, size_t r);

#endif /* DMABENCH_GATE_H */
