// SPDX-License-Identifier: GPL-2.0
/* Reading a run back for the reports; see query.h. */
#include "results/query.h"

#include <inttypes.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/errors.h"
#include "core/names.h"
#include "results/results.h"
#include "results/samples.h"


static const char *opt_str(json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

/* null (a value the run could not compute) reads as NAN. */
static double opt_num(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);

	return json_is_number(v) ? json_number_value(v) : NAN;
}

static unsigned int opt_uint(json_t *o, const char *key, unsigned int dflt)
{
	json_t *v = json_object_get(o, key);

	if (!json_is_integer(v) || json_integer_value(v) < 0)
		return dflt;
	return (unsigned int)json_integer_value(v);
}

static void read_stats(json_t *o, struct stats *s)
{
	json_t *n = json_object_get(o, "n");

	s->n = json_is_integer(n) && json_integer_value(n) > 0 ?
	       (size_t)json_integer_value(n) : 0;
	s->min = opt_num(o, "min");
	s->p50 = opt_num(o, "p50");
	s->p90 = opt_num(o, "p90");
	s->p99 = opt_num(o, "p99");
	s->max = opt_num(o, "max");
	s->mean = opt_num(o, "mean");
	s->stddev = opt_num(o, "stddev");
	s->ci_low = opt_num(o, "ci_low");
	s->ci_high = opt_num(o, "ci_high");
	/* runs before the quartiles were recorded: samples.csv gives them */
	s->p25 = opt_num(o, "p25");
	s->p75 = opt_num(o, "p75");
}

/*
 * Early runs spelled some directions out ("to_device", "bidirectional");
 * the ABI's names (names.c) are the short ones.  One spelling lets runs of
 * either age be compared.
 */
static const char *short_dir(const char *dir)
{
	static const char *const longer[][2] = {
		{ "to_device", "to" }, { "from_device", "from" },
		{ "bidirectional", "bidi" },
	};

	for (size_t i = 0; dir && i < sizeof(longer) / sizeof(longer[0]); i++)
		if (!strcmp(dir, longer[i][0]))
			return longer[i][1];
	return dir;
}

/* One row; a sentence naming the row when it lacks what every row has. */
static int read_item(json_t *o, size_t i, struct rd_item *it,
		     char *why, size_t len)
{
	json_t *size = json_object_get(o, "size");
	json_t *stats = json_object_get(o, "stats");

	if (!json_is_object(o))
		return fail_why(why, len, "result %zu is not an object", i);
	it->test = opt_str(o, "test");
	it->op = opt_str(o, "op");
	if (!it->test || !it->op)
		return fail_why(why, len, "result %zu has no \"test\" or \"op\" name", i);
	if (!json_is_integer(size) || json_integer_value(size) < 0)
		return fail_why(why, len, "result %zu (%s %s) has no byte \"size\"",
			    i, it->test, it->op);
	/* null is a p50 the run could not compute (NAN); no p50 at all is damage */
	if (!json_is_object(stats) || !(json_is_number(json_object_get(stats, "p50")) ||
					json_is_null(json_object_get(stats, "p50"))))
		return fail_why(why, len, "result %zu (%s %s) has no \"stats\" with a p50",
			    i, it->test, it->op);
	it->kind = opt_str(o, "kind");
	it->dir_written = opt_str(o, "dir");
	it->dir = short_dir(it->dir_written);
	it->cache = opt_str(o, "cache");
	it->unit = opt_str(o, "unit");
	it->isa = opt_str(o, "isa");
	it->note = opt_str(o, "note");
	it->size = (uint64_t)json_integer_value(size);
	it->threads = opt_uint(o, "threads", 1);
	it->entries = opt_uint(o, "entries", 0);
	it->batch = opt_uint(o, "batch", 1);
	it->attrs = 0;
	if (json_is_array(json_object_get(o, "attrs"))) {
		size_t k;
		json_t *a;

		json_array_foreach(json_object_get(o, "attrs"), k, a)
			it->attrs |= attr_bit(json_string_value(a));
	}
	it->source = opt_str(o, "source");
	it->exporter = it->source ? opt_str(o, "exporter") : NULL;
	it->importer = it->source ? opt_str(o, "importer") : NULL;
	read_stats(stats, &it->stats);
	it->p10 = NAN;
	it->gbps = opt_num(o, "gbps");
	it->row = o;
	it->counters = json_is_object(json_object_get(o, "counters")) ?
		       json_object_get(o, "counters") : NULL;
	it->reps = json_is_object(json_object_get(o, "reps")) ?
		   json_object_get(o, "reps") : NULL;
	return 0;
}

