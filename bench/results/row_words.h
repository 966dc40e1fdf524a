/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A row of results.json named in words, for people: "alloc coherent 4 KiB",
 * "sync for device streaming 64 KiB, to device, cold cache", where rd_key()
 * says "alloc_free/coherent/alloc/4096/-/t1/e0/-/b1#0" for machines.  The
 * words carry every field rd_key() does (operation, kind, size, entries
 * (the caching test's are pages a call: "caching to WC wc 4 MiB, 256 pages
 * a call"), direction, cache state, threads, batched, DMA attributes
 * ("alloc coherent 1 MiB, write-combine"; the attrs test's own plain rows:
 * ", no attribute"), occurrence), so two rows of a run never share words;
 * the caching test's set_memory_* rows say ", one contiguous range" after
 * the size, where the same switch of a page array says nothing.  rd_key()
 * stays the name scripts and --ops match.
 */
#ifndef DMABENCH_RESULTS_ROW_WORDS_H
#define DMABENCH_RESULTS_ROW_WORDS_H

#include <stddef.h>

#include "results/run.h"

/* @it in words into @buf (always terminated); returns @buf. */
char *rd_row_words(const struct rd_item *it, char *buf, size_t len);

/*
 * The user memory a userptr row pinned (core/names.h's UMEM_*), which its
 * note names first (suites/kernel.c adds what holds for the row alone after
 * a "; "); NULL for any other row.
 */
const char *rd_row_memory(const struct rd_item *it);

#endif /* DMABENCH_RESULTS_ROW_WORDS_H */
