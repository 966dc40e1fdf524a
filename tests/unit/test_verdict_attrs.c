// SPDX-License-Identifier: GPL-2.0
/*
 * report/verdict_attrs.c: which DMA attributes changed anything, from the
 * probe (an attribute that changed nothing, one that changed the pgprot,
 * the chunks, the kernel mapping), timings said only outside the noise, a
 * TCG caveat beside every timing claim of a lab run and none beside a fact,
 * the table beneath, compare's per-platform row, and compare pairing rows
 * only with the same attributes.  The runs are hand-made: the fixtures of
 * tests/fixtures/report/make-attrs-fixtures.py and rows built here.
 */
#include "unit.h"
#include "report_util.h"

#include <math.h>
#include <stdbool.h>
#include <stdio.h>

#include "dmabench.h"
#include "report/compare_page.h"
#include "report/compare_table.h"
#include "report/verdict.h"
#include "report/verdict_attrs.h"

RU_TMPDIR("verdict-attrs")

static char out[4096];
static struct attrs_rows rows;

static const char *sentences(const char *fixture, struct rd_run *run)
{
	struct attrs_timing at[ATTRS_MAX_CLAIMS];
	size_t n;

	ru_load(fixture, run);
	attrs_rows_of(run, &rows);
	assert_true(verdict_attrs(&rows, out, sizeof(out), at, ATTRS_MAX_CLAIMS, &n) <
		    sizeof(out));
	return out;
}

/* x86 dma-direct: WRITE_COMBINE is ignored, NO_KERNEL_MAPPING gives a cookie. */
static void test_nothing_changed(void **state)
{
	struct rd_run run;

	(void)state;
	sentences("attrs-swiotlb", &run);
	assert_contains(out, "On a 1 MiB buffer against one without (BUF_INFO), "
			"DMA_ATTR_NO_KERNEL_MAPPING changed something here; DMA_ATTR_WRITE_COMBINE, "
			"DMA_ATTR_FORCE_CONTIGUOUS, DMA_ATTR_ALLOC_SINGLE_PAGES and noncontig's "
			"DMA_ATTR_ALLOC_SINGLE_PAGES changed nothing.");
	assert_contains(out, " DMA_ATTR_WRITE_COMBINE changed nothing: the user mapping kept its "
			"cached pgprot and the kernel mapping stayed in the linear map (1 physical "
			"chunk, 1 DMA segment, as without it).");
	assert_contains(out, " DMA_ATTR_NO_KERNEL_MAPPING: the DMA layer gave no kernel mapping "
			"(a cookie); its mmap was refused, as dmabench.h says of a buffer without "
			"a kernel mapping.");
	assert_contains(out, " For reference, BUF_INFO saw these user mappings: streaming cached, "
			"wc write-combined, uc uncached.");
	assert_false(attrs_changed(rows.probe[AV_WC], rows.probe[AV_PLAIN]));
	assert_true(attrs_changed(rows.probe[AV_NKM], rows.probe[AV_PLAIN]));
	rd_free(&run);
}

/*
 * A real run (the lab's iommu-strict preset, `dmabench run --tests attrs`,
 * 2026-12-03): dma-iommu honours FORCE_CONTIGUOUS and ignores
 * NO_KERNEL_MAPPING; the one alloc outside the noise is FORCE_CONTIGUOUS's.
 */
static void test_real_lab_iommu(void **state)
{
	struct rd_run run;

	(void)state;
	sentences("attrs-lab-iommu-strict", &run);
	assert_contains(out, "DMA_ATTR_FORCE_CONTIGUOUS: the kernel mapping is in the linear map "
			"instead of a vmalloc-space remap; 1 physical chunk against 256 without.");
	assert_contains(out, "DMA_ATTR_NO_KERNEL_MAPPING changed nothing: the kernel mapping "
			"stayed a vmalloc-space remap (256 physical chunks, 1 DMA segment, as "
			"without it)");
	assert_true(attrs_changed(rows.probe[AV_FC], rows.probe[AV_PLAIN]));
	assert_false(attrs_changed(rows.probe[AV_NKM], rows.probe[AV_PLAIN]));
	/* Its one timing claim outside the noise, with its n and noise. */
	assert_contains(out, "Alloc of 1 MiB coherent with DMA_ATTR_FORCE_CONTIGUOUS: x1.78 of "
			"plain (3.60 ms against 2.02 ms, n=69 and 114) [outside the noise");
	rd_free(&run);
}

