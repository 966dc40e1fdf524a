/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A planted slowdown, for measuring the regression gate (make bench-gate):
 * DMABENCH_PLANT_SLOWDOWN="PATTERN:FACTOR[,PATTERN:FACTOR...]" makes every
 * user-space op whose label "test/kind/op/size" matches a shell PATTERN
 * (e.g. "baseline/cached/read/" and a star) really take FACTOR times as long: inside
 * the timed window, after the op ran, the thread spins until FACTOR times
 * the op's own elapsed time has passed.  Calibrated per sample, so the
 * slowdown is relative whatever the op costs; the spin runs on the CPU
 * like the op itself, not in the JSON afterwards.
 *
 * Never set in normal runs; a run that had it records it in
 * method.planted_slowdown so such results cannot pass for real ones.
 */
#ifndef DMABENCH_PLANT_H
#define DMABENCH_PLANT_H

#include <stdint.h>

#define PLANT_ENV	"DMABENCH_PLANT_SLOWDOWN"

/*
 * The factor @spec asks for the op labelled @label: 1.0 when no pattern
 * matches (or @spec is NULL), else the first matching pattern's factor.
 * -1.0 when @spec is malformed (a factor that is not a number in [1, 100]).
 */
double plant_factor(const char *spec, const char *label);

/* plant_factor() of $DMABENCH_PLANT_SLOWDOWN for test/kind/op/size. */
double plant_factor_for(const char *test, const char *kind, const char *op,
			uint64_t size);

/*
 * Spin until @factor times (@t1 - @t0) has passed since @t0 (ns of
 * now_ns()); returns the new end time.  @factor <= 1 returns @t1 at once.
 */
uint64_t plant_stretch(uint64_t t0, uint64_t t1, double factor);

#endif /* DMABENCH_PLANT_H */
