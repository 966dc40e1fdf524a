// SPDX-License-Identifier: GPL-2.0
/* results.json and samples.csv; see results.h. */
#include "results/results.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "core/units.h"
#include "core/atomicfile.h"
#include "core/json.h"
#include "core/names.h"

struct results {
	char json_path[PATH_MAX];
	char csv_path[PATH_MAX];
	char csv_partial[PATH_MAX];
	json_t *doc;
	json_t *items;		/* borrowed from doc */
	json_t *errors;		/* borrowed from doc */
	json_t *skipped;	/* borrowed from doc */
	FILE *csv;
	results_listener listener;
	void *listener_arg;
};

#define CSV_HEADER \
	"test,kind,op,size,dir,threads,entries,cache,batch,sample_index,ns\n"

/* "2025-01-31T12:00:00Z": UTC so runs from different machines compare. */
static json_t *now_json(void)
{
	char buf[32];
	time_t t = time(NULL);
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%SZ", &tm);
	return json_string(buf);
}

/* NaN and infinities are not JSON: null says "not available". */
static json_t *real_or_null(double v)
{
	return isfinite(v) ? json_real(v) : json_null();
}

static json_t *str_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

static int save(struct results *r)
{
	return json_save(r->json_path, r->doc);
}

static json_t *new_doc(json_t *platform)
{
	return json_pack("{s:s, s:b, s:s, s:o, s:n, s:o, s:n, s:n, s:[], s:[], s:[]}",
			 "schema", RESULTS_SCHEMA,
			 "complete", 0,
			 "why_incomplete", "running",
			 "start", now_json(),
			 "end",
			 "platform", platform ? platform : json_object(),
			 "method",
			 "floor",
			 "errors", "skipped", "results");
}

static int join(char *out, const char *dir, const char *name)
{
	int n = snprintf(out, PATH_MAX, "%s/%s", dir, name);

	return n < 0 || n >= PATH_MAX ? -ENAMETOOLONG : 0;
}

static int open_files(struct results *r, const char *dir)
{
	int ret;

	if (join(r->json_path, dir, "results.json") ||
	    join(r->csv_path, dir, "samples.csv") ||
	    join(r->csv_partial, dir, ".samples.csv.partial"))
		return -ENAMETOOLONG;
	ret = mkdir_p(dir);
	if (ret)
		return ret;
	r->csv = fopen(r->csv_partial, "we");
	if (!r->csv)
		return -errno;
	if (fputs(CSV_HEADER, r->csv) == EOF)
		return -EIO;
	return save(r);
}

struct results *results_create(const char *dir, json_t *platform)
{
	struct results *r = calloc(1, sizeof(*r));
	int ret;

	if (!r) {
		json_decref(platform);
		return NULL;
	}
	r->doc = new_doc(platform);
	if (!r->doc) {
		free(r);
		errno = ENOMEM;
		return NULL;
	}
	r->items = json_object_get(r->doc, "results");
	r->errors = json_object_get(r->doc, "errors");
	r->skipped = json_object_get(r->doc, "skipped");
	ret = open_files(r, dir);
	if (ret) {
		if (r->csv)
			unlink(r->csv_partial);
		results_free(r);
		errno = -ret;
		return NULL;
	}
	return r;
}

/*
 * A p99 from fewer than STATS_P99_MIN_N samples is the max or next to it:
 * null says so, and readers show the max, labelled, instead.
 */
static json_t *p99_json(const struct stats *s)
{
	return s->n >= STATS_P99_MIN_N ? real_or_null(s->p99) : json_null();
}

static json_t *stats_json(const struct stats *s)
{
	return json_pack("{s:I, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o}",
			 "n", (json_int_t)s->n,
			 "min", real_or_null(s->min), "p50", real_or_null(s->p50),
			 "p90", real_or_null(s->p90), "p99", p99_json(s),
			 "max", real_or_null(s->max), "mean", real_or_null(s->mean),
			 "stddev", real_or_null(s->stddev),
			 "ci_low", real_or_null(s->ci_low),
			 "ci_high", real_or_null(s->ci_high));
}

/* The quartiles: verdicts read the within-run spread (IQR / p50) from them. */
static json_t *stats_json_full(const struct stats *s)
{
	json_t *o = stats_json(s);

	if (o) {
		json_object_set_new(o, "p25", real_or_null(s->p25));
		json_object_set_new(o, "p75", real_or_null(s->p75));
	}
	return o;
}

/*
 * Per-op values of the counters the group counted, and the ratios of them
 * (from the same group reads).  A counter the machine cannot count is not
 * a row's business: method.counters lists it once for the run.
 */