/* dma-iommu: FORCE_CONTIGUOUS and ALLOC_SINGLE_PAGES change the chunks (and the kernel mapping). */
static void test_chunks_changed(void **state)
{
	struct rd_run run;

	(void)state;
	sentences("attrs-iommu", &run);
	assert_contains(out, " DMA_ATTR_FORCE_CONTIGUOUS: the kernel mapping is in the linear map "
			"instead of a vmalloc-space remap; 1 physical chunk against 37 without.");
	assert_contains(out, " DMA_ATTR_ALLOC_SINGLE_PAGES: 256 physical chunks against 37 without.");
	assert_contains(out, " For noncontig, DMA_ATTR_ALLOC_SINGLE_PAGES: 256 physical chunks "
			"against 37 without.");
	assert_contains(out, " DMA_ATTR_WRITE_COMBINE changed nothing: the user mapping kept its "
			"cached pgprot and the kernel mapping stayed a vmalloc-space remap (37 "
			"physical chunks, 1 DMA segment, as without it).");
	rd_free(&run);
}

/* ---- runs built here ------------------------------------------------------- */

static json_t *effect(const char *attr, const char *kmap, int chunks, const char *prot)
{
	return json_pack("{s:s, s:[s*], s:i, s:b, s:s, s:i, s:i, s:s, s:s}",
			 "kind", "coherent", "attrs", attr, "size", 1 << 20, "reference", 0,
			 "kmap", kmap, "phys_chunks", chunks, "dma_segments", 1,
			 "user_prot", prot, "mmap", "mapped");
}

/* An attrs alloc row; @spread is (p75 - p25) / p50. */
static json_t *alloc(const char *attr, double p50, double spread)
{
	return json_pack("{s:s, s:s, s:s, s:I, s:n, s:i, s:i, s:s, s:[s*],"
			 " s:{s:i, s:f, s:f, s:f, s:f, s:f}}",
			 "test", "attrs", "kind", "coherent", "op", "alloc",
			 "size", (json_int_t)(1 << 20), "dir", "batch", 1, "threads", 1,
			 "unit", "ns", "attrs", attr,
			 "stats", "n", 40, "min", p50 * 0.9, "p25", p50 * (1 - spread / 2),
			 "p50", p50, "p75", p50 * (1 + spread / 2), "max", p50 * 1.5);
}

/*
 * A non-coherent platform's WRITE_COMBINE (arm64-like): its user mapping
 * becomes write-combined; the alloc with NO_KERNEL_MAPPING is x0.62 of plain
 * at a within-run spread of @spread.
 */
static void built(struct rd_run *run, double spread, bool lab)
{
	json_t *effects = json_pack("[o, o]", effect(NULL, "remapped", 1, "same"),
				    effect("write_combine", "remapped", 1, "wc"));
	json_t *results = json_pack("[o, o, o]", alloc(NULL, 100000, spread),
				    alloc("no_kernel_mapping", 62000, spread),
				    alloc("write_combine", 100500, spread));
	char why[256];

	assert_non_null(effects);
	assert_non_null(results);
	assert_int_equal(rd_from_json(json_pack("{s:s, s:{s:b, s:s, s:{s:s}}, s:o, s:o}",
						"schema", "dmabench/1", "platform", "lab", lab,
						"cpu_model", "QEMU TCG CPU", "info", "iommu", "none",
						"attr_effects", effects, "results", results),
				      "built", run, why, sizeof(why)), 0);
}