static int check_schema(json_t *doc, char *why, size_t len)
{
	const char *schema;

	if (!json_is_object(doc))
		return fail_why(why, len, "is not a JSON object, so not a dmabench results file");
	schema = opt_str(doc, "schema");
	if (!schema)
		return fail_why(why, len, "has no \"schema\", so it is not a dmabench results file");
	if (strcmp(schema, RESULTS_SCHEMA))
		return fail_why(why, len, "has schema \"%s\"; this dmabench reads \"%s\" "
			    "(use the dmabench that wrote it)", schema, RESULTS_SCHEMA);
	if (!json_is_array(json_object_get(doc, "results")))
		return fail_why(why, len, "has no \"results\" list");
	return 0;
}

/* Rows with the same key get 0, 1, ... so compare can pair them up. */
static const char *op_key(const char *test, const char *kind, const char *op,
			  char *buf, size_t len)
{
	snprintf(buf, len, "%s %s %s", test, kind ? kind : "-", op);
	return buf;
}

/* Append row @i to the list under @key of @index. */
static int add_row(json_t *index, const char *key, size_t i)
{
	json_t *rows = json_object_get(index, key);

	if (!rows) {
		rows = json_array();
		if (json_object_set_new(index, key, rows))
			return -1;
	}
	return json_array_append_new(rows, json_integer((json_int_t)i));
}

/*
 * Number the rows that share a key (0, 1, ... in file order) and index
 * every row by its full key: one pass, two hash lookups a row (jansson's
 * objects are hash tables), so that lookups across runs cost O(1).
 */
static int index_items(struct rd_run *run)
{
	json_t *seen = json_object();
	char key[256];
	int ret = -1;

	run->index = json_object();
	run->first_op = json_object();
	run->by_op = json_object();
	if (!seen || !run->index || !run->first_op || !run->by_op)
		goto out;
	for (size_t i = 0; i < run->nitems; i++) {
		struct rd_item *it = &run->items[i];
		json_int_t before;

		it->occurrence = 0;
		rd_key(it, key, sizeof(key));
		before = json_integer_value(json_object_get(seen, key));
		if (json_object_set_new(seen, key, json_integer(before + 1)))
			goto out;
		it->occurrence = (unsigned int)before;
		rd_key(it, key, sizeof(key));
		if (json_object_set_new(run->index, key, json_integer((json_int_t)i)))
			goto out;
		if (it->test && it->op) {
			snprintf(key, sizeof(key), "%s %s", it->test, it->op);
			if (!json_object_get(run->first_op, key) &&
			    json_object_set_new(run->first_op, key, json_integer((json_int_t)i)))
				goto out;
			if (add_row(run->by_op, op_key(it->test, it->kind, it->op, key,
						       sizeof(key)), i))
				goto out;
		}
	}
	ret = 0;
out:
	json_decref(seen);
	return ret;
}

