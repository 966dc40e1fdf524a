// SPDX-License-Identifier: GPL-2.0
/*
 * decide.c, driver_facts.c, decide_input.c: the TTM choice and its safety
 * on the facts of each lab preset's situation (written out by hand from
 * what the FACTS ioctl reports there), the JSON both ways, and a run's
 * results.json read back.
 */
#include "unit.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "core/decide.h"
#include "core/driver_facts.h"
#include "report/decide_report.h"
#include "results/decide_input.h"
#include "results/query.h"

#define MASK64		0xffffffffffffffffULL
#define MASK32		0xffffffffULL
/* q35's highest iomem: the 64-bit PCI window, above any 32-bit mask. */
#define Q35_IOMEM	0x8fffffffffULL
#define K(kind)		DMABENCH_KIND_##kind

static struct dmabench_facts facts_direct(void)
{
	struct dmabench_facts f = {
		.flags = DMABENCH_FACT_DEV_COHERENT | DMABENCH_FACT_DRM_CAN_WC |
			 DMABENCH_FACT_HAS_OPT_SIZE,
		.iommu = DMABENCH_IOMMU_NONE, .device = DMABENCH_DEV_EDU,
		.dma_bits = 64, .dma_mask = MASK64, .coherent_dma_mask = MASK64,
		.required_mask = 0x7fffffff, .max_mapping_size = UINT64_MAX,
		.opt_mapping_size = UINT64_MAX, .max_iomem = Q35_IOMEM,
	};

	return f;
}

static struct dmabench_facts facts_swiotlb(void)
{
	struct dmabench_facts f = facts_direct();

	f.flags |= DMABENCH_FACT_NEED_SYNC_PAGES | DMABENCH_FACT_SWIOTLB_ACTIVE |
		   DMABENCH_FACT_SWIOTLB_FORCE;
	f.swiotlb_bytes = 256ULL << 20;
	f.swiotlb_max_mapping_size = 256 << 10;
	f.max_mapping_size = 256 << 10;
	return f;
}

/* 6.1 behind VT-d: dma_need_sync() is the ops' shape, true for every page. */
static struct dmabench_facts facts_iommu(void)
{
	struct dmabench_facts f = facts_direct();

	f.flags |= DMABENCH_FACT_NEED_SYNC_PAGES | DMABENCH_FACT_NEED_SYNC_NONCOH;
	f.iommu = DMABENCH_IOMMU_STRICT;
	return f;
}

/* 32-bit edu on 6 GiB with a swiotlb pool: the page kinds take any page. */
static struct dmabench_facts facts_narrow(void)
{
	struct dmabench_facts f = facts_direct();

	f.flags |= DMABENCH_FACT_NEED_SYNC_PAGES | DMABENCH_FACT_SWIOTLB_ACTIVE |
		   DMABENCH_FACT_ADDRESSING_LIMITED | DMABENCH_FACT_DRM_NEED_SWIOTLB;
	f.dma_bits = 32;
	f.dma_mask = MASK32;
	f.coherent_dma_mask = MASK32;
	f.required_mask = 0x1ffffffffULL;
	f.swiotlb_bytes = 256ULL << 20;
	return f;
}

/* arm64 virt's platform device: not DMA-coherent, no WC in drm, no engine. */
static struct dmabench_facts facts_arm64_platform(void)
{
	struct dmabench_facts f = facts_direct();

	f.flags = DMABENCH_FACT_NEED_SYNC_PAGES | DMABENCH_FACT_NEED_SYNC_NONCOH |
		  DMABENCH_FACT_HAS_OPT_SIZE;
	f.device = DMABENCH_DEV_PLATFORM;
	f.max_iomem = 0x13fffffffULL;
	return f;
}

/* What verify records on a preset: every kind ok, stale only in @stale_kinds. */
static struct decide_evidence seen(uint32_t stale_kinds)
{
	struct decide_evidence e;

	decide_evidence_init(&e);
	e.measured = true;
	snprintf(e.by, sizeof(e.by), "edu 0000:00:01.0");
	for (uint32_t k = 0; k < DMABENCH_KIND_COUNT; k++) {
		e.roundtrip[k] = 1;
		if (k != K(COHERENT))
			e.stale[k] = !!(stale_kinds & (1U << k));
	}
	return e;
}

