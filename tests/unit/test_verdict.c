// SPDX-License-Identifier: GPL-2.0
/*
 * The verdict's numbers against the fixtures (tests/fixtures/report/
 * make-fixtures.py says how each figure there was chosen): the expected
 * values below are worked out by hand from those figures.
 */
#include <ctype.h>
#include "unit.h"

#include <limits.h>
#include <stdbool.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "report/verdict.h"

static const char *fixture(const char *name)
{
	static char path[PATH_MAX];
	const char *src = __FILE__;
	const char *slash = strrchr(src, '/');

	snprintf(path, sizeof(path), "%.*s/../fixtures/report/%s",
		 (int)(slash - src), src, name);
	return path;
}

static void near(double got, double want)
{
	if (fabs(got - want) > 1e-6 * fabs(want) + 1e-9)
		fail_msg("got %.9g, want %.9g", got, want);
}

static struct verdict *verdict_of(const char *name)
{
	struct verdict *v = malloc(sizeof(*v));
	struct rd_run run;
	char why[512];

	assert_non_null(v);
	assert_int_equal(rd_load(fixture(name), &run, why, sizeof(why)), 0);
	verdict_compute(&run, v);
	rd_free(&run);
	return v;
}

static void test_direct_coherence_and_sync(void **state)
{
	struct verdict *v = verdict_of("direct");
	/* sync: 100 + 100 i for the device, 110 + 100 i for the CPU */
	static const double dev[] = { 100, 200, 300, 400 };
	static const double cpu[] = { 110, 210, 310, 410 };
	/* memcpy: 2 GB/s measured at 64K (nearest to 4K, 64K, 1M), 4 GB/s at 4M */
	static const double copy[] = { 4096 / 2.0, 65536 / 2.0, 1048576 / 2.0,
				       16777216 / 4.0 };

	(void)state;
	assert_int_equal(v->coherent, 1);
	assert_contains(v->text[VERDICT_COHERENCE], "Streaming DMA is coherent on this "
			"device (edu 0000:00:01.0, IOMMU none, swiotlb off): the device is "
			"DMA-coherent");
	for (int i = 0; i < VERDICT_SYNC_SIZES; i++) {
		near(v->sync_dev_ns[i], dev[i]);
		near(v->sync_cpu_ns[i], cpu[i]);
		near(v->copy_ns[i], copy[i]);
	}
	/* 64 KiB against a coherent buffer, not a copy: the round trip leads */
	assert_contains(v->text[VERDICT_SYNC], "A 64 KiB round trip (fill, sync for the "
			"device, sync for the CPU, read) takes 1.00 us in a streaming buffer and "
			"1.50 us in a coherent one: streaming is faster");
	assert_null(strstr(v->text[VERDICT_SYNC], "copy"));
	assert_contains(v->text[VERDICT_SYNC], "p50: 4 KiB: for the device 100 ns, for the "
			"CPU 110 ns; 64 KiB:");
	assert_contains(v->text[VERDICT_SYNC], "16 MiB: for the device 400 ns, for the CPU "
			"410 ns.");
	/* "verify": no kind stale, every round trip ok */
	assert_int_equal(v->observed, 1);
	assert_int_equal(v->stale_kinds, 0);
	assert_int_equal(v->sync_kinds, 4);
	assert_int_equal(v->roundtrip_ok, 5);
	assert_int_equal(v->roundtrip_kinds, 5);
	assert_contains(v->text[VERDICT_COHERENCE], "The device's own DMA (edu 0000:00:01.0) "
			"agrees: without dma_sync_*_for_cpu() the CPU read stale data in 0 of "
			"4 kinds that sync. With the syncs, its round trips were ok in 5 of 5 kinds.");
	free(v);
}

