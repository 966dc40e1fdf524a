/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The verdict's attributes part: which DMA attributes change anything
 * here.  Facts first, from the attrs test's probe (results.json's
 * "attr_effects"): per attribute, what the DMA layer did to a 1 MiB
 * coherent buffer against the same buffer without it (its kernel mapping,
 * the pgprot of its user mapping, its physical chunks and DMA segments).
 * Then timings, each said only outside the noise (noise.h): an alloc with
 * each attribute against a plain one, a kernel read/write through a
 * WRITE_COMBINE buffer, and map+unmap with SKIP_CPU_SYNC against with the
 * CPU sync.  Beneath the sentences, a table of the same (attrs_table()),
 * and for compare one cell per platform (attrs_platform_words()).
 */
#ifndef DMABENCH_REPORT_VERDICT_ATTRS_H
#define DMABENCH_REPORT_VERDICT_ATTRS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "report/doc.h"
#include "results/attr_effects.h"
#include "results/query.h"

#define ATTRS_MAX_EFFECTS	16
#define ATTRS_MAX_MAPS		4	/* single and sg, to device and both ways */
#define ATTRS_MAX_CLAIMS	16

/* The coherent allocation attributes, none first: the probe's and the alloc rows' order. */
enum { AV_PLAIN, AV_WC, AV_NKM, AV_FC, AV_ASP, AV_COUNT };
extern const uint32_t attrs_alloc_bits[AV_COUNT];

/*
 * The attrs test's map+unmap of @test_op ("map_single", "map_sg") at @size
 * in @dir with @attrs (0 or SKIP_CPU_SYNC): rd_round_trip() of the map and
 * its unmap.  False (ns NAN) when not measured.
 */
bool attrs_map_cost(const struct rd_run *run, const char *map_op, const char *dir,
		    uint64_t size, uint32_t attrs, struct rd_trip *out);

/* One map configuration: with the CPU sync and without, at the largest size both have. */
struct attrs_map {
	const char *op;		/* "map_single", "map_sg" */
	const char *dir;	/* "to", "bidi" */
	uint64_t size;
	struct rd_trip with, skip;
};

struct attrs_rows {
	size_t neffects;
	struct attr_effect eff[ATTRS_MAX_EFFECTS];
	const struct attr_effect *probe[AV_COUNT];	/* coherent, by attribute; NULL: not probed */
	const struct attr_effect *nc_plain, *nc_single;	/* noncontig without and with single pages */
	uint64_t alloc_size;				/* 0: no alloc row of plain and an attribute */
	const struct rd_item *alloc[AV_COUNT];		/* coherent allocs at alloc_size */
	uint64_t nc_alloc_size;
	const struct rd_item *nc_alloc[2];		/* noncontig: plain, single pages */
	const struct rd_item *kread[2], *kwrite[2];	/* coherent 1 MiB: plain, write-combine */
	size_t nmaps;
	struct attrs_map maps[ATTRS_MAX_MAPS];
};

void attrs_rows_of(const struct rd_run *run, struct attrs_rows *r);

/* Did @e (probed) come out other than @plain: kernel mapping, user pgprot, chunks, segments? */
bool attrs_changed(const struct attr_effect *e, const struct attr_effect *plain);

/* Where a timing sentence ends in the part's text: the claims a lab run cannot support. */
struct attrs_timing {
	unsigned int at;	/* the offset just past its period */
	bool wc_access;		/* a CPU access through a WRITE_COMBINE mapping */
};

/*
 * The part's sentences (no leading space) into @buf; returns the length
 * needed, as snprintf.  @timings gets each timing sentence's end (at most
 * @max, the count in *@n), which the verdict gives its caveat.
 */
size_t verdict_attrs(const struct attrs_rows *r, char *buf, size_t len,
		     struct attrs_timing *timings, size_t max, size_t *n);

/*
 * The table beneath the sentences: attribute | kernel mapping | user
 * mapping | physical chunks | DMA segments | alloc vs plain.  Nothing when
 * nothing was probed.
 */
void attrs_table(struct doc *d, const struct attrs_rows *r);

/*
 * compare's cells for a platform: the attributes that changed something
 * ("NO_KERNEL_MAPPING: no kernel mapping; FORCE_CONTIGUOUS: linear map,
 * 1 chunk not 37") and those that changed nothing
 * ("WRITE_COMBINE, FORCE_CONTIGUOUS"); "not probed" when the run has no
 * probe.
 */
void attrs_platform_words(const struct attrs_rows *r, char *changed, size_t clen,
			  char *unchanged, size_t ulen);

#endif /* DMABENCH_REPORT_VERDICT_ATTRS_H */
