// SPDX-License-Identifier: GPL-2.0
/*
 * The compare page's data side: rows in words (results/row_words.c) for
 * every op family, ranking by effect size and the noise rule
 * (report/compare_rank.c), with and without repetitions, the geometric
 * mean over the shared operations, and the relative links to the runs'
 * own reports (report/compare_links.c).
 */
#include "report_util.h"

#include <math.h>

#include "report/compare_links.h"
#include "report/compare_rank.h"
#include "core/atomicfile.h"
#include "report/compare_table.h"
#include "results/row_words.h"

RU_TMPDIR("rank")

static const char *words(const char *test, const char *kind, const char *op,
			 uint64_t size, const char *dir, const char *cache,
			 unsigned int entries, unsigned int threads, unsigned int batch,
			 unsigned int occurrence)
{
	static char buf[256];
	struct rd_item it = { .test = test, .kind = kind, .op = op, .size = size,
			      .dir = dir, .cache = cache, .entries = entries,
			      .threads = threads, .batch = batch, .occurrence = occurrence };

	return rd_row_words(&it, buf, sizeof(buf));
}

/* One row of every family of the quick suite, as the page names it. */
static void test_words_per_family(void **state)
{
	(void)state;
	assert_string_equal(words("alloc_free", "coherent", "alloc", 4096, NULL, NULL, 0, 1, 1, 0),
			    "alloc coherent 4 KiB");
	assert_string_equal(words("alloc_free", "wc", "free", 1 << 20, NULL, NULL, 0, 1, 1, 0),
			    "free wc 1 MiB");
	assert_string_equal(words("map_single", "streaming", "map", 4096, "to", NULL, 0, 1, 1, 0),
			    "map single streaming 4 KiB, to device");
	assert_string_equal(words("map_page", "streaming", "map+unmap", 4096, "from", NULL, 0,
				  1, 91, 0),
			    "map+unmap page streaming 4 KiB, from device, batched");
	assert_string_equal(words("map_sg", "streaming", "unmap", 65536, "bidi", NULL, 16, 1, 1, 0),
			    "unmap sg streaming 64 KiB, 16 entries, both directions");
	assert_string_equal(words("map_sg", "streaming", "map", 4096, "to", NULL, 1, 1, 1, 0),
			    "map sg streaming 4 KiB, 1 entry, to device");
	assert_string_equal(words("sync", "streaming", "sync_for_device", 65536, "to", "cold", 0,
				  1, 1, 0),
			    "sync for device streaming 64 KiB, to device, cold cache");
	assert_string_equal(words("sync", "noncoherent", "sync_for_cpu", 4096, "from", "hot", 0,
				  1, 1, 0),
			    "sync for CPU noncoherent 4 KiB, from device, hot cache");
	assert_string_equal(words("caching", "wc", "set_wc", 4096, NULL, NULL, 0, 1, 1, 0),
			    "caching to WC wc 4 KiB");
	assert_string_equal(words("caching", "uc", "set_wb", 1 << 20, NULL, NULL, 0, 1, 1, 0),
			    "caching back to WB uc 1 MiB");
	/* the batch-size rows: entries are pages a call there, not sg entries */
	assert_string_equal(words("caching", "wc", "set_wc", 4 << 20, NULL, NULL, 256, 1, 1, 0),
			    "caching to WC wc 4 MiB, 256 pages a call");
	assert_string_equal(words("caching", "uc", "set_wb", 4 << 20, NULL, NULL, 1, 1, 1, 0),
			    "caching back to WB uc 4 MiB, 1 page a call");
	assert_string_equal(words("caching", "wc", "set_wc+set_wb", 4096, NULL, NULL, 0, 1, 40, 0),
			    "caching to WC and back wc 4 KiB, batched");
	/* the range form (CACHING_RANGE) beside the page array of the same size */
	assert_string_equal(words("caching", "wc", "set_memory_wc", 1 << 20, NULL, NULL, 0, 1, 1,
				  0), "caching to WC wc 1 MiB, one contiguous range");
	assert_string_equal(words("caching", "uc", "set_memory_wb", 4096, NULL, NULL, 0, 1, 1, 0),
			    "caching back to WB uc 4 KiB, one contiguous range");
	assert_string_equal(words("caching", "uc", "set_memory_uc+set_memory_wb", 4096, NULL, NULL,
				  0, 1, 25, 0),
			    "caching to UC and back uc 4 KiB, one contiguous range, batched");
	assert_string_equal(words("kernel_access", "coherent", "kread", 4096, NULL, NULL, 0, 1, 1,
				  0), "kernel read coherent 4 KiB");
	assert_string_equal(words("sg_iter", "streaming", "sg_iter_dma", 65536, "to", NULL, 16, 1,
				  1, 0),
			    "sg walk by DMA address streaming 64 KiB, 16 entries, to device");
	assert_string_equal(words("baseline", "cached", "copy_in", 65536, NULL, NULL, 0, 1, 1, 0),
			    "user copy in cached 64 KiB");
	assert_string_equal(words("user_access", "wc", "stream_load", 65536, NULL, NULL, 0, 1, 1,
				  0), "user streaming load wc 64 KiB");
	assert_string_equal(words("fault", "uc", "fault_read", 65536, NULL, NULL, 0, 1, 1, 0),
			    "fault-in on read uc 64 KiB");
	assert_string_equal(words("move", "wc", "switch_to_wb", 65536, NULL, NULL, 0, 1, 1, 0),
			    "move to WB: caching switch wc 64 KiB");
	assert_string_equal(words("move", "uc", "refault_uc", 65536, NULL, NULL, 0, 1, 1, 0),
			    "move to UC: refault uc 64 KiB");
	assert_string_equal(words("transfer", "streaming", "sync_for_cpu", 65536, "bidi", NULL, 0,
				  1, 1, 0),
			    "round trip: sync for CPU streaming 64 KiB, both directions");
	assert_string_equal(words("transfer", "coherent", "total", 65536, "bidi", NULL, 0, 1, 1, 0),
			    "round trip total coherent 64 KiB, both directions");
	assert_string_equal(words("device_transfer", "coherent", "device_dma", 4095, "to", NULL, 0,
				  1, 1, 0),
			    "device transfer: the device's DMA coherent 4095 B, to device");
	assert_string_equal(words("device_transfer", "streaming", "map", 64, "from", NULL, 0, 1, 1,
				  0), "device transfer: map streaming 64 B, from device");
	assert_string_equal(words("map_scaling", "streaming", "map_thread", 4096, "to", NULL, 0, 2,
				  1, 1),
			    "map per thread streaming 4 KiB, to device, thread 2 of 2");
	assert_string_equal(words("map_scaling", "streaming", "unmap", 4096, "to", NULL, 0, 2, 1,
				  0), "unmap, threads pooled streaming 4 KiB, to device, 2 threads");
	assert_string_equal(words("empty", NULL, "empty", 0, NULL, NULL, 0, 1, 1, 0),
			    "empty op (kernel timing floor)");
	/* an op no table knows keeps every field, underscores as spaces */
	assert_string_equal(words("new_test", "noncontig", "some_op", 8192, NULL, NULL, 0, 1, 1,
				  2), "new test some op noncontig 8 KiB (#3)");
}

