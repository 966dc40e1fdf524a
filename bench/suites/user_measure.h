/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Measuring and recording user-side work: a measure_cfg cut to a time
 * budget (so slow mappings keep the quick suite short), and result items
 * made from samples.
 */
#ifndef DMABENCH_USER_MEASURE_H
#define DMABENCH_USER_MEASURE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/measure.h"
#include "core/names.h"
#include "results/results.h"
#include "suites/suite.h"

/* Seconds one user-side measurement may take by default, per suite. */
#define USER_BUDGET_QUICK_S	0.25
#define USER_BUDGET_FULL_S	2.0

/* The time budget of one measurement under @opts. */
double user_budget(const struct run_opts *opts);

/*
 * The run's measure_cfg, bounded by @budget_s when one sample takes
 * @sample_ns, unless --iters or --min-time asked for something explicit.
 */
struct measure_cfg user_mcfg(const struct run_ctx *ctx, double sample_ns,
			     double budget_s);

/*
 * Time one warm-up plus one sample of @src: what user_mcfg() needs.
 * Returns the sample in ns, or a negative errno.
 */
double user_calibrate(const struct sample_source *src);

struct sample_log;

/*
 * Run measure() on @src with a budgeted configuration.  @logs (@nlogs of
 * them, may be 0) are the source's own sample logs, emptied after the
 * calibration sample.  0 or -errno.  Sources print their own failures
 * (user_device_failed); this only says when memory for samples ran out.
 */
int user_measure(struct run_ctx *ctx, const struct sample_source *src,
		 const char *what, struct measurement *m,
		 struct sample_log *logs, unsigned int nlogs);

/*
 * Compute @item's stats from @samples (raw order kept for samples.csv),
 * GB/s as @gb_bytes per p50 when @gb_bytes is non-zero, and add it.
 */
int user_report(struct results *res, struct result_item *item,
		const double *samples, size_t n, uint64_t gb_bytes);

/* A result item with the fields every user-side item shares. */
struct result_item user_item(const char *test, const char *kind,
			     const char *op, uint64_t size);

/*
 * Sizes of the user-side tests: with --sizes every power of two asked for
 * (suite_sizes), else user_sizes() of the suite.  Returns the count.
 */
unsigned int user_test_sizes(const struct run_opts *o, uint64_t *out,
			     unsigned int cap);

struct ubuf;

/* Kinds a test runs: asked for (--kinds) and supported by the module. */
bool user_kind_wanted(const struct run_ctx *ctx, unsigned int kind);

/*
 * A module buffer for @test (see ubuf_module).  A contiguous kind larger
 * than this platform can allocate is skipped: returns 1 after a line on
 * stderr.  Other failures: the module's sentence on stderr, -errno.
 */
int user_open_buffer(struct run_ctx *ctx, const char *test, struct ubuf *b,
		     unsigned int kind, uint64_t size, uint32_t dir,
		     bool populate);

/* What a family does with one kind's open buffer @b; 0, 1 (skipped) or -errno. */
typedef int (*user_kind_fn)(struct run_ctx *ctx, struct ubuf *b, unsigned int kind,
			    void *arg);

/*
 * The user-side families' loop: for each kind of the mask @kinds that
 * user_kind_wanted(), in kind order, open its buffer of @size for @test
 * (bidirectional; pages populated or not), hand it to @fn, release it.
 * A failure is recorded where it happens and the next kind goes on.
 * Returns -EINTR when interrupted (the caller stops too), else the first
 * -errno, or 0.
 */
int user_each_kind(struct run_ctx *ctx, const char *test, uint32_t kinds,
		   uint64_t size, bool populate, user_kind_fn fn, void *arg);
#define USER_ALL_KINDS	KINDS_BUFFERS

/*
 * A failure of @test: the sentence on stderr and in results.json's
 * errors (so the run says what failed, not just an errno).
 */
__attribute__((format(printf, 3, 4)))
void user_failed(struct results *res, const char *test, const char *fmt, ...);

/* user_failed() with the module's sentence for @dev's last failure; -err. */
int user_device_failed(struct results *res, const struct bench_device *dev,
		       const char *test);

/* Something not measured on purpose: a line on stderr and a "skipped" entry. */
void user_skipped(struct results *res, const char *test, const char *what,
		  const char *why);


#endif /* DMABENCH_USER_MEASURE_H */