static void test_pgprot_changed(void **state)
{
	struct attrs_timing at[ATTRS_MAX_CLAIMS];
	char changed[320], unchanged[320];
	struct rd_run run;
	size_t n;

	(void)state;
	built(&run, 0.05, false);
	attrs_rows_of(&run, &rows);
	verdict_attrs(&rows, out, sizeof(out), at, ATTRS_MAX_CLAIMS, &n);
	assert_contains(out, "On a 1 MiB buffer against one without (BUF_INFO), "
			"DMA_ATTR_WRITE_COMBINE changed something here.");
	assert_contains(out, " DMA_ATTR_WRITE_COMBINE: the user mapping became write-combined "
			"(pgprot_writecombine).");
	attrs_platform_words(&rows, changed, sizeof(changed), unchanged, sizeof(unchanged));
	assert_string_equal(changed, "WRITE_COMBINE: write-combined user mapping");
	assert_string_equal(unchanged, "none");
	rd_free(&run);
}

/* x0.62 at a 5 % spread is a claim, with its noise; at a 60 % spread it is none. */
static void test_timing_claims_only_outside_the_noise(void **state)
{
	struct attrs_timing at[ATTRS_MAX_CLAIMS];
	struct rd_run run;
	size_t n;

	(void)state;
	built(&run, 0.05, false);
	attrs_rows_of(&run, &rows);
	assert_int_equal(rows.alloc_size, 1 << 20);
	verdict_attrs(&rows, out, sizeof(out), at, ATTRS_MAX_CLAIMS, &n);
	assert_contains(out, " Alloc of 1 MiB coherent with DMA_ATTR_NO_KERNEL_MAPPING: x0.620 of "
			"plain (62.0 us against 100 us, n=40 and 40) [outside the noise: > 14.1 %, "
			"7.07 % within-run spread, no repetitions].");
	/* 0.5 % apart: no claim, and no ratio to misread as one */
	assert_contains(out, " Alloc of 1 MiB coherent with DMA_ATTR_WRITE_COMBINE against plain: "
			"no measurable difference at this noise");
	assert_null(strstr(out, "x1.00"));
	assert_int_equal(n, 2);
	assert_int_equal(out[at[n - 1].at - 1], '.');
	rd_free(&run);

	built(&run, 0.60, false);
	attrs_rows_of(&run, &rows);
	verdict_attrs(&rows, out, sizeof(out), at, ATTRS_MAX_CLAIMS, &n);
	assert_null(strstr(out, "x0.620"));
	assert_contains(out, " Alloc of 1 MiB coherent with DMA_ATTR_WRITE_COMBINE or "
			"DMA_ATTR_NO_KERNEL_MAPPING against plain: no measurable difference at this "
			"noise (170 %: 84.9 % within-run spread, no repetitions).");
	rd_free(&run);
}

/* A lab run: every timing claim carries TCG's caveat, no fact does. */
static void test_caveats(void **state)
{
	struct verdict *v = malloc(sizeof(*v));
	struct verdict_claim c[32];
	struct rd_run run;
	size_t n, timings = 0, wc = 0;

	(void)state;
	assert_non_null(v);
	ru_load("attrs-iommu", &run);
	verdict_compute(&run, v);
	assert_string_equal(verdict_title(VERDICT_ATTRS), "Which DMA attributes change anything here?");
	n = verdict_claims(v, VERDICT_ATTRS, c, 32);
	assert_true(n > 8);
	for (size_t i = 0; i < n; i++) {
		bool timing = !strncmp(c[i].text, "Alloc of", 8) || !strncmp(c[i].text, "Map+unmap", 9);
		bool access = !strncmp(c[i].text, "A kernel", 8);

		if (timing) {
			assert_non_null(c[i].caveat);
			assert_contains(c[i].caveat, "Lab run under TCG");
			timings++;
		} else if (access) {
			assert_non_null(c[i].caveat);
			assert_contains(c[i].caveat, "no write-combining");
			wc++;
		} else {
			assert_null(c[i].caveat);
		}
	}
	/* FORCE_CONTIGUOUS, ALLOC_SINGLE_PAGES, the other two grouped, noncontig, two maps */
	assert_int_equal(timings, 6);
	assert_int_equal(wc, 2);
	rd_free(&run);

	/* a host run: no caveat at all */
	ru_load("attrs-swiotlb", &run);
	verdict_compute(&run, v);
	n = verdict_claims(v, VERDICT_ATTRS, c, 32);
	for (size_t i = 0; i < n; i++)
		assert_null(c[i].caveat);
	free(v);
	rd_free(&run);
}

