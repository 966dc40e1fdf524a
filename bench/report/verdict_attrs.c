// SPDX-License-Identifier: GPL-2.0
/* The verdict's attributes part; see verdict_attrs.h. */
#include "report/verdict_attrs.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "core/names.h"
#include "core/units.h"
#include "report/fmt.h"
#include "report/noise.h"

const uint32_t attrs_alloc_bits[AV_COUNT] = {
	[AV_PLAIN] = 0,
	[AV_WC] = DMABENCH_ATTR_WRITE_COMBINE,
	[AV_NKM] = DMABENCH_ATTR_NO_KERNEL_MAPPING,
	[AV_FC] = DMABENCH_ATTR_FORCE_CONTIGUOUS,
	[AV_ASP] = DMABENCH_ATTR_ALLOC_SINGLE_PAGES,
};

/* "DMA_ATTR_WRITE_COMBINE" (several joined with " + "). */
static const char *macro(uint32_t attrs, char *buf, size_t len)
{
	return attrs_join(&attr_macro_names, attrs, " + ", buf, len);
}

/* "WRITE_COMBINE": the macro without its prefix, for compare's narrow cells. */
static const char *short_macro(uint32_t attrs, char *buf, size_t len)
{
	char m[160];
	const char *p = macro(attrs, m, sizeof(m));

	snprintf(buf, len, "%s", strncmp(p, "DMA_ATTR_", 9) ? p : p + 9);
	return buf;
}

/* ---- the rows -------------------------------------------------------------- */

bool attrs_map_cost(const struct rd_run *run, const char *map_op, const char *dir,
		    uint64_t size, uint32_t attrs, struct rd_trip *out)
{
	struct rd_query q = { .test = "attrs", .kind = "streaming", .op = map_op, .dir = dir,
			      .size = size, .attrs = attrs };
	const struct rd_item *m = rd_find(run, &q);
	char unmap[32];

	snprintf(unmap, sizeof(unmap), "un%s", map_op);
	q.op = unmap;
	return rd_round_trip(run, m, rd_find(run, &q), out);
}

static const struct rd_item *alloc_row(const struct rd_run *run, const char *kind,
				       uint64_t size, uint32_t attrs)
{
	struct rd_query q = { .test = "attrs", .kind = kind, .op = "alloc", .size = size,
			      .attrs = attrs };
	const struct rd_item *it = rd_find_figure(run, &q);

	return it && isfinite(it->stats.p50) ? it : NULL;
}

/* 1 MiB where plain and an attribute were both allocated, else the largest such size. */
static uint64_t alloc_size(const struct rd_run *run, const char *kind, const uint32_t *bits,
			   size_t nbits)
{
	uint64_t best = 0;

	for (size_t i = 0; i < run->nitems; i++) {
		const struct rd_item *x = &run->items[i];
		bool both = false;

		if (strcmp(x->test, "attrs") || strcmp(x->op, "alloc") || !x->kind ||
		    strcmp(x->kind, kind) || x->attrs || x->batch != 1 || !isfinite(x->stats.p50))
			continue;
		for (size_t a = 0; a < nbits && !both; a++)
			both = bits[a] && alloc_row(run, kind, x->size, bits[a]);
		if (both && x->size == (1 << 20))
			return x->size;
		if (both && x->size > best)
			best = x->size;
	}
	return best;
}

static const struct rd_item *access_row(const struct rd_run *run, const char *op, uint32_t attrs)
{
	struct rd_query q = { .test = "attrs", .kind = "coherent", .op = op, .size = 1 << 20,
			      .attrs = attrs };

	return rd_find_figure(run, &q);
}

static void map_rows(const struct rd_run *run, struct attrs_rows *r)
{
	static const char *const ops[] = { "map_single", "map_sg" };
	static const char *const dirs[] = { "to", "bidi" };
	static const uint64_t sizes[] = { 1 << 20, 64 << 10, 4 << 10 };

	for (size_t o = 0; o < 2; o++)
		for (size_t d = 0; d < 2; d++)
			for (size_t s = 0; s < sizeof(sizes) / sizeof(sizes[0]); s++) {
				struct attrs_map *m = &r->maps[r->nmaps];

				if (!attrs_map_cost(run, ops[o], dirs[d], sizes[s], 0, &m->with) ||
				    !attrs_map_cost(run, ops[o], dirs[d], sizes[s],
						    DMABENCH_ATTR_SKIP_CPU_SYNC, &m->skip))
					continue;
				m->op = ops[o];
				m->dir = dirs[d];
				m->size = sizes[s];
				r->nmaps++;
				break;
			}
}

