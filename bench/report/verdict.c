// SPDX-License-Identifier: GPL-2.0
/*
 * The verdict's answers; see verdict.h.  Every figure is a p50 of this run,
 * the batched one where the per-op figure is mostly the timing floor
 * (rd_find_figure), and every comparison states a difference only outside
 * the noise (noise.h).
 */
#include "report/verdict.h"

#include <ctype.h>
#include <math.h>
#include <stdbool.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/units.h"
#include "core/names.h"
#include "report/fmt.h"
#include "report/noise.h"
#include "report/verdict_attrs.h"
#include "report/verdict_dmabuf.h"
#include "report/verdict_noncontig.h"
#include "report/verdict_userptr.h"
#include "results/verify_summary.h"

const uint64_t verdict_sync_sizes[VERDICT_SYNC_SIZES] = {
	4096, 65536, 1048576, 16777216,
};

static const char *const titles[VERDICT_COUNT] = {
	[VERDICT_COHERENCE] = "Is streaming DMA coherent here?",
	[VERDICT_SYNC] = "What does a sync cost?",
	[VERDICT_CROSSOVER] = "When does streaming cost more than coherent?",
	[VERDICT_CACHING] = "What does a WC/UC caching switch cost?",
	[VERDICT_WC_READ] = "How slow are reads through WC/UC?",
	[VERDICT_USERPTR] = "What does handing user memory to the device cost?",
	[VERDICT_NONCONTIG] = "What does the DMA API's buffer for non-coherent GPUs cost?",
	[VERDICT_ATTRS] = "Which DMA attributes change anything here?",
	[VERDICT_DMABUF] = "What does sharing a buffer with a second device cost, and where does it break?",
};

static const char *const vk_names[VK_COUNT] = { "wc", "uc" };
static const char *const vk_switch_op[VK_COUNT] = { "set_wc", "set_uc" };
/* The range form's ops (CACHING_RANGE: set_memory_* on one contiguous run). */
static const char *const vk_range_op[VK_COUNT] = { "set_memory_wc", "set_memory_uc" };

const char *verdict_title(enum verdict_part part)
{
	return part < VERDICT_COUNT ? titles[part] : "?";
}

/* Append to a part's text. */
__attribute__((format(printf, 3, 4)))
static void add(struct verdict *v, enum verdict_part part, const char *fmt, ...)
{
	char *buf = v->text[part];
	size_t used = strlen(buf);
	va_list ap;

	if (used + 1 >= sizeof(v->text[part]))
		return;
	va_start(ap, fmt);
	vsnprintf(buf + used, sizeof(v->text[part]) - used, fmt, ap);
	va_end(ap);
}

/* A caveat beside the sentence just added (verdict_claims() pairs them). */
static void caveat(struct verdict *v, enum verdict_part part, const char *text)
{
	unsigned int n = v->ncaveats[part];

	if (!text || n >= VERDICT_MAX_CAVEATS)
		return;
	v->caveat[part][n] = (struct verdict_caveat){
		.at = (unsigned int)strlen(v->text[part]), .text = text,
	};
	v->ncaveats[part] = n + 1;
}

/*
 * A lab run is QEMU under TCG (scripts/lab, unless LAB_ACCEL=kvm, whose CPU
 * model then is the host's): no caches, no write-combining, no real device
 * timing.  The caveats claims about those carry there; NULL elsewhere.
 */
static bool lab_tcg(const struct rd_run *run)
{
	const char *cpu = rd_platform_str(run, "cpu_model");

	return json_is_true(json_object_get(run->platform, "lab")) &&
	       (strstr(cpu, "TCG") || !strstr(cpu, "KVM"));
}

static const char *const tcg_timing =
	"Lab run under TCG: emulated timing, shape not hardware speed.";
static const char *const tcg_caches =
	"Under TCG there are no CPU caches: no cache maintenance is timed here.";
static const char *const tcg_switch =
	"Under TCG the cache flush a switch implies is emulated: the page-table "
	"work shows, a hardware flush's cost does not.";
static const char *const tcg_wc =
	"Under TCG there are no caches and no write-combining: WC, UC and cached "
	"accesses are the same emulated loads, so this is not a hardware finding.";

static double p50_of(const struct rd_item *it)
{
	return it ? it->stats.p50 : NAN;
}


/* " (batched, floor 54.0 ns excluded)" where @it is the batched twin of a floor-bound row. */
static const char *batched_tag(const struct rd_run *run, const struct rd_item *it,
			       char *buf, size_t len)
{
	char f[32];

	buf[0] = '\0';
	if (it && it->batch > 1 && run->has_floor)
		snprintf(buf, len, " (batched, floor %s excluded)",
			 fmt_ns(run->floor.p50, f, sizeof(f)));
	return buf;
}

static struct rd_spread spread_of(const struct rd_item *it)
{
	return it ? rd_spread_of(it) : (struct rd_spread){ .rel = NAN };
}