static void sentence(const struct dmabench_facts *f, const struct decide_evidence *e,
		     const struct decision *d, char *buf, size_t len)
{
	assert_true(decide_sentence(f, e, d, buf, len) > 0);
}

static void test_direct_safe(void **state)
{
	struct dmabench_facts f = facts_direct();
	struct decide_evidence e = seen(0);
	struct decision d;
	char s[1024];

	(void)state;
	decide(&f, &e, &d);
	assert_false(d.refuse_load);
	assert_false(d.use_dma_alloc);
	assert_false(d.use_dma32);
	assert_true(d.wc_pages);
	assert_int_equal(d.main_kind, K(STREAMING));
	assert_int_equal(d.kinds, (1U << K(STREAMING)) | (1U << K(WC)));
	assert_false(d.predicted_stale);
	assert_int_equal(d.observed_stale, 0);
	assert_int_equal(d.safety, DECIDE_SAFE);
	assert_true(d.from_observation);
	assert_false(d.disagrees);
	sentence(&f, &e, &d, s, sizeof(s));
	assert_contains(s, "A driver that assumes coherent streaming here");
	assert_contains(s, "would be correct and pay a cost this run did not measure");

	/* With the run's transfer figures, X is the measured fill + read. */
	e.cost_size = 65536;
	e.fill_read_ns[K(STREAMING)] = 19100;
	e.total_ns[K(STREAMING)] = 224355;
	sentence(&f, &e, &d, s, sizeof(s));
	assert_contains(s, "would be correct and pay 19.1 us per 64 KiB transfer");
	assert_contains(s, "against 224.4 us for streaming with the syncs");
}

static void test_swiotlb_unsafe(void **state)
{
	struct dmabench_facts f = facts_swiotlb();
	struct decide_evidence e = seen((1U << K(STREAMING)) | (1U << K(WC)) | (1U << K(UC)));
	struct decision d;
	char s[1024];

	(void)state;
	decide(&f, &e, &d);
	/* drm_need_swiotlb() knows nothing of swiotlb=force: pool pages. */
	assert_false(d.use_dma_alloc);
	assert_int_equal(d.main_kind, K(STREAMING));
	assert_true(d.predicted_stale);
	assert_contains(d.predicted_why, "swiotlb bounces every streaming mapping");
	assert_int_equal(d.observed_stale, 1);
	assert_int_equal(d.safety, DECIDE_UNSAFE);
	assert_true(d.from_observation);
	sentence(&f, &e, &d, s, sizeof(s));
	assert_contains(s, "would read stale data");
	assert_contains(s, "in streaming and wc,");
	assert_contains(s, "as edu 0000:00:01.0 showed");
}

static void test_iommu_safe(void **state)
{
	struct dmabench_facts f = facts_iommu();
	struct decide_evidence e = seen(0);
	struct decision d;

	(void)state;
	decide(&f, &e, &d);
	assert_false(d.use_dma_alloc);
	/* need_sync is the IOMMU ops' shape for a coherent device: no-ops. */
	assert_false(d.predicted_stale);
	assert_int_equal(d.safety, DECIDE_SAFE);
	assert_true(d.from_observation);
	assert_false(d.disagrees);
}

static void test_narrow_mask_coherent_backing(void **state)
{
	struct dmabench_facts f = facts_narrow();
	struct decide_evidence e = seen(1U << K(STREAMING));
	struct decision d;
	char s[1024], c[160];

	(void)state;
	decide(&f, &e, &d);
	assert_true(d.use_dma_alloc);
	assert_true(d.use_dma32);
	assert_int_equal(d.main_kind, K(COHERENT));
	assert_int_equal(d.kinds, 1U << K(COHERENT));
	assert_false(d.predicted_stale);
	/* Streaming's stale data does not concern coherent backing. */
	assert_int_equal(d.observed_stale, 0);
	assert_int_equal(d.safety, DECIDE_SAFE);
	decide_choice_text(&d, c, sizeof(c));
	assert_string_equal(c, "dma_alloc_coherent() backing, GFP_DMA32 (use_dma_alloc, use_dma32)");
	sentence(&f, &e, &d, s, sizeof(s));
	assert_contains(s, "would be correct and pay");
}

