/* SPDX-License-Identifier: GPL-2.0 */
/*
 * "What looks odd": figures a reader would stop at, explained where they
 * are shown.  Today one: syncs that do no work (dma-direct, a coherent
 * device, no swiotlb) whose cost still grows with the buffer.
 */
#ifndef DMABENCH_ODDITIES_H
#define DMABENCH_ODDITIES_H

#include <stdbool.h>

#include "report/doc.h"
#include "results/query.h"

/* Does @run have anything for oddities() to explain? */
bool oddities_any(const struct rd_run *run);

/* A paragraph per oddity of @run (nothing when there is none). */
void oddities(struct doc *d, const struct rd_run *run);

#endif /* DMABENCH_ODDITIES_H */
