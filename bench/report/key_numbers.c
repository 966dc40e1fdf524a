// SPDX-License-Identifier: GPL-2.0
/* The key-numbers table; see key_numbers.h. */
#include "report/key_numbers.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "core/units.h"
#include "report/fmt.h"
#include "report/noise.h"

#define KN_MAX_KINDS	8
#define KN_CELL		64
#define KN_NOTE		160

enum kn_how {
	KN_TIME,	/* the item's p50 */
	KN_PAIR,	/* op + op2 (alloc + free) */
	KN_VS_COH,	/* p50, and its ratio to the coherent kind's */
	KN_PER_PAGE,	/* the largest switch to the kind's caching, per page */
	KN_GBPS,	/* bandwidth at the largest size */
};

struct kn_row {
	const char *label;
	enum kn_how how;
	const char *test, *op, *op2, *dir, *cache;
	uint64_t size;
	unsigned int entries;
	const char *chart;
	bool syncs_only;	/* coherent needs none: say so */
};

static const struct kn_row rows[] = {
	{ "sync for the device, 4 KiB", KN_TIME, "sync", "sync_for_device", NULL, "to",
	  "hot", 4096, 0, "sync_sync_for_device", true },
	{ "sync for the CPU, 4 KiB", KN_TIME, "sync", "sync_for_cpu", NULL, "from",
	  "hot", 4096, 0, "sync_sync_for_cpu", true },
	{ "sync for the device, 64 KiB", KN_TIME, "sync", "sync_for_device", NULL, "to",
	  "hot", 65536, 0, "sync_sync_for_device", true },
	{ "sync for the CPU, 64 KiB", KN_TIME, "sync", "sync_for_cpu", NULL, "from",
	  "hot", 65536, 0, "sync_sync_for_cpu", true },
	{ "sync for the device, 1 MiB", KN_TIME, "sync", "sync_for_device", NULL, "to",
	  "hot", 1048576, 0, "sync_sync_for_device", true },
	{ "sync for the CPU, 1 MiB", KN_TIME, "sync", "sync_for_cpu", NULL, "from",
	  "hot", 1048576, 0, "sync_sync_for_cpu", true },
	{ "map + unmap, 64 KiB in 1 entry", KN_TIME, "map_sg", "map+unmap", NULL, "to",
	  NULL, 65536, 1, "latency_map_sg_map", false },
	{ "round trip, 64 KiB (fill, syncs, read)", KN_VS_COH, "transfer", "total", NULL,
	  NULL, NULL, 65536, 0, "latency_transfer_total", false },
	{ "device round trip, host side, 4095 B", KN_VS_COH, "device_transfer", "host_side",
	  NULL, "to", NULL, 4095, 0, "latency_device_transfer_host_side", false },
	{ "alloc + free, 64 KiB", KN_PAIR, "alloc_free", "alloc", "free", NULL, NULL,
	  65536, 0, "latency_alloc_free_alloc", false },
	{ "caching switch, per page", KN_PER_PAGE, "caching", NULL, NULL, NULL, NULL, 0, 0,
	  "caching_transition", false },
	{ "user-mapping read (GB/s)", KN_GBPS, "user_access", "read", NULL, NULL, NULL, 0, 0,
	  "bandwidth_user", false },
	{ "user-mapping write (GB/s)", KN_GBPS, "user_access", "write", NULL, NULL, NULL, 0,
	  0, "bandwidth_user", false },
};

#define KN_ROWS	(sizeof(rows) / sizeof(rows[0]))

struct kn_cell {
	char text[KN_CELL], note[KN_NOTE];
};

/* The run's kinds (platform.info.kinds), else those the DESIGN names. */
static size_t kinds_of(const struct rd_run *run, const char **out)
{
	static const char *const dflt[] = { "coherent", "streaming", "wc", "uc",
					    "noncoherent" };
	json_t *list = json_object_get(run->info, "kinds"), *k;
	size_t i, n = 0;

	json_array_foreach(list, i, k)
		if (json_string_value(k) && n < KN_MAX_KINDS)
			out[n++] = json_string_value(k);
	for (i = 0; !n && i < sizeof(dflt) / sizeof(dflt[0]); i++)
		out[i] = dflt[i];
	return n ? n : sizeof(dflt) / sizeof(dflt[0]);
}