static json_t *counters_json(const struct result_item *it)
{
	double ipc = counters_ipc(&it->counters);
	double per_kib = counters_misses_per_kib(&it->counters, (double)it->size);
	json_t *o;

	if (!it->has_counters)
		return json_null();
	o = json_object();
	for (int i = 0; o && i < CNT_COUNT; i++)
		if (it->counters.supported[i])
			json_object_set_new(o, counter_name(i), real_or_null(it->counters.value[i]));
	if (o && isfinite(ipc))
		json_object_set_new(o, "ipc", json_real(ipc));
	if (o && isfinite(per_kib))
		json_object_set_new(o, "cache_misses_per_kib", json_real(per_kib));
	if (o && !json_object_size(o)) {
		json_decref(o);
		return json_null();
	}
	return o;
}

static json_t *item_json(const struct result_item *it)
{
	json_t *o = json_pack("{s:s?, s:o, s:s?, s:I, s:o, s:i, s:o, s:o, s:i, s:s}",
			      "test", it->test, "kind", str_or_null(it->kind),
			      "op", it->op, "size", (json_int_t)it->size,
			      "dir", str_or_null(it->dir), "threads", (int)it->threads,
			      "entries", it->entries ? json_integer(it->entries) : json_null(),
			      "cache", str_or_null(it->cache),
			      "batch", (int)(it->batch ? it->batch : 1),
			      "unit", it->unit ? it->unit : "ns");

	if (!o)
		return NULL;
	if (it->isa)
		json_object_set_new(o, "isa", json_string(it->isa));
	if (it->note)
		json_object_set_new(o, "note", json_string(it->note));
	/* Only where an op ran with DMA attributes: every other row stays as it was. */
	if (it->attrs) {
		json_t *a = json_array();

		for (unsigned int b = 0; a && b < ATTR_BITS; b++)
			if (it->attrs & (1U << b))
				json_array_append_new(a, json_string(name_of(&attr_names, b)));
		json_object_set_new(o, "attrs", a);
	}
	/* A shared buffer's identity (the dmabuf test): every other row stays as it was. */
	if (it->source) {
		json_object_set_new(o, "source", json_string(it->source));
		json_object_set_new(o, "exporter", str_or_null(it->exporter));
		json_object_set_new(o, "importer", str_or_null(it->importer));
	}
	json_object_set_new(o, "stats", stats_json_full(&it->stats));
	/* Did the loop's stability criterion hold, and what stopped it. */
	json_object_set_new(o, "stable", json_boolean(it->stopped == MEASURE_STOP_STABLE));
	json_object_set_new(o, "stopped", json_string(it->stopped ?
			    measure_stop_name((enum measure_stop)it->stopped) : "fixed"));
	if (isfinite(it->gbps))
		json_object_set_new(o, "gbps", json_real(it->gbps));
	json_object_set_new(o, "counters", counters_json(it));
	return o;
}

static const char *csv_field(const char *s)
{
	return s ? s : "";
}

static int write_samples(struct results *r, const struct result_item *it)
{
	char entries[16] = "";

	if (it->entries)
		snprintf(entries, sizeof(entries), "%u", it->entries);
	for (size_t i = 0; i < it->nsamples; i++) {
		if (fprintf(r->csv, "%s,%s,%s,%llu,%s,%u,%s,%s,%u,%zu,%.15g\n",
			    csv_field(it->test), csv_field(it->kind),
			    csv_field(it->op), (unsigned long long)it->size,
			    csv_field(it->dir), it->threads, entries,
			    csv_field(it->cache), it->batch ? it->batch : 1, i,
			    it->samples[i]) < 0)
			return -EIO;
	}
	return fflush(r->csv) ? -errno : 0;
}

int results_add(struct results *r, const struct result_item *item)
{
	json_t *o = item_json(item);
	int ret;

	if (!o || !item->test || !item->op) {
		json_decref(o);
		return -EINVAL;
	}
	if (json_array_append_new(r->items, o))
		return -ENOMEM;
	ret = write_samples(r, item);
	if (!ret)
		ret = save(r);
	if (r->listener)
		r->listener(r->listener_arg, item);
	return ret;
}

int results_set_floor(struct results *r, const struct stats *floor)
{
	if (json_object_set_new(r->doc, "floor", stats_json(floor)))
		return -ENOMEM;
	return save(r);
}

int results_set_method(struct results *r, json_t *method)
{
	if (json_object_set_new(r->doc, "method", method))
		return -ENOMEM;
	return save(r);
}

int results_set_verify(struct results *r, json_t *verify)
{
	if (!verify || json_object_set_new(r->doc, "verify", verify))
		return -ENOMEM;
	return save(r);
}

int results_set_driver_facts(struct results *r, json_t *facts)
{
	if (!facts || json_object_set_new(r->doc, "driver_facts", facts))
		return -ENOMEM;
	return save(r);
}

int results_add_attr_effect(struct results *r, const struct attr_effect *e)
{
	json_t *list = json_object_get(r->doc, "attr_effects");

	if (!json_is_array(list)) {
		list = json_array();
		if (json_object_set_new(r->doc, "attr_effects", list))
			return -ENOMEM;
	}
	if (json_array_append_new(list, attr_effect_json(e)))
		return -ENOMEM;
	return save(r);
}

