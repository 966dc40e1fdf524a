// SPDX-License-Identifier: GPL-2.0
/*
 * core/device_info.c: the info JSON of a synthetic struct dmabench_info, parsed
 * back with jansson, and its text form.
 */
#include "unit.h"

#include <stdio.h>
#include <stdlib.h>

#include <jansson.h>

#include "dmabench.h"
#include "core/device_info.h"
#include "core/json.h"

static const struct host_facts host = {
	.cpu_model = "Test CPU @ 1.00GHz",
	.cpu_cores = 2,
	.memory_bytes = 2084044800,
	.kernel = "6.1.0-host",
};

/* What the swiotlb preset reports for the edu device. */
static struct dmabench_info swiotlb_edu(void)
{
	struct dmabench_info info = {
		.abi_version = DMABENCH_ABI_VERSION,
		.flags = DMABENCH_INFO_NEED_SYNC | DMABENCH_INFO_SWIOTLB_ACTIVE |
			 DMABENCH_INFO_SWIOTLB_FORCE | DMABENCH_INFO_HAS_OPT_SIZE |
			 DMABENCH_INFO_EDU_PRESENT | DMABENCH_INFO_SET_PAGES_ARRAY |
			 DMABENCH_INFO_DEV_COHERENT,
		.device = DMABENCH_DEV_EDU,
		.iommu = DMABENCH_IOMMU_NONE,
		.dma_mask = UINT64_MAX,
		.coherent_dma_mask = 0xfffffffULL,
		.max_mapping_size = 262144,
		.opt_mapping_size = 262144,
		.max_contig_size = 4 << 20,
		.byte_cap = 1ULL << 30,
		.bytes_held = 8192,
		.page_size = 4096,
		.kinds = 0x1f,
		.live_buffers = 3,
		.live_bytes = 12288,
		.live_mmaps = 1,
		.live_files = 2,
		.release = "6.1.0-56-amd64",
		.dev_name = "0000:00:03.0",
		.bus = "pci",
		.driver = "dmabench",
	};

	return info;
}

/* Through the real writer and back through the real parser. */
static json_t *round_trip(const struct dmabench_info *info)
{
	json_t *doc = info_json(info, &host), *back;
	json_error_t err;
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	assert_non_null(doc);
	assert_non_null(f);
	assert_int_equal(json_print(f, doc), 0);
	assert_int_equal(fclose(f), 0);
	assert_true(len > 0 && text[len - 1] == '\n');
	back = json_loads(text, 0, &err);
	if (!back)
		fail_msg("info JSON does not parse: %s\n%s", err.text, text);
	free(text);
	json_decref(doc);
	return back;
}

static void test_keys_in_stable_order(void **state)
{
	static const char *const want[] = {
		"abi", "kernel", "device", "edu_present", "pci_present",
		"dma_need_sync", "max_mapping_size", "opt_mapping_size",
		"swiotlb", "swiotlb_force", "iommu", "dev_coherent",
		"streaming_coherent", "streaming_coherent_reason",
		"page_size", "max_contig_size", "byte_cap", "bytes_held",
		"cma", "set_pages_array", "kinds", "counters", "cpu",
		"memory_bytes", "host_kernel",
	};
	struct dmabench_info info = swiotlb_edu();
	json_t *doc = round_trip(&info);
	void *it = json_object_iter(doc);

	(void)state;
	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		assert_non_null(it);
		assert_string_equal(json_object_iter_key(it), want[i]);
		it = json_object_iter_next(doc, it);
	}
	assert_null(it);
	json_decref(doc);
}

