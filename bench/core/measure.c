// SPDX-License-Identifier: GPL-2.0
/*
 * The measurement loop; see measure.h.
 *
 * Chunks are sized from the wall time the previous chunk took, so one
 * slow op (a 16 MiB allocation under TCG) cannot blow a time limit by a
 * whole default-sized chunk, while cheap ops still get large chunks.
 */
#include "core/measure.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/clock.h"
#include "core/stats.h"

volatile int measure_interrupted;

/* The first chunk only calibrates how long a sample takes. */
#define FIRST_CHUNK	5
/* Stability is judged against a median from at least this much earlier. */
#define STABLE_GROWTH	1.25

struct loop_state {
	double t0, elapsed;
	double per_sample;	/* seconds of wall time per sample, 0 = unknown */
	double snap_median;	/* median when snap_n samples were in */
	size_t snap_n;
	double *scratch;	/* for medians without disturbing raw order */
	double ops;		/* ops the counters saw */
	struct counter_values sum;
	bool counted;		/* sum holds at least one chunk */
};

static double median_of(const double *v, size_t n, double *scratch)
{
	struct stats s;

	stats_of_into(v, n, scratch, &s);
	return s.p50;
}

const char *measure_stop_name(enum measure_stop stop)
{
	static const char *const names[] = {
		[MEASURE_STOP_STABLE] = "stable",
		[MEASURE_STOP_SAMPLES] = "max_samples",
		[MEASURE_STOP_TIME] = "max_time",
		[MEASURE_STOP_CAP] = "time_cap",
		[MEASURE_STOP_INTERRUPTED] = "interrupted",
	};

	return stop < sizeof(names) / sizeof(names[0]) ? names[stop] : NULL;
}

static double hard_time(const struct measure_cfg *cfg)
{
	double limit = cfg->max_time > cfg->min_time ? cfg->max_time : cfg->min_time;

	if (cfg->hard_time > 0)
		return cfg->hard_time > limit ? cfg->hard_time : limit;
	return limit * MEASURE_HARD_FACTOR;
}

/*
 * The time the next chunk may use: up to max_time while the floor is in;
 * below min_samples the budget grows to the hard cap.
 */
static double time_limit(const struct measure_cfg *cfg, size_t n)
{
	double limit = cfg->max_time > cfg->min_time ? cfg->max_time : cfg->min_time;

	return n < cfg->min_samples ? hard_time(cfg) : limit;
}

/* How many samples to ask for next. */
static size_t next_want(const struct measure_cfg *cfg, const struct loop_state *st,
			size_t n)
{
	size_t want = cfg->chunk ? cfg->chunk : 1;
	double limit = time_limit(cfg, n);

	if (n == 0 && want > FIRST_CHUNK)
		want = FIRST_CHUNK;
	if (n > 0 && st->per_sample > 0 && isfinite(limit)) {
		double left = limit - st->elapsed;
		double fit = left > 0 ? left / st->per_sample : 1;

		if (fit < (double)want)
			want = fit < 1 ? 1 : (size_t)fit;
		/* Past max_time, only what the floor still lacks. */
		if (n < cfg->min_samples && st->elapsed >= cfg->max_time &&
		    want > cfg->min_samples - n)
			want = cfg->min_samples - n;
	}
	if (want > cfg->max_samples - n)
		want = cfg->max_samples - n;
	return want;
}

/* Sum chunk counters; a counter unsupported in any chunk stays unsupported. */
static void add_counters(struct loop_state *st, const struct counter_values *cv)
{
	for (int i = 0; i < CNT_COUNT; i++) {
		bool ok = cv->supported[i] && (!st->counted || st->sum.supported[i]);

		st->sum.supported[i] = ok;
		st->sum.value[i] = ok ? st->sum.value[i] + cv->value[i] : 0;
	}
	st->counted = true;
}