static void test_direct_crossover_caching_reads(void **state)
{
	struct verdict *v = verdict_of("direct");

	(void)state;
	/* streaming 1000 < coherent 1500 at 64K, 60000 > 50000 at 4M */
	assert_int_equal(v->crossover, 4194304);
	assert_int_equal(v->crossover_lo, 65536);
	assert_int_equal(v->crossover_hi, 4194304);
	assert_contains(v->text[VERDICT_CROSSOVER], "From 4 MiB on");
	/* no quartiles in the fixture: the 5 % minimum alone, and it says so */
	assert_contains(v->text[VERDICT_CROSSOVER], "60.0 us against 50.0 us [outside the "
			"noise: > 5.00 %, noise not recorded] (at 64 KiB streaming was still cheaper");
	/* wc: 1000 + 500/page; uc: 2000 + 1000/page */
	near(v->page_ns[VK_WC], 500);
	near(v->call_ns[VK_WC], 1000);
	near(v->page_ns[VK_UC], 1000);
	near(v->call_ns[VK_UC], 2000);
	assert_contains(v->text[VERDICT_CACHING], "To wc: 500 ns per page plus 1.00 us "
			"per call (line through the 4 KiB and 1 MiB switches).");
	/* no pool rows in this fixture: the old two-point estimate is gone */
	assert_int_equal(v->pool_allocs[VK_WC], 0);
	assert_int_equal(v->pool_allocs[VK_UC], 0);
	assert_contains(v->text[VERDICT_CACHING], "A wc pool: not measured in this run.");
	assert_null(strstr(v->text[VERDICT_CACHING], "switches 1 MiB at once"));
	/* no set_memory_* rows (a run from before CACHING_RANGE): said, no figure */
	assert_contains(v->text[VERDICT_CACHING], "The range form for wc (set_memory_wc on one "
			"contiguous run): not measured in this run.");
	assert_int_equal(v->range_size[VK_UC], 0);
	assert_true(isnan(v->range_ratio[VK_UC]));
	/* reads: 8 / 0.5 = 16x, stream 6 / 8 = 75 %; 8 / 0.25 = 32x, 3.1 % */
	near(v->read_slowdown[VK_WC], 16);
	near(v->stream_share[VK_WC], 0.75);
	near(v->read_slowdown[VK_UC], 32);
	near(v->stream_share[VK_UC], 0.03125);
	assert_contains(v->text[VERDICT_WC_READ], "Reads through wc (4 MiB) run at 0.500 GB/s "
			"against 8.00 GB/s cached (4 MiB; the last-level cache is not "
			"recorded, so whether that is DRAM-sized is unknown): 16.0x slower "
			"[outside the noise: > 5.00 %, noise not recorded]. Streaming loads "
			"(MOVNTDQA) reach 6.00 GB/s, 75.0 % of cached reads: they recover "
			"part of it");
	assert_contains(v->text[VERDICT_WC_READ], "3.12 % of cached reads: they do not "
			"recover it");
	free(v);
}

static void test_swiotlb(void **state)
{
	struct verdict *v = verdict_of("swiotlb");

	(void)state;
	assert_int_equal(v->coherent, 0);
	assert_contains(v->text[VERDICT_COHERENCE], "Streaming DMA is NOT coherent");
	assert_contains(v->text[VERDICT_COHERENCE], "swiotlb on): swiotlb bounces");
	assert_contains(v->text[VERDICT_COHERENCE], "The largest streaming mapping is 256 KiB.");
	near(v->sync_dev_ns[0], 3000);		/* 30 x direct */
	assert_true(isnan(v->sync_dev_ns[3]));	/* 16M skipped */
	assert_contains(v->text[VERDICT_SYNC], "16 MiB: not measured in this run (see Skipped).");
	/* streaming 10000 > coherent 1500 already at 64K */
	assert_int_equal(v->crossover, 65536);
	assert_contains(v->text[VERDICT_CROSSOVER], "(already at the smallest size measured)");
	/* "verify": streaming, wc and uc stale (bounced), noncoherent not */
	assert_int_equal(v->observed, 0);
	assert_int_equal(v->stale_kinds, 3);
	assert_int_equal(v->sync_kinds, 4);
	assert_contains(v->text[VERDICT_COHERENCE], "The device's own DMA (edu 0000:00:01.0) "
			"agrees: without dma_sync_*_for_cpu() the CPU read stale data in 3 of "
			"4 kinds that sync (streaming, wc and uc).");
	assert_null(strstr(v->text[VERDICT_COHERENCE], "contradicts"));
	free(v);
}

static struct verdict *verdict_edited(const char *name, void (*edit)(json_t *doc))
{
	struct verdict *v = malloc(sizeof(*v));
	struct rd_run run;
	char why[512];

	assert_non_null(v);
	assert_int_equal(rd_load(fixture(name), &run, why, sizeof(why)), 0);
	edit(run.doc);
	verdict_compute(&run, v);
	rd_free(&run);
	return v;
}

static void drop_verify(json_t *doc)
{
	json_object_del(doc, "verify");
}

/* The device saw stale data where the flags promised coherence; wc failed. */
static void contradict(json_t *doc)
{
	json_t *v = json_object_get(doc, "verify"), *kinds = json_object_get(v, "kinds");

	json_object_set_new(v, "streaming_coherent_observed", json_false());
	json_object_set_new(json_object_get(kinds, "streaming"), "stale_without_sync",
			    json_true());
	json_object_set_new(json_object_get(kinds, "wc"), "roundtrip", json_string("failed"));
}

static void test_observed(void **state)
{
	struct verdict *v = verdict_edited("direct", drop_verify);

	(void)state;
	assert_int_equal(v->observed, -1);
	assert_contains(v->text[VERDICT_COHERENCE], "The device's own DMA did not check "
			"this in this run (no \"verify\"");
	free(v);
	v = verdict_edited("direct", contradict);
	assert_int_equal(v->observed, 0);
	assert_contains(v->text[VERDICT_COHERENCE], "(edu 0000:00:01.0) disagrees: without "
			"dma_sync_*_for_cpu() the CPU read stale data in 1 of 4 kinds that sync "
			"(streaming). That contradicts the prediction from the DMA API's flags: "
			"trust the device. With the syncs, its round trips FAILED in wc (ok in 4 "
			"of 5 kinds): see Errors.");
	free(v);
}

