// SPDX-License-Identifier: GPL-2.0
/*
 * results/results.c: write a run, read results.json and samples.csv back with
 * jansson and stdio, and check every field the issue asks for.
 */
#include "unit.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dmabench.h"
#include "results/query.h"
#include "results/results.h"
#include "core/sysinfo.h"

static char dir[] = "/tmp/dmabench-results-XXXXXX";
static char path[512];

static int make_dir(void **state)
{
	(void)state;
	return mkdtemp(dir) ? 0 : -1;
}

static int remove_dir(void **state)
{
	char cmd[600];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	return system(cmd) == 0 ? 0 : -1;
}

static const char *in(const char *sub, const char *name)
{
	snprintf(path, sizeof(path), "%s/%s/%s", dir, sub, name);
	return path;
}

static json_t *load(const char *sub)
{
	json_error_t e;
	json_t *doc = json_load_file(in(sub, "results.json"), 0, &e);

	if (!doc)
		fail_msg("results.json: %s (line %d)", e.text, e.line);
	return doc;
}

static struct result_item sample_item(double *samples, size_t n)
{
	struct result_item it = {
		.test = "map_sg", .kind = "streaming", .op = "map", .size = 65536,
		.dir = "to", .threads = 1, .entries = 16, .cache = NULL, .batch = 1,
		.unit = "ns", .gbps = NAN, .has_counters = true,
		.samples = samples, .nsamples = n,
	};

	it.stats = (struct stats){ .n = n, .min = 100, .p50 = 200, .p90 = 300,
				   .p99 = 400, .max = 500, .mean = 250, .stddev = 50,
				   .ci_low = 190, .ci_high = 210 };
	it.counters.supported[CNT_TASK_CLOCK] = true;
	it.counters.value[CNT_TASK_CLOCK] = 199.5;
	it.counters.supported[CNT_PAGE_FAULTS] = true;
	it.counters.value[CNT_PAGE_FAULTS] = 0;
	/* cycles etc. stay unsupported, as on a VM without a PMU. */
	return it;
}

