// SPDX-License-Identifier: GPL-2.0
/* The verdict's sharing part; see verdict_dmabuf.h. */
#include "report/verdict_dmabuf.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "core/units.h"
#include "report/fmt.h"
#include "report/noise.h"

static bool same_str(const char *a, const char *b)
{
	return a == b || (a && b && !strcmp(a, b));
}

static struct dmabuf_row *find_row(struct dmabuf_rows *r, const char *kind, const char *source,
				   const char *exporter, const char *importer, uint64_t size)
{
	for (size_t i = 0; i < r->n; i++) {
		struct dmabuf_row *x = &r->row[i];

		if (same_str(x->kind, kind) && same_str(x->source, source) &&
		    same_str(x->exporter, exporter) && same_str(x->importer, importer) &&
		    x->size == size)
			return x;
	}
	if (r->n == DMABUF_MAX_SHARES)
		return NULL;
	r->row[r->n] = (struct dmabuf_row){
		.kind = kind, .source = source, .exporter = exporter, .importer = importer,
		.size = size, .stale_without_sync = -1,
	};
	return &r->row[r->n++];
}

static const char *jstr(json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

void dmabuf_rows_of(const struct rd_run *run, struct dmabuf_rows *r)
{
	json_t *shares = json_object_get(run->doc, "dmabuf_shares"), *s, *sk;
	size_t i;

	memset(r, 0, sizeof(*r));
	json_array_foreach(shares, i, s) {
		struct dmabuf_row *x = find_row(r, jstr(s, "kind"), jstr(s, "source"),
						jstr(s, "exporter"), jstr(s, "importer"),
						(uint64_t)json_integer_value(json_object_get(s, "size")));
		json_t *st = json_object_get(s, "stale_without_sync");

		if (!x)
			break;
		x->outcome = jstr(s, "outcome");
		x->stale_without_sync = json_is_boolean(st) ? json_is_true(st) : -1;
	}
	/* The importer's map (BIDI first: the direction the round trip uses). */
	for (size_t k = 0; k < run->nitems; k++) {
		const struct rd_item *it = &run->items[k];
		struct dmabuf_row *x;
		bool map, attach;

		if (strcmp(it->test, "dmabuf") || !it->source || !it->importer || it->batch != 1)
			continue;
		map = !strcmp(it->op, "dmabuf_map");
		attach = !strcmp(it->op, "dmabuf_attach");
		if (!map && !attach)
			continue;
		x = find_row(r, it->kind, it->source, it->exporter, it->importer, it->size);
		if (!x)
			break;
		if (map && (!x->map || (it->dir && !strcmp(it->dir, "bidi"))))
			x->map = rd_floor_aware(run, it);
		if (attach && (!x->attach || (it->dir && !strcmp(it->dir, "bidi"))))
			x->attach = rd_floor_aware(run, it);
	}
	sk = json_object_get(run->doc, "skipped");
	json_array_foreach(sk, i, s)
		if (same_str(jstr(s, "test"), "dmabuf") && jstr(s, "what") &&
		    !strncmp(jstr(s, "what"), "every dmabuf row", 16)) {
			r->skipped = true;
			r->skip_why = jstr(s, "why");
		}
}

/* "coherent 1 MiB, platform -> edu" / "udmabuf 64 KiB, on edu" */
static void share_words(const struct dmabuf_row *x, char *buf, size_t len)
{
	char sz[32];

	units_size(x->size, sz, sizeof(sz));
	if (x->exporter)
		snprintf(buf, len, "%s %s, %s -> %s", x->kind ? x->kind : "?", sz, x->exporter,
			 x->importer ? x->importer : "?");
	else
		snprintf(buf, len, "%s %s, on %s",
			 same_str(x->source, "heap") ? "system-heap" : x->source ? x->source : "?",
			 sz, x->importer ? x->importer : "?");
}

static size_t facts(const struct dmabuf_rows *r, char *buf, size_t len, size_t used)
{
	unsigned int tried = 0, ok = 0, refused = 0, stale = 0, failed = 0, nosync = 0, nosync_stale = 0;
	char w[160];

	for (size_t i = 0; i < r->n; i++) {
		const char *o = r->row[i].outcome;

		if (!o)
			continue;
		tried++;
		ok += !strcmp(o, "data ok");
		stale += !strcmp(o, "stale");
		refused += !strncmp(o, "refused: ", 9);
		failed += !strncmp(o, "failed: ", 8);
		nosync += r->row[i].stale_without_sync >= 0;
		nosync_stale += r->row[i].stale_without_sync == 1;
	}
	if (!tried)
		return fmt_append(buf, len, used, "No share was round-tripped through edu's DMA "
				  "(the importer was never edu, or no share was made). ");
	used = fmt_append(buf, len, used, "Of %u shares round-tripped through edu's DMA, %u "
			  "showed the data with DMA_BUF_IOCTL_SYNC around every CPU access", tried, ok);
	if (refused)
		used = fmt_append(buf, len, used, ", %u %s refused by the platform", refused,
				  refused == 1 ? "was" : "were");
	if (stale)
		used = fmt_append(buf, len, used, ", %u showed stale data even with the syncs", stale);
	if (failed)
		used = fmt_append(buf, len, used, ", %u failed", failed);
	used = fmt_append(buf, len, used, ". ");
	for (size_t i = 0; i < r->n; i++) {
		const char *o = r->row[i].outcome;

		if (!o || (strncmp(o, "refused: ", 9) && strcmp(o, "stale")))
			continue;
		share_words(&r->row[i], w, sizeof(w));
		used = fmt_append(buf, len, used, "%s: %s%s ", w,
				  !strcmp(o, "stale") ? "stale with the syncs" : o,
				  o[strlen(o) - 1] == '.' ? "" : ".");
	}
	if (nosync) {
		used = fmt_append(buf, len, used, "Without DMA_BUF_IOCTL_SYNC %u of %u %s stale",
				  nosync_stale, nosync, nosync == 1 ? "share was" : "shares were");
		if (nosync_stale) {
			size_t said = 0;

			used = fmt_append(buf, len, used, " (");
			for (size_t i = 0; i < r->n && said < 4; i++) {
				if (r->row[i].stale_without_sync != 1)
					continue;
				share_words(&r->row[i], w, sizeof(w));
				used = fmt_append(buf, len, used, "%s%s", said++ ? "; " : "", w);
			}
			used = fmt_append(buf, len, used, "%s): an importer that skips the syncs reads "
					  "or writes stale data here", nosync_stale > said ? "; ..." : "");
		} else {
			used = fmt_append(buf, len, used, ": the syncs were not needed for the data "
					  "on this platform, though every dma-buf user must still make them");
		}
		used = fmt_append(buf, len, used, ". ");
	}
	return used;
}

/* The largest size any share's map was measured at, importer @imp. */
static uint64_t map_size(const struct dmabuf_rows *r)
{
	uint64_t best = 0;

	for (size_t i = 0; i < r->n; i++)
		if (r->row[i].map && r->row[i].size > best)
			best = r->row[i].size;
	return best;
}

static size_t timings(const struct dmabuf_rows *r, char *buf, size_t len, size_t used)
{
	uint64_t size = map_size(r);
	const struct dmabuf_row *lo = NULL, *hi = NULL;
	char w[160], a[32], b[32], sz[32], nb[160];

	if (!size)
		return used;
	/* Cheapest and dearest map of the same exporter -> importer pair at that size. */
	for (size_t i = 0; i < r->n; i++) {
		const struct dmabuf_row *x = &r->row[i];

		if (!x->map || x->size != size || !isfinite(x->map->stats.p50))
			continue;
		if (!lo || x->map->stats.p50 < lo->map->stats.p50)
			lo = x;
	}
	for (size_t i = 0; lo && i < r->n; i++) {
		const struct dmabuf_row *x = &r->row[i];

		if (!x->map || x->size != size || !isfinite(x->map->stats.p50) ||
		    !same_str(x->exporter, lo->exporter) || !same_str(x->importer, lo->importer))
			continue;
		if (!hi || x->map->stats.p50 > hi->map->stats.p50)
			hi = x;
	}
	if (!lo)
		return used;
	share_words(lo, w, sizeof(w));
	units_size(size, sz, sizeof(sz));
	used = fmt_append(buf, len, used, "The importer's dma_buf_map_attachment of %s took %s "
			  "(p50 of %zu, spread %.1f %%)", w, fmt_ns(lo->map->stats.p50, a, sizeof(a)),
			  lo->map->stats.n, 100 * rd_spread_of(lo->map).rel);
	if (hi && hi != lo) {
		struct noise_cmp c;

		noise_compare_items(hi->map, lo->map, &c);
		share_words(hi, w, sizeof(w));
		if (c.sign > 0)
			used = fmt_append(buf, len, used, "; %s took %s (p50 of %zu), x%.1f%s",
					  w, fmt_ns(hi->map->stats.p50, b, sizeof(b)), hi->map->stats.n,
					  hi->map->stats.p50 / lo->map->stats.p50,
					  noise_outside(&c, nb, sizeof(nb)));
		else
			used = fmt_append(buf, len, used, "; between it and %s (%s) %s", w,
					  fmt_ns(hi->map->stats.p50, b, sizeof(b)),
					  noise_no_difference(&c, nb, sizeof(nb)));
	}
	return fmt_append(buf, len, used, ". ");
}

size_t verdict_dmabuf(const struct dmabuf_rows *r, char *buf, size_t len, size_t *timing_at)
{
	size_t used = 0;

	if (len)
		buf[0] = '\0';
	if (r->skipped && !r->n) {
		used = fmt_append(buf, len, used, "Not measured: %s.", r->skip_why ? r->skip_why :
				  "the dmabuf test skipped every row");
		*timing_at = used;
		return used;
	}
	if (!r->n) {
		used = fmt_append(buf, len, used, "Not measured: the run has no dmabuf rows "
				  "(run --tests dmabuf).");
		*timing_at = used;
		return used;
	}
	used = facts(r, buf, len, used);
	*timing_at = used < len ? used : len;
	used = timings(r, buf, len, used);
	/* no trailing space */
	if (used && used <= len && buf[used - 1] == ' ')
		buf[--used] = '\0';
	return used;
}

void dmabuf_table(struct doc *d, const struct dmabuf_rows *r)
{
	static const char *const head[] = {
		"share", "size", "map (p50)", "attach (p50)", "round trip", "without sync",
	};
	struct doc_table *t;

	if (!r->n)
		return;
	t = doc_table(d, "dmabuf", 6, head, "lrrrll");
	for (size_t i = 0; i < r->n; i++) {
		const struct dmabuf_row *x = &r->row[i];
		char w[160], sz[32], m[32], a[32];
		const char *cells[6] = { w, sz, m, a, x->outcome ? x->outcome : "not tried",
					 x->stale_without_sync < 0 ? "-" :
					 x->stale_without_sync ? "stale" : "data ok" };
		char *comma;

		share_words(x, w, sizeof(w));
		comma = strchr(w, ' ');
		/* "coherent, platform -> edu": the size has its own column */
		if (comma) {
			char *rest = strchr(comma, ',');

			if (rest)
				memmove(comma, rest, strlen(rest) + 1);
		}
		units_size(x->size, sz, sizeof(sz));
		/* fmt_ns() writes its buffer: never snprintf() it into itself. */
		if (x->map)
			fmt_ns(x->map->stats.p50, m, sizeof(m));
		else
			snprintf(m, sizeof(m), "-");
		if (x->attach)
			fmt_ns(x->attach->stats.p50, a, sizeof(a));
		else
			snprintf(a, sizeof(a), "-");
		doc_row(t, cells);
	}
}

void dmabuf_platform_words(const struct dmabuf_rows *r, char *broke, size_t blen,
			   char *cost, size_t clen)
{
	size_t ub = 0, uc = 0;
	uint64_t size = map_size(r);
	char w[160], ns[32];

	broke[0] = cost[0] = '\0';
	for (size_t i = 0; i < r->n; i++) {
		const struct dmabuf_row *x = &r->row[i];

		if (!x->outcome || !strcmp(x->outcome, "data ok")) {
			if (x->stale_without_sync == 1) {
				share_words(x, w, sizeof(w));
				ub = fmt_append(broke, blen, ub, "%s%s: stale without sync", ub ? "; " : "", w);
			}
			continue;
		}
		share_words(x, w, sizeof(w));
		ub = fmt_append(broke, blen, ub, "%s%s: %.48s", ub ? "; " : "", w, x->outcome);
	}
	if (!ub)
		fmt_append(broke, blen, 0, "%s", r->n ? "nothing" : "not measured");
	for (size_t i = 0; i < r->n; i++) {
		const struct dmabuf_row *x = &r->row[i];

		if (!x->map || x->size != size)
			continue;
		share_words(x, w, sizeof(w));
		uc = fmt_append(cost, clen, uc, "%s%s map %s", uc ? "; " : "", w,
				fmt_ns(x->map->stats.p50, ns, sizeof(ns)));
	}
	if (!uc)
		fmt_append(cost, clen, 0, "not measured");
}
