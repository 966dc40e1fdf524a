// SPDX-License-Identifier: GPL-2.0
/*
 * dmabench compare DIR DIR [DIR ...]: one report across runs (the same
 * charts with a line or bar per run, the platforms side by side, a ratio
 * table against the first run) and, with --fail-above, a regression gate
 * for kernel CI: exit 1 when an operation got slower than the first run by
 * more than PCT % and the medians' confidence intervals do not overlap.
 */
#include <getopt.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "report/compare_table.h"
#include "report/report.h"
#include "report/fmt.h"

struct compare_args {
	const char *dirs[CMP_MAX_RUNS];
	size_t n;
	char out[PATH_MAX];
	double fail_above;	/* NAN: no gate */
};

void compare_usage(FILE *f)
{
	fprintf(f,
		"usage: dmabench compare DIR DIR [DIR ...] [--out OUT] [--fail-above PCT]\n"
		"\n"
		"Reads each DIR/results.json (`dmabench run`; up to %d runs) and writes\n"
		"one report across them: OUT/compare.html (self-contained), OUT/compare.md\n"
		"and OUT/charts/.  The first DIR is the reference: the ratio table lists\n"
		"every operation present in all runs with its p50 and its ratio to the\n"
		"first run, marked slower/faster only where the 95%% confidence intervals\n"
		"of the medians do not overlap.\n"
		"\n"
		"options:\n"
		"  -o, --out OUT         where to write (default: compare/ beside the\n"
		"                        first DIR)\n"
		"  -f, --fail-above PCT  exit 1 when any operation's p50 is more than PCT %%\n"
		"                        slower than in the first run and outside the noise,\n"
		"                        listing them (a regression gate for CI)\n"
		"  -h, --help            show this help\n"
		"\n"
		"Exit status: 0 written (and no regression), 1 regression found with\n"
		"--fail-above, 2 bad usage, a results.json missing, corrupt or of another\n"
		"schema version, or gnuplot not available.\n", CMP_MAX_RUNS);
}

static int parse_pct(const char *s, double *pct)
{
	char *end;

	*pct = strtod(s, &end);
	if (end == s || *end || !isfinite(*pct) || *pct < 0)
		return usage_error("compare", "--fail-above needs a percentage >= 0, "
				   "not '%s'", s);
	return 0;
}

/* compare/ beside the first run: results/<stamp>/direct -> results/<stamp>/compare */
static void default_out(struct compare_args *a)
{
	const char *slash = strrchr(a->dirs[0], '/');

	if (!slash)
		snprintf(a->out, sizeof(a->out), "compare");
	else
		snprintf(a->out, sizeof(a->out), "%.*s/compare",
			 (int)(slash - a->dirs[0]), a->dirs[0]);
}

static int take_dirs(int argc, char **argv, struct compare_args *a)
{
	for (int i = optind; i < argc; i++) {
		if (a->n >= CMP_MAX_RUNS)
			return usage_error("compare", "at most %d runs at once", CMP_MAX_RUNS);
		a->dirs[a->n++] = argv[i];
	}
	if (a->n < 2)
		return usage_error("compare", "expected at least two run folders");
	if (!a->out[0])
		default_out(a);
	return 0;
}

static int parse_args(int argc, char **argv, struct compare_args *a)
{
	static const struct option opts[] = {
		{ "out", required_argument, NULL, 'o' },
		{ "fail-above", required_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c, ret;

	optind = 0;	/* glibc: start afresh */
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":o:f:h", opts, NULL)) != -1) {
		switch (c) {
		case 'o':
			snprintf(a->out, sizeof(a->out), "%s", optarg);
			break;
		case 'f':
			ret = parse_pct(optarg, &a->fail_above);
			if (ret)
				return ret;
			break;
		case 'h':
			compare_usage(stdout);
			return -1;
		default:
			return bad_option("compare", c, argv);
		}
	}
	return take_dirs(argc, argv, a);
}

