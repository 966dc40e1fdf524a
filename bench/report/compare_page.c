// SPDX-License-Identifier: GPL-2.0
/* compare's page: what it says (the tables and sentences); see compare_page.h. */
#include "report/compare_page.h"

#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/compare_links.h"
#include "report/compare_rank.h"
#include "report/doc.h"
#include "report/fmt.h"
#include "report/page_parts.h"
#include "report/run_charts.h"
#include "report/tables.h"
#include "report/verdict_attrs.h"
#include "report/verdict_dmabuf.h"
#include "results/row_words.h"
#include "results/verify_summary.h"

#define CELL	320	/* a cell's text */
#define HREF	512	/* a link to a run's report */

struct page {
	const struct rd_run *runs;
	size_t nruns;
	const struct cmp_table *t;
	double fail_above;
	const struct chart_list *charts;
	struct cmp_rank rk;
	char html[CMP_MAX_RUNS][HREF];	/* each run's report.html, relative */
	char md[CMP_MAX_RUNS][HREF];	/* its report.md */
	struct doc *d;
};

/* A table row being filled: each cell's text in its own buffer. */
struct row {
	char text[CMP_MAX_RUNS + 1][CELL];
	struct doc_cell c[CMP_MAX_RUNS + 1];
};

__attribute__((format(printf, 3, 4)))
static void set(struct row *w, size_t col, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(w->text[col], CELL, fmt, ap);
	va_end(ap);
}

/* An empty row: every cell's text its buffer, no link, no class. */
static struct row *row_clear(struct row *w)
{
	for (size_t c = 0; c < CMP_MAX_RUNS + 1; c++) {
		w->text[c][0] = '\0';
		w->c[c] = (struct doc_cell){ .text = w->text[c] };
	}
	return w;
}

static const char *ref(const struct page *p)
{
	return p->runs[0].label;
}

static bool lab(const struct rd_run *run)
{
	return json_is_true(json_object_get(run->platform, "lab"));
}

static const char *yes_no(json_t *v)
{
	return json_is_boolean(v) ? (json_is_true(v) ? "yes" : "no") : "?";
}

static void link_cell(struct row *w, size_t col, const char *href, const char *text)
{
	if (href[0]) {
		set(w, col, "%s", text);
		w->c[col].href = href;
	} else {
		set(w, col, "not written (dmabench report DIR)");
	}
}

/* One row per run: what tells the platforms apart, and its own reports. */
static void platforms_table(struct page *p)
{
	static const char *const head[] = {
		"platform", "kernel", "IOMMU", "swiotlb", "streaming coherent",
		"device DMA without a sync", "repetitions", "report", "Markdown",
	};
	struct row *w = &(struct row){ 0 };
	struct doc_table *t;

	doc_section(p->d, "platforms", "Platforms");
	t = doc_table(p->d, NULL, 9, head, NULL);
	for (size_t r = 0; r < p->nruns; r++) {
		const struct rd_run *run = &p->runs[r];
		struct verify_summary vs;

		row_clear(w);
		verify_summary_of(run, &vs);
		set(w, 0, "%s%s%s", run->label, lab(run) ? " (lab)" : "",
		    run->complete ? "" : ", incomplete");
		if (p->html[r][0])
			w->c[0].href = p->html[r];
		set(w, 1, "%s", rd_platform_str(run, "kernel"));
		set(w, 2, "%s", rd_platform_str(run, "iommu"));
		set(w, 3, "%s", yes_no(json_object_get(run->info, "swiotlb")));
		set(w, 4, "%s", yes_no(json_object_get(run->info, "streaming_coherent")));
		verify_summary_coherent(&vs, w->text[5], CELL);
		if (run->n_reps)
			set(w, 6, "%u", run->n_reps);
		else
			set(w, 6, "single run");
		link_cell(w, 7, p->html[r], "report.html");
		link_cell(w, 8, p->md[r], "report.md");
		doc_row_cells(t, w->c);
	}
}

/* "dma-direct + swiotlb", "dma-iommu (strict)": the DMA layer an attribute meets. */
static void dma_layer(const struct rd_run *run, char *buf, size_t len)
{
	const char *iommu = rd_platform_str(run, "iommu");
	bool direct = !strcmp(iommu, "none") || !strcmp(iommu, "identity");

	if (!strcmp(iommu, "?"))
		snprintf(buf, len, "not recorded");
	else if (direct)
		snprintf(buf, len, "dma-direct%s%s", json_is_true(json_object_get(run->info,
			 "swiotlb")) ? " + swiotlb" : "", !strcmp(iommu, "identity") ?
			 " (IOMMU passthrough)" : "");
	else
		snprintf(buf, len, "dma-iommu (%s)", iommu);
}

