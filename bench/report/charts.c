// SPDX-License-Identifier: GPL-2.0
/* Data files and gnuplot runs for the report charts; see charts.h. */
#include "report/charts.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <spawn.h>
#include <stdarg.h>
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


int chart_panel(struct chart_head *h, const char *title)
{
	for (size_t i = 0; i < h->npanels; i++)
		if (!strcmp(h->panel[i], title))
			return (int)i;
	if (h->npanels >= CHART_MAX_PANELS)
		return -1;
	snprintf(h->panel[h->npanels], sizeof(h->panel[0]), "%s", title);
	return (int)h->npanels++;
}

int chart_key_add(struct chart_head *h, const char *title, const char *color,
		  int dash, int point)
{
	struct chart_key *k;

	for (size_t i = 0; i < h->nkeys; i++)
		if (!strcmp(h->key[i].title, title))
			return (int)i;
	if (h->nkeys >= CHART_MAX_KEYS)
		return -1;
	k = &h->key[h->nkeys];
	snprintf(k->title, sizeof(k->title), "%s", title);
	snprintf(k->color, sizeof(k->color), "%s", color);
	k->dash = dash > 0 ? dash : 1;
	k->point = point;
	return (int)h->nkeys++;
}

int cat_group(struct cat_chart *c, const char *name)
{
	for (size_t i = 0; i < c->ngroups; i++)
		if (!strcmp(c->group[i], name))
			return (int)i;
	if (c->ngroups >= CHART_MAX_GROUPS)
		return -1;
	snprintf(c->group[c->ngroups], sizeof(c->group[0]), "%s", name);
	return (int)c->ngroups++;
}

void cat_reset(struct cat_chart *c)
{
	memset(c, 0, sizeof(*c));
	for (size_t p = 0; p < CHART_MAX_PANELS; p++)
		for (size_t g = 0; g < CHART_MAX_GROUPS; g++)
			c->ref[p][g] = NAN;
}

void cat_add(struct cat_chart *c, size_t panel, size_t group, size_t slot,
	     double v, double lo, double hi, const char *color, int point)
{
	struct cat_item *it;

	if (c->nitems >= CHART_MAX_ITEMS || !isfinite(v) || panel >= CHART_MAX_PANELS ||
	    group >= CHART_MAX_GROUPS)
		return;
	it = &c->item[c->nitems++];
	*it = (struct cat_item){ .panel = panel, .group = group, .slot = slot, .v = v,
				 .lo = isfinite(lo) ? lo : v, .hi = isfinite(hi) ? hi : v,
				 .point = point };
	snprintf(it->color, sizeof(it->color), "%s", color ? color : "#7f7f7f");
}

/* The gnuplot variables, appended to one buffer. */
struct vbuf {
	char *s;
	size_t len, used;
};

__attribute__((format(printf, 2, 3)))
static void vput(struct vbuf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (b->used >= b->len)
		return;
	va_start(ap, fmt);
	n = vsnprintf(b->s + b->used, b->len - b->used, fmt, ap);
	va_end(ap);
	b->used = n < 0 ? b->len : b->used + (size_t)n;
}

/* name='"a b" "c"': gnuplot's word() keeps quoted words whole. */
static void vwords(struct vbuf *b, const char *name, const char *first, size_t n,
		   size_t stride)
{
	char t[160];

	vput(b, "%s='", name);
	for (size_t i = 0; i < n; i++) {
		clean(t, sizeof(t), first + i * stride);
		vput(b, "%s\"%s\"", i ? " " : "", t);
	}
	vput(b, "'; ");
}

/* The legend's four word lists. */
static void vkeys(struct vbuf *b, const struct chart_head *h)
{
	vput(b, "nk=%zu; ", h->nkeys);
	vwords(b, "ktitles", h->key[0].title, h->nkeys, sizeof(h->key[0]));
	vwords(b, "kcolors", h->key[0].color, h->nkeys, sizeof(h->key[0]));
	vput(b, "kdashes='");
	for (size_t i = 0; i < h->nkeys; i++)
		vput(b, "%s%d", i ? " " : "", h->key[i].dash);
	vput(b, "'; kpoints='");
	for (size_t i = 0; i < h->nkeys; i++)
		vput(b, "%s%d", i ? " " : "", h->key[i].point);
	vput(b, "'; ");
}

static int draw(const struct chart_head *h, const char *dir, const char *script,
		struct vbuf *b, char *why, size_t len)
{
	const char *plots = charts_plot_dir();
	char gp[PATH_MAX], log[PATH_MAX], t[200];

