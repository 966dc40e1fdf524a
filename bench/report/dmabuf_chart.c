// SPDX-License-Identifier: GPL-2.0
/* The report's dma-buf charts; see dmabuf_chart.h. */
#include "report/dmabuf_chart.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/units.h"
#include "report/verdict_dmabuf.h"

#define SECTION		"Sharing a buffer (dma-buf)"
#define LOG_SPAN	10.0	/* figures spanning more than this: dots on a log axis */

/* A share's group: "platform -> edu", "udmabuf -> edu", "system heap -> edu". */
static void share_of(const struct rd_item *it, char *buf, size_t len)
{
	const char *from = it->exporter ? it->exporter :
			   it->source && !strcmp(it->source, "heap") ? "system heap" :
			   it->source ? it->source : "?";

	snprintf(buf, len, "%s -> %s", from, it->importer);
}

/* The colour's name: the exported kind, or for other code's memory its source. */
static const char *label_of(const struct rd_item *it)
{
	if (it->kind)
		return it->kind;
	return it->source && !strcmp(it->source, "heap") ? "system heap" :
	       it->source ? it->source : "?";
}

static bool is_row(const struct rd_item *it, const char *op)
{
	return !strcmp(it->test, "dmabuf") && it->op && !strcmp(it->op, op) &&
	       it->importer && it->batch == 1;
}

/* The shares and the largest size each has @op rows at, in any run. */
struct shares {
	struct names name;
	uint64_t size[MAX_NAMES];
};

static void shares_of(const struct chart_ctx *c, const char *op, struct shares *s)
{
	char g[64];

	memset(s, 0, sizeof(*s));
	for (size_t r = 0; r < c->nruns; r++)
		for (size_t i = 0; i < c->runs[r].nitems; i++) {
			const struct rd_item *it = &c->runs[r].items[i];
			size_t k;

			if (!is_row(it, op))
				continue;
			share_of(it, g, sizeof(g));
			k = cc_name_index(&s->name, g);
			if (it->size > s->size[k])
				s->size[k] = it->size;
		}
}

/* Every share at one size: its size; 0 when they differ (or there is none). */
static uint64_t one_size(const struct shares *s)
{
	for (size_t k = 1; k < s->name.n; k++)
		if (s->size[k] != s->size[0])
			return 0;
	return s->name.n ? s->size[0] : 0;
}

/*
 * "platform -> edu" or, shares at different sizes, "platform -> edu, 1 MiB";
 * comparing, the panels are narrow: "plat->edu".
 */
static void group_of(const struct chart_ctx *c, const struct shares *s, size_t k, char *buf,
		     size_t len)
{
	char sz[32], name[160], *arrow;

	snprintf(name, sizeof(name), "%s", s->name.v[k]);
	arrow = strstr(name, " -> ");
	if (c->nruns > 1 && arrow) {
		char from[64];

		snprintf(from, sizeof(from), "%.*s", (int)(arrow - name), name);
		snprintf(name, sizeof(name), "%s->%s", !strcmp(from, "platform") ? "plat" :
			 !strcmp(from, "system heap") ? "heap" : from,
			 !strcmp(s->name.v[k] + strlen(from) + 4, "platform") ? "plat" :
			 s->name.v[k] + strlen(from) + 4);
	}
	if (one_size(s))
		snprintf(buf, len, "%.60s", name);
	else
		snprintf(buf, len, "%.60s, %s", name, units_size(s->size[k], sz, sizeof(sz)));
}

/* @it's share's index in @s when @it is at that share's size, else -1. */
static long share_at_size(const struct shares *s, const struct rd_item *it)
{
	char g[64];

	share_of(it, g, sizeof(g));
	for (size_t k = 0; k < s->name.n; k++)
		if (!strcmp(s->name.v[k], g))
			return it->size == s->size[k] ? (long)k : -1;
	return -1;
}

/* ", 1 MiB buffers" / ", each share at its largest size (in its label)". */
static void size_words(const struct shares *s, char *buf, size_t len)
{
	char sz[32];
	uint64_t one = one_size(s);

	if (one)
		snprintf(buf, len, ", %s buffers", units_size(one, sz, sizeof(sz)));
	else
		snprintf(buf, len, ", each share at its largest size (in its label: "
			 "sizes differ, bars of different sizes)");
}

/* Dots on a log axis when the chart's figures span more than a decade. */
static bool spans_decades(const struct cat_chart *cat)
{
	double lo = INFINITY, hi = 0;

	for (size_t i = 0; i < cat->nitems; i++) {
		lo = fmin(lo, cat->item[i].v);
		hi = fmax(hi, cat->item[i].v);
	}
	return lo > 0 && hi / lo > LOG_SPAN;
}

/* The scale decided from the figures; the y label and note follow it. */
static void set_scale(struct chart_ctx *c, const char *what)
{
	struct chart_head *h = &c->cat->head;
	size_t n = strlen(h->note);

	c->cat->dots = spans_decades(c->cat);
	snprintf(h->ylabel, sizeof(h->ylabel), "%s (p50%s)", what,
		 c->cat->dots ? ", log scale" : "");
	snprintf(h->note + n, sizeof(h->note) - n, "%s%s", n ? "; " : "",
		 c->cat->dots ? "dots: figures spanning decades, log scale" :
		 "bars from zero");
}