/*
 * One row per platform: which DMA attributes changed anything there (the
 * attrs test's probe), side by side; only when some run has the probe.
 */
static void attrs_table_rows(struct page *p)
{
	static const char *const head[] = {
		"platform", "DMA layer", "changed something", "changed nothing",
	};
	struct attrs_rows *rows = malloc(sizeof(*rows));
	struct row *w = &(struct row){ 0 };
	struct doc_table *t = NULL;

	for (size_t r = 0; rows && r < p->nruns; r++) {
		attrs_rows_of(&p->runs[r], rows);
		if (!t && !rows->neffects)
			continue;
		if (!t) {
			doc_section(p->d, "attrs", "DMA attributes");
			doc_para_full(p->d, DOC_NOTE, NULL, "What each DMA attribute did to a 1 MiB "
				      "buffer (BUF_INFO against the same without it: kernel mapping, "
				      "user pgprot, physical chunks, DMA segments), per platform; "
				      "facts, not timings.", NULL);
			t = doc_table(p->d, NULL, 4, head, NULL);
			/* the runs before the first with the probe had none */
			for (size_t q = 0; q < r; q++) {
				row_clear(w);
				set(w, 0, "%s", p->runs[q].label);
				dma_layer(&p->runs[q], w->text[1], CELL);
				set(w, 2, "not probed");
				set(w, 3, "not probed");
				doc_row_cells(t, w->c);
			}
		}
		row_clear(w);
		set(w, 0, "%s", p->runs[r].label);
		dma_layer(&p->runs[r], w->text[1], CELL);
		attrs_platform_words(rows, w->text[2], CELL, w->text[3], CELL);
		doc_row_cells(t, w->c);
	}
	free(rows);
}

/*
 * One row per platform: what broke when a buffer was shared with a second
 * device (refused, stale), and what the importer's map cost; only when some
 * run has the dmabuf test's shares.
 */
static void dmabuf_table_rows(struct page *p)
{
	static const char *const head[] = {
		"platform", "DMA layer", "what broke (refused, stale with or without sync)",
		"importer's map, largest size",
	};
	struct dmabuf_rows *rows = malloc(sizeof(*rows));
	struct row *w = &(struct row){ 0 };
	struct doc_table *t = NULL;
	bool any = false;

	for (size_t r = 0; rows && r < p->nruns && !any; r++) {
		dmabuf_rows_of(&p->runs[r], rows);
		any = rows->n > 0;
	}
	for (size_t r = 0; rows && any && r < p->nruns; r++) {
		dmabuf_rows_of(&p->runs[r], rows);
		if (!t) {
			doc_section(p->d, "dmabuf", "Sharing a buffer (dma-buf)");
			doc_para_full(p->d, DOC_NOTE, NULL, "Per platform, what the dmabuf test's "
				      "shares to a second device showed: round trips through edu "
				      "refused or stale, stale without DMA_BUF_IOCTL_SYNC, and the "
				      "importer's dma_buf_map_attachment cost (p50).", NULL);
			t = doc_table(p->d, NULL, 4, head, NULL);
		}
		row_clear(w);
		set(w, 0, "%s", p->runs[r].label);
		dma_layer(&p->runs[r], w->text[1], CELL);
		dmabuf_platform_words(rows, w->text[2], CELL, w->text[3], CELL);
		doc_row_cells(t, w->c);
	}
	free(rows);
}

/* Only a significant difference is coloured. */
static const char *sign_class(const struct rank_cell *rc)
{
	return rc->sign > 0 ? "slower" : rc->sign < 0 ? "faster" : NULL;
}

static const char *basis_short(const struct rank_cell *rc, char *buf, size_t len)
{
	if (rc->basis == RANK_REPS)
		snprintf(buf, len, "%u repetitions", rc->reps);
	else if (rc->basis == RANK_WITHIN)
		snprintf(buf, len, "within-run%s", rc->estimated ? " (p90)" : "");
	else
		snprintf(buf, len, "no spread");
	return buf;
}

