/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The run report's platform: one table, grouped (machine, kernel, DMA
 * device, run), every fact once, in words ("64-bit", "16 MiB") rather than
 * results.json's keys; the file itself is linked beside it.
 */
#ifndef DMABENCH_PLATFORM_TABLE_H
#define DMABENCH_PLATFORM_TABLE_H

#include "report/doc.h"
#include "results/query.h"

/* Append the table (with @id, may be NULL) for @run. */
void platform_table(struct doc *d, const struct rd_run *run, const char *id);

#endif /* DMABENCH_PLATFORM_TABLE_H */
