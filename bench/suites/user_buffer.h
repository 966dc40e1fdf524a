/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A buffer the CPU reaches through a mapping: plain anonymous memory (the
 * "cached" reference) or a module buffer of one kind, mmapped.  The user
 * side tests all start here so that allocation, mapping, syncs and
 * cleanup are done one way.
 */
#ifndef DMABENCH_USER_BUFFER_H
#define DMABENCH_USER_BUFFER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/clock.h"
#include "core/device.h"

#define UBUF_KIND_CACHED	(-1)	/* anonymous memory, no module */

struct ubuf {
	int kind;			/* enum dmabench_kind or UBUF_KIND_CACHED */
	uint64_t size;
	void *addr;			/* the CPU mapping; NULL when not mapped */
	struct bench_device *dev;	/* NULL for cached */
	struct dmabench_alloc alloc;	/* module buffer: handle, mmap offset */
	bool dma_mapped;		/* MAP done (page kinds) */
	uint32_t dir;			/* of MAP, or of the noncoherent alloc */
};

/* The name results use: the kind's, or "cached". */
const char *ubuf_kind_name(int kind);

/*
 * Anonymous memory, faulted in and filled with non-zero data.  Huge pages
 * are asked for so the reference is as fast as the machine allows.
 * 0 or -errno.
 */
int ubuf_cached(struct ubuf *b, uint64_t size);

/*
 * A module buffer of @kind (noncoherent allocated for @dir) and its mmap.
 * @populate writes every page once (fault-in) with non-zero data.
 * 0 or -errno (dev->last says what failed).
 */
int ubuf_module(struct ubuf *b, struct bench_device *dev, unsigned int kind,
		uint64_t size, uint32_t dir, bool populate);

/* MAP for the device in @dir (page kinds).  0 or -errno. */
int ubuf_dma_map(struct ubuf *b, uint32_t dir);

/*
 * SYNC the whole buffer for the CPU or the device (DMABENCH_SYNC_FOR_*).
 * @ns gets the module's time in dma_sync_*, what a driver pays.
 */
int ubuf_sync(struct ubuf *b, uint32_t to, uint64_t *ns);

/* Unmap, munmap and free whatever @b holds; safe on a zeroed ubuf. */
void ubuf_release(struct ubuf *b);

/* Write non-zero words over @len bytes: realistic data, pages faulted in. */
void ubuf_fill(void *addr, uint64_t len, uint64_t seed);

/* Touch one byte per page (@write: store, else load); returns a value to keep. */
uint64_t ubuf_touch_pages(void *addr, uint64_t len, bool write);


#endif /* DMABENCH_USER_BUFFER_H */
