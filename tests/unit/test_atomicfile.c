// SPDX-License-Identifier: GPL-2.0
/* atomicfile.c: content lands whole, temp files never stay behind. */
#include "unit.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/atomicfile.h"
#include "core/sysinfo.h"

static int setup_dir(void **state)
{
	char *dir = strdup("/tmp/dmabench-atomic-XXXXXX");

	if (!dir || !mkdtemp(dir))
		return -1;
	*state = dir;
	return 0;
}

static int teardown_dir(void **state)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", (char *)*state);
	free(*state);
	return system(cmd) == 0 ? 0 : -1;
}

static void path_in(char *buf, size_t len, void **state, const char *name)
{
	snprintf(buf, len, "%s/%s", (char *)*state, name);
}

/* Number of entries in the test dir whose name contains ".tmp.". */
static int temp_files(void **state)
{
	DIR *d = opendir(*state);
	struct dirent *e;
	int n = 0;

	assert_non_null(d);
	while ((e = readdir(d)))
		if (strstr(e->d_name, ".tmp."))
			n++;
	closedir(d);
	return n;
}

static void assert_file_is(const char *path, const char *want)
{
	char *got = read_text_file(path);

	assert_non_null(got);
	assert_string_equal(got, want);
	free(got);
}

static void test_temp_name(void **state)
{
	char buf[64];

	(void)state;
	atomicfile_temp_name("results/x/results.json", 42, buf, sizeof(buf));
	assert_string_equal(buf, "results/x/.results.json.tmp.42");
	atomicfile_temp_name("out.csv", 7, buf, sizeof(buf));
	assert_string_equal(buf, ".out.csv.tmp.7");
	atomicfile_temp_name("/r.json", 1, buf, sizeof(buf));
	assert_string_equal(buf, "/.r.json.tmp.1");
}

static void test_writes_new_file(void **state)
{
	char path[256];
	struct stat st;

	path_in(path, sizeof(path), state, "results.json");
	assert_int_equal(atomicfile_write_bytes(path, "{\"a\": 1}\n", 9), 0);
	assert_file_is(path, "{\"a\": 1}\n");
	assert_int_equal(temp_files(state), 0);
	assert_int_equal(stat(path, &st), 0);
	assert_true(S_ISREG(st.st_mode));
}

static void test_replaces_old_file(void **state)
{
	char path[256];

	path_in(path, sizeof(path), state, "samples.csv");
	assert_int_equal(atomicfile_write_bytes(path, "old\n", 4), 0);
	assert_int_equal(atomicfile_write_bytes(path, "new\nlonger\n", 11), 0);
	assert_file_is(path, "new\nlonger\n");
	assert_int_equal(atomicfile_write_bytes(path, "", 0), 0);
	assert_file_is(path, "");
	assert_int_equal(temp_files(state), 0);
}

/* Writes half of its content, then fails like a full disk would. */
static int half_then_fail(FILE *f, void *arg)
{
	(void)arg;
	fputs("trunc", f);
	return -ENOSPC;
}

static void test_failed_writer_keeps_old(void **state)
{
	char path[256];

	path_in(path, sizeof(path), state, "results.json");
	assert_int_equal(atomicfile_write_bytes(path, "intact\n", 7), 0);
	assert_int_equal(atomicfile_write(path, half_then_fail, NULL), -ENOSPC);
	assert_file_is(path, "intact\n");
	assert_int_equal(temp_files(state), 0);
}

/* rename() itself fails when the target is a directory. */
static void test_failed_rename_cleans_up(void **state)
{
	char path[256], inside[300];

	path_in(path, sizeof(path), state, "busy");
	assert_int_equal(mkdir(path, 0755), 0);
	snprintf(inside, sizeof(inside), "%s/keep", path);
	assert_int_equal(atomicfile_write_bytes(inside, "k", 1), 0);
	assert_int_equal(atomicfile_write_bytes(path, "x", 1), -EISDIR);
	assert_int_equal(temp_files(state), 0);
	assert_file_is(inside, "k");
}

static void test_missing_dir(void **state)
{
	char path[256];

	path_in(path, sizeof(path), state, "no/such/dir/file");
	assert_int_equal(atomicfile_write_bytes(path, "x", 1), -ENOENT);
	assert_int_equal(temp_files(state), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_temp_name),
		cmocka_unit_test_setup_teardown(test_writes_new_file, setup_dir, teardown_dir),
		cmocka_unit_test_setup_teardown(test_replaces_old_file, setup_dir, teardown_dir),
		cmocka_unit_test_setup_teardown(test_failed_writer_keeps_old, setup_dir, teardown_dir),
		cmocka_unit_test_setup_teardown(test_failed_rename_cleans_up, setup_dir, teardown_dir),
		cmocka_unit_test_setup_teardown(test_missing_dir, setup_dir, teardown_dir),
	};

	return cmocka_run_group_tests_name("atomicfile", tests, NULL, NULL);
}
