// SPDX-License-Identifier: GPL-2.0
/* report/verdict_userptr.c: the sentence from known figures. */
#include "unit.h"

#include <math.h>

#include "report/verdict_userptr.h"

static char out[512];

static void test_thp_clause(void **state)
{
	struct userptr_figures f = { .size = 16 << 20, .pin_4k = 650000, .pin_thp = 19000,
				     .sgt_4k = 50000, .map_4k = 300000, .emulated = true };

	(void)state;
	verdict_userptr(&f, out, sizeof(out));
	assert_contains(out, "16 MiB of user memory");
	assert_contains(out, "costs 1000 us");
	assert_contains(out, "65% of it the pin");
	assert_contains(out, "34.2x cheaper");
	assert_contains(out, "emulated");
}

static void test_no_thp_clause_within_noise(void **state)
{
	struct userptr_figures f = { .size = 1 << 20, .pin_4k = 1000, .pin_thp = 900,
				     .sgt_4k = 0, .map_4k = 0 };

	(void)state;
	verdict_userptr(&f, out, sizeof(out));
	assert_null(strstr(out, "THP"));
	assert_null(strstr(out, "emulated"));
}

static void test_not_measured(void **state)
{
	struct userptr_figures f = { .pin_4k = NAN, .pin_thp = NAN, .sgt_4k = NAN,
				     .map_4k = NAN };

	(void)state;
	verdict_userptr(&f, out, sizeof(out));
	assert_string_equal(out, "userptr: not measured");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_thp_clause),
		cmocka_unit_test(test_no_thp_clause_within_noise),
		cmocka_unit_test(test_not_measured),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
