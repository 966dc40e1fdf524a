/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The report's dma-buf charts: what a cross-device share costs, at a
 * glance.  One chart of the importer's dma_buf_map_attachment (the dmabuf
 * test's dmabuf_map rows, BENCH samples on the importer) per share
 * (exporter -> importer, or udmabuf / the system heap -> importer): a bar or
 * dot per kind (its colour) and direction, each share at its largest size
 * measured; one of DMA_BUF_IOCTL_SYNC's bracket around a CPU access
 * (sync_start + sync_end, the harness's clock) the same way.  Comparing,
 * a panel per run on one axis.  No chart for runs without the test; a
 * sentence in its place when the test skipped every row.
 */
#ifndef DMABENCH_REPORT_DMABUF_CHART_H
#define DMABENCH_REPORT_DMABUF_CHART_H

#include "report/chart_ctx.h"

/* Add the dma-buf charts to @c's list and draw them: 0, or -1 with @c->why. */
int dmabuf_charts(struct chart_ctx *c);

#endif /* DMABENCH_REPORT_DMABUF_CHART_H */
