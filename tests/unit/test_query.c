// SPDX-License-Identifier: GPL-2.0
/*
 * Loading results.json back (results/query.c, results/samples.c) from the
 * fixtures in tests/fixtures/report (see make-fixtures.py there): the rows,
 * the p10 from samples.csv, and one sentence for every way a file is wrong.
 */
#include "unit.h"

#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "dmabench.h"
#include "results/query.h"
#include "results/row_words.h"

static const char *fixture(const char *name)
{
	static char path[PATH_MAX];
	const char *src = __FILE__;	/* .../tests/unit/test_query.c */
	const char *slash = strrchr(src, '/');

	snprintf(path, sizeof(path), "%.*s/../fixtures/report/%s",
		 (int)(slash - src), src, name);
	return path;
}

static void test_load_direct(void **state)
{
	struct rd_run run;
	char why[512] = "";
	struct rd_query q = { .test = "map_single", .kind = "streaming", .op = "map",
			      .size = 4096 };
	const struct rd_item *it;

	(void)state;
	assert_int_equal(rd_load(fixture("direct"), &run, why, sizeof(why)), 0);
	assert_string_equal(why, "");
	assert_string_equal(run.label, "direct");
	assert_true(run.complete);
	assert_true(run.has_floor);
	assert_true(run.floor.p50 == 50.0);
	assert_int_equal(rd_streaming_coherent(&run), 1);
	it = rd_find(&run, &q);
	assert_non_null(it);
	assert_true(it->stats.p50 == 150.0);
	/* samples 10, 20, .., 100: type-7 p10 = 10 + 0.9 * (20 - 10) = 19 */
	assert_true(run.has_p10);
	assert_true(fabs(it->p10 - 19.0) < 1e-9);
	/* a row without samples in samples.csv keeps p10 unknown */
	q.size = 65536;
	assert_true(isnan(rd_find(&run, &q)->p10));
	rd_free(&run);
}

static void test_keys_pair_rows(void **state)
{
	struct rd_run run;
	char why[512], key[256];

	(void)state;
	assert_int_equal(rd_load(fixture("swiotlb"), &run, why, sizeof(why)), 0);
	rd_key(&run.items[1], key, sizeof(key));
	assert_string_equal(key, "map_single/streaming/map/4096/to/t1/e0/-/b1#0");
	assert_ptr_equal(rd_find_key(&run, key), &run.items[1]);
	assert_null(rd_find_key(&run, "map_single/streaming/map/4096/to/t1/e0/-/b1#1"));
	rd_free(&run);
}

/*
 * The attrs test's rows (fixture attrs-swiotlb, make-attrs-fixtures.py): an
 * attribute is part of a row's key, its words and rd_find's match, so a
 * write-combine alloc never stands in for, or numbers with, the plain one.
 */
static void test_attr_rows(void **state)
{
	struct rd_query q = { .test = "attrs", .kind = "coherent", .op = "alloc", .size = 1 << 20 };
	const struct rd_item *plain, *wc, *skip;
	struct rd_run run;
	char why[512], key[256], words[256];

	(void)state;
	assert_int_equal(rd_load(fixture("attrs-swiotlb"), &run, why, sizeof(why)), 0);
	plain = rd_find(&run, &q);
	q.attrs = DMABENCH_ATTR_WRITE_COMBINE;
	wc = rd_find(&run, &q);
	assert_non_null(plain);
	assert_non_null(wc);
	assert_true(plain->stats.p50 == 100000);
	assert_true(wc->stats.p50 == 101000);
	rd_key(plain, key, sizeof(key));
	assert_string_equal(key, "attrs/coherent/alloc/1048576/-/t1/e0/-/b1#0");
	assert_ptr_equal(rd_find_key(&run, key), plain);
	rd_key(wc, key, sizeof(key));
	assert_string_equal(key, "attrs/coherent/alloc/1048576/-/t1/e0/-/b1/write_combine#0");
	assert_ptr_equal(rd_find_key(&run, key), wc);
	/* both are the first of their key: not numbered as one key's #0 and #1 */
	assert_int_equal(wc->occurrence, 0);
	assert_string_equal(rd_row_words(plain, words, sizeof(words)),
			    "alloc coherent 1 MiB, no attribute");
	assert_string_equal(rd_row_words(wc, words, sizeof(words)),
			    "alloc coherent 1 MiB, write-combine");
	q = (struct rd_query){ .test = "attrs", .kind = "streaming", .op = "map_sg+unmap_sg",
			       .size = 4096, .dir = "to", .attrs = DMABENCH_ATTR_SKIP_CPU_SYNC };
	skip = rd_find(&run, &q);
	assert_non_null(skip);
	assert_string_equal(rd_row_words(skip, words, sizeof(words)), "map+unmap sg streaming "
			    "4 KiB, 1 entry, to device, skip CPU sync, batched");
	/* no row of another kind of attribute answers a query for none */
	q = (struct rd_query){ .test = "attrs", .op = "kread", .attrs = 0 };
	assert_int_equal(rd_find(&run, &q)->attrs, 0);
	q.attrs = DMABENCH_ATTR_NO_KERNEL_MAPPING;
	assert_null(rd_find(&run, &q));
	rd_free(&run);
}