/* A run without any of it: every part says so, no NaN leaks into a sentence. */
static void test_nothing_measured(void **state)
{
	struct verdict *v = malloc(sizeof(*v));
	struct rd_run run;
	char why[256];

	(void)state;
	assert_int_equal(rd_from_json(json_pack("{s:s, s:[]}", "schema", "dmabench/1",
						"results"), "empty", &run, why,
				      sizeof(why)), 0);
	verdict_compute(&run, v);
	assert_int_equal(v->coherent, -1);
	assert_contains(v->text[VERDICT_COHERENCE], "did not record whether");
	assert_contains(v->text[VERDICT_COHERENCE], "did not check this in this run");
	assert_int_equal(v->observed, -1);
	assert_contains(v->text[VERDICT_SYNC], "4 KiB: not measured in this run");
	assert_contains(v->text[VERDICT_CROSSOVER], "Not measured");
	assert_contains(v->text[VERDICT_CACHING], "wc: not measured in this run.");
	assert_contains(v->text[VERDICT_WC_READ], "uc: not measured in this run.");
	for (int p = 0; p < VERDICT_COUNT; p++) {
		assert_null(strstr(v->text[p], "nan"));
		assert_null(strstr(v->text[p], "n/a"));
	}
	rd_free(&run);
	free(v);
}

/* Streaming cheaper at every size compared: "none in range". */
static void test_no_crossover(void **state)
{
	struct verdict *v = malloc(sizeof(*v));
	struct rd_run run;
	char why[256];
	json_t *doc = json_pack("{s:s, s:[{s:s,s:s,s:s,s:i,s:{s:f}}, {s:s,s:s,s:s,s:i,s:{s:f}},"
				"{s:s,s:s,s:s,s:i,s:{s:f}}, {s:s,s:s,s:s,s:i,s:{s:f}}]}",
				"schema", "dmabench/1", "results",
				"test", "transfer", "kind", "streaming", "op", "total",
				"size", 65536, "stats", "p50", 100.0,
				"test", "transfer", "kind", "coherent", "op", "total",
				"size", 65536, "stats", "p50", 200.0,
				"test", "transfer", "kind", "streaming", "op", "total",
				"size", 1048576, "stats", "p50", 1000.0,
				"test", "transfer", "kind", "coherent", "op", "total",
				"size", 1048576, "stats", "p50", 1000.0);

	(void)state;
	assert_non_null(doc);
	assert_int_equal(rd_from_json(doc, "none", &run, why, sizeof(why)), 0);
	verdict_compute(&run, v);
	assert_int_equal(v->crossover, 0);
	assert_string_equal(v->text[VERDICT_CROSSOVER], "None in range: from 64 KiB to "
			    "1 MiB a streaming round trip (fill, sync for the device, sync "
			    "for the CPU, read) never costs measurably more than the same "
			    "work in a coherent buffer (a difference counts above 5.00 %: "
			    "noise not recorded).");
	rd_free(&run);
	free(v);
}

/*
 * Two runs of the same thing, differing only by noise: rows with a 10 %
 * within-run spread (IQR / p50), figures that move by a few % between the
 * runs, and differences that flip sign with it.  The verdicts must make the
 * same claims; only their figures may differ (digits masked).
 */
static void row(json_t *rows, const char *test, const char *kind, const char *op,
		uint64_t size, const char *dir, const char *cache, unsigned int batch,
		double p50, double gbps)
{
	json_t *it = json_pack("{s:s, s:s?, s:s, s:I, s:s?, s:s?, s:i, s:s, s:i,"
			       " s:{s:i, s:f, s:f, s:f, s:f, s:f}}",
			       "test", test, "kind", kind, "op", op, "size", (json_int_t)size,
			       "dir", dir, "cache", cache, "batch", (int)batch, "unit", "ns",
			       "threads", 1, "stats", "n", 200, "min", p50 * 0.8, "p25",
			       p50 * 0.95, "p50", p50, "p75", p50 * 1.05, "max", p50 * 2);

	assert_non_null(it);
	if (gbps > 0)
		json_object_set_new(it, "gbps", json_real(gbps));
	json_array_append_new(rows, it);
}