/* At most this many a platform, so that one very different run does not hide the rest. */
static size_t per_run_cap(const struct page *p)
{
	size_t others = p->nruns > 1 ? p->nruns - 1 : 1, cap = CMP_RANK_TOP / others;

	return cap < 5 ? 5 : cap;
}

/* "#", the operation, where, the difference in words (one coloured cell), the figures. */
static void ranked_row(struct page *p, struct doc_table *t, const struct rank_entry *e,
		       size_t rank)
{
	const struct rank_cell *rc = cmp_rank_cell(&p->rk, e->row, e->run);
	struct row *w = row_clear(&(struct row){ 0 });
	char ns[32];

	set(w, 0, "%zu", rank);
	rd_row_words(p->t->rows[e->row].it[0], w->text[1], CELL);
	set(w, 2, "%s", p->runs[e->run].label);
	cmp_rank_verdict_text(rc, ref(p), w->text[3], CELL);
	w->c[3].cls = rc->sign > 0 ? "slower" : "faster";
	cmp_rank_ratio_text(rc, w->text[4], CELL);
	set(w, 5, "%s", fmt_ns(rc->ref_ns, ns, sizeof(ns)));
	set(w, 6, "%s", fmt_ns(rc->ns, ns, sizeof(ns)));
	basis_short(rc, w->text[7], CELL);
	doc_row_cells(t, w->c);
}

/* The largest significant differences, at most per_run_cap() a platform. */
static void ranked_table(struct page *p)
{
	size_t shown[CMP_MAX_RUNS] = { 0 }, cap = per_run_cap(p), n = 0;
	char p50[CELL];
	const char *head[] = { "#", "operation", "platform", "difference",
			       "ratio [interval]", p50, "p50 there", "judged from" };
	struct doc_table *t;

	snprintf(p50, sizeof(p50), "p50 %s", ref(p));
	t = doc_table(p->d, CMP_RANKED_ID, 8, head, "rlllrrrl");
	for (size_t i = 0; i < p->rk.nranked; i++) {
		const struct rank_entry *e = &p->rk.ranked[i];

		if (shown[e->run] >= cap)
			continue;
		shown[e->run]++;
		ranked_row(p, t, e, ++n);
	}
}

/* How the ranking was judged: counts, the basis, the caveats. */
static void ranked_note(struct page *p, char *s, size_t len)
{
	const struct cmp_rank *rk = &p->rk;
	size_t used;

	used = (size_t)snprintf(s, len, "The largest differences from %s outside the noise, "
				"by effect size (|ln ratio|), at most %zu a platform. Of %zu "
				"comparisons (%zu operations every run has, x %zu platform%s), "
				"%zu differ significantly and %zu are within the noise", ref(p),
				per_run_cap(p), rk->compared, rk->nrows,
				p->nruns - 1, p->nruns > 2 ? "s" : "", rk->nranked + rk->floor_skipped,
				rk->inside_noise);
	if (rk->floor_skipped && used < len)
		used += (size_t)snprintf(s + used, len - used, "; %zu of the significant ones "
					 "are per-op rows below 20x the timing floor, ranked "
					 "by their batched row instead", rk->floor_skipped);
	for (int b = RANK_REPS; b <= RANK_WITHIN && used < len; b++)
		if (rk->basis_count[b])
			used += (size_t)snprintf(s + used, len - used, ". Judged from %s: %zu",
						 cmp_rank_basis_words((enum rank_basis)b,
								      b == RANK_WITHIN &&
								      rk->estimated),
						 rk->basis_count[b]);
	if (used < len)
		used += (size_t)snprintf(s + used, len - used, ". A difference counts only "
					 "beyond max(2x the two spreads in quadrature, 5 %%)%s.",
					 rk->basis_count[RANK_REPS] ? ", and with repetitions "
					 "only where the interval also excludes 1" : "");
	if (rk->basis_count[RANK_WITHIN] && used < len)
		snprintf(s + used, len - used, " Without repetitions the interval is a band "
			 "of one run's noise, not a confidence interval, and one window's "
			 "noise understates run-to-run spread (`dmabench run --repeat N`).");
}

static void differences(struct page *p)
{
	char note[2048];

	doc_section(p->d, "differences", "Where the platforms differ");
	ranked_note(p, note, sizeof(note));
	doc_para_full(p->d, DOC_NOTE, NULL, note, NULL);
	if (p->rk.nranked)
		ranked_table(p);
	else
		doc_para(p->d, "No difference outside the noise.");
}

