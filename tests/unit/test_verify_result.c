// SPDX-License-Identifier: GPL-2.0
/* verify_report.c: the empirical answer, its sentence, JSON and table. */
#include "unit.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dmabench.h"
#include "core/errors.h"
#include "suites/verify.h"

/* Every kind tested and ok; @stale_mask: kinds whose no-sync read was stale. */
static struct verify_result result(unsigned int stale_mask)
{
	struct verify_result r;

	memset(&r, 0, sizeof(r));
	r.device = DMABENCH_DEV_EDU;
	strcpy(r.dev_name, "0000:00:04.0");
	for (uint32_t k = 0; k < DMABENCH_KIND_COUNT; k++) {
		r.kinds[k].tested = true;
		r.kinds[k].roundtrip_ok = true;
		r.kinds[k].stale_measured = k != DMABENCH_KIND_COHERENT;
		r.kinds[k].stale = stale_mask & (1U << k);
		r.kinds[k].read_ns = 100000000 + k;
		r.kinds[k].write_ns = 200000000 + k;
	}
	return r;
}

static void test_kind_classes(void **state)
{
	(void)state;
	assert_false(verify_kind_syncs(DMABENCH_KIND_COHERENT));
	assert_true(verify_kind_syncs(DMABENCH_KIND_STREAMING));
	assert_true(verify_kind_syncs(DMABENCH_KIND_WC));
	assert_true(verify_kind_syncs(DMABENCH_KIND_UC));
	assert_true(verify_kind_syncs(DMABENCH_KIND_NONCOHERENT));
	assert_false(verify_kind_syncs(DMABENCH_KIND_COUNT));
	assert_false(verify_kind_streaming(DMABENCH_KIND_COHERENT));
	assert_true(verify_kind_streaming(DMABENCH_KIND_STREAMING));
	assert_true(verify_kind_streaming(DMABENCH_KIND_WC));
	assert_true(verify_kind_streaming(DMABENCH_KIND_UC));
	assert_false(verify_kind_streaming(DMABENCH_KIND_NONCOHERENT));
}

static void test_answer(void **state)
{
	struct verify_result r = result(0);

	(void)state;
	assert_true(verify_answer_known(&r));
	assert_true(verify_streaming_coherent(&r));
	/* One streaming-mapped kind with stale data is enough for "no". */
	r = result(1U << DMABENCH_KIND_UC);
	assert_false(verify_streaming_coherent(&r));
	/* noncoherent memory is not a streaming mapping. */
	r = result(1U << DMABENCH_KIND_NONCOHERENT);
	assert_true(verify_streaming_coherent(&r));
	/* Nothing measured: unknown, and never claimed coherent. */
	r = result(0);
	for (uint32_t k = 0; k < DMABENCH_KIND_COUNT; k++)
		r.kinds[k].stale_measured = false;
	assert_false(verify_answer_known(&r));
	assert_false(verify_streaming_coherent(&r));
}

static void test_all_ok(void **state)
{
	struct verify_result r = result(0);

	(void)state;
	assert_true(verify_all_ok(&r));
	/* An untested kind (not in the module) is no failure. */
	r.kinds[DMABENCH_KIND_WC].tested = false;
	r.kinds[DMABENCH_KIND_WC].roundtrip_ok = false;
	assert_true(verify_all_ok(&r));
	r.kinds[DMABENCH_KIND_COHERENT].roundtrip_ok = false;
	assert_false(verify_all_ok(&r));
}

static void test_sentences(void **state)
{
	struct verify_result r = result(0);
	char buf[512];
	size_t need;

	(void)state;
	verify_sentence(&r, buf, sizeof(buf));
	assert_contains(buf, "Streaming DMA is coherent for edu 0000:00:04.0 here");

	r = result((1U << DMABENCH_KIND_STREAMING) | (1U << DMABENCH_KIND_WC) |
		   (1U << DMABENCH_KIND_UC));
	r.info_flags = DMABENCH_INFO_SWIOTLB_FORCE;
	verify_sentence(&r, buf, sizeof(buf));
	assert_contains(buf, "NOT coherent for edu 0000:00:04.0");
	assert_contains(buf, "stale data in streaming, wc and uc (swiotlb bounce buffers");

	r = result(1U << DMABENCH_KIND_WC);
	verify_sentence(&r, buf, sizeof(buf));
	assert_contains(buf, "stale data in wc, so the syncs are needed.");

	r.kinds[DMABENCH_KIND_STREAMING].stale_measured = false;
	r.kinds[DMABENCH_KIND_WC].stale_measured = false;
	r.kinds[DMABENCH_KIND_UC].stale_measured = false;
	need = verify_sentence(&r, buf, sizeof(buf));
	assert_contains(buf, "is unknown");
	assert_int_equal(need, strlen(buf));
	/* Truncated output still reports the length it needed. */
	assert_int_equal(verify_sentence(&r, buf, 8), need);
	assert_int_equal(strlen(buf), 7);
}