/* map+unmap: summed where both halves stand, the batched row where one is floor-bound. */
static void test_map_cost(void **state)
{
	struct rd_trip cost;
	struct rd_run run;

	(void)state;
	ru_load("attrs-swiotlb", &run);
	assert_true(attrs_map_cost(&run, "map_sg", "to", 1 << 20, 0, &cost));
	assert_false(cost.batched);
	assert_true(cost.ns == 95000);
	assert_true(fabs(cost.lo - 0.975 * 95000) < 1e-6 && fabs(cost.hi - 1.025 * 95000) < 1e-6);
	assert_true(attrs_map_cost(&run, "map_single", "to", 4096, 0, &cost));
	assert_true(cost.batched);	/* 400 ns map: under 20x the 54 ns floor */
	assert_true(cost.ns == 650);
	/* swiotlb: no 1 MiB single mapping */
	assert_false(attrs_map_cost(&run, "map_single", "to", 1 << 20, 0, &cost));
	assert_true(isnan(cost.ns));
	rd_free(&run);
}

static void test_map_sentences(void **state)
{
	struct rd_run run;

	(void)state;
	sentences("attrs-swiotlb", &run);
	assert_contains(out, " Map+unmap sg of 1 MiB streaming, to the device, with "
			"DMA_ATTR_SKIP_CPU_SYNC: x0.116 of the same with the CPU sync (11.0 us "
			"against 95.0 us, n=60 and 60) [outside the noise:");
	/* the largest size both have: 64 KiB (no 1 MiB single mapping through swiotlb) */
	assert_contains(out, " Map+unmap single of 64 KiB streaming, to the device, with "
			"DMA_ATTR_SKIP_CPU_SYNC (batched): x0.0733 of the same with the CPU sync");
	rd_free(&run);
	sentences("attrs-iommu", &run);
	assert_contains(out, " Map+unmap sg of 1 MiB streaming, to the device, with "
			"DMA_ATTR_SKIP_CPU_SYNC against the same with the CPU sync: no measurable "
			"difference at this noise");
	rd_free(&run);
}

/* A run without the attrs test says so, and has no table. */
static void test_not_measured(void **state)
{
	struct doc *d = doc_new("t");
	struct rd_run run;

	(void)state;
	sentences("direct", &run);
	assert_string_equal(out, "Not measured in this run (no attrs test: not asked for, or a "
			    "module without DMA attributes, which \"skipped\" then says).");
	attrs_table(d, &rows);
	assert_int_equal(d->n, 0);
	doc_free(d);
	rd_free(&run);
}

/* The cell at @row, @col of the table of @d titled "attribute". */
static const char *cell(const struct doc *d, size_t row, size_t col)
{
	for (size_t i = 0; i < d->n; i++) {
		const struct doc_table *t = d->b[i].table;

		if (d->b[i].kind == DOC_TABLE && t && !strcmp(t->headers[0], "attribute")) {
			assert_true(row < t->nrows && col < t->ncols);
			return t->cells[row * t->ncols + col].text;
		}
	}
	fail_msg("no attributes table");
	return NULL;
}