/*
 * use_dma32 without drm_need_swiotlb(): TTM's GFP_DMA32 pages are not the
 * pages dmabench measured (any zone, bounced), so the observation does not
 * count and the facts decide.
 */
static void test_dma32_pages_not_measured(void **state)
{
	struct dmabench_facts f = facts_narrow();
	struct decide_evidence e = seen(1U << K(STREAMING));
	struct decision d;
	char s[1024];

	(void)state;
	f.flags &= ~DMABENCH_FACT_DRM_NEED_SWIOTLB;
	decide(&f, &e, &d);
	assert_false(d.use_dma_alloc);
	assert_true(d.use_dma32);
	assert_false(d.pages_match);
	assert_int_equal(d.observed_stale, -1);
	assert_false(d.from_observation);
	assert_false(d.predicted_stale);
	assert_int_equal(d.safety, DECIDE_SAFE);
	sentence(&f, &e, &d, s, sizeof(s));
	assert_contains(s, "would be correct by the facts (not measured");

	/* The same pages measured (the module took them from ZONE_DMA32). */
	f.flags |= DMABENCH_FACT_PAGES_DMA32;
	e = seen(0);
	decide(&f, &e, &d);
	assert_true(d.pages_match);
	assert_int_equal(d.observed_stale, 0);
	assert_true(d.from_observation);
}

static void test_arm64_noncoherent_unsafe(void **state)
{
	struct dmabench_facts f = facts_arm64_platform();
	struct decide_evidence e;
	struct decision d;
	char s[1024], safety[64];

	(void)state;
	decide_evidence_init(&e);	/* the platform device has no engine */
	decide(&f, &e, &d);
	assert_false(d.wc_pages);
	assert_int_equal(d.kinds, 1U << K(STREAMING));
	assert_true(d.predicted_stale);
	assert_contains(d.predicted_why, "syncs do cache maintenance");
	assert_int_equal(d.observed_stale, -1);
	assert_int_equal(d.safety, DECIDE_UNSAFE);
	assert_false(d.from_observation);
	decide_safety_text(&d, safety, sizeof(safety));
	assert_string_equal(safety, "UNSAFE (from the facts; not measured)");
	sentence(&f, &e, &d, s, sizeof(s));
	assert_contains(s, "would read stale data by the facts");
	assert_contains(s, "not measured: no DMA engine tried this device");
}

static void test_refuse_to_load(void **state)
{
	struct dmabench_facts f = facts_direct();
	struct decide_evidence e = seen(0);
	struct decision d;
	char s[1024];

	(void)state;
	f.dma_bits = 0;
	f.dma_mask = 0;
	decide(&f, &e, &d);
	assert_true(d.refuse_load);
	sentence(&f, &e, &d, s, sizeof(s));
	assert_contains(s, "would refuse to load here: the device has no DMA mask");
	f = facts_direct();
	f.iommu = DMABENCH_IOMMU_BLOCKED;
	decide(&f, &e, &d);
	assert_true(d.refuse_load);
	assert_contains(d.refuse_why, "blocked domain");
}

/* The facts say coherent, the device showed stale data: the device wins. */
static void test_observation_beats_facts(void **state)
{
	struct dmabench_facts f = facts_direct();
	struct decide_evidence e = seen(1U << K(WC));
	struct decision d;

	(void)state;
	decide(&f, &e, &d);
	assert_int_equal(d.safety, DECIDE_UNSAFE);
	assert_true(d.disagrees);
	/* A failed round trip counts against the choice as well. */
	e = seen(0);
	e.roundtrip[K(STREAMING)] = 0;
	decide(&f, &e, &d);
	assert_int_equal(d.observed_stale, 1);
}

static void test_facts_json_round_trip(void **state)
{
	struct dmabench_facts all[] = { facts_direct(), facts_swiotlb(), facts_iommu(),
					facts_narrow(), facts_arm64_platform() };
	char why[256];

	(void)state;
	all[1].flags |= DMABENCH_FACT_HAS_DEV_NEED_SYNC | DMABENCH_FACT_DEV_NEED_SYNC;
	all[2].bus_dma_limit = 0xffffffffffULL;
	all[3].flags |= DMABENCH_FACT_PAGES_DMA32 | DMABENCH_FACT_MEM_ENCRYPT;
	for (size_t i = 0; i < sizeof(all) / sizeof(all[0]); i++) {
		struct dmabench_facts back;
		json_t *j = driver_facts_json(&all[i]);

		assert_non_null(j);
		assert_int_equal(driver_facts_from_json(j, &back, why, sizeof(why)), 0);
		assert_memory_equal(&back, &all[i], sizeof(back));
		json_decref(j);
	}
}

