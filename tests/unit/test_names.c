// SPDX-License-Identifier: GPL-2.0
/* names.c: every table round-trips and rejects what it does not know. */
#include "unit.h"

#include "dmabench.h"
#include "core/names.h"

static const struct name_table *const tables[] = {
	&kind_names, &dir_names, &device_names, &iommu_names, &op_names,
	&caching_names, &cache_state_names, &sync_to_names,
};

#define N_TABLES	(sizeof(tables) / sizeof(tables[0]))

static void test_round_trip(void **state)
{
	(void)state;
	for (size_t t = 0; t < N_TABLES; t++) {
		const struct name_table *nt = tables[t];

		for (unsigned int v = 0; v < nt->count; v++) {
			const char *name = name_of(nt, v);
			unsigned int back = 9999;

			assert_non_null(name);
			assert_true(name_parse(nt, name, &back));
			assert_int_equal(back, v);
		}
	}
}

static void test_names_unique_and_lowercase(void **state)
{
	(void)state;
	for (size_t t = 0; t < N_TABLES; t++) {
		const struct name_table *nt = tables[t];

		for (unsigned int a = 0; a < nt->count; a++) {
			for (const char *c = nt->names[a]; *c; c++)
				assert_true((*c >= 'a' && *c <= 'z') || *c == '_');
			for (unsigned int b = a + 1; b < nt->count; b++)
				assert_string_not_equal(nt->names[a], nt->names[b]);
		}
	}
}

/* The tables cover the ABI's enums exactly, in the ABI's numbering. */
static void test_counts_match_abi(void **state)
{
	unsigned int v;

	(void)state;
	assert_int_equal(kind_names.count, DMABENCH_KIND_COUNT);
	assert_int_equal(device_names.count, DMABENCH_DEV_COUNT);
	assert_int_equal(op_names.count, DMABENCH_OP_COUNT);
	assert_int_equal(iommu_names.count, DMABENCH_IOMMU_OTHER + 1);
	assert_true(name_parse(&kind_names, "noncoherent", &v));
	assert_int_equal(v, DMABENCH_KIND_NONCOHERENT);
	assert_true(name_parse(&dir_names, "from_device", &v));
	assert_int_equal(v, DMABENCH_DIR_FROM_DEVICE);
	assert_true(name_parse(&op_names, "sg_iter_dma", &v));
	assert_int_equal(v, DMABENCH_OP_SG_ITER_DMA);
	assert_true(name_parse(&iommu_names, "lazy", &v));
	assert_int_equal(v, DMABENCH_IOMMU_LAZY);
	assert_true(name_parse(&cache_state_names, "cold", &v));
	assert_int_equal(v, DMABENCH_CACHE_COLD);
	assert_true(name_parse(&sync_to_names, "for_device", &v));
	assert_int_equal(v, DMABENCH_SYNC_FOR_DEVICE);
	assert_true(name_parse(&caching_names, "uc", &v));
	assert_int_equal(v, DMABENCH_CACHING_UC);
}

static void test_unknown_rejected(void **state)
{
	unsigned int v = 42;

	(void)state;
	assert_false(name_parse(&kind_names, "Coherent", &v));
	assert_false(name_parse(&kind_names, "", &v));
	assert_false(name_parse(&device_names, "edu ", &v));
	assert_int_equal(v, 42);
	assert_null(name_of(&kind_names, DMABENCH_KIND_COUNT));
	assert_null(name_of(&op_names, 1000));
}

static void test_join(void **state)
{
	char buf[64], tiny[6];
	size_t need;

	(void)state;
	need = name_join(&device_names, "|", buf, sizeof(buf));
	assert_string_equal(buf, "platform|edu|pci");
	assert_int_equal(need, strlen("platform|edu|pci"));
	/* Truncated output stays terminated and reports the full need. */
	need = name_join(&device_names, "|", tiny, sizeof(tiny));
	assert_int_equal(need, strlen("platform|edu|pci"));
	assert_string_equal(tiny, "platf");
}

/* The attributes by bit: joined for keys and sentences, read back by name. */
static void test_attrs(void **state)
{
	uint32_t both = DMABENCH_ATTR_WRITE_COMBINE | DMABENCH_ATTR_SKIP_CPU_SYNC;
	char buf[128], tiny[8];

	(void)state;
	assert_string_equal(attrs_join(&attr_names, both, "+", buf, sizeof(buf)),
			    "write_combine+skip_cpu_sync");
	assert_string_equal(attrs_join(&attr_words_names, DMABENCH_ATTR_ALLOC_SINGLE_PAGES, ", ",
				       buf, sizeof(buf)), "single pages");
	assert_string_equal(attrs_join(&attr_macro_names, DMABENCH_ATTR_NO_KERNEL_MAPPING, " + ",
				       buf, sizeof(buf)), "DMA_ATTR_NO_KERNEL_MAPPING");
	assert_string_equal(attrs_join(&attr_names, 0, "+", buf, sizeof(buf)), "");
	/* a bit this build has no name for is kept, as "unknown" */
	assert_string_equal(attrs_join(&attr_names, DMABENCH_ATTR_FORCE_CONTIGUOUS | (1U << 7),
				       "+", buf, sizeof(buf)), "force_contiguous+unknown");
	/* cut short, still terminated */
	assert_string_equal(attrs_join(&attr_names, both, "+", tiny, sizeof(tiny)), "write_c");
	for (unsigned int b = 0; b < ATTR_BITS; b++)
		assert_int_equal(attr_bit(name_of(&attr_names, b)), 1U << b);
	assert_int_equal(attr_bit("write-combine"), ATTR_UNKNOWN);
	assert_int_equal(attr_bit(NULL), ATTR_UNKNOWN);
	assert_string_equal(name_of(&kmap_names, DMABENCH_KMAP_NONE), "none");
	assert_string_equal(name_of(&user_prot_names, DMABENCH_PROT_WC), "wc");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_names_unique_and_lowercase),
		cmocka_unit_test(test_counts_match_abi),
		cmocka_unit_test(test_unknown_rejected),
		cmocka_unit_test(test_join),
		cmocka_unit_test(test_attrs),
	};

	return cmocka_run_group_tests_name("names", tests, NULL, NULL);
}
