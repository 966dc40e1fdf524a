// SPDX-License-Identifier: GPL-2.0
/*
 * report/verdict_userptr.c on runs made here: the rows it picks (largest
 * size, the right memory), its sentences, and differences said only
 * outside the noise.
 */
#include "unit.h"

#include <math.h>
#include <stdbool.h>
#include <stdio.h>

#include "core/names.h"
#include "report/verdict.h"
#include "report/verdict_userptr.h"

static char out[2048];

/*
 * A userptr row as suites/kernel.c writes it: the memory in its note, and on
 * the first half of a pair what its counters mean after it; @spread is
 * (p75 - p25) / p50.
 */
static void row(json_t *rows, const char *op, const char *memory, uint64_t size,
		double p50, double spread)
{
	bool first = !strcmp(op, "pin") || !strcmp(op, "sgt_build") || !strcmp(op, "map");
	char note[128];
	json_t *it;

	snprintf(note, sizeof(note), "%s%s", memory,
		 first ? "; counters are per pair (both halves)" : "");
	it = json_pack("{s:s, s:s, s:s, s:I, s:s, s:s, s:i, s:s, s:i,"
			       " s:{s:i, s:f, s:f, s:f, s:f, s:f}}",
			       "test", "userptr", "kind", "userptr", "op", op,
			       "size", (json_int_t)size, "dir", "bidi", "note", note,
			       "batch", 1, "unit", "ns", "threads", 1,
			       "stats", "n", 50, "min", p50 * 0.9, "p25", p50 * (1 - spread / 2),
			       "p50", p50, "p75", p50 * (1 + spread / 2), "max", p50 * 1.5);

	assert_non_null(it);
	json_array_append_new(rows, it);
}

/*
 * 1 MiB and 16 MiB of each memory; at 16 MiB the pin costs 650 us without
 * THP, 19 us with it (34x), and 660 us from a memfd (1.5 % more: inside a
 * 10 % spread).
 */
static struct rd_run *run_of(double thp_pin, double spread)
{
	static struct rd_run run;
	json_t *rows = json_array();
	char why[256];

	row(rows, "pin", UMEM_ANON_4K, 1 << 20, 40000, spread);
	row(rows, "pin", UMEM_ANON_4K, 16 << 20, 650000, spread);
	row(rows, "unpin", UMEM_ANON_4K, 16 << 20, 100000, spread);
	row(rows, "sgt_build", UMEM_ANON_4K, 16 << 20, 50000, spread);
	row(rows, "sgt_free", UMEM_ANON_4K, 16 << 20, 10000, spread);
	row(rows, "map", UMEM_ANON_4K, 16 << 20, 300000, spread);
	row(rows, "unmap", UMEM_ANON_4K, 16 << 20, 200000, spread);
	row(rows, "pin", UMEM_ANON_THP, 16 << 20, thp_pin, spread);
	row(rows, "pin", UMEM_MEMFD, 16 << 20, 660000, spread);
	assert_int_equal(rd_from_json(json_pack("{s:s, s:o}", "schema", "dmabench/1",
						"results", rows), "userptr", &run, why,
				      sizeof(why)), 0);
	return &run;
}

static void test_sentences(void **state)
{
	struct rd_run *run = run_of(19000, 0.10);
	struct userptr_rows r;

	(void)state;
	userptr_rows_of(run, &r);
	assert_int_equal(r.size, 16 << 20);
	assert_non_null(r.pin_thp);
	assert_int_equal(strncmp(r.pin_thp->note, UMEM_ANON_THP, strlen(UMEM_ANON_THP)), 0);
	verdict_userptr(&r, out, sizeof(out));
	assert_contains(out, "Handing 16 MiB of anonymous user memory (no THP) to the "
			"device, p50: the pin 650 us, its sg table 50.0 us, the DMA map "
			"300 us: 1.00 ms in all, 65.0 % of it the pin.");
	assert_contains(out, "Undoing it (unmap, sg table free, unpin) takes 310 us.");
	assert_contains(out, "With MADV_HUGEPAGE the pin takes 19.0 us: 34.2x faster "
			"[outside the noise:");
	/* 1.5 % apart at a 10 % spread: no claim either way */
	assert_contains(out, "From a memfd (shmem) the pin takes 660 us: no measurable "
			"difference at this noise");
	rd_free(run);
}

/* A THP pin 1.3x cheaper is no finding at a 60 % spread, a clear one at 0.2 %. */
static void test_thp_claim_follows_the_noise(void **state)
{
	struct rd_run *run = run_of(500000, 0.60);
	struct userptr_rows r;

	(void)state;
	userptr_rows_of(run, &r);
	verdict_userptr(&r, out, sizeof(out));
	assert_contains(out, "With MADV_HUGEPAGE the pin takes 500 us: no measurable difference");
	rd_free(run);
	run = run_of(500000, 0.002);
	userptr_rows_of(run, &r);
	verdict_userptr(&r, out, sizeof(out));
	assert_contains(out, "With MADV_HUGEPAGE the pin takes 500 us: 1.30x faster [outside");
	rd_free(run);
}

/* The verdict's own part, with the figures kept for compare. */
static void test_in_the_verdict(void **state)
{
	struct rd_run *run = run_of(19000, 0.10);
	struct verdict *v = malloc(sizeof(*v));

	(void)state;
	assert_non_null(v);
	verdict_compute(run, v);
	assert_string_equal(verdict_title(VERDICT_USERPTR),
			    "What does handing user memory to the device cost?");
	assert_contains(v->text[VERDICT_USERPTR], "Handing 16 MiB of anonymous user memory");
	assert_int_equal(v->userptr_size, 16 << 20);
	assert_true(fabs(v->userptr_ns - 1000000) < 1e-3);
	free(v);
	rd_free(run);
}

static void test_not_measured(void **state)
{
	struct userptr_rows r = { 0 };

	(void)state;
	verdict_userptr(&r, out, sizeof(out));
	assert_string_equal(out, "Not measured in this run (the userptr test did not run "
			    "or did not finish: see Skipped and Errors).");
	assert_true(isnan(userptr_total_ns(&r)));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sentences),
		cmocka_unit_test(test_thp_claim_follows_the_noise),
		cmocka_unit_test(test_in_the_verdict),
		cmocka_unit_test(test_not_measured),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