/* Two rows of one run never share words (the shipped example's every row). */
static void test_words_unique(void **state)
{
	static const char *const runs[] = {
		"../../../results/20261202-234403-vm-lab-direct",
		"../../../results/20261202-234403-vm-lab-arm64",
	};

	(void)state;
	for (size_t r = 0; r < sizeof(runs) / sizeof(runs[0]); r++) {
		char path[PATH_MAX + 128], why[512], w[256];
		struct rd_run run;
		json_t *seen = json_object();

		snprintf(path, sizeof(path), "%s/%s", ru_fixture(""), runs[r]);
		assert_int_equal(rd_load(path, &run, why, sizeof(why)), 0);
		assert_true(run.nitems > 500);
		for (size_t i = 0; i < run.nitems; i++) {
			rd_row_words(&run.items[i], w, sizeof(w));
			if (json_object_get(seen, w))
				fail_msg("two rows are '%s'", w);
			json_object_set_new(seen, w, json_true());
		}
		json_decref(seen);
		rd_free(&run);
	}
}

static size_t row_of(const struct cmp_table *t, const char *key)
{
	for (size_t i = 0; i < t->nrows; i++)
		if (!strcmp(t->rows[i].key, key))
			return i;
	fail_msg("no row %s", key);
	return 0;
}