int results_add_dmabuf_share(struct results *r, const struct dmabuf_share *sh)
{
	json_t *list = json_object_get(r->doc, "dmabuf_shares");
	json_t *o = json_pack("{s:o, s:s, s:o, s:s?, s:I, s:s, s:o}",
			      "kind", str_or_null(sh->kind), "source", sh->source,
			      "exporter", str_or_null(sh->exporter), "importer", sh->importer,
			      "size", (json_int_t)sh->size, "outcome", sh->outcome,
			      "stale_without_sync", sh->stale_without_sync < 0 ? json_null() :
			      json_boolean(sh->stale_without_sync));

	if (!o)
		return -ENOMEM;
	if (sh->nents)
		json_object_set_new(o, "nents", json_integer(sh->nents));
	if (sh->note)
		json_object_set_new(o, "note", json_string(sh->note));
	if (!json_is_array(list)) {
		list = json_array();
		if (json_object_set_new(r->doc, "dmabuf_shares", list)) {
			json_decref(o);
			return -ENOMEM;
		}
	}
	if (json_array_append_new(list, o))
		return -ENOMEM;
	return save(r);
}

int results_add_error(struct results *r, const char *test, const char *sentence)
{
	if (json_array_append_new(r->errors, json_pack("{s:s, s:s}", "test",
						       test ? test : "run",
						       "message", sentence)))
		return -ENOMEM;
	return save(r);
}

int results_add_skip(struct results *r, const char *test, const char *what,
		     const char *why)
{
	if (json_array_append_new(r->skipped, json_pack("{s:s, s:s, s:s}",
							"test", test, "what", what,
							"why", why)))
		return -ENOMEM;
	return save(r);
}

void results_on_add(struct results *r, results_listener fn, void *arg)
{
	r->listener = fn;
	r->listener_arg = arg;
}

size_t results_count(const struct results *r)
{
	return json_array_size(r->items);
}

size_t results_error_count(const struct results *r)
{
	return json_array_size(r->errors);
}

/* samples.csv first: a results.json saying "complete" implies it exists. */
static int publish_samples(struct results *r)
{
	int ret = 0;

	if (!r->csv)
		return 0;
	if (fflush(r->csv) || fsync(fileno(r->csv)))
		ret = -errno;
	if (fclose(r->csv) && !ret)
		ret = -errno;
	r->csv = NULL;
	if (!ret && rename(r->csv_partial, r->csv_path))
		ret = -errno;
	return ret;
}

int results_finish(struct results *r, bool finished, const char *why)
{
	int ret = publish_samples(r), saved;
	bool complete = finished && !results_error_count(r);

	if (ret) {
		complete = false;
		why = "samples.csv could not be written";
	}
	json_object_set_new(r->doc, "complete", json_boolean(complete));
	json_object_set_new(r->doc, "finished", json_boolean(finished));
	json_object_set_new(r->doc, "why_incomplete",
			    complete ? json_null() : json_string(why ? why : "unknown"));
	json_object_set_new(r->doc, "end", now_json());
	saved = save(r);
	return saved ? saved : ret;
}

void results_free(struct results *r)
{
	if (!r)
		return;
	if (r->csv)
		fclose(r->csv);
	json_decref(r->doc);
	free(r);
}

/* "map_sg streaming 64K to e16 batch 32: p50 1234 ns" */
void results_item_label(const struct result_item *it, char *buf, size_t len)
{
	char size[24];
	int n;

	units_label(it->size, size, sizeof(size));
	n = snprintf(buf, len, "%s %s%s%s %s", it->test, it->kind ? it->kind : "",
		     it->kind ? " " : "", it->op, it->size ? size : "");
	if (n < 0 || (size_t)n >= len)
		return;
	if (it->dir)
		n += snprintf(buf + n, len - (size_t)n, " %s", it->dir);
	if ((size_t)n < len && it->entries)
		n += snprintf(buf + n, len - (size_t)n, " e%u", it->entries);
	if ((size_t)n < len && it->cache)
		n += snprintf(buf + n, len - (size_t)n, " %s", it->cache);
	if ((size_t)n < len && it->threads > 1)
		n += snprintf(buf + n, len - (size_t)n, " t%u", it->threads);
	if ((size_t)n < len && it->batch > 1)
		n += snprintf(buf + n, len - (size_t)n, " batch %u", it->batch);
	if ((size_t)n < len && it->attrs) {
		char a[128];

		n += snprintf(buf + n, len - (size_t)n, " +%s",
			      attrs_join(&attr_names, it->attrs, "+", a, sizeof(a)));
	}
	if ((size_t)n < len && it->source)
		snprintf(buf + n, len - (size_t)n, " %s %s->%s", it->source,
			 it->exporter ? it->exporter : "-", it->importer ? it->importer : "-");
}
