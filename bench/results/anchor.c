// SPDX-License-Identifier: GPL-2.0
/* Reading and checking anchor.json; see anchor_report.h. */
#include "results/anchor.h"

#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/errors.h"
#include "results/query.h"

const char *const anchor_op_names[ANCHOR_OPS] = { "map", "unmap" };

/* map_benchmark's unit: every sample is floored to it before summing. */
#define MB_UNIT_NS	100.0


static bool exists(const char *dir, const char *name)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	return access(path, F_OK) == 0;
}

bool anchor_is_dir(const char *dir)
{
	return exists(dir, "anchor.json") && !exists(dir, "results.json");
}

/* Where a sentence about setting @i (1-based, as a reader counts) points. */
struct where {
	const char *path;
	size_t i;
	char *why;
	size_t len;
};

/* @o's member at dotted @key ("map_benchmark.map.mean_ns"), or NULL. */
static json_t *dig(json_t *o, const char *key)
{
	char part[64];

	while (o && *key) {
		size_t n = strcspn(key, ".");

		if (n >= sizeof(part))
			return NULL;
		memcpy(part, key, n);
		part[n] = '\0';
		o = json_object_get(o, part);
		key += n + (key[n] == '.');
	}
	return o;
}

/* A finite number >= 0 at @key of setting @s. */
static int need_num(json_t *s, const char *key, const struct where *w, double *out)
{
	json_t *v = dig(s, key);

	if (!v || json_is_null(v))
		return fail_why(w->why, w->len, "%s: setting %zu has no %s", w->path, w->i, key);
	if (!json_is_number(v) || !isfinite(json_number_value(v)) ||
	    json_number_value(v) < 0)
		return fail_why(w->why, w->len, "%s: setting %zu's %s is not a number >= 0",
			    w->path, w->i, key);
	*out = json_number_value(v);
	return 0;
}

/* A whole number >= 1 at @key (threads, granule). */
static int need_count(json_t *s, const char *key, const struct where *w,
		      unsigned int *out)
{
	json_t *v = json_object_get(s, key);

	if (!v)
		return fail_why(w->why, w->len, "%s: setting %zu has no %s", w->path, w->i, key);
	if (!json_is_integer(v) || json_integer_value(v) < 1 ||
	    json_integer_value(v) > 1 << 20)
		return fail_why(w->why, w->len, "%s: setting %zu's %s is not a whole number >= 1",
			    w->path, w->i, key);
	*out = (unsigned int)json_integer_value(v);
	return 0;
}

static int read_dir(json_t *s, const struct where *w, char *out, size_t n)
{
	const char *dir = json_string_value(json_object_get(s, "dir"));

	if (!json_object_get(s, "dir"))
		return fail_why(w->why, w->len, "%s: setting %zu has no dir", w->path, w->i);
	if (!dir || (strcmp(dir, "to") && strcmp(dir, "from") && strcmp(dir, "bidi")))
		return fail_why(w->why, w->len, "%s: setting %zu's dir is not \"to\", \"from\" "
			    "or \"bidi\"", w->path, w->i);
	snprintf(out, n, "%s", dir);
	return 0;
}

/* One tool's mean and stddev for @op: "<tool>.<op>.mean_ns", ... */
static int read_figures(json_t *s, const char *prefix, const struct where *w,
			struct anchor_figures *f)
{
	char key[96];

	snprintf(key, sizeof(key), "%s.mean_ns", prefix);
	if (need_num(s, key, w, &f->mean))
		return -1;
	snprintf(key, sizeof(key), "%s.stddev_ns", prefix);
	return need_num(s, key, w, &f->sd);
}

/* The ratios and the judgement, recomputed from the means. */
static void judge(struct anchor_op *op, double threshold)
{
	bool has = op->mb.mean > 0;

	op->ratio = has ? op->db.mean / op->mb.mean : NAN;
	op->ratio_floored = has ? op->floored.mean / op->mb.mean : NAN;
	op->resolves = MB_UNIT_NS <= threshold * op->mb.mean;
	op->within = has && fabs(op->ratio_floored - 1) <= threshold + 1e-12;
	op->db_p50 = op->db_p99 = NAN;
}

static int read_op(json_t *s, int o, const struct where *w, double threshold,
		   struct anchor_op *op)
{
	const char *name = anchor_op_names[o];
	char key[96];

	snprintf(key, sizeof(key), "map_benchmark.%s", name);
	if (read_figures(s, key, w, &op->mb))
		return -1;
	snprintf(key, sizeof(key), "dmabench.%s", name);
	if (read_figures(s, key, w, &op->db))
		return -1;
	snprintf(key, sizeof(key), "dmabench.%s.floored_100ns", name);
	if (read_figures(s, key, w, &op->floored))
		return -1;
	judge(op, threshold);
	return 0;
}

