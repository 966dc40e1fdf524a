// SPDX-License-Identifier: GPL-2.0
/* compare's page: what it says (the tables and sentences); see compare_page.h. */
#include "report/compare_page.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/atomicfile.h"
#include "report/compare_emit.h"
#include "report/compare_links.h"
#include "report/doc.h"
#include "report/compare_rank.h"
#include "report/fmt.h"
#include "report/run_charts.h"
#include "report/tables.h"
#include "results/row_words.h"
#include "results/verify_summary.h"

struct page {
	const struct rd_run *runs;
	size_t nruns;
	const struct cmp_table *t;
	double fail_above;
	struct cmp_rank rk;
	struct chart_list *charts;
	char chart_dir[PATH_MAX];
	char html[CMP_MAX_RUNS][CP_HREF];	/* each run's report.html, relative */
	char md[CMP_MAX_RUNS][CP_HREF];		/* its report.md */
	struct cp_table platforms, ranked, overall, full, full_sig, facts;
	char intro[1536], ranked_note[2048], overall_note[512], full_note[768];
};

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

static void link_cell(struct cp_cell *c, const char *href, const char *text)
{
	if (href[0]) {
		cp_set(c, "%s", text);
		snprintf(c->href, sizeof(c->href), "%s", href);
	} else {
		cp_set(c, "not written (dmabench report DIR)");
	}
}

/* One row per run: what tells the platforms apart, and its own reports. */
static void platforms_table(struct page *p)
{
	static const char *const head[] = {
		"platform", "kernel", "IOMMU", "swiotlb", "streaming coherent",
		"device DMA without a sync", "repetitions", "report", "Markdown",
	};
	struct cp_table *t = &p->platforms;
	struct cp_cell *c = (cp_table_init(t, 9, "lllllllll"), cp_row(t));

	for (size_t i = 0; c && i < 9; i++)
		cp_set(&c[i], "%s", head[i]);
	for (size_t r = 0; r < p->nruns && (c = cp_row(t)); r++) {
		const struct rd_run *run = &p->runs[r];
		struct verify_summary vs;

		verify_summary_of(run, &vs);
		cp_set(&c[0], "%s%s%s", run->label, lab(run) ? " (lab)" : "",
		       run->complete ? "" : ", incomplete");
		if (p->html[r][0])
			snprintf(c[0].href, sizeof(c[0].href), "%s", p->html[r]);
		cp_set(&c[1], "%s", rd_platform_str(run, "kernel"));
		cp_set(&c[2], "%s", rd_platform_str(run, "iommu"));
		cp_set(&c[3], "%s", yes_no(json_object_get(run->info, "swiotlb")));
		cp_set(&c[4], "%s", yes_no(json_object_get(run->info, "streaming_coherent")));
		verify_summary_coherent(&vs, c[5].text, sizeof(c[5].text));
		if (run->n_reps)
			cp_set(&c[6], "%u", run->n_reps);
		else
			cp_set(&c[6], "single run");
		link_cell(&c[7], p->html[r], "report.html");
		link_cell(&c[8], p->md[r], "report.md");
	}
}