static void test_table(void **state)
{
	struct doc *d = doc_new("t");
	struct rd_run run;

	(void)state;
	sentences("attrs-iommu", &run);
	attrs_table(d, &rows);
	assert_string_equal(cell(d, 0, 0), "coherent, no attribute");
	assert_string_equal(cell(d, 0, 1), "vmalloc remap");
	assert_string_equal(cell(d, 0, 3), "37");
	assert_string_equal(cell(d, 0, 5), "400 us");
	assert_string_equal(cell(d, 2, 0), "coherent, DMA_ATTR_NO_KERNEL_MAPPING");
	assert_string_equal(cell(d, 2, 1), "none (cookie)");
	assert_string_equal(cell(d, 2, 2), "mmap refused");
	assert_string_equal(cell(d, 2, 5), "x0.950, within the noise");
	assert_string_equal(cell(d, 3, 0), "coherent, DMA_ATTR_FORCE_CONTIGUOUS");
	assert_string_equal(cell(d, 3, 1), "linear map");
	assert_string_equal(cell(d, 3, 3), "1");
	assert_string_equal(cell(d, 3, 5), "x0.375, outside the noise");
	assert_string_equal(cell(d, 6, 0), "noncontig, DMA_ATTR_ALLOC_SINGLE_PAGES");
	assert_string_equal(cell(d, 8, 0), "wc (reference)");
	assert_string_equal(cell(d, 8, 2), "write-combined");
	doc_free(d);
	rd_free(&run);
}

/* compare: one row per platform, side by side; rows pair only with the same attributes. */
static void test_compare(void **state)
{
	static struct chart_list none;
	struct rd_run runs[2];
	struct cmp_table t;
	char changed[320], unchanged[320];
	const struct doc_block *b;
	const struct doc_table *tab = NULL;
	struct doc *d;

	(void)state;
	ru_load("attrs-swiotlb", &runs[0]);
	ru_load("attrs-iommu", &runs[1]);
	attrs_rows_of(&runs[1], &rows);
	attrs_platform_words(&rows, changed, sizeof(changed), unchanged, sizeof(unchanged));
	assert_string_equal(changed, "NO_KERNEL_MAPPING: no kernel mapping; FORCE_CONTIGUOUS: "
			    "linear map, 1 chunk not 37; ALLOC_SINGLE_PAGES: 256 chunks not 37; "
			    "noncontig ALLOC_SINGLE_PAGES: 256 chunks not 37");
	assert_string_equal(unchanged, "WRITE_COMBINE");

	assert_int_equal(cmp_build(runs, 2, &t), 0);
	assert_true(t.nrows > 10);
	for (size_t i = 0; i < t.nrows; i++)
		assert_int_equal(t.rows[i].it[0]->attrs, t.rows[i].it[1]->attrs);
	d = compare_page(runs, 2, &t, NAN, &none, tmp);
	assert_non_null(d);
	b = doc_find_id(d, "attrs");
	assert_non_null(b);
	for (size_t i = 0; i < d->n && !tab; i++)
		if (d->b[i].kind == DOC_TABLE && d->b[i].table &&
		    !strcmp(d->b[i].table->headers[1], "DMA layer"))
			tab = d->b[i].table;
	assert_non_null(tab);
	assert_int_equal(tab->nrows, 2);
	assert_string_equal(tab->cells[0].text, "attrs-swiotlb");
	assert_string_equal(tab->cells[1].text, "dma-direct + swiotlb");
	assert_string_equal(tab->cells[2].text, "NO_KERNEL_MAPPING: no kernel mapping");
	assert_string_equal(tab->cells[4 + 1].text, "dma-iommu (strict)");
	assert_string_equal(tab->cells[4 + 3].text, "WRITE_COMBINE");
	doc_free(d);
	cmp_free(&t);
	rd_free(&runs[0]);
	rd_free(&runs[1]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_nothing_changed),
		cmocka_unit_test(test_chunks_changed),
		cmocka_unit_test(test_real_lab_iommu),
		cmocka_unit_test(test_pgprot_changed),
		cmocka_unit_test(test_timing_claims_only_outside_the_noise),
		cmocka_unit_test(test_caveats),
		cmocka_unit_test(test_map_cost),
		cmocka_unit_test(test_map_sentences),
		cmocka_unit_test(test_not_measured),
		cmocka_unit_test(test_table),
		cmocka_unit_test(test_compare),
	};

	return cmocka_run_group_tests(tests, ru_setup, ru_teardown);
}