/* What the device's own DMA showed ("verify"), beside the prediction. */
static void observed(const struct rd_run *run, struct verdict *v)
{
	struct verify_summary s;
	const char *verb;

	verify_summary_of(run, &s);
	v->observed = s.observed;
	v->stale_kinds = s.stale;
	v->sync_kinds = s.measured;
	v->roundtrip_ok = s.ok;
	v->roundtrip_kinds = s.tested;
	if (!s.present) {
		add(v, VERDICT_COHERENCE, " The device's own DMA did not check this in this "
		    "run (no \"verify\": the test was not selected, or Skipped says why).");
		return;
	}
	verb = v->coherent < 0 ? "says" : s.observed == v->coherent ? "agrees" : "disagrees";
	if (s.observed < 0)
		add(v, VERDICT_COHERENCE, " The device's own DMA (%s) could not tell: no "
		    "streaming-mapped kind completed the test.", s.device);
	else if (s.observed)
		add(v, VERDICT_COHERENCE, " The device's own DMA (%s) %s: without "
		    "dma_sync_*_for_cpu() the CPU read stale data in 0 of %u kinds that sync.",
		    s.device, verb, s.measured);
	else
		add(v, VERDICT_COHERENCE, " The device's own DMA (%s) %s: without "
		    "dma_sync_*_for_cpu() the CPU read stale data in %u of %u kinds that "
		    "sync (%s).", s.device, verb, s.stale, s.measured, s.stale_kinds);
	if (s.observed >= 0 && v->coherent >= 0 && s.observed != v->coherent)
		add(v, VERDICT_COHERENCE, " That contradicts the prediction from the DMA "
		    "API's flags: trust the device.");
	if (s.ok == s.tested)
		add(v, VERDICT_COHERENCE, " With the syncs, its round trips were ok in %u "
		    "of %u kinds.", s.ok, s.tested);
	else
		add(v, VERDICT_COHERENCE, " With the syncs, its round trips FAILED in %s "
		    "(ok in %u of %u kinds): see Errors.", s.failed_kinds, s.ok, s.tested);
}

static void coherence(const struct rd_run *run, struct verdict *v)
{
	const char *reason = json_string_value(json_object_get(run->info,
							       "streaming_coherent_reason"));
	json_t *max = json_object_get(run->info, "max_mapping_size");
	json_t *dev = json_object_get(run->info, "device");
	char sz[32];

	v->coherent = rd_streaming_coherent(run);
	if (v->coherent < 0) {
		add(v, VERDICT_COHERENCE, "This run did not record whether streaming "
		    "DMA is coherent (platform.info.streaming_coherent is missing).");
		observed(run, v);
		return;
	}
	add(v, VERDICT_COHERENCE, "Streaming DMA is %s on this device (%s %s, IOMMU %s, "
	    "swiotlb %s): %s.", v->coherent ? "coherent" : "NOT coherent",
	    rd_str(dev, "kind"), rd_str(dev, "name"),
	    rd_platform_str(run, "iommu"),
	    json_is_true(json_object_get(run->info, "swiotlb")) ? "on" : "off",
	    reason ? reason : "no reason recorded");
	if (json_is_integer(max))
		add(v, VERDICT_COHERENCE, " The largest streaming mapping is %s.",
		    units_size((uint64_t)json_integer_value(max), sz, sizeof(sz)));
	observed(run, v);
}

/* The cached memcpy rate (GB/s = bytes/ns) measured nearest to @size. */
static const struct rd_item *copy_rate(const struct rd_run *run, uint64_t size)
{
	const struct rd_item *best = NULL;

	for (size_t i = 0; i < run->nitems; i++) {
		const struct rd_item *it = &run->items[i];
		uint64_t d, bd;

		if (strcmp(it->test, "baseline") || strcmp(it->op, "copy_in") ||
		    !isfinite(it->gbps) || it->gbps <= 0)
			continue;
		d = it->size > size ? it->size - size : size - it->size;
		bd = best ? (best->size > size ? best->size - size : size - best->size) : 0;
		if (!best || d < bd)
			best = it;
	}
	return best;
}

static const struct rd_item *sync_item(const struct rd_run *run, const char *op,
				       const char *dir, uint64_t size)
{
	struct rd_query q = { .test = "sync", .kind = "streaming", .op = op,
			      .dir = dir, .cache = "hot", .size = size };

	return rd_find_figure(run, &q);
}

static void sync_at(const struct rd_run *run, struct verdict *v, int i)
{
	uint64_t size = verdict_sync_sizes[i];
	const struct rd_item *rate = copy_rate(run, size);
	const struct rd_item *dev = sync_item(run, "sync_for_device", "to", size);
	const struct rd_item *cpu = sync_item(run, "sync_for_cpu", "from", size);
	char sz[32], a[32], b[32], ta[64], tb[64];

	v->sync_dev_ns[i] = p50_of(dev);
	v->sync_cpu_ns[i] = p50_of(cpu);
	v->copy_ns[i] = rate ? (double)size / rate->gbps : NAN;	/* kept for compare */
	units_size(size, sz, sizeof(sz));
	if (isnan(v->sync_dev_ns[i]) && isnan(v->sync_cpu_ns[i])) {
		add(v, VERDICT_SYNC, " %s: not measured in this run (see Skipped);", sz);
		return;
	}
	add(v, VERDICT_SYNC, " %s: for the device %s%s, for the CPU %s%s;", sz,
	    fmt_ns(v->sync_dev_ns[i], a, sizeof(a)), batched_tag(run, dev, ta, sizeof(ta)),
	    fmt_ns(v->sync_cpu_ns[i], b, sizeof(b)), batched_tag(run, cpu, tb, sizeof(tb)));
}

static const struct rd_item *transfer_total(const struct rd_run *run,
					    const char *kind, uint64_t size);

static const struct rd_item *transfer_phase(const struct rd_run *run, const char *op,
					    uint64_t size)
{
	struct rd_query q = { .test = "transfer", .kind = "streaming", .op = op,
			      .size = size };

	return rd_find(run, &q);
}

/*
 * The 64 KiB question against a coherent buffer, from the round trip
 * (transfer): what a driver pays, fill to read, and the syncs inside it.
 */