/* Two runs of the same preset: "direct" and "direct#2". */
static void unique_labels(struct rd_run *runs, size_t n)
{
	char *renamed[CMP_MAX_RUNS] = { 0 };

	for (size_t r = 1; r < n; r++) {
		int copies = 1;

		for (size_t o = 0; o < r; o++)
			copies += !strcmp(runs[o].label, runs[r].label);
		if (copies > 1 && (renamed[r] = malloc(strlen(runs[r].label) + 16)))
			sprintf(renamed[r], "%s#%d", runs[r].label, copies);
	}
	for (size_t r = 1; r < n; r++) {
		if (!renamed[r])
			continue;
		free(runs[r].label);
		runs[r].label = renamed[r];
	}
}

static int load_all(const struct compare_args *a, struct rd_run *runs)
{
	char why[1024];

	for (size_t r = 0; r < a->n; r++) {
		if (rd_load(a->dirs[r], &runs[r], why, sizeof(why))) {
			complain("%s", why);
			return -1;
		}
		if (!runs[r].complete)
			complain("warning: %s/results.json is from an incomplete run (%s); "
				 "comparing what it has", a->dirs[r], runs[r].why_incomplete ?
				 runs[r].why_incomplete : "no reason recorded");
	}
	unique_labels(runs, a->n);
	return 0;
}

/* List every regression on stdout; how many there were. */
static size_t regressions(const struct cmp_table *t, const struct rd_run *runs,
			  double pct)
{
	char a[32], b[32], c[32];
	size_t n = 0;

	for (size_t i = 0; i < t->nrows; i++)
		for (size_t r = 1; r < t->nruns; r++) {
			const struct cmp_row *row = &t->rows[i];

			if (!cmp_regressed(row, r, pct))
				continue;
			printf("regression: %s: %s p50 %s ns is x%s of %s (%s ns), and the "
			       "confidence intervals do not overlap\n", row->key,
			       runs[r].label, fmt_num(row->it[r]->stats.p50, a, sizeof(a)),
			       fmt_num(row->ratio[r], b, sizeof(b)), runs[0].label,
			       fmt_num(row->it[0]->stats.p50, c, sizeof(c)));
			n++;
		}
	return n;
}

static int compare(const struct compare_args *a, struct rd_run *runs)
{
	struct cmp_table t;
	char why[1024];
	size_t n;
	int ret;

	if (cmp_build(runs, a->n, &t)) {
		complain("out of memory");
		return EXIT_USAGE;
	}
	if (t.nmissing)
		complain("note: %zu operations are not in every run (e.g. %s); the ratio "
			 "table leaves them out", t.nmissing, t.missing_example);
	ret = report_render(runs, a->n, a->out, "compare", &t, a->fail_above,
			    why, sizeof(why));
	if (ret) {
		complain("%s", why);
		cmp_free(&t);
		return EXIT_USAGE;
	}
	printf("wrote %s/compare.html, %s/compare.md and %s/charts/\n",
	       a->out, a->out, a->out);
	n = isfinite(a->fail_above) ? regressions(&t, runs, a->fail_above) : 0;
	if (n)
		complain("%zu operations are more than %g %% slower than in %s, outside "
			 "the noise", n, a->fail_above, runs[0].label);
	cmp_free(&t);
	return n ? EXIT_PROBLEM : EXIT_OK;
}

int compare_main(int argc, char **argv)
{
	struct compare_args a = { .fail_above = NAN };
	struct rd_run runs[CMP_MAX_RUNS] = { 0 };
	int ret = parse_args(argc, argv, &a);

	if (ret)
		return ret < 0 ? EXIT_OK : ret;
	ret = load_all(&a, runs) ? EXIT_USAGE : compare(&a, runs);
	for (size_t r = 0; r < a.n; r++)
		rd_free(&runs[r]);
	return ret;
}