/* Per run: how many operations it is slower, faster, level in, and the geometric mean. */
static void overall(struct page *p)
{
	char geo[CELL], note[512];
	const char *head[] = { "platform", geo, "slower in", "faster in",
			       "no measurable difference", "not judged" };
	struct doc_table *t;
	char g[32];

	doc_section(p->d, "overall", "Overall");
	snprintf(geo, sizeof(geo), "geometric mean of ratios to %s", ref(p));
	t = doc_table(p->d, NULL, 6, head, "lrrrrr");
	for (size_t r = 1; r < p->nruns; r++) {
		struct row *w = row_clear(&(struct row){ 0 });
		size_t n[4] = { 0 };	/* slower, faster, level, unjudged */

		for (size_t i = 0; i < p->rk.nrows; i++) {
			const struct rank_cell *rc = cmp_rank_cell(&p->rk, i, r);

			n[rc->sign > 0 ? 0 : rc->sign < 0 ? 1 : rc->basis == RANK_NONE ? 3 : 2]++;
		}
		set(w, 0, "%s", p->runs[r].label);
		set(w, 1, "x%s", fmt_num(p->rk.geomean[r], g, sizeof(g)));
		for (size_t k = 0; k < 4; k++)
			set(w, k + 2, "%zu", n[k]);
		doc_row_cells(t, w->c);
	}
	snprintf(note, sizeof(note), "The geometric mean is over the %zu operations every "
		 "run has (each counts once, whatever its size in ns); it weighs every "
		 "operation the same, so read it beside the ranked differences, not "
		 "instead of them.", p->rk.geo_n);
	doc_para_full(p->d, DOC_NOTE, NULL, note, NULL);
}

/* The charts drawn, each with its note beneath. */
static void charts(struct page *p)
{
	doc_section(p->d, "charts", "Charts");
	for (size_t i = 0; i < p->charts->n; i++)
		if (p->charts->e[i].drawn)
			part_chart(p->d, &p->charts->e[i]);
}

static const char *regression(const struct page *p, const struct cmp_row *row, size_t r)
{
	return isfinite(p->fail_above) && cmp_regressed(row, r, p->fail_above) ?
	       ", REGRESSION" : "";
}

/* A run's cell in the full table: "3.00 us, x30.0 [16.9, 53.2]; gate: ...". */
static void full_cell(const struct page *p, size_t i, size_t r, struct row *w)
{
	const struct cmp_row *row = &p->t->rows[i];
	const struct rank_cell *rc = cmp_rank_cell(&p->rk, i, r);
	char ns[32], ratio[96], gate[160];

	fmt_ns(row->it[r]->stats.p50, ns, sizeof(ns));
	if (r == 0) {
		set(w, r + 1, "%s", ns);
		return;
	}
	cmp_rank_ratio_text(rc, ratio, sizeof(ratio));
	cmp_gate_text(row, r, gate, sizeof(gate));
	set(w, r + 1, "%s, %s%s%s", ns, ratio, gate, regression(p, row, r));
	w->c[r + 1].cls = sign_class(rc);
}

/* compare.md's shorter cell: the ratio alone ("x30.0"), the gate's word after it. */
static void short_cell(const struct page *p, size_t i, size_t r, struct row *w)
{
	const struct cmp_row *row = &p->t->rows[i];
	const struct rank_cell *rc = cmp_rank_cell(&p->rk, i, r);
	char v[32], gate[160];

	if (r == 0) {
		set(w, r + 1, "%s", fmt_ns(row->it[0]->stats.p50, v, sizeof(v)));
		return;
	}
	cmp_gate_text(row, r, gate, sizeof(gate));
	set(w, r + 1, "x%s%s%s", fmt_num(rc->ratio, v, sizeof(v)), gate, regression(p, row, r));
	w->c[r + 1].cls = sign_class(rc);
}

static bool any_significant(const struct page *p, size_t i)
{
	for (size_t r = 1; r < p->nruns; r++)
		if (cmp_rank_cell(&p->rk, i, r)->sign)
			return true;
	return false;
}

/* "operation", then a column per run (@first: the first one's header). */
static struct doc_table *full_table(struct page *p, const char *first)
{
	const char *head[CMP_MAX_RUNS + 1] = { "operation" };
	char align[CMP_MAX_RUNS + 2];