/* A relative spread as a short percentage: "0.8", "12". */
static const char *pct_words(double rel, char *buf, size_t len)
{
	double pct = 100 * rel;

	snprintf(buf, len, pct < 10 ? "%.1f" : "%.0f", pct);
	return buf;
}

/*
 * "n 133, IQR 8.2 %" / "5 reps, IQR 3.1 %" / "n 5, CI ±12 %", "x51, " in
 * front of a batched figure: the spread noise.h compares with, or where
 * none was recorded the p50's 95 % interval, so that every figure shows
 * how far it can be trusted.
 */
static void noise_words(const struct rd_item *it, struct rd_spread s, char *buf, size_t len)
{
	double half = (it->stats.ci_high - it->stats.ci_low) / 2 / it->stats.p50;
	char pct[32];
	size_t used = 0;

	buf[0] = '\0';
	if (it->batch > 1)
		used = snprintf(buf, len, "x%u, ", it->batch);
	if (used >= len)
		return;
	if (s.source == RD_SPREAD_REPS)
		snprintf(buf + used, len - used, "%u reps, %s %s %%", s.reps,
			 s.reps >= 5 ? "IQR" : "range", pct_words(s.rel, pct, sizeof(pct)));
	else if (s.source == RD_SPREAD_WITHIN && isfinite(s.rel))
		snprintf(buf + used, len - used, "n %zu, IQR %s %%", it->stats.n,
			 pct_words(s.rel, pct, sizeof(pct)));
	else if (isfinite(half))
		snprintf(buf + used, len - used, "n %zu, CI ±%s %%", it->stats.n,
			 pct_words(half, pct, sizeof(pct)));
	else
		snprintf(buf + used, len - used, "n %zu, no spread", it->stats.n);
}

static const struct rd_item *find(const struct rd_run *run, const struct kn_row *r,
				  const char *kind, const char *op)
{
	struct rd_query q = { .test = r->test, .kind = kind, .op = op, .dir = r->dir,
			      .cache = r->cache, .size = r->size, .entries = r->entries };

	return rd_find_figure(run, &q);
}

/* The row of @kind's @op with the largest size (and a bandwidth if @gbps). */
static const struct rd_item *largest(const struct rd_run *run, const char *test,
				     const char *kind, const char *op, bool gbps)
{
	const struct rd_item *best = NULL;

	for (size_t i = 0; i < run->nitems; i++) {
		const struct rd_item *x = &run->items[i];

		if (strcmp(x->test, test) || !x->kind || strcmp(x->kind, kind) ||
		    strcmp(x->op, op) || x->batch != 1 || (gbps && !(x->gbps > 0)))
			continue;
		if (!best || x->size > best->size)
			best = x;
	}
	return best;
}

static void time_cell(const struct rd_item *it, struct kn_cell *c)
{
	fmt_ns(it->stats.p50, c->text, sizeof(c->text));
	noise_words(it, rd_spread_of(it), c->note, sizeof(c->note));
}

static void pair_cell(const struct rd_run *run, const struct kn_row *r, const char *kind,
		      struct kn_cell *c)
{
	const struct rd_item *a = find(run, r, kind, r->op), *b = find(run, r, kind, r->op2);
	struct rd_spread s;

	if (!a || !b)
		return;
	s = rd_spread_sum(a->stats.p50, rd_spread_of(a), b->stats.p50, rd_spread_of(b));
	fmt_ns(a->stats.p50 + b->stats.p50, c->text, sizeof(c->text));
	noise_words(a->stats.n <= b->stats.n ? a : b, s, c->note, sizeof(c->note));
}

/* "x0.955 coherent" after the noise, or "x1.50 coherent, outside the noise". */
static void vs_coherent(const struct rd_run *run, const struct kn_row *r,
			const struct rd_item *it, struct kn_cell *c)
{
	const struct rd_item *coh = find(run, r, "coherent", r->op);
	struct noise_cmp cmp;
	char x[32];
	size_t used = strlen(c->note);

	if (!coh || coh == it || used + 1 >= sizeof(c->note))
		return;
	noise_compare_items(it, coh, &cmp);
	snprintf(c->note + used, sizeof(c->note) - used, "; x%s coherent%s",
		 fmt_num(it->stats.p50 / coh->stats.p50, x, sizeof(x)),
		 cmp.sign ? "" : ", within noise");
}

