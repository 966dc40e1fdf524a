/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the DMA layer made of a buffer allocated with DMA attributes (the
 * attrs test's probe: ALLOC, mmap, BUF_INFO, FREE), as results.json's
 * "attr_effects" list holds it: one entry per (kind, attributes), facts
 * rather than timings, so that "did this attribute change anything here?"
 * has an answer per platform.  Written by results.c (results_add_attr_effect),
 * read back here for the report and compare.
 */
#ifndef DMABENCH_RESULTS_ATTR_EFFECTS_H
#define DMABENCH_RESULTS_ATTR_EFFECTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "results/run.h"

/* What became of the probe's mmap of the buffer. */
enum attr_mmap {
	AE_MMAP_NOT_TRIED,	/* the probe stopped before it */
	AE_MMAP_MAPPED,
	AE_MMAP_REFUSED,	/* EINVAL: a buffer the module will not map (NO_KERNEL_MAPPING) */
	AE_MMAP_FAILED,		/* any other errno: @error says it */
	AE_MMAP_COUNT
};

struct attr_effect {
	const char *kind;	/* "coherent", ... */
	uint32_t attrs;		/* DMABENCH_ATTR_*; ATTR_UNKNOWN for a name this build lacks */
	uint64_t size;		/* bytes */
	bool reference;		/* another kind, probed without attributes to compare with */
	bool probed;		/* BUF_INFO answered: kmap .. user_prot hold */
	int kmap;		/* enum dmabench_kmap; -1 when not known */
	uint32_t phys_chunks, dma_segments;
	int user_prot;		/* enum dmabench_user_prot; -1 when not known */
	enum attr_mmap mmap;
	const char *error;	/* why the probe failed (or the mmap did), NULL when it did not */
};

/* @e as results.json's entry (a new reference), NULL when out of memory. */
json_t *attr_effect_json(const struct attr_effect *e);

/* The name of @m ("mapped", "refused", ...), as results.json spells it. */
const char *attr_mmap_name(enum attr_mmap m);

/*
 * The run's "attr_effects" into @out (at most @max, strings borrowed from the
 * run's document); how many.  0 for a run without the probe.
 */
size_t rd_attr_effects(const struct rd_run *run, struct attr_effect *out, size_t max);

/* The first entry of @kind with exactly @attrs, or NULL. */
const struct attr_effect *attr_effect_find(const struct attr_effect *e, size_t n,
					   const char *kind, uint32_t attrs);

#endif /* DMABENCH_RESULTS_ATTR_EFFECTS_H */
