/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A run read back: results.json's items (query.c) with the p10 of their
 * samples (samples.c).  Types only, so that both readers share them.
 */
#ifndef DMABENCH_RESULTS_RUN_H
#define DMABENCH_RESULTS_RUN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "core/stats.h"

/* One row of results.json; strings are borrowed from the run's document. */
struct rd_item {
	const char *test, *kind, *op, *dir, *cache, *unit, *isa, *note;
	const char *dir_written;	/* dir as the file spells it (samples.csv) */
	uint64_t size;
	unsigned int threads, entries, batch;
	unsigned int occurrence;	/* 0, 1, ...: rows with the same key */
	uint32_t attrs;			/* DMABENCH_ATTR_* ("attrs" names; names this build lacks: ATTR_UNKNOWN) */
	const char *exporter, *importer, *source;	/* test dmabuf: the share; NULL elsewhere */
	struct stats stats;		/* NAN where the JSON had null */
	double p10;			/* from samples.csv; NAN without it */
	double gbps;			/* NAN unless a bandwidth item */
	json_t *counters;		/* borrowed; NULL when none */
	json_t *reps;			/* across repetitions (repeat.h); borrowed; NULL in a single run */
	json_t *row;			/* the row itself, borrowed (optional fields) */
	const struct rd_item *batched;	/* floor-bound per-op row: its batched twin */
};

struct rd_run {
	char *dir;
	char *label;		/* preset, or the folder's name */
	json_t *doc;		/* owns every string the items point into */
	struct rd_item *items;
	size_t nitems;
	bool has_floor;
	struct stats floor;	/* the kernel timing floor (empty op) */
	json_t *platform;	/* borrowed; always an object */
	json_t *info;		/* platform.info; borrowed; always an object */
	bool complete;
	const char *why_incomplete;
	bool has_p10;		/* samples.csv was read */
	unsigned int n_reps;	/* repetitions combined (repeat.h); 0: a single run */
	json_t *index;		/* rd_key() -> the item's index: each row once */
	json_t *first_op;	/* "test op" -> index of its first row */
	json_t *by_op;		/* "test kind op" -> its rows' indices, in order */
};

#endif /* DMABENCH_RESULTS_RUN_H */
