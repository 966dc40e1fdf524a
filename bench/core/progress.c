// SPDX-License-Identifier: GPL-2.0
/* Run progress on stderr; see progress.h. */
#include "core/progress.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/clock.h"

#define BAR_WIDTH	24

static struct {
	FILE *f;
	bool tty;
	bool bar_shown;
	unsigned int ntests, index;
	const char *test;
	double started;		/* of the current test, now_s() */
} pg;

/*
 * A bar needs a terminal someone watches: a serial line (the lab carries
 * stderr over ttyS2 to a host file) is a tty too, but wants plain lines.
 * $DMABENCH_PROGRESS=plain|bar overrides.
 */
static bool want_bar(FILE *f)
{
	const char *force = getenv("DMABENCH_PROGRESS");
	const char *name;

	if (force && !strcmp(force, "plain"))
		return false;
	if (force && !strcmp(force, "bar"))
		return true;
	if (!isatty(fileno(f)))
		return false;
	name = ttyname(fileno(f));
	return !name || strncmp(name, "/dev/ttyS", 9) != 0;
}

void progress_begin(FILE *f, unsigned int ntests)
{
	pg.f = f;
	pg.tty = want_bar(f);
	pg.ntests = ntests;
	pg.index = 0;
	pg.bar_shown = false;
}

static void clear_bar(void)
{
	if (pg.tty && pg.bar_shown) {
		fputs("\r\033[K", pg.f);
		pg.bar_shown = false;
	}
}

static void draw_bar(const char *what)
{
	unsigned int fill = pg.ntests ? pg.index * BAR_WIDTH / pg.ntests : 0;

	fprintf(pg.f, "\r\033[K[");
	for (unsigned int i = 0; i < BAR_WIDTH; i++)
		fputc(i < fill ? '#' : '.', pg.f);
	fprintf(pg.f, "] %u/%u %s", pg.index + 1, pg.ntests, what);
	fflush(pg.f);
	pg.bar_shown = true;
}

void progress_test(unsigned int index, const char *name)
{
	if (!pg.f)
		return;
	double now = now_s();

	if (pg.test && !pg.tty)
		fprintf(pg.f, "dmabench: [%u/%u] %s took %.1f s\n", pg.index + 1,
			pg.ntests, pg.test, now - pg.started);
	pg.started = now;
	pg.index = index;
	pg.test = name;
	if (pg.tty)
		draw_bar(name);
	else
		fprintf(pg.f, "dmabench: [%u/%u] %s\n", index + 1, pg.ntests, name);
}

void progress_item(const char *what, double p50_ns, size_t n)
{
	if (!pg.f)
		return;
	if (pg.tty) {
		draw_bar(what);
		return;
	}
	fprintf(pg.f, "dmabench:   %s: p50 %.0f ns (n %zu)\n", what, p50_ns, n);
}

void progress_say(const char *fmt, ...)
{
	va_list ap;

	if (!pg.f)
		return;
	clear_bar();
	fputs("dmabench: ", pg.f);
	va_start(ap, fmt);
	vfprintf(pg.f, fmt, ap);
	va_end(ap);
	fputc('\n', pg.f);
	if (pg.tty && pg.test)
		draw_bar(pg.test);
}

void progress_end(void)
{
	if (pg.f && pg.test && !pg.tty) {
		fprintf(pg.f, "dmabench: [%u/%u] %s took %.1f s\n", pg.index + 1,
			pg.ntests, pg.test, now_s() - pg.started);
	}
	if (pg.f)
		clear_bar();
	pg.f = NULL;
	pg.test = NULL;
}
