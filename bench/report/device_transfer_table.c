// SPDX-License-Identifier: GPL-2.0
/* The device-transfer table's cells; see device_transfer_table.h. */
#include "report/device_transfer_table.h"

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "report/fmt.h"

const char *const dtr_headers[DTR_COLS] = {
	"kind", "dir", "bytes", "CPU copy", "map / sync for device", "device DMA",
	"unmap / sync for CPU", "total", "host side (total - device DMA)",
};

const char dtr_intro[] =
	"A transfer by the device's own DMA engine (QEMU's edu), timed end to end "
	"from user space, p50 per phase: \"to\", the CPU copies the data in, hands "
	"the buffer over and the device reads it; \"from\", the device writes it and "
	"the CPU takes the buffer back and copies the data out. Page kinds are mapped "
	"and unmapped per transfer (unmap is timed around its ioctl, which reports no "
	"time, so it carries the system call's cost), noncoherent buffers synced, "
	"coherent ones need neither. The host side is the total minus the device DMA, per transfer: "
	"what the CPU copy, the hand-over and the ioctls add. Every transfer's "
	"data was checked.";

static const struct rd_item *phase(const struct rd_run *run, const struct rd_item *total,
				   const char *op)
{
	struct rd_query q = { .test = "device_transfer", .kind = total->kind, .op = op,
			      .dir = total->dir, .size = total->size };

	return rd_find(run, &q);
}

/* The p50 of the first of @ops the row has, or "-". */
static void phase_cell(const struct rd_run *run, const struct rd_item *total,
		       const char *op1, const char *op2, char *cell)
{
	const struct rd_item *it = phase(run, total, op1);

	if (!it && op2)
		it = phase(run, total, op2);
	if (!it)
		snprintf(cell, DTR_CELL, "-");
	else
		fmt_ns(it->stats.p50, cell, DTR_CELL);
}

static void fill_row(const struct rd_run *run, const struct rd_item *t,
		     struct dtr_row *row)
{
	bool to = t->dir && !strcmp(t->dir, "to");
	char (*c)[DTR_CELL] = row->cells;

	snprintf(c[0], DTR_CELL, "%s", t->kind ? t->kind : "-");
	snprintf(c[1], DTR_CELL, "%s", t->dir ? t->dir : "-");
	snprintf(c[2], DTR_CELL, "%" PRIu64, t->size);
	phase_cell(run, t, to ? "cpu_write" : "cpu_read", NULL, c[3]);
	phase_cell(run, t, "map", "sync_for_device", c[4]);
	phase_cell(run, t, "device_dma", NULL, c[5]);
	phase_cell(run, t, "unmap", "sync_for_cpu", c[6]);
	fmt_ns(t->stats.p50, c[7], DTR_CELL);
	phase_cell(run, t, "host_side", NULL, c[8]);
}

size_t dtr_rows(const struct rd_run *run, struct dtr_row *rows, size_t cap)
{
	size_t n = 0;

	for (size_t i = 0; i < run->nitems; i++) {
		const struct rd_item *it = &run->items[i];

		if (strcmp(it->test, "device_transfer") || strcmp(it->op, "total"))
			continue;
		if (n < cap)
			fill_row(run, it, &rows[n]);
		n++;
	}
	return n;
}
