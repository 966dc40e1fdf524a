// SPDX-License-Identifier: GPL-2.0
/*
 * dmabench report DIR: the verdict, the charts and every table of one run,
 * as DIR/report.html (self-contained) and DIR/report.md (+ DIR/charts/);
 * for scripts/anchor's folder, the anchor report (report/anchor_report.c).
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "report/anchor_report.h"
#include "report/report.h"
#include "results/query.h"

void report_usage(FILE *f)
{
	fprintf(f,
		"usage: dmabench report DIR\n"
		"\n"
		"Reads DIR/results.json (and DIR/samples.csv for the p10 of the\n"
		"charts' bands), written by `dmabench run`, and writes:\n"
		"  DIR/report.html  one self-contained page: verdict, charts (inline\n"
		"                   SVG), every measurement, the timing floor, the platform\n"
		"  DIR/report.md    the same in Markdown, charts as DIR/charts/*.png\n"
		"  DIR/charts/      the charts (SVG, PNG) and their gnuplot data files\n"
		"\n"
		"Charts are drawn by gnuplot with the scripts in plots/ (or\n"
		"$DMABENCH_PLOTS).\n"
		"\n"
		"A folder of scripts/anchor (DIR/anchor.json, no results.json) gets\n"
		"the kernel's dma_map_benchmark beside dmabench instead.\n"
		"\n"
		"options:\n"
		"  -h, --help   show this help\n"
		"\n"
		"Exit status: 0 written, 2 bad usage, DIR/results.json missing, corrupt\n"
		"or of another schema version, or gnuplot not available.\n");
}

static int parse_args(int argc, char **argv, const char **dir)
{
	static const struct option opts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	optind = 0;	/* glibc: start afresh (the tests call us more than once) */
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
		if (c != 'h')
			return bad_option("report", c, argv);
		report_usage(stdout);
		return -1;
	}
	if (optind >= argc)
		return usage_error("report", "expected the folder of a run (DIR)");
	if (optind + 1 < argc)
		return usage_error("report", "unexpected argument '%s'", argv[optind + 1]);
	*dir = argv[optind];
	return EXIT_OK;
}

/* scripts/anchor's folder: see anchor_report.h. */
static int anchor_main(const char *dir)
{
	char why[1024];

	if (anchor_report(dir, why, sizeof(why))) {
		complain("%s", why);
		return EXIT_USAGE;
	}
	printf("wrote %s/report.html, %s/report.md and %s/charts/\n", dir, dir, dir);
	return EXIT_OK;
}

int report_main(int argc, char **argv)
{
	struct rd_run run;
	const char *dir = NULL;
	char why[1024];
	int ret = parse_args(argc, argv, &dir);

	if (ret)
		return ret < 0 ? EXIT_OK : ret;
	if (anchor_is_dir(dir))
		return anchor_main(dir);
	if (rd_load(dir, &run, why, sizeof(why))) {
		complain("%s", why);
		rd_free(&run);
		return EXIT_USAGE;
	}
	if (!run.complete)
		complain("warning: %s/results.json is from an incomplete run (%s); "
			 "reporting what it has", dir,
			 run.why_incomplete ? run.why_incomplete : "no reason recorded");
	ret = report_render(&run, 1, dir, "report", why, sizeof(why));
	rd_free(&run);
	if (ret) {
		complain("%s", why);
		return EXIT_USAGE;
	}
	printf("wrote %s/report.html, %s/report.md and %s/charts/\n", dir, dir, dir);
	return EXIT_OK;
}
