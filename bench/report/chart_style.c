// SPDX-License-Identifier: GPL-2.0
/* Colours, tic labels, ranges and error bars of the charts; see chart_style.h. */
#include "report/chart_style.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/stats.h"
#include "core/units.h"
#include "results/query.h"

/* One table: a kind has this colour on every chart of every page. */
static const struct { const char *kind, *color; } kind_colors[] = {
	{ "coherent", "#1f77b4" },	/* blue */
	{ "streaming", "#d62728" },	/* red */
	{ "wc", "#2ca02c" },		/* green */
	{ "uc", "#ff7f0e" },		/* orange */
	{ "noncoherent", "#9467bd" },	/* purple */
	{ "noncontig", "#8c564b" },	/* brown */
	{ "userptr", "#e377c2" },	/* pink */
	{ "cached", "#555555" },	/* the reference: dark grey */
};

/* Not used by any kind. */
static const char *const other_colors[] = {
	"#17becf", "#bcbd22", "#393b79", "#7f7f7f", "#637939", "#843c39",
};

const char *chart_kind_color(const char *kind)
{
	for (size_t i = 0; kind && i < sizeof(kind_colors) / sizeof(kind_colors[0]); i++)
		if (!strcmp(kind, kind_colors[i].kind))
			return kind_colors[i].color;
	return NULL;
}

size_t chart_kind_rank(const char *kind)
{
	size_t i;

	for (i = 0; kind && i < sizeof(kind_colors) / sizeof(kind_colors[0]); i++)
		if (!strcmp(kind, kind_colors[i].kind))
			return i;
	return sizeof(kind_colors) / sizeof(kind_colors[0]);
}

const char *chart_other_color(size_t i)
{
	return other_colors[i % (sizeof(other_colors) / sizeof(other_colors[0]))];
}

char *chart_shade(const char *hex, size_t step, size_t steps, char *buf)
{
	unsigned int rgb = (unsigned int)strtoul(hex + 1, NULL, 16), out = 0;
	/* at most 60 % of the way to white: the last shade still shows its hue */
	double f = steps > 1 ? 0.6 * (double)step / (double)(steps - 1) : 0;

	for (int sh = 16; sh >= 0; sh -= 8) {
		unsigned int c = (rgb >> sh) & 0xff;

		out |= (unsigned int)lround(c + (255 - c) * f) << sh;
	}
	snprintf(buf, 8, "#%06x", out & 0xffffff);
	return buf;
}

/* "1.5", "10", "0.25": a tic's number without trailing zeros. */
static void num(double v, char *buf, size_t len)
{
	if (v == floor(v) && fabs(v) < 1e15)
		snprintf(buf, len, "%.0f", v);	/* 1000, never 1e+03 */
	else
		snprintf(buf, len, "%.3g", v);
}

char *chart_tic_label(double v, enum chart_unit u, char *buf, size_t len)
{
	static const struct { double scale; const char *unit; } times[] = {
		{ 1e9, "s" }, { 1e6, "ms" }, { 1e3, "us" }, { 1, "ns" },
	};
	char n[32];

	if (u == CU_BYTES && v >= 1 && v == floor(v) && v < 1.8e19)
		return units_size((uint64_t)v, buf, len);
	if (u == CU_NS && v != 0) {
		size_t i = 0;

		while (i + 1 < sizeof(times) / sizeof(times[0]) &&
		       fabs(v) < times[i].scale * 0.9995)
			i++;
		num(v / times[i].scale, n, sizeof(n));
		snprintf(buf, len, "%s %s", n, times[i].unit);
		return buf;
	}
	if (u == CU_NS)
		snprintf(buf, len, "0");
	else
		num(v, buf, len);	/* 4096, never 4.1e+03 */
	return buf;
}

/* Append ("label" v) to gnuplot's tic list in @buf. */
static void add_tic(char *buf, size_t len, size_t *used, double v, enum chart_unit u)
{
	char label[32];

	chart_tic_label(v, u, label, sizeof(label));
	if (*used < len)
		*used += snprintf(buf + *used, len - *used, "%s\"%s\" %.10g",
				  *used > 1 ? ", " : "", label, v);
}

static size_t close_list(char *buf, size_t len, size_t used, size_t n)
{
	if (!n)
		buf[0] = '\0';
	else if (used + 1 < len)
		snprintf(buf + used, len - used, ")");
	return n;
}

/* Decades, with 2 and 5 between them when there are fewer than 3. */
static size_t decade_tics(double lo, double hi, enum chart_unit u, char *buf,
			  size_t len, size_t *used)
{
	static const double steps[] = { 1, 2, 5 };
	int d0 = (int)floor(log10(lo) + 1e-9), d1 = (int)ceil(log10(hi) - 1e-9);
	bool fine = d1 - d0 < 3;
	size_t n = 0;

	for (int d = d0; d <= d1; d++)
		for (size_t s = 0; s < (fine ? 3u : 1u); s++) {
			double v = steps[s] * pow(10, d);

			if (v >= lo * 0.999 && v <= hi * 1.001) {
				add_tic(buf, len, used, v, u);
				n++;
			}
		}
	return n;
}

