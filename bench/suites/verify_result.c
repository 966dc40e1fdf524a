// SPDX-License-Identifier: GPL-2.0
/* `dmabench verify`'s answer, JSON and table; see verify_result.h. */
#include "suites/verify_result.h"

#include <errno.h>
#include <stdarg.h>
#include <string.h>

#include "core/json.h"
#include "core/names.h"

bool verify_kind_syncs(uint32_t kind)
{
	return kind < DMABENCH_KIND_COUNT && kind != DMABENCH_KIND_COHERENT;
}

bool verify_kind_streaming(uint32_t kind)
{
	return kind == DMABENCH_KIND_STREAMING || kind == DMABENCH_KIND_WC ||
	       kind == DMABENCH_KIND_UC;
}

bool verify_answer_known(const struct verify_result *r)
{
	for (uint32_t k = 0; k < DMABENCH_KIND_COUNT; k++)
		if (verify_kind_streaming(k) && r->kinds[k].stale_measured)
			return true;
	return false;
}

bool verify_streaming_coherent(const struct verify_result *r)
{
	for (uint32_t k = 0; k < DMABENCH_KIND_COUNT; k++)
		if (verify_kind_streaming(k) && r->kinds[k].stale_measured &&
		    r->kinds[k].stale)
			return false;
	return verify_answer_known(r);
}

bool verify_all_ok(const struct verify_result *r)
{
	for (uint32_t k = 0; k < DMABENCH_KIND_COUNT; k++)
		if (r->kinds[k].tested && !r->kinds[k].roundtrip_ok)
			return false;
	return true;
}

/* "streaming, wc and uc": the kinds that showed stale data. */
static void stale_kinds(const struct verify_result *r, char *buf, size_t len)
{
	unsigned int n = 0, total = 0, k;
	size_t used = 0;

	for (k = 0; k < DMABENCH_KIND_COUNT; k++)
		total += r->kinds[k].stale_measured && r->kinds[k].stale;
	buf[0] = '\0';
	for (k = 0; k < DMABENCH_KIND_COUNT && used < len; k++) {
		if (!r->kinds[k].stale_measured || !r->kinds[k].stale)
			continue;
		n++;
		used += (size_t)snprintf(buf + used, len - used, "%s%s",
					 n == 1 ? "" : n == total ? " and " : ", ",
					 name_of(&kind_names, k));
	}
}

/* "edu 0000:00:04.0" */
static void device_label(const struct verify_result *r, char *buf, size_t len)
{
	const char *name = name_of(&device_names, r->device);

	snprintf(buf, len, "%s%s%s", name ? name : "the device",
		 r->dev_name[0] ? " " : "", r->dev_name);
}

size_t verify_sentence(const struct verify_result *r, char *buf, size_t len)
{
	char dev[96];
	bool bounces = r->info_flags & (DMABENCH_INFO_SWIOTLB_FORCE |
					DMABENCH_INFO_SWIOTLB_ACTIVE);
	char kinds[64];
	int n;

	device_label(r, dev, sizeof(dev));
	if (!verify_answer_known(r)) {
		n = snprintf(buf, len,
			     "Whether streaming DMA is coherent for %s is unknown: no streaming-mapped kind completed the test.",
			     dev);
	} else if (verify_streaming_coherent(r)) {
		n = snprintf(buf, len,
			     "Streaming DMA is coherent for %s here: the device's writes reached the CPU without dma_sync_*_for_cpu() in every streaming mapping (the DMA API still requires the syncs).",
			     dev);
	} else {
		stale_kinds(r, kinds, sizeof(kinds));
		n = snprintf(buf, len,
			     "Streaming DMA is NOT coherent for %s here: without dma_sync_*_for_cpu() the CPU read stale data in %s%s, so the syncs are needed.",
			     dev, kinds,
			     bounces ? " (swiotlb bounce buffers: the device wrote the bounce copy)" : "");
	}
	return n < 0 ? 0 : (size_t)n;
}