/*
 * The index: rows that share a key are numbered in file order, every row is
 * found by its own key, and rd_find/rd_first_op answer as a scan would.
 */
static void test_index_numbers_and_finds(void **state)
{
	char path[PATH_MAX + 16], why[512] = "", key[256];
	json_t *doc, *results;
	struct rd_run run;
	size_t n;

	(void)state;
	snprintf(path, sizeof(path), "%s/results.json", fixture("direct"));
	doc = json_load_file(path, 0, NULL);
	assert_non_null(doc);
	results = json_object_get(doc, "results");
	n = json_array_size(results);
	assert_true(n > 2);
	/* Row 1 twice more at the end: occurrences 1 and 2. */
	json_array_append_new(results, json_deep_copy(json_array_get(results, 1)));
	json_array_append_new(results, json_deep_copy(json_array_get(results, 1)));
	assert_int_equal(rd_from_json(doc, "direct", &run, why, sizeof(why)), 0);
	assert_int_equal(run.nitems, n + 2);
	assert_int_equal(run.items[1].occurrence, 0);
	assert_int_equal(run.items[n].occurrence, 1);
	assert_int_equal(run.items[n + 1].occurrence, 2);
	for (size_t i = 0; i < run.nitems; i++) {
		const struct rd_item *it = &run.items[i];
		struct rd_query q = { .test = it->test, .kind = it->kind, .op = it->op,
				      .dir = it->dir, .cache = it->cache, .size = it->size,
				      .entries = it->entries, .threads = it->threads };
		const struct rd_item *found;
		long first = rd_first_op(&run, it->test, it->op);

		rd_key(it, key, sizeof(key));
		assert_ptr_equal(rd_find_key(&run, key), it);
		assert_true(first >= 0 && (size_t)first <= i);
		assert_string_equal(run.items[first].test, it->test);
		assert_string_equal(run.items[first].op, it->op);
		for (long j = 0; j < first; j++)
			assert_false(!strcmp(run.items[j].test, it->test) &&
				     !strcmp(run.items[j].op, it->op));
		found = rd_find(&run, &q);
		assert_non_null(found);
		assert_true(found <= it || found->batch == 1);
	}
	assert_int_equal(rd_first_op(&run, "no_such_test", "map"), -1);
	rd_free(&run);
}

/* Each broken file: exit-2 material, one sentence naming the file and the fault. */
static void expect_failure(const char *name, const char *sentence)
{
	struct rd_run run;
	char why[512] = "";

	assert_int_equal(rd_load(fixture(name), &run, why, sizeof(why)), -1);
	assert_contains(why, fixture(name));
	assert_contains(why, sentence);
	assert_null(strchr(why, '\n'));
	rd_free(&run);
}

static void test_bad_files(void **state)
{
	(void)state;
	expect_failure("corrupt", "/results.json is not valid JSON (line ");
	expect_failure("corrupt", "the file is corrupt or not a dmabench results file");
	expect_failure("other-schema", "has schema \"dmabench/2\"; this dmabench reads "
		       "\"dmabench/1\"");
	expect_failure("no-p50", "result 3 (map_single unmap) has no \"stats\" with a p50");
	expect_failure("no-such-run", "/results.json does not exist: is ");
}

