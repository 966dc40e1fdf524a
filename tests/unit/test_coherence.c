// SPDX-License-Identifier: GPL-2.0
/* coherence.c: the verdict and its reason for every combination. */
#include "unit.h"

#include <stdbool.h>

#include "core/coherence.h"
#include "dmabench.h"

#define R_FORCE "swiotlb bounces every streaming mapping (swiotlb=force): the CPU and the device see different copies until a sync"
#define R_SYNC "dma_need_sync() is true"
#define R_SYNC_DIRECT R_SYNC ": syncs do cache maintenance or bouncing"
#define R_SYNC_IOMMU R_SYNC " only because the IOMMU's DMA ops have sync callbacks"
#define R_NONCOH "the device is not DMA-coherent"
#define R_NOOP "the device is DMA-coherent and dma_need_sync() is false: syncs are no-ops"
#define N_STRICT "mappings go through an IOMMU in strict mode: unmap flushes the IOTLB"

/* The truth table, written out rather than recomputed. */
static const struct {
	bool need_sync, force, dev_coherent;
	bool coherent;
	const char *reason;
} table[] = {
	{ false, false, true,  true,  R_NOOP },
	{ false, false, false, false, R_NONCOH },
	{ true,  false, true,  false, R_SYNC },
	{ true,  false, false, false, R_SYNC },
	{ false, true,  true,  false, R_FORCE },
	{ false, true,  false, false, R_FORCE },
	{ true,  true,  true,  false, R_FORCE },
	{ true,  true,  false, false, R_FORCE },
};

static void test_truth_table(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(table) / sizeof(table[0]); i++) {
		/* Translating IOMMUs change the need_sync rows: tested below. */
		static const uint32_t mmus[] = { DMABENCH_IOMMU_NONE, DMABENCH_IOMMU_IDENTITY,
						 DMABENCH_IOMMU_OTHER };

		for (size_t m = 0; m < sizeof(mmus) / sizeof(mmus[0]); m++) {
			uint32_t mmu = mmus[m];
			struct coherence_facts f = {
				.need_sync = table[i].need_sync,
				.swiotlb_force = table[i].force,
				.dev_coherent = table[i].dev_coherent,
				.iommu = mmu,
			};
			struct coherence_verdict v = coherence_verdict(&f);

			assert_int_equal(v.coherent, table[i].coherent);
			assert_non_null(v.reason);
			assert_contains(v.reason, table[i].reason);
		}
	}
}

static void test_iommu_notes(void **state)
{
	struct coherence_facts f = { .dev_coherent = true };
	struct coherence_verdict v;

	(void)state;
	f.iommu = DMABENCH_IOMMU_NONE;
	assert_null(coherence_verdict(&f).iommu_note);
	f.iommu = DMABENCH_IOMMU_STRICT;
	v = coherence_verdict(&f);
	assert_string_equal(v.iommu_note, N_STRICT);
	f.iommu = DMABENCH_IOMMU_LAZY;
	assert_contains(coherence_verdict(&f).iommu_note, "lazy mode");
	f.iommu = DMABENCH_IOMMU_IDENTITY;
	assert_contains(coherence_verdict(&f).iommu_note, "identity");
	/* An IOMMU never makes streaming DMA coherent or incoherent. */
	assert_true(coherence_verdict(&f).coherent);
}

static void test_facts_from_info_flags(void **state)
{
	struct dmabench_info info = {
		.flags = DMABENCH_INFO_NEED_SYNC | DMABENCH_INFO_SWIOTLB_ACTIVE |
			 DMABENCH_INFO_SWIOTLB_FORCE | DMABENCH_INFO_CMA,
		.iommu = DMABENCH_IOMMU_LAZY,
	};
	struct coherence_facts f = coherence_facts_of(&info);

	(void)state;
	assert_true(f.need_sync);
	assert_true(f.swiotlb_force);
	assert_false(f.dev_coherent);
	assert_int_equal(f.iommu, DMABENCH_IOMMU_LAZY);
	info.flags = DMABENCH_INFO_DEV_COHERENT | DMABENCH_INFO_SWIOTLB_ACTIVE;
	f = coherence_facts_of(&info);
	assert_false(f.need_sync);
	assert_false(f.swiotlb_force);	/* active is not forced */
	assert_true(f.dev_coherent);
	assert_true(coherence_verdict(&f).coherent);
}

/* Why dma_need_sync() is true differs with and without a translating IOMMU. */
static void test_need_sync_reasons(void **state)
{
	struct coherence_facts f = { .need_sync = true, .dev_coherent = true };

	(void)state;
	f.iommu = DMABENCH_IOMMU_NONE;
	assert_contains(coherence_verdict(&f).reason, R_SYNC_DIRECT);
	f.iommu = DMABENCH_IOMMU_IDENTITY;
	assert_contains(coherence_verdict(&f).reason, R_SYNC_DIRECT);
	f.iommu = DMABENCH_IOMMU_STRICT;
	assert_contains(coherence_verdict(&f).reason, R_SYNC_IOMMU);
	/* iommu-dma's syncs return at once for a coherent, unbounced device. */
	assert_true(coherence_verdict(&f).coherent);
	f.iommu = DMABENCH_IOMMU_LAZY;
	assert_contains(coherence_verdict(&f).reason, R_SYNC_IOMMU);
	assert_true(coherence_verdict(&f).coherent);
	/* A non-coherent device behind an IOMMU really does maintenance. */
	f.dev_coherent = false;
	assert_contains(coherence_verdict(&f).reason, R_SYNC_DIRECT);
	assert_false(coherence_verdict(&f).coherent);
	/* Forced bouncing wins over the IOMMU. */
	f.dev_coherent = true;
	f.swiotlb_force = true;
	assert_false(coherence_verdict(&f).coherent);
}

static void test_sentences(void **state)
{
	struct coherence_facts f = { .swiotlb_force = true, .need_sync = true,
				     .dev_coherent = true,
				     .iommu = DMABENCH_IOMMU_STRICT };
	struct coherence_verdict v = coherence_verdict(&f);
	char buf[640];

	(void)state;
	coherence_reason(&v, buf, sizeof(buf));
	assert_string_equal(buf, R_FORCE "; " N_STRICT);
	coherence_sentence(&v, buf, sizeof(buf));
	assert_string_equal(buf, "Streaming DMA is NOT coherent for this device: "
			    R_FORCE "; " N_STRICT ".");
	f = (struct coherence_facts){ .dev_coherent = true };
	v = coherence_verdict(&f);
	coherence_sentence(&v, buf, sizeof(buf));
	assert_string_equal(buf, "Streaming DMA is coherent for this device: "
			    R_NOOP ".");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_truth_table),
		cmocka_unit_test(test_iommu_notes),
		cmocka_unit_test(test_facts_from_info_flags),
		cmocka_unit_test(test_need_sync_reasons),
		cmocka_unit_test(test_sentences),
	};

	return cmocka_run_group_tests_name("coherence", tests, NULL, NULL);
}