/* Powers of two, every 2^k-th so that at most 6 are drawn. */
static size_t pow2_tics(double lo, double hi, enum chart_unit u, char *buf,
			size_t len, size_t *used)
{
	int e0 = (int)ceil(log2(lo) - 1e-9), e1 = (int)floor(log2(hi) + 1e-9);
	int stride = 1;
	size_t n = 0;

	if (e0 < 0)
		e0 = 0;
	while ((e1 - e0) / stride + 1 > 6)
		stride *= 2;
	/* aligned on the stride, so 4 KiB, 64 KiB, 1 MiB rather than 8 KiB, 128 KiB */
	for (int e = e0; e <= e1; e++) {
		if (e % stride)
			continue;
		add_tic(buf, len, used, ldexp(1, e), u);
		n++;
	}
	return n;
}

size_t chart_log_tics(double lo, double hi, enum chart_unit u, char *buf, size_t len)
{
	size_t used, n;

	if (!len)
		return 0;
	buf[0] = '\0';
	if (!(lo > 0) || !(hi >= lo) || !isfinite(hi))
		return 0;
	used = (size_t)snprintf(buf, len, "(");
	if (u == CU_BYTES || u == CU_PLAIN)
		n = pow2_tics(lo, hi, u, buf, len, &used);
	else
		n = decade_tics(lo, hi, u, buf, len, &used);
	return close_list(buf, len, used, n);
}

size_t chart_lin_tics(double lo, double hi, enum chart_unit u, char *buf, size_t len)
{
	static const double mult[] = { 1, 2, 5 };
	double span = hi - lo, step = 0;
	size_t used, n = 0;

	if (!len)
		return 0;
	buf[0] = '\0';
	if (!(span > 0) || !isfinite(span))
		return 0;
	for (double p = pow(10, floor(log10(span / 8))); !step; p *= 10)
		for (size_t i = 0; i < 3 && !step; i++)
			if (span / (mult[i] * p) <= 8)
				step = mult[i] * p;
	if (u == CU_PLAIN && step < 1)
		step = 1;	/* threads: 1, 2, 3, never 1.5 */
	used = (size_t)snprintf(buf, len, "(");
	for (double v = ceil(lo / step - 1e-9) * step; v <= hi + step * 1e-9; v += step) {
		add_tic(buf, len, &used, fabs(v) < step * 1e-9 ? 0 : v, u);
		n++;
	}
	return close_list(buf, len, used, n);
}

void chart_bar_range(double max, double *lo, double *hi)
{
	*lo = 0;
	*hi = isfinite(max) && max > 0 ? max * 1.08 : 1;
}

void chart_log_range(double min, double max, double *lo, double *hi)
{
	if (!(min > 0) || !(max >= min)) {
		*lo = 1;
		*hi = 10;
		return;
	}
	*lo = min / pow(10, 1.0 / 6);
	*hi = max * pow(10, 1.0 / 6);
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* The error bar of a time @t: [@lo, @hi]; of GB/s when @gbps (time's inverse). */
static void put_err(const struct rd_item *it, bool gbps, double tlo, double thi,
		    double *lo, double *hi)
{
	double p50 = it->stats.p50;

	if (!gbps) {
		*lo = tlo;
		*hi = thi;
	} else if (tlo > 0 && thi > 0 && p50 > 0) {
		/* GB/s = bytes / time: the slow end of the times is the low end */
		*lo = it->gbps * p50 / thi;
		*hi = it->gbps * p50 / tlo;
	}
}

enum chart_err_source chart_error(const struct rd_item *it, bool gbps,
				  double *lo, double *hi)
{
	double v[64], fig = gbps ? it->gbps : it->stats.p50;
	size_t n = rd_rep_values(it, v, sizeof(v) / sizeof(v[0]));

	*lo = *hi = fig;
	if (n >= 2) {
		qsort(v, n, sizeof(v[0]), cmp_double);
		/* as results/query.c's spread: quartiles from 5 repetitions, the range below */
		if (n >= 5)
			put_err(it, gbps, stats_quantile(v, n, 0.25),
				stats_quantile(v, n, 0.75), lo, hi);
		else
			put_err(it, gbps, v[0], v[n - 1], lo, hi);
		return CE_REPS;
	}
	if (isfinite(it->stats.p25) && isfinite(it->stats.p75)) {
		put_err(it, gbps, it->stats.p25, it->stats.p75, lo, hi);
		return CE_IQR;
	}
	if (isfinite(it->stats.ci_low) && isfinite(it->stats.ci_high)) {
		put_err(it, gbps, it->stats.ci_low, it->stats.ci_high, lo, hi);
		return CE_CI;
	}
	return CE_NONE;
}

const char *chart_error_words(enum chart_err_source src)
{
	switch (src) {
	case CE_REPS:
		return "error bars: p25..p75 across repetitions";
	case CE_IQR:
		return "error bars: p25..p75 of the samples";
	case CE_CI:
		return "error bars: 95 % CI of the median";
	default:
		return "no spread recorded: no error bars";
	}
}

bool chart_flat(const double *x, const double *y, size_t n)
{
	double xmin = INFINITY, xmax = 0, ymin = INFINITY, ymax = 0;

	for (size_t i = 0; i < n; i++) {
		if (!(x[i] > 0) || !(y[i] > 0))
			return false;
		xmin = fmin(xmin, x[i]);
		xmax = fmax(xmax, x[i]);
		ymin = fmin(ymin, y[i]);
		ymax = fmax(ymax, y[i]);
	}
	return n >= 2 && xmax >= 16 * xmin && ymax <= 1.25 * ymin;
}
