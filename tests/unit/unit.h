/* SPDX-License-Identifier: GPL-2.0 */
/* What every unit test includes: cmocka needs these before cmocka.h. */
#ifndef DMABENCH_UNIT_H
#define DMABENCH_UNIT_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <errno.h>
#include <string.h>

/* Assert that @haystack contains @needle, printing both when not. */
#define assert_contains(haystack, needle) do { \
	const char *h_ = (haystack), *n_ = (needle); \
	if (!strstr(h_, n_)) \
		fail_msg("\"%s\"\n    does not contain \"%s\"", h_, n_); \
} while (0)

#endif /* DMABENCH_UNIT_H */
