// SPDX-License-Identifier: GPL-2.0
/* suite.c: the registry (unique names, list output), sizes, limits, patterns. */
#include "unit.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "run_args.h"
#include "suites/suite.h"
#include "suites/user_measure.h"
#include "suites/user_plan.h"

static void test_names_unique(void **state)
{
	size_t n = 0;

	(void)state;
	for (const struct test_def *const *a = all_tests; *a; a++, n++) {
		assert_non_null((*a)->name);
		assert_non_null((*a)->what);
		assert_non_null((*a)->run);
		for (const struct test_def *const *b = a + 1; *b; b++)
			if (!strcmp((*a)->name, (*b)->name))
				fail_msg("test name '%s' twice", (*a)->name);
	}
	assert_true(n >= 9);
	/* The floor runs first: every table is read against it. */
	assert_string_equal(all_tests[0]->name, "empty");
}

static void test_list(void **state)
{
	char *text = NULL;
	size_t len = 0, lines = 0, tests = 0;
	FILE *f = open_memstream(&text, &len);

	(void)state;
	suite_list(f);
	fclose(f);
	for (const struct test_def *const *t = all_tests; *t; t++) {
		assert_contains(text, (*t)->name);
		assert_contains(text, (*t)->what);
		tests++;
	}
	for (char *p = text; *p; p++)
		lines += *p == '\n';
	assert_int_equal(lines, tests);		/* one line each */
	assert_contains(text, "empty ");
	assert_contains(text, "sg_iter ");
	free(text);
}

static void test_sizes(void **state)
{
	struct run_opts o;
	uint64_t s[SUITE_MAX_SIZES];
	unsigned int n;

	(void)state;
	run_opts_default(&o);
	n = suite_sizes(&o, s, SUITE_MAX_SIZES);
	assert_int_equal(n, 4);
	assert_true(s[0] == 4096 && s[1] == 65536 && s[2] == 1 << 20 && s[3] == 16 << 20);

	o.suite = SUITE_FULL;
	n = suite_sizes(&o, s, SUITE_MAX_SIZES);
	assert_true(s[0] == 4096 && s[n - 1] == 1ULL << 30);

	o.sizes_given = true;
	o.size_min = 8192;
	o.size_max = 65536;
	n = suite_sizes(&o, s, SUITE_MAX_SIZES);
	assert_int_equal(n, 4);		/* every power of two in range */
	assert_true(s[0] == 8192 && s[3] == 65536);

	n = suite_sizes(&o, s, 2);	/* never past the caller's array */
	assert_int_equal(n, 2);

	o.sizes_given = false;
	o.suite = SUITE_QUICK;
	o.size_min = 65536;
	o.size_max = 1 << 20;
	n = suite_sizes(&o, s, SUITE_MAX_SIZES);
	assert_int_equal(n, 2);
}

static void test_cfg(void **state)
{
	struct run_opts o;
	struct measure_cfg c;

	(void)state;
	run_opts_default(&o);
	suite_measure_cfg(&o, &c);
	assert_true(c.min_samples <= c.max_samples && c.rel_tol > 0 && isfinite(c.max_time));
	o.iters = 33;
	suite_measure_cfg(&o, &c);
	assert_true(c.min_samples == 33 && c.max_samples == 33 && !isfinite(c.max_time));
	o.iters = 0;
	o.min_time = 2;
	suite_measure_cfg(&o, &c);
	assert_true(c.min_time == 2 && c.max_time >= 2);
}

/*
 * A user-side pass that takes 1 s against a 0.25 s budget: the budget
 * bounds passes beyond the floor but keeps min_samples (it used to cut it
 * to 3), and the hard cap it may grow to is stated.
 */
static void test_user_budget_keeps_floor(void **state)
{
	struct run_opts o;
	struct run_ctx ctx = { .opts = &o };
	struct measure_cfg c;

	(void)state;
	run_opts_default(&o);
	suite_measure_cfg(&o, &ctx.mcfg);
	c = user_mcfg(&ctx, 1e9, USER_BUDGET_QUICK_S);
	assert_int_equal(c.min_samples, ctx.mcfg.min_samples);
	assert_true(c.max_samples >= c.min_samples);
	assert_true(c.max_time <= USER_BUDGET_QUICK_S);
	assert_true(c.hard_time == USER_BUDGET_QUICK_S * MEASURE_HARD_FACTOR);
}

