// SPDX-License-Identifier: GPL-2.0
/* Combining repetitions into one results.json; see repeat.h. */
#include "results/repeat.h"

#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/errors.h"
#include "core/json.h"
#include "core/significance.h"
#include "results/query.h"

void repeat_folder(unsigned int i, char *buf, size_t len)
{
	snprintf(buf, len, "rep-%u", i);
}

/*
 * A repetition that ran to its end, even with failed measurements (their
 * rows are missing, the others valid), is combined; one stopped part-way
 * is not.  Files from before "finished" existed count only when complete.
 */
static bool rep_finished(const json_t *doc)
{
	return json_is_true(json_object_get(doc, "complete")) ||
	       json_is_true(json_object_get(doc, "finished"));
}

static json_t *num_or_null(double v)
{
	return isfinite(v) ? json_real(v) : json_null();
}

/* The repetitions being combined, read back so that rows pair up by key. */
struct combo {
	struct rd_run *runs;	/* the complete repetitions */
	const char **names;
	unsigned int *number;	/* 1-based repetition number of runs[i] */
	size_t n;
};

/* Index of the value nearest the median (first on ties): the typical rep. */
static size_t nearest(const double *v, size_t n, double median)
{
	size_t best = 0;

	for (size_t i = 1; i < n; i++)
		if (fabs(v[i] - median) < fabs(v[best] - median))
			best = i;
	return best;
}

/* "reps" of the row @key: every complete repetition's p50 of it. */
static json_t *reps_json(const struct combo *c, const char *key, size_t *from,
			 size_t *from_item)
{
	double *p50 = calloc(c->n, sizeof(*p50));
	size_t *who = calloc(c->n, sizeof(*who)), *idx = calloc(c->n, sizeof(*idx));
	json_t *vals = json_array(), *reps_of = json_array(), *o = NULL;
	struct rep_stats rs;
	size_t k = 0, typical;

	if (!p50 || !who || !idx || !vals || !reps_of)
		goto out;
	for (size_t r = 0; r < c->n; r++) {
		const struct rd_item *it = rd_find_key(&c->runs[r], key);

		if (!it || !isfinite(it->stats.p50))
			continue;
		p50[k] = it->stats.p50;
		who[k] = r;
		idx[k++] = (size_t)(it - c->runs[r].items);
	}
	if (!k || rep_stats_compute(p50, k, &rs))
		goto out;
	typical = nearest(p50, k, rs.median);
	*from = who[typical];
	*from_item = idx[typical];
	for (size_t i = 0; i < k; i++) {
		json_array_append_new(vals, json_real(p50[i]));
		json_array_append_new(reps_of, json_integer(c->number[who[i]]));
	}
	o = json_pack("{s:I, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:O, s:O, s:I}",
		      "n", (json_int_t)k, "median", num_or_null(rs.median),
		      "q25", num_or_null(rs.q25), "q75", num_or_null(rs.q75),
		      "iqr", num_or_null(rs.q75 - rs.q25),
		      "min", num_or_null(rs.min), "max", num_or_null(rs.max),
		      "rsd", num_or_null(rs.rsd), "p50s", vals, "rep", reps_of,
		      "stats_from", (json_int_t)c->number[who[typical]]);
out:
	json_decref(vals);
	json_decref(reps_of);
	free(p50);
	free(who);
	free(idx);
	return o;
}

/* One combined row: the typical repetition's row with "reps" beside it. */
static json_t *combined_item(const struct combo *c, size_t i)
{
	char key[256];
	size_t from = 0, from_item = i;
	json_t *reps, *row;

	rd_key(&c->runs[0].items[i], key, sizeof(key));
	reps = reps_json(c, key, &from, &from_item);
	if (!reps) {	/* no repetition has a p50 for it: keep the row as it is */
		row = json_deep_copy(json_array_get(json_object_get(c->runs[0].doc,
								    "results"), i));
		if (row)
			json_object_set_new(row, "reps", json_null());
		return row;
	}
	row = json_deep_copy(json_array_get(json_object_get(c->runs[from].doc,
							    "results"), from_item));
	if (!row || json_object_set_new(row, "reps", reps)) {
		json_decref(row);
		return NULL;
	}
	return row;
}

static json_t *repetitions_json(const struct combo *c, json_t *const *docs,
				const char *const *names, size_t n, unsigned int asked)
{
	json_t *folders = json_array(), *left = json_array();

	for (size_t r = 0; r < c->n; r++)
		json_array_append_new(folders, json_string(c->names[r]));
	for (size_t r = 0; r < n; r++) {
		const char *why;

		if (rep_finished(docs[r]))
			continue;
		why = json_string_value(json_object_get(docs[r], "why_incomplete"));
		json_array_append_new(left, json_pack("{s:s, s:s}", "folder", names[r],
						      "why", why ? why : "incomplete"));
	}
	return json_pack("{s:i, s:I, s:o, s:o, s:s}", "asked", (int)asked,
			 "combined", (json_int_t)c->n, "folders", folders,
			 "not_combined", left,
			 "figure", "per op, each repetition's p50; reps.median is their median");
}

