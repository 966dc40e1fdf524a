// SPDX-License-Identifier: GPL-2.0
/* The suites' sizes and limits; see suite.h. */
#include "suites/suite.h"

#include <fnmatch.h>
#include <math.h>
#include <string.h>

static const uint64_t quick_sizes[] = { 4096, 65536, 1 << 20, 16 << 20 };

unsigned int suite_sizes(const struct run_opts *o, uint64_t *out, unsigned int max)
{
	unsigned int n = 0;

	if (o->sizes_given) {
		for (uint64_t s = o->size_min; s && s <= o->size_max && n < max; s <<= 1)
			out[n++] = s;
		return n;
	}
	if (o->suite == SUITE_QUICK) {
		for (size_t i = 0; i < sizeof(quick_sizes) / sizeof(quick_sizes[0]); i++)
			if (quick_sizes[i] >= o->size_min &&
			    quick_sizes[i] <= o->size_max && n < max)
				out[n++] = quick_sizes[i];
		return n;
	}
	/* Full: 4K..1G by factors of 4 covers the range in ten steps. */
	for (uint64_t s = 4096; s <= (1ULL << 30) && n < max; s <<= 2)
		if (s >= o->size_min && s <= o->size_max)
			out[n++] = s;
	return n;
}

void suite_measure_cfg(const struct run_opts *o, struct measure_cfg *c)
{
	bool quick = o->suite == SUITE_QUICK;

	/*
	 * Quick: a stable-enough median in a fraction of a second, so the
	 * whole suite fits in a few minutes under TCG.  Full: tighter.
	 */
	*c = (struct measure_cfg){
		.warmup = quick ? 2 : 10,
		.chunk = quick ? 64 : 256,
		.min_samples = quick ? 15 : 50,
		.max_samples = quick ? 2000 : 100000,
		.min_time = 0,
		.max_time = quick ? 0.25 : 3.0,
		.rel_tol = quick ? 0.02 : 0.01,
	};
	if (o->iters) {
		c->min_samples = c->max_samples = o->iters;
		c->max_time = INFINITY;
		if (c->chunk > o->iters)
			c->chunk = o->iters;
	} else if (o->min_time > 0) {
		c->min_time = o->min_time;
		if (c->max_time < 4 * o->min_time)
			c->max_time = 4 * o->min_time;
		c->max_samples = 1U << 20;
	}
}

bool suite_selected(const char *patterns, const char *name)
{
	char pat[128];

	if (!patterns)
		return true;
	while (*patterns) {
		size_t len = strcspn(patterns, ",");

		if (len && len < sizeof(pat)) {
			memcpy(pat, patterns, len);
			pat[len] = '\0';
			if (fnmatch(pat, name, 0) == 0)
				return true;
		}
		patterns += len;
		if (*patterns == ',')
			patterns++;
	}
	return false;
}
