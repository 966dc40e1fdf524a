// SPDX-License-Identifier: GPL-2.0
/* Series, budgets and per-kind rules of the user-side tests; see user_plan.h. */
#include "suites/user_plan.h"

#include <math.h>
#include <string.h>

#include "dmabench.h"

double gbps_of(uint64_t bytes, double ns)
{
	return ns > 0.0 ? (double)bytes / ns : NAN;
}

static unsigned int add_size(uint64_t *out, unsigned int n, unsigned int cap,
			     uint64_t size)
{
	if (n < cap && (n == 0 || out[n - 1] != size))
		out[n++] = size;
	return n;
}

uint64_t memory_bound_size(uint64_t llc_bytes)
{
	uint64_t s = 4096;

	if (!llc_bytes)
		return 0;
	while (s < 4 * llc_bytes && s < MEMORY_BOUND_CAP)
		s <<= 1;
	return s;
}

unsigned int insert_size(uint64_t *sizes, unsigned int n, unsigned int cap, uint64_t size)
{
	unsigned int at = 0;

	while (at < n && sizes[at] < size)
		at++;
	if ((at < n && sizes[at] == size) || n >= cap)
		return n;
	memmove(sizes + at + 1, sizes + at, (n - at) * sizeof(*sizes));
	sizes[at] = size;
	return n + 1;
}

unsigned int user_sizes(bool quick, uint64_t min, uint64_t max,
			uint64_t *out, unsigned int cap)
{
	static const uint64_t quick_sizes[] = { 64ULL << 10, 4ULL << 20 };
	unsigned int n = 0;

	if (min > max || min == 0)
		return 0;
	if (quick) {
		for (unsigned int i = 0; i < 2; i++)
			if (quick_sizes[i] >= min && quick_sizes[i] <= max)
				n = add_size(out, n, cap, quick_sizes[i]);
	} else {
		/* 4 KiB, 16 KiB, 64 KiB, ...: even powers of two. */
		for (uint64_t s = 4096; s && s <= max; s <<= 2)
			if (s >= min)
				n = add_size(out, n, cap, s);
	}
	if (n == 0) {
		n = add_size(out, n, cap, min);
		n = add_size(out, n, cap, max);
	}
	return n;
}

unsigned int thread_series(unsigned int max, unsigned int *out,
			   unsigned int cap)
{
	unsigned int n = 0, t;

	if (max == 0)
		max = 1;
	for (t = 1; t <= max && n < cap; t *= 2) {
		out[n++] = t;
		if (t > max / 2)
			break;
	}
	if (n < cap && out[n - 1] != max)
		out[n++] = max;
	return n;
}

unsigned int passes_for_budget(double pass_ns, double budget_s,
			       unsigned int min, unsigned int max)
{
	double fit;

	if (!(pass_ns > 0.0))
		return max;
	fit = floor(budget_s * 1e9 / pass_ns);
	if (fit < (double)min)
		return min;
	if (fit > (double)max)
		return max;
	return (unsigned int)fit;
}

unsigned int scaling_iterations(unsigned int requested, unsigned int dflt,
				unsigned int delay_ns, double budget_s)
{
	if (requested)
		return requested;
	if (delay_ns == 0)
		return dflt;
	return passes_for_budget((double)delay_ns, budget_s, 10, dflt);
}

unsigned int dma_mask_bits(uint64_t mask)
{
	return mask ? 64U - (unsigned int)__builtin_clzll(mask) : 0U;
}

bool kind_needs_map(unsigned int kind)
{
	return kind == DMABENCH_KIND_STREAMING || kind == DMABENCH_KIND_WC ||
	       kind == DMABENCH_KIND_UC;
}

bool kind_needs_sync(unsigned int kind)
{
	return kind < DMABENCH_KIND_COUNT && kind != DMABENCH_KIND_COHERENT;
}

/* Under dma-direct (noncontig is one dma_alloc_pages() run there). */
bool kind_is_contiguous(unsigned int kind)
{
	return kind == DMABENCH_KIND_COHERENT ||
	       kind == DMABENCH_KIND_NONCOHERENT ||
	       kind == DMABENCH_KIND_NONCONTIG;
}

bool kind_contiguous_here(unsigned int kind, const struct dmabench_info *info)
{
	bool translated = info->iommu != DMABENCH_IOMMU_NONE &&
			  info->iommu != DMABENCH_IOMMU_IDENTITY;

	if (kind == DMABENCH_KIND_NONCOHERENT)
		return true;
	return kind_is_contiguous(kind) && !translated;
}

enum access_pattern transfer_read_pattern(unsigned int kind)
{
	if (kind == DMABENCH_KIND_WC || kind == DMABENCH_KIND_UC)
		return ACCESS_STREAM_LOAD;
	return ACCESS_READ;
}