static int read_reps(struct combo *c, json_t *const *docs, const char *const *names,
		     size_t n, char *err, size_t len)
{
	c->runs = calloc(n ? n : 1, sizeof(*c->runs));
	c->names = calloc(n ? n : 1, sizeof(*c->names));
	c->number = calloc(n ? n : 1, sizeof(*c->number));
	if (!c->runs || !c->names || !c->number)
		return fail_why(err, len, "out of memory");
	for (size_t r = 0; r < n; r++) {
		char why[512];
		unsigned int num = 0;

		if (!rep_finished(docs[r]))
			continue;
		if (rd_from_json(json_incref(docs[r]), names[r], &c->runs[c->n], why,
				 sizeof(why))) {
			rd_free(&c->runs[c->n]);
			return fail_why(err, len, "%s/results.json %s", names[r], why);
		}
		sscanf(names[r], "rep-%u", &num);
		c->number[c->n] = num ? num : (unsigned int)r + 1;
		c->names[c->n++] = names[r];
	}
	if (!c->n)
		return fail_why(err, len, "no repetition finished, so there is nothing to combine");
	return 0;
}

static void combo_free(struct combo *c)
{
	for (size_t r = 0; r < c->n; r++)
		rd_free(&c->runs[r]);
	free(c->runs);
	free(c->names);
	free(c->number);
}

/* Every combined repetition's failed measurements, each naming its folder. */
static json_t *combined_errors(const struct combo *c)
{
	json_t *all = json_array(), *e;
	size_t i;

	for (size_t r = 0; all && r < c->n; r++) {
		json_array_foreach(json_object_get(c->runs[r].doc, "errors"), i, e) {
			json_t *copy = json_deep_copy(e);
			const char *msg = json_string_value(json_object_get(e, "message"));
			char *text = NULL;

			if (!copy || asprintf(&text, "%s: %s", c->names[r], msg ? msg : "?") < 0 ||
			    json_object_set_new(copy, "message", json_string(text)) ||
			    json_array_append_new(all, copy)) {
				free(text);
				json_decref(all);
				return NULL;
			}
			free(text);
		}
	}
	return all;
}

static json_t *combine(const struct combo *c, json_t *const *docs,
		       const char *const *names, size_t n, unsigned int asked,
		       const char *why)
{
	json_t *doc = json_deep_copy(c->runs[0].doc), *items = json_array();
	json_t *last_end = json_object_get(c->runs[c->n - 1].doc, "end");
	json_t *errors = combined_errors(c);
	bool finished = !why && c->n == asked;
	bool complete = finished && errors && !json_array_size(errors);
	char failed[160];

	if (!doc || !items || !errors)
		goto fail;
	if (finished && !complete) {
		snprintf(failed, sizeof(failed),
			 "%zu measurement%s failed in the repetitions (see \"errors\")",
			 json_array_size(errors), json_array_size(errors) == 1 ? "" : "s");
		why = failed;
	}
	json_object_set_new(doc, "errors", errors);
	errors = NULL;
	json_object_set_new(doc, "finished", json_boolean(finished));
	for (size_t i = 0; i < c->runs[0].nitems; i++) {
		json_t *row = combined_item(c, i);

		if (!row || json_array_append_new(items, row))
			goto fail;
	}
	json_object_set_new(doc, "results", items);
	json_object_set_new(doc, "complete", json_boolean(complete));
	json_object_set_new(doc, "why_incomplete", complete ? json_null() :
			    json_string(why ? why : "some repetitions did not finish"));
	if (last_end)
		json_object_set(doc, "end", last_end);
	json_object_set_new(doc, "repetitions",
			    repetitions_json(c, docs, names, n, asked));
	return doc;
fail:
	json_decref(errors);
	json_decref(items);
	json_decref(doc);
	return NULL;
}

json_t *repeat_combine(json_t *const *docs, const char *const *names, size_t n,
		       unsigned int asked, const char *why, char *err, size_t len)
{
	struct combo c = { 0 };
	json_t *doc = NULL;

	if (!read_reps(&c, docs, names, n, err, len)) {
		doc = combine(&c, docs, names, n, asked, why);
		if (!doc)
			fail_why(err, len, "out of memory");
	}
	combo_free(&c);
	return doc;
}

int repeat_combine_dir(const char *out, unsigned int done, unsigned int asked,
		       const char *why, char *err, size_t len)
{
	json_t **docs = calloc(done ? done : 1, sizeof(*docs));
	char **names = calloc(done ? done : 1, sizeof(*names));
	char path[PATH_MAX], name[32];
	size_t n = 0;
	json_t *doc = NULL;
	int ret = -1;

	if (!docs || !names) {
		fail_why(err, len, "out of memory");
		goto out;
	}
	for (unsigned int i = 1; i <= done; i++) {
		json_error_t jerr;

		repeat_folder(i, name, sizeof(name));
		snprintf(path, sizeof(path), "%s/%s/results.json", out, name);
		if (access(path, F_OK))
			continue;	/* refused before writing anything */
		docs[n] = json_load_file(path, 0, &jerr);
		if (!docs[n]) {
			fail_why(err, len, "%s is not valid JSON (line %d: %s)", path,
				 jerr.line, jerr.text);
			goto out;
		}
		names[n++] = strdup(name);
		if (!names[n - 1]) {
			fail_why(err, len, "out of memory");
			goto out;
		}
	}
	doc = repeat_combine(docs, (const char *const *)names, n, asked, why, err, len);
	if (!doc)
		goto out;
	snprintf(path, sizeof(path), "%s/results.json", out);
	ret = json_save(path, doc);
	if (ret)
		fail_why(err, len, "cannot write %s: %s", path, strerror(-ret));
	ret = ret ? -1 : 0;
out:
	for (size_t i = 0; i < n; i++) {
		json_decref(docs[i]);
		free(names[i]);
	}
	free(docs);
	free(names);
	json_decref(doc);
	return ret;
}