/* @j: 0 or 1, the run; each figure moves by +-@wobble between them. */
static json_t *noisy_run(int j)
{
	double w = j ? 1.0 : -1.0;
	json_t *rows = json_array();
	json_t *doc;

	/* sync at 4 KiB: per-op 129 ns (under 20 x the 54 ns floor), batched 66 */
	row(rows, "sync", "streaming", "sync_for_device", 4096, "to", "hot", 1, 129 + 2 * w, 0);
	row(rows, "sync", "streaming", "sync_for_device", 4096, "to", "hot", 156, 66 + w, 0);
	row(rows, "sync", "streaming", "sync_for_cpu", 4096, "from", "hot", 1, 130 - 2 * w, 0);
	row(rows, "sync", "streaming", "sync_for_cpu", 4096, "from", "hot", 150, 67 - w, 0);
	/* a 4 KiB copy at ~3 GB/s: the pair is ~10 % of it either way */
	row(rows, "baseline", "cached", "copy_in", 65536, NULL, NULL, 1,
	    65536 / (3.0 + 0.1 * w), 3.0 + 0.1 * w);
	/* round trips: 64 KiB and 1 MiB flip with the noise, 16 MiB costs 1.6x */
	row(rows, "transfer", "streaming", "total", 65536, "bidi", NULL, 1, 1000 + 15 * w, 0);
	row(rows, "transfer", "coherent", "total", 65536, "bidi", NULL, 1, 1000 - 15 * w, 0);
	row(rows, "transfer", "streaming", "total", 1048576, "bidi", NULL, 1, 10000 - 250 * w, 0);
	row(rows, "transfer", "coherent", "total", 1048576, "bidi", NULL, 1, 10000 + 250 * w, 0);
	row(rows, "transfer", "streaming", "total", 16777216, "bidi", NULL, 1, 160000 + 3000 * w, 0);
	row(rows, "transfer", "coherent", "total", 16777216, "bidi", NULL, 1, 100000 - 2000 * w, 0);
	/* caching: 4 KiB and 1 MiB switches, clearly apart */
	row(rows, "caching", "wc", "set_wc", 4096, NULL, NULL, 1, 3000 + 60 * w, 0);
	row(rows, "caching", "wc", "set_wb", 4096, NULL, NULL, 1, 2000 - 40 * w, 0);
	row(rows, "caching", "wc", "set_wc", 1048576, NULL, NULL, 1, 300000 + 5000 * w, 0);
	row(rows, "caching", "wc", "set_wb", 1048576, NULL, NULL, 1, 200000 - 5000 * w, 0);
	/* WC reads at 64 MiB (4 x the 16 MiB L3): 1.08x vs 1.12x the cached time */
	row(rows, "baseline", "cached", "read", 67108864, NULL, NULL, 1, 67108864 / 5.0, 5.0);
	row(rows, "user_access", "wc", "read", 67108864, NULL, NULL, 1,
	    67108864 / (5.0 / (1.10 + 0.02 * w)), 5.0 / (1.10 + 0.02 * w));
	row(rows, "user_access", "wc", "stream_load", 67108864, NULL, NULL, 1,
	    67108864 / (5.0 / (1.10 - 0.02 * w)), 5.0 / (1.10 - 0.02 * w));
	doc = json_pack("{s:s, s:b, s:{s:{s:{s:I}}, s:{s:b}}, s:{s:i, s:f}, s:o}",
			"schema", "dmabench/1", "complete", 1,
			"platform", "topology", "caches", "l3", (json_int_t)16777216,
			"info", "streaming_coherent", 1,
			"floor", "n", 300, "p50", 54.0, "results", rows);
	assert_non_null(doc);
	return doc;
}

/*
 * Digits (and the points between them) masked, and a time's unit after
 * them ("# us" and "# ns" alike, 990 ns and 1.01 us being the same figure
 * under noise): the claims, not the figures.
 */
static void mask_figures(char *s)
{
	char *out = s;

	for (const char *p = s; *p; p++) {
		if (out > s && out[-1] == '#' && p[0] == ' ' && strchr("nums", p[1]) &&
		    p[2] == 's' && !isalpha((unsigned char)p[3])) {
			memcpy(out, " #s", 3);
			out += 3;
			p += 2;
			continue;
		}
		bool digit = (*p >= '0' && *p <= '9') ||
			     (*p == '.' && p[1] >= '0' && p[1] <= '9' && out > s &&
			      out[-1] == '#');

		if (!digit)
			*out++ = *p;
		else if (out == s || out[-1] != '#')
			*out++ = '#';
	}
	*out = '\0';
}

static void test_same_claims_under_noise(void **state)
{
	struct verdict *v[2];
	char why[256];

	(void)state;
	for (int j = 0; j < 2; j++) {
		struct rd_run run;

		v[j] = malloc(sizeof(*v[j]));
		assert_non_null(v[j]);
		assert_int_equal(rd_from_json(noisy_run(j), "noisy", &run, why, sizeof(why)), 0);
		verdict_compute(&run, v[j]);
		rd_free(&run);
	}
	for (int p = 0; p < VERDICT_COUNT; p++) {
		mask_figures(v[0]->text[p]);
		mask_figures(v[1]->text[p]);
		assert_string_equal(v[0]->text[p], v[1]->text[p]);
	}
	/* the true difference stays: from 16 MiB on, at the rows' own noise */
	assert_int_equal(v[0]->crossover, 16777216);
	assert_contains(v[0]->text[VERDICT_CROSSOVER], "From # MiB on");
	assert_contains(v[0]->text[VERDICT_CROSSOVER], "at # MiB: no measurable difference "
			"at this noise (# %: # % within-run spread, no repetitions), so the crossover "
			"lies between the two)");
	assert_contains(v[0]->text[VERDICT_WC_READ], "no slower");
	free(v[0]);
	free(v[1]);
}