	if (!plots)
		return fail_why(why, len, "cannot find the gnuplot scripts (plots/xy.gp); "
			    "set DMABENCH_PLOTS to the plots/ folder");
	snprintf(gp, sizeof(gp), "%s/%s", plots, script);
	snprintf(log, sizeof(log), "%s/%s.gnuplot.log", dir, h->name);
	vput(b, "plots='%s'; datafile='%s/%s.dat'; outbase='%s/%s'; ", plots, dir,
	     h->name, dir, h->name);
	clean(t, sizeof(t), h->title);
	vput(b, "ttl='%s'; ", t);
	clean(t, sizeof(t), h->xlabel);
	vput(b, "xlab='%s'; ", t);
	clean(t, sizeof(t), h->ylabel);
	vput(b, "ylab='%s'; ", t);
	clean(t, sizeof(t), h->note);
	vput(b, "keynote='%s'; better='%s'; np=%zu; ", t, h->better ? h->better : "",
	     h->npanels ? h->npanels : 1);
	vwords(b, "ptitles", h->panel[0], h->npanels, sizeof(h->panel[0]));
	vkeys(b, h);
	if (b->used >= b->len)
		return fail_why(why, len, "chart %s: too many series for gnuplot's "
			    "command line", h->name);
	return run_gnuplot(b->s, gp, log, why, len);
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

struct range {
	double lo, hi;
};

static void widen(struct range *r, double v)
{
	if (isfinite(v) && v < r->lo)
		r->lo = v;
	if (isfinite(v) && v > r->hi)
		r->hi = v;
}

/* An axis: its range and tics, from the data's extent @r. */
static void axis(struct vbuf *b, char name, struct range r, bool log,
		 enum chart_unit u, bool from_zero)
{
	static char tics[2048];
	double lo, hi;

