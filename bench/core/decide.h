/* SPDX-License-Identifier: GPL-2.0 */
/*
 * `dmabench decide`: what a TTM-based GPU driver would choose for its
 * memory on this device, and whether that choice is safe here.  Pure: the
 * FACTS answer (live or from results.json's "driver_facts") and what the
 * device's own DMA showed (verify) in, the decision and one sentence out.
 *
 * The choice is the one amdgpu and radeon make (ttm_device_init()):
 *  - refuse to load when the device has no usable DMA mask (or the IOMMU
 *    blocks it);
 *  - use_dma_alloc = drm_need_swiotlb(dma_bits): pool pages from
 *    dma_alloc_coherent() (dmabench's "coherent" kind);
 *  - use_dma32 = dma_addressing_limited(): GFP_DMA32 pages;
 *  - otherwise pages of their own, mapped once with dma_map_page(),
 *    cached (dmabench's "streaming") and, where drm_arch_can_wc_memory(),
 *    write-combined for buffers that ask (dmabench's "wc").
 * TTM never syncs those mappings: the choice is safe only where the
 * device sees the CPU's data and the CPU the device's without a sync,
 * which is what verify's "stale without sync" step measures.
 */
#ifndef DMABENCH_DECIDE_H
#define DMABENCH_DECIDE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <jansson.h>

#include "dmabench.h"

/* What was measured on the device; -1 / NAN wherever nothing was. */
struct decide_evidence {
	bool measured;			/* the device's DMA was tried (verify) */
	char by[96];			/* who: "edu 0000:00:01.0" */
	int stale[DMABENCH_KIND_COUNT];	/* stale without sync: 1, 0; -1 unknown */
	int roundtrip[DMABENCH_KIND_COUNT];	/* ok 1, failed 0; -1 not tried */
	/* A transfer of @cost_size bytes (results' "transfer" test), p50 ns: */
	double fill_read_ns[DMABENCH_KIND_COUNT];	/* CPU fill + read, no syncs */
	double total_ns[DMABENCH_KIND_COUNT];	/* with the kind's syncs */
	uint64_t cost_size;		/* 0: no transfer figures */
	bool lab;			/* emulated timings (QEMU/TCG) */
};

enum decide_safety { DECIDE_SAFE, DECIDE_UNSAFE };

struct decision {
	bool refuse_load;
	const char *refuse_why;		/* when refusing */
	bool use_dma_alloc;		/* dma_alloc_coherent() backing */
	bool use_dma32;			/* GFP_DMA32 pages */
	bool wc_pages;			/* WC pool pages offered */
	uint32_t kinds;			/* bit per dmabench kind the memory is */
	uint32_t main_kind;		/* the kind most buffers get */
	bool pages_match;		/* dmabench's page kinds use TTM's zone */
	bool predicted_stale;		/* the facts say: stale without a sync */
	char predicted_why[256];
	int observed_stale;		/* in the choice's kinds: 1, 0; -1 unknown */
	char observed_what[128];	/* what showed it, e.g. "stale data in streaming" */
	enum decide_safety safety;	/* observation first, the facts else */
	bool from_observation;
	bool disagrees;			/* facts and observation say otherwise */
};

/* Every field unknown: nothing measured. */
void decide_evidence_init(struct decide_evidence *e);

void decide(const struct dmabench_facts *f, const struct decide_evidence *e,
	    struct decision *d);

/* "dma_alloc_coherent() backing, GFP_DMA32 (use_dma_alloc, use_dma32)". */
size_t decide_choice_text(const struct decision *d, char *buf, size_t len);

/* "safe" / "UNSAFE" / "refuses to load", with "(facts, not measured)". */
size_t decide_safety_text(const struct decision *d, char *buf, size_t len);

/*
 * The verdict, one sentence: "A driver that assumes coherent streaming
 * here (TTM's choice: ...) would read stale data: ..." or "... would be
 * correct and pay X".
 */
size_t decide_sentence(const struct dmabench_facts *f,
		       const struct decide_evidence *e,
		       const struct decision *d, char *buf, size_t len);

/* `decide --json`'s object for one device (new reference, NULL: no memory). */
json_t *decide_json(const struct dmabench_facts *f,
		    const struct decide_evidence *e, const struct decision *d);

/* The text form for one device; 0 or -errno. */
int decide_print_text(FILE *out, const struct dmabench_facts *f,
		      const struct decide_evidence *e, const struct decision *d);

#endif /* DMABENCH_DECIDE_H */
