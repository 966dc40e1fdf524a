// SPDX-License-Identifier: GPL-2.0
/*
 * p10 from samples.csv: results.json keeps p50/p90/p99 but the charts draw
 * a p10..p90 band.  The run writes an item's samples as one block
 * (sample_index 0, 1, ...) in the same order as results.json's rows, so a
 * block is matched to the next row with the same fields; rows without
 * samples are skipped over.
 */
#include "results/samples.h"

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct block {
	struct sample_log log;	/* the row's samples, in file order */
	struct rd_item *item;	/* the row the block belongs to, or NULL */
};

/* The CSV's first nine fields as results.c writes them for @it. */
static void csv_key(const struct rd_item *it, char *buf, size_t len)
{
	char entries[16] = "";

	if (it->entries)
		snprintf(entries, sizeof(entries), "%u", it->entries);
	snprintf(buf, len, "%s,%s,%s,%" PRIu64 ",%s,%u,%s,%s,%u",
		 it->test, it->kind ? it->kind : "", it->op, it->size,
		 it->dir_written ? it->dir_written : "", it->threads, entries,
		 it->cache ? it->cache : "", it->batch);
}

static void close_block(struct block *b)
{
	if (b->item && b->log.n) {
		stats_sort(b->log.v, b->log.n);
		b->item->p10 = stats_quantile(b->log.v, b->log.n, 0.10);
		if (!isfinite(b->item->stats.p25) || !isfinite(b->item->stats.p75)) {
			b->item->stats.p25 = stats_quantile(b->log.v, b->log.n, 0.25);
			b->item->stats.p75 = stats_quantile(b->log.v, b->log.n, 0.75);
		}
	}
	b->log.n = 0;
	b->item = NULL;
}

/* The next row at or after *@cursor whose fields are @key. */
static struct rd_item *next_row(struct rd_run *run, size_t *cursor, const char *key)
{
	char k[256];

	for (size_t i = *cursor; i < run->nitems; i++) {
		csv_key(&run->items[i], k, sizeof(k));
		if (!strcmp(k, key)) {
			*cursor = i + 1;
			return &run->items[i];
		}
	}
	return NULL;
}

/* Split "k1,...,k9,index,ns": the key is everything before the 9th comma. */
static int parse_line(char *line, char **key, unsigned long *index, double *ns)
{
	char *p = line, *end;
	int commas = 0;

	while (*p && commas < 9)
		if (*p++ == ',')
			commas++;
	if (commas < 9)
		return -1;
	p[-1] = '\0';
	*key = line;
	*index = strtoul(p, &end, 10);
	if (*end != ',')
		return -1;
	*ns = strtod(end + 1, &end);
	return end == p ? -1 : 0;
}

int rd_read_p10(struct rd_run *run, const char *path)
{
	FILE *f = fopen(path, "re");
	struct block b = { 0 };
	size_t cursor = 0, cap = 0;
	char *line = NULL, *key;
	unsigned long index;
	double ns;

	if (!f)
		return -1;
	while (getline(&line, &cap, f) > 0) {
		if (parse_line(line, &key, &index, &ns))
			continue;	/* the header, or a line cut short */
		if (index == 0) {
			close_block(&b);
			b.item = next_row(run, &cursor, key);
		}
		if (b.item && sample_log_push(&b.log, ns))
			break;
	}
	close_block(&b);
	sample_log_free(&b.log);
	free(line);
	fclose(f);
	run->has_p10 = true;
	return 0;
}
