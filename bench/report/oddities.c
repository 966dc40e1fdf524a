// SPDX-License-Identifier: GPL-2.0
/* Figures that look wrong and are not, explained; see oddities.h. */
#include "report/oddities.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "report/fmt.h"

#define BIG_SYNC	16777216

/* Syncs are no-ops: dma-direct (no IOMMU), no swiotlb, a coherent device. */
static bool noop_syncs(const struct rd_run *run)
{
	return rd_streaming_coherent(run) == 1 &&
	       !strcmp(rd_platform_str(run, "iommu"), "none") &&
	       !json_is_true(json_object_get(run->info, "swiotlb")) &&
	       !json_is_true(json_object_get(run->info, "dma_need_sync"));
}

static const struct rd_item *big_sync(const struct rd_run *run, const char *op,
				      const char *cache)
{
	struct rd_query q = { .test = "sync", .kind = "streaming", .op = op,
			      .cache = cache, .size = BIG_SYNC };

	return rd_find(run, &q);
}

bool oddities_any(const struct rd_run *run)
{
	return noop_syncs(run) && big_sync(run, "sync_for_device", "hot");
}

/*
 * 6.1's dma_direct_sync_sg_for_device() / _for_cpu() (kernel/dma/direct.c)
 * loop over every entry even when nothing is to be done; 6.11 added
 * dev->dma_skip_sync, which makes dma_sync_sg_for_*() return at once.
 */
static void sync_walk(struct doc *d, const struct rd_run *run)
{
	const struct rd_item *dh = big_sync(run, "sync_for_device", "hot");
	const struct rd_item *dc = big_sync(run, "sync_for_device", "cold");
	const struct rd_item *ch = big_sync(run, "sync_for_cpu", "hot");
	const struct rd_item *cc = big_sync(run, "sync_for_cpu", "cold");
	char a[32], b[32], c[32], e[32], lo[32], text[2048];
	double fastest = fmin(dh->stats.min, ch ? ch->stats.min : INFINITY);

	snprintf(text, sizeof(text), "Syncs here do nothing to the data (dma-direct, a "
		 "coherent device, no swiotlb), yet at 16 MiB a sync for the device takes "
		 "%s hot and %s cold, one for the CPU %s hot and %s cold.",
		 fmt_ns(dh->stats.p50, a, sizeof(a)), fmt_ns(dc ? dc->stats.p50 : NAN, b, sizeof(b)),
		 fmt_ns(ch ? ch->stats.p50 : NAN, c, sizeof(c)),
		 fmt_ns(cc ? cc->stats.p50 : NAN, e, sizeof(e)));
	doc_para_full(d, DOC_PLAIN, "Syncs that do nothing still cost.", text, NULL);
	doc_para(d, "The cost is the walk over the buffer's scatterlist: the 6.1 kernel's "
		 "dma_direct_sync_sg_for_device() and _for_cpu() call dma_to_phys(), "
		 "is_swiotlb_buffer() and dev_is_dma_coherent() for every entry, and a "
		 "16 MiB buffer of single pages has up to 4096 entries (at least 1024 at "
		 "the device's 64 KiB segment limit). The fastest samples, %s, are that "
		 "loop alone.", fmt_ns(fastest, lo, sizeof(lo)));
	doc_para(d, "The slower mode, which the p50s of these few samples (n %zu to %zu) "
		 "fall in, follows the preparation: it writes all 16 MiB before each "
		 "sample, and for cold flushes them, so the walk starts with the TLB and "
		 "the caches holding the buffer rather than the table.",
		 dc ? (dc->stats.n < dh->stats.n ? dc->stats.n : dh->stats.n) : dh->stats.n,
		 dc ? (dc->stats.n > dh->stats.n ? dc->stats.n : dh->stats.n) : dh->stats.n);
	if (json_is_true(json_object_get(run->platform, "lab")))
		doc_para_full(d, DOC_NOTE, NULL, "Under TCG there are no CPU caches to flush: "
			      "hot and cold differ by the emulator's own TLB and the host's "
			      "caches, not by a guest cache flush.", NULL);
	doc_para(d, "Kernels from 6.11 skip these calls altogether when dma_need_sync() is "
		 "false (dev->dma_skip_sync), so there the same syncs cost a function call.");
}

void oddities(struct doc *d, const struct rd_run *run)
{
	if (noop_syncs(run) && big_sync(run, "sync_for_device", "hot"))
		sync_walk(d, run);
}