static void sync_vs_coherent(const struct rd_run *run, struct verdict *v)
{
	const uint64_t size = 65536;
	const struct rd_item *s = transfer_total(run, "streaming", size);
	const struct rd_item *c = transfer_total(run, "coherent", size);
	const struct rd_item *td = transfer_phase(run, "sync_for_device", size);
	const struct rd_item *tc = transfer_phase(run, "sync_for_cpu", size);
	struct noise_cmp cmp;
	char a[32], b[32], t[192];

	if (!s || !c) {
		add(v, VERDICT_SYNC, "This run has no 64 KiB round trip of both the "
		    "streaming and the coherent kind to compare.");
		return;
	}
	noise_compare_items(s, c, &cmp);
	add(v, VERDICT_SYNC, "A 64 KiB round trip (fill, sync for the device, sync for "
	    "the CPU, read) takes %s in a streaming buffer and %s in a coherent one",
	    fmt_ns(p50_of(s), a, sizeof(a)), fmt_ns(p50_of(c), b, sizeof(b)));
	if (cmp.sign)
		add(v, VERDICT_SYNC, ": streaming is %s%s.", cmp.sign > 0 ? "slower" : "faster",
		    noise_outside(&cmp, t, sizeof(t)));
	else
		add(v, VERDICT_SYNC, ": %s.", noise_no_difference(&cmp, t, sizeof(t)));
	caveat(v, VERDICT_SYNC, lab_tcg(run) ? tcg_timing : NULL);
	if (!td || !tc)
		return;
	v->rt_sync_ns = p50_of(td) + p50_of(tc);
	add(v, VERDICT_SYNC, " Its two syncs take %s of that; a coherent buffer needs none.",
	    fmt_ns(v->rt_sync_ns, a, sizeof(a)));
}

/* Why the round trip's syncs and the syncs alone differ, when they do. */
static void sync_alone(struct verdict *v)
{
	double alone = v->sync_dev_ns[1] + v->sync_cpu_ns[1];
	char a[32];

	if (!isfinite(alone) || !isfinite(v->rt_sync_ns) || alone <= 0)
		return;
	if (fabs(v->rt_sync_ns / alone - 1) <= NOISE_MIN_DIFF * NOISE_SPREADS)
		return;
	add(v, VERDICT_SYNC, " Alone, the same pair takes %s (below): the round trip "
	    "times each sync once, right after the CPU wrote the buffer, with the "
	    "timing floor in every sample, where the syncs alone are timed back to back "
	    "on a buffer left in place%s.", fmt_ns(alone, a, sizeof(a)),
	    alone < v->rt_sync_ns ? "" : " and cost more here");
}

static void sync_cost(const struct rd_run *run, struct verdict *v)
{
	char sizes[sizeof(v->text[0])];

	v->rt_sync_ns = NAN;
	for (int i = 0; i < VERDICT_SYNC_SIZES; i++)
		sync_at(run, v, i);
	/* the sizes are said last: the round trip against coherent leads */
	snprintf(sizes, sizeof(sizes), "%s", v->text[VERDICT_SYNC]);
	v->text[VERDICT_SYNC][0] = '\0';
	sync_vs_coherent(run, v);
	sync_alone(v);
	if (strlen(sizes))	/* the list ends with a period */
		sizes[strlen(sizes) - 1] = '.';
	add(v, VERDICT_SYNC, " Syncs alone, streaming, cache hot, p50:%s", sizes);
	caveat(v, VERDICT_SYNC, lab_tcg(run) ? tcg_caches : NULL);
}

static const struct rd_item *transfer_total(const struct rd_run *run,
					    const char *kind, uint64_t size)
{
	struct rd_query q = { .test = "transfer", .kind = kind, .op = "total",
			      .size = size };

	return rd_find(run, &q);
}

/* A streaming round trip with a coherent one of the same size to compare. */
static bool compared_total(const struct rd_run *run, const struct rd_item *s)
{
	return !strcmp(s->test, "transfer") && !strcmp(s->op, "total") && s->kind &&
	       !strcmp(s->kind, "streaming") && transfer_total(run, "coherent", s->size);
}

/* Streaming's total at @s's size against coherent's, at the noise of both. */
static void total_cmp(const struct rd_run *run, const struct rd_item *s,
		      struct noise_cmp *c)
{
	noise_compare_items(s, transfer_total(run, "coherent", s->size), c);
}

/*
 * The smallest size where a streaming round trip costs measurably more
 * than coherent (0: none), the range compared, and the largest size below
 * the crossover; @widest gets the comparison with the widest noise
 * threshold, for "none" to say at what noise.
 */
static uint64_t find_crossover(const struct rd_run *run, struct verdict *v,
			       struct noise_cmp *widest)
{
	uint64_t below = 0;

	widest->threshold = -1;
	for (size_t i = 0; i < run->nitems; i++) {
		const struct rd_item *s = &run->items[i];
		struct noise_cmp c;

		if (!compared_total(run, s))
			continue;
		if (!v->crossover_lo || s->size < v->crossover_lo)
			v->crossover_lo = s->size;
		if (s->size > v->crossover_hi)
			v->crossover_hi = s->size;
		total_cmp(run, s, &c);
		if (c.threshold > widest->threshold)
			*widest = c;
		if (c.sign > 0 && (!v->crossover || s->size < v->crossover))
			v->crossover = s->size;
	}
	for (size_t i = 0; v->crossover && i < run->nitems; i++) {
		const struct rd_item *s = &run->items[i];

		if (compared_total(run, s) && s->size < v->crossover && s->size > below)
			below = s->size;
	}
	return below;
}