static void read_platform(struct rd_run *run)
{
	json_t *p = json_object_get(run->doc, "platform");
	json_t *floor = json_object_get(run->doc, "floor");
	const char *preset, *slash;

	if (!json_is_object(p)) {
		p = json_object();
		json_object_set_new(run->doc, "platform", p);
	}
	run->platform = p;
	run->info = json_object_get(p, "info");
	if (!json_is_object(run->info)) {
		run->info = json_object();
		json_object_set_new(p, "info", run->info);
	}
	run->has_floor = json_is_object(floor) &&
			 json_is_number(json_object_get(floor, "p50"));
	if (run->has_floor)
		read_stats(floor, &run->floor);
	run->complete = json_is_true(json_object_get(run->doc, "complete"));
	run->n_reps = opt_uint(json_object_get(run->doc, "repetitions"), "combined", 0);
	run->why_incomplete = opt_str(run->doc, "why_incomplete");
	preset = opt_str(p, "preset");
	slash = strrchr(run->dir, '/');
	run->label = strdup(preset ? preset : slash && slash[1] ? slash + 1 : run->dir);
}

int rd_from_json(json_t *doc, const char *dir, struct rd_run *run,
		 char *why, size_t len)
{
	json_t *results;

	memset(run, 0, sizeof(*run));
	run->doc = doc;
	run->dir = strdup(dir);
	if (check_schema(doc, why, len))
		return -1;
	results = json_object_get(doc, "results");
	run->nitems = json_array_size(results);
	run->items = calloc(run->nitems ? run->nitems : 1, sizeof(*run->items));
	if (!run->items || !run->dir)
		return fail_why(why, len, "out of memory");
	for (size_t i = 0; i < run->nitems; i++)
		if (read_item(json_array_get(results, i), i, &run->items[i], why, len))
			return -1;
	if (index_items(run))
		return fail_why(why, len, "out of memory");
	read_platform(run);
	for (size_t i = 0; i < run->nitems; i++) {
		const struct rd_item *f = rd_floor_aware(run, &run->items[i]);

		run->items[i].batched = f != &run->items[i] ? f : NULL;
	}
	return run->label ? 0 : fail_why(why, len, "out of memory");
}

static void prefix(char *why, size_t len, const char *path)
{
	char rest[512];

	snprintf(rest, sizeof(rest), "%s", why);
	snprintf(why, len, "%s %s", path, rest);
}

int rd_load(const char *dir, struct rd_run *run, char *why, size_t len)
{
	char path[PATH_MAX], csv[PATH_MAX];
	json_error_t jerr;
	json_t *doc;

	memset(run, 0, sizeof(*run));
	snprintf(path, sizeof(path), "%s/results.json", dir);
	snprintf(csv, sizeof(csv), "%s/samples.csv", dir);
	if (access(path, F_OK))
		return fail_why(why, len, "%s does not exist: is %s the folder of a "
			    "`dmabench run`?", path, dir);
	doc = json_load_file(path, 0, &jerr);
	if (!doc) {
		return fail_why(why, len, "%s is not valid JSON (line %d: %s): the file "
			    "is corrupt or not a dmabench results file",
			    path, jerr.line, jerr.text);
	}
	if (rd_from_json(doc, dir, run, why, len)) {
		prefix(why, len, path);
		return -1;
	}
	rd_read_p10(run, csv);
	return 0;
}

void rd_free(struct rd_run *run)
{
	json_decref(run->index);
	json_decref(run->first_op);
	json_decref(run->by_op);
	json_decref(run->doc);
	free(run->items);
	free(run->dir);
	free(run->label);
	memset(run, 0, sizeof(*run));
}

static const char *or_dash(const char *s)
{
	return s ? s : "-";
}