static void test_facts_json_errors(void **state)
{
	struct dmabench_facts f = facts_direct(), back;
	json_t *j = driver_facts_json(&f);
	char why[256];

	(void)state;
	json_object_del(j, "dev_coherent");
	assert_int_equal(driver_facts_from_json(j, &back, why, sizeof(why)), -1);
	assert_string_equal(why, "driver_facts.dev_coherent is not a boolean");
	json_object_set_new(j, "dev_coherent", json_true());
	json_object_set_new(j, "dma_mask", json_string("ffff"));
	assert_int_equal(driver_facts_from_json(j, &back, why, sizeof(why)), -1);
	assert_string_equal(why, "driver_facts.dma_mask is not a hex string");
	json_object_set_new(j, "dma_mask", json_string("0xffff"));
	json_object_set_new(j, "iommu_domain", json_string("strict"));
	assert_int_equal(driver_facts_from_json(j, &back, why, sizeof(why)), -1);
	assert_string_equal(why, "driver_facts.iommu_domain is not a domain type");
	json_decref(j);
	assert_int_equal(driver_facts_from_json(json_null(), &back, why, sizeof(why)), -1);
}

/* A run of @facts, verify on edu with streaming stale, and transfer rows. */
static void test_decide_input(void **state)
{
	struct dmabench_facts f = facts_swiotlb(), got;
	struct decide_evidence e;
	struct decision d;
	const char *rest =
		"\"verify\": {\"device\": \"edu\", \"dev_name\": \"0000:00:01.0\","
		" \"streaming_coherent_observed\": false, \"kinds\": {"
		" \"coherent\": {\"roundtrip\": \"ok\"},"
		" \"streaming\": {\"roundtrip\": \"ok\", \"stale_without_sync\": true},"
		" \"wc\": {\"roundtrip\": \"ok\", \"stale_without_sync\": true}}},"
		/* Shares: two of the choice's kinds, and two that are not its memory. */
		" \"dmabuf_shares\": ["
		" {\"kind\": \"streaming\", \"source\": \"dmabench\", \"exporter\": \"platform\","
		"  \"importer\": \"edu\", \"size\": 65536, \"outcome\": \"data ok\","
		"  \"stale_without_sync\": true},"
		" {\"kind\": \"wc\", \"source\": \"dmabench\", \"exporter\": \"platform\","
		"  \"importer\": \"edu\", \"size\": 65536, \"outcome\": \"refused: out of reach\"},"
		" {\"kind\": \"coherent\", \"source\": \"dmabench\", \"exporter\": \"platform\","
		"  \"importer\": \"edu\", \"size\": 65536, \"outcome\": \"stale\"},"
		" {\"source\": \"udmabuf\", \"importer\": \"edu\", \"size\": 65536,"
		"  \"outcome\": \"stale\"}]";
	char text[8192], why[256], cell[256], *facts;
	struct decide_report dr;
	struct rd_run run;
	json_error_t err;
	json_t *doc, *fj;

	(void)state;
	fj = driver_facts_json(&f);
	facts = json_dumps(fj, JSON_COMPACT);
	json_decref(fj);
	snprintf(text, sizeof(text),
		 "{\"schema\": \"dmabench/1\", \"platform\": {\"lab\": true}, \"results\": [],"
		 " \"driver_facts\": %s, %s}", facts, rest);
	/* The same run without the dmabuf test: the sharing line says so. */
	{
		char bare[8192];

		snprintf(bare, sizeof(bare), "{\"schema\": \"dmabench/1\", \"results\": [],"
			 " \"driver_facts\": %s}", facts);
		doc = json_loads(bare, 0, &err);
		assert_non_null(doc);
		assert_int_equal(rd_from_json(doc, "made", &run, why, sizeof(why)), 0);
		decide_report_of(&run, &dr);
		assert_string_equal(dr.line[4], "not measured (the run has no dmabuf round trip "
				    "of this choice's kinds)");
		rd_free(&run);
	}
	free(facts);
	doc = json_loads(text, 0, &err);
	if (!doc)
		fail_msg("%s", err.text);
	assert_int_equal(rd_from_json(doc, "made", &run, why, sizeof(why)), 0);
	assert_true(decide_run(&run, &got, &e, &d, why, sizeof(why)));
	assert_true(e.measured);
	assert_true(e.lab);
	assert_string_equal(e.by, "edu 0000:00:01.0");
	assert_int_equal(e.stale[K(STREAMING)], 1);
	assert_int_equal(e.stale[K(UC)], -1);
	assert_int_equal(e.roundtrip[K(COHERENT)], 1);
	assert_int_equal(e.cost_size, 0);
	assert_int_equal(d.safety, DECIDE_UNSAFE);
	assert_true(d.from_observation);
	/* The report's section and compare's row say the same. */
	decide_report_of(&run, &dr);
	assert_true(dr.known);
	assert_contains(dr.line[0], "would read stale data");
	assert_string_equal(dr.line[1], "pool pages mapped with dma_map_page(), cached or write-combined");
	decide_report_cell(&run, cell, sizeof(cell));
	assert_string_equal(cell, "pool pages mapped with dma_map_page(), cached or write-combined: UNSAFE");
	/* Sharing: only the choice's kinds of this module's memory count. */
	assert_string_equal(dr.title[4], "Shared with a second device (dma-buf)");
	assert_string_equal(dr.line[4], "streaming, wc exported to edu: 1 of 2 shares data ok "
			    "with DMA_BUF_IOCTL_SYNC around the CPU's access; 1 of 1 stale "
			    "without it, so an importer (or the CPU) that skips those syncs "
			    "reads stale data here; 1 refused (refused: out of reach)");
	rd_free(&run);

	/* A run without driver_facts cannot answer, and says why. */
	doc = json_loads("{\"schema\": \"dmabench/1\", \"results\": []}", 0, &err);
	assert_int_equal(rd_from_json(doc, "made", &run, why, sizeof(why)), 0);
	assert_false(decide_run(&run, &got, &e, &d, why, sizeof(why)));
	assert_contains(why, "no driver facts");
	decide_report_cell(&run, cell, sizeof(cell));
	assert_string_equal(cell, "not recorded");
	decide_report_of(&run, &dr);
	assert_false(dr.known);
	assert_contains(dr.line[0], "Not known for this run: the run recorded no driver facts");
	rd_free(&run);
}