/* What the size just below the crossover showed: cheaper, or no difference. */
static void below_crossover(const struct rd_run *run, struct verdict *v, uint64_t below)
{
	const struct rd_item *s = transfer_total(run, "streaming", below);
	struct noise_cmp c;
	char b[32], t[192];

	if (!below || !s) {
		add(v, VERDICT_CROSSOVER, " (already at the smallest size measured).");
		return;
	}
	total_cmp(run, s, &c);
	if (c.sign < 0)
		add(v, VERDICT_CROSSOVER, " (at %s streaming was still cheaper, so the "
		    "crossover lies between the two).", units_size(below, b, sizeof(b)));
	else
		add(v, VERDICT_CROSSOVER, " (at %s: %s, so the crossover lies between "
		    "the two).", units_size(below, b, sizeof(b)), noise_no_difference(&c, t, sizeof(t)));
}

static void crossover(const struct rd_run *run, struct verdict *v)
{
	struct noise_cmp widest, at;
	uint64_t below = find_crossover(run, v, &widest);
	char a[32], b[32], c[32], d[32], t[192];

	if (!v->crossover_hi) {
		add(v, VERDICT_CROSSOVER, "Not measured: this run has no transfer "
		    "totals for both the streaming and the coherent kind.");
		return;
	}
	if (!v->crossover) {
		char src[96];

		add(v, VERDICT_CROSSOVER, "None in range: from %s to %s a streaming round "
		    "trip (fill, sync for the device, sync for the CPU, read) never costs "
		    "measurably more than the same work in a coherent buffer (a difference "
		    "counts above %s %%: %s).",
		    units_size(v->crossover_lo, a, sizeof(a)),
		    units_size(v->crossover_hi, b, sizeof(b)),
		    fmt_num(100 * widest.threshold, c, sizeof(c)),
		    noise_source_words(&widest, src, sizeof(src)));
		caveat(v, VERDICT_CROSSOVER, lab_tcg(run) ? tcg_timing : NULL);
		return;
	}
	total_cmp(run, transfer_total(run, "streaming", v->crossover), &at);
	add(v, VERDICT_CROSSOVER, "From %s on, a streaming round trip (fill, sync for "
	    "the device, sync for the CPU, read) costs more than the same work in a "
	    "coherent buffer: %s against %s%s", units_size(v->crossover, c, sizeof(c)),
	    fmt_ns(p50_of(transfer_total(run, "streaming", v->crossover)), a, sizeof(a)),
	    fmt_ns(p50_of(transfer_total(run, "coherent", v->crossover)), d, sizeof(d)),
	    noise_outside(&at, t, sizeof(t)));
	below_crossover(run, v, below);
	caveat(v, VERDICT_CROSSOVER, lab_tcg(run) ? tcg_timing : NULL);
}

/*
 * ns = call + page * pages through the smallest and the largest switch.  A
 * least-squares line over sizes 4 KiB..16 MiB is all but set by the largest
 * points and can leave a negative per-call cost; two end points cannot, once
 * the call part is clamped at zero, and a reader can check them by hand.
 */
static int fit(const struct rd_run *run, const char *kind, const char *op,
	       double page_bytes, double *call, double *page)
{
	const struct rd_item *lo = NULL, *hi = NULL;
	double xlo, xhi;

	for (size_t i = 0; i < run->nitems; i++) {
		const struct rd_item *it = &run->items[i];

		/* entries: the batch-size rows (pages per call), not sizes. */
		if (strcmp(it->test, "caching") || !it->kind || strcmp(it->kind, kind) ||
		    strcmp(it->op, op) || it->batch != 1 || it->entries ||
		    !isfinite(it->stats.p50))
			continue;
		if (!lo || it->size < lo->size)
			lo = it;
		if (!hi || it->size > hi->size)
			hi = it;
	}
	if (!lo)
		return -1;
	xlo = (double)lo->size / page_bytes;
	xhi = (double)hi->size / page_bytes;
	if (lo == hi || xhi == xlo) {
		*page = lo->stats.p50 / xlo;	/* one size: all of it per page */
		*call = 0;
		return 0;
	}
	*page = (hi->stats.p50 - lo->stats.p50) / (xhi - xlo);
	*call = fmax(0, lo->stats.p50 - *page * xlo);
	return 0;
}

/* The smallest and largest switch measured for @kind (both directions). */
static void switch_range(const struct rd_run *run, int k, uint64_t *lo, uint64_t *hi)
{
	*lo = *hi = 0;
	for (size_t i = 0; i < run->nitems; i++) {
		const struct rd_item *it = &run->items[i];

		if (strcmp(it->test, "caching") || !it->kind || it->entries ||
		    strcmp(it->kind, vk_names[k]) || strcmp(it->op, vk_switch_op[k]))
			continue;
		if (!*lo || it->size < *lo)
			*lo = it->size;
		if (it->size > *hi)
			*hi = it->size;
	}
}

/* A pool row's p50 and spread, by op, at @size (test "pool"). */
static const struct rd_item *pool_row(const struct rd_run *run, int k, const char *op,
				      uint64_t size)
{
	struct rd_query q = { .test = "pool", .kind = vk_names[k], .op = op, .size = size };

	return rd_find_figure(run, &q);
}

