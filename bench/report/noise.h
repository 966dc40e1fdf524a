/* SPDX-License-Identifier: GPL-2.0 */
/*
 * When two figures differ by more than their noise (DESIGN: "a verdict
 * sentence is true at the measured noise").  Each figure brings its
 * relative spread (results/query.h: across repetitions, else IQR / p50
 * within the run); the two combine in quadrature, and a difference counts
 * only when it exceeds max(NOISE_SPREADS x the combined spread,
 * NOISE_MIN_DIFF).  Two spreads, because a difference of one spread is what
 * two draws of the same thing show routinely; the 5 % minimum, because a
 * spread measured in one ~0.2 ms window (or over 3 repetitions) understates
 * the run-to-run spread, and claims below 5 % are not what a verdict is for.
 */
#ifndef DMABENCH_REPORT_NOISE_H
#define DMABENCH_REPORT_NOISE_H

#include <stddef.h>

#include "results/query.h"

#define NOISE_SPREADS	2.0
#define NOISE_MIN_DIFF	0.05

struct noise_cmp {
	double diff;		/* a / b - 1 when a >= b, else -(b / a - 1) */
	double threshold;	/* relative difference that counts */
	int sign;		/* +1: a measurably larger, -1: smaller, 0: neither */
	struct rd_spread spread;	/* the combined spread and where it came from */
};

/* Compare @a (spread @sa) with @b (spread @sb); sign 0 when either is not a positive number. */
void noise_compare(double a, struct rd_spread sa, double b, struct rd_spread sb,
		   struct noise_cmp *out);

/* The same for two rows' p50s. */
void noise_compare_items(const struct rd_item *a, const struct rd_item *b,
			 struct noise_cmp *out);

/* "8.2 % within-run spread" / "3.1 % across 5 repetitions" / "noise not recorded". */
const char *noise_source_words(const struct noise_cmp *c, char *buf, size_t len);

/* "no measurable difference at this noise (threshold 16.4 %: 8.2 % within-run spread)". */
const char *noise_no_difference(const struct noise_cmp *c, char *buf, size_t len);

/*
 * " [outside the noise: > 16.4 %, 8.2 % within-run spread]": said after a
 * difference @c found (sign != 0).
 */
const char *noise_outside(const struct noise_cmp *c, char *buf, size_t len);

#endif
