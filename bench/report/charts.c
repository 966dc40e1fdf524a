// SPDX-License-Identifier: GPL-2.0
/* Data files and gnuplot runs for the report charts; see charts.h. */
#include "report/charts.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/errors.h"

extern char **environ;


void xy_add(struct xy_series *s, double x, double y, double lo, double hi)
{
	if (s->n >= CHART_MAX_POINTS || !isfinite(y) || !isfinite(x))
		return;
	s->x[s->n] = x;
	s->y[s->n] = y;
	s->lo[s->n] = isfinite(lo) ? lo : y;
	s->hi[s->n] = isfinite(hi) ? hi : y;
	s->n++;
}

struct xy_series *xy_series_get(struct xy_chart *c, const char *title)
{
	for (size_t i = 0; i < c->nseries; i++)
		if (!strcmp(c->series[i].title, title))
			return &c->series[i];
	if (c->nseries >= CHART_MAX_SERIES)
		return NULL;
	snprintf(c->series[c->nseries].title, sizeof(c->series[0].title), "%s", title);
	return &c->series[c->nseries++];
}

/* @name's index in @n names of @width bytes from @base, added when missing. */
static int find_or_add(char *base, size_t *n, size_t max, size_t width,
		       const char *name)
{
	for (size_t i = 0; i < *n; i++)
		if (!strcmp(base + i * width, name))
			return (int)i;
	if (*n >= max)
		return -1;
	snprintf(base + *n * width, width, "%s", name);
	return (int)(*n)++;
}

int bar_group(struct bar_chart *c, const char *name)
{
	size_t before = c->ngroups;
	int g;

	g = find_or_add(c->group[0], &c->ngroups, CHART_MAX_GROUPS,
			sizeof(c->group[0]), name);
	if (g >= 0 && (size_t)g == before && c->ngroups > before) {
		for (size_t s = 0; s < CHART_MAX_SERIES; s++)
			c->v[g][s] = NAN;
		c->ref[g] = NAN;
	}
	return g;
}

int bar_series(struct bar_chart *c, const char *name)
{
	return find_or_add(c->series[0], &c->nseries, CHART_MAX_SERIES,
			   sizeof(c->series[0]), name);
}

static bool has_scripts(const char *dir)
{
	char p[PATH_MAX];

	if (snprintf(p, sizeof(p), "%s/xy.gp", dir) >= (int)sizeof(p))
		return false;
	return access(p, R_OK) == 0;
}

const char *charts_plot_dir(void)
{
	static char dir[PATH_MAX];
	static const char *const up[] = { "/../plots", "/../../plots", "/plots" };
	const char *env = getenv("DMABENCH_PLOTS");
	char exe[PATH_MAX];
	ssize_t n;

	if (env && *env)
		return has_scripts(env) ? env : NULL;
	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n <= 0)
		return NULL;
	exe[n] = '\0';
	*strrchr(exe, '/') = '\0';
	for (size_t i = 0; i < sizeof(up) / sizeof(up[0]); i++) {
		if (snprintf(dir, sizeof(dir), "%s%s", exe, up[i]) < (int)sizeof(dir) &&
		    has_scripts(dir))
			return dir;
	}
	return NULL;
}

/* gnuplot strings are single-quoted: keep quotes out of titles. */
static void clean(char *dst, size_t len, const char *src)
{
	size_t i;

	for (i = 0; src[i] && i + 1 < len; i++)
		dst[i] = src[i] == '\'' || src[i] == '"' || src[i] == '\\' ? ' ' : src[i];
	dst[i] = '\0';
}

/* '"a b" "c"': gnuplot's word() keeps quoted words whole. */
static void title_words(char *buf, size_t len, const char (*titles)[96], size_t n,
			size_t stride)
{
	const char *base = (const char *)titles;
	size_t used = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < n && used + 1 < len; i++) {
		char t[96];

		clean(t, sizeof(t), base + i * stride);
		used += snprintf(buf + used, len - used, "%s\"%s\"", i ? " " : "", t);
	}
}