void attrs_rows_of(const struct rd_run *run, struct attrs_rows *r)
{
	static const uint32_t single[] = { DMABENCH_ATTR_ALLOC_SINGLE_PAGES };

	memset(r, 0, sizeof(*r));
	r->neffects = rd_attr_effects(run, r->eff, ATTRS_MAX_EFFECTS);
	for (int a = 0; a < AV_COUNT; a++)
		r->probe[a] = attr_effect_find(r->eff, r->neffects, "coherent", attrs_alloc_bits[a]);
	r->nc_plain = attr_effect_find(r->eff, r->neffects, "noncontig", 0);
	r->nc_single = attr_effect_find(r->eff, r->neffects, "noncontig",
					DMABENCH_ATTR_ALLOC_SINGLE_PAGES);
	r->alloc_size = alloc_size(run, "coherent", attrs_alloc_bits, AV_COUNT);
	for (int a = 0; r->alloc_size && a < AV_COUNT; a++)
		r->alloc[a] = alloc_row(run, "coherent", r->alloc_size, attrs_alloc_bits[a]);
	r->nc_alloc_size = alloc_size(run, "noncontig", single, 1);
	for (int a = 0; r->nc_alloc_size && a < 2; a++)
		r->nc_alloc[a] = alloc_row(run, "noncontig", r->nc_alloc_size, a ? single[0] : 0);
	for (int w = 0; w < 2; w++) {
		r->kread[w] = access_row(run, "kread", w ? DMABENCH_ATTR_WRITE_COMBINE : 0);
		r->kwrite[w] = access_row(run, "kwrite", w ? DMABENCH_ATTR_WRITE_COMBINE : 0);
	}
	map_rows(run, r);
}

/* ---- the facts ------------------------------------------------------------- */

static bool both_mapped(const struct attr_effect *e, const struct attr_effect *plain)
{
	return e->mmap == AE_MMAP_MAPPED && plain->mmap == AE_MMAP_MAPPED;
}

bool attrs_changed(const struct attr_effect *e, const struct attr_effect *plain)
{
	if (!e || !plain || !e->probed || !plain->probed)
		return false;
	return e->kmap != plain->kmap || e->phys_chunks != plain->phys_chunks ||
	       e->dma_segments != plain->dma_segments ||
	       (both_mapped(e, plain) && e->user_prot != plain->user_prot);
}

static const char *kmap_where(int kmap)
{
	switch (kmap) {
	case DMABENCH_KMAP_LINEAR: return "in the linear map";
	case DMABENCH_KMAP_REMAPPED: return "a vmalloc-space remap";
	case DMABENCH_KMAP_NONE: return "none (a cookie)";
	default: return "unknown";
	}
}

/* What the user mapping did, as "the user mapping ..." goes on. */
static const char *prot_kept(int prot)
{
	switch (prot) {
	case DMABENCH_PROT_SAME: return "kept its cached pgprot";
	case DMABENCH_PROT_WC: return "stayed write-combined";
	case DMABENCH_PROT_UC: return "stayed uncached";
	default: return "kept its pgprot";
	}
}

static const char *prot_became(int prot)
{
	switch (prot) {
	case DMABENCH_PROT_SAME: return "kept the cached pgprot";
	case DMABENCH_PROT_WC: return "became write-combined (pgprot_writecombine)";
	case DMABENCH_PROT_UC: return "became uncached (pgprot_noncached)";
	default: return "got another pgprot (neither WC nor UC)";
	}
}

