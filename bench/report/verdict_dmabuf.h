/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The verdict's sharing part: what sharing a buffer with a second device
 * costs, and where it breaks.  Facts first, from results.json's
 * "dmabuf_shares" (the dmabuf test's round trips through edu): which shares
 * came through with the data, which the platform refused and why, which
 * showed stale data without DMA_BUF_IOCTL_SYNC.  Then timings, each said
 * with its n and spread, and a comparison only outside the noise (noise.h):
 * the importer's dma_buf_map_attachment by kind at the largest size the run
 * has.  Beneath, a table per share (dmabuf_table()); for compare one cell
 * per platform (dmabuf_platform_words()).
 */
#ifndef DMABENCH_REPORT_VERDICT_DMABUF_H
#define DMABENCH_REPORT_VERDICT_DMABUF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "report/doc.h"
#include "results/query.h"

#define DMABUF_MAX_SHARES	64

/* One share of the run: its round trip and its importer's map cost. */
struct dmabuf_row {
	const char *kind, *source, *exporter, *importer;	/* borrowed from the run */
	uint64_t size;
	const char *outcome;		/* NULL: no round trip recorded */
	int stale_without_sync;		/* 1, 0, -1 not tried */
	const struct rd_item *map;	/* dmabuf_map (per op, or batched twin); NULL */
	const struct rd_item *attach;	/* dmabuf_attach; NULL */
};

struct dmabuf_rows {
	size_t n;
	struct dmabuf_row row[DMABUF_MAX_SHARES];
	bool skipped;			/* the test said why it measured nothing */
	const char *skip_why;
};

/* The run's shares: each "dmabuf_shares" entry, and every share with dmabuf_map rows. */
void dmabuf_rows_of(const struct rd_run *run, struct dmabuf_rows *r);

/*
 * The part's sentences into @buf; returns the length needed, as snprintf.
 * *@timing_at: the offset where the timing sentences start (the verdict
 * puts the TCG caveat after them); strlen when there are none.
 */
size_t verdict_dmabuf(const struct dmabuf_rows *r, char *buf, size_t len, size_t *timing_at);

/* kind or source | exporter -> importer | size | map | attach | round trip | without sync. */
void dmabuf_table(struct doc *d, const struct dmabuf_rows *r);

/* compare's cells: what broke (refused, stale), what bounced (stale w/o sync), what it cost. */
void dmabuf_platform_words(const struct dmabuf_rows *r, char *broke, size_t blen,
			   char *cost, size_t clen);

#endif /* DMABENCH_REPORT_VERDICT_DMABUF_H */