/* The largest size with all four pool rows of @kind, 0 for none. */
static uint64_t pool_size(const struct rd_run *run, int k)
{
	uint64_t best = 0;

	for (size_t i = 0; i < run->nitems; i++) {
		const struct rd_item *it = &run->items[i];

		if (strcmp(it->test, "pool") || !it->kind || strcmp(it->kind, vk_names[k]) ||
		    strcmp(it->op, "pool_fresh") || it->size <= best)
			continue;
		if (pool_row(run, k, "pool_fresh_free", it->size) &&
		    pool_row(run, k, "pool_hit", it->size) &&
		    pool_row(run, k, "pool_hit_give", it->size))
			best = it->size;
	}
	return best;
}

/*
 * The measured pool (test "pool", kmod/pool.c): an allocation from a fresh
 * pool miss costs fresh + fresh_free (alloc, switch, map; unmap, switch
 * back, free), from a hit hit + hit_give (take, map; unmap, clear, give).
 * Filling the pool costs one miss's round trip; each hit after it saves
 * the difference, so the pool pays for itself after fill / saving
 * allocations.  Said only where the difference is outside the noise.
 */
static void pool_pays(const struct rd_run *run, struct verdict *v, int k)
{
	uint64_t size = pool_size(run, k);
	const struct rd_item *f, *ff, *h, *hg;
	double fresh, hit;
	struct rd_spread sf, sh;
	struct noise_cmp cmp;
	char a[32], b[32], c[32], t[192];

	if (!size) {
		add(v, VERDICT_CACHING, " A %s pool: not measured in this run.", vk_names[k]);
		return;
	}
	f = pool_row(run, k, "pool_fresh", size);
	ff = pool_row(run, k, "pool_fresh_free", size);
	h = pool_row(run, k, "pool_hit", size);
	hg = pool_row(run, k, "pool_hit_give", size);
	fresh = p50_of(f) + p50_of(ff);
	hit = p50_of(h) + p50_of(hg);
	sf = rd_spread_sum(p50_of(f), spread_of(f), p50_of(ff), spread_of(ff));
	sh = rd_spread_sum(p50_of(h), spread_of(h), p50_of(hg), spread_of(hg));
	if (!isfinite(fresh) || !isfinite(hit) || fresh <= 0)
		return;
	noise_compare(fresh, sf, hit, sh, &cmp);
	if (cmp.sign <= 0) {
		add(v, VERDICT_CACHING, " A %s allocation of %s from a fresh pool miss (%s "
		    "there and back) and from a pool hit (%s): %s, so a pool does not pay "
		    "for itself here.", vk_names[k], units_size(size, a, sizeof(a)),
		    fmt_ns(fresh, b, sizeof(b)), fmt_ns(hit, c, sizeof(c)),
		    noise_no_difference(&cmp, t, sizeof(t)));
		return;
	}
	v->pool_allocs[k] = (unsigned long)ceil(fresh / (fresh - hit));
	add(v, VERDICT_CACHING, " A %s pool pays for itself after %lu allocations of %s: "
	    "a pool hit costs %s there and back against %s for a fresh allocation%s "
	    "(measured pool; filling it costs one fresh allocation).", vk_names[k],
	    v->pool_allocs[k], units_size(size, a, sizeof(a)), fmt_ns(hit, b, sizeof(b)),
	    fmt_ns(fresh, c, sizeof(c)), noise_outside(&cmp, t, sizeof(t)));
}

/*
 * @kind's caching row @op of @size switched in one call: no @entries (the
 * whole buffer) or at least its pages (caching_batches' 1024 at 4 MiB).
 */
static const struct rd_item *one_call_row(const struct rd_run *run, int k, const char *op,
					  uint64_t size, double page_bytes)
{
	for (size_t i = 0; i < run->nitems; i++) {
		const struct rd_item *it = &run->items[i];

		if (!strcmp(it->test, "caching") && it->kind && !strcmp(it->kind, vk_names[k]) &&
		    !strcmp(it->op, op) && it->size == size && it->batch == 1 && !it->attrs &&
		    (!it->entries || it->entries * page_bytes >= (double)size) &&
		    isfinite(it->stats.p50))
			return it;
	}
	return NULL;
}

/* A switch there and back (test "caching"): rd_round_trip() of its one-call rows. */
static bool there_and_back(const struct rd_run *run, int k, const char *to_op,
			   const char *back_op, uint64_t size, double page_bytes,
			   struct rd_trip *out)
{
	return rd_round_trip(run, one_call_row(run, k, to_op, size, page_bytes),
			     one_call_row(run, k, back_op, size, page_bytes), out);
}

/*
 * The largest size with both forms there and back for @kind, 0 for none;
 * their costs at that size in *@range and *@array.
 */
static uint64_t range_size(const struct rd_run *run, int k, double page_bytes,
			   struct rd_trip *range, struct rd_trip *array)
{
	struct rd_trip r, a;
	uint64_t best = 0;

	for (size_t i = 0; i < run->nitems; i++) {
		const struct rd_item *it = &run->items[i];

		if (strcmp(it->test, "caching") || !it->kind || strcmp(it->kind, vk_names[k]) ||
		    strcmp(it->op, vk_range_op[k]) || it->batch != 1 || it->entries ||
		    it->size <= best)
			continue;
		if (there_and_back(run, k, vk_range_op[k], "set_memory_wb", it->size, page_bytes,
				   &r) &&
		    there_and_back(run, k, vk_switch_op[k], "set_wb", it->size, page_bytes, &a)) {
			best = it->size;
			*range = r;
			*array = a;
		}
	}
	return best;
}

/*
 * The range form beside the array form (CACHING_RANGE against CACHING):
 * the same number of pages switched there and back as one contiguous run
 * (set_memory_*) and as an array of its pages in one call each way
 * (set_pages_array_*), at the largest size with both.  A difference is
 * said only outside the noise.
 */