/* A table cell and a reference line: the user mapping in two words. */
static const char *prot_short(const struct attr_effect *e)
{
	if (e->mmap == AE_MMAP_REFUSED)
		return "mmap refused";
	if (e->mmap == AE_MMAP_FAILED)
		return "mmap failed";
	if (!e->probed)
		return "?";
	switch (e->user_prot) {
	case DMABENCH_PROT_SAME: return "cached";
	case DMABENCH_PROT_WC: return "write-combined";
	case DMABENCH_PROT_UC: return "uncached";
	case DMABENCH_PROT_NOT_MAPPED: return "not mapped";
	case DMABENCH_PROT_OTHER: return "other pgprot";
	default: return "?";
	}
}

static const char *plural(unsigned int n)
{
	return n == 1 ? "" : "s";
}

/* "; the DMA layer gave no kernel mapping (a cookie)" ... for each field @e changed. */
static size_t changes(char *buf, size_t len, size_t used, const struct attr_effect *e,
		      const struct attr_effect *plain)
{
	size_t start = used;

	if (e->kmap != plain->kmap) {
		if (e->kmap == DMABENCH_KMAP_NONE)
			used = fmt_append(buf, len, used, "the DMA layer gave no kernel mapping "
					  "(a cookie)");
		else
			used = fmt_append(buf, len, used, "the kernel mapping is %s instead of %s",
					  kmap_where(e->kmap), kmap_where(plain->kmap));
	}
	if (both_mapped(e, plain) && e->user_prot != plain->user_prot)
		used = fmt_append(buf, len, used, "%sthe user mapping %s", used > start ? "; " : "",
				  prot_became(e->user_prot));
	if (e->phys_chunks != plain->phys_chunks)
		used = fmt_append(buf, len, used, "%s%u physical chunk%s against %u without",
				  used > start ? "; " : "", e->phys_chunks, plural(e->phys_chunks),
				  plain->phys_chunks);
	if (e->dma_segments != plain->dma_segments)
		used = fmt_append(buf, len, used, "%s%u DMA segment%s against %u without",
				  used > start ? "; " : "", e->dma_segments,
				  plural(e->dma_segments), plain->dma_segments);
	return used;
}

/* The sentence of one attribute's probe against the plain one of its kind. */
static size_t fact(char *buf, size_t len, size_t used, const char *prefix,
		   const struct attr_effect *e, const struct attr_effect *plain)
{
	char m[160];

	macro(e->attrs, m, sizeof(m));
	if (!e->probed)
		return fmt_append(buf, len, used, " %s%s: the probe failed (%s).", prefix, m,
				  e->error ? e->error : "no reason recorded");
	used = fmt_append(buf, len, used, " %s%s", prefix, m);
	if (attrs_changed(e, plain)) {
		used = fmt_append(buf, len, used, ": ");
		used = changes(buf, len, used, e, plain);
	} else {
		used = fmt_append(buf, len, used, " changed nothing: ");
		if (both_mapped(e, plain))
			used = fmt_append(buf, len, used, "the user mapping %s and ",
					  prot_kept(e->user_prot));
		used = fmt_append(buf, len, used, "the kernel mapping stayed %s (%u physical "
				  "chunk%s, %u DMA segment%s, as without it)", kmap_where(e->kmap),
				  e->phys_chunks, plural(e->phys_chunks), e->dma_segments,
				  plural(e->dma_segments));
	}
	if (e->mmap == AE_MMAP_REFUSED)
		used = fmt_append(buf, len, used, "; its mmap was refused, as dmabench.h says of "
				  "a buffer without a kernel mapping");
	return fmt_append(buf, len, used, ".");
}

static size_t facts(const struct attrs_rows *r, char *buf, size_t len, size_t used)
{
	const struct attr_effect *plain = r->probe[AV_PLAIN];

	if (!plain || !plain->probed)
		return fmt_append(buf, len, used, " The plain coherent buffer could not be probed "
				  "(%s), so no attribute is compared.", plain && plain->error ?
				  plain->error : "not in this run");
	for (int a = AV_PLAIN + 1; a < AV_COUNT; a++)
		if (r->probe[a])
			used = fact(buf, len, used, "", r->probe[a], plain);
	if (r->nc_single && r->nc_plain && r->nc_plain->probed)
		used = fact(buf, len, used, "For noncontig, ", r->nc_single, r->nc_plain);
	return used;
}