static int read_setting(json_t *s, const struct where *w, double threshold,
			struct anchor_setting *out)
{
	const char *name = json_string_value(json_object_get(s, "setting"));
	json_t *secs = dig(s, "map_benchmark.seconds");
	double samples = NAN;

	if (!json_is_object(s))
		return fail_why(w->why, w->len, "%s: setting %zu is not an object", w->path, w->i);
	if (need_count(s, "threads", w, &out->threads) ||
	    need_count(s, "granule", w, &out->granule) ||
	    read_dir(s, w, out->dir, sizeof(out->dir)))
		return -1;
	for (int o = 0; o < ANCHOR_OPS; o++)
		if (read_op(s, o, w, threshold, &out->op[o]))
			return -1;
	if (json_object_get(s, "dmabench") &&
	    need_num(s, "dmabench.map.samples", w, &samples))
		return -1;
	out->samples = (long)samples;
	out->seconds = json_is_number(secs) ? json_number_value(secs) : NAN;
	/* The name is a folder of the anchor run: keep it to one path part. */
	snprintf(out->name, sizeof(out->name), "%s",
		 name && !strchr(name, '/') && strcmp(name, "..") ? name : "");
	snprintf(out->label, sizeof(out->label), "%u:%u:%s", out->threads,
		 out->granule, out->dir);
	return 0;
}

static int read_threshold(json_t *doc, const char *path, double *t, char *why,
			  size_t len)
{
	json_t *v = json_object_get(doc, "agreement_threshold");

	*t = 0.1;	/* the 10 %, combine.py's AGREEMENT */
	if (!v)
		return 0;
	if (!json_is_number(v) || !(json_number_value(v) > 0 && json_number_value(v) < 1))
		return fail_why(why, len, "%s: agreement_threshold is not a fraction between "
			    "0 and 1", path);
	*t = json_number_value(v);
	return 0;
}

int anchor_from_json(json_t *doc, const char *path, struct anchor_doc *a,
		     char *why, size_t len)
{
	json_t *list = json_object_get(doc, "settings");
	const char *kernel = json_string_value(json_object_get(doc, "kernel"));

	memset(a, 0, sizeof(*a));
	if (!json_is_object(doc))
		return fail_why(why, len, "%s is not a JSON object", path);
	if (!json_is_array(list) || !json_array_size(list))
		return fail_why(why, len, "%s has no settings (a non-empty list \"settings\")",
			    path);
	if (read_threshold(doc, path, &a->threshold, why, len))
		return -1;
	snprintf(a->kernel, sizeof(a->kernel), "%s", kernel ? kernel : "unknown");
	a->s = calloc(json_array_size(list), sizeof(*a->s));
	if (!a->s)
		return fail_why(why, len, "out of memory");
	for (size_t i = 0; i < json_array_size(list); i++) {
		struct where w = { path, i + 1, why, len };

		if (read_setting(json_array_get(list, i), &w, a->threshold, &a->s[i])) {
			anchor_free(a);
			return -1;
		}
		a->n++;
	}
	return 0;
}

/*
 * The medians and p99s are not in anchor.json; dmabench's own results for
 * each setting (SETTING/db/results.json, shipped) have them.  Optional:
 * without them the report just says less.
 */
static void read_percentiles(const char *dir, struct anchor_setting *s)
{
	char db[PATH_MAX], why[256];
	struct rd_run run;

	if (!s->name[0])
		return;
	snprintf(db, sizeof(db), "%s/%s/db", dir, s->name);
	if (access(db, F_OK))
		return;
	if (rd_load(db, &run, why, sizeof(why))) {
		rd_free(&run);
		return;
	}
	for (int o = 0; o < ANCHOR_OPS; o++) {
		struct rd_query q = { .test = "map_scaling", .op = anchor_op_names[o],
				      .dir = s->dir, .threads = s->threads };
		const struct rd_item *it = rd_find(&run, &q);

		if (it) {
			s->op[o].db_p50 = it->stats.p50;
			s->op[o].db_p99 = it->stats.p99;
		}
	}
	rd_free(&run);
}

int anchor_load(const char *dir, struct anchor_doc *a, char *why, size_t len)
{
	char path[PATH_MAX];
	json_error_t jerr;
	json_t *doc;
	int ret;

	memset(a, 0, sizeof(*a));
	snprintf(path, sizeof(path), "%s/anchor.json", dir);
	if (access(path, F_OK))
		return fail_why(why, len, "%s does not exist: is %s the folder of "
			    "scripts/anchor?", path, dir);
	doc = json_load_file(path, 0, &jerr);
	if (!doc)
		return fail_why(why, len, "%s is not valid JSON (line %d: %s)", path,
			    jerr.line, jerr.text);
	ret = anchor_from_json(doc, path, a, why, len);
	json_decref(doc);
	for (size_t i = 0; !ret && i < a->n; i++)
		read_percentiles(dir, &a->s[i]);
	return ret;
}

void anchor_free(struct anchor_doc *a)
{
	free(a->s);
	a->s = NULL;
	a->n = 0;
}
