/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Links from the compare page to each run's own report (report.html,
 * report.md beside its results.json), relative to the page's folder so
 * that the pair of folders can be moved or published together.
 */
#ifndef DMABENCH_COMPARE_LINKS_H
#define DMABENCH_COMPARE_LINKS_H

#include <stdbool.h>
#include <stddef.h>

/*
 * @rundir/@file as a path relative to @outdir (both must exist), e.g.
 * "../20261125-direct/report.html".  false (and "" in @buf) when the file
 * is not there or a path cannot be resolved: no link is better than a
 * broken one.
 */
bool cmp_report_link(const char *outdir, const char *rundir, const char *file,
		     char *buf, size_t len);

#endif /* DMABENCH_COMPARE_LINKS_H */
