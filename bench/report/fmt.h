/* SPDX-License-Identifier: GPL-2.0 */
/* Numbers as the reports print them: times, sizes, ratios. */
#ifndef DMABENCH_REPORT_FMT_H
#define DMABENCH_REPORT_FMT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* "850 ns", "12.3 us", "4.56 ms", "1.20 s"; "n/a" for NAN. Returns @buf. */
char *fmt_ns(double ns, char *buf, size_t len);


/* Three significant digits ("0.0523", "12.3", "4560"); "n/a" for NAN. */
char *fmt_num(double v, char *buf, size_t len);

/*
 * Append printf output at @used of @buf (@len bytes), counting past the end
 * so that the caller learns the length it needs, as snprintf does; returns
 * the new length.  For sentences built a clause at a time.
 */
__attribute__((format(printf, 4, 5)))
size_t fmt_append(char *buf, size_t len, size_t used, const char *fmt, ...);

/* @s with HTML's special characters as entities (text and attribute values). */
void write_html_text(FILE *f, const char *s);

#endif /* DMABENCH_REPORT_FMT_H */
