// SPDX-License-Identifier: GPL-2.0
/*
 * dmabench compare DIR DIR [DIR ...]: one report across runs (the same
 * charts with a line or bar per run, the platforms side by side, a ratio
 * table against the first run) and, with --fail-above, a regression gate
 * for kernel CI (report/gate.h): exit 1 only when an operation is
 * significantly slower than in the first run by more than PCT %, decided
 * from independent repetitions with a Holm-corrected Mann-Whitney U test.
 */
#include <getopt.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "report/compare_page.h"
#include "report/compare_table.h"
#include "report/gate.h"
#include "report/fmt.h"

struct compare_args {
	const char *dirs[CMP_MAX_RUNS];
	size_t n;
	char out[PATH_MAX];
	double fail_above;	/* NAN: no gate */
	const char *ops;	/* --ops: the gate's family; NULL = every op */
	bool bh;		/* --correction bh */
};

void compare_usage(FILE *f)
{
	fprintf(f,
		"usage: dmabench compare DIR DIR [DIR ...] [--out OUT] [--fail-above PCT]\n"
		"                        [--ops PATTERN] [--correction holm|bh]\n"
		"\n"
		"Reads each DIR/results.json (`dmabench run`; up to %d runs) and writes\n"
		"one report across them: OUT/compare.html (self-contained), OUT/compare.md\n"
		"and OUT/charts/.  The first DIR is the reference: the ratio table lists\n"
		"every operation present in all runs with its p50 and its ratio to the\n"
		"first run, marked slower/faster where the 95%% confidence intervals of\n"
		"the medians do not overlap (within-run noise: a hint, not a verdict).\n"
		"\n"
		"options:\n"
		"  -o, --out OUT         where to write (default: compare/ beside the\n"
		"                        first DIR)\n"
		"  -f, --fail-above PCT  the regression gate: exit 1 when an operation is\n"
		"                        significantly more than PCT %% slower than in the\n"
		"                        first run.  Needs repetitions (`run --repeat N`)\n"
		"                        on both sides: per op, a one-sided Mann-Whitney U\n"
		"                        test of the repetitions' p50s against the first\n"
		"                        run's scaled by 1 + PCT/100, Holm-corrected over\n"
		"                        every op and run compared (alpha %.2g), and the\n"
		"                        ratio of the medians of p50s above 1 + PCT/100\n"
		"                        with its 95%% bootstrap interval above 1.  Prints\n"
		"                        per op: ratio, interval, adjusted p, verdict.\n"
		"      --ops PATTERN     gate only ops whose key (as the table shows it)\n"
		"                        matches a comma-separated shell pattern, chosen\n"
		"                        before looking: a smaller family needs fewer\n"
		"                        repetitions (m ops need m / C(2n, n) <= alpha:\n"
		"                        5 a side for 12 ops, 7 for 171, 8 for 643)\n"
		"      --correction holm|bh  for testing many ops at once: holm (default)\n"
		"                        bounds the chance of any false alarm by alpha; bh\n"
		"                        (Benjamini-Hochberg) bounds the share of false\n"
		"                        alarms among the alarms, the same as holm on\n"
		"                        identical builds, and catches more real ones\n"
		"  -h, --help            show this help\n"
		"\n"
		"Exit status: 0 written (and no regression), 1 regression found with\n"
		"--fail-above, 2 bad usage, a results.json missing, corrupt or of another\n"
		"schema version, gnuplot not available, or the gate cannot decide: a\n"
		"single run (no repetitions) on a side, or too few repetitions for the\n"
		"number of ops (the message names how many are needed).\n",
		CMP_MAX_RUNS, GATE_ALPHA);
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
		{ "ops", required_argument, NULL, 'p' },
		{ "correction", required_argument, NULL, 'c' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c, ret;

	optind = 0;	/* glibc: start afresh */
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":o:f:p:c:h", opts, NULL)) != -1) {
		switch (c) {
		case 'o':
			snprintf(a->out, sizeof(a->out), "%s", optarg);
			break;
		case 'f':
			ret = parse_pct(optarg, &a->fail_above);
			if (ret)
				return ret;
			break;
		case 'p':
			if (!*optarg)
				return usage_error("compare", "--ops needs a pattern");
			a->ops = optarg;
			break;
		case 'c':
			if (strcmp(optarg, "holm") && strcmp(optarg, "bh"))
				return usage_error("compare", "--correction is holm or bh, not '%s'",
						   optarg);
			a->bh = !strcmp(optarg, "bh");
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

/* The gate's table on stdout: per op and run, what it decided and why. */
static void gate_table(const struct cmp_table *t, const struct rd_run *runs,
		       const struct gate_summary *sum, double pct, bool bh)
{
	printf("gate: %zu operations tested against %s (more than %g %% slower, "
	       "%s alpha %g over %zu)%s\n", sum->tested, runs[0].label, pct,
	       bh ? "Benjamini-Hochberg" : "Holm", GATE_ALPHA, sum->tested,
	       t->nruns > 2 ? ", every run" : "");
	printf("%-58s %-8s %8s %17s %9s  %s\n", "operation", "run", "ratio",
	       "95% CI", bh ? "p (BH)" : "p (Holm)", "verdict");
	for (size_t i = 0; i < t->nrows; i++)
		for (size_t r = 1; r < t->nruns; r++) {
			const struct gate_cell *g = &t->rows[i].gate[r];
			char ci[40];

			if (g->word == GATE_EXCLUDED)
				continue;
			if (g->word == GATE_UNJUDGED) {
				printf("%-58s %-8s %8s %17s %9s  %s\n", t->rows[i].key,
				       runs[r].label, "-", "-", "-", gate_word_name(g->word));
				continue;
			}
			snprintf(ci, sizeof(ci), "[%.3f, %.3f]", g->ci_lo, g->ci_hi);
			printf("%-58s %-8s %8.3f %17s %9.2g  %s\n", t->rows[i].key,
			       runs[r].label, g->ratio, ci, g->p_adj, gate_word_name(g->word));
		}
}

/* List every regression on stdout; how many there were. */
static void regressions(const struct cmp_table *t, const struct rd_run *runs,
			double pct)
{
	for (size_t i = 0; i < t->nrows; i++)
		for (size_t r = 1; r < t->nruns; r++) {
			const struct gate_cell *g = &t->rows[i].gate[r];

			if (g->word != GATE_REGRESSION)
				continue;
			printf("regression: %s: %s is x%.3f of %s (95%% CI %.3f..%.3f, "
			       "adjusted p %.2g, threshold x%.3f)\n", t->rows[i].key,
			       runs[r].label, g->ratio, runs[0].label, g->ci_lo, g->ci_hi,
			       g->p_adj, 1 + pct / 100);
		}
}

/* Run the gate; EXIT_OK, EXIT_PROBLEM (regressions) or EXIT_USAGE (cannot decide). */
static int gate(const struct compare_args *a, struct cmp_table *t,
		const struct rd_run *runs, struct gate_summary *sum)
{
	struct gate_cfg cfg = { .pct = a->fail_above, .alpha = GATE_ALPHA, .ops = a->ops,
				.bh = a->bh };

	if (gate_run(t, runs, &cfg, sum)) {
		complain("out of memory");
		return EXIT_USAGE;
	}
	return sum->refused ? EXIT_USAGE : sum->regressions ? EXIT_PROBLEM : EXIT_OK;
}

static int compare(const struct compare_args *a, struct rd_run *runs)
{
	struct gate_summary sum = { 0 };
	struct cmp_table t;
	char why[1024];
	int ret, status = EXIT_OK;

	if (cmp_build(runs, a->n, &t)) {
		complain("out of memory");
		return EXIT_USAGE;
	}
	if (t.nmissing)
		complain("note: %zu operations are not in every run (e.g. %s); the ratio "
			 "table leaves them out", t.nmissing, t.missing_example);
	if (isfinite(a->fail_above))
		status = gate(a, &t, runs, &sum);
	else
		for (size_t r = 0; r < a->n; r++)
			if (!runs[r].n_reps) {
				printf("note: %s has no repetitions: the ratios show one run's "
				       "noise only; no regression can be judged from it\n",
				       runs[r].label);
				break;
			}
	ret = compare_page_render(runs, a->n, a->out, &t, a->fail_above, why, sizeof(why));
	if (ret) {
		complain("%s", why);
		cmp_free(&t);
		return EXIT_USAGE;
	}
	printf("wrote %s/compare.html, %s/compare.md and %s/charts/\n",
	       a->out, a->out, a->out);
	if (isfinite(a->fail_above) && sum.tested)
		gate_table(&t, runs, &sum, a->fail_above, a->bh);
	if (sum.why[0])
		complain("%s%s", sum.refused ? "the gate cannot decide: " : "note: ", sum.why);
	if (status == EXIT_PROBLEM) {
		regressions(&t, runs, a->fail_above);
		complain("%zu operations are significantly more than %g %% slower than in "
			 "%s", sum.regressions, a->fail_above, runs[0].label);
	} else if (status == EXIT_OK && isfinite(a->fail_above)) {
		printf("gate: no significant regression above %g %% in %zu operations\n",
		       a->fail_above, sum.tested);
	}
	cmp_free(&t);
	return status;
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
