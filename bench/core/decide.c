// SPDX-License-Identifier: GPL-2.0
/* What a TTM-based driver would choose here, and is it safe; see decide.h. */
#include "core/decide.h"

#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <string.h>

#include "core/coherence.h"
#include "core/driver_facts.h"
#include "core/names.h"
#include "core/units.h"

#define KBIT(k)		(1U << (k))
#define PAGE_KINDS	(KBIT(DMABENCH_KIND_STREAMING) | KBIT(DMABENCH_KIND_WC))

void decide_evidence_init(struct decide_evidence *e)
{
	memset(e, 0, sizeof(*e));
	for (unsigned int k = 0; k < DMABENCH_KIND_COUNT; k++) {
		e->stale[k] = -1;
		e->roundtrip[k] = -1;
		e->fill_read_ns[k] = NAN;
		e->total_ns[k] = NAN;
	}
}

static bool has(const struct dmabench_facts *f, uint32_t bit)
{
	return f->flags & bit;
}

/* What makes a driver give up: a mask it cannot use, or no DMA at all. */
static const char *refusal(const struct dmabench_facts *f)
{
	if (!f->dma_bits)
		return "the device has no DMA mask (dma_set_mask_and_coherent() failed or was never called)";
	if (f->iommu == DMABENCH_IOMMU_BLOCKED)
		return "the IOMMU blocks the device's DMA (blocked domain)";
	return NULL;
}

/*
 * dmabench's page kinds take their pages from the zone the device reaches
 * without bouncing where it can, else from anywhere (swiotlb bounces
 * them); TTM takes GFP_DMA32 pages when use_dma32 and GFP_HIGHUSER ones
 * otherwise.  The observation stands for TTM's pages only when the zones
 * agree.
 */
static bool pages_match(const struct dmabench_facts *f, bool use_dma32)
{
	bool low = has(f, DMABENCH_FACT_PAGES_DMA32) || has(f, DMABENCH_FACT_PAGES_DMA);

	return use_dma32 == low;
}

/* The facts' answer for pages mapped with dma_map_page() and never synced. */
static void predict_pages(const struct dmabench_facts *f, struct decision *d)
{
	struct coherence_facts cf = {
		.need_sync = has(f, DMABENCH_FACT_NEED_SYNC_PAGES),
		.swiotlb_force = has(f, DMABENCH_FACT_SWIOTLB_FORCE),
		.dev_coherent = has(f, DMABENCH_FACT_DEV_COHERENT),
		.iommu = f->iommu,
	};
	struct coherence_verdict v;

	if (d->use_dma32 && !d->pages_match) {
		/* GFP_DMA32 pages: below 4 GiB, so only a narrower mask bounces. */
		d->predicted_stale = cf.swiotlb_force || !cf.dev_coherent || f->dma_bits < 32;
		snprintf(d->predicted_why, sizeof(d->predicted_why), "%s",
			 cf.swiotlb_force ? "swiotlb bounces every streaming mapping, GFP_DMA32 pages too" :
			 !cf.dev_coherent ? "the device is not DMA-coherent: cache maintenance is needed around each transfer" :
			 f->dma_bits < 32 ? "GFP_DMA32 pages can lie above the device's mask, and those bounce" :
			 "GFP_DMA32 pages lie within the mask and the device is DMA-coherent: nothing to sync");
		return;
	}
	v = coherence_verdict(&cf);
	d->predicted_stale = !v.coherent;
	snprintf(d->predicted_why, sizeof(d->predicted_why), "%s", v.reason);
}

static void predict(const struct dmabench_facts *f, struct decision *d)
{
	if (d->kinds & PAGE_KINDS) {
		predict_pages(f, d);
		return;
	}
	d->predicted_stale = false;
	snprintf(d->predicted_why, sizeof(d->predicted_why),
		 "dma_alloc_coherent() memory is coherent by contract: it needs no sync");
}

static void add_kind(char *buf, size_t len, uint32_t kind)
{
	size_t used = strlen(buf);

	if (used < len)
		snprintf(buf + used, len - used, "%s%s", used ? ", " : "",
			 name_of(&kind_names, kind));
}

/* 1: some kind of the choice went wrong, 0: all were fine, -1: not all known. */
static int observe_kind(const struct decide_evidence *e, const struct decision *d,
			uint32_t k, char *bad, size_t len, char *failed, size_t flen)
{
	if (e->roundtrip[k] == 0) {
		add_kind(failed, flen, k);
		return 1;
	}
	if (k == DMABENCH_KIND_COHERENT)
		return e->roundtrip[k] < 0 ? -1 : 0;	/* never synced: ok is all */
	if (!d->pages_match)
		return -1;
	if (e->stale[k] == 1)
		add_kind(bad, len, k);
	return e->stale[k];
}

