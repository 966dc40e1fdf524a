/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the user-side and thread-scaling tests run: size and thread series,
 * time budgets, which kinds need a mapping or syncs, bandwidth.  Pure
 * functions, so every choice is unit-tested without the module.
 */
#ifndef DMABENCH_USER_PLAN_H
#define DMABENCH_USER_PLAN_H

#include <stdbool.h>
#include <stdint.h>

#include "suites/access_kernels.h"

struct dmabench_info;

#define USER_MAX_SIZES		16
#define USER_MAX_THREAD_STEPS	32

/* Bytes per ns is GB/s (10^9 bytes per second); NAN when @ns is not > 0. */
double gbps_of(uint64_t bytes, double ns);

/*
 * Sizes the user-side tests use within [@min, @max] (powers of two).
 * Quick: 64 KiB and 4 MiB, the cache-resident and the memory-bound case;
 * full: every power of four.  When the range holds none of them, its two
 * ends, so `--sizes 64M` measures 64 MiB.  Returns the count (<= @cap).
 */
/*
 * STREAM's rule: memory-bound means at least 4x the last-level cache.  The
 * power of two at or above 4 x @llc_bytes, at most MEMORY_BOUND_CAP (a pass
 * over more takes ~0.1 s on DRAM and seconds under TCG, so the sample floor
 * would not fit the time cap); 0 when the LLC is unknown.
 */
#define MEMORY_BOUND_CAP	(256ULL << 20)
uint64_t memory_bound_size(uint64_t llc_bytes);

/* Insert @size into ascending @sizes[0..n) unless there; the new count (at most @cap). */
unsigned int insert_size(uint64_t *sizes, unsigned int n, unsigned int cap, uint64_t size);

unsigned int user_sizes(bool quick, uint64_t min, uint64_t max,
			uint64_t *out, unsigned int cap);

/*
 * Thread counts of a scaling series: 1, 2, 4, ... up to @max, and @max
 * itself when it is not a power of two, so the count asked for is always
 * measured.  @max 0 means 1.  Returns the count (<= @cap).
 */
unsigned int thread_series(unsigned int max, unsigned int *out,
			   unsigned int cap);

/*
 * Passes that fit in @budget_s when one takes @pass_ns, within
 * [@min, @max]: how slow mappings (UC reads) keep the quick suite short.
 */
unsigned int passes_for_budget(double pass_ns, double budget_s,
			       unsigned int min, unsigned int max);

/*
 * Iterations per thread of a map_scaling run: @requested (--iters) when
 * set, else @dflt, lowered so a simulated transfer delay of @delay_ns per
 * op stays within @budget_s; never below 10.
 */
unsigned int scaling_iterations(unsigned int requested, unsigned int dflt,
				unsigned int delay_ns, double budget_s);

/* Bits of a DMA mask (0xffffffff -> 32, ~0 -> 64, 0 -> 0). */
unsigned int dma_mask_bits(uint64_t mask);

/* Kinds made of pages that need MAP before the device may use them. */
bool kind_needs_map(unsigned int kind);

/* Kinds a driver must sync around each transfer (all but coherent). */
bool kind_needs_sync(unsigned int kind);

/* Kinds that are one physically contiguous allocation without an IOMMU. */
bool kind_is_contiguous(unsigned int kind);

/*
 * Whether a buffer of @kind is one physically contiguous run on the device
 * @info describes: the contiguous kinds under dma-direct (or an identity
 * domain), and noncoherent always (dma_alloc_pages() is one run behind an
 * IOMMU too); coherent and noncontig behind a translating IOMMU take pages.
 */
bool kind_contiguous_here(unsigned int kind, const struct dmabench_info *info);

/*
 * How a driver reads a buffer of @kind back: WC and UC only stream with
 * MOVNTDQA (what i915 does for WC), everything else with plain loads.
 */
enum access_pattern transfer_read_pattern(unsigned int kind);

#endif /* DMABENCH_USER_PLAN_H */
