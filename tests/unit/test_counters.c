// SPDX-License-Identifier: GPL-2.0
/*
 * The counter group without a PMU: group read buffers parsed, windows
 * scaled and normalised, ratios from one group, and what is missing said
 * once per run.
 */
#include "unit.h"

#include <math.h>

#include "core/counters.h"

static const enum counter_id members[] = { CNT_CYCLES, CNT_INSTRUCTIONS, CNT_CACHE_MISSES,
					   CNT_TASK_CLOCK };

/* {nr, enabled, running, {value, id} x nr}, as read() of the leader returns it. */
static void group_buf(uint64_t *buf, uint64_t ena, uint64_t run, const uint64_t *v)
{
	buf[0] = 4;
	buf[1] = ena;
	buf[2] = run;
	for (int i = 0; i < 4; i++) {
		buf[3 + 2 * i] = v[i];
		buf[4 + 2 * i] = 100 + (uint64_t)i;	/* ids; the leader's is 100 */
	}
}

static void test_parse(void **state)
{
	uint64_t buf[11], v[4] = { 1000, 2500, 7, 400 };
	struct counter_group_read r;

	(void)state;
	group_buf(buf, 50, 40, v);
	assert_true(counters_parse_group(buf, 11, members, 4, 100, &r));
	assert_true(r.valid);
	assert_int_equal(r.enabled, 50);
	assert_int_equal(r.running, 40);
	assert_int_equal(r.value[CNT_INSTRUCTIONS], 2500);
	assert_int_equal(r.value[CNT_TASK_CLOCK], 400);
	assert_true(r.present[CNT_CACHE_MISSES]);
	assert_false(r.present[CNT_DTLB_MISSES]);
	/* Another group's buffer (leader id), a short read, a wrong count. */
	assert_false(counters_parse_group(buf, 11, members, 4, 101, &r));
	assert_false(r.valid);
	assert_false(counters_parse_group(buf, 10, members, 4, 100, &r));
	buf[0] = 3;
	assert_false(counters_parse_group(buf, 11, members, 4, 100, &r));
}

/* Deltas of two reads, one scale factor for the whole group, then per op. */
static void test_window_scaled_per_op(void **state)
{
	uint64_t b0[11], b1[11];
	uint64_t v0[4] = { 1000, 2000, 10, 100 }, v1[4] = { 5000, 12000, 50, 2100 };
	struct counter_group_read r0, r1;
	struct counter_values w;

	(void)state;
	group_buf(b0, 1000, 1000, v0);
	/* 2000 ns enabled, 1000 running: multiplexed half the time: x2 */
	group_buf(b1, 3000, 2000, v1);
	assert_true(counters_parse_group(b0, 11, members, 4, 100, &r0));
	assert_true(counters_parse_group(b1, 11, members, 4, 100, &r1));
	counters_window(&r0, &r1, &w);
	assert_true(w.supported[CNT_CYCLES]);
	assert_false(w.supported[CNT_DTLB_MISSES]);
	assert_true(w.value[CNT_CYCLES] == 8000);
	assert_true(w.value[CNT_INSTRUCTIONS] == 20000);
	counters_per_op(&w, 4);
	assert_true(w.value[CNT_CYCLES] == 2000);
	assert_true(w.value[CNT_CACHE_MISSES] == 20);
	/* The ratio is the raw one: the scale cancels within a group. */
	assert_true(counters_ipc(&w) == 2.5);
	/* 20 misses per 8 KiB op */
	assert_true(counters_misses_per_kib(&w, 8192) == 2.5);
	assert_true(isnan(counters_misses_per_kib(&w, 0)));
}

/* A group that never ran in the window counted nothing: never 0. */
static void test_window_never_ran(void **state)
{
	uint64_t b0[11], b1[11], v[4] = { 1, 2, 3, 4 };
	struct counter_group_read r0, r1, bad = { 0 };
	struct counter_values w;

	(void)state;
	group_buf(b0, 1000, 500, v);
	group_buf(b1, 2000, 500, v);
	counters_parse_group(b0, 11, members, 4, 100, &r0);
	counters_parse_group(b1, 11, members, 4, 100, &r1);
	counters_window(&r0, &r1, &w);
	for (int i = 0; i < CNT_COUNT; i++)
		assert_false(w.supported[i]);
	counters_window(&bad, &r1, &w);
	assert_false(w.supported[CNT_TASK_CLOCK]);
	assert_true(isnan(counters_ipc(&w)));
}

/*
 * On this machine, whatever its PMU: every counter is a member or listed
 * as unsupported with a reason, each exactly once, and the run's one line
 * names each missing counter once (empty when none is missing).
 */
static void test_describe_once(void **state)
{
	struct counters *c = counters_open();
	json_t *d, *group, *unsupported;
	char line[512];

	(void)state;
	assert_non_null(c);
	d = counters_describe(c);
	assert_non_null(d);
	group = json_object_get(d, "group");
	unsupported = json_object_get(d, "unsupported");
	assert_int_equal(json_array_size(group) + json_object_size(unsupported), CNT_COUNT);
	counters_missing_line(c, line, sizeof(line));
	assert_int_equal(line[0] != '\0', json_object_size(unsupported) > 0);
	for (int i = 0; i < CNT_COUNT; i++) {
		const char *name = counter_name(i);
		const char *at = strstr(line, name);
		bool listed = json_object_get(unsupported, name) != NULL;

		if (listed && json_array_size(group))
			assert_non_null(at);
		if (at)
			assert_null(strstr(at + strlen(name), name));
	}
	if (line[0])
		assert_contains(line, "counters not available: ");
	/* Software counters always open where perf events exist (not root-only). */
	if (!json_object_get(unsupported, "task_clock_ns")) {
		struct counter_values v;

		counters_start(c);
		counters_stop(c, &v);
		assert_true(v.supported[CNT_TASK_CLOCK]);
	}
	json_decref(d);
	counters_close(c);
}

static void test_reasons(void **state)
{
	(void)state;
	assert_contains(counters_reason(ENOENT), "no PMU");
	assert_contains(counters_reason(EACCES), "perf_event_paranoid");
	assert_contains(counters_reason(ENOSYS), "no perf events");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse),
		cmocka_unit_test(test_window_scaled_per_op),
		cmocka_unit_test(test_window_never_ran),
		cmocka_unit_test(test_describe_once),
		cmocka_unit_test(test_reasons),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
