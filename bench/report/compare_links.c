// SPDX-License-Identifier: GPL-2.0
/* Links to the runs' own reports; see compare_links.h. */
#include "report/compare_links.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* How much of canonical paths @a (a folder) and @b share, up to a whole folder. */
static size_t common_dirs(const char *a, const char *b)
{
	size_t i = 0, last = 0;

	for (; a[i] && a[i] == b[i]; i++)
		if (a[i] == '/')
			last = i;
	if (!a[i] && b[i] == '/')	/* a is a whole prefix of b's directories */
		last = i;
	return last;
}

bool cmp_report_link(const char *outdir, const char *rundir, const char *file,
		     char *buf, size_t len)
{
	char target[PATH_MAX], from[PATH_MAX], to[PATH_MAX];
	size_t n, used = 0;
	struct stat st;

	buf[0] = '\0';
	snprintf(target, sizeof(target), "%s/%s", rundir, file);
	if (stat(target, &st) || !S_ISREG(st.st_mode) ||
	    !realpath(outdir, from) || !realpath(target, to))
		return false;
	n = common_dirs(from, to);
	/* one ".." per component of @from below the common part */
	for (const char *p = from + n; *p; p++)
		if (*p == '/' && used + 4 < len) {
			memcpy(buf + used, "../", 3);
			used += 3;
		}
	if (used + strlen(to + n + 1) + 1 > len) {
		buf[0] = '\0';
		return false;
	}
	snprintf(buf + used, len - used, "%s", to + n + 1);
	return true;
}