/* STREAM's 4x the LLC, a power of two, capped; inserted in order, once. */
static void test_memory_bound_size(void **state)
{
	uint64_t s[SUITE_MAX_SIZES] = { 65536, 4 << 20 };
	unsigned int n = 2;

	(void)state;
	assert_true(memory_bound_size(0) == 0);
	assert_true(memory_bound_size(16 << 20) == 64 << 20);	/* the lab's L3 */
	assert_true(memory_bound_size(32 << 20) == 128 << 20);	/* this host's */
	assert_true(memory_bound_size(12 << 20) == 64 << 20);	/* 48 MiB rounds up */
	assert_true(memory_bound_size(1ULL << 30) == MEMORY_BOUND_CAP);
	n = insert_size(s, n, SUITE_MAX_SIZES, 64 << 20);
	n = insert_size(s, n, SUITE_MAX_SIZES, 64 << 20);
	n = insert_size(s, n, SUITE_MAX_SIZES, 1 << 20);
	assert_int_equal(n, 4);
	assert_true(s[0] == 65536 && s[1] == 1 << 20 && s[2] == 4 << 20 && s[3] == 64 << 20);
	assert_int_equal(insert_size(s, n, n, 8 << 20), n);	/* full: unchanged */
}

static void test_patterns(void **state)
{
	(void)state;
	assert_true(suite_selected(NULL, "map_sg"));
	assert_true(suite_selected("map_sg", "map_sg"));
	assert_false(suite_selected("map_sg", "map_single"));
	assert_true(suite_selected("map_*", "map_single"));
	assert_true(suite_selected("sync,map_*", "map_page"));
	assert_true(suite_selected("sync,map_*", "sync"));
	assert_false(suite_selected("sync,map_*", "empty"));
	assert_false(suite_selected("", "empty"));
	assert_true(suite_selected(",empty", "empty"));
}

/*
 * Which buffers are one physical run, so that sizes past the contiguous
 * limit are skipped, not failed: noncoherent stays one run behind an IOMMU
 * (its 64 MiB user_access buffer failed with ENOMEM on iommu-strict, 3 of
 * 3 repetitions, when only iommu NONE counted), coherent and noncontig
 * take pages there.
 */
static void test_contiguous_here(void **state)
{
	struct dmabench_info direct = { .iommu = DMABENCH_IOMMU_NONE };
	struct dmabench_info strict = { .iommu = DMABENCH_IOMMU_STRICT };
	struct dmabench_info pt = { .iommu = DMABENCH_IOMMU_IDENTITY };

	(void)state;
	assert_true(kind_contiguous_here(DMABENCH_KIND_NONCOHERENT, &strict));
	assert_true(kind_contiguous_here(DMABENCH_KIND_NONCOHERENT, &direct));
	assert_false(kind_contiguous_here(DMABENCH_KIND_COHERENT, &strict));
	assert_false(kind_contiguous_here(DMABENCH_KIND_NONCONTIG, &strict));
	assert_true(kind_contiguous_here(DMABENCH_KIND_COHERENT, &direct));
	assert_true(kind_contiguous_here(DMABENCH_KIND_COHERENT, &pt));
	assert_false(kind_contiguous_here(DMABENCH_KIND_STREAMING, &direct));
	assert_false(kind_contiguous_here(DMABENCH_KIND_WC, &strict));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_names_unique),
		cmocka_unit_test(test_list),
		cmocka_unit_test(test_sizes),
		cmocka_unit_test(test_cfg),
		cmocka_unit_test(test_patterns),
		cmocka_unit_test(test_user_budget_keeps_floor),
		cmocka_unit_test(test_memory_bound_size),
		cmocka_unit_test(test_contiguous_here),
	};

	return cmocka_run_group_tests_name("suite", tests, NULL, NULL);
}
