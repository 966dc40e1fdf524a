/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A run's output folder: results.json (schema "dmabench/1") and
 * samples.csv.  results.json is rewritten atomically (temp file + rename)
 * after every item, so an interrupted run keeps everything it measured,
 * marked "complete": false until results_finish() says otherwise.
 * samples.csv grows in a hidden DIR/.samples.csv.partial (rewriting it per
 * item would cost O(items^2) on a full run) and is renamed to samples.csv
 * by results_finish(), which SIGINT/SIGTERM also reach; only a killed
 * process leaves the .partial file, never a truncated samples.csv.
 */
#ifndef DMABENCH_RESULTS_H
#define DMABENCH_RESULTS_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/counters.h"
#include "core/measure.h"
#include "core/stats.h"
#include "results/attr_effects.h"

#define RESULTS_SCHEMA	"dmabench/1"

/* One measured thing: a row of every table. Strings may be NULL (n/a). */
struct result_item {
	const char *test;	/* registry name: "map_sg", "user_access", ... */
	const char *kind;	/* buffer kind, or "cached" for the baseline */
	const char *op;		/* "map", "unmap", "sync_for_cpu", "read", ... */
	uint64_t size;		/* bytes per op */
	const char *dir;	/* "bidi", "to", "from" */
	unsigned int threads;	/* 1 unless a scaling series */
	unsigned int entries;	/* sg entries; 0 = n/a */
	const char *cache;	/* "hot", "cold" */
	unsigned int batch;	/* ops per sample (1 = per-op samples) */
	const char *unit;	/* "ns" (per op) */
	const char *isa;	/* access kernels: "avx2", ... */
	const char *note;	/* anything a reader must know about this row */
	uint32_t attrs;		/* DMABENCH_ATTR_* the op ran with (attrs test); 0: none */
	/*
	 * A shared buffer's identity (the dmabuf test; NULL elsewhere): the
	 * exporter's device ("platform", "edu"; NULL for memory made by
	 * other code), the importer's device and what made the dma-buf
	 * ("dmabench", "udmabuf", "heap").
	 */
	const char *exporter, *importer, *source;
	struct stats stats;	/* ns per op */
	int stopped;		/* enum measure_stop of the loop that measured
				 * it; 0: a fixed count, no stability test */
	double gbps;		/* bandwidth items; NAN for the others */
	bool has_counters;
	struct counter_values counters;	/* per op */
	const double *samples;	/* raw ns per sample, for samples.csv */
	size_t nsamples;
};

struct results;

/*
 * Create @dir (and parents) and start a run.  @platform (reference stolen)
 * becomes results.json's "platform" object.  NULL with errno on failure.
 */
struct results *results_create(const char *dir, json_t *platform);

/* Copy @item in and rewrite both files.  0 or -errno. */
int results_add(struct results *r, const struct result_item *item);

/* The timing floor (empty op) shown beside every table. */
int results_set_floor(struct results *r, const struct stats *floor);

/* Record a failed test without stopping the run. */
int results_add_error(struct results *r, const char *test, const char *sentence);

/*
 * Write the final state.  @finished: the run reached its end (not stopped
 * by a signal); it is "complete" only if, besides, no measurement failed
 * and samples.csv was written.  @why says why not complete.  A finished
 * run with failed measurements still holds valid rows: `run --repeat`
 * combines it (its errors carried along).  0 or -errno.
 */
int results_finish(struct results *r, bool finished, const char *why);

/* Something deliberately not measured, and why ("skipped" in the JSON). */
int results_add_skip(struct results *r, const char *test, const char *what,
		     const char *why);

/* How the run measured (warm-up, limits, ...): "method" (reference stolen). */
int results_set_method(struct results *r, json_t *method);

/* What the device's own DMA showed (`dmabench verify`): "verify" (reference stolen). */
int results_set_verify(struct results *r, json_t *verify);

/* One entry of "attr_effects" (the attrs test's probe, attr_effects.h). */
int results_add_attr_effect(struct results *r, const struct attr_effect *e);

/*
 * One entry of "dmabuf_shares": a share's data round trip through the
 * importer's device (the dmabuf test).  Strings are copied.
 */
struct dmabuf_share {
	const char *kind;	/* exported kind; NULL for udmabuf/heap */
	const char *source;	/* "dmabench", "udmabuf", "heap" */
	const char *exporter;	/* device; NULL for udmabuf/heap */
	const char *importer;	/* device */
	uint64_t size;
	const char *outcome;	/* "data ok", "stale", "refused: <sentence>", "failed: <sentence>" */
	int stale_without_sync;	/* 1 stale without DMA_BUF_IOCTL_SYNC, 0 not, -1 not tried */
	unsigned int nents;	/* DMA segments of the importer's mapping; 0 unknown */
	const char *note;
};
int results_add_dmabuf_share(struct results *r, const struct dmabuf_share *s);

/* What a driver decides from (FACTS, see driver_facts.h): "driver_facts" (stolen). */
int results_set_driver_facts(struct results *r, json_t *facts);

/* Called after every results_add() (progress lines); NULL to stop. */
typedef void (*results_listener)(void *arg, const struct result_item *item);
void results_on_add(struct results *r, results_listener fn, void *arg);

/* Items and errors so far. */
size_t results_count(const struct results *r);
size_t results_error_count(const struct results *r);

void results_free(struct results *r);

/* "map_sg streaming 64K to e16 batch 32": the item in a progress line. */
void results_item_label(const struct result_item *it, char *buf, size_t len);

#endif /* DMABENCH_RESULTS_H */