/* The JSON `decide --json` prints: the keys the lab tests read. */
static void test_decide_json(void **state)
{
	struct dmabench_facts f = facts_swiotlb();
	struct decide_evidence e = seen(1U << K(STREAMING));
	struct decision d;
	json_t *j;

	(void)state;
	decide(&f, &e, &d);
	j = decide_json(&f, &e, &d);
	assert_non_null(j);
	assert_true(json_is_false(json_object_get(j, "safe")));
	assert_true(json_is_true(json_object_get(j, "observed_stale")));
	assert_string_equal(json_string_value(json_object_get(j, "choice_kind")), "streaming");
	assert_true(json_is_true(json_object_get(json_object_get(j, "facts"), "swiotlb_force")));
	assert_string_equal(json_string_value(json_object_get(json_object_get(j, "facts"),
							      "iommu_domain")), "none");
	json_decref(j);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_direct_safe),
		cmocka_unit_test(test_swiotlb_unsafe),
		cmocka_unit_test(test_iommu_safe),
		cmocka_unit_test(test_narrow_mask_coherent_backing),
		cmocka_unit_test(test_dma32_pages_not_measured),
		cmocka_unit_test(test_arm64_noncoherent_unsafe),
		cmocka_unit_test(test_refuse_to_load),
		cmocka_unit_test(test_observation_beats_facts),
		cmocka_unit_test(test_facts_json_round_trip),
		cmocka_unit_test(test_facts_json_errors),
		cmocka_unit_test(test_decide_input),
		cmocka_unit_test(test_decide_json),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
