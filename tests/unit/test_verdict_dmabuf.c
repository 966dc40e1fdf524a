// SPDX-License-Identifier: GPL-2.0
/*
 * report/verdict_dmabuf.c and the share's identity in results/: the
 * sharing verdict's facts (data ok, a refused share with its sentence, stale
 * without sync), a timing comparison said only outside the noise, the
 * table and compare's cells, and rows of different shares that never share
 * a key nor stand in for each other.  The runs are built here.
 */
#include "unit.h"

#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "results/query.h"
#include "results/row_words.h"
#include "report/verdict.h"
#include "report/doc.h"
#include "report/verdict_dmabuf.h"

static char out[4096];
static struct dmabuf_rows rows;

/* A dmabuf_map row of a share; @spread is (p75 - p25) / p50. */
static json_t *map_row(const char *kind, const char *source, const char *exporter,
		       const char *importer, double p50, double spread)
{
	return json_pack("{s:s, s:s?, s:s, s:I, s:s, s:i, s:i, s:s, s:s, s:s?, s:s,"
			 " s:{s:i, s:f, s:f, s:f, s:f, s:f}}",
			 "test", "dmabuf", "kind", kind, "op", "dmabuf_map",
			 "size", (json_int_t)(1 << 20), "dir", "bidi", "batch", 1, "threads", 1,
			 "unit", "ns", "source", source, "exporter", exporter, "importer", importer,
			 "stats", "n", 40, "min", p50 * 0.9, "p25", p50 * (1 - spread / 2),
			 "p50", p50, "p75", p50 * (1 + spread / 2), "max", p50 * 1.5);
}

static json_t *share(const char *kind, const char *source, const char *exporter,
		     const char *importer, const char *outcome, int stale)
{
	return json_pack("{s:s?, s:s, s:s?, s:s, s:I, s:s, s:o}", "kind", kind, "source", source,
			 "exporter", exporter, "importer", importer,
			 "size", (json_int_t)(1 << 20), "outcome", outcome,
			 "stale_without_sync", stale < 0 ? json_null() : json_boolean(stale));
}

static void load(struct rd_run *run, json_t *results, json_t *shares, bool lab)
{
	char why[256];
	json_t *doc = json_pack("{s:s, s:{s:b, s:s, s:{s:s}}, s:o}",
				"schema", "dmabench/1", "platform", "lab", lab,
				"cpu_model", "QEMU TCG CPU", "info", "iommu", "none",
				"results", results);

	assert_non_null(doc);
	if (shares)
		json_object_set_new(doc, "dmabuf_shares", shares);
	assert_int_equal(rd_from_json(doc, "built", run, why, sizeof(why)), 0);
}

static const char *sentences(const struct rd_run *run)
{
	size_t at;

	dmabuf_rows_of(run, &rows);
	assert_true(verdict_dmabuf(&rows, out, sizeof(out), &at) < sizeof(out));
	return out;
}

/* swiotlb-like: every share data ok with the syncs, streaming stale without; wc 3x coherent. */
static void test_facts_and_outside_noise(void **state)
{
	struct rd_run run;
	char broke[320], cost[320];

	(void)state;
	load(&run, json_pack("[o, o]",
			     map_row("coherent", "dmabench", "platform", "edu", 10000, 0.04),
			     map_row("wc", "dmabench", "platform", "edu", 30000, 0.04)),
	     json_pack("[o, o, o]",
		       share("coherent", "dmabench", "platform", "edu", "data ok", 0),
		       share("streaming", "dmabench", "platform", "edu", "data ok", 1),
		       share("wc", "dmabench", "platform", "edu", "data ok", 0)), false);
	sentences(&run);
	assert_contains(out, "Of 3 shares round-tripped through edu's DMA, 3 showed the data "
			"with DMA_BUF_IOCTL_SYNC around every CPU access.");
	assert_contains(out, "Without DMA_BUF_IOCTL_SYNC 1 of 3 shares were stale (streaming "
			"1 MiB, platform -> edu): an importer that skips the syncs reads or "
			"writes stale data here.");
	assert_contains(out, "The importer's dma_buf_map_attachment of coherent 1 MiB, "
			"platform -> edu took 10.0 us (p50 of 40, spread 4.0 %)");
	assert_contains(out, "; wc 1 MiB, platform -> edu took 30.0 us (p50 of 40), x3.0 [outside the noise");
	dmabuf_platform_words(&rows, broke, sizeof(broke), cost, sizeof(cost));
	assert_string_equal(broke, "streaming 1 MiB, platform -> edu: stale without sync");
	assert_contains(cost, "coherent 1 MiB, platform -> edu map 10.0 us");
	rd_free(&run);
}

/* Within the noise: no ratio, "no measurable difference". */
static void test_inside_noise(void **state)
{
	struct rd_run run;

	(void)state;
	load(&run, json_pack("[o, o]",
			     map_row("coherent", "dmabench", "edu", "platform", 10000, 0.30),
			     map_row("uc", "dmabench", "edu", "platform", 10800, 0.30)), NULL, false);
	sentences(&run);
	assert_contains(out, "No share was round-tripped through edu's DMA");
	assert_contains(out, "; between it and uc 1 MiB, edu -> platform (10.8 us) no measurable difference");
	assert_null(strstr(out, "x1."));
	rd_free(&run);
}

