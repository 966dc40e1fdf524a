// SPDX-License-Identifier: GPL-2.0
/*
 * measure.c with synthetic sources: it stops when the median settles, at
 * max_samples, on an interrupt and on a source error, and keeps what it
 * took.  Limits are sample counts, never timings.
 */
#include "unit.h"

#include <errno.h>
#include <math.h>
#include <time.h>

#include "core/measure.h"

struct synth {
	unsigned int calls, warmups;
	size_t given;
	int fail_at;		/* call number that fails, 0 = never */
	int interrupt_at;	/* call number after which to interrupt */
	bool drift;		/* every sample larger than the last */
	long sleep_ns;		/* wall time each sample takes, at least */
};

static int synth_take(void *arg, unsigned int warmup, double *out,
		      double *out2, size_t want)
{
	struct synth *s = arg;

	s->calls++;
	s->warmups += warmup;
	if (s->fail_at && (int)s->calls == s->fail_at)
		return -EIO;
	for (size_t i = 0; i < want; i++) {
		double v = s->drift ? 100.0 * (double)(s->given + 1) :
			   100.0 + (double)((s->given * 7) % 5);

		if (s->sleep_ns) {
			struct timespec ts = { 0, s->sleep_ns };

			nanosleep(&ts, NULL);
		}
		out[i] = v;
		if (out2)
			out2[i] = 2 * v;
		s->given++;
	}
	if (s->interrupt_at && (int)s->calls == s->interrupt_at)
		measure_interrupted = 1;
	return (int)want;
}

static const struct measure_cfg cfg = {
	.warmup = 3, .chunk = 20, .min_samples = 30, .max_samples = 500,
	.min_time = 0, .max_time = INFINITY, .rel_tol = 0.02,
};

static void test_stops_when_stable(void **state)
{
	struct synth s = { 0 };
	struct sample_source src = { .ctx = &s, .take = synth_take, .ops_per_sample = 1 };
	struct measurement m;

	(void)state;
	measure_interrupted = 0;
	assert_int_equal(measure(&cfg, NULL, &src, &m), 0);
	assert_true(m.stable);
	assert_int_equal(m.stopped, MEASURE_STOP_STABLE);
	assert_true(m.n >= cfg.min_samples);
	assert_true(m.n < cfg.max_samples);
	assert_int_equal(m.n, s.given);
	assert_int_equal(s.warmups, cfg.warmup);	/* once, first call only */
	assert_false(m.has_counters);
	for (size_t i = 0; i < m.n; i++)
		assert_true(m.samples[i] >= 100 && m.samples[i] <= 104);
	measurement_free(&m);
}

static void test_stops_at_max(void **state)
{
	struct synth s = { .drift = true };
	struct sample_source src = { .ctx = &s, .take = synth_take,
				     .ops_per_sample = 1, .two_halves = true };
	struct measurement m;

	(void)state;
	measure_interrupted = 0;
	assert_int_equal(measure(&cfg, NULL, &src, &m), 0);
	assert_false(m.stable);		/* a drifting median never settles */
	assert_int_equal(m.n, cfg.max_samples);
	assert_int_equal(s.given, cfg.max_samples);	/* never asks past the cap */
	assert_non_null(m.samples2);
	assert_true(m.samples2[m.n - 1] == 2 * m.samples[m.n - 1]);
	measurement_free(&m);
}

static void test_fixed_iters(void **state)
{
	struct measure_cfg c = cfg;
	struct synth s = { 0 };
	struct sample_source src = { .ctx = &s, .take = synth_take, .ops_per_sample = 1 };
	struct measurement m;

	(void)state;
	measure_interrupted = 0;
	c.min_samples = c.max_samples = 77;
	assert_int_equal(measure(&c, NULL, &src, &m), 0);
	assert_int_equal(m.n, 77);
	measurement_free(&m);
}

static void test_interrupt(void **state)
{
	struct synth s = { .drift = true, .interrupt_at = 2 };
	struct sample_source src = { .ctx = &s, .take = synth_take, .ops_per_sample = 1 };
	struct measurement m;

	(void)state;
	measure_interrupted = 0;
	assert_int_equal(measure(&cfg, NULL, &src, &m), -EINTR);
	assert_int_equal(s.calls, 2);		/* stopped at the next chunk */
	assert_int_equal(m.n, s.given);		/* and kept what it had */
	assert_true(m.n > 0);
	measurement_free(&m);
	measure_interrupted = 0;
}