static void test_not_an_object(void **state)
{
	struct rd_run run;
	char why[512];

	(void)state;
	assert_int_equal(rd_from_json(json_array(), "x", &run, why, sizeof(why)), -1);
	assert_string_equal(why, "is not a JSON object, so not a dmabench results file");
	rd_free(&run);
	assert_int_equal(rd_from_json(json_pack("{s:s}", "schema", "dmabench/1"), "x",
				      &run, why, sizeof(why)), -1);
	assert_string_equal(why, "has no \"results\" list");
	rd_free(&run);
}

/* Early runs' long direction names pair with today's short ones. */
static void test_direction_spellings(void **state)
{
	struct rd_run run;
	char why[256], key[256];

	(void)state;
	assert_int_equal(rd_from_json(json_pack("{s:s, s:[{s:s,s:s,s:i,s:s,s:{s:f}}]}",
						"schema", "dmabench/1", "results",
						"test", "map_scaling", "op", "map",
						"size", 4096, "dir", "to_device",
						"stats", "p50", 1.0), "old", &run,
				      why, sizeof(why)), 0);
	assert_string_equal(run.items[0].dir, "to");
	assert_string_equal(run.items[0].dir_written, "to_device");
	rd_key(&run.items[0], key, sizeof(key));
	assert_string_equal(key, "map_scaling/-/map/4096/to/t1/e0/-/b1#0");
	rd_free(&run);
}

/* A p50 the run could not compute is null: loaded as unknown, not refused. */
static void test_null_p50(void **state)
{
	struct rd_run run;
	char why[256];

	(void)state;
	assert_int_equal(rd_from_json(json_pack("{s:s, s:[{s:s,s:s,s:i,s:{s:n}}]}",
						"schema", "dmabench/1", "results",
						"test", "sync", "op", "sync_for_cpu",
						"size", 4096, "stats", "p50"), "null", &run,
				      why, sizeof(why)), 0);
	assert_true(isnan(run.items[0].stats.p50));
	rd_free(&run);
}

/* Reports name a run by its folder, never by the path it had on this machine. */
static void test_folder_name(void **state)
{
	char b[64];

	(void)state;
	rd_folder_name("/work/results/20261125-vm-lab-direct/", b, sizeof(b));
	assert_string_equal(b, "20261125-vm-lab-direct");
	rd_folder_name("run", b, sizeof(b));
	assert_string_equal(b, "run");
	rd_folder_name("../r/x", b, sizeof(b));
	assert_string_equal(b, "x");
	rd_folder_name("/", b, sizeof(b));
	assert_string_equal(b, "/");
}

/*
 * rd_round_trip(): two halves above 20x the 50 ns floor summed (p50s, p25s,
 * p75s; spreads in quadrature, the fewer samples); a floor-bound half makes
 * it quote the batched "THERE+BACK" row; without that row, the sum; a
 * missing half or one with no p50: no cost.
 */