/*
 * The 64 KiB sync claim agrees with the round trip of the same page: its
 * syncs are the round trip's, and where the syncs alone differ, it says so
 * and why (the shipped direct run: 697 + 696 ns inside, 121 + 121 alone).
 */
static void test_sync_vs_coherent(void **state)
{
	struct verdict *v = malloc(sizeof(*v));
	json_t *rows = json_array(), *doc;
	struct verdict_claim c[16];
	struct rd_run run;
	char why[256];
	size_t n;

	(void)state;
	assert_non_null(v);
	row(rows, "transfer", "streaming", "total", 65536, "bidi", NULL, 1, 20867, 0);
	row(rows, "transfer", "coherent", "total", 65536, "bidi", NULL, 1, 21844, 0);
	row(rows, "transfer", "streaming", "sync_for_device", 65536, "bidi", NULL, 1, 697, 0);
	row(rows, "transfer", "streaming", "sync_for_cpu", 65536, "bidi", NULL, 1, 696, 0);
	row(rows, "sync", "streaming", "sync_for_device", 65536, "to", "hot", 51, 121, 0);
	row(rows, "sync", "streaming", "sync_for_cpu", 65536, "from", "hot", 52, 121, 0);
	doc = json_pack("{s:s, s:b, s:{s:b, s:s, s:{s:b}}, s:{s:i, s:f}, s:o}",
			"schema", "dmabench/1", "complete", 1, "platform", "lab", 1,
			"cpu_model", "QEMU TCG CPU version 2.5+", "info",
			"streaming_coherent", 1, "floor", "n", 300, "p50", 54.0,
			"results", rows);
	assert_int_equal(rd_from_json(doc, "rt", &run, why, sizeof(why)), 0);
	verdict_compute(&run, v);
	assert_contains(v->text[VERDICT_SYNC], "A 64 KiB round trip (fill, sync for the "
			"device, sync for the CPU, read) takes 20.9 us in a streaming buffer "
			"and 21.8 us in a coherent one: no measurable difference");
	assert_contains(v->text[VERDICT_SYNC], " Its two syncs take 1.39 us of that; a "
			"coherent buffer needs none.");
	assert_contains(v->text[VERDICT_SYNC], " Alone, the same pair takes 242 ns (below): "
			"the round trip times each sync once");
	near(v->rt_sync_ns, 1393);
	/* one claim a sentence; the emulated timing said beside the round trip */
	n = verdict_claims(v, VERDICT_SYNC, c, 16);
	assert_int_equal(n, 4);
	assert_int_equal(strncmp(c[0].text, "A 64 KiB round trip", 19), 0);
	assert_non_null(c[0].caveat);
	assert_contains(c[0].caveat, "TCG");
	assert_null(c[1].caveat);
	assert_int_equal(strncmp(c[1].text, "Its two syncs", 13), 0);
	assert_int_equal(c[1].text[c[1].len - 1], '.');
	rd_free(&run);
	free(v);
}

/* Under TCG every WC/UC read claim carries its caveat; elsewhere none does. */
static void test_tcg_caveat_beside_wc_claim(void **state)
{
	struct verdict *v = verdict_of("direct");	/* a lab run */
	struct verdict_claim c[16];
	size_t n = verdict_claims(v, VERDICT_WC_READ, c, 16), wc = 0;
	struct rd_run run;
	char why[256];

	(void)state;
	for (size_t i = 0; i < n; i++) {
		char s[1024];

		snprintf(s, sizeof(s), "%.*s", (int)c[i].len, c[i].text);
		if (!strstr(s, "GB/s"))
			continue;	/* the part's lead-in */
		wc++;
		assert_non_null(c[i].caveat);
		assert_contains(c[i].caveat, "no write-combining");
	}
	assert_int_equal(wc, 4);	/* wc and uc: reads, streaming loads */
	free(v);
	v = malloc(sizeof(*v));
	assert_non_null(v);
	assert_int_equal(rd_from_json(noisy_run(0), "noisy", &run, why, sizeof(why)), 0);
	verdict_compute(&run, v);
	n = verdict_claims(v, VERDICT_WC_READ, c, 16);
	assert_true(n > 0);
	for (size_t i = 0; i < n; i++)
		assert_null(c[i].caveat);
	rd_free(&run);
	free(v);
}