void rd_key(const struct rd_item *it, char *buf, size_t len)
{
	char attrs[192] = "";

	/* Only rows with DMA attributes carry them: every other key stays as it was. */
	if (it->attrs) {
		attrs[0] = '/';
		attrs_join(&attr_names, it->attrs, "+", attrs + 1, sizeof(attrs) - 1);
	}
	/* Likewise a share's identity: different shares never pair across runs. */
	if (it->source) {
		size_t n = strlen(attrs);

		snprintf(attrs + n, sizeof(attrs) - n, "/%s:%s>%s", it->source,
			 or_dash(it->exporter), or_dash(it->importer));
	}
	/* Batch sizes are calibrated per run: "batched" pairs them across runs. */
	snprintf(buf, len, "%s/%s/%s/%" PRIu64 "/%s/t%u/e%u/%s/%s%s#%u",
		 it->test, or_dash(it->kind), it->op, it->size, or_dash(it->dir),
		 it->threads, it->entries, or_dash(it->cache),
		 it->batch == 1 ? "b1" : "batched", attrs, it->occurrence);
}

const struct rd_item *rd_find_key(const struct rd_run *run, const char *key)
{
	json_t *i = json_object_get(run->index, key);

	return i ? &run->items[json_integer_value(i)] : NULL;
}

long rd_first_op(const struct rd_run *run, const char *test, const char *op)
{
	char key[256];
	json_t *i;

	if (!test || !op)
		return -1;
	snprintf(key, sizeof(key), "%s %s", test, op);
	i = json_object_get(run->first_op, key);
	return i ? (long)json_integer_value(i) : -1;
}

static bool str_match(const char *want, const char *have)
{
	return !want || (have && !strcmp(want, have));
}

/* Both NULL, or the same string. */
static bool str_same(const char *a, const char *b)
{
	return a == b || (a && b && !strcmp(a, b));
}

static bool matches(const struct rd_item *it, const struct rd_query *q)
{
	return str_match(q->test, it->test) && str_match(q->kind, it->kind) &&
	       str_match(q->op, it->op) && str_match(q->dir, it->dir) &&
	       str_match(q->cache, it->cache) &&
	       (!q->size || q->size == it->size) &&
	       (!q->entries || q->entries == it->entries) &&
	       (!q->threads || q->threads == it->threads) && q->attrs == it->attrs &&
	       str_same(q->source, it->source) && str_same(q->exporter, it->exporter) &&
	       str_same(q->importer, it->importer);
}

/*
 * A query naming its test, kind and op reads only those rows (by_op, in
 * file order); any other scans them all.  Either way the first per-op row
 * matching wins, else the first batched one.
 */
const struct rd_item *rd_find(const struct rd_run *run, const struct rd_query *q)
{
	const struct rd_item *any = NULL;
	json_t *rows = NULL;
	size_t n = run->nitems;
	char key[256];

	if (q->test && q->kind && q->op) {
		rows = json_object_get(run->by_op, op_key(q->test, q->kind, q->op,
							  key, sizeof(key)));
		if (!rows)
			return NULL;
		n = json_array_size(rows);
	}
	for (size_t r = 0; r < n; r++) {
		size_t i = rows ? (size_t)json_integer_value(json_array_get(rows, r)) : r;

		if (!matches(&run->items[i], q))
			continue;
		if (run->items[i].batch == 1)
			return &run->items[i];
		if (!any)
			any = &run->items[i];
	}
	return any;
}

bool rd_floor_bound(const struct rd_run *run, const struct rd_item *it)
{
	return it && it->batch == 1 && run->has_floor && run->floor.p50 > 0 &&
	       isfinite(it->stats.p50) &&
	       it->stats.p50 < RD_FLOOR_FACTOR * run->floor.p50;
}

const struct rd_item *rd_floor_aware(const struct rd_run *run, const struct rd_item *it)
{
	struct rd_item twin;
	const struct rd_item *b;
	char key[256];

	if (!rd_floor_bound(run, it))
		return it;
	twin = *it;
	twin.batch = 2;		/* any batch > 1 keys as "batched" */
	rd_key(&twin, key, sizeof(key));
	b = rd_find_key(run, key);
	return b && isfinite(b->stats.p50) ? b : it;
}

const struct rd_item *rd_find_figure(const struct rd_run *run,
				     const struct rd_query *q)
{
	return rd_floor_aware(run, rd_find(run, q));
}

