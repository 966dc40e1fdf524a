/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A finished (or interrupted) run as `report` and `compare` read it back:
 * DIR/results.json checked against schema "dmabench/1" and turned into
 * plain structs, plus the p10 of every item from DIR/samples.csv when that
 * file is there (results.json has no p10; the charts' bands need one).
 *
 * Anything wrong with the file comes back as one sentence that names the
 * file and what is wrong, for the commands to print before exiting 2.
 */
#ifndef DMABENCH_RESULTS_QUERY_H
#define DMABENCH_RESULTS_QUERY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "results/run.h"

/*
 * Load @dir/results.json into @run.  0, or -1 with a sentence in @why
 * (no trailing period) saying which file and what is wrong.
 */
int rd_load(const char *dir, struct rd_run *run, char *why, size_t len);

/* The same from an already parsed document (reference stolen). */
int rd_from_json(json_t *doc, const char *dir, struct rd_run *run,
		 char *why, size_t len);

void rd_free(struct rd_run *run);

/*
 * "map_sg/streaming/map/65536/to/t1/e16/hot/b1#0" (or "batched" for batch > 1, whose size each run calibrates): every field that tells
 * rows apart, so the same operation is found in another run.  A row with
 * DMA attributes has them before the occurrence:
 * "attrs/coherent/alloc/1048576/-/t1/e0/-/b1/write_combine#0".  A shared
 * buffer's row (test dmabuf) has its share: source, exporter and importer,
 * "dmabuf/coherent/dmabuf_map/1048576/bidi/t1/e0/-/b1/dmabench:platform>edu#0".
 */
void rd_key(const struct rd_item *it, char *buf, size_t len);

/* The row with key @key, or NULL (a hash lookup). */
const struct rd_item *rd_find_key(const struct rd_run *run, const char *key);

/* The index of the first row of @test's @op, or -1 (a hash lookup). */
long rd_first_op(const struct rd_run *run, const char *test, const char *op);

/*
 * What to look for: NULL strings and 0 numbers match anything, except
 * batch, where 0 asks for per-op samples (batch 1) first and any batch
 * after that, and attrs, which must match exactly (0: rows without DMA
 * attributes), so that an attribute's row never stands in for a plain one.
 */
struct rd_query {
	const char *test, *kind, *op, *dir, *cache;
	uint64_t size;
	unsigned int entries, threads;
	uint32_t attrs;
	/* As attrs, exactly (NULL: rows of no share): one share never stands in for another. */
	const char *exporter, *importer, *source;
};

/* The first row matching @q (per-op rows preferred), or NULL. */
const struct rd_item *rd_find(const struct rd_run *run,
			      const struct rd_query *q);

/*
 * DESIGN's floor rule: a per-op figure below RD_FLOOR_FACTOR x the timing
 * floor is mostly the two clock reads, so its batched row (the same key,
 * batch > 1: the mean of K ops in one timed window) is the one to quote.
 */
#define RD_FLOOR_FACTOR	20

/* Is @it a per-op row whose p50 is below RD_FLOOR_FACTOR x the run's floor? */
bool rd_floor_bound(const struct rd_run *run, const struct rd_item *it);

/* @it's batched twin where rd_floor_bound(), else @it (NULL stays NULL). */
const struct rd_item *rd_floor_aware(const struct rd_run *run, const struct rd_item *it);

/* rd_find(), then rd_floor_aware(): the figure verdicts and charts quote. */
const struct rd_item *rd_find_figure(const struct rd_run *run,
				     const struct rd_query *q);

/*
 * How much a row's p50 moves with the noise, relative to it.  Across
 * repetitions when the row has per-repetition medians (results.json
 * "reps": {"p50s": [...]}, results/repeat.c): their IQR over
 * their median from 5 repetitions on, their range over their median below
 * (too few for quartiles).  Else within the run: IQR / p50 of the samples.
 * NONE (rel NAN) when neither is recorded.
 */
enum rd_spread_source { RD_SPREAD_NONE, RD_SPREAD_REPS, RD_SPREAD_WITHIN };

struct rd_spread {
	double rel;			/* 0.08 = 8 % */
	enum rd_spread_source source;
	unsigned int reps;		/* repetitions behind it (REPS) */
};

struct rd_spread rd_spread_of(const struct rd_item *it);

/*
 * The spread of two figures taken together: repetitions when both come
 * from repetitions (the fewer stand), within-run when either was recorded,
 * NONE else; @rel is the combined relative spread.
 */
struct rd_spread rd_spread_pair(struct rd_spread sa, struct rd_spread sb, double rel);

/* The spread of a sum of two figures (the parts' absolute spreads in quadrature). */
struct rd_spread rd_spread_sum(double a, struct rd_spread sa, double b, struct rd_spread sb);

/*
 * A there-and-back cost from its two halves (a map and its unmap, a caching
 * switch and its switch back): @there and @back are per-op rows, and their
 * batched pair is the row "THERE+BACK" the suites measure beside them
 * (suites/kernel.c: both halves K times in one timed window).
 *
 * Why the pair where either half is floor-bound: each half's per-op sample
 * is bracketed by two clock reads, so a half below RD_FLOOR_FACTOR x the
 * timing floor is mostly those reads, and summing two such halves counts
 * the floor twice; the pair's figure is the mean of K round trips in one
 * window, the floor divided by K (DESIGN's floor rule).  The suites batch
 * the pair, not each half, so the pair is the figure to quote.  Otherwise
 * (or with no such pair row) the halves' p50s summed, their spreads in
 * quadrature (rd_spread_sum()), their p25s and p75s summed.
 */
struct rd_trip {
	double ns;			/* p50 */
	double lo, hi;			/* p25..p75 (the p50 where one is not recorded) */
	struct rd_spread spread;
	size_t n;			/* samples: the pair's, or the fewer half's */
	const struct rd_item *batched;	/* the pair's row where quoted, else NULL */
};

/*
 * @there and @back's round trip into *@out.  False (ns NAN) when either is
 * NULL or has no finite p50, or the cost comes out not positive.
 */
bool rd_round_trip(const struct rd_run *run, const struct rd_item *there,
		   const struct rd_item *back, struct rd_trip *out);

/*
 * The last-level cache the run recorded (platform.topology.caches, from
 * hwloc): its bytes and level ("L3"); 0 and "?" when none was recorded.
 */
uint64_t rd_llc_bytes(const struct rd_run *run, const char **level);

/* STREAM's rule: a size of at least 4x the LLC is memory-bound (false when no LLC is known). */
bool rd_memory_bound(const struct rd_run *run, uint64_t size);

/* Is streaming DMA coherent here (platform.info)?  -1 when not recorded. */
int rd_streaming_coherent(const struct rd_run *run);

/*
 * The row's figure in each repetition (reps.p50s of a `run --repeat`
 * results.json) into @out (at most @max); how many.  0 for a single run.
 */
size_t rd_rep_values(const struct rd_item *it, double *out, size_t max);

/* @o's string @key, "?" when absent. */
const char *rd_str(json_t *o, const char *key);

/* A string from platform.info or platform, "?" when absent. */
const char *rd_platform_str(const struct rd_run *run, const char *key);

/* The run's folder name (DATE-HOST-PLATFORM) from its path: reports name no local paths. */
void rd_folder_name(const char *dir, char *buf, size_t len);

#endif /* DMABENCH_RESULTS_QUERY_H */
