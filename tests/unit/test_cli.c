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
#include <unistd.h>

#include "sysinfo.h"

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
	assert_contains(r.out, "(ABI 1)\n");
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
		cmocka_unit_test(test_help_and_version),
	};

	return cmocka_run_group_tests_name("cli", tests, make_workdir,
					   remove_workdir);
}