/* Run gnuplot -e @vars @script, its stderr in @log. */
static int run_gnuplot(const char *vars, const char *script, const char *log,
		       char *why, size_t len)
{
	char *argv[] = { "gnuplot", "-e", (char *)vars, (char *)script, NULL };
	posix_spawn_file_actions_t fa;
	pid_t pid;
	int st, err;

	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 2, log, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
	err = posix_spawnp(&pid, "gnuplot", &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	if (err)
		return fail_why(why, len, "cannot run gnuplot (%s): install gnuplot-nox "
			    "(`make setup`)", strerror(err));
	if (waitpid(pid, &st, 0) != pid || !WIFEXITED(st) || WEXITSTATUS(st))
		return fail_why(why, len, "gnuplot failed on %s; its messages are in %s",
			    script, log);
	unlink(log);
	return 0;
}

static int draw(const struct chart_head *h, const char *dir, const char *script,
		const char *extra, char *why, size_t len)
{
	const char *plots = charts_plot_dir();
	static char vars[32768];
	char gp[PATH_MAX], log[PATH_MAX], t[160], x[80], y[80], note[200];

	if (!plots)
		return fail_why(why, len, "cannot find the gnuplot scripts (plots/xy.gp); "
			    "set DMABENCH_PLOTS to the plots/ folder");
	snprintf(gp, sizeof(gp), "%s/%s", plots, script);
	snprintf(log, sizeof(log), "%s/%s.gnuplot.log", dir, h->name);
	clean(t, sizeof(t), h->title);
	clean(x, sizeof(x), h->xlabel);
	clean(y, sizeof(y), h->ylabel);
	clean(note, sizeof(note), h->note);
	snprintf(vars, sizeof(vars), "datafile='%s/%s.dat'; outbase='%s/%s'; "
		 "ttl='%s'; xlab='%s'; ylab='%s'; keynote='%s'; %s",
		 dir, h->name, dir, h->name, t, x, y, note, extra);
	return run_gnuplot(vars, gp, log, why, len);
}

static FILE *open_data(const struct chart_head *h, const char *dir,
		       char *why, size_t len)
{
	char path[PATH_MAX];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s.dat", dir, h->name);
	f = fopen(path, "we");
	if (!f)
		fail_why(why, len, "cannot write %s: %s", path, strerror(errno));
	return f;
}

/* Lines need their points in x order. */
static void sort_series(struct xy_series *s)
{
	for (size_t i = 1; i < s->n; i++)
		for (size_t j = i; j > 0 && s->x[j - 1] > s->x[j]; j--) {
			double *cols[] = { s->x, s->y, s->lo, s->hi };

			for (int c = 0; c < 4; c++) {
				double tmp = cols[c][j];

				cols[c][j] = cols[c][j - 1];
				cols[c][j - 1] = tmp;
			}
		}
}

/* "1 2 1 2": a number per drawn series for gnuplot's word(). */
static void style_words(char *buf, size_t len, const int *v, size_t n)
{
	size_t used = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < n && used + 1 < len; i++)
		used += snprintf(buf + used, len - used, "%s%d", i ? " " : "", v[i]);
}

/* About ten whole-number tics over the largest x. */
static double count_step(const struct xy_chart *c)
{
	double max = 1;

	for (size_t i = 0; i < c->nseries; i++)
		for (size_t p = 0; p < c->series[i].n; p++)
			max = fmax(max, c->series[i].x[p]);
	return fmax(1.0, ceil(max / 10.0));
}

static int write_xy(const struct xy_chart *c, const char *dir, size_t *drawn,
		    char (*titles)[96], int *colors, int *dashes, char *why, size_t len)
{
	FILE *f = open_data(&c->head, dir, why, len);

	if (!f)
		return -1;
	*drawn = 0;
	for (size_t i = 0; i < c->nseries; i++) {
		struct xy_series s = c->series[i];

		if (!s.n)
			continue;
		sort_series(&s);
		fprintf(f, "%s# %s\n", *drawn ? "\n\n" : "", s.title);
		for (size_t p = 0; p < s.n; p++)
			fprintf(f, "%.10g %.10g %.10g %.10g\n", s.x[p], s.y[p],
				s.lo[p], s.hi[p]);
		colors[*drawn] = s.color ? s.color : (int)*drawn + 1;
		dashes[*drawn] = s.dash ? s.dash : 1;
		snprintf(titles[(*drawn)++], 96, "%s", s.title);
	}
	return fclose(f) ? fail_why(why, len, "cannot write %s.dat", c->head.name) : 0;
}

