// SPDX-License-Identifier: GPL-2.0
/*
 * The real dmabench binary ($DMABENCH_BIN, set by bench/Makefile): exit
 * codes and the one sentence on stderr when the module is not there.
 */
#include "unit.h"

#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <signal.h>
#include <jansson.h>
#include <unistd.h>

#include "core/sysinfo.h"

extern char **environ;

struct run {
	int status;		/* exit code, or -1 if it did not exit */
	char *out;		/* stdout */
	char *err;		/* stderr */
};

static char workdir[] = "/tmp/dmabench-cli-XXXXXX";

static const char *binary(void)
{
	const char *bin = getenv("DMABENCH_BIN");

	if (!bin || access(bin, X_OK))
		fail_msg("DMABENCH_BIN must name the dmabench binary (got %s)",
			 bin ? bin : "nothing");
	return bin;
}

/*
 * Run dmabench with @args (NULL-terminated) and DMABENCH_DEVICE set to
 * @node (or unset when NULL), capturing both streams in files.
 */
static struct run run_with(const char *node, const char *const *args)
{
	char out_path[64], err_path[64];
	char *argv[16] = { (char *)binary() };
	posix_spawn_file_actions_t fa;
	struct run r = { .status = -1 };
	pid_t pid;
	int st, i;

	for (i = 0; args[i]; i++)
		argv[i + 1] = (char *)args[i];
	snprintf(out_path, sizeof(out_path), "%s/out", workdir);
	snprintf(err_path, sizeof(err_path), "%s/err", workdir);
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 1, out_path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	posix_spawn_file_actions_addopen(&fa, 2, err_path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (node)
		setenv("DMABENCH_DEVICE", node, 1);
	else
		unsetenv("DMABENCH_DEVICE");
	assert_int_equal(posix_spawn(&pid, argv[0], &fa, NULL, argv, environ), 0);
	posix_spawn_file_actions_destroy(&fa);
	unsetenv("DMABENCH_DEVICE");
	assert_int_equal(waitpid(pid, &st, 0), pid);
	if (WIFEXITED(st))
		r.status = WEXITSTATUS(st);
	r.out = read_text_file(out_path);
	r.err = read_text_file(err_path);
	assert_non_null(r.out);
	assert_non_null(r.err);
	return r;
}

static void run_free(struct run *r)
{
	free(r->out);
	free(r->err);
}

/* Exactly one line: the environment error is one sentence. */
static void assert_one_line(const char *s)
{
	size_t len = strlen(s);

	assert_true(len > 1);
	assert_int_equal(s[len - 1], '\n');
	assert_ptr_equal(strchr(s, '\n'), s + len - 1);
}

#define NOT_LOADED "dmabench: module not loaded: run `insmod kmod/dmabench.ko` (or `make run`, which uses the lab when this kernel cannot load modules).\n"

/* On this host the module cannot be loaded: the literal case. */
static void test_info_without_module(void **state)
{
	const char *args[] = { "info", NULL };
	struct run r;

	(void)state;
	if (access("/dev/dmabench", F_OK) == 0)
		skip();		/* a host with the module loaded */
	r = run_with(NULL, args);
	assert_int_equal(r.status, 2);
	assert_string_equal(r.err, NOT_LOADED);
	assert_string_equal(r.out, "");
	run_free(&r);
}

/* The same on any host, through a node that cannot exist. */
static void test_info_missing_node(void **state)
{
	const char *args[] = { "info", "--json", NULL };
	char node[96];
	struct run r;

	(void)state;
	snprintf(node, sizeof(node), "%s/no-such-node", workdir);
	r = run_with(node, args);
	assert_int_equal(r.status, 2);
	assert_one_line(r.err);
	assert_contains(r.err, "dmabench: module not loaded: ");
	assert_contains(r.err, "does not exist; run `insmod kmod/dmabench.ko`");
	assert_string_equal(r.out, "");
	run_free(&r);
}

/* A node that exists but is not dmabench: ENOTTY from GET_INFO. */
static void test_info_wrong_node(void **state)
{
	const char *args[] = { "info", NULL };
	struct run r;

	(void)state;
	r = run_with("/dev/null", args);
	assert_int_equal(r.status, 2);
	assert_one_line(r.err);
	assert_contains(r.err, "/dev/null does not answer dmabench's GET_INFO");
	run_free(&r);
}

static void test_info_bad_usage(void **state)
{
	const char *bogus[] = { "info", "--bogus", NULL };
	const char *device[] = { "info", "--device", "gpu", NULL };
	const char *noval[] = { "info", "--device", NULL };
	const char *extra[] = { "info", "now", NULL };
	struct run r;

	(void)state;
	r = run_with(NULL, bogus);
	assert_int_equal(r.status, 2);
	assert_one_line(r.err);
	assert_string_equal(r.err, "dmabench info: unknown option '--bogus'; see `dmabench info --help`.\n");
	run_free(&r);
	r = run_with(NULL, device);
	assert_int_equal(r.status, 2);
	assert_contains(r.err, "unknown device 'gpu' (known: platform, edu, pci)");
	run_free(&r);
	r = run_with(NULL, noval);
	assert_int_equal(r.status, 2);
	assert_contains(r.err, "option '--device' needs a value");
	run_free(&r);
	r = run_with(NULL, extra);
	assert_int_equal(r.status, 2);
	assert_contains(r.err, "unexpected argument 'now'");
	run_free(&r);
}

static void test_help_and_version(void **state)
{
	const char *version[] = { "--version", NULL };
	const char *help[] = { "info", "--help", NULL };
	const char *help2[] = { "help", "info", NULL };
	const char *none[] = { NULL };
	const char *unknown[] = { "frobnicate", NULL };
	struct run r;

	(void)state;
	r = run_with(NULL, version);
	assert_int_equal(r.status, 0);
	assert_contains(r.out, "dmabench ");
	assert_contains(r.out, "(ABI 3)\n");
	run_free(&r);
	r = run_with(NULL, help);
	assert_int_equal(r.status, 0);
	assert_contains(r.out, "usage: dmabench info [--json] [--device platform|edu|pci]");
	assert_string_equal(r.err, "");
	run_free(&r);
	r = run_with(NULL, help2);
	assert_int_equal(r.status, 0);
	assert_contains(r.out, "usage: dmabench info");
	run_free(&r);
	r = run_with(NULL, none);
	assert_int_equal(r.status, 2);
	assert_contains(r.err, "usage: dmabench <command>");
	run_free(&r);
	r = run_with(NULL, unknown);
	assert_int_equal(r.status, 2);
	assert_one_line(r.err);
	assert_contains(r.err, "unknown command 'frobnicate'");
	run_free(&r);
}

/* results.json of a run folder, parsed; fails the test when unreadable. */
static json_t *load_results(const char *dir)
{
	char path[160];
	json_error_t jerr;
	json_t *doc;

	snprintf(path, sizeof(path), "%s/results.json", dir);
	doc = json_load_file(path, 0, &jerr);
	if (!doc)
		fail_msg("%s: %s", path, jerr.text);
	return doc;
}

static bool file_exists(const char *dir, const char *name)
{
	char path[160];

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	return access(path, F_OK) == 0;
}

/* rm -r of a run folder the tests made (flat: files only). */
static void remove_run(const char *dir)
{
	static const char *const names[] = {
		"results.json", "samples.csv", ".samples.csv.partial", "topology.xml",
	};
	char path[160];

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		unlink(path);
	}
	rmdir(dir);
}

