// SPDX-License-Identifier: GPL-2.0
/* See fmt.h. */
#include "report/fmt.h"

#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>

char *fmt_num(double v, char *buf, size_t len)
{
	if (!isfinite(v))
		snprintf(buf, len, "n/a");
	else if (fabs(v) >= 1000 || v == 0)
		snprintf(buf, len, "%.0f", v);
	else if (fabs(v) >= 100)
		snprintf(buf, len, "%.0f", v);
	else if (fabs(v) >= 10)
		snprintf(buf, len, "%.1f", v);
	else if (fabs(v) >= 1)
		snprintf(buf, len, "%.2f", v);
	else
		snprintf(buf, len, "%#.3g", v);	/* 0.500: three digits */
	return buf;
}

char *fmt_ns(double ns, char *buf, size_t len)
{
	static const struct { double scale; const char *unit; } units[] = {
		{ 1e9, "s" }, { 1e6, "ms" }, { 1e3, "us" },
	};
	char num[32];

	if (!isfinite(ns)) {
		snprintf(buf, len, "n/a");
		return buf;
	}
	for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++) {
		if (fabs(ns) >= units[i].scale) {
			snprintf(buf, len, "%s %s",
				 fmt_num(ns / units[i].scale, num, sizeof(num)),
				 units[i].unit);
			return buf;
		}
	}
	snprintf(buf, len, "%s ns", fmt_num(ns, num, sizeof(num)));
	return buf;
}

void write_html_text(FILE *f, const char *s)
{
	for (; s && *s; s++) {
		switch (*s) {
		case '<': fputs("&lt;", f); break;
		case '>': fputs("&gt;", f); break;
		case '&': fputs("&amp;", f); break;
		case '"': fputs("&quot;", f); break;
		default: fputc(*s, f);
		}
	}
}

size_t fmt_append(char *buf, size_t len, size_t used, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(used < len ? buf + used : NULL, used < len ? len - used : 0, fmt, ap);
	va_end(ap);
	return n > 0 ? used + (size_t)n : used;
}