/*
 * The measured pool (test "pool") at 1 MiB, rows with a 10 % IQR: wc fresh
 * 200 + 150 us, hit 40 + 60 us: a hit saves 250 us, filling costs one fresh
 * 350 us -> ceil(1.4) = 2 allocations.  uc fresh 400 + 300 = 700 us, hit
 * 50 + 640 = 690 us (the clear through UC): inside the noise, no N.
 */
static void test_pool_pays_measured(void **state)
{
	json_t *rows = json_array();
	struct verdict *v = malloc(sizeof(*v));
	struct rd_run run;
	char why[256];
	json_t *doc;

	(void)state;
	assert_non_null(v);
	row(rows, "pool", "wc", "pool_fresh", 1048576, NULL, NULL, 1, 200000, 0);
	row(rows, "pool", "wc", "pool_fresh_free", 1048576, NULL, NULL, 1, 150000, 0);
	row(rows, "pool", "wc", "pool_hit", 1048576, NULL, NULL, 1, 40000, 0);
	row(rows, "pool", "wc", "pool_hit_give", 1048576, NULL, NULL, 1, 60000, 0);
	/* a smaller size too: the sentence takes the largest with all four rows */
	row(rows, "pool", "wc", "pool_fresh", 65536, NULL, NULL, 1, 20000, 0);
	row(rows, "pool", "wc", "pool_fresh_free", 65536, NULL, NULL, 1, 15000, 0);
	row(rows, "pool", "wc", "pool_hit", 65536, NULL, NULL, 1, 4000, 0);
	row(rows, "pool", "wc", "pool_hit_give", 65536, NULL, NULL, 1, 6000, 0);
	/* 4 MiB without its hit rows: not the size quoted */
	row(rows, "pool", "wc", "pool_fresh", 4194304, NULL, NULL, 1, 800000, 0);
	row(rows, "pool", "uc", "pool_fresh", 1048576, NULL, NULL, 1, 400000, 0);
	row(rows, "pool", "uc", "pool_fresh_free", 1048576, NULL, NULL, 1, 300000, 0);
	row(rows, "pool", "uc", "pool_hit", 1048576, NULL, NULL, 1, 50000, 0);
	row(rows, "pool", "uc", "pool_hit_give", 1048576, NULL, NULL, 1, 640000, 0);
	doc = json_pack("{s:s, s:b, s:{s:{s:b}}, s:{s:i, s:f}, s:o}", "schema", "dmabench/1",
			"complete", 1, "platform", "info", "streaming_coherent", 1,
			"floor", "n", 300, "p50", 54.0, "results", rows);
	assert_non_null(doc);
	assert_int_equal(rd_from_json(doc, "pool", &run, why, sizeof(why)), 0);
	verdict_compute(&run, v);
	assert_int_equal(v->pool_allocs[VK_WC], 2);
	assert_contains(v->text[VERDICT_CACHING], "A wc pool pays for itself after 2 "
			"allocations of 1 MiB: a pool hit costs 100 us there and back against "
			"350 us for a fresh allocation [outside the noise");
	assert_int_equal(v->pool_allocs[VK_UC], 0);
	assert_contains(v->text[VERDICT_CACHING], "A uc allocation of 1 MiB from a fresh "
			"pool miss (700 us there and back) and from a pool hit (690 us): no "
			"measurable difference");
	assert_null(strstr(v->text[VERDICT_CACHING], "uc pool pays"));
	rd_free(&run);
	free(v);
}

/* The last row added gets @entries (CACHING's pages a call). */
static void with_entries(json_t *rows, unsigned int entries)
{
	json_object_set_new(json_array_get(rows, json_array_size(rows) - 1), "entries",
			    json_integer(entries));
}

static json_t *caching_doc(json_t *rows, bool lab)
{
	json_t *doc = json_pack("{s:s, s:b, s:{s:b, s:s, s:{s:b, s:i}}, s:{s:i, s:f}, s:o}",
				"schema", "dmabench/1", "complete", 1, "platform", "lab", lab,
				"cpu_model", lab ? "QEMU TCG CPU version 2.5+" : "Intel(R) Xeon(R)",
				"info", "streaming_coherent", 1, "page_size", 4096,
				"floor", "n", 300, "p50", 54.0, "results", rows);

	assert_non_null(doc);
	return doc;
}

/* The claim of @part that starts with @start, or fail. */
static const struct verdict_claim *claim(const struct verdict *v, enum verdict_part part,
					 const char *start, struct verdict_claim *c, size_t max)
{
	size_t n = verdict_claims(v, part, c, max);

	for (size_t i = 0; i < n; i++)
		if (!strncmp(c[i].text, start, strlen(start)))
			return &c[i];
	fail_msg("no claim starting \"%s\" in: %s", start, v->text[part]);
	return NULL;
}

