// SPDX-License-Identifier: GPL-2.0
/* JSON formatting in one place; see json.h. */
#include "core/json.h"

#include <errno.h>
#include <inttypes.h>
#include <limits.h>

#include "core/atomicfile.h"

/* Insertion order is what readers and diffs rely on ("stable key order"). */
#define JSON_FLAGS	(JSON_INDENT(2) | JSON_PRESERVE_ORDER)

#if JSON_INTEGER_IS_LONG_LONG
#define JSON_INT_MAX	LLONG_MAX
#else
#define JSON_INT_MAX	LONG_MAX
#endif

json_t *json_u64_or_null(uint64_t v)
{
	if (v > (uint64_t)JSON_INT_MAX)
		return json_null();
	return json_integer((json_int_t)v);
}

json_t *json_hex64(uint64_t v)
{
	char buf[2 + 16 + 1];

	snprintf(buf, sizeof(buf), "0x%" PRIx64, v);
	return json_string(buf);
}

int json_print(FILE *f, const json_t *root)
{
	errno = 0;
	if (json_dumpf(root, f, JSON_FLAGS) || fputc('\n', f) == EOF)
		return errno ? -errno : -EIO;
	return 0;
}

int json_print_answer(FILE *f, json_t *doc)
{
	int ret = doc ? json_print(f, doc) : -ENOMEM;

	json_decref(doc);
	if (ret == 0 && fflush(f))
		ret = -errno;
	return ret;
}

static int print_root(FILE *f, void *arg)
{
	return json_print(f, arg);
}

int json_save(const char *path, const json_t *root)
{
	return atomicfile_write(path, print_root, (void *)root);
}