static void test_round_trip(void **state)
{
	double samples[3] = { 100, 200, 500 };
	struct result_item it = sample_item(samples, 3);
	struct stats floor = { .n = 10, .p50 = 42 };
	struct results *r;
	json_t *doc, *item, *st, *cnt;
	char *csv;

	(void)state;
	snprintf(path, sizeof(path), "%s/a/b", dir);
	r = results_create(path, json_pack("{s:s}", "preset", "test"));
	assert_non_null(r);
	assert_int_equal(results_set_floor(r, &floor), 0);
	assert_int_equal(results_add(r, &it), 0);
	it.op = "read";
	it.gbps = 3.5;
	it.has_counters = false;
	it.isa = "avx2";
	it.stats.n = STATS_P99_MIN_N;
	it.stopped = MEASURE_STOP_STABLE;
	assert_int_equal(results_add(r, &it), 0);
	assert_int_equal(results_count(r), 2);
	assert_int_equal(results_finish(r, true, NULL), 0);
	results_free(r);

	doc = load("a/b");
	assert_string_equal(json_string_value(json_object_get(doc, "schema")), "dmabench/1");
	assert_true(json_is_true(json_object_get(doc, "complete")));
	assert_true(json_is_null(json_object_get(doc, "why_incomplete")));
	assert_string_equal(json_string_value(json_object_get(json_object_get(doc, "platform"),
							       "preset")), "test");
	assert_true(json_is_string(json_object_get(doc, "start")));
	assert_true(json_is_string(json_object_get(doc, "end")));
	assert_true(json_number_value(json_object_get(json_object_get(doc, "floor"), "p50")) == 42);
	assert_int_equal(json_array_size(json_object_get(doc, "results")), 2);

	item = json_array_get(json_object_get(doc, "results"), 0);
	assert_string_equal(json_string_value(json_object_get(item, "test")), "map_sg");
	assert_string_equal(json_string_value(json_object_get(item, "kind")), "streaming");
	assert_string_equal(json_string_value(json_object_get(item, "op")), "map");
	assert_int_equal(json_integer_value(json_object_get(item, "size")), 65536);
	assert_string_equal(json_string_value(json_object_get(item, "dir")), "to");
	assert_int_equal(json_integer_value(json_object_get(item, "threads")), 1);
	assert_int_equal(json_integer_value(json_object_get(item, "entries")), 16);
	assert_true(json_is_null(json_object_get(item, "cache")));
	assert_string_equal(json_string_value(json_object_get(item, "unit")), "ns");
	assert_null(json_object_get(item, "gbps"));	/* not a bandwidth item */
	st = json_object_get(item, "stats");
	assert_int_equal(json_integer_value(json_object_get(st, "n")), 3);
	/* n 3 supports no p99: null, the max stands in (labelled by readers) */
	assert_true(json_is_null(json_object_get(st, "p99")));
	assert_true(json_number_value(json_object_get(st, "max")) == 500);
	/* a fixed count: no stability criterion was tested */
	assert_true(json_is_false(json_object_get(item, "stable")));
	assert_string_equal(json_string_value(json_object_get(item, "stopped")), "fixed");
	assert_true(json_number_value(json_object_get(st, "ci_high")) == 210);
	assert_int_equal(json_object_size(st), 12);	/* + p25, p75 */
	{
		json_t *second = json_array_get(json_object_get(doc, "results"), 1);
		json_t *st2 = json_object_get(second, "stats");

		/* n 100 supports a p99; the median settled: stable */
		assert_true(json_number_value(json_object_get(st2, "p99")) == 400);
		assert_true(json_is_true(json_object_get(second, "stable")));
		assert_string_equal(json_string_value(json_object_get(second, "stopped")),
				    "stable");
	}
	cnt = json_object_get(item, "counters");
	assert_true(json_number_value(json_object_get(cnt, "task_clock_ns")) == 199.5);
	/*
	 * A counted zero stays a number; an uncountable one is not a row's
	 * business (method.counters lists it once), and no ratio is made up.
	 */
	assert_true(json_is_number(json_object_get(cnt, "page_faults")));
	assert_true(json_number_value(json_object_get(cnt, "page_faults")) == 0);
	assert_null(json_object_get(cnt, "cycles"));
	assert_null(json_object_get(cnt, "dtlb_misses"));
	assert_null(json_object_get(cnt, "ipc"));
	assert_int_equal(json_object_size(cnt), 2);

	item = json_array_get(json_object_get(doc, "results"), 1);
	assert_true(json_number_value(json_object_get(item, "gbps")) == 3.5);
	assert_string_equal(json_string_value(json_object_get(item, "isa")), "avx2");
	assert_true(json_is_null(json_object_get(item, "counters")));
	json_decref(doc);

	csv = read_text_file(in("a/b", "samples.csv"));
	assert_non_null(csv);
	assert_contains(csv, "test,kind,op,size,dir,threads,entries,cache,batch,sample_index,ns\n");
	assert_contains(csv, "map_sg,streaming,map,65536,to,1,16,,1,2,500\n");
	assert_contains(csv, "map_sg,streaming,read,65536,to,1,16,,1,0,100\n");
	free(csv);
	/* Nothing half-written stays behind. */
	assert_int_not_equal(access(in("a/b", ".samples.csv.partial"), F_OK), 0);
}

/*
 * The attrs test's rows carry their attributes and its probe goes to
 * "attr_effects": written, valid against bench/results.schema.json, and read
 * back field by field (results/attr_effects.c).
 */
