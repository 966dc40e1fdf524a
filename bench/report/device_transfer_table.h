/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The reports' device-transfer table (device_transfer test): one row per
 * kind, direction and length with the p50 of every phase, the total, and
 * the host side (the total minus the device's own time, per transfer):
 * what the CPU and the DMA API add to a transfer, which under QEMU is all
 * that tells the kinds apart (edu's timer dwarfs the rest).
 * Cells are text, shared by the HTML and the Markdown writers.
 */
#ifndef DMABENCH_DEVICE_TRANSFER_TABLE_H
#define DMABENCH_DEVICE_TRANSFER_TABLE_H

#include <stddef.h>

#include "results/query.h"

enum { DTR_COLS = 9 };
#define DTR_CELL	48
#define DTR_MAX_ROWS	64	/* 5 kinds x 4 lengths x 2 directions, and room */

extern const char *const dtr_headers[DTR_COLS];

/* One line of text above the table: what the columns mean. */
extern const char dtr_intro[];

struct dtr_row {
	char cells[DTR_COLS][DTR_CELL];
};

/*
 * The rows of @run, one per device_transfer total in file order, at most
 * @cap; returns how many there are (may exceed @cap: call again bigger).
 */
size_t dtr_rows(const struct rd_run *run, struct dtr_row *rows, size_t cap);

#endif /* DMABENCH_DEVICE_TRANSFER_TABLE_H */