static void test_values_swiotlb(void **state)
{
	struct dmabench_info info = swiotlb_edu();
	json_t *doc = round_trip(&info), *dev, *kinds, *cnt, *cpu;

	(void)state;
	assert_int_equal(json_integer_value(json_object_get(doc, "abi")),
			 DMABENCH_ABI_VERSION);
	assert_string_equal(json_string_value(json_object_get(doc, "kernel")),
			    "6.1.0-56-amd64");
	dev = json_object_get(doc, "device");
	assert_string_equal(json_string_value(json_object_get(dev, "name")), "0000:00:03.0");
	assert_string_equal(json_string_value(json_object_get(dev, "bus")), "pci");
	assert_string_equal(json_string_value(json_object_get(dev, "driver")), "dmabench");
	assert_string_equal(json_string_value(json_object_get(dev, "kind")), "edu");
	assert_string_equal(json_string_value(json_object_get(dev, "dma_mask")),
			    "0xffffffffffffffff");
	assert_string_equal(json_string_value(json_object_get(dev, "coherent_dma_mask")),
			    "0xfffffff");
	assert_true(json_is_true(json_object_get(doc, "dma_need_sync")));
	assert_int_equal(json_integer_value(json_object_get(doc, "max_mapping_size")), 262144);
	assert_int_equal(json_integer_value(json_object_get(doc, "opt_mapping_size")), 262144);
	assert_true(json_is_true(json_object_get(doc, "swiotlb")));
	assert_true(json_is_true(json_object_get(doc, "swiotlb_force")));
	assert_string_equal(json_string_value(json_object_get(doc, "iommu")), "none");
	assert_true(json_is_true(json_object_get(doc, "dev_coherent")));
	assert_true(json_is_false(json_object_get(doc, "streaming_coherent")));
	assert_contains(json_string_value(json_object_get(doc, "streaming_coherent_reason")),
			"swiotlb bounces every streaming mapping");
	assert_int_equal(json_integer_value(json_object_get(doc, "page_size")), 4096);
	assert_int_equal(json_integer_value(json_object_get(doc, "max_contig_size")), 4 << 20);
	assert_int_equal(json_integer_value(json_object_get(doc, "byte_cap")), 1LL << 30);
	assert_true(json_is_false(json_object_get(doc, "cma")));
	assert_true(json_is_true(json_object_get(doc, "edu_present")));
	assert_true(json_is_false(json_object_get(doc, "pci_present")));
	kinds = json_object_get(doc, "kinds");
	assert_int_equal(json_array_size(kinds), 5);
	assert_string_equal(json_string_value(json_array_get(kinds, 0)), "coherent");
	assert_string_equal(json_string_value(json_array_get(kinds, 4)), "noncoherent");
	cnt = json_object_get(doc, "counters");
	assert_int_equal(json_integer_value(json_object_get(cnt, "live_buffers")), 3);
	assert_int_equal(json_integer_value(json_object_get(cnt, "live_bytes")), 12288);
	assert_int_equal(json_integer_value(json_object_get(cnt, "live_mmaps")), 1);
	assert_int_equal(json_integer_value(json_object_get(cnt, "live_files")), 2);
	cpu = json_object_get(doc, "cpu");
	assert_string_equal(json_string_value(json_object_get(cpu, "model")), host.cpu_model);
	assert_int_equal(json_integer_value(json_object_get(cpu, "cores")), 2);
	assert_int_equal(json_integer_value(json_object_get(doc, "memory_bytes")), 2084044800);
	assert_string_equal(json_string_value(json_object_get(doc, "host_kernel")), "6.1.0-host");
	json_decref(doc);
}

