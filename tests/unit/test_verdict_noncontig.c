// SPDX-License-Identifier: GPL-2.0
/*
 * report/verdict_noncontig.c: the rows it picks (the largest size both
 * kinds have, hot syncs to the device), what it says the API is on each
 * IOMMU mode, and differences said only outside the noise.
 */
#include "unit.h"
#include "report_util.h"

#include <math.h>
#include <stdbool.h>
#include <stdio.h>

#include "report/verdict.h"
#include "report/verdict_noncontig.h"

static char out[2048];

/* A row as suites/kernel.c writes it; @spread is (p75 - p25) / p50. */
static void row(json_t *rows, const char *test, const char *kind, const char *op,
		uint64_t size, double p50, double spread)
{
	bool sync = !strcmp(test, "sync");
	json_t *it = json_pack("{s:s, s:s, s:s, s:I, s:s, s:s?, s:i, s:s, s:i,"
			       " s:{s:i, s:f, s:f, s:f, s:f, s:f}}",
			       "test", test, "kind", kind, "op", op, "size", (json_int_t)size,
			       "dir", sync ? "to" : "bidi", "cache", sync ? "hot" : NULL,
			       "batch", 1, "unit", "ns", "threads", 1,
			       "stats", "n", 60, "min", p50 * 0.9, "p25", p50 * (1 - spread / 2),
			       "p50", p50, "p75", p50 * (1 + spread / 2), "max", p50 * 1.5);

	assert_non_null(it);
	json_array_append_new(rows, it);
}

/*
 * Both kinds at 64 KiB and 1 MiB, noncontig alone at 16 MiB (dma-direct
 * cannot give it contiguously): the 1 MiB alloc 3x noncoherent's, the free
 * 2 % apart, the hot 1 MiB sync for the device @sync_nc against 800 ns.
 */
static struct rd_run *run_of(const char *iommu, double sync_nc, double spread)
{
	static struct rd_run run;
	json_t *rows = json_array();
	char why[256];

	row(rows, "alloc_free", "noncontig", "alloc", 64 << 10, 50000, spread);
	row(rows, "alloc_free", "noncoherent", "alloc", 64 << 10, 40000, spread);
	row(rows, "alloc_free", "noncontig", "alloc", 1 << 20, 900000, spread);
	row(rows, "alloc_free", "noncontig", "free", 1 << 20, 51000, spread);
	row(rows, "alloc_free", "noncoherent", "alloc", 1 << 20, 300000, spread);
	row(rows, "alloc_free", "noncoherent", "free", 1 << 20, 50000, spread);
	row(rows, "alloc_free", "noncontig", "alloc", 16 << 20, 9000000, spread);
	row(rows, "sync", "noncontig", "sync_for_device", 1 << 20, 800, spread);
	row(rows, "sync", "noncoherent", "sync_for_device", 1 << 20, sync_nc, spread);
	assert_int_equal(rd_from_json(json_pack("{s:s, s:{s:{s:s}}, s:o}", "schema",
						"dmabench/1", "platform", "info", "iommu", iommu,
						"results", rows), "noncontig", &run, why,
				      sizeof(why)), 0);
	return &run;
}

static void test_sentences(void **state)
{
	struct rd_run *run = run_of("strict", 790, 0.10);
	struct noncontig_rows r;

	(void)state;
	noncontig_rows_of(run, &r);
	assert_int_equal(r.alloc_size, 1 << 20);	/* 16 MiB: noncontig alone */
	assert_int_equal(r.sync_size, 1 << 20);
	verdict_noncontig(&r, out, sizeof(out));
	assert_contains(out, "dma_alloc_noncontiguous() (noncontig) against dma_alloc_pages() "
			"(noncoherent), p50.");
	assert_contains(out, "Behind this IOMMU its pages are taken highest order first");
	assert_contains(out, "At 1 MiB: an alloc takes 900 us against 300 us: 3.00x slower "
			"[outside the noise:");
	/* 2 % apart at a 10 % spread: no claim either way */
	assert_contains(out, "A free takes 51.0 us against 50.0 us: no measurable difference "
			"at this noise");
	assert_contains(out, "At 1 MiB, hot: a sync for the device takes 800 ns against 790 ns: "
			"no measurable difference");
	rd_free(run);
}

/* Without a translating IOMMU the sentence says it is noncoherent's pages. */
static void test_direct_says_what_it_is(void **state)
{
	struct rd_run *run = run_of("none", 400, 0.01);
	struct noncontig_rows r;

	(void)state;
	noncontig_rows_of(run, &r);
	verdict_noncontig(&r, out, sizeof(out));
	assert_contains(out, "Without a translating IOMMU it is one contiguous dma_alloc_pages() "
			"run, the same pages as noncoherent's");
	assert_contains(out, "a sync for the device takes 800 ns against 400 ns: 2.00x slower "
			"[outside the noise:");
	rd_free(run);
}

/* The verdict's own part, after userptr's. */
static void test_in_the_verdict(void **state)
{
	struct rd_run *run = run_of("lazy", 790, 0.10);
	struct verdict *v = malloc(sizeof(*v));

	(void)state;
	assert_non_null(v);
	verdict_compute(run, v);
	assert_string_equal(verdict_title(VERDICT_NONCONTIG),
			    "What does the DMA API's buffer for non-coherent GPUs cost?");
	assert_contains(v->text[VERDICT_NONCONTIG], "At 1 MiB: an alloc takes 900 us");
	free(v);
	rd_free(run);
}

/*
 * The rows of a real lab run (tests/fixtures/report/pool: direct, dma-direct):
 * the largest size both kinds were allocated at is 1 MiB (16 MiB does not
 * come contiguous there), and the sentence says what the API is without an
 * IOMMU.
 */
static void test_real_run(void **state)
{
	struct rd_run run;
	struct noncontig_rows r;

	(void)state;
	ru_load("pool", &run);
	noncontig_rows_of(&run, &r);
	assert_int_equal(r.alloc_size, 1 << 20);
	assert_non_null(r.alloc_nc);
	verdict_noncontig(&r, out, sizeof(out));
	assert_contains(out, "Without a translating IOMMU it is one contiguous dma_alloc_pages() "
			"run");
	assert_contains(out, "At 1 MiB: an alloc takes 5.48 ms against 4.99 ms");
	rd_free(&run);
}

static void test_not_measured(void **state)
{
	struct noncontig_rows r = { 0 };

	(void)state;
	verdict_noncontig(&r, out, sizeof(out));
	assert_string_equal(out, "Not measured in this run (no noncontig row beside a "
			    "noncoherent one: the module or the kinds asked for lack it).");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sentences),
		cmocka_unit_test(test_direct_says_what_it_is),
		cmocka_unit_test(test_in_the_verdict),
		cmocka_unit_test(test_real_run),
		cmocka_unit_test(test_not_measured),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