/* "a, b, c" -> "a, b and c" */
static void and_last(char *list, size_t len)
{
	char *comma = strrchr(list, ',');
	size_t tail;

	if (!comma || strlen(list) + 4 > len)
		return;
	tail = strlen(comma + 1) + 1;
	memmove(comma + 4, comma + 1, tail);
	memcpy(comma, " and", 4);
}

static void observe(const struct decide_evidence *e, struct decision *d)
{
	char bad[64] = "", failed[64] = "";
	bool unknown = false, stale = false;

	for (uint32_t k = 0; k < DMABENCH_KIND_COUNT; k++) {
		int o;

		if (!(d->kinds & KBIT(k)))
			continue;
		o = e->measured ? observe_kind(e, d, k, bad, sizeof(bad), failed,
					       sizeof(failed)) : -1;
		stale |= o == 1;
		unknown |= o < 0;
	}
	d->observed_stale = stale ? 1 : unknown ? -1 : 0;
	and_last(bad, sizeof(bad));
	and_last(failed, sizeof(failed));
	if (failed[0])
		snprintf(d->observed_what, sizeof(d->observed_what),
			 "the device's round trip failed in %s", failed);
	else if (stale)
		snprintf(d->observed_what, sizeof(d->observed_what),
			 "without dma_sync_*_for_cpu() the CPU read stale data in %s", bad);
	else if (!unknown)
		snprintf(d->observed_what, sizeof(d->observed_what),
			 "the device's writes reached the CPU without a sync in every kind the choice uses");
}

void decide(const struct dmabench_facts *f, const struct decide_evidence *e,
	    struct decision *d)
{
	memset(d, 0, sizeof(*d));
	d->observed_stale = -1;
	d->refuse_why = refusal(f);
	d->refuse_load = d->refuse_why != NULL;
	if (d->refuse_load)
		return;
	d->use_dma_alloc = has(f, DMABENCH_FACT_DRM_NEED_SWIOTLB);
	d->use_dma32 = has(f, DMABENCH_FACT_ADDRESSING_LIMITED);
	d->pages_match = pages_match(f, d->use_dma32);
	if (d->use_dma_alloc) {
		d->kinds = KBIT(DMABENCH_KIND_COHERENT);
		d->main_kind = DMABENCH_KIND_COHERENT;
	} else {
		d->wc_pages = has(f, DMABENCH_FACT_DRM_CAN_WC);
		d->kinds = KBIT(DMABENCH_KIND_STREAMING) |
			   (d->wc_pages ? KBIT(DMABENCH_KIND_WC) : 0);
		d->main_kind = DMABENCH_KIND_STREAMING;
	}
	predict(f, d);
	observe(e, d);
	d->from_observation = d->observed_stale >= 0;
	if (d->from_observation)
		d->safety = d->observed_stale ? DECIDE_UNSAFE : DECIDE_SAFE;
	else
		d->safety = d->predicted_stale ? DECIDE_UNSAFE : DECIDE_SAFE;
	d->disagrees = d->from_observation && d->observed_stale != d->predicted_stale;
}

size_t decide_choice_text(const struct decision *d, char *buf, size_t len)
{
	int n;

	if (d->refuse_load)
		n = snprintf(buf, len, "refuse to load");
	else if (d->use_dma_alloc)
		n = snprintf(buf, len, "dma_alloc_coherent() backing%s (use_dma_alloc%s)",
			     d->use_dma32 ? ", GFP_DMA32" : "",
			     d->use_dma32 ? ", use_dma32" : "");
	else
		n = snprintf(buf, len, "pool pages mapped with dma_map_page(), %s%s%s",
			     d->wc_pages ? "cached or write-combined" : "cached only (no WC)",
			     d->use_dma32 ? ", GFP_DMA32" : "",
			     d->use_dma32 ? " (use_dma32)" : "");
	return n < 0 ? 0 : (size_t)n;
}

size_t decide_safety_text(const struct decision *d, char *buf, size_t len)
{
	int n;

	if (d->refuse_load)
		n = snprintf(buf, len, "refuses to load");
	else
		n = snprintf(buf, len, "%s%s", d->safety == DECIDE_SAFE ? "safe" : "UNSAFE",
			     d->from_observation ? "" : " (from the facts; not measured)");
	return n < 0 ? 0 : (size_t)n;
}

static void fmt_duration(double ns, char *buf, size_t len)
{
	if (ns >= 1e6)
		snprintf(buf, len, "%.2f ms", ns / 1e6);
	else if (ns >= 1e3)
		snprintf(buf, len, "%.1f us", ns / 1e3);
	else
		snprintf(buf, len, "%.0f ns", ns);
}