static void test_json(void **state)
{
	struct verify_result r = result(1U << DMABENCH_KIND_STREAMING);
	json_t *doc, *kinds, *k;

	(void)state;
	r.kinds[DMABENCH_KIND_UC].tested = false;
	r.kinds[DMABENCH_KIND_WC].roundtrip_ok = false;
	strcpy(r.kinds[DMABENCH_KIND_WC].error, "device write: it broke");
	doc = verify_json(&r);
	assert_non_null(doc);
	assert_string_equal(json_string_value(json_object_get(doc, "device")), "edu");
	assert_string_equal(json_string_value(json_object_get(doc, "dev_name")), "0000:00:04.0");
	assert_true(json_is_false(json_object_get(doc, "streaming_coherent_observed")));
	kinds = json_object_get(doc, "kinds");
	/* uc untested; import is never a verified kind, even marked tested */
	assert_int_equal(json_object_size(kinds), DMABENCH_KIND_COUNT - 2);
	assert_null(json_object_get(kinds, "uc"));
	assert_null(json_object_get(kinds, "import"));

	k = json_object_get(kinds, "coherent");
	assert_string_equal(json_string_value(json_object_get(k, "roundtrip")), "ok");
	assert_null(json_object_get(k, "stale_without_sync"));
	assert_int_equal(json_integer_value(json_object_get(k, "device_read_ns")), 100000000);

	k = json_object_get(kinds, "streaming");
	assert_true(json_is_true(json_object_get(k, "stale_without_sync")));
	k = json_object_get(kinds, "noncoherent");
	assert_true(json_is_false(json_object_get(k, "stale_without_sync")));
	k = json_object_get(kinds, "wc");
	assert_string_equal(json_string_value(json_object_get(k, "roundtrip")), "failed");
	assert_string_equal(json_string_value(json_object_get(k, "error")),
			    "device write: it broke");
	assert_contains(json_string_value(json_object_get(doc, "answer")), "NOT coherent");
	json_decref(doc);

	r = result(0);
	doc = verify_json(&r);
	assert_true(json_is_true(json_object_get(doc, "streaming_coherent_observed")));
	json_decref(doc);
}

static void test_text(void **state)
{
	struct verify_result r = result(1U << DMABENCH_KIND_STREAMING);
	char *out = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&out, &len);

	(void)state;
	assert_non_null(f);
	r.kinds[DMABENCH_KIND_UC].tested = false;
	r.kinds[DMABENCH_KIND_IMPORT].tested = false;
	assert_int_equal(verify_print_text(f, &r), 0);
	fclose(f);
	/* The import kind is no buffer kind: verify's table never lists it. */
	assert_null(strstr(out, "import"));
	assert_contains(out, "kind         round trip  stale w/o sync");
	assert_contains(out, "coherent     ok          - (no syncs)");
	assert_contains(out, "streaming    ok          yes");
	assert_contains(out, "noncoherent  ok          no");
	assert_contains(out, "uc           not supported by the module");
	assert_contains(out, "100.000");
	assert_contains(out, "\nStreaming DMA is NOT coherent");
	free(out);
}

/* The sentences for DEVICE_DMA's own errors (errors.c). */
static void test_device_dma_errors(void **state)
{
	static const struct {
		int err;
		const char *says;
	} cases[] = {
		{ EOPNOTSUPP, "no DMA engine the module can drive: only QEMU's edu has one; use --device edu" },
		{ ENODEV, "the edu device went away" },
		{ ETIMEDOUT, "did not finish a transfer in 5 s" },
		{ EBUSY, "still busy with an earlier transfer" },
		{ EINVAL, "DEVICE_DMA was rejected (EINVAL)" },
		{ ENOENT, "DEVICE_DMA: unknown buffer handle" },
		{ ENOTTY, "does not know the DEVICE_DMA ioctl" },
	};
	char buf[512];

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct call_error e = { .call = CALL_DEVICE_DMA, .err = cases[i].err };

		error_sentence(&e, buf, sizeof(buf));
		assert_contains(buf, cases[i].says);
	}
	assert_string_equal(failed_call_name(CALL_DEVICE_DMA), "DEVICE_DMA");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_kind_classes),
		cmocka_unit_test(test_answer),
		cmocka_unit_test(test_all_ok),
		cmocka_unit_test(test_sentences),
		cmocka_unit_test(test_json),
		cmocka_unit_test(test_text),
		cmocka_unit_test(test_device_dma_errors),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
