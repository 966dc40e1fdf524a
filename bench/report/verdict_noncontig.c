// SPDX-License-Identifier: GPL-2.0
/* The verdict's noncontig part; see verdict_noncontig.h. */
#include "report/verdict_noncontig.h"

#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "core/units.h"
#include "report/fmt.h"
#include "report/noise.h"
#include "results/query.h"

/* The figure of @test's @op of @kind at @size (the batched one where floor-bound). */
static const struct rd_item *row(const struct rd_run *run, const char *test, const char *op,
				 const char *kind, uint64_t size)
{
	struct rd_query q = { .test = test, .kind = kind, .op = op, .size = size };

	if (!strcmp(test, "sync")) {
		q.dir = "to";
		q.cache = "hot";
	}
	return rd_find_figure(run, &q);
}

/* The largest size with a per-op @op row of both kinds. */
static uint64_t largest_common(const struct rd_run *run, const char *test, const char *op)
{
	uint64_t best = 0;

	for (size_t i = 0; i < run->nitems; i++) {
		const struct rd_item *x = &run->items[i];

		if (x->size <= best || strcmp(x->test, test) || strcmp(x->op, op) || !x->kind ||
		    strcmp(x->kind, "noncontig") || x->batch > 1 || !isfinite(x->stats.p50))
			continue;
		if (row(run, test, op, "noncoherent", x->size))
			best = x->size;
	}
	return best;
}

void noncontig_rows_of(const struct rd_run *run, struct noncontig_rows *r)
{
	memset(r, 0, sizeof(*r));
	r->iommu = json_string_value(json_object_get(run->info, "iommu"));
	r->alloc_size = largest_common(run, "alloc_free", "alloc");
	if (r->alloc_size) {
		r->alloc = row(run, "alloc_free", "alloc", "noncontig", r->alloc_size);
		r->free = row(run, "alloc_free", "free", "noncontig", r->alloc_size);
		r->alloc_nc = row(run, "alloc_free", "alloc", "noncoherent", r->alloc_size);
		r->free_nc = row(run, "alloc_free", "free", "noncoherent", r->alloc_size);
	}
	r->sync_size = largest_common(run, "sync", "sync_for_device");
	if (r->sync_size) {
		r->sync = row(run, "sync", "sync_for_device", "noncontig", r->sync_size);
		r->sync_nc = row(run, "sync", "sync_for_device", "noncoherent", r->sync_size);
	}
}

/* " An alloc takes 41.0 us against 12.0 us: 3.42x slower [outside the noise: ...]." */
static size_t against(char *buf, size_t len, size_t used, const char *what,
		      const struct rd_item *mine, const struct rd_item *theirs)
{
	struct noise_cmp c;
	char a[32], b[32], x[32], t[192];

	if (!mine || !theirs)
		return used;
	noise_compare_items(mine, theirs, &c);
	used = fmt_append(buf, len, used, " %s takes %s against %s", what,
		   fmt_ns(mine->stats.p50, a, sizeof(a)), fmt_ns(theirs->stats.p50, b, sizeof(b)));
	if (c.sign > 0)
		return fmt_append(buf, len, used, ": %sx slower%s.",
			   fmt_num(mine->stats.p50 / theirs->stats.p50, x, sizeof(x)),
			   noise_outside(&c, t, sizeof(t)));
	if (c.sign < 0)
		return fmt_append(buf, len, used, ": %sx faster%s.",
			   fmt_num(theirs->stats.p50 / mine->stats.p50, x, sizeof(x)),
			   noise_outside(&c, t, sizeof(t)));
	return fmt_append(buf, len, used, ": %s.", noise_no_difference(&c, t, sizeof(t)));
}

/* What the kernel makes of dma_alloc_noncontiguous() on this IOMMU mode. */
static const char *what_it_is(const char *iommu)
{
	if (!iommu || !strcmp(iommu, "none") || !strcmp(iommu, "identity"))
		return " Without a translating IOMMU it is one contiguous dma_alloc_pages() run, "
		       "the same pages as noncoherent's, with an sg table around them.";
	return " Behind this IOMMU its pages are taken highest order first, need not be "
	       "contiguous and are mapped as one DMA segment.";
}

size_t verdict_noncontig(const struct noncontig_rows *r, char *buf, size_t len)
{
	char sz[32];
	size_t used = 0;

	if (len)
		buf[0] = '\0';
	if (!r->alloc && !r->sync)
		return fmt_append(buf, len, 0, "Not measured in this run (no noncontig row beside a "
			   "noncoherent one: the module or the kinds asked for lack it).");
	used = fmt_append(buf, len, used, "dma_alloc_noncontiguous() (noncontig) against "
		   "dma_alloc_pages() (noncoherent), p50.");
	used = fmt_append(buf, len, used, "%s", what_it_is(r->iommu));
	if (r->alloc) {
		units_size(r->alloc_size, sz, sizeof(sz));
		used = fmt_append(buf, len, used, " At %s:", sz);
		used = against(buf, len, used, "an alloc", r->alloc, r->alloc_nc);
		used = against(buf, len, used, "A free", r->free, r->free_nc);
	}
	if (r->sync) {
		units_size(r->sync_size, sz, sizeof(sz));
		used = fmt_append(buf, len, used, " At %s, hot:", sz);
		used = against(buf, len, used, "a sync for the device", r->sync, r->sync_nc);
	}
	return used;
}