/* The per-repetition medians of a row (its "reps" object, results/repeat.c), or NULL. */
static json_t *rep_medians(const struct rd_item *it)
{
	json_t *reps = json_object_get(it->row, "reps");
	json_t *m = json_is_object(reps) ? json_object_get(reps, "p50s") : NULL;

	return json_is_array(m) && json_array_size(m) >= 2 ? m : NULL;
}

static struct rd_spread across_reps(json_t *medians)
{
	struct rd_spread s = { .rel = NAN, .source = RD_SPREAD_REPS };
	size_t n = json_array_size(medians), k = 0;
	double v[64], mid, lo, hi;

	for (size_t i = 0; i < n && k < sizeof(v) / sizeof(v[0]); i++)
		if (json_is_number(json_array_get(medians, i)))
			v[k++] = json_number_value(json_array_get(medians, i));
	if (k < 2)
		return (struct rd_spread){ .rel = NAN };
	stats_sort(v, k);
	mid = stats_quantile(v, k, 0.5);
	lo = k >= 5 ? stats_quantile(v, k, 0.25) : v[0];
	hi = k >= 5 ? stats_quantile(v, k, 0.75) : v[k - 1];
	s.rel = mid > 0 ? (hi - lo) / mid : NAN;
	s.reps = (unsigned int)k;
	return s;
}

struct rd_spread rd_spread_of(const struct rd_item *it)
{
	struct rd_spread s = { .rel = NAN, .source = RD_SPREAD_NONE };
	json_t *medians = it && it->row ? rep_medians(it) : NULL;

	if (medians) {
		s = across_reps(medians);
		if (isfinite(s.rel))
			return s;
	}
	if (it && isfinite(it->stats.p25) && isfinite(it->stats.p75) &&
	    it->stats.p50 > 0) {
		s.rel = (it->stats.p75 - it->stats.p25) / it->stats.p50;
		s.source = RD_SPREAD_WITHIN;
		s.reps = 0;
	}
	return s;
}

/* A spread not recorded counts as none in a sum or a comparison. */
static double rel_or_zero(struct rd_spread s)
{
	return isfinite(s.rel) && s.rel > 0 ? s.rel : 0;
}

struct rd_spread rd_spread_pair(struct rd_spread sa, struct rd_spread sb, double rel)
{
	struct rd_spread s = { .rel = rel, .source = RD_SPREAD_NONE };

	if (sa.source == RD_SPREAD_REPS && sb.source == RD_SPREAD_REPS) {
		s.source = RD_SPREAD_REPS;
		s.reps = sa.reps < sb.reps ? sa.reps : sb.reps;
	} else if (sa.source != RD_SPREAD_NONE || sb.source != RD_SPREAD_NONE) {
		s.source = RD_SPREAD_WITHIN;
	}
	return s;
}

struct rd_spread rd_spread_sum(double a, struct rd_spread sa, double b, struct rd_spread sb)
{
	double da = rel_or_zero(sa) * a, db = rel_or_zero(sb) * b;
	double sum = a + b;

	return rd_spread_pair(sa, sb, sum > 0 ? sqrt(da * da + db * db) / sum : NAN);
}

static double or_value(double v, double dflt)
{
	return isfinite(v) ? v : dflt;
}

/* @there's batched "THERE+BACK" row (same key but op and batch), or NULL. */
static const struct rd_item *batched_pair(const struct rd_run *run, const struct rd_item *there,
					  const struct rd_item *back)
{
	struct rd_item twin = *there;
	const struct rd_item *b;
	char op[128], key[256];

	if ((size_t)snprintf(op, sizeof(op), "%s+%s", there->op, back->op) >= sizeof(op))
		return NULL;
	twin.op = op;
	twin.batch = 2;		/* any batch > 1 keys as "batched" */
	rd_key(&twin, key, sizeof(key));
	b = rd_find_key(run, key);
	return b && b->batch > 1 && isfinite(b->stats.p50) && b->stats.p50 > 0 ? b : NULL;
}