static json_t *kind_json(uint32_t kind, const struct verify_kind *v)
{
	json_t *o = json_object();

	if (!o)
		return NULL;
	json_object_set_new(o, "roundtrip", json_string(v->roundtrip_ok ? "ok" : "failed"));
	if (verify_kind_syncs(kind) && v->stale_measured)
		json_object_set_new(o, "stale_without_sync", json_boolean(v->stale));
	json_object_set_new(o, "device_read_ns", json_u64_or_null(v->read_ns));
	json_object_set_new(o, "device_write_ns", json_u64_or_null(v->write_ns));
	if (v->error[0])
		json_object_set_new(o, "error", json_string(v->error));
	return o;
}

json_t *verify_json(const struct verify_result *r)
{
	json_t *doc = json_object(), *kinds = json_object(), *untested = NULL;
	char sentence[512];

	if (!doc || !kinds) {
		json_decref(doc);
		json_decref(kinds);
		return NULL;
	}
	verify_sentence(r, sentence, sizeof(sentence));
	json_object_set_new(doc, "device", name_of(&device_names, r->device) ?
			    json_string(name_of(&device_names, r->device)) : json_null());
	json_object_set_new(doc, "dev_name", json_string(r->dev_name));
	json_object_set_new(doc, "streaming_coherent_observed",
			    json_boolean(verify_streaming_coherent(r)));
	json_object_set_new(doc, "answer_known", json_boolean(verify_answer_known(r)));
	for (uint32_t k = 0; k < DMABENCH_KIND_COUNT; k++) {
		json_t *o;

		if (!KIND_IS_BUFFER(k))
			continue;
		if (!r->kinds[k].tested && r->kinds[k].untested[0]) {
			if (!untested)
				untested = json_object();
			json_object_set_new(untested, name_of(&kind_names, k),
					    json_string(r->kinds[k].untested));
		}
		if (!r->kinds[k].tested)
			continue;
		o = kind_json(k, &r->kinds[k]);
		if (!o || json_object_set_new(kinds, name_of(&kind_names, k), o)) {
			json_decref(doc);
			json_decref(kinds);
			json_decref(untested);
			return NULL;
		}
	}
	json_object_set_new(doc, "kinds", kinds);
	if (untested)
		json_object_set_new(doc, "untested", untested);
	json_object_set_new(doc, "answer", json_string(sentence));
	return doc;
}

static const char *stale_cell(uint32_t kind, const struct verify_kind *v)
{
	if (!verify_kind_syncs(kind))
		return "- (no syncs)";
	if (!v->stale_measured)
		return "not measured";
	return v->stale ? "yes" : "no";
}

static void print_row(FILE *f, uint32_t kind, const struct verify_kind *v)
{
	const char *name = name_of(&kind_names, kind);

	if (!v->tested) {
		fprintf(f, "%-12s %s\n", name,
			v->untested[0] ? v->untested : "not supported by the module");
		return;
	}
	fprintf(f, "%-12s %-11s %-15s %11.3f %11.3f\n", name,
		v->roundtrip_ok ? "ok" : "FAILED", stale_cell(kind, v),
		(double)v->read_ns / 1e6, (double)v->write_ns / 1e6);
	if (v->error[0])
		fprintf(f, "%12s %s\n", "", v->error);
}

int verify_print_text(FILE *f, const struct verify_result *r)
{
	char sentence[512], dev[96];

	device_label(r, dev, sizeof(dev));
	fprintf(f, "Device DMA by %s through every kind (2 KiB each way):\n\n", dev);
	fprintf(f, "%-12s %-11s %-15s %11s %11s\n", "kind", "round trip",
		"stale w/o sync", "read ms", "write ms");
	for (uint32_t k = 0; k < DMABENCH_KIND_COUNT; k++)
		if (KIND_IS_BUFFER(k))
			print_row(f, k, &r->kinds[k]);
	verify_sentence(r, sentence, sizeof(sentence));
	fprintf(f, "\n%s\n", sentence);
	if (fflush(f) || ferror(f))
		return -EIO;
	return 0;
}