/* "For reference, BUF_INFO saw these user mappings: streaming cached, wc write-combined." */
static size_t references(const struct attrs_rows *r, char *buf, size_t len, size_t used)
{
	size_t n = 0;

	for (size_t i = 0; i < r->neffects; i++) {
		const struct attr_effect *e = &r->eff[i];

		if (!e->reference)
			continue;
		used = fmt_append(buf, len, used, "%s%s %s", n++ ? ", " : " For reference, BUF_INFO "
				  "saw these user mappings: ", e->kind, prot_short(e));
	}
	return n ? fmt_append(buf, len, used, ".") : used;
}

/* The part's first sentence: which changed something, which nothing. */
static void summary_lists(const struct attrs_rows *r, bool shorter, char *changed, size_t clen,
			  char *unchanged, size_t ulen)
{
	const struct attr_effect *plain = r->probe[AV_PLAIN];
	size_t c = 0, u = 0;
	char m[160];

	changed[0] = unchanged[0] = '\0';
	for (int a = 0; a < AV_COUNT + 1; a++) {
		const struct attr_effect *e = a < AV_COUNT ? r->probe[a] : r->nc_single;
		const struct attr_effect *p = a < AV_COUNT ? plain : r->nc_plain;
		const char *kind = a < AV_COUNT ? "" : shorter ? "noncontig " : "noncontig's ";

		if (a == AV_PLAIN || !e || !e->probed || !p || !p->probed)
			continue;
		if (shorter)
			short_macro(e->attrs, m, sizeof(m));
		else
			macro(e->attrs, m, sizeof(m));
		if (attrs_changed(e, p))
			c = fmt_append(changed, clen, c, "%s%s%s", c ? ", " : "", kind, m);
		else
			u = fmt_append(unchanged, ulen, u, "%s%s%s", u ? ", " : "", kind, m);
	}
}

/* "A, B and C" from "A, B, C" (in place); returns @list. */
static char *and_list(char *list, size_t len, const char *last_word)
{
	char *comma = strrchr(list, ',');
	char tail[512];

	if (comma && strlen(list) + strlen(last_word) + 2 < len) {
		snprintf(tail, sizeof(tail), " %s%s", last_word, comma + 1);
		snprintf(comma, len - (size_t)(comma - list), "%s", tail);
	}
	return list;
}

/* "On a 1 MiB coherent buffer ..., X changed something here; Y and Z changed nothing." */
static size_t summary(const struct attrs_rows *r, char *buf, size_t len, size_t used)
{
	char changed[512], unchanged[512], sz[32];

	summary_lists(r, false, changed, sizeof(changed), unchanged, sizeof(unchanged));
	if (!changed[0] && !unchanged[0])
		return used;
	used = fmt_append(buf, len, used, "On a %s buffer against one without (BUF_INFO), ",
			  units_size(r->probe[AV_PLAIN] ? r->probe[AV_PLAIN]->size :
				     r->nc_plain->size, sz, sizeof(sz)));
	if (changed[0])
		used = fmt_append(buf, len, used, "%s changed something here%s",
				  and_list(changed, sizeof(changed), "and"), unchanged[0] ? "; " : ".");
	if (unchanged[0])
		used = fmt_append(buf, len, used, "%s changed nothing.",
				  and_list(unchanged, sizeof(unchanged), "and"));
	return used;
}

/* ---- the timings ------------------------------------------------------------ */

struct claims {
	struct attrs_timing *at;
	size_t max, n;
	bool wc_access;		/* the sentences being added are about WC access */
};

static size_t timing_end(struct claims *cl, size_t used)
{
	if (cl->n < cl->max)
		cl->at[cl->n++] = (struct attrs_timing){ .at = (unsigned int)used,
							 .wc_access = cl->wc_access };
	return used;
}

/*
 * " LEAD: x0.62 of REF (620 us against 1.00 ms, n=60 and 58) [outside the
 * noise: ...]." or " LEAD against REF: no measurable difference at this noise (...)."
 */