/* X of "would be correct and pay X". */
static void cost_text(const struct decide_evidence *e, const struct decision *d,
		      char *buf, size_t len)
{
	double mine = e->fill_read_ns[d->main_kind];
	double synced = e->total_ns[DMABENCH_KIND_STREAMING];
	char size[32], a[32], b[32];

	if (!e->cost_size || !isfinite(mine)) {
		snprintf(buf, len, "a cost this run did not measure (no \"transfer\" figures; `dmabench run --tests transfer` measures it)");
		return;
	}
	units_size(e->cost_size, size, sizeof(size));
	fmt_duration(mine, a, sizeof(a));
	if (isfinite(synced)) {
		fmt_duration(synced, b, sizeof(b));
		snprintf(buf, len, "%s per %s transfer (CPU fill + read through %s, no syncs) against %s for streaming with the syncs the DMA API asks for%s",
			 a, size, name_of(&kind_names, d->main_kind), b,
			 e->lab ? " (emulated timings: shape, not hardware speed)" : "");
	} else {
		snprintf(buf, len, "%s per %s transfer (CPU fill + read through %s, no syncs)%s",
			 a, size, name_of(&kind_names, d->main_kind),
			 e->lab ? " (emulated timings: shape, not hardware speed)" : "");
	}
}

size_t decide_sentence(const struct dmabench_facts *f,
		       const struct decide_evidence *e,
		       const struct decision *d, char *buf, size_t len)
{
	char choice[160], cost[400];
	int n;

	(void)f;
	decide_choice_text(d, choice, sizeof(choice));
	if (d->refuse_load)
		n = snprintf(buf, len, "A TTM-based driver would refuse to load here: %s.",
			     d->refuse_why);
	else if (d->safety == DECIDE_UNSAFE && d->from_observation)
		n = snprintf(buf, len, "A driver that assumes coherent streaming here (TTM's choice: %s) would read stale data: %s, as %s showed.",
			     choice, d->observed_what, e->by[0] ? e->by : "the device");
	else if (d->safety == DECIDE_UNSAFE)
		n = snprintf(buf, len, "A driver that assumes coherent streaming here (TTM's choice: %s) would read stale data by the facts (%s); not measured: %s.",
			     choice, d->predicted_why,
			     e->measured ? "the device's DMA did not cover the pages this choice uses" :
			     "no DMA engine tried this device");
	else {
		cost_text(e, d, cost, sizeof(cost));
		n = snprintf(buf, len, "A driver that assumes coherent streaming here (TTM's choice: %s) would be correct%s and pay %s.",
			     choice, d->from_observation ? "" :
			     " by the facts (not measured: no DMA engine tried these pages)",
			     cost);
	}
	return n < 0 ? 0 : (size_t)n;
}

static json_t *observed_json(int v)
{
	return v < 0 ? json_null() : json_boolean(v);
}

json_t *decide_json(const struct dmabench_facts *f,
		    const struct decide_evidence *e, const struct decision *d)
{
	json_t *o = json_object(), *facts = driver_facts_json(f);
	char choice[160], safety[64], sentence[1024];
	bool ok = o && facts;

	decide_choice_text(d, choice, sizeof(choice));
	decide_safety_text(d, safety, sizeof(safety));
	decide_sentence(f, e, d, sentence, sizeof(sentence));
	ok = ok && !json_object_set_new(o, "facts", facts);
	facts = NULL;
	ok = ok && !json_object_set_new(o, "refuse_load", json_boolean(d->refuse_load));
	ok = ok && !json_object_set_new(o, "use_dma_alloc", json_boolean(d->use_dma_alloc));
	ok = ok && !json_object_set_new(o, "use_dma32", json_boolean(d->use_dma32));
	ok = ok && !json_object_set_new(o, "wc_pages", json_boolean(d->wc_pages));
	ok = ok && !json_object_set_new(o, "choice", json_string(choice));
	ok = ok && !json_object_set_new(o, "choice_kind", d->refuse_load ? json_null() :
					json_string(name_of(&kind_names, d->main_kind)));
	ok = ok && !json_object_set_new(o, "predicted_stale", json_boolean(d->predicted_stale));
	ok = ok && !json_object_set_new(o, "predicted_why", json_string(d->predicted_why));
	ok = ok && !json_object_set_new(o, "observed_stale", observed_json(d->observed_stale));
	ok = ok && !json_object_set_new(o, "safe", d->refuse_load ? json_null() :
					json_boolean(d->safety == DECIDE_SAFE));
	ok = ok && !json_object_set_new(o, "from_observation", json_boolean(d->from_observation));
	ok = ok && !json_object_set_new(o, "facts_disagree", json_boolean(d->disagrees));
	ok = ok && !json_object_set_new(o, "safety", json_string(safety));
	ok = ok && !json_object_set_new(o, "verdict", json_string(sentence));
	json_decref(facts);
	if (!ok) {
		json_decref(o);
		return NULL;
	}
	return o;
}