static void range_vs_array(const struct rd_run *run, struct verdict *v, int k,
			   double page_bytes)
{
	struct rd_trip range, array;
	uint64_t size = range_size(run, k, page_bytes, &range, &array);
	struct noise_cmp cmp;
	char a[32], b[32], c[32], x[32], t[192], ta[64], tb[64];

	if (!size) {
		add(v, VERDICT_CACHING, " The range form for %s (set_memory_%s on one contiguous "
		    "run): not measured in this run.", vk_names[k], vk_names[k]);
		return;
	}
	noise_compare(range.ns, range.spread, array.ns, array.spread, &cmp);
	v->range_size[k] = size;
	v->range_ratio[k] = range.ns / array.ns;
	add(v, VERDICT_CACHING, " To %s and back at %s, one contiguous range (set_memory_%s, "
	    "set_memory_wb) takes %s%s against %s%s for its %.0f %s as an array "
	    "(set_pages_array_%s, set_pages_array_wb, one call each)", vk_names[k],
	    units_size(size, a, sizeof(a)), vk_names[k], fmt_ns(range.ns, b, sizeof(b)),
	    batched_tag(run, range.batched, ta, sizeof(ta)), fmt_ns(array.ns, c, sizeof(c)),
	    batched_tag(run, array.batched, tb, sizeof(tb)), (double)size / page_bytes,
	    (double)size > page_bytes ? "pages" : "page", vk_names[k]);
	if (cmp.sign < 0)
		add(v, VERDICT_CACHING, ": the range form is %sx faster%s.",
		    fmt_num(array.ns / range.ns, x, sizeof(x)), noise_outside(&cmp, t, sizeof(t)));
	else if (cmp.sign > 0)
		add(v, VERDICT_CACHING, ": the range form is %sx slower%s.",
		    fmt_num(range.ns / array.ns, x, sizeof(x)), noise_outside(&cmp, t, sizeof(t)));
	else
		add(v, VERDICT_CACHING, ": %s.", noise_no_difference(&cmp, t, sizeof(t)));
	caveat(v, VERDICT_CACHING, lab_tcg(run) ? tcg_switch : NULL);
}

static void caching_kind(const struct rd_run *run, struct verdict *v, int k,
			 double page_bytes)
{
	uint64_t lo, hi;
	char a[32], b[32], c[32], d[32];

	switch_range(run, k, &lo, &hi);
	if (!hi || fit(run, vk_names[k], vk_switch_op[k], page_bytes,
		       &v->call_ns[k], &v->page_ns[k])) {
		add(v, VERDICT_CACHING, " %s: not measured in this run.", vk_names[k]);
		return;
	}
	add(v, VERDICT_CACHING, " To %s: %s per page plus %s per call (line through the %s and %s switches).",
	    vk_names[k], fmt_ns(v->page_ns[k], a, sizeof(a)),
	    fmt_ns(v->call_ns[k], b, sizeof(b)), units_size(lo, c, sizeof(c)),
	    units_size(hi, d, sizeof(d)));
	caveat(v, VERDICT_CACHING, lab_tcg(run) ? tcg_switch : NULL);
}

static void caching(const struct rd_run *run, struct verdict *v)
{
	json_t *ps = json_object_get(run->info, "page_size");
	double page_bytes = json_is_integer(ps) && json_integer_value(ps) > 0 ?
			    (double)json_integer_value(ps) : 4096.0;

	add(v, VERDICT_CACHING, "Switching the kernel mapping's caching "
	    "(set_pages_array_*), p50:");
	for (int k = 0; k < VK_COUNT; k++) {
		caching_kind(run, v, k, page_bytes);
		range_vs_array(run, v, k, page_bytes);
	}
	for (int k = 0; k < VK_COUNT; k++) {
		pool_pays(run, v, k);
		if (v->pool_allocs[k])
			caveat(v, VERDICT_CACHING, lab_tcg(run) ? tcg_timing : NULL);
	}
}

/* The largest size where @kind's @op was measured, with a bandwidth. */
static const struct rd_item *largest_read(const struct rd_run *run, const char *kind,
					  const char *op)
{
	const struct rd_item *best = NULL;

	for (size_t i = 0; i < run->nitems; i++) {
		const struct rd_item *x = &run->items[i];

		if (strcmp(x->test, "user_access") || !x->kind || strcmp(x->kind, kind) ||
		    strcmp(x->op, op) || !isfinite(x->gbps) || x->gbps <= 0)
			continue;
		if (!best || x->size > best->size)
			best = x;
	}
	return best;
}

/*
 * The cached read to hold WC/UC reads against: the largest memory-bound
 * one (rd_memory_bound: at least 4x the LLC), since WC/UC reads always go
 * to DRAM; without one, the cached read at @it's size (cache-resident, and
 * the sentence says so).
 */
static const struct rd_item *cached_read_ref(const struct rd_run *run,
					     const struct rd_item *it)
{
	const struct rd_item *best = NULL;
	struct rd_query q = { .test = "baseline", .kind = "cached", .op = "read",
			      .size = it->size };

	for (size_t i = 0; i < run->nitems; i++) {
		const struct rd_item *x = &run->items[i];

		if (strcmp(x->test, "baseline") || !x->kind || strcmp(x->kind, "cached") ||
		    strcmp(x->op, "read") || !isfinite(x->gbps) || x->gbps <= 0 ||
		    !rd_memory_bound(run, x->size))
			continue;
		if (!best || x->size > best->size)
			best = x;
	}
	if (best)
		return best;
	best = rd_find(run, &q);
	return best && isfinite(best->gbps) && best->gbps > 0 ? best : NULL;
}