static size_t claim(char *buf, size_t len, size_t used, struct claims *cl, const char *lead,
		    const char *ref, const struct noise_cmp *c, double a, size_t na, double b,
		    size_t nb)
{
	char x[32], fa[32], fb[32], t[192];

	if (c->sign)
		used = fmt_append(buf, len, used, " %s: x%s of %s (%s against %s, n=%zu and %zu)%s.",
				  lead, fmt_num(a / b, x, sizeof(x)), ref, fmt_ns(a, fa, sizeof(fa)),
				  fmt_ns(b, fb, sizeof(fb)), na, nb, noise_outside(c, t, sizeof(t)));
	else
		used = fmt_append(buf, len, used, " %s against %s: %s.", lead, ref,
				  noise_no_difference(c, t, sizeof(t)));
	return timing_end(cl, used);
}

static size_t item_timing(char *buf, size_t len, size_t used, struct claims *cl,
			  const char *lead, const char *ref, const struct rd_item *a,
			  const struct rd_item *b)
{
	struct noise_cmp c;

	if (!a || !b)
		return used;
	noise_compare_items(a, b, &c);
	return claim(buf, len, used, cl, lead, ref, &c, a->stats.p50, a->stats.n, b->stats.p50,
		     b->stats.n);
}

/*
 * Each coherent attribute's alloc against plain: a sentence for each one
 * outside the noise, one for all the rest ("with A, B or C ... no measurable
 * difference at this noise", at the largest of their thresholds).
 */
static size_t coherent_allocs(const struct attrs_rows *r, char *buf, size_t len, size_t used,
			      struct claims *cl)
{
	const struct rd_item *plain = r->alloc[AV_PLAIN];
	struct noise_cmp c, widest = { .threshold = -1 };
	char lead[512], m[160], sz[32], inside[400] = "";
	size_t ni = 0;

	units_size(r->alloc_size, sz, sizeof(sz));
	for (int a = AV_PLAIN + 1; plain && a < AV_COUNT; a++) {
		if (!r->alloc[a])
			continue;
		macro(attrs_alloc_bits[a], m, sizeof(m));
		noise_compare_items(r->alloc[a], plain, &c);
		if (c.sign) {
			snprintf(lead, sizeof(lead), "Alloc of %s coherent with %s", sz, m);
			used = claim(buf, len, used, cl, lead, "plain", &c, r->alloc[a]->stats.p50,
				     r->alloc[a]->stats.n, plain->stats.p50, plain->stats.n);
			continue;
		}
		ni = fmt_append(inside, sizeof(inside), ni, "%s%s", ni ? ", " : "", m);
		if (c.threshold > widest.threshold)
			widest = c;
	}
	if (!ni)
		return used;
	snprintf(lead, sizeof(lead), "Alloc of %s coherent with %s", sz,
		 and_list(inside, sizeof(inside), "or"));
	return claim(buf, len, used, cl, lead, "plain", &widest, NAN, 0, NAN, 0);
}

static size_t alloc_timings(const struct attrs_rows *r, char *buf, size_t len, size_t used,
			    struct claims *cl)
{
	char lead[256], sz[32];

	if (r->alloc_size)
		used = coherent_allocs(r, buf, len, used, cl);
	if (r->nc_alloc_size) {
		units_size(r->nc_alloc_size, sz, sizeof(sz));
		snprintf(lead, sizeof(lead), "Alloc of %s noncontig with DMA_ATTR_ALLOC_SINGLE_PAGES",
			 sz);
		used = item_timing(buf, len, used, cl, lead, "plain", r->nc_alloc[1], r->nc_alloc[0]);
	}
	cl->wc_access = true;
	used = item_timing(buf, len, used, cl, "A kernel read of 1 MiB coherent with "
			   "DMA_ATTR_WRITE_COMBINE", "plain", r->kread[1], r->kread[0]);
	used = item_timing(buf, len, used, cl, "A kernel write of 1 MiB coherent with "
			   "DMA_ATTR_WRITE_COMBINE", "plain", r->kwrite[1], r->kwrite[0]);
	cl->wc_access = false;
	return used;
}

static size_t map_timings(const struct attrs_rows *r, char *buf, size_t len, size_t used,
			  struct claims *cl)
{
	struct noise_cmp c;
	char lead[256], sz[32];

