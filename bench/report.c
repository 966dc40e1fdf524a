// SPDX-License-Identifier: GPL-2.0
/*
 * dmabench report DIR: the verdict, the charts and every table of one run,
 * as DIR/report.html (self-contained) and DIR/report.md (+ DIR/charts/).
 */
#include "report.h"

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "anchor_report.h"
#include "atomicfile.h"
#include "cli.h"
#include "report_charts.h"
#include "report_doc.h"
#include "verdict.h"

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

int report_mkdirs(const char *dir)
{
	char path[PATH_MAX];
	size_t len = strlen(dir);

	if (!len || len >= sizeof(path))
		return -ENAMETOOLONG;
	memcpy(path, dir, len + 1);
	for (char *p = path + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(path, 0777) && errno != EEXIST)
			return -errno;
		*p = '/';
	}
	return mkdir(path, 0777) && errno != EEXIST ? -errno : 0;
}

static int write_doc(const char *outdir, const char *stem, const char *ext,
		     atomicfile_writer fn, struct report_doc *d, char *why, size_t len)
{
	char path[PATH_MAX];
	int ret;

	snprintf(path, sizeof(path), "%s/%s.%s", outdir, stem, ext);
	ret = atomicfile_write(path, fn, d);
	if (ret)
		snprintf(why, len, "cannot write %s: %s", path, strerror(-ret));
	return ret ? -1 : 0;
}

static int render(struct report_doc *d, const char *outdir, const char *stem,
		  char *why, size_t len)
{
	char charts_dir[PATH_MAX];
	int ret;

	snprintf(charts_dir, sizeof(charts_dir), "%s/charts", outdir);
	ret = report_mkdirs(charts_dir);
	if (ret) {
		snprintf(why, len, "cannot create %s: %s", charts_dir, strerror(-ret));
		return -1;
	}
	if (report_charts(d->runs, d->nruns, charts_dir,
			  (struct chart_list *)d->charts, why, len))
		return -1;
	d->chart_dir = charts_dir;
	d->chart_rel = "charts";
	if (write_doc(outdir, stem, "html", report_html_write, d, why, len) ||
	    write_doc(outdir, stem, "md", report_md_write, d, why, len))
		return -1;
	return 0;
}

int report_render(const struct rd_run *runs, size_t nruns, const char *outdir,
		  const char *stem, const struct cmp_table *cmp, double fail_above,
		  char *why, size_t len)
{
	struct verdict *v = calloc(nruns, sizeof(*v));
	struct chart_list *charts = calloc(1, sizeof(*charts));
	struct report_doc d = { .runs = runs, .nruns = nruns, .verdicts = v,
				.charts = charts, .cmp = cmp, .fail_above = fail_above };
	int ret = -1;

	if (!v || !charts) {
		snprintf(why, len, "out of memory");
	} else {
		for (size_t r = 0; r < nruns; r++)
			verdict_compute(&runs[r], &v[r]);
		ret = render(&d, outdir, stem, why, len);
	}
	free(v);
	free(charts);
	return ret;
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
	ret = report_render(&run, 1, dir, "report", NULL, NAN, why, sizeof(why));
	rd_free(&run);
	if (ret) {
		complain("%s", why);
		return EXIT_USAGE;
	}
	printf("wrote %s/report.html, %s/report.md and %s/charts/\n", dir, dir, dir);
	return EXIT_OK;
}
