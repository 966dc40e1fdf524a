/* SPDX-License-Identifier: GPL-2.0 */
/*
 * scripts/anchor's folder read back: anchor.json (map_benchmark's figures
 * and dmabench's, per setting) and each setting's dmabench results.json.
 * report/anchor_report.c renders it.
 */
#ifndef DMABENCH_RESULTS_ANCHOR_H
#define DMABENCH_RESULTS_ANCHOR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

enum { ANCHOR_MAP, ANCHOR_UNMAP, ANCHOR_OPS };

extern const char *const anchor_op_names[ANCHOR_OPS];	/* "map", "unmap" */

struct anchor_figures {
	double mean, sd;	/* ns */
};

struct anchor_op {
	struct anchor_figures mb;	/* map_benchmark (100 ns steps) */
	struct anchor_figures db;	/* dmabench as measured */
	struct anchor_figures floored;	/* dmabench floored the map_benchmark way */
	double db_p50, db_p99;	/* from SETTING/db/results.json; NAN without */
	double ratio;		/* dmabench / map_benchmark; NAN if that is 0 */
	double ratio_floored;	/* the judged one */
	bool resolves;		/* 100 ns is at most threshold x the mean */
	bool within;		/* |ratio_floored - 1| <= threshold */
};

struct anchor_setting {
	char name[64];		/* "1_16_to": the raw folder; "" when absent */
	char label[32];		/* "1:16:to", scripts/anchor's SETTING */
	char dir[8];
	unsigned int threads, granule;
	double seconds;		/* map_benchmark's -s; NAN when absent */
	long samples;		/* dmabench's pooled map samples */
	struct anchor_op op[ANCHOR_OPS];
};

struct anchor_doc {
	char kernel[64];
	double threshold;	/* 0.1 */
	size_t n;
	struct anchor_setting *s;
};

/* Does @dir hold an anchor.json (and no results.json, which wins)? */
bool anchor_is_dir(const char *dir);

/*
 * Check and read an anchor.json document (borrowed).  @path names the file
 * in the sentences.  0, or -1 with one sentence in @why ("PATH: setting 3
 * has no map_benchmark.map.mean_ns").
 */
int anchor_from_json(json_t *doc, const char *path, struct anchor_doc *a,
		     char *why, size_t len);

/* anchor_from_json() on @dir/anchor.json, plus each setting's p50/p99. */
int anchor_load(const char *dir, struct anchor_doc *a, char *why, size_t len);

void anchor_free(struct anchor_doc *a);

#endif /* DMABENCH_RESULTS_ANCHOR_H */