/* narrow-mask/edu-stock: a refused share is the platform's answer, with its sentence. */
static void test_refused(void **state)
{
	struct rd_run run;
	char broke[320], cost[320];

	(void)state;
	load(&run, json_array(),
	     json_pack("[o, o]",
		       share("coherent", "dmabench", "platform", "edu", "refused: the importer's "
			     "device cannot reach the dma-buf's memory (ERANGE)", -1),
		       share(NULL, "udmabuf", NULL, "edu", "data ok", 0)), true);
	sentences(&run);
	assert_contains(out, "Of 2 shares round-tripped through edu's DMA, 1 showed the data with "
			"DMA_BUF_IOCTL_SYNC around every CPU access, 1 was refused by the platform.");
	assert_contains(out, "coherent 1 MiB, platform -> edu: refused: the importer's device "
			"cannot reach the dma-buf's memory (ERANGE).");
	assert_contains(out, "Without DMA_BUF_IOCTL_SYNC 0 of 1 share was stale: the syncs were "
			"not needed");
	dmabuf_platform_words(&rows, broke, sizeof(broke), cost, sizeof(cost));
	assert_contains(broke, "coherent 1 MiB, platform -> edu: refused: ");
	assert_string_equal(cost, "not measured");
	rd_free(&run);
}

/* The test skipped (a module without DMABENCH_INFO_DMABUF): its sentence. */
static void test_skipped(void **state)
{
	struct rd_run run;
	size_t at;
	char why[256];
	json_t *doc = json_pack("{s:s, s:{s:b}, s:[], s:[{s:s, s:s, s:s}]}",
				"schema", "dmabench/1", "platform", "lab", 0, "results",
				"skipped", "test", "dmabuf", "what", "every dmabuf row (export, ...)",
				"why", "the module does not share buffers");

	(void)state;
	assert_int_equal(rd_from_json(doc, "built", &run, why, sizeof(why)), 0);
	dmabuf_rows_of(&run, &rows);
	verdict_dmabuf(&rows, out, sizeof(out), &at);
	assert_string_equal(out, "Not measured: the module does not share buffers.");
	rd_free(&run);
}

/* Different shares: different keys, words, and no query of one finds the other. */
static void test_identity(void **state)
{
	struct rd_run run;
	char k0[256], k1[256], w[256];
	struct rd_query q = { .test = "dmabuf", .kind = "coherent", .op = "dmabuf_map",
			      .source = "dmabench", .exporter = "edu", .importer = "platform" };

	(void)state;
	load(&run, json_pack("[o, o, o]",
			     map_row("coherent", "dmabench", "platform", "edu", 10000, 0.04),
			     map_row("coherent", "dmabench", "edu", "platform", 20000, 0.04),
			     map_row(NULL, "udmabuf", NULL, "edu", 5000, 0.04)), NULL, false);
	rd_key(&run.items[0], k0, sizeof(k0));
	rd_key(&run.items[1], k1, sizeof(k1));
	assert_string_equal(k0, "dmabuf/coherent/dmabuf_map/1048576/bidi/t1/e0/-/b1/dmabench:platform>edu#0");
	assert_string_equal(k1, "dmabuf/coherent/dmabuf_map/1048576/bidi/t1/e0/-/b1/dmabench:edu>platform#0");
	/* occurrence stays 0: they are different rows, not repeats of one */
	assert_int_equal(run.items[1].occurrence, 0);
	assert_ptr_equal(rd_find(&run, &q), &run.items[1]);
	q.exporter = NULL;
	q.importer = NULL;
	assert_null(rd_find(&run, &q));
	q.source = NULL;
	assert_null(rd_find(&run, &q));
	rd_row_words(&run.items[0], w, sizeof(w));
	assert_string_equal(w, "dma-buf map coherent 1 MiB, platform -> edu, both directions");
	rd_row_words(&run.items[2], w, sizeof(w));
	assert_string_equal(w, "dma-buf map udmabuf 1 MiB, on edu, both directions");
	dmabuf_rows_of(&run, &rows);
	assert_int_equal(rows.n, 3);
	rd_free(&run);
}

/* The verdict has the part, under its title. */
static void test_title(void **state)
{
	(void)state;
	assert_string_equal(verdict_title(VERDICT_DMABUF), "What does sharing a buffer with a "
			    "second device cost, and where does it break?");
}

/* The table's map cell has the share's p50 (it was empty: fmt_ns() into itself). */
static void test_table_cells(void **state)
{
	struct doc *d = doc_new("t");
	const struct doc_table *t = NULL;
	struct rd_run run;

	(void)state;
	load(&run, json_pack("[o]", map_row("wc", "dmabench", "platform", "edu", 30000, 0.04)),
	     json_pack("[o]", share("wc", "dmabench", "platform", "edu", "data ok", 0)), true);
	dmabuf_rows_of(&run, &rows);
	dmabuf_table(d, &rows);
	for (size_t i = 0; i < d->n; i++)
		if (d->b[i].kind == DOC_TABLE && !strcmp(d->b[i].table->headers[0], "share"))
			t = d->b[i].table;
	assert_non_null(t);
	assert_int_equal(t->nrows, 1);
	assert_string_equal(t->cells[0].text, "wc, platform -> edu");
	assert_string_equal(t->cells[2].text, "30.0 us");
	assert_string_equal(t->cells[3].text, "-");
	assert_string_equal(t->cells[4].text, "data ok");
	doc_free(d);
	rd_free(&run);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_facts_and_outside_noise),
		cmocka_unit_test(test_inside_noise),
		cmocka_unit_test(test_refused),
		cmocka_unit_test(test_skipped),
		cmocka_unit_test(test_identity),
		cmocka_unit_test(test_title),
		cmocka_unit_test(test_table_cells),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