/* direct vs swiotlb: the ranked list is significant only, largest first. */
static void test_ranked_by_effect(void **state)
{
	struct rd_run runs[2];
	struct cmp_table t;
	struct cmp_rank rk;
	size_t sync4k;

	(void)state;
	ru_load("direct", &runs[0]);
	ru_load("swiotlb", &runs[1]);
	assert_int_equal(cmp_build(runs, 2, &t), 0);
	assert_int_equal(cmp_rank_build(&t, runs, &rk), 0);
	assert_true(rk.nranked > 0);
	assert_true(rk.compared == t.nrows);
	for (size_t i = 0; i < rk.nranked; i++) {
		const struct rank_cell *c = cmp_rank_cell(&rk, rk.ranked[i].row, rk.ranked[i].run);

		assert_int_not_equal(c->sign, 0);
		assert_true(c->lo > 1 || c->hi < 1);	/* the interval excludes 1 */
		assert_true(fabs(log(c->ratio)) == rk.ranked[i].effect);
		if (i)
			assert_true(rk.ranked[i - 1].effect >= rk.ranked[i].effect);
	}
	/* the 4 KiB hot sync for the device: 100 ns -> 3000 ns, a bounce */
	sync4k = row_of(&t, "sync/streaming/sync_for_device/4096/to/t1/e0/hot/b1#0");
	assert_int_equal(cmp_rank_cell(&rk, sync4k, 1)->sign, 1);
	assert_int_equal(cmp_rank_cell(&rk, sync4k, 1)->basis, RANK_WITHIN);
	/* no quartiles in swiotlb's results.json, no samples.csv: (p90 - p50) / p50 */
	assert_true(cmp_rank_cell(&rk, sync4k, 1)->estimated);
	/* rows come in the full table's order: significant first, by effect */
	for (size_t i = 0; i + 1 < t.nrows; i++) {
		const struct rank_cell *a = cmp_rank_cell(&rk, rk.order[i], 1);
		const struct rank_cell *b = cmp_rank_cell(&rk, rk.order[i + 1], 1);

		assert_false(!a->sign && b->sign);
		if (!a->sign == !b->sign)
			assert_true(fabs(log(a->ratio)) >= fabs(log(b->ratio)));
	}
	assert_int_equal(rk.compared, rk.inside_noise + rk.nranked + rk.floor_skipped);
	cmp_rank_free(&rk);
	cmp_free(&t);
	rd_free(&runs[0]);
	rd_free(&runs[1]);
}

/* x1.5 inside spreads of 20 % and 33 % is noise: not significant, not ranked. */
static void test_inside_noise_not_significant(void **state)
{
	struct rd_run runs[2];
	struct cmp_table t;
	struct cmp_rank rk;
	struct stats *s;
	char text[128];

	(void)state;
	ru_load("direct", &runs[0]);
	ru_load("direct", &runs[1]);
	s = &runs[1].items[2].stats;	/* map single 64 KiB: 300 ns, spread 0.2 */
	s->p50 = 450;
	s->p25 = 400;			/* IQR / p50 = 0.33: with the other side's */
	s->p75 = 550;			/* 0.2, twice the spreads are 78 % */
	s->ci_low = 440;		/* the medians' CIs do not overlap ... */
	s->ci_high = 460;
	assert_int_equal(cmp_build(runs, 2, &t), 0);
	assert_true(t.rows[2].outside[1]);	/* ... which the old rule called slower */
	assert_int_equal(cmp_rank_build(&t, runs, &rk), 0);
	assert_int_equal(cmp_rank_cell(&rk, 2, 1)->sign, 0);
	assert_true(cmp_rank_cell(&rk, 2, 1)->lo < 1);
	assert_true(fabs(cmp_rank_cell(&rk, 2, 1)->ratio - 1.5) < 1e-12);
	assert_string_equal(cmp_rank_verdict_text(cmp_rank_cell(&rk, 2, 1), "direct", text,
						  sizeof(text)), "no measurable difference");
	for (size_t i = 0; i < rk.nranked; i++)
		assert_false(rk.ranked[i].row == 2);
	assert_int_equal(rk.nranked, 0);	/* everything else is identical */
	cmp_rank_free(&rk);
	/* the same x1.5 with tight spreads is a difference */
	s->p25 = 440;			/* 0.044: twice the spreads are 41 % */
	s->p75 = 460;
	assert_int_equal(cmp_rank_build(&t, runs, &rk), 0);
	assert_int_equal(rk.nranked, 1);
	assert_int_equal(rk.ranked[0].row, 2);
	assert_string_equal(cmp_rank_verdict_text(cmp_rank_cell(&rk, 2, 1), "direct", text,
						  sizeof(text)), "1.50x slower than direct");
	cmp_rank_free(&rk);
	cmp_free(&t);
	rd_free(&runs[0]);
	rd_free(&runs[1]);
}