static void test_source_error(void **state)
{
	struct synth s = { .drift = true, .fail_at = 3 };
	struct sample_source src = { .ctx = &s, .take = synth_take, .ops_per_sample = 1 };
	struct measurement m;

	(void)state;
	measure_interrupted = 0;
	assert_int_equal(measure(&cfg, NULL, &src, &m), -EIO);
	assert_int_equal(m.n, s.given);
	measurement_free(&m);
}

static void test_bad_cfg(void **state)
{
	struct measure_cfg c = cfg;
	struct synth s = { 0 };
	struct sample_source src = { .ctx = &s, .take = synth_take, .ops_per_sample = 1 };
	struct measurement m;

	(void)state;
	c.min_samples = c.max_samples + 1;
	assert_int_equal(measure(&c, NULL, &src, &m), -EINVAL);
	assert_int_equal(s.calls, 0);
	measurement_free(&m);
}

/*
 * A slow op (2 ms a sample) whose max_time (4 ms) fits two samples still
 * gets min_samples: the budget grows up to the hard cap.  The sleep is a
 * lower bound on each sample's time, so load only makes the case stronger.
 */
static void test_floor_beats_max_time(void **state)
{
	struct measure_cfg c = cfg;
	struct synth s = { .drift = true, .sleep_ns = 2000000 };
	struct sample_source src = { .ctx = &s, .take = synth_take, .ops_per_sample = 1 };
	struct measurement m;

	(void)state;
	measure_interrupted = 0;
	c.min_samples = 15;
	c.max_time = 0.004;
	c.hard_time = 600;
	assert_int_equal(measure(&c, NULL, &src, &m), 0);
	assert_true(m.n >= c.min_samples);
	assert_int_equal(m.stopped, MEASURE_STOP_TIME);
	assert_false(m.stable);
	assert_string_equal(measure_stop_name(m.stopped), "max_time");
	measurement_free(&m);
}

/* Past the hard cap the loop stops below the floor, and says so. */
static void test_hard_cap_says_so(void **state)
{
	struct measure_cfg c = cfg;
	struct synth s = { .drift = true, .sleep_ns = 2000000 };
	struct sample_source src = { .ctx = &s, .take = synth_take, .ops_per_sample = 1 };
	struct measurement m;

	(void)state;
	measure_interrupted = 0;
	c.min_samples = 400;	/* >= 0.8 s of sleeps, far past the cap */
	c.max_time = 0.002;
	c.hard_time = 0.02;
	assert_int_equal(measure(&c, NULL, &src, &m), 0);
	assert_true(m.n > 0 && m.n < c.min_samples);
	assert_int_equal(m.stopped, MEASURE_STOP_CAP);
	assert_string_equal(measure_stop_name(m.stopped), "time_cap");
	measurement_free(&m);
}

/* Counters around chunks, divided per op (software counters always work). */
static void test_counters_per_op(void **state)
{
	struct counters *cnt = counters_open();
	struct synth s = { 0 };
	struct sample_source src = { .ctx = &s, .take = synth_take, .ops_per_sample = 8 };
	struct measurement m;

	(void)state;
	assert_non_null(cnt);
	measure_interrupted = 0;
	assert_int_equal(measure(&cfg, cnt, &src, &m), 0);
	assert_true(m.has_counters);
	if (m.counters.supported[CNT_TASK_CLOCK])
		assert_true(m.counters.value[CNT_TASK_CLOCK] >= 0);
	measurement_free(&m);
	counters_close(cnt);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_stops_when_stable),
		cmocka_unit_test(test_stops_at_max),
		cmocka_unit_test(test_fixed_iters),
		cmocka_unit_test(test_interrupt),
		cmocka_unit_test(test_source_error),
		cmocka_unit_test(test_bad_cfg),
		cmocka_unit_test(test_counters_per_op),
		cmocka_unit_test(test_floor_beats_max_time),
		cmocka_unit_test(test_hard_cap_says_so),
	};

	return cmocka_run_group_tests_name("measure", tests, NULL, NULL);
}