/* The baseline needs no module: a whole run on any host. */
static void test_run_baseline(void **state)
{
	char dir[96];
	const char *args[] = { "run", "--tests", "baseline", "--sizes", "4K-16K",
			       "--iters", "20", "--out", dir, NULL };
	json_t *doc, *items;
	struct run r;

	(void)state;
	snprintf(dir, sizeof(dir), "%s/baseline", workdir);
	r = run_with(NULL, args);
	assert_int_equal(r.status, 0);
	doc = load_results(dir);
	assert_string_equal(json_string_value(json_object_get(doc, "schema")), "dmabench/1");
	assert_true(json_is_true(json_object_get(doc, "complete")));
	items = json_object_get(doc, "results");
	/* 7 access patterns x 3 sizes, each GB/s over cached memory. */
	assert_int_equal(json_array_size(items), 21);
	for (size_t i = 0; i < json_array_size(items); i++) {
		json_t *it = json_array_get(items, i);

		assert_string_equal(json_string_value(json_object_get(it, "kind")), "cached");
		assert_true(json_real_value(json_object_get(it, "gbps")) > 0);
	}
	assert_true(file_exists(dir, "samples.csv"));
	assert_true(file_exists(dir, "topology.xml"));
	assert_false(file_exists(dir, ".samples.csv.partial"));
	json_decref(doc);
	remove_run(dir);
	run_free(&r);
}