	if (log && r.lo > 0) {
		if (name == 'x')	/* sizes: the points themselves at the ends */
			lo = r.lo / 1.15, hi = r.hi * 1.15;
		else
			chart_log_range(r.lo, r.hi, &lo, &hi);
		chart_log_tics(lo, hi, u, tics, sizeof(tics));
	} else {
		if (from_zero) {
			chart_bar_range(r.hi, &lo, &hi);
		} else {	/* counts (threads): half a step beyond the ends */
			lo = r.lo - 0.3;
			hi = r.hi + 0.3;
		}
		chart_lin_tics(from_zero ? 0 : r.lo, from_zero ? hi : r.hi, u, tics,
			       sizeof(tics));
	}
	vput(b, "%cmin=%.10g; %cmax=%.10g; %ctics='%s'; log%c=%d; ", name, lo, name,
	     hi, name, tics, name, log && r.lo > 0);
}

/* Series in panel order (blocks of the data file), the panels' first and last. */
static size_t order_series(const struct xy_chart *c, size_t *order)
{
	size_t n = 0, np = c->head.npanels ? c->head.npanels : 1;

	for (size_t p = 0; p < np; p++)
		for (size_t i = 0; i < c->nseries; i++)
			if (c->series[i].n && c->series[i].panel == p)
				order[n++] = i;
	return n;
}

static int write_xy(const struct xy_chart *c, const char *dir, const size_t *order,
		    size_t n, struct range *rx, struct range *ry, char *why, size_t len)
{
	FILE *f = open_data(&c->head, dir, why, len);

	if (!f)
		return -1;
	for (size_t k = 0; k < n; k++) {
		struct xy_series s = c->series[order[k]];

		sort_series(&s);
		fprintf(f, "%s# %s\n", k ? "\n\n" : "", s.title);
		for (size_t p = 0; p < s.n; p++) {
			fprintf(f, "%.10g %.10g %.10g %.10g\n", s.x[p], s.y[p],
				s.lo[p], s.hi[p]);
			widen(rx, s.x[p]);
			widen(ry, s.y[p]);
			if (c->band) {
				widen(ry, s.lo[p]);
				widen(ry, s.hi[p]);
			}
		}
	}
	return fclose(f) ? fail_why(why, len, "cannot write %s.dat", c->head.name) : 0;
}

/* A legend of the series themselves when the caller gave none. */
static void default_keys(struct chart_head *h, const struct xy_chart *c,
			 const size_t *order, size_t n)
{
	if (h->nkeys)
		return;
	for (size_t k = 0; k < n; k++) {
		const struct xy_series *s = &c->series[order[k]];

		chart_key_add(h, s->title, s->color[0] ? s->color : chart_other_color(k),
			      s->dash, 0);
	}
}

int chart_draw_xy(const struct xy_chart *c, const char *dir, char *why, size_t len)
{
	static char vars[65536];
	static struct chart_head h;
	struct vbuf b = { vars, sizeof(vars), 0 };
	struct range rx = { INFINITY, -INFINITY }, ry = { INFINITY, -INFINITY };
	size_t order[CHART_MAX_SERIES], n = order_series(c, order);

	if (!n)
		return 1;
	if (write_xy(c, dir, order, n, &rx, &ry, why, len))
		return -1;
	h = c->head;
	default_keys(&h, c, order, n);
	vput(&b, "n=%zu; colors='", n);
	for (size_t k = 0; k < n; k++)
		vput(&b, "%s%s", k ? " " : "", c->series[order[k]].color[0] ?
		     c->series[order[k]].color : chart_other_color(k));
	vput(&b, "'; dashes='");
	for (size_t k = 0; k < n; k++)
		vput(&b, "%s%d", k ? " " : "", c->series[order[k]].dash ?
		     c->series[order[k]].dash : 1);
	vput(&b, "'; panels='");
	for (size_t k = 0; k < n; k++)
		vput(&b, "%s%zu", k ? " " : "", c->series[order[k]].panel + 1);
	vput(&b, "'; band=%d; ", c->band);
	axis(&b, 'x', rx, c->logx, c->xunit, false);
	axis(&b, 'y', ry, c->logy, c->yunit, !c->logy);
	return draw(&h, dir, "xy.gp", &b, why, len);
}

/* 0xRRGGBB for gnuplot's `lc rgb variable`. */
static unsigned long rgb_of(const char *hex)
{
	return strtoul(hex + 1, NULL, 16);
}

/* Where @it's bar goes: its group's slots that have a bar in any panel, side by side. */
static double bar_x(const struct cat_chart *c, const struct cat_item *it, double *width)
{
	bool used[CHART_MAX_SERIES] = { false };
	size_t m = 0, rank = 0;

	for (size_t i = 0; i < c->nitems; i++)
		if (c->item[i].group == it->group && c->item[i].slot < CHART_MAX_SERIES)
			used[c->item[i].slot] = true;
	for (size_t s = 0; s < CHART_MAX_SERIES; s++) {
		if (s == it->slot)
			rank = m;
		m += used[s];
	}
	*width = fmin(0.8 / (double)(m ? m : 1), 0.3);
	return (double)it->group + ((double)rank - ((double)m - 1) / 2) * *width;
}

static int write_cat(const struct cat_chart *c, const char *dir, struct range *ry,
		     char *why, size_t len)
{
	FILE *f = open_data(&c->head, dir, why, len);
	size_t np = c->head.npanels ? c->head.npanels : 1;
	double w, x;

	if (!f)
		return -1;
	/* blocks 0 .. np-1: the bars of each panel; np .. 2np-1: its references */
	for (size_t p = 0; p < np; p++) {
		fprintf(f, "%s# panel %zu: x value low high colour point\n", p ? "\n\n" : "", p + 1);
		for (size_t i = 0; i < c->nitems; i++) {
			const struct cat_item *it = &c->item[i];

			if (it->panel != p)
				continue;
			x = bar_x(c, it, &w);
			fprintf(f, "%.4f %.10g %.10g %.10g %lu %d %.4f\n", x, it->v, it->lo, it->hi, rgb_of(it->color),
				it->point ? it->point : 7, w * 0.9);
			widen(ry, it->v);
			widen(ry, it->lo);
			widen(ry, it->hi);
		}
		fputs("NaN NaN NaN NaN 0 7 0\n", f);	/* a panel may be empty */
	}
	for (size_t p = 0; p < np; p++) {
		fprintf(f, "\n\n# references of panel %zu\n", p + 1);
		for (size_t g = 0; g < c->ngroups; g++)
			if (c->has_ref && isfinite(c->ref[p][g])) {
				fprintf(f, "%zu %.10g\n", g, c->ref[p][g]);
				widen(ry, c->ref[p][g]);
			}
		fputs("NaN NaN\n", f);
	}
	return fclose(f) ? fail_why(why, len, "cannot write %s.dat", c->head.name) : 0;
}

int chart_draw_cat(const struct cat_chart *c, const char *dir, char *why, size_t len)
{
	static char vars[65536];
	struct vbuf b = { vars, sizeof(vars), 0 };
	struct range ry = { INFINITY, -INFINITY };
	char g[48];
	int ret;

	if (!c->nitems)
		return 1;
	ret = write_cat(c, dir, &ry, why, len);
	if (ret)
		return ret;
	vput(&b, "dots=%d; hasref=%d; reftitle='%s'; xtics='(", c->dots, c->has_ref,
	     c->has_ref ? c->ref_title : "");
	for (size_t i = 0; i < c->ngroups; i++) {
		clean(g, sizeof(g), c->group[i]);
		vput(&b, "%s\"%s\" %zu", i ? ", " : "", g, i);
	}
	vput(&b, ")'; ngroups=%zu; ", c->ngroups);
	axis(&b, 'y', ry, c->dots, c->yunit, !c->dots);
	return draw(&c->head, dir, "bars.gp", &b, why, len);
}

int chart_draw_note(const struct chart_head *h, const char *sentence, const char *dir,
		    char *why, size_t len)
{
	static char vars[4096];
	struct vbuf b = { vars, sizeof(vars), 0 };
	struct chart_head one = *h;
	char t[512], *p = t;
	size_t lines = 0;

	one.npanels = 0;
	one.nkeys = 0;
	clean(t, sizeof(t), sentence);
	/* gnuplot labels do not wrap: lines of at most 100 characters, at spaces */
	while (*p && lines < 4) {
		size_t n = strlen(p), cut = n;

		if (n > 100)
			for (cut = 100; cut > 0 && p[cut] != ' '; cut--)
				;
		if (!cut)
			cut = n > 100 ? 100 : n;
		vput(&b, "line%zu='%.*s'; ", ++lines, (int)cut, p);
		p += cut;
		while (*p == ' ')
			p++;
	}
	vput(&b, "lines='");
	for (size_t i = 0; i < lines; i++)
		vput(&b, "%s%zu", i ? " " : "", i + 1);
	vput(&b, "'; ");
	return draw(&one, dir, "note.gp", &b, why, len);
}
