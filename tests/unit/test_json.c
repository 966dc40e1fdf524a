// SPDX-License-Identifier: GPL-2.0
/* json.c: the conversions jansson lacks and the one output format. */
#include "unit.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "core/json.h"
#include "core/sysinfo.h"

static void test_u64(void **state)
{
	json_t *v;

	(void)state;
	v = json_u64_or_null(0);
	assert_int_equal(json_integer_value(v), 0);
	json_decref(v);
	v = json_u64_or_null(INT64_MAX);
	assert_true(json_integer_value(v) == INT64_MAX);
	json_decref(v);
	/* Past the signed range jansson would wrap negative: null instead. */
	v = json_u64_or_null((uint64_t)INT64_MAX + 1);
	assert_true(json_is_null(v));
	json_decref(v);
	v = json_u64_or_null(UINT64_MAX);
	assert_true(json_is_null(v));
	json_decref(v);
}

static void test_hex(void **state)
{
	json_t *v;

	(void)state;
	v = json_hex64(UINT64_MAX);
	assert_string_equal(json_string_value(v), "0xffffffffffffffff");
	json_decref(v);
	v = json_hex64(0);
	assert_string_equal(json_string_value(v), "0x0");
	json_decref(v);
	v = json_hex64(0xfffffffULL);
	assert_string_equal(json_string_value(v), "0xfffffff");
	json_decref(v);
}

/* Insertion order, 2-space indent, trailing newline: diffable output. */
static void test_print_format(void **state)
{
	json_t *o = json_object();
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	(void)state;
	json_object_set_new(o, "zeta", json_integer(1));
	json_object_set_new(o, "alpha", json_true());
	assert_int_equal(json_print(f, o), 0);
	fclose(f);
	assert_string_equal(text, "{\n  \"zeta\": 1,\n  \"alpha\": true\n}\n");
	free(text);
	json_decref(o);
}

static void test_save(void **state)
{
	char dir[] = "/tmp/dmabench-json-XXXXXX", path[64], *text;
	json_t *o = json_pack("{s:s}", "schema", "x");

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/results.json", dir);
	assert_int_equal(json_save(path, o), 0);
	text = read_text_file(path);
	assert_non_null(text);
	assert_string_equal(text, "{\n  \"schema\": \"x\"\n}\n");
	free(text);
	unlink(path);
	rmdir(dir);
	/* A directory that does not exist is reported, not ignored. */
	assert_int_equal(json_save(path, o), -ENOENT);
	json_decref(o);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_u64),
		cmocka_unit_test(test_hex),
		cmocka_unit_test(test_print_format),
		cmocka_unit_test(test_save),
	};

	return cmocka_run_group_tests_name("json", tests, NULL, NULL);
}
