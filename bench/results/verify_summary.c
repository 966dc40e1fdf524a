// SPDX-License-Identifier: GPL-2.0
/* results.json's "verify" for the reports; see verify_summary.h. */
#include "results/verify_summary.h"

#include <stdio.h>
#include <string.h>

#include "dmabench.h"
#include "core/names.h"

/* Append @kind to a list "a, b and c" of @total, the @n-th (1-based). */
static void list_add(char *buf, size_t len, const char *kind, unsigned int n,
		     unsigned int total)
{
	size_t used = strlen(buf);

	if (used < len)
		snprintf(buf + used, len - used, "%s%s",
			 n == 1 ? "" : n == total ? " and " : ", ", kind);
}

struct verify_kind verify_kind_of(json_t *kinds, unsigned int kind)
{
	json_t *o = json_object_get(kinds, name_of(&kind_names, kind));
	json_t *stale = json_object_get(o, "stale_without_sync");
	const char *rt = json_string_value(json_object_get(o, "roundtrip"));
	struct verify_kind v = { .stale = -1 };

	if (!json_is_object(o))
		return v;
	v.tried = true;
	v.roundtrip_ok = rt && !strcmp(rt, "ok");
	if (json_is_boolean(stale))
		v.stale = json_is_true(stale);
	return v;
}

/* Kinds in the ABI's order, whatever order the file has them in. */
static void count(json_t *kinds, struct verify_summary *s)
{
	for (unsigned int k = 0; k < DMABENCH_KIND_COUNT; k++) {
		struct verify_kind v = verify_kind_of(kinds, k);

		if (!v.tried)
			continue;
		s->tested++;
		s->ok += v.roundtrip_ok;
		s->measured += v.stale >= 0;
		s->stale += v.stale == 1;
	}
}

static void lists(json_t *kinds, struct verify_summary *s)
{
	unsigned int st = 0, bad = 0;

	for (unsigned int k = 0; k < DMABENCH_KIND_COUNT; k++) {
		const char *name = name_of(&kind_names, k);
		struct verify_kind v = verify_kind_of(kinds, k);

		if (!v.tried)
			continue;
		if (v.stale == 1)
			list_add(s->stale_kinds, sizeof(s->stale_kinds), name, ++st, s->stale);
		if (!v.roundtrip_ok)
			list_add(s->failed_kinds, sizeof(s->failed_kinds), name, ++bad,
				 s->tested - s->ok);
	}
}

void verify_summary_of(const struct rd_run *run, struct verify_summary *s)
{
	json_t *v = json_object_get(run->doc, "verify");
	json_t *obs = json_object_get(v, "streaming_coherent_observed");
	json_t *known = json_object_get(v, "answer_known");
	const char *dev = json_string_value(json_object_get(v, "device"));
	const char *name = json_string_value(json_object_get(v, "dev_name"));

	memset(s, 0, sizeof(*s));
	s->observed = -1;
	if (!json_is_object(v))
		return;
	s->present = true;
	/* An answer the test could not give is unknown, not "no". */
	if (json_is_boolean(obs) && !json_is_false(known))
		s->observed = json_is_true(obs);
	snprintf(s->device, sizeof(s->device), "%s%s%s", dev ? dev : "the device",
		 name && *name ? " " : "", name ? name : "");
	count(json_object_get(v, "kinds"), s);
	lists(json_object_get(v, "kinds"), s);
}

void verify_summary_coherent(const struct verify_summary *s, char *buf, size_t len)
{
	if (!s->present)
		snprintf(buf, len, "not measured");
	else if (s->observed < 0)
		snprintf(buf, len, "unknown: no streaming-mapped kind completed the test");
	else if (s->observed)
		snprintf(buf, len, "yes: no stale data without sync in %u kind%s that sync",
			 s->measured, s->measured == 1 ? "" : "s");
	else
		snprintf(buf, len, "no: stale data without sync in %s", s->stale_kinds);
}

void verify_summary_roundtrips(const struct verify_summary *s, char *buf, size_t len)
{
	if (!s->present)
		snprintf(buf, len, "not measured");
	else if (s->ok == s->tested)
		snprintf(buf, len, "ok in %u of %u kinds", s->ok, s->tested);
	else
		snprintf(buf, len, "FAILED in %s; ok in %u of %u kinds", s->failed_kinds,
			 s->ok, s->tested);
}
