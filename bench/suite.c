// SPDX-License-Identifier: GPL-2.0
/* The test registry and the suites' sizes and limits; see suite.h. */
#include "suite.h"

#include <fnmatch.h>
#include <math.h>
#include <string.h>

#include "device_transfer.h"
#include "tests_kernel.h"
#include "tests_user.h"
#include "verify_test.h"

/* The floor first: every table is read against it. */
const struct test_def *const all_tests[] = {
	&empty_test,
	&alloc_free_test,
	&map_single_test,
	&map_page_test,
	&map_sg_test,
	&sync_test,
	&caching_test,
	&kernel_access_test,
	&sg_iter_test,
	&baseline_test,
	&user_access_test,
	&fault_test,
	&move_test,
	&transfer_test,
	&verify_test,
	&device_transfer_test,
	&map_scaling_test,
	NULL,
};

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

void suite_list(FILE *f)
{
	for (const struct test_def *const *t = all_tests; *t; t++)
		fprintf(f, "%-16s %s%s\n", (*t)->name, (*t)->what,
			(*t)->needs_module ? "" : " (no module needed)");
}
