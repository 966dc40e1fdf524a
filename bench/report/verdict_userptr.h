/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The verdict's userptr part: what handing user memory to the device costs
 * (the pin, the sg table of the pinned pages, the DMA map, and undoing
 * them), what THP and a memfd change, from the "userptr" test's rows at the
 * largest size measured.  Differences are said only outside the noise.
 */
#ifndef DMABENCH_REPORT_VERDICT_USERPTR_H
#define DMABENCH_REPORT_VERDICT_USERPTR_H

#include <stddef.h>
#include <stdint.h>

#include "results/run.h"

/* The userptr rows at one size; NULL where not measured. */
struct userptr_rows {
	uint64_t size;				/* 0: the test did not run */
	const struct rd_item *pin, *sgt, *map;	/* anonymous, no THP */
	const struct rd_item *unpin, *sgt_free, *unmap;
	const struct rd_item *pin_thp;		/* anonymous, MADV_HUGEPAGE */
	const struct rd_item *pin_memfd;	/* memfd (shmem) */
};

/* @run's rows at the largest size with a pin of anonymous memory without THP. */
void userptr_rows_of(const struct rd_run *run, struct userptr_rows *r);

/* pin + sg table + map, p50s; NAN unless all three were measured. */
double userptr_total_ns(const struct userptr_rows *r);

/* The part's sentences (no leading space); returns the length needed, as snprintf. */
size_t verdict_userptr(const struct userptr_rows *r, char *buf, size_t len);

#endif /* DMABENCH_REPORT_VERDICT_USERPTR_H */