/* "64 MiB, DRAM-sized: at least 4x the 16 MiB L3" or why it is not. */
static const char *ref_words(const struct rd_run *run, const struct rd_item *ref,
			     char *buf, size_t len)
{
	const char *level;
	uint64_t llc = rd_llc_bytes(run, &level);
	char sz[32], l[32];

	units_size(ref->size, sz, sizeof(sz));
	if (!llc)
		snprintf(buf, len, "%s; the last-level cache is not recorded, so whether "
			 "that is DRAM-sized is unknown", sz);
	else if (rd_memory_bound(run, ref->size))
		snprintf(buf, len, "%s, DRAM-sized: at least 4x the %s %s", sz,
			 units_size(llc, l, sizeof(l)), level);
	else
		snprintf(buf, len, "%s, cache-resident: the %s is %s and this run has no "
			 "cached read of 4x that", sz, level, units_size(llc, l, sizeof(l)));
	return buf;
}

/* Bandwidths compare as times: the slower read is the larger time per byte. */
static void gbps_cmp(const struct rd_item *slow, const struct rd_item *fast,
		     struct noise_cmp *c)
{
	noise_compare(1 / slow->gbps, spread_of(slow), 1 / fast->gbps, spread_of(fast), c);
}

static void stream_loads(const struct rd_run *run, struct verdict *v, int k,
			 const struct rd_item *rd, const struct rd_item *ref,
			 const struct noise_cmp *slower)
{
	const struct rd_item *sl = largest_read(run, vk_names[k], "stream_load");
	struct noise_cmp vs_ref, vs_read;
	char a[32], e[32], t[192];

	if (!sl) {
		add(v, VERDICT_WC_READ, " Streaming loads were not measured.");
		return;
	}
	v->stream_share[k] = sl->gbps / ref->gbps;
	gbps_cmp(sl, ref, &vs_ref);
	gbps_cmp(rd, sl, &vs_read);
	add(v, VERDICT_WC_READ, " Streaming loads (%s) reach %s GB/s, %s %% of "
	    "cached reads: ", isa_stream_load_insn(sl->isa), fmt_num(sl->gbps, a, sizeof(a)),
	    fmt_num(100.0 * v->stream_share[k], e, sizeof(e)));
	if (slower->sign <= 0)
		add(v, VERDICT_WC_READ, "there is nothing to recover here.");
	else if (vs_ref.sign <= 0)
		add(v, VERDICT_WC_READ, "they recover it (against cached reads: %s).",
		    noise_no_difference(&vs_ref, t, sizeof(t)));
	else if (vs_read.sign > 0)
		add(v, VERDICT_WC_READ, "they recover part of it%s.",
		    noise_outside(&vs_read, t, sizeof(t)));
	else
		add(v, VERDICT_WC_READ, "they do not recover it (against plain reads: %s).",
		    noise_no_difference(&vs_read, t, sizeof(t)));
}

static void wc_read_kind(const struct rd_run *run, struct verdict *v, int k)
{
	const struct rd_item *rd = largest_read(run, vk_names[k], "read");
	const struct rd_item *ref = rd ? cached_read_ref(run, rd) : NULL;
	char a[32], b[32], c[32], d[160], e[32], t[192];
	struct noise_cmp slower;

	if (!rd || !ref) {
		add(v, VERDICT_WC_READ, " %s: not measured in this run.", vk_names[k]);
		return;
	}
	v->read_slowdown[k] = ref->gbps / rd->gbps;
	gbps_cmp(rd, ref, &slower);
	add(v, VERDICT_WC_READ, " Reads through %s (%s) run at %s GB/s against %s GB/s "
	    "cached (%s): ", vk_names[k], units_size(rd->size, c, sizeof(c)),
	    fmt_num(rd->gbps, a, sizeof(a)), fmt_num(ref->gbps, b, sizeof(b)),
	    ref_words(run, ref, d, sizeof(d)));
	if (slower.sign > 0)
		add(v, VERDICT_WC_READ, "%sx slower%s.", fmt_num(v->read_slowdown[k], e, sizeof(e)),
		    noise_outside(&slower, t, sizeof(t)));
	else if (slower.sign < 0)
		add(v, VERDICT_WC_READ, "faster (x%s the time)%s.",
		    fmt_num(v->read_slowdown[k], e, sizeof(e)), noise_outside(&slower, t, sizeof(t)));
	else
		add(v, VERDICT_WC_READ, "no slower (x%s the time): %s.",
		    fmt_num(v->read_slowdown[k], e, sizeof(e)),
		    noise_no_difference(&slower, t, sizeof(t)));
	caveat(v, VERDICT_WC_READ, lab_tcg(run) ? tcg_wc : NULL);
	stream_loads(run, v, k, rd, ref, &slower);
	caveat(v, VERDICT_WC_READ, lab_tcg(run) ? tcg_wc : NULL);
}

static void wc_read(const struct rd_run *run, struct verdict *v)
{
	add(v, VERDICT_WC_READ, "User-space reads through each kind's mmap, p50 "
	    "bandwidth at the largest size measured, against the cached read from DRAM:");
	for (int k = 0; k < VK_COUNT; k++)
		wc_read_kind(run, v, k);
}