/* True once the median moved less than rel_tol since an earlier snapshot. */
static bool settled(const struct measure_cfg *cfg, struct loop_state *st,
		    const double *v, size_t n)
{
	double med, base = st->snap_median;
	bool stable = false;

	if (n < cfg->min_samples || (double)n < (double)st->snap_n * STABLE_GROWTH)
		return false;
	med = median_of(v, n, st->scratch);
	if (st->snap_n)
		stable = base == med ||
			 (base > 0 && fabs(med - base) / base < cfg->rel_tol);
	st->snap_n = n;
	st->snap_median = med;
	return stable;
}

/* One source call with counters around it; returns samples taken or -errno. */
static int take_chunk(const struct sample_source *src, struct counters *cnt,
		      struct loop_state *st, struct measurement *m,
		      unsigned int warmup, size_t want)
{
	struct counter_values cv;
	double t = now_s();
	int got;

	counters_start(cnt);
	got = src->take(src->ctx, warmup, m->samples + m->n,
			src->two_halves ? m->samples2 + m->n : NULL, want);
	counters_stop(cnt, &cv);
	if (got < 0)
		return got;
	if ((size_t)got > want)
		return -EOVERFLOW;
	if (cnt)
		add_counters(st, &cv);
	/* Warm-up ops ran inside the window too: count them as ops. */
	st->ops += (double)(got + (int)warmup) * src->ops_per_sample;
	if (got + (int)warmup > 0)
		st->per_sample = (now_s() - t) / (double)(got + (int)warmup);
	return got;
}

static bool stop(struct measurement *m, enum measure_stop why)
{
	m->stopped = why;
	m->stable = why == MEASURE_STOP_STABLE;
	return true;
}

/* max_time ends the loop only once min_samples are in; the hard cap always. */
static bool done(const struct measure_cfg *cfg, struct loop_state *st,
		 struct measurement *m)
{
	if (settled(cfg, st, m->samples, m->n) && st->elapsed >= cfg->min_time)
		return stop(m, MEASURE_STOP_STABLE);
	if (m->n >= cfg->max_samples)
		return stop(m, MEASURE_STOP_SAMPLES);
	if (st->elapsed < cfg->min_time)
		return false;
	if (m->n >= cfg->min_samples && st->elapsed >= cfg->max_time)
		return stop(m, MEASURE_STOP_TIME);
	if (st->elapsed >= hard_time(cfg))
		return stop(m, MEASURE_STOP_CAP);
	return false;
}

static int alloc_arrays(const struct measure_cfg *cfg, bool two,
			struct measurement *m, struct loop_state *st)
{
	size_t cap = cfg->max_samples ? cfg->max_samples : 1;

	m->samples = calloc(cap, sizeof(double));
	m->samples2 = two ? calloc(cap, sizeof(double)) : NULL;
	st->scratch = calloc(cap, sizeof(double));
	if (!m->samples || !st->scratch || (two && !m->samples2))
		return -ENOMEM;
	return 0;
}

int measure(const struct measure_cfg *cfg, struct counters *cnt,
	    const struct sample_source *src, struct measurement *m)
{
	struct loop_state st = { .t0 = now_s() };
	int ret;

	memset(m, 0, sizeof(*m));
	if (!cfg->max_samples || cfg->min_samples > cfg->max_samples)
		return -EINVAL;
	ret = alloc_arrays(cfg, src->two_halves, m, &st);
	while (ret == 0) {
		int got;

		if (measure_interrupted) {
			m->stopped = MEASURE_STOP_INTERRUPTED;
			ret = -EINTR;
			break;
		}
		got = take_chunk(src, cnt, &st, m, m->n ? 0 : cfg->warmup,
				 next_want(cfg, &st, m->n));
		if (got <= 0) {
			ret = got ? got : -ENODATA;
			break;
		}
		m->n += (size_t)got;
		st.elapsed = now_s() - st.t0;
		if (done(cfg, &st, m))
			break;
	}
	free(st.scratch);
	m->has_counters = st.counted;
	m->counters = st.sum;
	if (st.counted)
		counters_per_op(&m->counters, st.ops);
	return ret;
}

void measurement_free(struct measurement *m)
{
	free(m->samples);
	free(m->samples2);
	m->samples = NULL;
	m->samples2 = NULL;
	m->n = 0;
}
