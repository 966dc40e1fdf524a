// SPDX-License-Identifier: GPL-2.0
/* The streaming-coherence verdict; see coherence.h. */
#include "core/coherence.h"

#include <stdio.h>

#include "dmabench.h"

struct coherence_facts coherence_facts_of(const struct dmabench_info *info)
{
	struct coherence_facts f = {
		.need_sync = info->flags & DMABENCH_INFO_NEED_SYNC,
		.swiotlb_force = info->flags & DMABENCH_INFO_SWIOTLB_FORCE,
		.dev_coherent = info->flags & DMABENCH_INFO_DEV_COHERENT,
		.iommu = info->iommu,
	};

	return f;
}

/*
 * The IOMMU does not change coherence (the IOMMU DMA ops sync like
 * dma-direct), but it changes what map and unmap cost, which is what the
 * reader asking this question is about to measure.
 */
static const char *iommu_note(uint32_t iommu)
{
	switch (iommu) {
	case DMABENCH_IOMMU_STRICT:
		return "mappings go through an IOMMU in strict mode: unmap flushes the IOTLB";
	case DMABENCH_IOMMU_LAZY:
		return "mappings go through an IOMMU in lazy mode: unmaps are flushed from the IOTLB in batches (flush queue)";
	case DMABENCH_IOMMU_IDENTITY:
		return "the IOMMU passes this device through (identity domain): DMA addresses are physical addresses";
	case DMABENCH_IOMMU_OTHER:
		return "the device has an unusual IOMMU domain (blocked or unmanaged): DMA may fail";
	default:
		return NULL;
	}
}

/*
 * Behind a translating IOMMU, dma_need_sync() (kernel/dma/mapping.c, 6.1)
 * answers "do the ops have sync callbacks?", which iommu-dma's always do,
 * even though for a coherent, trusted device they return at once.
 */
static bool iommu_translates(uint32_t iommu)
{
	return iommu == DMABENCH_IOMMU_STRICT || iommu == DMABENCH_IOMMU_LAZY;
}

/* Most specific cause first: forced bouncing implies dma_need_sync(). */
struct coherence_verdict coherence_verdict(const struct coherence_facts *f)
{
	/*
	 * Coherent means "no sync is needed for correctness": the device snoops
	 * the CPU caches and nothing bounces.  Behind a translating IOMMU the
	 * need_sync answer is only the ops' shape (see iommu_translates()), so
	 * it does not count against a coherent device.
	 */
	bool syncs_noop = !f->need_sync || iommu_translates(f->iommu);
	struct coherence_verdict v = {
		.coherent = syncs_noop && !f->swiotlb_force && f->dev_coherent,
		.iommu_note = iommu_note(f->iommu),
	};

	if (f->swiotlb_force)
		v.reason = "swiotlb bounces every streaming mapping (swiotlb=force): the CPU and the device see different copies until a sync";
	else if (f->need_sync && f->dev_coherent && iommu_translates(f->iommu))
		v.reason = "dma_need_sync() is true only because the IOMMU's DMA ops have sync callbacks; for this DMA-coherent device that swiotlb does not bounce they return at once, so syncs are no-ops in effect";
	else if (f->need_sync)
		v.reason = "dma_need_sync() is true: syncs do cache maintenance or bouncing";
	else if (!f->dev_coherent)
		v.reason = "the device is not DMA-coherent: the CPU caches must be written back or invalidated around each transfer";
	else
		v.reason = "the device is DMA-coherent and dma_need_sync() is false: syncs are no-ops";
	return v;
}

size_t coherence_reason(const struct coherence_verdict *v,
			char *buf, size_t len)
{
	int n;

	if (v->iommu_note)
		n = snprintf(buf, len, "%s; %s", v->reason, v->iommu_note);
	else
		n = snprintf(buf, len, "%s", v->reason);
	return n > 0 ? (size_t)n : 0;
}

size_t coherence_sentence(const struct coherence_verdict *v,
			  char *buf, size_t len)
{
	char reason[512];
	int n;

	coherence_reason(v, reason, sizeof(reason));
	n = snprintf(buf, len, "Streaming DMA is %s for this device: %s.",
		     v->coherent ? "coherent" : "NOT coherent", reason);
	return n > 0 ? (size_t)n : 0;
}