static const char *yes_no(bool b)
{
	return b ? "yes" : "no";
}

static void print_facts(FILE *out, const struct dmabench_facts *f)
{
	char a[32], b[32];

	fprintf(out, "  dev_is_dma_coherent      %s\n", yes_no(has(f, DMABENCH_FACT_DEV_COHERENT)));
	fprintf(out, "  dma_need_sync            pages %s, dma_alloc_pages %s\n",
		yes_no(has(f, DMABENCH_FACT_NEED_SYNC_PAGES)),
		yes_no(has(f, DMABENCH_FACT_NEED_SYNC_NONCOH)));
	fprintf(out, "  dma_dev_need_sync        %s\n",
		!has(f, DMABENCH_FACT_HAS_DEV_NEED_SYNC) ? "not in this kernel (6.10+)" :
		yes_no(has(f, DMABENCH_FACT_DEV_NEED_SYNC)));
	fprintf(out, "  dma mask                 0x%" PRIx64 " (%u bits), required 0x%" PRIx64 "\n",
		(uint64_t)f->dma_mask, f->dma_bits, (uint64_t)f->required_mask);
	fprintf(out, "  dma_addressing_limited   %s\n",
		yes_no(has(f, DMABENCH_FACT_ADDRESSING_LIMITED)));
	units_size(f->swiotlb_bytes, a, sizeof(a));
	units_size(f->swiotlb_max_mapping_size, b, sizeof(b));
	if (has(f, DMABENCH_FACT_SWIOTLB_ACTIVE))
		fprintf(out, "  swiotlb                  active%s, %s pool, bounces up to %s\n",
			has(f, DMABENCH_FACT_SWIOTLB_FORCE) ? " and forced" : "", a, b);
	else
		fprintf(out, "  swiotlb                  inactive\n");
	fprintf(out, "  IOMMU domain             %s\n", driver_facts_domain_name(f->iommu));
	if (f->max_mapping_size == UINT64_MAX)
		snprintf(a, sizeof(a), "no limit");
	else
		units_size(f->max_mapping_size, a, sizeof(a));
	if (!has(f, DMABENCH_FACT_HAS_OPT_SIZE) || !f->opt_mapping_size ||
	    f->opt_mapping_size == UINT64_MAX)
		snprintf(b, sizeof(b), "none");
	else
		units_size(f->opt_mapping_size, b, sizeof(b));
	fprintf(out, "  max / opt mapping size   %s / %s\n", a, b);
	fprintf(out, "  drm_need_swiotlb(%u)     %s (highest iomem 0x%" PRIx64 "%s%s)\n",
		f->dma_bits, yes_no(has(f, DMABENCH_FACT_DRM_NEED_SWIOTLB)),
		(uint64_t)f->max_iomem,
		has(f, DMABENCH_FACT_MEM_ENCRYPT) ? ", memory encryption" : "",
		has(f, DMABENCH_FACT_XEN_PV) ? ", Xen PV" : "");
	fprintf(out, "  drm_arch_can_wc_memory   %s\n", yes_no(has(f, DMABENCH_FACT_DRM_CAN_WC)));
}

int decide_print_text(FILE *out, const struct dmabench_facts *f,
		      const struct decide_evidence *e, const struct decision *d)
{
	const char *dev = name_of(&device_names, f->device);
	char choice[160], safety[64], sentence[1024];

	decide_choice_text(d, choice, sizeof(choice));
	decide_safety_text(d, safety, sizeof(safety));
	decide_sentence(f, e, d, sentence, sizeof(sentence));
	errno = 0;
	fprintf(out, "Device %s: the facts a driver decides from\n", dev ? dev : "?");
	print_facts(out, f);
	fprintf(out, "TTM's choice: %s\n", choice);
	if (!d->refuse_load) {
		fprintf(out, "  the facts say: %s%s\n", d->predicted_stale ?
			"stale without syncs: " : "no sync needed: ", d->predicted_why);
		fprintf(out, "  device DMA:    %s\n", d->observed_stale < 0 ?
			"not measured for this choice" : d->observed_what);
		fprintf(out, "  safety:        %s%s\n", safety,
			d->disagrees ? " (the facts predicted otherwise)" : "");
	}
	fprintf(out, "%s\n", sentence);
	if (fflush(out) || ferror(out))
		return errno ? -errno : -EIO;
	return 0;
}