/* A combined run: op i's 8 repetitions are 1000 (i + 1) shift[i] (1 +- spread[i]). */
static json_t *reps_doc(size_t nops, const double *shift, const double *spread,
			uint64_t seed)
{
	json_t *items = json_array();

	for (size_t i = 0; i < nops; i++) {
		json_t *p50s = json_array();
		char op[16];
		double base = 1000.0 * (double)(i + 1) * shift[i];

		snprintf(op, sizeof(op), "op%zu", i);
		for (size_t r = 0; r < 8; r++) {
			seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
			json_array_append_new(p50s, json_real(base * (1 - spread[i] + 2 *
				spread[i] * (double)(seed >> 11) / 9007199254740992.0)));
		}
		json_array_append_new(items, json_pack("{s:s, s:s, s:s, s:i, s:i, s:{s:i, s:f}, "
						       "s:{s:i, s:o}}",
						       "test", "baseline", "kind", "cached",
						       "op", op, "size", 65536, "batch", 1,
						       "stats", "n", 31, "p50", base,
						       "reps", "n", 8, "p50s", p50s));
	}
	return json_pack("{s:s, s:b, s:{}, s:[], s:o, s:{s:i}}", "schema", "dmabench/1",
			 "complete", 1, "platform", "errors", "results", items,
			 "repetitions", "combined", 8);
}

/*
 * With repetitions the bootstrap interval and the noise rule decide: op 0
 * x2 and op 1 x1.04 (below the 5 % minimum) at +-1 % noise, op 2 x1.3 at
 * +-40 % noise, op 3 unchanged.  Only op 0 is a difference.
 */
static void test_reps_basis(void **state)
{
	static const double same[] = { 1, 1, 1, 1 }, moved[] = { 2, 1.04, 1.3, 1 };
	static const double spread[] = { 0.01, 0.01, 0.4, 0.01 };
	struct rd_run runs[2];
	struct cmp_table t;
	struct cmp_rank rk;
	char why[256], text[64];

	(void)state;
	assert_int_equal(rd_from_json(reps_doc(4, same, spread, 1), "/x/A", &runs[0], why,
				      sizeof(why)), 0);
	assert_int_equal(rd_from_json(reps_doc(4, moved, spread, 2), "/x/B", &runs[1], why,
				      sizeof(why)), 0);
	assert_int_equal(cmp_build(runs, 2, &t), 0);
	assert_int_equal(cmp_rank_build(&t, runs, &rk), 0);
	assert_int_equal(rk.basis_count[RANK_REPS], 4);
	for (size_t i = 0; i < 4; i++) {
		assert_int_equal(cmp_rank_cell(&rk, i, 1)->basis, RANK_REPS);
		assert_int_equal(cmp_rank_cell(&rk, i, 1)->reps, 8);
	}
	assert_int_equal(cmp_rank_cell(&rk, 0, 1)->sign, 1);
	assert_true(cmp_rank_cell(&rk, 0, 1)->lo > 1.9);
	assert_true(cmp_rank_cell(&rk, 0, 1)->hi < 2.1);
	/* op 1: its interval excludes 1, but 4 % is inside the 5 % minimum */
	assert_true(cmp_rank_cell(&rk, 1, 1)->lo > 1);
	assert_int_equal(cmp_rank_cell(&rk, 1, 1)->sign, 0);
	assert_int_equal(cmp_rank_cell(&rk, 2, 1)->sign, 0);
	assert_int_equal(cmp_rank_cell(&rk, 3, 1)->sign, 0);
	assert_int_equal(rk.nranked, 1);
	assert_int_equal(rk.ranked[0].row, 0);
	assert_string_equal(cmp_rank_basis_words(RANK_REPS, false),
			    "repetitions: 95 % bootstrap interval of the ratio of medians");
	cmp_rank_ratio_text(cmp_rank_cell(&rk, 0, 1), text, sizeof(text));
	assert_true(!strncmp(text, "x2.0", 4) || !strncmp(text, "x1.9", 4));
	cmp_rank_free(&rk);
	cmp_free(&t);
	rd_free(&runs[0]);
	rd_free(&runs[1]);
}