/* The userptr test's rows, in verdict_userptr.c's sentences. */
static void userptr(const struct rd_run *run, struct verdict *v)
{
	struct userptr_rows r;
	char text[sizeof(v->text[0])];

	userptr_rows_of(run, &r);
	v->userptr_size = r.size;
	v->userptr_ns = userptr_total_ns(&r);
	verdict_userptr(&r, text, sizeof(text));
	add(v, VERDICT_USERPTR, "%s", text);
	if (isfinite(v->userptr_ns))
		caveat(v, VERDICT_USERPTR, lab_tcg(run) ? tcg_timing : NULL);
}

/* The noncontig rows against noncoherent, in verdict_noncontig.c's sentences. */
static void noncontig(const struct rd_run *run, struct verdict *v)
{
	struct noncontig_rows r;
	char text[sizeof(v->text[0])];

	noncontig_rows_of(run, &r);
	verdict_noncontig(&r, text, sizeof(text));
	add(v, VERDICT_NONCONTIG, "%s", text);
	if (r.alloc || r.sync)
		caveat(v, VERDICT_NONCONTIG, lab_tcg(run) ? tcg_timing : NULL);
}

/*
 * The attrs test's facts and timings, in verdict_attrs.c's sentences, a
 * caveat beside every timing claim of a lab run (none beside the facts).
 */
static void attrs(const struct rd_run *run, struct verdict *v)
{
	struct attrs_rows *r = malloc(sizeof(*r));
	struct attrs_timing at[ATTRS_MAX_CLAIMS];
	char text[sizeof(v->text[0])];
	size_t n = 0, from = 0;

	if (!r) {
		add(v, VERDICT_ATTRS, "Not computed: out of memory.");
		return;
	}
	attrs_rows_of(run, r);
	verdict_attrs(r, text, sizeof(text), at, ATTRS_MAX_CLAIMS, &n);
	free(r);
	for (size_t i = 0; i < n && at[i].at < sizeof(text); i++) {
		add(v, VERDICT_ATTRS, "%.*s", (int)(at[i].at - from), text + from);
		caveat(v, VERDICT_ATTRS, lab_tcg(run) ? (at[i].wc_access ? tcg_wc : tcg_timing) :
		       NULL);
		from = at[i].at;
	}
	add(v, VERDICT_ATTRS, "%s", text + (from < strlen(text) ? from : strlen(text)));
}

/*
 * The dmabuf test's shares, in verdict_dmabuf.c's sentences: the facts
 * (round trips, refusals, stale without sync), then the timings, after
 * which a lab run gets the TCG caveat.
 */
static void dmabuf(const struct rd_run *run, struct verdict *v)
{
	struct dmabuf_rows *r = malloc(sizeof(*r));
	char text[sizeof(v->text[0])];
	size_t at = 0;

	if (!r) {
		add(v, VERDICT_DMABUF, "Not computed: out of memory.");
		return;
	}
	dmabuf_rows_of(run, r);
	verdict_dmabuf(r, text, sizeof(text), &at);
	free(r);
	if (at < strlen(text)) {
		add(v, VERDICT_DMABUF, "%.*s", (int)at, text);
		add(v, VERDICT_DMABUF, "%s", text + at);
		caveat(v, VERDICT_DMABUF, lab_tcg(run) ? tcg_timing : NULL);
	} else {
		add(v, VERDICT_DMABUF, "%s", text);
	}
}

/* Does a sentence end at @p ("." or ".)" then a space and a capital or digit, or the end)? */
static size_t sentence_end(const char *p)
{
	size_t n = p[0] == '.' ? 1 : 0;

	if (!n)
		return 0;
	if (!p[n])
		return n;
	if (p[n] == ' ' && (isupper((unsigned char)p[n + 1]) ||
			    isdigit((unsigned char)p[n + 1])))
		return n;
	return 0;
}

static const char *caveat_at(const struct verdict *v, enum verdict_part part,
			     size_t start, size_t end)
{
	const char *c = NULL;

	for (unsigned int i = 0; i < v->ncaveats[part]; i++)
		if (v->caveat[part][i].at > start && v->caveat[part][i].at <= end + 1)
			c = v->caveat[part][i].text;
	return c;
}

size_t verdict_claims(const struct verdict *v, enum verdict_part part,
		      struct verdict_claim *out, size_t max)
{
	const char *t = part < VERDICT_COUNT ? v->text[part] : "";
	size_t n = 0, start = 0, i;

	while (t[start] == ' ')
		start++;
	for (i = start; t[i] && n < max; i++) {
		size_t e = sentence_end(t + i);

		if (!e)
			continue;
		out[n++] = (struct verdict_claim){ .text = t + start, .len = i + e - start,
						   .caveat = caveat_at(v, part, start, i + e) };
		for (start = i + e; t[start] == ' '; start++)
			;
		i = start - 1;
	}
	if (t[start] && n < max)	/* a last sentence without its period */
		out[n++] = (struct verdict_claim){ .text = t + start, .len = strlen(t + start),
						   .caveat = caveat_at(v, part, start, strlen(t)) };
	return n;
}

void verdict_compute(const struct rd_run *run, struct verdict *v)
{
	memset(v, 0, sizeof(*v));
	for (int k = 0; k < VK_COUNT; k++) {
		v->page_ns[k] = v->call_ns[k] = NAN;
		v->read_slowdown[k] = v->stream_share[k] = NAN;
		v->range_ratio[k] = NAN;
	}
	coherence(run, v);
	sync_cost(run, v);
	crossover(run, v);
	caching(run, v);
	wc_read(run, v);
	userptr(run, v);
	noncontig(run, v);
	attrs(run, v);
	dmabuf(run, v);
}
