/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the report and compare tests share: the fixtures (tests/fixtures/
 * report, copied to a temp folder so the tree stays clean), running the
 * real binary ($DMABENCH_BIN), and checking that SVG parses as XML
 * (Debian's python3 and its expat parser).
 */
#ifndef DMABENCH_REPORT_UTIL_H
#define DMABENCH_REPORT_UTIL_H

#include "unit.h"

#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/sysinfo.h"
#include "results/query.h"

extern char **environ;

struct ru_run {
	int status;	/* exit code, -1 if it did not exit */
	char *out, *err;
};

static inline const char *ru_fixture(const char *name)
{
	static char path[PATH_MAX];
	const char *src = __FILE__;	/* .../tests/unit/report_util.h */
	const char *slash = strrchr(src, '/');

	snprintf(path, sizeof(path), "%.*s/../fixtures/report/%s",
		 (int)(slash - src), src, name);
	return path;
}

static inline void ru_copy_file(const char *from, const char *to)
{
	char *text = read_text_file(from);
	FILE *f;

	if (!text)
		return;		/* optional files (samples.csv) */
	f = fopen(to, "w");
	assert_non_null(f);
	fputs(text, f);
	assert_int_equal(fclose(f), 0);
	free(text);
}

/* Copy fixture @name into @tmp/@name (again if there); returns that folder. */
static inline char *ru_stage(const char *tmp, const char *name)
{
	static const char *const files[] = { "results.json", "samples.csv" };
	char *dir = malloc(PATH_MAX), from[PATH_MAX + 64], to[PATH_MAX + 64];

	assert_non_null(dir);
	snprintf(dir, PATH_MAX, "%s/%s", tmp, name);
	if (mkdir(dir, 0755) && errno != EEXIST)
		fail_msg("cannot create %s", dir);
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		snprintf(from, sizeof(from), "%s/%s", ru_fixture(name), files[i]);
		snprintf(to, sizeof(to), "%s/%s", dir, files[i]);
		ru_copy_file(from, to);
	}
	return dir;
}

static inline int ru_rm_one(const char *p, const struct stat *st, int flag,
			    struct FTW *ftw)
{
	(void)st; (void)flag; (void)ftw;
	return remove(p);
}

static inline void ru_rm_tree(const char *dir)
{
	nftw(dir, ru_rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

/*
 * One temp folder per test group, `tmp` (/tmp/dmabench-PREFIX-XXXXXX): made
 * before the group's first test and removed, with all it holds, after its
 * last: cmocka_run_group_tests(tests, ru_setup, ru_teardown).
 */
#define RU_TMPDIR(prefix)						\
	static char tmp[] = "/tmp/dmabench-" prefix "-XXXXXX";		\
									\
	static int ru_setup(void **state)				\
	{								\
		(void)state;						\
		return mkdtemp(tmp) ? 0 : -1;				\
	}								\
									\
	static int ru_teardown(void **state)				\
	{								\
		(void)state;						\
		ru_rm_tree(tmp);					\
		return 0;						\
	}

/* Fixture @name's results, read in place (the test fails if they do not load). */
static inline void ru_load(const char *name, struct rd_run *run)
{
	char why[512];

	assert_int_equal(rd_load(ru_fixture(name), run, why, sizeof(why)), 0);
}

/* Run @argv[0] (NULL-terminated, argv[0] the program) capturing both streams. */
static inline struct ru_run ru_spawn(const char *tmp, char *const *argv)
{
	char out_path[PATH_MAX], err_path[PATH_MAX];
	posix_spawn_file_actions_t fa;
	struct ru_run r = { .status = -1 };
	pid_t pid;
	int st;

	snprintf(out_path, sizeof(out_path), "%s/.out", tmp);
	snprintf(err_path, sizeof(err_path), "%s/.err", tmp);
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 1, out_path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	posix_spawn_file_actions_addopen(&fa, 2, err_path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	assert_int_equal(posix_spawn(&pid, argv[0], &fa, NULL, argv, environ), 0);
	posix_spawn_file_actions_destroy(&fa);
	assert_int_equal(waitpid(pid, &st, 0), pid);
	if (WIFEXITED(st))
		r.status = WEXITSTATUS(st);
	r.out = read_text_file(out_path);
	r.err = read_text_file(err_path);
	assert_non_null(r.out);
	assert_non_null(r.err);
	unlink(out_path);
	unlink(err_path);
	return r;
}

/* dmabench @args... (NULL-terminated). */
static inline struct ru_run ru_dmabench(const char *tmp, const char *const *args)
{
	const char *bin = getenv("DMABENCH_BIN");
	char *argv[24] = { (char *)bin };

	if (!bin || access(bin, X_OK))
		fail_msg("DMABENCH_BIN must name the dmabench binary");
	for (int i = 0; args[i] && i < 22; i++)
		argv[i + 1] = (char *)args[i];
	return ru_spawn(tmp, argv);
}

static inline void ru_free(struct ru_run *r)
{
	free(r->out);
	free(r->err);
}

/*
 * Parse every SVG file in @dir/charts and every inline <svg> of @html as
 * XML; returns how many SVG documents parsed (the test fails on any error).
 */
static inline int ru_check_svg(const char *tmp, const char *dir, const char *html)
{
	static const char script[] =
		"import glob, re, sys, xml.etree.ElementTree as E\n"
		"files = sorted(glob.glob(sys.argv[1] + '/charts/*.svg'))\n"
		"for f in files: E.parse(f)\n"
		"page = open(sys.argv[2], encoding='utf-8').read()\n"
		"inline = re.findall(r'<svg.*?</svg>', page, re.S)\n"
		"for s in inline: E.fromstring(s)\n"
		"assert len(inline) == len(files), (len(inline), len(files))\n"
		"print(len(files))\n";
	char *argv[] = { "/usr/bin/python3", "-c", (char *)script, (char *)dir,
			 (char *)html, NULL };
	struct ru_run r = ru_spawn(tmp, argv);
	int n = atoi(r.out);

	if (r.status != 0)
		fail_msg("SVG does not parse: %s", r.err);
	ru_free(&r);
	return n;
}

static inline char *ru_read(const char *dir, const char *name)
{
	char path[2 * PATH_MAX];
	char *text;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	text = read_text_file(path);
	if (!text)
		fail_msg("cannot read %s", path);
	return text;
}

/* A page (doc.h) as one of its emitters writes it (report_html_write, report_md_write). */
static inline char *ru_emit(int (*write)(FILE *, void *), void *doc)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	assert_non_null(f);
	assert_int_equal(write(f, doc), 0);
	assert_int_equal(fclose(f), 0);
	return buf;
}

/* Exactly one line on stderr: the sentence. */
static inline void ru_one_line(const char *s)
{
	size_t len = strlen(s);

	assert_true(len > 1);
	assert_int_equal(s[len - 1], '\n');
	assert_ptr_equal(strchr(s, '\n'), s + len - 1);
}

#endif /* DMABENCH_REPORT_UTIL_H */