static const char *switch_op(const char *kind)
{
	return !strcmp(kind, "wc") ? "set_wc" : !strcmp(kind, "uc") ? "set_uc" : NULL;
}

static void per_page_cell(const struct rd_run *run, const char *kind, struct kn_cell *c)
{
	json_t *ps = json_object_get(run->info, "page_size");
	double page = json_is_integer(ps) && json_integer_value(ps) > 0 ?
		      (double)json_integer_value(ps) : 4096.0;
	const char *op = switch_op(kind);
	const struct rd_item *it = op ? largest(run, "caching", kind, op, false) : NULL;
	char note[KN_NOTE - 32], sz[32];

	if (!it || !it->size)
		return;
	fmt_ns(it->stats.p50 / ((double)it->size / page), c->text, sizeof(c->text));
	noise_words(it, rd_spread_of(it), note, sizeof(note));
	snprintf(c->note, sizeof(c->note), "%s; %s", units_size(it->size, sz, sizeof(sz)),
		 note);
}

static void gbps_cell(const struct rd_run *run, const struct kn_row *r, const char *kind,
		      struct kn_cell *c)
{
	const struct rd_item *it = largest(run, r->test, kind, r->op, true);
	char note[KN_NOTE - 32], sz[32];

	if (!it)
		return;
	fmt_num(it->gbps, c->text, sizeof(c->text));
	noise_words(it, rd_spread_of(it), note, sizeof(note));
	snprintf(c->note, sizeof(c->note), "%s; %s", units_size(it->size, sz, sizeof(sz)),
		 note);
}

static void cell_of(const struct rd_run *run, const struct kn_row *r, const char *kind,
		    struct kn_cell *c)
{
	const struct rd_item *it;

	memset(c, 0, sizeof(*c));
	switch (r->how) {
	case KN_PAIR: pair_cell(run, r, kind, c); break;
	case KN_PER_PAGE: per_page_cell(run, kind, c); break;
	case KN_GBPS: gbps_cell(run, r, kind, c); break;
	default:
		it = find(run, r, kind, r->op);
		if (!it)
			break;
		time_cell(it, c);
		if (r->how == KN_VS_COH)
			vs_coherent(run, r, it, c);
	}
	if (!c->text[0])
		snprintf(c->text, sizeof(c->text), "%s", r->syncs_only &&
			 !strcmp(kind, "coherent") ? "none needed" : "-");
}

/* "#chart-NAME" when that chart was drawn, else "". */
static void chart_href(const struct chart_list *charts, const char *name, char *buf,
		       size_t len)
{
	buf[0] = '\0';
	for (size_t i = 0; charts && i < charts->n; i++)
		if (charts->e[i].drawn && !strcmp(charts->e[i].name, name))
			snprintf(buf, len, "#chart-%s", name);
}

void key_numbers(struct doc *d, const struct rd_run *run, const struct chart_list *charts)
{
	const char *kinds[KN_MAX_KINDS], *hdr[KN_MAX_KINDS + 1] = { "p50 (hot cache)" };
	struct doc_cell cells[KN_MAX_KINDS + 1];
	struct kn_cell kc[KN_MAX_KINDS];
	size_t nk = kinds_of(run, kinds);
	char align[KN_MAX_KINDS + 2] = "l";
	struct doc_table *t;

	for (size_t k = 0; k < nk; k++) {
		hdr[k + 1] = kinds[k];
		align[k + 1] = 'r';
	}
	align[nk + 1] = '\0';
	t = doc_table(d, KEY_NUMBERS_ID, nk + 1, hdr, align);
	if (t)
		t->row_heads = true;
	for (size_t i = 0; i < KN_ROWS; i++) {
		char href[80];

		chart_href(charts, rows[i].chart, href, sizeof(href));
		cells[0] = (struct doc_cell){ .text = rows[i].label };
		for (size_t k = 0; k < nk; k++) {
			cell_of(run, &rows[i], kinds[k], &kc[k]);
			cells[k + 1] = (struct doc_cell){
				.text = kc[k].text,
				.note = kc[k].note[0] ? kc[k].note : NULL,
				.href = href[0] && kc[k].note[0] ? href : NULL,
			};
		}
		doc_row_cells(t, cells);
	}
}