/* Three runs: the geometric mean of the ratios over the rows all share. */
static void test_geomean_shared(void **state)
{
	static const double one[] = { 1, 1, 1 }, b[] = { 2, 8, 1 }, c[] = { 0.5, 0.5, 0.5 };
	static const double spread[] = { 0.01, 0.01, 0.01 };
	struct rd_run runs[3];
	struct cmp_table t;
	struct cmp_rank rk;
	char why[256];
	json_t *third = reps_doc(3, c, spread, 3);

	(void)state;
	/* the third run lacks op2: the means are over op0 and op1 only */
	json_array_remove(json_object_get(third, "results"), 2);
	assert_int_equal(rd_from_json(reps_doc(3, one, spread, 1), "/x/A", &runs[0], why,
				      sizeof(why)), 0);
	assert_int_equal(rd_from_json(reps_doc(3, b, spread, 2), "/x/B", &runs[1], why,
				      sizeof(why)), 0);
	assert_int_equal(rd_from_json(third, "/x/C", &runs[2], why, sizeof(why)), 0);
	assert_int_equal(cmp_build(runs, 3, &t), 0);
	assert_int_equal(t.nrows, 2);
	assert_int_equal(cmp_rank_build(&t, runs, &rk), 0);
	assert_int_equal(rk.geo_n, 2);
	assert_true(rk.geomean[0] == 1);
	assert_true(fabs(rk.geomean[1] - 4) < 0.1);	/* sqrt(2 x 8) */
	assert_true(fabs(rk.geomean[2] - 0.5) < 0.02);
	/* ranked: op1 x8, then op0 x2 and the two x0.5 (|ln| 0.69 each) */
	assert_int_equal(rk.nranked, 4);
	assert_int_equal(rk.ranked[0].row, 1);
	assert_int_equal(rk.ranked[0].run, 1);
	cmp_rank_free(&rk);
	cmp_free(&t);
	for (int r = 0; r < 3; r++)
		rd_free(&runs[r]);
}

/* Links are relative to the page and point at files that are there. */
static void test_links(void **state)
{
	char out[PATH_MAX], run[PATH_MAX], link[PATH_MAX], back[2 * PATH_MAX + 2];
	struct stat st;

	(void)state;
	snprintf(out, sizeof(out), "%s/stamp/compare", tmp);
	snprintf(run, sizeof(run), "%s/stamp/lab-direct", tmp);
	assert_int_equal(mkdir_p(out), 0);
	assert_int_equal(mkdir_p(run), 0);
	assert_false(cmp_report_link(out, run, "report.html", link, sizeof(link)));
	assert_string_equal(link, "");
	ru_copy_file(__FILE__, strcat(strcpy(back, run), "/report.html"));
	assert_true(cmp_report_link(out, run, "report.html", link, sizeof(link)));
	assert_string_equal(link, "../lab-direct/report.html");
	snprintf(back, sizeof(back), "%s/%s", out, link);
	assert_int_equal(stat(back, &st), 0);
	/* a page inside the run's folder, and a run below the page */
	assert_true(cmp_report_link(run, run, "report.html", link, sizeof(link)));
	assert_string_equal(link, "report.html");
	snprintf(out, sizeof(out), "%s/stamp", tmp);
	assert_true(cmp_report_link(out, run, "report.html", link, sizeof(link)));
	assert_string_equal(link, "lab-direct/report.html");
	/* a sibling whose name starts with the page's folder's */
	snprintf(out, sizeof(out), "%s/stamp/lab", tmp);
	assert_int_equal(mkdir_p(out), 0);
	assert_true(cmp_report_link(out, run, "report.html", link, sizeof(link)));
	assert_string_equal(link, "../lab-direct/report.html");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_words_per_family),
		cmocka_unit_test(test_words_unique),
		cmocka_unit_test(test_ranked_by_effect),
		cmocka_unit_test(test_inside_noise_not_significant),
		cmocka_unit_test(test_reps_basis),
		cmocka_unit_test(test_geomean_shared),
		cmocka_unit_test(test_links),
	};

	return cmocka_run_group_tests(tests, ru_setup, ru_teardown);
}
