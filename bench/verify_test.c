// SPDX-License-Identifier: GPL-2.0
/*
 * verify: `dmabench verify` once inside `dmabench run`, so that every
 * results.json says what the device itself showed (results.json's
 * "verify", the same object as `verify --json`): a round trip per kind
 * through edu's DMA engine, and whether the CPU reads stale data without
 * the sync for the CPU.  A failed round trip is an error of the run.  On
 * a device without a DMA engine it is skipped with the reason.
 */
#include <errno.h>
#include <stdio.h>

#include "device_transfer_plan.h"
#include "names.h"
#include "user_measure.h"
#include "verify.h"
#include "verify_test.h"

#define TEST	"verify"
#define WHAT	"device DMA through every kind"

/* Every tested kind whose round trip failed is an error, in its own words. */
static int verify_errors(struct run_ctx *ctx, const struct verify_result *r)
{
	int ret = 0;

	for (uint32_t k = 0; k < DMABENCH_KIND_COUNT; k++) {
		const struct verify_kind *v = &r->kinds[k];

		if (!v->tested || v->roundtrip_ok)
			continue;
		user_failed(ctx->res, TEST, "%s: the device's round trip failed: %s",
			    name_of(&kind_names, k), v->error[0] ? v->error : "no reason recorded");
		ret = -EIO;
	}
	return ret;
}

static int run_verify(struct run_ctx *ctx)
{
	const char *missing = dt_engine_missing(&ctx->dev->info);
	static struct verify_result r;
	char sentence[512];
	int ret;

	if (missing) {
		user_skipped(ctx->res, TEST, WHAT, missing);
		return 0;
	}
	ret = verify_collect(ctx->dev, ctx->dev->info.device, &r);
	if (ret == -EOPNOTSUPP) {	/* a pci= device that is not an edu */
		device_error_sentence(ctx->dev, sentence, sizeof(sentence));
		user_skipped(ctx->res, TEST, WHAT, sentence);
		return 0;
	}
	if (ret)
		return user_device_failed(ctx->res, ctx->dev, TEST);
	ret = results_set_verify(ctx->res, verify_json(&r));
	if (ret) {
		user_failed(ctx->res, TEST, "cannot record the result: out of memory");
		return ret;
	}
	verify_sentence(&r, sentence, sizeof(sentence));
	fprintf(stderr, "dmabench: verify: %s\n", sentence);
	return verify_errors(ctx, &r);
}

const struct test_def verify_test = {
	.name = TEST,
	.what = "`dmabench verify` once: edu's DMA engine through every kind, round trip and stale data without sync (results.json \"verify\")",
	.needs_module = true,
	.quick = true,
	.run = run_verify,
};