static void test_attr_effects(void **state)
{
	double samples[3] = { 100, 200, 500 };
	struct result_item it = sample_item(samples, 3);
	struct attr_effect eff[2] = {
		{ .kind = "coherent", .attrs = DMABENCH_ATTR_NO_KERNEL_MAPPING, .size = 1 << 20,
		  .probed = true, .kmap = DMABENCH_KMAP_NONE, .phys_chunks = 37, .dma_segments = 1,
		  .user_prot = DMABENCH_PROT_NOT_MAPPED, .mmap = AE_MMAP_REFUSED },
		{ .kind = "coherent", .attrs = DMABENCH_ATTR_FORCE_CONTIGUOUS, .size = 1 << 20,
		  .kmap = -1, .user_prot = -1, .error = "out of memory in the module" },
	};
	struct attr_effect out[4];
	struct rd_run run;
	char why[512], cmd[2048];
	struct results *r;
	json_t *doc, *item;

	(void)state;
	snprintf(path, sizeof(path), "%s/attrs", dir);
	r = results_create(path, NULL);
	assert_non_null(r);
	it.test = "attrs";
	it.has_counters = false;	/* counters: null, as on a second half */
	it.attrs = DMABENCH_ATTR_SKIP_CPU_SYNC;
	assert_int_equal(results_add(r, &it), 0);
	it.attrs = 0;
	assert_int_equal(results_add(r, &it), 0);
	assert_int_equal(results_add_attr_effect(r, &eff[0]), 0);
	assert_int_equal(results_add_attr_effect(r, &eff[1]), 0);
	assert_int_equal(results_finish(r, true, NULL), 0);
	results_free(r);

	doc = load("attrs");
	item = json_array_get(json_object_get(doc, "results"), 0);
	assert_string_equal(json_string_value(json_array_get(json_object_get(item, "attrs"), 0)),
			    "skip_cpu_sync");
	/* a row without attributes stays as every row was */
	assert_null(json_object_get(json_array_get(json_object_get(doc, "results"), 1), "attrs"));
	item = json_array_get(json_object_get(doc, "attr_effects"), 1);
	assert_true(json_is_null(json_object_get(item, "kmap")));
	assert_true(json_is_null(json_object_get(item, "phys_chunks")));
	assert_string_equal(json_string_value(json_object_get(item, "mmap")), "not_tried");
	json_decref(doc);

	/* what the writer writes is what the schema (and the lab's check) accepts */
	snprintf(cmd, sizeof(cmd), "python3 -c '"
		 "import json, sys, jsonschema\n"
		 "s = json.load(open(sys.argv[1])); d = json.load(open(sys.argv[2]))\n"
		 "V = jsonschema.Draft202012Validator\n"
		 "for i in d[\"results\"]: V({\"$defs\": s[\"$defs\"], \"$ref\": "
		 "\"#/$defs/item\"}).validate(i)\n"
		 "V(dict(s[\"properties\"][\"attr_effects\"], **{\"$defs\": s[\"$defs\"]}))"
		 ".validate(d[\"attr_effects\"])' '%.*s/../../bench/results.schema.json' '%s'",
		 (int)(strrchr(__FILE__, '/') - __FILE__), __FILE__, in("attrs", "results.json"));
	assert_int_equal(system(cmd), 0);

	snprintf(path, sizeof(path), "%s/attrs", dir);
	assert_int_equal(rd_load(path, &run, why, sizeof(why)), 0);
	assert_int_equal(run.items[0].attrs, DMABENCH_ATTR_SKIP_CPU_SYNC);
	assert_int_equal(run.items[1].attrs, 0);
	assert_int_equal(rd_attr_effects(&run, out, 4), 2);
	assert_string_equal(out[0].kind, "coherent");
	assert_int_equal(out[0].attrs, DMABENCH_ATTR_NO_KERNEL_MAPPING);
	assert_int_equal(out[0].size, 1 << 20);
	assert_true(out[0].probed);
	assert_int_equal(out[0].kmap, DMABENCH_KMAP_NONE);
	assert_int_equal(out[0].phys_chunks, 37);
	assert_int_equal(out[0].dma_segments, 1);
	assert_int_equal(out[0].user_prot, DMABENCH_PROT_NOT_MAPPED);
	assert_int_equal(out[0].mmap, AE_MMAP_REFUSED);
	assert_null(out[0].error);
	assert_false(out[1].probed);
	assert_int_equal(out[1].kmap, -1);
	assert_int_equal(out[1].user_prot, -1);
	assert_int_equal(out[1].mmap, AE_MMAP_NOT_TRIED);
	assert_string_equal(out[1].error, "out of memory in the module");
	assert_ptr_equal(attr_effect_find(out, 2, "coherent", DMABENCH_ATTR_FORCE_CONTIGUOUS),
			 &out[1]);
	assert_null(attr_effect_find(out, 2, "coherent", 0));
	/* @max is kept to */
	assert_int_equal(rd_attr_effects(&run, out, 1), 1);
	rd_free(&run);
}

