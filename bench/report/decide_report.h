/* SPDX-License-Identifier: GPL-2.0 */
/*
 * "Deciding: the driver's view" in the reports: what a TTM-based driver
 * would choose on the run's device and whether that is safe (core/decide.h
 * on results.json's driver_facts and verify), then what sharing that
 * choice's memory with a second device showed (the dmabuf test's round
 * trips: does the importer need DMA_BUF_IOCTL_SYNC?), as the lines of the section
 * at the top of a run's report and the cell of compare's platform row.
 * Shared by the HTML and Markdown writers so both say the same.
 */
#ifndef DMABENCH_DECIDE_REPORT_H
#define DMABENCH_DECIDE_REPORT_H

#include <stdbool.h>
#include <stddef.h>

#include "results/query.h"

enum { DECIDE_LINES = 5 };

struct decide_report {
	bool known;			/* the run recorded driver facts */
	const char *title[DECIDE_LINES];
	char line[DECIDE_LINES][1024];	/* the verdict sentence first */
};

void decide_report_of(const struct rd_run *run, struct decide_report *r);

/* compare's row: "pool pages ..., cached or write-combined: UNSAFE". */
void decide_report_cell(const struct rd_run *run, char *buf, size_t len);

#endif /* DMABENCH_DECIDE_REPORT_H */