	for (size_t r = 0; r < p->nruns; r++) {
		head[r + 1] = r ? p->runs[r].label : first;
		align[r] = r ? 'r' : 'l';
	}
	align[p->nruns] = 'r';
	align[p->nruns + 1] = '\0';
	return doc_table(p->d, NULL, p->nruns + 1, head, align);
}

/* Every shared operation, largest difference first, in both cuts (enum doc_for). */
static void full_rows(struct page *p, struct doc_table *full, struct doc_table *sig)
{
	for (size_t k = 0; k < p->rk.nrows; k++) {
		size_t i = p->rk.order[k];
		struct row *w = row_clear(&(struct row){ 0 });

		rd_row_words(p->t->rows[i].it[0], w->text[0], CELL);
		for (size_t r = 0; r < p->nruns; r++)
			full_cell(p, i, r, w);
		doc_row_cells(full, w->c);
		if (!any_significant(p, i))
			continue;
		for (size_t r = 0; r < p->nruns; r++) {
			w->c[r + 1].cls = NULL;
			short_cell(p, i, r, w);
		}
		doc_row_cells(sig, w->c);
	}
}

/* The first operation some run lacks, in words: what the page left out. */
static void missing_example(const struct page *p, char *buf, size_t len)
{
	char key[256], w[256];

	buf[0] = '\0';
	for (size_t r = 0; r < p->nruns; r++)
		for (size_t i = 0; i < p->runs[r].nitems; i++) {
			rd_key(&p->runs[r].items[i], key, sizeof(key));
			for (size_t o = 0; o < p->nruns; o++)
				if (!rd_find_key(&p->runs[o], key)) {
					snprintf(buf, len, "%s (in %s, not in %s)",
						 rd_row_words(&p->runs[r].items[i], w, sizeof(w)),
						 p->runs[r].label, p->runs[o].label);
					return;
				}
		}
}

static void full_note(const struct page *p, char *s, size_t len)
{
	char missing[400];
	size_t used;

	missing_example(p, missing, sizeof(missing));
	used = (size_t)snprintf(s, len, "Each run's p50 and its ratio to %s with the "
				"interval; coloured only where the difference is "
				"significant. Sorted: significant differences first, each "
				"group by its largest effect.", ref(p));
	if (p->t->nmissing && used < len)
		snprintf(s + used, len - used, " %zu operations are not in every run and "
			 "are left out, e.g. %s.", p->t->nmissing, missing);
}

/*
 * Collapsed: every shared operation.  compare.html has them all with
 * their p50s and intervals; compare.md only the significant ones, the
 * ratio alone, and says so.
 */
static void every_operation(struct page *p)
{
	struct doc_table *full, *sig;
	char text[768], ref_p50[CELL];
	size_t nsig = 0;

	for (size_t i = 0; i < p->rk.nrows; i++)
		nsig += any_significant(p, i);
	doc_for(p->d, DOC_FOR_HTML);
	snprintf(text, sizeof(text), "Every operation in all runs (%zu)", p->rk.nrows);
	doc_details(p->d, "ratios", 2, text);
	doc_for(p->d, DOC_FOR_MD);
	snprintf(text, sizeof(text), "Every operation with a significant difference "
		 "(%zu of %zu)", nsig, p->rk.nrows);
	doc_details(p->d, "significant", 2, text);
	doc_for(p->d, DOC_FOR_BOTH);
	full_note(p, text, sizeof(text));
	doc_para_full(p->d, DOC_NOTE, NULL, text, NULL);
	doc_for(p->d, DOC_FOR_MD);
	doc_para(p->d, "Here the ratio alone; the intervals, the p50s and the operations "
		 "without a significant difference are in compare.html (\"Every operation "
		 "in all runs\").");
	doc_for(p->d, DOC_FOR_HTML);
	full = full_table(p, ref(p));
	doc_for(p->d, DOC_FOR_MD);
	snprintf(ref_p50, sizeof(ref_p50), "%s p50", ref(p));
	sig = full_table(p, ref_p50);
	doc_for(p->d, DOC_FOR_BOTH);
	full_rows(p, full, sig);
	doc_details_end(p->d);
}

