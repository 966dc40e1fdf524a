/* SPDX-License-Identifier: GPL-2.0 */
/*
 * How every chart looks, decided in C so that it is one table and can be
 * tested: the colour of each buffer kind (the same on every chart), axis
 * tic labels with units ("4 KiB", "10 us" rather than gnuplot's "4 kiB" or
 * "1e+04"), the value range of a bar axis (from zero), the error bar of a
 * figure (its noise), and when a line is an emulator's timer rather than
 * a measurement (flat across sizes).
 */
#ifndef DMABENCH_REPORT_CHART_STYLE_H
#define DMABENCH_REPORT_CHART_STYLE_H

#include <stdbool.h>
#include <stddef.h>

#include "results/run.h"

/* "#1f77b4": the colour of buffer kind @kind; NULL for a name that is no kind. */
const char *chart_kind_color(const char *kind);

/* @kind's place in that table (legends and bars in that order); unknown names last. */
size_t chart_kind_rank(const char *kind);

/* Colours for series that are not kinds (iterators, ops), apart from the kinds'. */
const char *chart_other_color(size_t i);

/* @hex lightened toward white by @step of @steps (0: @hex itself), into @buf (8 bytes). */
char *chart_shade(const char *hex, size_t step, size_t steps, char *buf);

/* What an axis counts: its tic labels carry the unit. */
enum chart_unit { CU_PLAIN, CU_NS, CU_BYTES, CU_GBPS };

/* "4 KiB", "1 MiB", "64 B"; "10 us", "1 ms", "500 ns"; "16", "1024". */
char *chart_tic_label(double v, enum chart_unit u, char *buf, size_t len);

/*
 * Tics for a log axis over [@lo, @hi] as gnuplot's list ("4 KiB" 4096,
 * "64 KiB" 65536): decades of ns (with 2 and 5 between them when the
 * range is short), powers of two of bytes and counts (every 2nd, 4th, ...
 * so that at most 6 are drawn).  How many tics; 0 (and "") for an empty
 * or non-positive range.
 */
size_t chart_log_tics(double lo, double hi, enum chart_unit u, char *buf, size_t len);

/*
 * Tics for a linear axis from 0 (or @lo) to @hi: a 1, 2 or 5 step giving
 * at most 8 tics; whole numbers for CU_PLAIN (thread counts).  How many.
 */
size_t chart_lin_tics(double lo, double hi, enum chart_unit u, char *buf, size_t len);

/* A bar axis: from zero (a gap shown as it is) to a little above @max. */
void chart_bar_range(double max, double *lo, double *hi);

/* A range padded by a sixth of a decade on either side, for log axes. */
void chart_log_range(double min, double max, double *lo, double *hi);

/* Where a figure's error bar comes from, for the chart's note. */
enum chart_err_source { CE_NONE, CE_REPS, CE_IQR, CE_CI };

/*
 * The error bar of @it's p50 (or of its GB/s when @gbps): the quartiles of
 * the repetitions' medians (their range below 5 repetitions), else the
 * samples' p25..p75, else the median's 95 % interval.  @lo = @hi = the
 * figure when none is recorded.  Returns where it came from.
 */
enum chart_err_source chart_error(const struct rd_item *it, bool gbps,
				  double *lo, double *hi);

/* "error bars: p25..p75 of the samples", ... for the most used @src. */
const char *chart_error_words(enum chart_err_source src);

/*
 * Is the line (@x sizes, @y times; @n points) flat: sizes spanning at
 * least 16x and the times within 25 % of each other?  What a real
 * transfer never does and edu's ~100 ms timer under TCG always does.
 */
bool chart_flat(const double *x, const double *y, size_t n);

#endif /* DMABENCH_REPORT_CHART_STYLE_H */