	for (size_t i = 0; i < r->nmaps; i++) {
		const struct attrs_map *m = &r->maps[i];

		snprintf(lead, sizeof(lead), "Map+unmap %s of %s streaming, %s, with "
			 "DMA_ATTR_SKIP_CPU_SYNC%s", strcmp(m->op, "map_sg") ? "single" : "sg",
			 units_size(m->size, sz, sizeof(sz)),
			 strcmp(m->dir, "to") ? "both ways" : "to the device",
			 m->with.batched || m->skip.batched ? " (batched)" : "");
		noise_compare(m->skip.ns, m->skip.spread, m->with.ns, m->with.spread, &c);
		used = claim(buf, len, used, cl, lead, "the same with the CPU sync", &c, m->skip.ns,
			     m->skip.n, m->with.ns, m->with.n);
	}
	return used;
}

size_t verdict_attrs(const struct attrs_rows *r, char *buf, size_t len,
		     struct attrs_timing *timings, size_t max, size_t *n)
{
	struct claims cl = { .at = timings, .max = max };
	size_t used = 0;

	if (len)
		buf[0] = '\0';
	if (!r->neffects && !r->alloc_size && !r->nmaps) {
		*n = 0;
		return fmt_append(buf, len, 0, "Not measured in this run (no attrs test: not "
				  "asked for, or a module without DMA attributes, which \"skipped\" "
				  "then says).");
	}
	used = summary(r, buf, len, used);
	if (r->neffects)
		used = facts(r, buf, len, used);
	used = references(r, buf, len, used);
	used = alloc_timings(r, buf, len, used, &cl);
	used = map_timings(r, buf, len, used, &cl);
	/* a part without the probe's summary starts with its first timing */
	if (len && buf[0] == ' ') {
		size_t skip = 1;

		memmove(buf, buf + skip, strlen(buf + skip) + 1);
		for (size_t i = 0; i < cl.n; i++)
			cl.at[i].at -= (unsigned int)skip;
		used -= skip;
	}
	*n = cl.n;
	return used;
}

/* ---- the table and compare's cells ----------------------------------------- */

/* "x0.620 [outside the noise]", "x1.02, within the noise", "" */
static void ratio_cell(const struct rd_item *a, const struct rd_item *plain, char *buf,
		       size_t len)
{
	struct noise_cmp c;
	char x[32];

	buf[0] = '\0';
	if (!a || !plain)
		return;
	noise_compare_items(a, plain, &c);
	snprintf(buf, len, "x%s%s", fmt_num(a->stats.p50 / plain->stats.p50, x, sizeof(x)),
		 c.sign ? ", outside the noise" : ", within the noise");
}

static void effect_row(struct doc_table *t, const char *label, const struct attr_effect *e,
		       const struct rd_item *alloc, const struct rd_item *plain)
{
	char chunks[32] = "", segs[32] = "", ratio[96], ns[32];
	const char *cells[6] = { label, "", "", chunks, segs, ratio };

	if (e && e->probed) {
		cells[1] = e->kmap == DMABENCH_KMAP_LINEAR ? "linear map" :
			   e->kmap == DMABENCH_KMAP_REMAPPED ? "vmalloc remap" :
			   e->kmap == DMABENCH_KMAP_NONE ? "none (cookie)" : "?";
		snprintf(chunks, sizeof(chunks), "%u", e->phys_chunks);
		snprintf(segs, sizeof(segs), "%u", e->dma_segments);
	} else if (e) {
		cells[1] = "probe failed";
	}
	cells[2] = e ? prot_short(e) : "";
	if (alloc && alloc == plain)
		snprintf(ratio, sizeof(ratio), "%s", fmt_ns(alloc->stats.p50, ns, sizeof(ns)));
	else
		ratio_cell(alloc, plain, ratio, sizeof(ratio));
	doc_row(t, cells);
}