int chart_draw_xy(const struct xy_chart *c, const char *dir, char *why, size_t len)
{
	static char titles[CHART_MAX_SERIES][96];
	char words[CHART_MAX_SERIES * 100], extra[CHART_MAX_SERIES * 108 + 256];
	char cw[CHART_MAX_SERIES * 4], dw[CHART_MAX_SERIES * 4];
	int colors[CHART_MAX_SERIES], dashes[CHART_MAX_SERIES];
	size_t n;

	if (write_xy(c, dir, &n, titles, colors, dashes, why, len))
		return -1;
	if (!n)
		return 1;
	title_words(words, sizeof(words), (const char (*)[96])titles, n, 96);
	style_words(cw, sizeof(cw), colors, n);
	style_words(dw, sizeof(dw), dashes, n);
	snprintf(extra, sizeof(extra), "n=%zu; titles='%s'; colors='%s'; dashes='%s'; "
		 "logx=%d; logy=%d; band=%d; xfmt='%s'; xstep=%g", n, words, cw, dw,
		 c->logx, c->logy, c->band, c->x_bytes ? "%.0b %BB" : "%g",
		 c->x_counts ? count_step(c) : 0.0);
	return draw(&c->head, dir, "xy.gp", extra, why, len);
}

static void put_value(FILE *f, double v)
{
	if (isfinite(v))
		fprintf(f, " %.10g", v);
	else
		fputs(" ?", f);
}

static bool bars_empty(const struct bar_chart *c)
{
	for (size_t g = 0; g < c->ngroups; g++)
		for (size_t s = 0; s < c->nseries; s++)
			if (isfinite(c->v[g][s]))
				return false;
	return true;
}

/* gnuplot refuses a plot whose every point is missing. */
static int has_ref(const struct bar_chart *c)
{
	for (size_t g = 0; c->has_ref && g < c->ngroups; g++)
		if (isfinite(c->ref[g]))
			return 1;
	return 0;
}

int chart_draw_bars(const struct bar_chart *c, const char *dir, char *why, size_t len)
{
	char words[CHART_MAX_SERIES * 100], extra[CHART_MAX_SERIES * 104 + 256];
	char rt[96], g[48], cw[CHART_MAX_SERIES * 4];
	int colors[CHART_MAX_SERIES];
	FILE *f;

	if (!c->ngroups || !c->nseries || bars_empty(c))
		return 1;
	f = open_data(&c->head, dir, why, len);
	if (!f)
		return -1;
	for (size_t i = 0; i < c->ngroups; i++) {
		clean(g, sizeof(g), c->group[i]);
		fprintf(f, "\"%s\"", g);
		for (size_t s = 0; s < c->nseries; s++)
			put_value(f, c->v[i][s]);
		put_value(f, c->has_ref ? c->ref[i] : NAN);
		fputc('\n', f);
	}
	if (fclose(f))
		return fail_why(why, len, "cannot write %s.dat", c->head.name);
	title_words(words, sizeof(words), c->series, c->nseries, 96);
	clean(rt, sizeof(rt), c->ref_title);
	for (size_t s = 0; s < c->nseries; s++)
		colors[s] = c->color[s] ? c->color[s] : (int)s + 1;
	style_words(cw, sizeof(cw), colors, c->nseries);
	snprintf(extra, sizeof(extra), "n=%zu; titles='%s'; colors='%s'; hasref=%d; "
		 "logy=%d; reftitle='%s'", c->nseries, words, cw, has_ref(c), c->logy, rt);
	return draw(&c->head, dir, "bars.gp", extra, why, len);
}
