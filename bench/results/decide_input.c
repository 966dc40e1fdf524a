// SPDX-License-Identifier: GPL-2.0
/* results.json as decide's input; see decide_input.h. */
#include "results/decide_input.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "core/driver_facts.h"
#include "core/names.h"
#include "results/verify_summary.h"

/* verify's per-kind answers, when verify tried the facts' device. */
static void verify_evidence(const struct rd_run *run, const struct dmabench_facts *f,
			    struct decide_evidence *e)
{
	json_t *v = json_object_get(run->doc, "verify");
	json_t *kinds = json_object_get(v, "kinds");
	const char *dev = json_string_value(json_object_get(v, "device"));
	const char *name = json_string_value(json_object_get(v, "dev_name"));
	const char *want = name_of(&device_names, f->device);

	if (!json_is_object(kinds) || !dev || !want || strcmp(dev, want))
		return;
	e->measured = true;
	snprintf(e->by, sizeof(e->by), "%s%s%s", dev, name && *name ? " " : "",
		 name ? name : "");
	for (unsigned int k = 0; k < DMABENCH_KIND_COUNT; k++) {
		struct verify_kind vk = verify_kind_of(kinds, k);

		if (!vk.tried)
			continue;
		e->roundtrip[k] = vk.roundtrip_ok;
		if (vk.stale >= 0)
			e->stale[k] = vk.stale;
	}
}

static double p50_of(const struct rd_run *run, const char *kind, const char *op,
		     uint64_t size)
{
	struct rd_query q = { .test = "transfer", .kind = kind, .op = op, .size = size };
	const struct rd_item *it = rd_find(run, &q);

	return it ? it->stats.p50 : NAN;
}

/* The smallest transfer measured: the figure closest to a driver's buffer. */
static void cost_evidence(const struct rd_run *run, struct decide_evidence *e)
{
	uint64_t size = 0;

	for (size_t i = 0; i < run->nitems; i++) {
		const struct rd_item *it = &run->items[i];

		if (it->test && it->op && !strcmp(it->test, "transfer") &&
		    !strcmp(it->op, "total") && it->size && (!size || it->size < size))
			size = it->size;
	}
	if (!size)
		return;
	e->cost_size = size;
	for (unsigned int k = 0; k < DMABENCH_KIND_COUNT; k++) {
		const char *kind = name_of(&kind_names, k);

		e->fill_read_ns[k] = p50_of(run, kind, "fill", size) +
				     p50_of(run, kind, "read", size);
		e->total_ns[k] = p50_of(run, kind, "total", size);
	}
}

int decide_input_of(const struct rd_run *run, struct dmabench_facts *f,
		    struct decide_evidence *e, char *why, size_t len)
{
	json_t *facts = json_object_get(run->doc, "driver_facts");

	decide_evidence_init(e);
	if (!facts) {
		snprintf(why, len, "the run recorded no driver facts (a harness or module without FACTS)");
		return -1;
	}
	if (driver_facts_from_json(facts, f, why, len))
		return -1;
	e->lab = json_is_true(json_object_get(run->platform, "lab"));
	verify_evidence(run, f, e);
	cost_evidence(run, e);
	return 0;
}

bool decide_run(const struct rd_run *run, struct dmabench_facts *f,
		struct decide_evidence *e, struct decision *d,
		char *why, size_t len)
{
	if (decide_input_of(run, f, e, why, len))
		return false;
	decide(f, e, d);
	return true;
}