void attrs_table(struct doc *d, const struct attrs_rows *r)
{
	char head5[64], sz[32], label[192], m[160];
	const char *head[] = { "attribute", "kernel mapping", "user mapping", "physical chunks",
			       "DMA segments", head5 };
	struct doc_table *t;

	if (!r->neffects && !r->alloc_size)
		return;
	if (r->alloc_size)
		snprintf(head5, sizeof(head5), "alloc %s vs plain (p50)",
			 units_size(r->alloc_size, sz, sizeof(sz)));
	else
		snprintf(head5, sizeof(head5), "alloc vs plain (p50)");
	t = doc_table(d, NULL, 6, head, "lllrrr");
	for (int a = 0; a < AV_COUNT; a++) {
		if (!r->probe[a] && !r->alloc[a])
			continue;
		snprintf(label, sizeof(label), "coherent, %s", a == AV_PLAIN ? "no attribute" :
			 macro(attrs_alloc_bits[a], m, sizeof(m)));
		effect_row(t, label, r->probe[a], r->alloc[a], r->alloc[AV_PLAIN]);
	}
	if (r->nc_plain || r->nc_alloc[0])
		effect_row(t, "noncontig, no attribute", r->nc_plain, r->nc_alloc[0], r->nc_alloc[0]);
	if (r->nc_single || r->nc_alloc[1])
		effect_row(t, "noncontig, DMA_ATTR_ALLOC_SINGLE_PAGES", r->nc_single, r->nc_alloc[1],
			   r->nc_alloc[0]);
	for (size_t i = 0; i < r->neffects; i++) {
		if (!r->eff[i].reference)
			continue;
		snprintf(label, sizeof(label), "%s (reference)", r->eff[i].kind);
		effect_row(t, label, &r->eff[i], NULL, NULL);
	}
}

/* compare's few words for what @e changed: "linear map, 1 chunk not 37". */
static void changes_short(const struct attr_effect *e, const struct attr_effect *plain,
			  char *buf, size_t len)
{
	static const char *const kmaps[] = {
		[DMABENCH_KMAP_LINEAR] = "linear map", [DMABENCH_KMAP_REMAPPED] = "remapped",
		[DMABENCH_KMAP_NONE] = "no kernel mapping",
	};
	size_t used = 0;

	buf[0] = '\0';
	if (e->kmap != plain->kmap)
		used = fmt_append(buf, len, used, "%s", e->kmap >= 0 && e->kmap <= DMABENCH_KMAP_NONE ?
				  kmaps[e->kmap] : "another kernel mapping");
	if (both_mapped(e, plain) && e->user_prot != plain->user_prot)
		used = fmt_append(buf, len, used, "%s%s user mapping", used ? ", " : "",
				  prot_short(e));
	if (e->phys_chunks != plain->phys_chunks)
		used = fmt_append(buf, len, used, "%s%u chunk%s not %u", used ? ", " : "",
				  e->phys_chunks, plural(e->phys_chunks), plain->phys_chunks);
	if (e->dma_segments != plain->dma_segments)
		fmt_append(buf, len, used, "%s%u DMA segment%s not %u", used ? ", " : "",
			   e->dma_segments, plural(e->dma_segments), plain->dma_segments);
}

void attrs_platform_words(const struct attrs_rows *r, char *changed, size_t clen,
			  char *unchanged, size_t ulen)
{
	const struct attr_effect *plain = r->probe[AV_PLAIN];
	char m[160];
	size_t c = 0;

	if (!plain || !plain->probed) {
		snprintf(changed, clen, "not probed");
		snprintf(unchanged, ulen, "not probed");
		return;
	}
	summary_lists(r, true, changed, clen, unchanged, ulen);
	/* what each changed, in a few words, after its name */
	changed[0] = '\0';
	for (int a = 0; a < AV_COUNT + 1; a++) {
		const struct attr_effect *e = a < AV_COUNT ? r->probe[a] : r->nc_single;
		const struct attr_effect *p = a < AV_COUNT ? plain : r->nc_plain;
		char what[256];

		if (a == AV_PLAIN || !attrs_changed(e, p))
			continue;
		changes_short(e, p, what, sizeof(what));
		c = fmt_append(changed, clen, c, "%s%s%s: %s", c ? "; " : "",
			       a < AV_COUNT ? "" : "noncontig ", short_macro(e->attrs, m, sizeof(m)),
			       what);
	}
	if (!changed[0])
		snprintf(changed, clen, "none");
	if (!unchanged[0])
		snprintf(unchanged, ulen, "none");
}