/*
 * The range form (set_memory_* on one contiguous run) against the array
 * form (set_pages_array_* on its pages, one call each way), there and
 * back, at the largest size with both, rows with a 10 % IQR:
 *  - wc at 4 MiB, where the array's one call is caching_batches' 1024
 *    pages a call (not its 256, which would say otherwise): range 300 +
 *    200 us, array 900 + 600 us -> 3.00x faster; 1 MiB and 64 KiB are not
 *    the sizes quoted.
 *  - uc at 1 MiB: 700 us against 710 us, inside the noise.
 */
static void test_range_vs_array(void **state)
{
	struct verdict *v = malloc(sizeof(*v));
	struct verdict_claim c[32];
	const struct verdict_claim *wc;
	json_t *rows = json_array();
	struct rd_run run;
	char why[256];

	(void)state;
	assert_non_null(v);
	row(rows, "caching", "wc", "set_wc", 65536, NULL, NULL, 1, 30000, 0);
	row(rows, "caching", "wc", "set_wb", 65536, NULL, NULL, 1, 20000, 0);
	row(rows, "caching", "wc", "set_wc", 1048576, NULL, NULL, 1, 300000, 0);
	row(rows, "caching", "wc", "set_wb", 1048576, NULL, NULL, 1, 200000, 0);
	row(rows, "caching", "wc", "set_wc", 4194304, NULL, NULL, 1, 5000000, 0);
	with_entries(rows, 256);
	row(rows, "caching", "wc", "set_wb", 4194304, NULL, NULL, 1, 100000, 0);
	with_entries(rows, 256);
	row(rows, "caching", "wc", "set_wc", 4194304, NULL, NULL, 1, 900000, 0);
	with_entries(rows, 1024);
	row(rows, "caching", "wc", "set_wb", 4194304, NULL, NULL, 1, 600000, 0);
	with_entries(rows, 1024);
	row(rows, "caching", "wc", "set_memory_wc", 65536, NULL, NULL, 1, 30000, 0);
	row(rows, "caching", "wc", "set_memory_wb", 65536, NULL, NULL, 1, 20000, 0);
	row(rows, "caching", "wc", "set_memory_wc", 1048576, NULL, NULL, 1, 100000, 0);
	row(rows, "caching", "wc", "set_memory_wb", 1048576, NULL, NULL, 1, 100000, 0);
	row(rows, "caching", "wc", "set_memory_wc", 4194304, NULL, NULL, 1, 300000, 0);
	row(rows, "caching", "wc", "set_memory_wb", 4194304, NULL, NULL, 1, 200000, 0);
	/* uc: 16 MiB has the array form only (no run that large): not compared */
	row(rows, "caching", "uc", "set_uc", 1048576, NULL, NULL, 1, 410000, 0);
	row(rows, "caching", "uc", "set_wb", 1048576, NULL, NULL, 1, 300000, 0);
	row(rows, "caching", "uc", "set_uc", 16777216, NULL, NULL, 1, 9000000, 0);
	row(rows, "caching", "uc", "set_wb", 16777216, NULL, NULL, 1, 6000000, 0);
	row(rows, "caching", "uc", "set_memory_uc", 1048576, NULL, NULL, 1, 400000, 0);
	row(rows, "caching", "uc", "set_memory_wb", 1048576, NULL, NULL, 1, 300000, 0);
	assert_int_equal(rd_from_json(caching_doc(rows, false), "range", &run, why, sizeof(why)),
			 0);
	verdict_compute(&run, v);
	assert_int_equal(v->range_size[VK_WC], 4194304);
	near(v->range_ratio[VK_WC], 500000.0 / 1500000.0);
	assert_contains(v->text[VERDICT_CACHING], " To wc and back at 4 MiB, one contiguous "
			"range (set_memory_wc, set_memory_wb) takes 500 us against 1.50 ms for its "
			"1024 pages as an array (set_pages_array_wc, set_pages_array_wb, one call "
			"each): the range form is 3.00x faster [outside the noise: > ");
	assert_int_equal(v->range_size[VK_UC], 1048576);
	near(v->range_ratio[VK_UC], 700000.0 / 710000.0);
	assert_contains(v->text[VERDICT_CACHING], " To uc and back at 1 MiB, one contiguous "
			"range (set_memory_uc, set_memory_wb) takes 700 us against 710 us for its "
			"256 pages as an array (set_pages_array_uc, set_pages_array_wb, one call "
			"each): no measurable difference at this noise");
	assert_null(strstr(v->text[VERDICT_CACHING], "range form is 1."));
	/* beside the fit of the same kind, one claim each; no caveat off the lab */
	wc = claim(v, VERDICT_CACHING, "To wc and back", c, 32);
	assert_null(wc->caveat);
	assert_int_equal(wc->text[wc->len - 1], '.');
	assert_true(strstr(v->text[VERDICT_CACHING], "To wc and back") <
		    strstr(v->text[VERDICT_CACHING], "To uc:"));
	rd_free(&run);

	/* the same rows in a lab run: the switch's TCG caveat beside each */
	rows = json_array();
	row(rows, "caching", "wc", "set_wc", 1048576, NULL, NULL, 1, 300000, 0);
	row(rows, "caching", "wc", "set_wb", 1048576, NULL, NULL, 1, 200000, 0);
	row(rows, "caching", "wc", "set_memory_wc", 1048576, NULL, NULL, 1, 100000, 0);
	row(rows, "caching", "wc", "set_memory_wb", 1048576, NULL, NULL, 1, 100000, 0);
	assert_int_equal(rd_from_json(caching_doc(rows, true), "range-lab", &run, why,
				      sizeof(why)), 0);
	verdict_compute(&run, v);
	wc = claim(v, VERDICT_CACHING, "To wc and back at 1 MiB", c, 32);
	assert_non_null(wc->caveat);
	assert_contains(wc->caveat, "Under TCG the cache flush a switch implies is emulated");
	assert_contains(v->text[VERDICT_CACHING], "2.50x faster");
	assert_contains(v->text[VERDICT_CACHING], "The range form for uc (set_memory_uc on one "
			"contiguous run): not measured in this run.");
	rd_free(&run);
	free(v);
}

