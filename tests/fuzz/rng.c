// SPDX-License-Identifier: GPL-2.0
/* Seeded random numbers and the boundary values fields are fuzzed with. */
#include "fuzz.h"

static uint64_t splitmix64(uint64_t *x)
{
	uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* One independent stream per (seed, a, b, c): round, worker, thread. */
void fz_rng_init(struct fz_rng *r, uint64_t seed, uint64_t a, uint64_t b, uint64_t c)
{
	uint64_t x = seed;

	x ^= splitmix64(&x) ^ a;
	x ^= splitmix64(&x) ^ b;
	x ^= splitmix64(&x) ^ c;
	r->s = splitmix64(&x);
	if (!r->s)
		r->s = 1;	/* xorshift never leaves 0 */
}

uint64_t fz_rand(struct fz_rng *r)
{
	r->s ^= r->s >> 12;
	r->s ^= r->s << 25;
	r->s ^= r->s >> 27;
	return r->s * 0x2545f4914f6cdd1dULL;
}

uint64_t fz_below(struct fz_rng *r, uint64_t n)
{
	return n ? fz_rand(r) % n : 0;
}

bool fz_chance(struct fz_rng *r, unsigned int one_in)
{
	return fz_below(r, one_in) == 0;
}

/* Sizes, offsets, lengths, pointers: where validation goes wrong. */
uint64_t fz_u64_edge(struct fz_rng *r, uint64_t page)
{
	const uint64_t edges[] = {
		0, 1, 7, 8, 9, 16, page - 8, page - 1, page, page + 1, page + 8, 2 * page,
		16 * page, 256 * page, 1ULL << 31, 1ULL << 32, (1ULL << 32) + page,
		1ULL << 47, 1ULL << 62, INT64_MAX, UINT64_MAX - page + 1, UINT64_MAX - 7,
		UINT64_MAX - 1, UINT64_MAX, fz_info.byte_cap, fz_info.byte_cap + page,
		fz_info.max_contig_size, fz_info.max_contig_size + page,
		(uint64_t)INT32_MAX * page, ((uint64_t)INT32_MAX + 1) * page,
	};

	if (fz_chance(r, 8))
		return fz_rand(r);
	return edges[fz_below(r, sizeof(edges) / sizeof(edges[0]))];
}

uint32_t fz_u32_edge(struct fz_rng *r)
{
	const uint32_t edges[] = {
		0, 1, 2, 3, 4, 5, 7, 8, 12, 13, 16, 99, 255, 4096, 65535, 65536,
		DMABENCH_BENCH_MAX_ITERS, DMABENCH_BENCH_MAX_ITERS + 1,
		DMABENCH_BENCH_MAX_BATCH, DMABENCH_BENCH_MAX_BATCH + 1,
		DMABENCH_MAX_ENTRIES, DMABENCH_MAX_ENTRIES + 1,
		INT32_MAX, 0x80000000U, UINT32_MAX - 1, UINT32_MAX,
	};

	if (fz_chance(r, 8))
		return (uint32_t)fz_rand(r);
	return edges[fz_below(r, sizeof(edges) / sizeof(edges[0]))];
}