static void test_round_trip(void **state)
{
	static const char doc[] =
		"{\"schema\": \"dmabench/1\", \"floor\": {\"p50\": 50},"
		" \"results\": ["
		"{\"test\": \"attrs\", \"kind\": \"streaming\", \"op\": \"map_sg\", \"size\": 4096,"
		" \"dir\": \"to\", \"entries\": 1, \"batch\": 1,"
		" \"stats\": {\"n\": 100, \"p25\": 2700, \"p50\": 3000, \"p75\": 3300}},"
		"{\"test\": \"attrs\", \"kind\": \"streaming\", \"op\": \"unmap_sg\", \"size\": 4096,"
		" \"dir\": \"to\", \"entries\": 1, \"batch\": 1,"
		" \"stats\": {\"n\": 80, \"p25\": 3600, \"p50\": 4000, \"p75\": 4400}},"
		"{\"test\": \"attrs\", \"kind\": \"streaming\", \"op\": \"map_sg+unmap_sg\","
		" \"size\": 4096, \"dir\": \"to\", \"entries\": 1, \"batch\": 8,"
		" \"stats\": {\"n\": 50, \"p50\": 6500}},"
		"{\"test\": \"caching\", \"kind\": \"wc\", \"op\": \"set_wc\", \"size\": 4096,"
		" \"batch\": 1, \"stats\": {\"n\": 60, \"p25\": 380, \"p50\": 400, \"p75\": 420}},"
		"{\"test\": \"caching\", \"kind\": \"wc\", \"op\": \"set_wb\", \"size\": 4096,"
		" \"batch\": 1, \"stats\": {\"n\": 60, \"p25\": 1900, \"p50\": 2000, \"p75\": 2100}},"
		"{\"test\": \"caching\", \"kind\": \"wc\", \"op\": \"set_wc+set_wb\", \"size\": 4096,"
		" \"batch\": 32, \"stats\": {\"n\": 40, \"p25\": 2000, \"p50\": 2100, \"p75\": 2200}},"
		"{\"test\": \"caching\", \"kind\": \"uc\", \"op\": \"set_uc\", \"size\": 4096,"
		" \"batch\": 1, \"stats\": {\"n\": 60, \"p50\": 300}},"
		"{\"test\": \"caching\", \"kind\": \"uc\", \"op\": \"set_wb\", \"size\": 4096,"
		" \"batch\": 1, \"stats\": {\"n\": 70, \"p50\": 500}},"
		"{\"test\": \"sync\", \"kind\": \"streaming\", \"op\": \"sync_for_cpu\","
		" \"size\": 4096, \"batch\": 1, \"stats\": {\"p50\": null}}]}";
	struct rd_run run;
	struct rd_trip t;
	char why[256];
	const struct rd_item *it = NULL;

	(void)state;
	assert_int_equal(rd_from_json(json_loads(doc, 0, NULL), "trip", &run, why, sizeof(why)),
			 0);
	it = run.items;
	/* summed: neither half floor-bound (3000 and 4000 ns against 20 x 50), the pair ignored */
	assert_true(rd_round_trip(&run, &it[0], &it[1], &t));
	assert_null(t.batched);
	assert_true(t.ns == 7000 && t.lo == 6300 && t.hi == 7700);
	assert_int_equal(t.n, 80);
	assert_int_equal(t.spread.source, RD_SPREAD_WITHIN);
	/* 3000 +- 20 % and 4000 +- 20 %: sqrt(600^2 + 800^2) / 7000 */
	assert_true(fabs(t.spread.rel - 1000.0 / 7000.0) < 1e-12);
	/* floor-bound: set_wc's 400 ns is under 20 x 50, so the batched pair stands */
	assert_true(rd_round_trip(&run, &it[3], &it[4], &t));
	assert_ptr_equal(t.batched, &it[5]);
	assert_true(t.ns == 2100 && t.lo == 2000 && t.hi == 2200);
	assert_int_equal(t.n, 40);
	/* floor-bound without a pair row: the sum, p25..p75 the p50 where not recorded */
	assert_true(rd_round_trip(&run, &it[6], &it[7], &t));
	assert_null(t.batched);
	assert_true(t.ns == 800 && t.lo == 800 && t.hi == 800);
	assert_int_equal(t.n, 60);
	assert_int_equal(t.spread.source, RD_SPREAD_NONE);
	/* a half missing, or with no p50: no cost */
	assert_false(rd_round_trip(&run, &it[0], NULL, &t));
	assert_true(isnan(t.ns) && isnan(t.lo) && isnan(t.hi));
	assert_null(t.batched);
	assert_false(rd_round_trip(&run, NULL, &it[1], &t));
	assert_false(rd_round_trip(&run, &it[0], &it[8], &t));
	assert_true(isnan(t.ns));
	rd_free(&run);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_load_direct),
		cmocka_unit_test(test_keys_pair_rows),
		cmocka_unit_test(test_attr_rows),
		cmocka_unit_test(test_index_numbers_and_finds),
		cmocka_unit_test(test_bad_files),
		cmocka_unit_test(test_folder_name),
		cmocka_unit_test(test_not_an_object),
		cmocka_unit_test(test_direction_spellings),
		cmocka_unit_test(test_null_p50),
		cmocka_unit_test(test_round_trip),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