static const char *tcg_caveat(const struct chart_ctx *c)
{
	return c->all_lab ? "Under QEMU/TCG the timings are emulated: which share maps or "
	       "syncs dearer is a shape (which DMA layer bounces, translates or walks the "
	       "pages), not a hardware figure." : NULL;
}

/* The importer's dma_buf_map_attachment, a bar per kind and direction per share. */
static int map_chart(struct chart_ctx *c, const struct shares *s)
{
	char sw[96], g[80];

	cc_new_cat(c, false, CU_NS);
	size_words(s, sw, sizeof(sw));
	cc_head(&c->cat->head, "dmabuf_map", "", "", "colour: kind or source; shade or point: direction", "lower is better",
		"What a share costs: dma_buf_map_attachment on the importer%s", sw);
	for (size_t r = 0; r < c->nruns; r++)
		for (size_t i = 0; i < c->runs[r].nitems; i++) {
			const struct rd_item *it = &c->runs[r].items[i], *fig;
			double lo, hi;
			enum chart_err_source src;
			long k;

			if (!is_row(it, "dmabuf_map") || (k = share_at_size(s, it)) < 0)
				continue;
			/* below 20x the floor, the batched figure (DESIGN's floor rule) */
			fig = rd_floor_aware(&c->runs[r], it);
			src = chart_error(fig, false, &lo, &hi);
			group_of(c, s, (size_t)k, g, sizeof(g));
			cc_dot(c, r, g, label_of(it), it->dir ? it->dir : "", fig->stats.p50, lo, hi,
			       src);
		}
	set_scale(c, "map time");
	return cc_finish_cat(c, SECTION, tcg_caveat(c));
}

/* p25 (@q 0) or p75 (@q 1) of @it, its p50 where not recorded. */
static double quartile(const struct rd_item *it, int q)
{
	double v = q ? it->stats.p75 : it->stats.p25;

	return isfinite(v) ? v : it->stats.p50;
}

/*
 * DMA_BUF_IOCTL_SYNC's bracket around a CPU access: sync_start + sync_end of
 * the same share, size and direction, their p50s and their quartiles summed.
 */
static int sync_chart(struct chart_ctx *c, const struct shares *s)
{
	char sw[96], g[80];

	cc_new_cat(c, false, CU_NS);
	size_words(s, sw, sizeof(sw));
	cc_head(&c->cat->head, "dmabuf_sync", "", "", "start + end summed, their quartiles too; "
		"colour: kind or source; shade or point: direction", "lower is better",
		"What a CPU access costs on a share: DMA_BUF_IOCTL_SYNC start + end%s", sw);
	for (size_t r = 0; r < c->nruns; r++)
		for (size_t i = 0; i < c->runs[r].nitems; i++) {
			const struct rd_item *st = &c->runs[r].items[i], *a, *b;
			struct rd_query q = { .test = "dmabuf", .op = "sync_end", .kind = st->kind,
					      .dir = st->dir, .size = st->size,
					      .exporter = st->exporter, .importer = st->importer,
					      .source = st->source };
			long k;

			if (!is_row(st, "sync_start") || (k = share_at_size(s, st)) < 0 ||
			    !(b = rd_find(&c->runs[r], &q)))
				continue;
			a = rd_floor_aware(&c->runs[r], st);
			b = rd_floor_aware(&c->runs[r], b);
			group_of(c, s, (size_t)k, g, sizeof(g));
			cc_dot(c, r, g, label_of(st), st->dir ? st->dir : "",
			       a->stats.p50 + b->stats.p50, quartile(a, 0) + quartile(b, 0),
			       quartile(a, 1) + quartile(b, 1), CE_IQR);
		}
	set_scale(c, "start + end");
	return cc_finish_cat(c, SECTION, tcg_caveat(c));
}

/* The first run whose dmabuf test said why it measured nothing, with that reason. */
static const char *skip_reason(const struct chart_ctx *c, struct dmabuf_rows *rows)
{
	for (size_t r = 0; r < c->nruns; r++) {
		dmabuf_rows_of(&c->runs[r], rows);
		if (rows->skipped && !rows->n)
			return rows->skip_why ? rows->skip_why : "the dmabuf test skipped every row";
	}
	return NULL;
}

/* No map rows: no chart, or (the test skipped everything) its reason in its place. */
static int not_measured(struct chart_ctx *c)
{
	struct dmabuf_rows *rows = malloc(sizeof(*rows));
	struct chart_head h;
	struct chart_entry *e;
	const char *why;
	int ret = 0;

	if (!rows) {
		snprintf(c->why, c->len, "out of memory");
		return -1;
	}
	why = skip_reason(c, rows);
	if (why) {
		cc_head(&h, "dmabuf_map", "", "", "", "lower is better", "What a share costs: "
			"dma_buf_map_attachment on the importer");
		e = cc_entry(c, &h, SECTION);
		ret = chart_draw_note(&h, why, c->dir, c->why, c->len);
		if (e) {
			e->drawn = ret == 0;
			e->artefact = ret == 0;
			snprintf(e->note, sizeof(e->note), "Not drawn: %s", why);
		}
	}
	free(rows);
	return ret < 0 ? -1 : 0;
}

int dmabuf_charts(struct chart_ctx *c)
{
	struct shares s;

	shares_of(c, "dmabuf_map", &s);
	if (!s.name.n)
		return not_measured(c);
	if (map_chart(c, &s))
		return -1;
	shares_of(c, "sync_start", &s);
	return s.name.n ? sync_chart(c, &s) : 0;
}
