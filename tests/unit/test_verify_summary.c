// SPDX-License-Identifier: GPL-2.0
/*
 * verify_summary.c: results.json's "verify" read back for the verdict and
 * compare's platform rows (the fixtures', and hand-made ones: a failed
 * round trip, an unknown answer, no "verify" at all).
 */
#include "unit.h"

#include <limits.h>
#include <stdio.h>

#include "results/verify_summary.h"

static const char *fixture(const char *name)
{
	static char path[PATH_MAX];
	const char *src = __FILE__;
	const char *slash = strrchr(src, '/');

	snprintf(path, sizeof(path), "%.*s/../fixtures/report/%s",
		 (int)(slash - src), src, name);
	return path;
}

static void summary_of(const char *name, struct verify_summary *s)
{
	struct rd_run run;
	char why[512];

	assert_int_equal(rd_load(fixture(name), &run, why, sizeof(why)), 0);
	verify_summary_of(&run, s);
	rd_free(&run);
}

/* A run of just "verify" with @kinds (a JSON object text). */
static void summary_json(const char *verify, struct verify_summary *s)
{
	char text[1024];
	json_error_t e;
	struct rd_run run;
	char why[512];
	json_t *doc;

	snprintf(text, sizeof(text), "{\"schema\": \"dmabench/1\", \"results\": []%s%s}",
		 verify ? ", \"verify\": " : "", verify ? verify : "");
	doc = json_loads(text, 0, &e);
	if (!doc)
		fail_msg("%s: %s", text, e.text);
	assert_int_equal(rd_from_json(doc, "made", &run, why, sizeof(why)), 0);
	verify_summary_of(&run, s);
	rd_free(&run);
}

static void test_fixtures(void **state)
{
	struct verify_summary s;
	char buf[160];

	(void)state;
	summary_of("direct", &s);
	assert_true(s.present);
	assert_int_equal(s.observed, 1);
	assert_int_equal(s.tested, 5);
	assert_int_equal(s.ok, 5);
	assert_int_equal(s.measured, 4);
	assert_int_equal(s.stale, 0);
	assert_string_equal(s.device, "edu 0000:00:01.0");
	assert_string_equal(s.stale_kinds, "");
	verify_summary_coherent(&s, buf, sizeof(buf));
	assert_string_equal(buf, "yes: no stale data without sync in 4 kinds that sync");
	verify_summary_roundtrips(&s, buf, sizeof(buf));
	assert_string_equal(buf, "ok in 5 of 5 kinds");
	summary_of("swiotlb", &s);
	assert_int_equal(s.observed, 0);
	assert_int_equal(s.stale, 3);
	assert_string_equal(s.stale_kinds, "streaming, wc and uc");
	verify_summary_coherent(&s, buf, sizeof(buf));
	assert_string_equal(buf, "no: stale data without sync in streaming, wc and uc");
}

static void test_made(void **state)
{
	struct verify_summary s;
	char buf[160];

	(void)state;
	summary_json(NULL, &s);
	assert_false(s.present);
	assert_int_equal(s.observed, -1);
	verify_summary_coherent(&s, buf, sizeof(buf));
	assert_string_equal(buf, "not measured");
	verify_summary_roundtrips(&s, buf, sizeof(buf));
	assert_string_equal(buf, "not measured");
	/* kinds in the ABI's order whatever the file's; unknown names ignored */
	summary_json("{\"streaming_coherent_observed\": false, \"kinds\": {"
		     "\"uc\": {\"roundtrip\": \"failed\"},"
		     "\"streaming\": {\"roundtrip\": \"ok\", \"stale_without_sync\": true},"
		     "\"coherent\": {\"roundtrip\": \"failed\"},"
		     "\"other\": {\"roundtrip\": \"ok\"}}}", &s);
	assert_int_equal(s.tested, 3);
	assert_int_equal(s.ok, 1);
	assert_int_equal(s.measured, 1);
	assert_string_equal(s.stale_kinds, "streaming");
	assert_string_equal(s.failed_kinds, "coherent and uc");
	assert_string_equal(s.device, "the device");
	verify_summary_roundtrips(&s, buf, sizeof(buf));
	assert_string_equal(buf, "FAILED in coherent and uc; ok in 1 of 3 kinds");
	/* an answer the test could not give is unknown, never "no" */
	summary_json("{\"streaming_coherent_observed\": false, \"answer_known\": false,"
		     "\"kinds\": {}}", &s);
	assert_int_equal(s.observed, -1);
	verify_summary_coherent(&s, buf, sizeof(buf));
	assert_contains(buf, "unknown");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fixtures),
		cmocka_unit_test(test_made),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