/* Before finish (a killed run) results.json exists, incomplete. */
static void test_incomplete(void **state)
{
	double samples[1] = { 7 };
	struct result_item it = sample_item(samples, 1);
	struct results *r;
	json_t *doc, *err;

	(void)state;
	snprintf(path, sizeof(path), "%s/c", dir);
	r = results_create(path, NULL);
	assert_non_null(r);
	assert_int_equal(results_add(r, &it), 0);
	doc = load("c");
	assert_true(json_is_false(json_object_get(doc, "complete")));
	assert_string_equal(json_string_value(json_object_get(doc, "why_incomplete")), "running");
	assert_int_equal(json_array_size(json_object_get(doc, "results")), 1);
	json_decref(doc);
	assert_int_not_equal(access(in("c", "samples.csv"), F_OK), 0);

	assert_int_equal(results_add_error(r, "sync", "SYNC went wrong"), 0);
	assert_int_equal(results_add_skip(r, "map_single", "map streaming 16M", "too big"), 0);
	assert_int_equal(results_error_count(r), 1);
	assert_int_equal(results_finish(r, false, "stopped by Interrupt"), 0);
	results_free(r);

	doc = load("c");
	assert_true(json_is_false(json_object_get(doc, "complete")));
	assert_string_equal(json_string_value(json_object_get(doc, "why_incomplete")),
			    "stopped by Interrupt");
	assert_true(json_is_false(json_object_get(doc, "finished")));
	err = json_array_get(json_object_get(doc, "errors"), 0);
	assert_string_equal(json_string_value(json_object_get(err, "test")), "sync");
	assert_string_equal(json_string_value(json_object_get(err, "message")), "SYNC went wrong");
	err = json_array_get(json_object_get(doc, "skipped"), 0);
	assert_string_equal(json_string_value(json_object_get(err, "why")), "too big");
	json_decref(doc);
	assert_int_equal(access(in("c", "samples.csv"), F_OK), 0);
}

/* A run that reached its end with a failed measurement: finished, not complete. */
static void test_finished_with_error(void **state)
{
	double samples[1] = { 7 };
	struct result_item it = sample_item(samples, 1);
	struct results *r;
	json_t *doc;

	(void)state;
	snprintf(path, sizeof(path), "%s/f", dir);
	r = results_create(path, NULL);
	assert_non_null(r);
	assert_int_equal(results_add(r, &it), 0);
	assert_int_equal(results_add_error(r, "user_access", "out of memory"), 0);
	assert_int_equal(results_finish(r, true, "1 measurement failed"), 0);
	results_free(r);
	doc = load("f");
	assert_true(json_is_false(json_object_get(doc, "complete")));
	assert_true(json_is_true(json_object_get(doc, "finished")));
	assert_string_equal(json_string_value(json_object_get(doc, "why_incomplete")),
			    "1 measurement failed");
	json_decref(doc);
}

static void test_bad_item(void **state)
{
	struct result_item it = sample_item(NULL, 0);
	struct results *r;
	double inf = INFINITY;

	(void)state;
	snprintf(path, sizeof(path), "%s/d", dir);
	r = results_create(path, NULL);
	assert_non_null(r);
	it.op = NULL;
	assert_int_equal(results_add(r, &it), -EINVAL);
	/* Non-finite statistics become null, not invalid JSON. */
	it.op = "map";
	it.stats.max = inf;
	assert_int_equal(results_add(r, &it), 0);
	assert_int_equal(results_finish(r, true, NULL), 0);
	results_free(r);
	json_decref(load("d"));
}

/* The device's own answer (`dmabench verify`) at the top level, written at once. */
static void test_verify(void **state)
{
	struct results *r;
	json_t *doc, *v;

	(void)state;
	snprintf(path, sizeof(path), "%s/e", dir);
	r = results_create(path, NULL);
	assert_non_null(r);
	assert_int_equal(results_set_verify(r, NULL), -ENOMEM);
	assert_int_equal(results_set_verify(r, json_pack("{s:b, s:{}}",
		"streaming_coherent_observed", 0, "kinds")), 0);
	doc = load("e");
	v = json_object_get(doc, "verify");
	assert_true(json_is_false(json_object_get(v, "streaming_coherent_observed")));
	assert_true(json_is_object(json_object_get(v, "kinds")));
	json_decref(doc);
	assert_int_equal(results_finish(r, true, NULL), 0);
	results_free(r);
	doc = load("e");
	assert_non_null(json_object_get(doc, "verify"));
	json_decref(doc);
}

static void test_unwritable(void **state)
{
	struct results *r;

	(void)state;
	r = results_create("/proc/dmabench-no/such", NULL);
	assert_null(r);
	assert_int_not_equal(errno, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_attr_effects),
		cmocka_unit_test(test_incomplete),
		cmocka_unit_test(test_finished_with_error),
		cmocka_unit_test(test_bad_item),
		cmocka_unit_test(test_verify),
		cmocka_unit_test(test_unwritable),
	};

	return cmocka_run_group_tests_name("results", tests, make_dir, remove_dir);
}
