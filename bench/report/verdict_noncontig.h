/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The verdict's noncontig part: what the DMA API's buffer for non-coherent
 * GPU use (dma_alloc_noncontiguous(), its vmap, its sg-table syncs) costs
 * against dma_alloc_pages() (the noncoherent kind), allocation and a sync
 * for the device, at the largest size both were measured at.  Differences
 * are said only outside the noise.
 */
#ifndef DMABENCH_REPORT_VERDICT_NONCONTIG_H
#define DMABENCH_REPORT_VERDICT_NONCONTIG_H

#include <stddef.h>
#include <stdint.h>

#include "results/run.h"

/* The per-op rows of both kinds at one size; NULL where not measured. */
struct noncontig_rows {
	uint64_t alloc_size;			/* 0: no alloc row of both kinds */
	const struct rd_item *alloc, *free;	/* noncontig */
	const struct rd_item *alloc_nc, *free_nc;	/* noncoherent */
	uint64_t sync_size;			/* 0: no hot sync row of both kinds */
	const struct rd_item *sync, *sync_nc;	/* sync for the device, to the device */
	const char *iommu;			/* platform.info's IOMMU mode, or NULL */
};

void noncontig_rows_of(const struct rd_run *run, struct noncontig_rows *r);

/* The part's sentences (no leading space); returns the length needed, as snprintf. */
size_t verdict_noncontig(const struct noncontig_rows *r, char *buf, size_t len);

#endif /* DMABENCH_REPORT_VERDICT_NONCONTIG_H */