/* Waits up to @secs for results.json in @dir to hold at least one item. */
static bool wait_for_item(const char *dir, int secs)
{
	for (int i = 0; i < secs * 10; i++) {
		char path[160];
		json_t *doc;

		snprintf(path, sizeof(path), "%s/results.json", dir);
		doc = json_load_file(path, 0, NULL);
		if (doc && json_array_size(json_object_get(doc, "results")) > 0) {
			json_decref(doc);
			return true;
		}
		json_decref(doc);
		usleep(100000);
	}
	return false;
}

/* Ctrl-C keeps what was measured, marked incomplete, and exits non-zero. */
static void test_run_interrupted(void **state)
{
	char dir[96];
	char *argv[] = { (char *)binary(), "run", "--tests", "baseline", "--sizes",
			 "4K-64M", "--min-time", "2", "--out", dir, NULL };
	posix_spawn_file_actions_t fa;
	json_t *doc;
	pid_t pid;
	int st;

	(void)state;
	snprintf(dir, sizeof(dir), "%s/interrupted", workdir);
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
	posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
	assert_int_equal(posix_spawn(&pid, argv[0], &fa, NULL, argv, environ), 0);
	posix_spawn_file_actions_destroy(&fa);
	assert_true(wait_for_item(dir, 60));
	kill(pid, SIGINT);
	assert_int_equal(waitpid(pid, &st, 0), pid);
	assert_true(WIFEXITED(st));
	assert_int_not_equal(WEXITSTATUS(st), 0);
	doc = load_results(dir);
	assert_true(json_is_false(json_object_get(doc, "complete")));
	assert_contains(json_string_value(json_object_get(doc, "why_incomplete")), "stopped by");
	assert_true(json_array_size(json_object_get(doc, "results")) >= 1);
	assert_true(file_exists(dir, "samples.csv"));
	json_decref(doc);
	remove_run(dir);
}

/* Refused runs leave nothing behind: bad arguments, no module. */
static void test_run_refused(void **state)
{
	char dir[96], node[96];
	const char *bad_size[] = { "run", "--sizes", "3K", "--out", dir, NULL };
	const char *no_module[] = { "run", "--tests", "map_sg", "--out", dir, NULL };
	struct run r;

	(void)state;
	snprintf(dir, sizeof(dir), "%s/refused", workdir);
	snprintf(node, sizeof(node), "%s/no-such-node", workdir);
	r = run_with(NULL, bad_size);
	assert_int_equal(r.status, 2);
	assert_one_line(r.err);
	assert_contains(r.err, "3K");
	assert_int_not_equal(access(dir, F_OK), 0);
	run_free(&r);
	r = run_with(node, no_module);
	assert_int_equal(r.status, 2);
	assert_one_line(r.err);
	assert_contains(r.err, "module not loaded");
	assert_int_not_equal(access(dir, F_OK), 0);
	run_free(&r);
}

static int make_workdir(void **state)
{
	(void)state;
	return mkdtemp(workdir) ? 0 : -1;
}

static int remove_workdir(void **state)
{
	char path[96];

	(void)state;
	snprintf(path, sizeof(path), "%s/out", workdir);
	unlink(path);
	snprintf(path, sizeof(path), "%s/err", workdir);
	unlink(path);
	return rmdir(workdir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_info_without_module),
		cmocka_unit_test(test_info_missing_node),
		cmocka_unit_test(test_info_wrong_node),
		cmocka_unit_test(test_info_bad_usage),
		cmocka_unit_test(test_run_baseline),
		cmocka_unit_test(test_run_interrupted),
		cmocka_unit_test(test_run_refused),
		cmocka_unit_test(test_help_and_version),
	};

	return cmocka_run_group_tests_name("cli", tests, make_workdir,
					   remove_workdir);
}
