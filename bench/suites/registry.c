// SPDX-License-Identifier: GPL-2.0
/*
 * The test registry: every family of families.h in run order, and
 * `dmabench list`; see suite.h.  Apart from suite.c so that the families
 * (which use suite.c's sizes and limits) and the list do not use each other.
 */
#include "suites/suite.h"

#include <stdio.h>

#include "suites/families.h"

/* The floor first: every table is read against it. */
const struct test_def *const all_tests[] = {
	&empty_test,
	&alloc_free_test,
	&map_single_test,
	&map_page_test,
	&map_sg_test,
	&sync_test,
	&caching_test,
	&pool_test,
	&kernel_access_test,
	&sg_iter_test,
	&userptr_test,
	&attrs_test,
	&dmabuf_test,
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

void suite_list(FILE *f)
{
	for (const struct test_def *const *t = all_tests; *t; t++)
		fprintf(f, "%-16s %s%s\n", (*t)->name, (*t)->what,
			(*t)->needs_module ? "" : " (no module needed)");
}
