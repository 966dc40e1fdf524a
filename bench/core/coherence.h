/* SPDX-License-Identifier: GPL-2.0 */
/*
 * "Is streaming DMA coherent for this device?" -- the question of the 2019
 * LKML thread (dma_streaming_is_coherent()), answered from GET_INFO.
 *
 * Streaming DMA is coherent when the CPU and the device see the same bytes
 * without cache maintenance or copying, i.e. when every sync is a no-op:
 *   !dma_need_sync && !swiotlb_force && dev_coherent.
 */
#ifndef DMABENCH_COHERENCE_H
#define DMABENCH_COHERENCE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct coherence_facts {
	bool need_sync;		/* dma_need_sync() on a streaming page */
	bool swiotlb_force;	/* every streaming mapping bounces */
	bool dev_coherent;	/* dev_is_dma_coherent() */
	uint32_t iommu;		/* enum dmabench_iommu */
};

struct coherence_verdict {
	bool coherent;
	const char *reason;	/* why, never NULL */
	const char *iommu_note;	/* what the IOMMU adds, or NULL */
};

struct dmabench_info;

struct coherence_facts coherence_facts_of(const struct dmabench_info *info);
struct coherence_verdict coherence_verdict(const struct coherence_facts *f);

/* "reason" or "reason; iommu note": the text of streaming_coherent_reason. */
size_t coherence_reason(const struct coherence_verdict *v,
			char *buf, size_t len);

/* The whole answer as one sentence, ending in a period. */
size_t coherence_sentence(const struct coherence_verdict *v,
			  char *buf, size_t len);

#endif /* DMABENCH_COHERENCE_H */