bool rd_round_trip(const struct rd_run *run, const struct rd_item *there,
		   const struct rd_item *back, struct rd_trip *out)
{
	const struct rd_item *b = NULL;

	*out = (struct rd_trip){ .ns = NAN, .lo = NAN, .hi = NAN, .spread = { .rel = NAN } };
	if (!there || !back || !isfinite(there->stats.p50) || !isfinite(back->stats.p50))
		return false;
	if (rd_floor_bound(run, there) || rd_floor_bound(run, back))
		b = batched_pair(run, there, back);
	if (b) {
		out->ns = b->stats.p50;
		out->lo = or_value(b->stats.p25, b->stats.p50);
		out->hi = or_value(b->stats.p75, b->stats.p50);
		out->spread = rd_spread_of(b);
		out->n = b->stats.n;
		out->batched = b;
		return true;
	}
	out->ns = there->stats.p50 + back->stats.p50;
	out->lo = or_value(there->stats.p25, there->stats.p50) +
		  or_value(back->stats.p25, back->stats.p50);
	out->hi = or_value(there->stats.p75, there->stats.p50) +
		  or_value(back->stats.p75, back->stats.p50);
	out->spread = rd_spread_sum(there->stats.p50, rd_spread_of(there), back->stats.p50,
				    rd_spread_of(back));
	out->n = there->stats.n < back->stats.n ? there->stats.n : back->stats.n;
	return out->ns > 0;
}

uint64_t rd_llc_bytes(const struct rd_run *run, const char **level)
{
	static const char *const keys[][2] = {
		{ "l3", "L3" }, { "l2", "L2" }, { "l1d", "L1d" },
	};
	json_t *caches = json_object_get(json_object_get(run->platform, "topology"), "caches");

	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		json_t *v = json_object_get(caches, keys[i][0]);

		if (json_is_integer(v) && json_integer_value(v) > 0) {
			if (level)
				*level = keys[i][1];
			return (uint64_t)json_integer_value(v);
		}
	}
	if (level)
		*level = "?";
	return 0;
}

bool rd_memory_bound(const struct rd_run *run, uint64_t size)
{
	uint64_t llc = rd_llc_bytes(run, NULL);

	return llc && size >= 4 * llc;
}

int rd_streaming_coherent(const struct rd_run *run)
{
	json_t *v = json_object_get(run->info, "streaming_coherent");

	return json_is_boolean(v) ? json_is_true(v) : -1;
}

size_t rd_rep_values(const struct rd_item *it, double *out, size_t max)
{
	json_t *p50s = it->reps ? json_object_get(it->reps, "p50s") : NULL;
	size_t n = 0;

	for (size_t i = 0; i < json_array_size(p50s) && n < max; i++) {
		json_t *v = json_array_get(p50s, i);

		if (json_is_number(v) && isfinite(json_number_value(v)))
			out[n++] = json_number_value(v);
	}
	return n;
}

const char *rd_str(json_t *o, const char *key)
{
	const char *s = opt_str(o, key);

	return s ? s : "?";
}

const char *rd_platform_str(const struct rd_run *run, const char *key)
{
	const char *s = opt_str(run->info, key);

	if (!s)
		s = opt_str(run->platform, key);
	return s ? s : "?";
}

/* The run's folder name (DATE-HOST-PLATFORM): a page people paste keeps no local paths. */
void rd_folder_name(const char *dir, char *buf, size_t len)
{
	size_t n = strlen(dir);
	const char *end, *start;

	while (n > 1 && dir[n - 1] == '/')
		n--;
	end = dir + n;
	start = end;
	while (start > dir && start[-1] != '/')
		start--;
	if (start == end)	/* "/": nothing better to name */
		snprintf(buf, len, "%s", dir);
	else
		snprintf(buf, len, "%.*s", (int)(end - start), start);
}
