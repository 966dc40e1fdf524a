/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The measurement loop every test uses: warm up, then take samples in
 * chunks until the median is stable or a limit says stop, with perf
 * counters around the timed chunks.
 */
#ifndef DMABENCH_MEASURE_H
#define DMABENCH_MEASURE_H

#include <stdbool.h>
#include <stddef.h>

#include "core/counters.h"

struct measure_cfg {
	unsigned int warmup;		/* untimed ops first */
	unsigned int chunk;		/* samples per source call */
	unsigned int min_samples;
	unsigned int max_samples;	/* hard cap (--iters sets min = max) */
	double min_time;		/* seconds: keep going at least this long */
	double max_time;		/* seconds: stop after this even if unstable,
					 * once min_samples are in */
	double hard_time;		/* seconds: stop here even below min_samples
					 * (0 = MEASURE_HARD_FACTOR x max_time) */
	double rel_tol;			/* stable: median moved < rel_tol over a chunk */
};

/*
 * min_samples is a floor max_time cannot cut: a slow op's budget grows
 * until the floor is in, up to this many times max_time, where the loop
 * gives up and says so (MEASURE_STOP_CAP).
 */
#define MEASURE_HARD_FACTOR	4.0

/* Why the loop stopped: results.json's "stopped". */
enum measure_stop {
	MEASURE_STOP_NONE,	/* error or interrupt */
	MEASURE_STOP_STABLE,	/* the median settled: the stability criterion met */
	MEASURE_STOP_SAMPLES,	/* max_samples reached (or --iters done) */
	MEASURE_STOP_TIME,	/* max_time, with min_samples in */
	MEASURE_STOP_CAP,	/* the hard time cap, below min_samples */
	MEASURE_STOP_INTERRUPTED,	/* SIGINT: what was taken is kept */
};

/* "stable", "max_samples", "max_time", "time_cap", "interrupted"; NULL for NONE. */
const char *measure_stop_name(enum measure_stop stop);

/*
 * A sample source fills @out[0..want) with ns-per-op samples (and @out2
 * with the second half of two-half ops when non-NULL), returning how many
 * it took or -errno.  @ops_per_sample is how many ops each sample covers
 * (for per-op counters).  @warmup > 0 asks for untimed ops first.
 */
struct sample_source {
	void *ctx;
	int (*take)(void *ctx, unsigned int warmup, double *out, double *out2, size_t want);
	double ops_per_sample;
	bool two_halves;		/* fills out2 too */
};

struct measurement {
	double *samples;		/* malloc'd, n entries */
	double *samples2;		/* malloc'd when two_halves, n entries */
	size_t n;
	bool stable;			/* the median settled before a limit hit */
	enum measure_stop stopped;	/* which rule ended the loop */
	bool has_counters;
	struct counter_values counters;	/* per op */
};

/*
 * 0 or -errno (from the source, or -EINTR when interrupted).  @cnt may be
 * NULL (no counters).  Whatever happened, @m holds the samples taken so
 * far (m->n) and the caller frees it with measurement_free().  Counters
 * cover whole source calls, warm-up ops included, divided by every op they
 * saw.
 */
int measure(const struct measure_cfg *cfg, struct counters *cnt,
	    const struct sample_source *src, struct measurement *m);
void measurement_free(struct measurement *m);

/* Set by the SIGINT handler: loops stop at the next chunk. */
extern volatile int measure_interrupted;

#endif /* DMABENCH_MEASURE_H */
