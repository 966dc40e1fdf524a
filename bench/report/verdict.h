/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The verdict at the top of every report: the questions driver writers ask
 * (seed/ thread), answered in sentences with this run's numbers.  The
 * numbers are kept beside the sentences so tests (and compare) can check
 * them against the results they came from.
 */
#ifndef DMABENCH_VERDICT_H
#define DMABENCH_VERDICT_H

#include <stdint.h>

#include "results/query.h"

enum verdict_part {
	VERDICT_COHERENCE,
	VERDICT_SYNC,
	VERDICT_CROSSOVER,
	VERDICT_CACHING,
	VERDICT_WC_READ,
	VERDICT_USERPTR,
	VERDICT_NONCONTIG,
	VERDICT_ATTRS,
	VERDICT_COUNT
};

#define VERDICT_SYNC_SIZES	4	/* 4 KiB, 64 KiB, 1 MiB, 16 MiB */

/* Which caching kinds the caching and read verdicts cover. */
enum { VK_WC, VK_UC, VK_COUNT };

#define VERDICT_MAX_CAVEATS	16

/* A caveat said right after the sentence that ends at text offset @at. */
struct verdict_caveat {
	unsigned int at;
	const char *text;
};

struct verdict {
	char text[VERDICT_COUNT][4096];
	struct verdict_caveat caveat[VERDICT_COUNT][VERDICT_MAX_CAVEATS];
	unsigned int ncaveats[VERDICT_COUNT];

	int coherent;			/* 1, 0, -1 not recorded */
	int observed;			/* the device's DMA ("verify"): 1, 0, -1 unknown */
	unsigned int stale_kinds;	/* kinds stale without sync, of ... */
	unsigned int sync_kinds;	/* ... the kinds that sync and were measured */
	unsigned int roundtrip_ok;	/* kinds whose round trip was ok, of ... */
	unsigned int roundtrip_kinds;	/* ... the kinds the device tried */
	double sync_dev_ns[VERDICT_SYNC_SIZES];	/* streaming, hot; NAN */
	double sync_cpu_ns[VERDICT_SYNC_SIZES];
	double copy_ns[VERDICT_SYNC_SIZES];	/* memcpy of the same bytes */
	double rt_sync_ns;		/* the two syncs of the 64 KiB round trip; NAN */
	uint64_t crossover;		/* 0: none in range */
	uint64_t crossover_lo, crossover_hi;	/* the sizes compared */
	double page_ns[VK_COUNT];	/* per page, fit of the switch to wc/uc */
	double call_ns[VK_COUNT];	/* fixed part of one switch call */
	unsigned long pool_allocs[VK_COUNT];	/* 0: not measured */
	/* set_memory_* on one run / set_pages_array_* on its pages, there and back */
	double range_ratio[VK_COUNT];	/* NAN: not measured */
	uint64_t range_size[VK_COUNT];	/* the size compared; 0: not measured */
	double read_slowdown[VK_COUNT];	/* cached read GB/s / kind read GB/s */
	double stream_share[VK_COUNT];	/* stream_load GB/s / cached read GB/s */
	uint64_t userptr_size;		/* 0: userptr not measured */
	double userptr_ns;		/* pin + sg table + map at that size; NAN */
};

extern const uint64_t verdict_sync_sizes[VERDICT_SYNC_SIZES];

/* A heading for each part ("Is streaming DMA coherent here?", ...). */
const char *verdict_title(enum verdict_part part);

/*
 * One claim of a part: a sentence of its text (@len bytes from @text, not
 * terminated) and the caveat beside it, NULL when none.
 */
struct verdict_claim {
	const char *text;
	size_t len;
	const char *caveat;
};

/*
 * Split @part's text into its sentences, each with its caveat (claims a
 * lab run cannot support carry one: under TCG there are no caches, no
 * write-combining and no real device timing).  How many, at most @max.
 */
size_t verdict_claims(const struct verdict *v, enum verdict_part part,
		      struct verdict_claim *out, size_t max);

/* Answer every question from @run; parts the run lacks say so. */
void verdict_compute(const struct rd_run *run, struct verdict *v);

#endif /* DMABENCH_VERDICT_H */
