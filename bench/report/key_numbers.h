/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The run report's key numbers: the figures a driver writer asks for,
 * one row per figure and one column per buffer kind (sync for the device
 * and for the CPU at 4 KiB, 64 KiB and 1 MiB, map + unmap, a round trip
 * and a device round trip against coherent, alloc + free, a caching switch
 * per page, read and write bandwidth through the user mapping).  Each
 * figure is the floor-aware p50 (rd_find_figure), printed with 3
 * significant digits, its noise beneath it (n, and the spread noise.h
 * uses, or the p50's 95 % interval where no spread was recorded) and a
 * link to the chart it comes from when that chart was drawn.
 */
#ifndef DMABENCH_KEY_NUMBERS_H
#define DMABENCH_KEY_NUMBERS_H

#include "report/doc.h"
#include "report/run_charts.h"
#include "results/query.h"

#define KEY_NUMBERS_ID	"key-numbers"

/* Append the table (id KEY_NUMBERS_ID) for @run; @charts for the links. */
void key_numbers(struct doc *d, const struct rd_run *run, const struct chart_list *charts);

#endif /* DMABENCH_KEY_NUMBERS_H */