/* dma-direct without bouncing: no mapping limit, no optimal size. */
static void test_values_direct(void **state)
{
	struct dmabench_info info = swiotlb_edu();
	json_t *doc, *kinds;

	(void)state;
	info.flags = DMABENCH_INFO_SWIOTLB_ACTIVE | DMABENCH_INFO_DEV_COHERENT |
		     DMABENCH_INFO_CMA;
	info.iommu = DMABENCH_IOMMU_STRICT;
	info.max_mapping_size = UINT64_MAX;
	info.opt_mapping_size = 4096;	/* without HAS_OPT_SIZE: ignored */
	info.kinds = (1U << DMABENCH_KIND_STREAMING) | (1U << 9);
	doc = round_trip(&info);
	assert_true(json_is_false(json_object_get(doc, "dma_need_sync")));
	assert_true(json_is_null(json_object_get(doc, "max_mapping_size")));
	assert_true(json_is_null(json_object_get(doc, "opt_mapping_size")));
	assert_true(json_is_false(json_object_get(doc, "swiotlb_force")));
	assert_true(json_is_true(json_object_get(doc, "cma")));
	assert_string_equal(json_string_value(json_object_get(doc, "iommu")), "strict");
	assert_true(json_is_true(json_object_get(doc, "streaming_coherent")));
	assert_contains(json_string_value(json_object_get(doc, "streaming_coherent_reason")),
			"syncs are no-ops; mappings go through an IOMMU in strict mode");
	kinds = json_object_get(doc, "kinds");
	assert_int_equal(json_array_size(kinds), 2);
	assert_string_equal(json_string_value(json_array_get(kinds, 0)), "streaming");
	assert_string_equal(json_string_value(json_array_get(kinds, 1)), "kind-9");
	json_decref(doc);
}

/* The module's fixed arrays need not be terminated or UTF-8. */
static void test_kernel_strings_sanitized(void **state)
{
	struct dmabench_info info = swiotlb_edu();
	json_t *doc;
	char want[sizeof(info.release) + 1];

	(void)state;
	memset(info.release, 'r', sizeof(info.release));
	memset(want, 'r', sizeof(info.release));
	want[sizeof(info.release)] = '\0';
	strcpy(info.driver, "dm\xff\x01x");
	info.device = 77;
	info.iommu = 99;
	doc = round_trip(&info);
	assert_string_equal(json_string_value(json_object_get(doc, "kernel")), want);
	assert_string_equal(json_string_value(json_object_get(json_object_get(doc, "device"),
							      "driver")), "dm??x");
	assert_string_equal(json_string_value(json_object_get(json_object_get(doc, "device"),
							      "kind")), "unknown");
	assert_string_equal(json_string_value(json_object_get(doc, "iommu")), "other");
	json_decref(doc);
}

static char *text_of(const struct dmabench_info *info)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	assert_non_null(f);
	assert_int_equal(info_print_text(f, info, &host), 0);
	assert_int_equal(fclose(f), 0);
	return text;
}

/* Every "key: value" line has its value in the same column. */
static void test_text_aligned(void **state)
{
	struct dmabench_info info = swiotlb_edu();
	char *text = text_of(&info), *line, *save = NULL;
	int column = -1, lines = 0;

	(void)state;
	assert_contains(text, "\ndma_need_sync:");
	assert_contains(text, "\nmax_mapping_size:");
	assert_contains(text, " 262144 (256 KiB)\n");
	assert_contains(text, "\nStreaming DMA is NOT coherent for this device: swiotlb bounces");
	for (line = strtok_r(text, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		char *colon = strchr(line, ':');
		int col;

		if (strncmp(line, "Streaming DMA", 13) == 0)
			break;
		assert_non_null(colon);
		col = (int)(colon - line) + 1 + (int)strspn(colon + 1, " ");
		if (column < 0)
			column = col;
		if (col != column)
			fail_msg("value of '%s' starts at %d, not %d", line, col, column);
		lines++;
	}
	assert_true(lines >= 20);
	free(text);
}

static void test_text_direct(void **state)
{
	struct dmabench_info info = swiotlb_edu();
	char *text;

	(void)state;
	info.flags = DMABENCH_INFO_DEV_COHERENT;
	info.max_mapping_size = UINT64_MAX;
	text = text_of(&info);
	assert_contains(text, "unlimited\n");
	assert_contains(text, "Streaming DMA is coherent for this device: the device is DMA-coherent");
	free(text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_keys_in_stable_order),
		cmocka_unit_test(test_values_swiotlb),
		cmocka_unit_test(test_values_direct),
		cmocka_unit_test(test_kernel_strings_sanitized),
		cmocka_unit_test(test_text_aligned),
		cmocka_unit_test(test_text_direct),
	};

	return cmocka_run_group_tests_name("device_info", tests, NULL, NULL);
}