/*
 * At 4 KiB both halves are under 20x the 54 ns floor: the batched pairs
 * are quoted (700 ns against 1.50 us), not the per-op sums (1.00 us
 * against 1.90 us).
 */
static void test_range_floor_bound_is_batched(void **state)
{
	struct verdict *v = malloc(sizeof(*v));
	json_t *rows = json_array();
	struct rd_run run;
	char why[256];

	(void)state;
	assert_non_null(v);
	row(rows, "caching", "wc", "set_wc", 4096, NULL, NULL, 1, 1000, 0);
	row(rows, "caching", "wc", "set_wb", 4096, NULL, NULL, 1, 900, 0);
	row(rows, "caching", "wc", "set_wc+set_wb", 4096, NULL, NULL, 20, 1500, 0);
	row(rows, "caching", "wc", "set_memory_wc", 4096, NULL, NULL, 1, 500, 0);
	row(rows, "caching", "wc", "set_memory_wb", 4096, NULL, NULL, 1, 500, 0);
	row(rows, "caching", "wc", "set_memory_wc+set_memory_wb", 4096, NULL, NULL, 29, 700, 0);
	assert_int_equal(rd_from_json(caching_doc(rows, false), "range-floor", &run, why,
				      sizeof(why)), 0);
	verdict_compute(&run, v);
	near(v->range_ratio[VK_WC], 700.0 / 1500.0);
	assert_contains(v->text[VERDICT_CACHING], "takes 700 ns (batched, floor 54.0 ns excluded) "
			"against 1.50 us (batched, floor 54.0 ns excluded) for its 1 page as an "
			"array");
	assert_contains(v->text[VERDICT_CACHING], "the range form is 2.14x faster");
	rd_free(&run);
	free(v);
}

/* The sync figures a verdict quotes are the batched ones where per-op is floor-bound. */
static void test_floor_bound_sync_is_batched(void **state)
{
	struct verdict *v = malloc(sizeof(*v));
	struct rd_run run;
	char why[256];

	(void)state;
	assert_non_null(v);
	assert_int_equal(rd_from_json(noisy_run(0), "noisy", &run, why, sizeof(why)), 0);
	verdict_compute(&run, v);
	near(v->sync_dev_ns[0], 65);		/* not the per-op 127 */
	near(v->sync_cpu_ns[0], 68);
	assert_contains(v->text[VERDICT_SYNC], "4 KiB: for the device 65.0 ns (batched, "
			"floor 54.0 ns excluded), for the CPU 68.0 ns (batched, floor 54.0 ns "
			"excluded)");
	/* WC reads held against the DRAM-sized cached read, named as such */
	assert_contains(v->text[VERDICT_WC_READ], "cached (64 MiB, DRAM-sized: at least 4x "
			"the 16 MiB L3)");
	rd_free(&run);
	free(v);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_direct_coherence_and_sync),
		cmocka_unit_test(test_direct_crossover_caching_reads),
		cmocka_unit_test(test_pool_pays_measured),
		cmocka_unit_test(test_range_vs_array),
		cmocka_unit_test(test_range_floor_bound_is_batched),
		cmocka_unit_test(test_swiotlb),
		cmocka_unit_test(test_observed),
		cmocka_unit_test(test_nothing_measured),
		cmocka_unit_test(test_no_crossover),
		cmocka_unit_test(test_same_claims_under_noise),
		cmocka_unit_test(test_floor_bound_sync_is_batched),
		cmocka_unit_test(test_sync_vs_coherent),
		cmocka_unit_test(test_tcg_caveat_beside_wc_claim),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