/* Collapsed: every fact of the old side-by-side platforms table, one row per fact. */
static void facts(struct page *p)
{
	const char *head[CMP_MAX_RUNS + 1] = { "fact" };
	struct doc_table *t;

	for (size_t r = 0; r < p->nruns; r++)
		head[r + 1] = p->runs[r].label;
	doc_details(p->d, "facts", 2, "Every platform fact side by side");
	t = doc_table(p->d, NULL, p->nruns + 1, head, NULL);
	for (int f = 0; f <= PF_COUNT; f++) {
		struct row *w = row_clear(&(struct row){ 0 });

		set(w, 0, "%s", f < PF_COUNT ? pf_names[f] : "timing floor");
		for (size_t r = 0; r < p->nruns; r++)
			if (f < PF_COUNT)
				pf_value(&p->runs[r], f, w->text[r + 1], CELL);
			else
				floor_text(&p->runs[r], w->text[r + 1], CELL);
		doc_row_cells(t, w->c);
	}
	doc_details_end(p->d);
}

/* How many runs, which is the reference, what a ratio means, what to distrust. */
static void intro(const struct page *p)
{
	size_t labs = 0, used, len = 1536;
	char s[1536];

	for (size_t r = 0; r < p->nruns; r++)
		labs += lab(&p->runs[r]);
	used = (size_t)snprintf(s, len, "%zu runs; the reference is %s (the first given): "
				"every ratio is a run's figure over %s's, above 1 slower.",
				p->nruns, ref(p), ref(p));
	if (labs && used < len)
		used += (size_t)snprintf(s + used, len - used, " %s lab runs: timings are "
					 "emulated (QEMU/TCG) and show the shape of the costs, "
					 "not hardware speed.",
					 labs == p->nruns ? "All are" : "Some are");
	for (size_t r = 0; r < p->nruns && used < len; r++)
		if (!p->runs[r].complete)
			used += (size_t)snprintf(s + used, len - used, " %s is incomplete (%s).",
						 p->runs[r].label, p->runs[r].why_incomplete ?
						 p->runs[r].why_incomplete : "no reason recorded");
	doc_para(p->d, "%s", s);
}

static void find_links(struct page *p, const char *outdir)
{
	for (size_t r = 0; r < p->nruns; r++) {
		cmp_report_link(outdir, p->runs[r].dir, "report.html", p->html[r],
				sizeof(p->html[r]));
		cmp_report_link(outdir, p->runs[r].dir, "report.md", p->md[r], sizeof(p->md[r]));
	}
}

struct doc *compare_page(const struct rd_run *runs, size_t nruns, const struct cmp_table *t,
			 double fail_above, const struct chart_list *charts_drawn,
			 const char *outdir)
{
	struct page *p = calloc(1, sizeof(*p));
	struct report_doc in = { .runs = runs, .nruns = nruns };
	char title[512], labels[400];
	struct doc *d = NULL;

	if (!p)
		return NULL;
	*p = (struct page){ .runs = runs, .nruns = nruns, .t = t, .fail_above = fail_above,
			    .charts = charts_drawn };
	if (cmp_rank_build(t, runs, &p->rk))
		goto out;
	find_links(p, outdir);
	part_labels(&in, labels, sizeof(labels));
	snprintf(title, sizeof(title), "dmabench compare: %s", labels);
	p->d = doc_new(title);
	if (!p->d)
		goto out;
	intro(p);
	platforms_table(p);
	attrs_table_rows(p);
	dmabuf_table_rows(p);
	differences(p);
	overall(p);
	charts(p);
	every_operation(p);
	facts(p);
	d = p->d;
out:
	cmp_rank_free(&p->rk);
	free(p);
	return d;
}

int compare_page_render(const struct rd_run *runs, size_t nruns, const char *outdir,
			const struct cmp_table *t, double fail_above,
			char *why, size_t len)
{
	struct chart_list *charts_drawn = calloc(1, sizeof(*charts_drawn));
	char chart_dir[PATH_MAX];
	struct doc *d = NULL;
	int ret = -1;

	if (!charts_drawn) {
		snprintf(why, len, "out of memory");
		return -1;
	}
	if (part_draw_charts(runs, nruns, outdir, chart_dir, sizeof(chart_dir), charts_drawn,
			     why, len))
		goto out;
	d = compare_page(runs, nruns, t, fail_above, charts_drawn, outdir);
	if (!d) {
		snprintf(why, len, "out of memory");
		goto out;
	}
	d->chart_dir = chart_dir;
	ret = part_write_pages(d, outdir, "compare", why, len);
out:
	doc_free(d);
	free(charts_drawn);
	return ret;
}
