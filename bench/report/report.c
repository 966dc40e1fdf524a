// SPDX-License-Identifier: GPL-2.0
/*
 * A run's report: the verdict, the charts and every table, as
 * OUT/STEM.html (self-contained) and OUT/STEM.md (+ charts/).  compare's
 * page is compare_page.c's.
 */
#include "report/report.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>

#include "report/doc.h"
#include "report/page_parts.h"
#include "report/run_charts.h"
#include "report/run_page.h"
#include "report/verdict.h"

/* The charts, then the page once, as a document, and its two files. */
static int render(struct report_doc *in, const char *outdir, const char *stem,
		  char *why, size_t len)
{
	char charts_dir[PATH_MAX];
	struct doc *d;
	int ret;

	if (part_draw_charts(in->runs, in->nruns, outdir, charts_dir, sizeof(charts_dir),
			     (struct chart_list *)in->charts, why, len))
		return -1;
	d = run_page(in);
	if (!d) {
		snprintf(why, len, "out of memory");
		return -1;
	}
	d->chart_dir = charts_dir;
	ret = part_write_pages(d, outdir, stem, why, len);
	doc_free(d);
	return ret;
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