/* "x1.23 [1.10, 1.37]" and "(8 reps)" or "(within-run)" after it. */
static void ratio_cell(struct cp_cell *c, const struct rank_cell *rc)
{
	char ratio[96];

	cmp_rank_ratio_text(rc, ratio, sizeof(ratio));
	cp_set(c, "%s", ratio);
	c->cls = rc->sign > 0 ? "slower" : rc->sign < 0 ? "faster" : NULL;
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

static void ranked_row(struct page *p, const struct rank_entry *e, size_t rank)
{
	const struct cmp_row *row = &p->t->rows[e->row];
	const struct rank_cell *rc = cmp_rank_cell(&p->rk, e->row, e->run);
	struct cp_cell *c = cp_row(&p->ranked);
	char a[32], b[32];

	if (!c)
		return;
	cp_set(&c[0], "%zu", rank);
	rd_row_words(row->it[0], c[1].text, sizeof(c[1].text));
	cp_set(&c[2], "%s", p->runs[e->run].label);
	cmp_rank_verdict_text(rc, ref(p), c[3].text, sizeof(c[3].text));
	c[3].cls = rc->sign > 0 ? "slower" : "faster";
	ratio_cell(&c[4], rc);
	c[4].cls = NULL;	/* one coloured cell a row is enough */
	cp_set(&c[5], "%s", fmt_ns(rc->ref_ns, a, sizeof(a)));
	cp_set(&c[6], "%s", fmt_ns(rc->ns, b, sizeof(b)));
	basis_short(rc, c[7].text, sizeof(c[7].text));
}

static void ranked_table(struct page *p)
{
	size_t shown[CMP_MAX_RUNS] = { 0 }, cap = per_run_cap(p), n = 0;
	struct cp_cell *c;

	cp_table_init(&p->ranked, 8, "rlllrrrl");
	c = cp_row(&p->ranked);
	if (c) {
		cp_set(&c[0], "#");
		cp_set(&c[1], "operation");
		cp_set(&c[2], "platform");
		cp_set(&c[3], "difference");
		cp_set(&c[4], "ratio [interval]");
		cp_set(&c[5], "p50 %s", ref(p));
		cp_set(&c[6], "p50 there");
		cp_set(&c[7], "judged from");
	}
	for (size_t i = 0; i < p->rk.nranked; i++) {
		const struct rank_entry *e = &p->rk.ranked[i];

		if (shown[e->run] >= cap)
			continue;
		shown[e->run]++;
		ranked_row(p, e, ++n);
	}
}

/* Per run: how many operations it is slower, faster, level in, and the geometric mean. */
static void overall_table(struct page *p)
{
	struct cp_cell *c;
	char g[32];

	cp_table_init(&p->overall, 6, "lrrrrr");
	c = cp_row(&p->overall);
	if (c) {
		cp_set(&c[0], "platform");
		cp_set(&c[1], "geometric mean of ratios to %s", ref(p));
		cp_set(&c[2], "slower in");
		cp_set(&c[3], "faster in");
		cp_set(&c[4], "no measurable difference");
		cp_set(&c[5], "not judged");
	}
	for (size_t r = 1; r < p->nruns && (c = cp_row(&p->overall)); r++) {
		size_t n[4] = { 0 };	/* slower, faster, level, unjudged */

		for (size_t i = 0; i < p->rk.nrows; i++) {
			const struct rank_cell *rc = cmp_rank_cell(&p->rk, i, r);

			n[rc->sign > 0 ? 0 : rc->sign < 0 ? 1 : rc->basis == RANK_NONE ? 3 : 2]++;
		}
		cp_set(&c[0], "%s", p->runs[r].label);
		cp_set(&c[1], "x%s", fmt_num(p->rk.geomean[r], g, sizeof(g)));
		cp_set(&c[2], "%zu", n[0]);
		cp_set(&c[3], "%zu", n[1]);
		cp_set(&c[4], "%zu", n[2]);
		cp_set(&c[5], "%zu", n[3]);
	}
	snprintf(p->overall_note, sizeof(p->overall_note),
		 "The geometric mean is over the %zu operations every run has (each "
		 "counts once, whatever its size in ns); it weighs every operation the "
		 "same, so read it beside the ranked differences, not instead of them.",
		 p->rk.geo_n);
}

/* A run's cell in the full table: "3.00 us, x30.0 [16.9, 53.2]; gate: ...". */
static void full_cell(struct page *p, const struct cmp_row *row, size_t r, struct cp_cell *c)
{
	const struct rank_cell *rc = cmp_rank_cell(&p->rk, (size_t)(row - p->t->rows), r);
	char ns[32], ratio[96], gate[160];

	fmt_ns(row->it[r]->stats.p50, ns, sizeof(ns));
	if (r == 0) {
		cp_set(c, "%s", ns);
		return;
	}
	cmp_rank_ratio_text(rc, ratio, sizeof(ratio));
	cmp_gate_text(row, r, gate, sizeof(gate));
	cp_set(c, "%s, %s%s%s", ns, ratio, gate,
	       isfinite(p->fail_above) && cmp_regressed(row, r, p->fail_above) ?
	       ", REGRESSION" : "");
	c->cls = rc->sign > 0 ? "slower" : rc->sign < 0 ? "faster" : NULL;
}

/* compare.md's shorter cell: the ratio alone ("x30.0"), the gate's word after it. */
static void short_cell(struct page *p, const struct cmp_row *row, size_t r, struct cp_cell *c)
{
	const struct rank_cell *rc = cmp_rank_cell(&p->rk, (size_t)(row - p->t->rows), r);
	char v[32], gate[160];

	if (r == 0) {
		cp_set(c, "%s", fmt_ns(row->it[0]->stats.p50, v, sizeof(v)));
		return;
	}
	cmp_gate_text(row, r, gate, sizeof(gate));
	cp_set(c, "x%s%s%s", fmt_num(rc->ratio, v, sizeof(v)), gate,
	       isfinite(p->fail_above) && cmp_regressed(row, r, p->fail_above) ?
	       ", REGRESSION" : "");
	c->cls = rc->sign > 0 ? "slower" : rc->sign < 0 ? "faster" : NULL;
}

static bool any_significant(const struct page *p, size_t i)
{
	for (size_t r = 1; r < p->nruns; r++)
		if (cmp_rank_cell(&p->rk, i, r)->sign)
			return true;
	return false;
}

static void full_header(struct page *p, struct cp_table *t)
{
	struct cp_cell *c = (cp_table_init(t, p->nruns + 1, NULL), cp_row(t));

	if (!c)
		return;
	cp_set(&c[0], "operation");
	for (size_t r = 0; r < p->nruns; r++)
		cp_set(&c[r + 1], "%s", p->runs[r].label);
	for (size_t r = 0; r <= p->nruns; r++)
		t->align[r] = r ? 'r' : 'l';
}

/* Every shared operation, largest difference first (compare.md: the significant ones). */
static void full_tables(struct page *p)
{
	full_header(p, &p->full);
	full_header(p, &p->full_sig);
	if (p->full_sig.nrows)
		cp_set(&p->full_sig.cells[1], "%s p50", ref(p));
	for (size_t k = 0; k < p->rk.nrows; k++) {
		size_t i = p->rk.order[k];
		bool sig = any_significant(p, i);
		struct cp_cell *c = cp_row(&p->full), *s = sig ? cp_row(&p->full_sig) : NULL;

		if (!c)
			return;
		rd_row_words(p->t->rows[i].it[0], c[0].text, sizeof(c[0].text));
		for (size_t r = 0; r < p->nruns; r++)
			full_cell(p, &p->t->rows[i], r, &c[r + 1]);
		if (!s)
			continue;
		memcpy(s[0].text, c[0].text, sizeof(s[0].text));
		for (size_t r = 0; r < p->nruns; r++)
			short_cell(p, &p->t->rows[i], r, &s[r + 1]);
	}
}

/* Every fact of the old side-by-side platforms table, one row per fact. */
static void facts_table(struct page *p)
{
	struct cp_cell *c = (cp_table_init(&p->facts, p->nruns + 1, NULL), cp_row(&p->facts));

	if (c) {
		cp_set(&c[0], "fact");
		for (size_t r = 0; r < p->nruns; r++)
			cp_set(&c[r + 1], "%s", p->runs[r].label);
	}
	for (int f = 0; f < PF_COUNT && (c = cp_row(&p->facts)); f++) {
		cp_set(&c[0], "%s", pf_names[f]);
		for (size_t r = 0; r < p->nruns; r++)
			pf_value(&p->runs[r], f, c[r + 1].text, sizeof(c[r + 1].text));
	}
	if ((c = cp_row(&p->facts))) {
		cp_set(&c[0], "timing floor");
		for (size_t r = 0; r < p->nruns; r++)
			floor_text(&p->runs[r], c[r + 1].text, sizeof(c[r + 1].text));
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

static void intro(struct page *p)
{
	size_t labs = 0, used;
	char *s = p->intro;

	for (size_t r = 0; r < p->nruns; r++)
		labs += lab(&p->runs[r]);
	used = (size_t)snprintf(s, sizeof(p->intro), "%zu runs; the reference is %s (the "
				"first given): every ratio is a run's figure over %s's, "
				"above 1 slower.", p->nruns, ref(p), ref(p));
	if (labs && used < sizeof(p->intro))
		used += (size_t)snprintf(s + used, sizeof(p->intro) - used,
					 " %s lab runs: timings are emulated (QEMU/TCG) and "
					 "show the shape of the costs, not hardware speed.",
					 labs == p->nruns ? "All are" : "Some are");
	for (size_t r = 0; r < p->nruns && used < sizeof(p->intro); r++)
		if (!p->runs[r].complete)
			used += (size_t)snprintf(s + used, sizeof(p->intro) - used,
						 " %s is incomplete (%s).", p->runs[r].label,
						 p->runs[r].why_incomplete ?
						 p->runs[r].why_incomplete : "no reason recorded");
}

/* How the ranking was judged: counts, the basis, the caveats. */
static void ranked_note(struct page *p)
{
	const struct cmp_rank *rk = &p->rk;
	size_t used, len = sizeof(p->ranked_note);
	char *s = p->ranked_note;

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

static void full_note(struct page *p)
{
	char missing[400];
	size_t used;

	missing_example(p, missing, sizeof(missing));
	used = (size_t)snprintf(p->full_note, sizeof(p->full_note),
				"Each run's p50 and its ratio to %s with the interval; coloured "
				"only where the difference is significant. Sorted: "
				"significant differences first, each group by its largest "
				"effect.", ref(p));
	if (p->t->nmissing && used < sizeof(p->full_note))
		snprintf(p->full_note + used, sizeof(p->full_note) - used,
			 " %zu operations are not in every run and are left out, e.g. %s.",
			 p->t->nmissing, missing);
}

static void find_links(struct page *p, const char *outdir)
{
	for (size_t r = 0; r < p->nruns; r++) {
		cmp_report_link(outdir, p->runs[r].dir, "report.html", p->html[r],
				sizeof(p->html[r]));
		cmp_report_link(outdir, p->runs[r].dir, "report.md", p->md[r], sizeof(p->md[r]));
	}
}

static bool any_oom(const struct page *p)
{
	return p->platforms.oom || p->ranked.oom || p->overall.oom || p->full.oom ||
	       p->full_sig.oom || p->facts.oom;
}

static int build(struct page *p, const char *outdir)
{
	if (cmp_rank_build(p->t, p->runs, &p->rk))
		return -1;
	find_links(p, outdir);
	platforms_table(p);
	ranked_table(p);
	overall_table(p);
	full_tables(p);
	facts_table(p);
	intro(p);
	ranked_note(p);
	full_note(p);
	return any_oom(p) ? -1 : 0;
}

static void page_free(struct page *p)
{
	cmp_rank_free(&p->rk);
	cp_table_free(&p->platforms);
	cp_table_free(&p->ranked);
	cp_table_free(&p->overall);
	cp_table_free(&p->full);
	cp_table_free(&p->full_sig);
	cp_table_free(&p->facts);
	free(p->charts);
}

static void title_text(FILE *f, const struct page *p, void (*text)(FILE *, const char *))
{
	fputs("dmabench compare: ", f);
	for (size_t r = 0; r < p->nruns; r++) {
		fputs(r ? " vs " : "", f);
		text(f, p->runs[r].label);
	}
}

static const char css[] =
	"body{font-family:sans-serif;max-width:1300px;margin:1em auto;padding:0 1em;"
	"color:#222}\n"
	"table{border-collapse:collapse;font-size:12px;margin:0.5em 0}\n"
	"th,td{border:1px solid #ccc;padding:2px 6px;text-align:left;vertical-align:top}\n"
	"th{background:#f0f0f0}td.num,th.num{text-align:right;white-space:nowrap}\n"
	".slower{background:#fde2e2}.faster{background:#e2f6e2}\n"
	"p.note{font-size:13px;color:#444;max-width:1100px}\n"
	"details{margin:1em 0}summary{font-size:1.2em;font-weight:bold;cursor:pointer}\n"
	"figure{margin:1em 0;display:inline-block;width:49%;vertical-align:top}\n"
	"figcaption{font-size:13px;color:#555}\n"
	"svg{max-width:100%;height:auto}\n"
	".wide{overflow-x:auto}\n";

static void html_para(FILE *f, const char *cls, const char *text)
{
	fprintf(f, "<p%s%s%s>", cls ? " class=\"" : "", cls ? cls : "", cls ? "\"" : "");
	cp_html_text(f, text);
	fputs("</p>\n", f);
}

static int html_charts(FILE *f, const struct page *p)
{
	int ret;

	fputs("<section id=\"charts\"><h2>Charts</h2>\n", f);
	for (size_t i = 0; i < p->charts->n; i++) {
		const struct chart_entry *e = &p->charts->e[i];

		if (!e->drawn)
			continue;
		fprintf(f, "<figure id=\"chart-%s\">\n", e->name);
		ret = html_inline_svg(f, p->chart_dir, e->name);
		if (ret)
			return ret;
		fputs("<figcaption>", f);
		cp_html_text(f, e->title);
		fputs("</figcaption></figure>\n", f);
	}
	fputs("</section>\n", f);
	return 0;
}

static int html_write(FILE *f, void *arg)
{
	const struct page *p = arg;
	int ret;

	fputs("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>", f);
	title_text(f, p, cp_html_text);
	fprintf(f, "</title>\n<style>\n%s</style></head><body>\n<h1>", css);
	title_text(f, p, cp_html_text);
	fputs("</h1>\n", f);
	html_para(f, NULL, p->intro);
	fputs("<section id=\"platforms\"><h2>Platforms</h2>\n", f);
	cp_html_table(f, &p->platforms, NULL);
	fputs("</section>\n<section id=\"differences\"><h2>Where the platforms differ</h2>\n", f);
	html_para(f, "note", p->ranked_note);
	if (p->ranked.nrows > 1)
		cp_html_table(f, &p->ranked, "ranked");
	else
		html_para(f, NULL, "No difference outside the noise.");
	fputs("</section>\n<section id=\"overall\"><h2>Overall</h2>\n", f);
	cp_html_table(f, &p->overall, NULL);
	html_para(f, "note", p->overall_note);
	fputs("</section>\n", f);
	ret = html_charts(f, p);
	if (ret)
		return ret;
	fprintf(f, "<details id=\"ratios\"><summary>Every operation in all runs (%zu)</summary>\n",
		p->rk.nrows);
	html_para(f, "note", p->full_note);
	cp_html_table(f, &p->full, NULL);
	fputs("</details>\n<details id=\"facts\"><summary>Every platform fact side by "
	      "side</summary>\n", f);
	cp_html_table(f, &p->facts, NULL);
	fputs("</details>\n</body></html>\n", f);
	return ferror(f) ? -EIO : 0;
}

static void md_para(FILE *f, const char *text)
{
	fputs(text, f);
	fputs("\n\n", f);
}

static void md_charts(FILE *f, const struct page *p)
{
	fputs("## Charts\n\n", f);
	for (size_t i = 0; i < p->charts->n; i++)
		if (p->charts->e[i].drawn)
			fprintf(f, "![%s](charts/%s.png)\n\n", p->charts->e[i].title,
				p->charts->e[i].name);
}

static int md_write(FILE *f, void *arg)
{
	const struct page *p = arg;

	fputs("# ", f);
	title_text(f, p, md_cell_text);
	fputs("\n\n", f);
	md_para(f, p->intro);
	fputs("## Platforms\n\n", f);
	cp_md_table(f, &p->platforms);
	fputs("## Where the platforms differ\n\n", f);
	md_para(f, p->ranked_note);
	if (p->ranked.nrows > 1)
		cp_md_table(f, &p->ranked);
	else
		md_para(f, "No difference outside the noise.");
	fputs("## Overall\n\n", f);
	cp_md_table(f, &p->overall);
	md_para(f, p->overall_note);
	md_charts(f, p);
	fprintf(f, "## Every operation with a significant difference (%zu of %zu)\n\n",
		p->full_sig.nrows - 1, p->rk.nrows);
	md_para(f, p->full_note);
	md_para(f, "Here the ratio alone; the intervals, the p50s and the operations "
		"without a significant difference are in compare.html (\"Every operation "
		"in all runs\").");
	cp_md_table(f, &p->full_sig);
	fputs("## Every platform fact side by side\n\n", f);
	cp_md_table(f, &p->facts);
	return ferror(f) ? -EIO : 0;
}

static int write_file(const char *outdir, const char *name, atomicfile_writer fn,
		      struct page *p, char *why, size_t len)
{
	char path[PATH_MAX];
	int ret;

	snprintf(path, sizeof(path), "%s/%s", outdir, name);
	ret = atomicfile_write(path, fn, p);
	if (ret)
		snprintf(why, len, "cannot write %s: %s", path, strerror(-ret));
	return ret ? -1 : 0;
}

static int draw(struct page *p, const char *outdir, char *why, size_t len)
{
	int ret;

	snprintf(p->chart_dir, sizeof(p->chart_dir), "%s/charts", outdir);
	ret = mkdir_p(p->chart_dir);
	if (ret) {
		snprintf(why, len, "cannot create %s: %s", p->chart_dir, strerror(-ret));
		return -1;
	}
	p->charts = calloc(1, sizeof(*p->charts));
	if (!p->charts) {
		snprintf(why, len, "out of memory");
		return -1;
	}
	return report_charts(p->runs, p->nruns, p->chart_dir, p->charts, why, len);
}

int compare_page_render(const struct rd_run *runs, size_t nruns, const char *outdir,
			const struct cmp_table *t, double fail_above,
			char *why, size_t len)
{
	struct page *p = calloc(1, sizeof(*p));
	int ret = -1;

	if (!p) {
		snprintf(why, len, "out of memory");
		return -1;
	}
	*p = (struct page){ .runs = runs, .nruns = nruns, .t = t, .fail_above = fail_above };
	if (draw(p, outdir, why, len))
		goto out;
	if (build(p, outdir)) {
		snprintf(why, len, "out of memory");
		goto out;
	}
	ret = write_file(outdir, "compare.html", html_write, p, why, len) ||
	      write_file(outdir, "compare.md", md_write, p, why, len) ? -1 : 0;
out:
	page_free(p);
	free(p);
	return ret;
}
