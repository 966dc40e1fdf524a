// SPDX-License-Identifier: GPL-2.0
/*
 * A run's report: the verdict, the charts and every table, as
 * OUT/STEM.html (self-contained) and OUT/STEM.md (+ charts/).  compare's
 * page is compare_page.c's.
 */
#include "report/report.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/atomicfile.h"
#include "report/doc.h"
#include "report/page_parts.h"
#include "report/run_charts.h"
#include "report/run_page.h"
#include "report/verdict.h"

static int write_doc(const char *outdir, const char *stem, const char *ext,
		     atomicfile_writer fn, struct doc *d, char *why, size_t len)
{
	char path[PATH_MAX];
	int ret;

	snprintf(path, sizeof(path), "%s/%s.%s", outdir, stem, ext);
	ret = atomicfile_write(path, fn, d);
	if (ret)
		snprintf(why, len, "cannot write %s: %s", path, strerror(-ret));
	return ret ? -1 : 0;
}

/* The page once, as a document; then its two files. */
static int write_pages(const struct report_doc *in, const char *charts_dir,
		       const char *outdir, const char *stem, char *why, size_t len)
{
	struct doc *d = run_page(in);
	int ret = -1;

	if (!d) {
		snprintf(why, len, "out of memory");
		return -1;
	}
	d->chart_dir = charts_dir;
	d->chart_rel = "charts";
	if (!write_doc(outdir, stem, "html", report_html_write, d, why, len) &&
	    !write_doc(outdir, stem, "md", report_md_write, d, why, len))
		ret = 0;
	doc_free(d);
	return ret;
}

static int render(struct report_doc *d, const char *outdir, const char *stem,
		  char *why, size_t len)
{
	char charts_dir[PATH_MAX];
	int ret;

	snprintf(charts_dir, sizeof(charts_dir), "%s/charts", outdir);
	ret = mkdir_p(charts_dir);
	if (ret) {
		snprintf(why, len, "cannot create %s: %s", charts_dir, strerror(-ret));
		return -1;
	}
	if (report_charts(d->runs, d->nruns, charts_dir,
			  (struct chart_list *)d->charts, why, len))
		return -1;
	return write_pages(d, charts_dir, outdir, stem, why, len);
}

int report_render(const struct rd_run *runs, size_t nruns, const char *outdir,
		  const char *stem, char *why, size_t len)
{
	struct verdict *v = calloc(nruns, sizeof(*v));
	struct chart_list *charts = calloc(1, sizeof(*charts));
	struct report_doc d = { .runs = runs, .nruns = nruns, .verdicts = v,
				.charts = charts };
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
