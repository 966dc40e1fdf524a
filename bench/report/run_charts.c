// SPDX-License-Identifier: GPL-2.0
/*
 * What each report chart shows; see run_charts.h.
 *
 * Every line or bar is a (run, kind, variant): the kind gives its colour
 * (chart_style.h's table, the same on every chart), the run its panel when
 * comparing, and the variant (direction, cache state, sg layout) its panel
 * in a single run's chart, or its dash or point type when comparing.
 */
#include "report/run_charts.h"

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/chart_ctx.h"
#include "report/dmabuf_chart.h"
#include "core/names.h"
#include "core/units.h"
#include "report/fmt.h"
#include "report/verdict.h"
#include "report/verdict_attrs.h"
#include "results/row_words.h"

#define BAND_NOTE "line: p50; band: p10..p90 (p10 from samples.csv, min where it has none)"
#define TIMER_WHY "Not drawn: under QEMU/TCG the DMA engine of edu is a ~100 ms timer, so " \
	"these times are flat across sizes and say nothing about a device. The host-side " \
	"chart and the phase chart show what the CPU side costs."

static bool is(const char *s, const char *want)
{
	return s && want && !strcmp(s, want);
}

/* ---- the line charts' series ---------------------------------------------- */

static struct xy_series *line(struct chart_ctx *c, size_t run, const char *kind,
			      const char *variant)
{
	char title[96];
	struct xy_series *s;

	snprintf(title, sizeof(title), "%s%s%s%s%s", c->nruns > 1 ? c->runs[run].label : "",
		 c->nruns > 1 ? ": " : "", kind ? kind : "", kind && *variant ? " " : "",
		 variant);
	s = xy_series_get(c->xy, title);
	if (s)
		cc_tag_set(&c->tags[s - c->xy->series], run, kind, variant);
	return s;
}

static void add_point(struct xy_series *s, double x, const struct rd_item *it)
{
	if (s)
		xy_add(s, x, it->stats.p50,
		       isfinite(it->p10) ? it->p10 : it->stats.min, it->stats.p90);
}

/*
 * Panels, colours, dashes and the legend from the tags: comparing, a panel
 * per run; else a panel per variant when the lines are kinds.
 */
static void style_xy(struct chart_ctx *c)
{
	struct chart_head *h = &c->xy->head;
	struct names kinds = { 0 }, vars = { 0 };
	bool compare = c->nruns > 1;

	for (size_t i = 0; i < c->xy->nseries; i++) {
		if (c->tags[i].kind[0])
			cc_name_index(&kinds, c->tags[i].kind);
		cc_name_index(&vars, c->tags[i].variant);
	}
	cc_sort_kinds(&kinds);
	for (size_t i = 0; i < c->xy->nseries; i++) {
		struct xy_series *s = &c->xy->series[i];
		const struct tag *t = &c->tags[i];
		size_t v = cc_name_index(&vars, t->variant);
		int p;

		if (compare)
			p = chart_panel(h, c->runs[t->run].label);
		else
			p = chart_panel(h, kinds.n && vars.n > 1 ? t->variant : "");
		s->panel = p < 0 ? 0 : (size_t)p;
		snprintf(s->color, sizeof(s->color), "%s", t->kind[0] ?
			 cc_color_of(t->kind, cc_name_index(&kinds, t->kind)) : chart_other_color(v));
		s->dash = compare && kinds.n && vars.n > 1 ? (int)(v % 5) + 1 : 1;
	}
	for (size_t k = 0; k < kinds.n; k++)
		chart_key_add(h, kinds.v[k], cc_color_of(kinds.v[k], k), 1, 0);
	for (size_t v = 0; v < vars.n; v++) {
		if (!kinds.n)
			chart_key_add(h, vars.v[v][0] ? vars.v[v] : "-", chart_other_color(v), 1, 0);
		else if (compare && vars.n > 1)
			chart_key_add(h, vars.v[v][0] ? vars.v[v] : "-", "#555555",
				      (int)(v % 5) + 1, 0);
	}
}


/* Is every drawn line of the chart flat across sizes (chart_style.h)? */
static bool all_flat(const struct xy_chart *x)
{
	size_t n = 0;

	for (size_t i = 0; i < x->nseries; i++) {
		if (!x->series[i].n)
			continue;
		if (!chart_flat(x->series[i].x, x->series[i].y, x->series[i].n))
			return false;
		n++;
	}
	return n > 0;
}

/* Draw the scratch line chart; @timer: its figures may be edu's timer. */
static int finish_xy(struct chart_ctx *c, const char *section, bool timer)
{
	struct chart_entry *e;
	int ret;

	style_xy(c);
	e = cc_entry(c, &c->xy->head, section);
	if (timer && c->all_lab && all_flat(c->xy)) {
		ret = chart_draw_note(&c->xy->head, TIMER_WHY, c->dir, c->why, c->len);
		if (e) {
			e->artefact = ret == 0;
			snprintf(e->note, sizeof(e->note), "%s", TIMER_WHY);
		}
	} else {
		ret = chart_draw_xy(c->xy, c->dir, c->why, c->len);
	}
	if (e)
		e->drawn = ret == 0;
	return ret < 0 ? -1 : 0;
}


static const char LOWER[] = "lower is better", HIGHER[] = "higher is better";

static void new_xy(struct chart_ctx *c, bool logx, bool logy, bool band, enum chart_unit xunit)
{
	memset(c->xy, 0, sizeof(*c->xy));
	c->xy->logx = logx;
	c->xy->logy = logy;
	c->xy->band = band;
	c->xy->xunit = xunit;
	c->xy->yunit = CU_NS;
}

/* ---- latency vs size, one chart per operation ---------------------------- */

static const char *const latency_tests[] = {
	"alloc_free", "map_single", "map_page", "map_sg", "kernel_access", "transfer",
	"device_transfer",
};

/* Does @test measure @op in more than one direction (in any run)? */
static bool several_dirs(const struct chart_ctx *c, const char *test, const char *op)
{
	const char *first = NULL;

	for (size_t r = 0; r < c->nruns; r++)
		for (size_t i = 0; i < c->runs[r].nitems; i++) {
			const struct rd_item *it = &c->runs[r].items[i];

			if (!is(it->test, test) || !is(it->op, op) || !it->dir)
				continue;
			if (first && strcmp(first, it->dir))
				return true;
			first = it->dir;
		}
	return false;
}

/* map_sg's rows: one entry, or one entry per page; others stay off the chart. */
static const char *sg_entries(const struct rd_item *it)
{
	if (strcmp(it->test, "map_sg"))
		return "";
	if (it->entries == 1)
		return "1 entry";
	if (it->entries && it->entries == it->size / 4096)
		return "entry per page";
	return NULL;
}

static bool latency_row(const struct rd_item *it, const char *test, const char *op)
{
	return is(it->test, test) && is(it->op, op) && it->batch == 1 &&
	       it->threads == 1 &&
	       (!is(test, "transfer") || is(op, "total")) &&
	       (!is(test, "device_transfer") || is(op, "total") || is(op, "host_side"));
}

static void latency_series(struct chart_ctx *c, const char *test, const char *op)
{
	bool dirs = several_dirs(c, test, op);
	char v[64];

	for (size_t r = 0; r < c->nruns; r++)
		for (size_t i = 0; i < c->runs[r].nitems; i++) {
			const struct rd_item *it = &c->runs[r].items[i];
			const char *ent = sg_entries(it);

			if (!latency_row(it, test, op) || !ent)
				continue;
			snprintf(v, sizeof(v), "%s%s%s", dirs && it->dir ? it->dir : "",
				 dirs && it->dir && *ent ? ", " : "", ent);
			add_point(line(c, r, it->kind, v), (double)it->size, it);
		}
}

/* Does run @r have a row of @test @op before row @upto? */
static bool seen_op(const struct chart_ctx *c, size_t r, size_t upto, const char *test,
		    const char *op)
{
	long first = rd_first_op(&c->runs[r], test, op);

	return first >= 0 && (size_t)first < upto;
}

/* Has an earlier run already had a chart for @test @op? */
static bool charted(const struct chart_ctx *c, size_t run, const char *test, const char *op)
{
	for (size_t r = 0; r < run; r++)
		if (seen_op(c, r, c->runs[r].nitems, test, op))
			return true;
	return false;
}

static int latency_chart(struct chart_ctx *c, const char *test, const char *op)
{
	char name[64];

	snprintf(name, sizeof(name), "latency_%s_%s", test, op);
	for (char *p = name; *p; p++)
		if (*p == '+')
			*p = '_';
	new_xy(c, true, true, true, CU_BYTES);
	cc_head(&c->xy->head, name, is(test, "device_transfer") ? "bytes per transfer" :
		"buffer size (bytes per op)", "time per op (p50)", BAND_NOTE, LOWER,
	     "%s %s: latency vs size", test, op);
	latency_series(c, test, op);
	return finish_xy(c, "Latency vs size", is(test, "device_transfer") && is(op, "total"));
}

static int latency_charts(struct chart_ctx *c)
{
	for (size_t t = 0; t < sizeof(latency_tests) / sizeof(latency_tests[0]); t++)
		for (size_t r = 0; r < c->nruns; r++)
			for (size_t i = 0; i < c->runs[r].nitems; i++) {
				const struct rd_item *it = &c->runs[r].items[i];

				if (!latency_row(it, latency_tests[t], it->op) ||
				    seen_op(c, r, i, it->test, it->op) ||
				    charted(c, r, it->test, it->op))
					continue;
				if (latency_chart(c, it->test, it->op))
					return -1;
			}
	return 0;
}

/* ---- sync cost by direction, hot vs cold ---------------------------------- */

static int sync_chart(struct chart_ctx *c, const char *op)
{
	char name[64];

	snprintf(name, sizeof(name), "sync_%s", op);
	new_xy(c, true, true, true, CU_BYTES);
	cc_head(&c->xy->head, name, "bytes synced", "time per sync (p50)",
		"p50 with p10..p90 band; batched where the per-op p50 is below 20x the timing floor",
	     LOWER, "%s: cost vs size, cache hot vs cold", op);
	for (size_t r = 0; r < c->nruns; r++)
		for (size_t i = 0; i < c->runs[r].nitems; i++) {
			const struct rd_item *it = &c->runs[r].items[i];

			if (!is(it->test, "sync") || !is(it->op, op) || it->batch != 1)
				continue;
			/* below 20x the floor, the batched figure (DESIGN's floor rule) */
			add_point(line(c, r, it->kind, it->cache ? it->cache : ""),
				  (double)it->size, rd_floor_aware(&c->runs[r], it));
		}
	return finish_xy(c, "Sync", false);
}


/* ---- bandwidth: bars from zero, cached reference -------------------------- */

/* The size most rows of @test have (the larger on ties): one bar per row. */
static uint64_t common_size(const struct rd_run *run, const char *test)
{
	json_t *rows = json_object();	/* size -> rows of it: one pass */
	uint64_t best = 0;
	json_int_t best_n = 0;
	char key[24];

	for (size_t i = 0; rows && i < run->nitems; i++) {
		const struct rd_item *it = &run->items[i];
		json_int_t n;

		if (!is(it->test, test) || !isfinite(it->gbps))
			continue;
		snprintf(key, sizeof(key), "%" PRIu64, it->size);
		n = json_integer_value(json_object_get(rows, key)) + 1;
		json_object_set_new(rows, key, json_integer(n));
		if (n > best_n || (n == best_n && it->size > best))
			best = it->size, best_n = n;
	}
	json_decref(rows);
	return best;
}

/* Every panel's reference: the @ref_test/@ref_kind rows of its run. */
static void bw_refs(struct chart_ctx *c, const char *ref_test, const char *ref_kind,
		    uint64_t size)
{
	for (size_t p = 0; p < c->cat->head.npanels; p++) {
		size_t r = 0;

		while (c->nruns > 1 && r < c->nruns &&
		       strcmp(c->runs[r].label, c->cat->head.panel[p]))
			r++;
		for (size_t g = 0; r < c->nruns && g < c->cat->ngroups; g++) {
			struct rd_query q = { .test = ref_test, .kind = ref_kind,
					      .op = c->cat->group[g], .size = size };
			const struct rd_item *it = rd_find(&c->runs[r], &q);

			c->cat->ref[p][g] = it ? it->gbps : NAN;
		}
	}
	c->cat->has_ref = true;
}

static int bw_chart(struct chart_ctx *c, const char *test, const char *ref_test,
		    const char *ref_kind, const char *who)
{
	uint64_t size = common_size(&c->runs[0], test);
	char sz[32];

	cc_new_cat(c, false, CU_GBPS);
	cc_head(&c->cat->head, is(test, "user_access") ? "bandwidth_user" : "bandwidth_kernel",
		"", "bandwidth (GB/s, p50)", "", HIGHER, "%s bandwidth per kind "
	     "and access pattern, %s buffers", who, units_size(size, sz, sizeof(sz)));
	for (size_t r = 0; r < c->nruns; r++)
		for (size_t i = 0; i < c->runs[r].nitems; i++) {
			const struct rd_item *it = &c->runs[r].items[i];

			if (is(it->test, test) && it->size == size && it->batch == 1 &&
			    isfinite(it->gbps))
				cc_bar(c, r, it, it->op, "", true);
		}
	cc_style_cat(c);
	bw_refs(c, ref_test, ref_kind, size);
	snprintf(c->cat->ref_title, sizeof(c->cat->ref_title), "%s",
		 is(ref_kind, "cached") ? "cached memory (reference)" :
		 "streaming = cached pages (reference)");
	return cc_finish_cat(c, "Bandwidth", c->all_lab ? "Under TCG there are no caches and "
			     "no write-combining: equal bars here are no hardware finding." : NULL);
}

/* ---- caching transitions vs pages --------------------------------------- */

static int caching_chart(struct chart_ctx *c)
{
	struct verdict *v = malloc(sizeof(*v));
	char t[200], a[32], b[32];

	if (!v) {
		snprintf(c->why, c->len, "out of memory");
		return -1;
	}
	verdict_compute(&c->runs[0], v);
	new_xy(c, true, true, true, CU_PLAIN);
	snprintf(t, sizeof(t), "per page (fit%s): to wc %s, to uc %s; %s",
		 c->nruns > 1 ? ", first run" : "", fmt_ns(v->page_ns[VK_WC], a, sizeof(a)),
		 fmt_ns(v->page_ns[VK_UC], b, sizeof(b)), "band p10..p90");
	free(v);
	cc_head(&c->xy->head, "caching_transition", "pages switched per call",
		"time per call (p50)", t, LOWER, "Caching transitions (set_pages_array_* on a "
		"page array, set_memory_* on one contiguous range) vs page count");
	/*
	 * A line per kind and op: the range form's set_memory_* ops are their
	 * own.  The whole buffer in one call only: the batch-size rows
	 * (@entries pages a call, all at 4 MiB) are no page count.
	 */
	for (size_t r = 0; r < c->nruns; r++)
		for (size_t i = 0; i < c->runs[r].nitems; i++) {
			const struct rd_item *it = &c->runs[r].items[i];

			if (!is(it->test, "caching") || it->batch != 1 || it->entries)
				continue;
			add_point(line(c, r, it->kind, it->op), (double)it->size / 4096.0, it);
		}
	return finish_xy(c, "Caching and faults", false);
}

/* ---- fault-in and move per kind: dots on a log axis ------------------------ */

/* "switch_to_wc" of kind wc -> "switch_to_(wc|uc)", so wc and uc share a group. */
static void move_group(const struct rd_item *it, char *buf, size_t len)
{
	size_t n = strlen(it->op), k = it->kind ? strlen(it->kind) : 0;

	if (k && n > k && !strcmp(it->op + n - k, it->kind))
		snprintf(buf, len, "%.*swc/uc", (int)(n - k), it->op);
	else
		snprintf(buf, len, "%s", it->op);
}

static int per_kind_chart(struct chart_ctx *c, const char *test, const char *name,
			  const char *ylabel, const char *title)
{
	uint64_t size = 0;
	char g[48], sz[32];

	for (size_t i = 0; i < c->runs[0].nitems; i++)
		if (is(c->runs[0].items[i].test, test) && c->runs[0].items[i].size > size)
			size = c->runs[0].items[i].size;
	cc_new_cat(c, true, CU_NS);
	cc_head(&c->cat->head, name, "", ylabel, "dots: figures spanning decades, log scale",
		LOWER, "%s, %s buffers", title, units_size(size, sz, sizeof(sz)));
	for (size_t r = 0; r < c->nruns; r++)
		for (size_t i = 0; i < c->runs[r].nitems; i++) {
			const struct rd_item *it = &c->runs[r].items[i];

			if (!is(it->test, test) || it->size != size || it->batch != 1)
				continue;
			move_group(it, g, sizeof(g));
			cc_bar(c, r, it, g, "", false);
		}
	return cc_finish_cat(c, "Caching and faults", NULL);
}

/* ---- device transfer phases ---------------------------------------------- */

/*
 * The phases: map (page kinds) and sync_for_device (noncoherent) are both
 * the hand-over to the device, unmap and sync_for_cpu the hand-back.
 * device_dma and the total are edu's timer in the lab: left out there.
 * Comparing, only what the platforms differ in (the hand-overs, host side).
 */
static const struct { const char *op, *group; bool in_compare, timer; } dt_phases[] = {
	{ "cpu_write", "CPU copy", false, false }, { "cpu_read", "CPU copy", false, false },
	{ "map", "hand-over", true, false },
	{ "sync_for_device", "hand-over", true, false },
	{ "device_dma", "device DMA", false, true },
	{ "unmap", "hand-back", true, false },
	{ "sync_for_cpu", "hand-back", true, false },
	{ "total", "total", false, true }, { "host_side", "host side", true, false },
};

#define DT_PHASES	(sizeof(dt_phases) / sizeof(dt_phases[0]))

/* The longest device transfer of the first run: where the phases are compared. */
static uint64_t dt_length(const struct rd_run *run)
{
	uint64_t len = 0;

	for (size_t i = 0; i < run->nitems; i++)
		if (is(run->items[i].test, "device_transfer") && run->items[i].size > len)
			len = run->items[i].size;
	return len;
}

static bool dt_phase_shown(const struct chart_ctx *c, size_t p)
{
	return (c->nruns == 1 || dt_phases[p].in_compare) &&
	       !(dt_phases[p].timer && c->all_lab);
}

/* A dot per phase for every kind (colour) and direction (point), log scale. */
static int device_transfer_chart(struct chart_ctx *c)
{
	uint64_t len = dt_length(&c->runs[0]);

	cc_new_cat(c, true, CU_NS);
	cc_head(&c->cat->head, "device_transfer_phases", "", "time (p50, log scale)",
		"hand-over/back: map/unmap or syncs (noncoherent)",
	     LOWER, "Device transfer by phase%s%llu bytes", len ? ", " : " (none measured): ",
	     (unsigned long long)len);
	for (size_t p = 0; p < DT_PHASES; p++)
		for (size_t r = 0; r < c->nruns && dt_phase_shown(c, p); r++)
			for (size_t i = 0; i < c->runs[r].nitems; i++) {
				const struct rd_item *it = &c->runs[r].items[i];

				if (is(it->test, "device_transfer") && it->size == len &&
				    is(it->op, dt_phases[p].op))
					cc_bar(c, r, it, dt_phases[p].group, it->dir ? it->dir : "",
					       false);
			}
	return cc_finish_cat(c, "Device transfer", c->all_lab ? "device DMA and the total are "
			     "left out: under QEMU/TCG edu's engine is a ~100 ms timer, not a "
			  "device's speed." : NULL);
}

/* ---- sg iteration and thread scaling ------------------------------------- */

static int sg_iter_chart(struct chart_ctx *c)
{
	new_xy(c, true, true, true, CU_PLAIN);
	cc_head(&c->xy->head, "sg_iter", "sg entries", "time per walk (p50)", BAND_NOTE, LOWER,
		"sg table walk: for_each_sgtable_page vs for_each_sgtable_dma_page");
	for (size_t r = 0; r < c->nruns; r++)
		for (size_t i = 0; i < c->runs[r].nitems; i++) {
			const struct rd_item *it = &c->runs[r].items[i];

			if (!is(it->test, "sg_iter") || it->batch != 1 || !it->entries)
				continue;
			add_point(line(c, r, NULL, is(it->op, "sg_iter_dma") ?
				       "dma_page iterator" : "page iterator"), it->entries, it);
		}
	return finish_xy(c, "Scatter-gather and threads", false);
}

static int scaling_chart(struct chart_ctx *c)
{
	char v[64];

	new_xy(c, false, false, true, CU_PLAIN);
	cc_head(&c->xy->head, "map_scaling", "threads mapping at once",
		"time per op, all threads pooled (p50)", BAND_NOTE, LOWER,
	     "dma_map_single / unmap thread scaling (map_benchmark style)");
	for (size_t r = 0; r < c->nruns; r++)
		for (size_t i = 0; i < c->runs[r].nitems; i++) {
			const struct rd_item *it = &c->runs[r].items[i];

			if (!is(it->test, "map_scaling") ||
			    (!is(it->op, "map") && !is(it->op, "unmap")))
				continue;
			snprintf(v, sizeof(v), "%s %s", it->op, it->dir ? it->dir : "");
			add_point(line(c, r, NULL, v), it->threads, it);
		}
	return finish_xy(c, "Scatter-gather and threads", false);
}

/* ---- user memory for the device (userptr) -------------------------------- */

/* The userptr chart's lines: the pin on each memory, the rest on anonymous memory. */
static const struct {
	const char *op, *memory, *line;
} userptr_lines[] = {
	{ "pin", UMEM_ANON_4K, "pin, anonymous" },
	{ "pin", UMEM_ANON_THP, "pin, anonymous + MADV_HUGEPAGE" },
	{ "pin", UMEM_MEMFD, "pin, memfd (shmem)" },
	{ "sgt_build", UMEM_ANON_4K, "sg table, anonymous" },
	{ "map", UMEM_ANON_4K, "DMA map, anonymous" },
	{ "unpin", UMEM_ANON_4K, "unpin, anonymous" },
};

static bool any_userptr(const struct chart_ctx *c)
{
	for (size_t r = 0; r < c->nruns; r++)
		if (rd_first_op(&c->runs[r], "userptr", "pin") >= 0)
			return true;
	return false;
}

/* Only for runs that pinned user memory: older runs have no such test. */
static int userptr_chart(struct chart_ctx *c)
{
	if (!any_userptr(c))
		return 0;
	new_xy(c, true, true, true, CU_BYTES);
	cc_head(&c->xy->head, "userptr", "user memory handed over (bytes)", "time per op (p50)",
		BAND_NOTE, LOWER, "userptr: pin, sg table and DMA map vs size");
	for (size_t l = 0; l < sizeof(userptr_lines) / sizeof(userptr_lines[0]); l++)
		for (size_t r = 0; r < c->nruns; r++)
			for (size_t i = 0; i < c->runs[r].nitems; i++) {
				const struct rd_item *it = &c->runs[r].items[i];
				const char *memory = rd_row_memory(it);

				if (memory && !strcmp(memory, userptr_lines[l].memory) &&
				    is(it->op, userptr_lines[l].op) && it->batch == 1)
					add_point(line(c, r, NULL, userptr_lines[l].line),
						  (double)it->size, it);
			}
	return finish_xy(c, "User memory for the device (userptr)", false);
}

/* ---- TTM's page pool: a miss against a hit -------------------------------- */

static const struct {
	const char *op, *variant;
} pool_lines[] = {
	{ "pool_fresh", "pool miss (alloc, switch, map)" },
	{ "pool_hit", "pool hit (take, map)" },
};

/* Only for runs that measured the pool: older runs have no such test. */
static int pool_chart(struct chart_ctx *c)
{
	bool any = false;

	for (size_t r = 0; r < c->nruns; r++)
		any |= rd_first_op(&c->runs[r], "pool", "pool_fresh") >= 0;
	if (!any)
		return 0;
	new_xy(c, true, true, true, CU_BYTES);
	cc_head(&c->xy->head, "pool", "buffer size (bytes)", "time per allocation (p50)",
		BAND_NOTE, LOWER, "TTM-style pool: a miss against a hit vs size");
	for (size_t l = 0; l < sizeof(pool_lines) / sizeof(pool_lines[0]); l++)
		for (size_t r = 0; r < c->nruns; r++)
			for (size_t i = 0; i < c->runs[r].nitems; i++) {
				const struct rd_item *it = &c->runs[r].items[i];

				if (!strcmp(it->test, "pool") && is(it->op, pool_lines[l].op) &&
				    it->batch == 1)
					add_point(line(c, r, it->kind, pool_lines[l].variant),
						  (double)it->size, it);
			}
	return finish_xy(c, "TTM's page pool", false);
}

/* ---- DMA attributes ---------------------------------------------------------- */

static bool any_attrs(const struct chart_ctx *c, const char *op)
{
	for (size_t r = 0; r < c->nruns; r++)
		if (rd_first_op(&c->runs[r], "attrs", op) >= 0)
			return true;
	return false;
}

#define NO_ATTR	"no attribute"


/* Every group's reference: its plain dot in the same panel (the black line across it). */
static void attrs_refs(struct chart_ctx *c)
{
	for (size_t i = 0; i < c->cat->nitems; i++)
		if (!strcmp(c->tags[i].kind, NO_ATTR))
			c->cat->ref[c->cat->item[i].panel][c->cat->item[i].group] = c->cat->item[i].v;
	c->cat->has_ref = true;
	snprintf(c->cat->ref_title, sizeof(c->cat->ref_title), "%s (its line)", NO_ATTR);
}

/*
 * Alloc and free per DMA attribute: a dot per attribute (colour), a group
 * per op and size, the buffer without attributes black with its line across
 * the group, so a dot above the line costs more than plain.
 */
static int attrs_alloc_chart(struct chart_ctx *c)
{
	char group[48], sz[32], m[160];

	if (!any_attrs(c, "alloc"))
		return 0;
	cc_new_cat(c, true, CU_NS);
	c->highlight = NO_ATTR;
	cc_head(&c->cat->head, "attrs_alloc", "", "time per op (p50, log scale)",
		"a dot per DMA attribute; black: none, its line across the group", LOWER,
	     "Alloc and free per DMA attribute (above the black line: costs more)");
	for (size_t r = 0; r < c->nruns; r++)
		for (size_t i = 0; i < c->runs[r].nitems; i++) {
			const struct rd_item *it = &c->runs[r].items[i];
			double lo, hi;
			enum chart_err_source src;

			if (!is(it->test, "attrs") || (!is(it->op, "alloc") && !is(it->op, "free")) ||
			    it->batch != 1 || !it->kind)
				continue;
			snprintf(group, sizeof(group), "%s%s%s %s", is(it->kind, "coherent") ? "" :
				 it->kind, is(it->kind, "coherent") ? "" : " ", it->op,
				 units_size(it->size, sz, sizeof(sz)));
			/* the attribute without its DMA_ATTR_ prefix: the legend is narrow */
			attrs_join(&attr_macro_names, it->attrs, "+", m, sizeof(m));
			src = chart_error(it, false, &lo, &hi);
			cc_dot(c, r, group, !it->attrs ? NO_ATTR : strncmp(m, "DMA_ATTR_", 9) ?
			       m : m + 9, "", it->stats.p50, lo, hi, src);
		}
	cc_style_cat(c);
	attrs_refs(c);
	return cc_finish_cat(c, "DMA attributes", c->all_lab ? "Under TCG the timings are "
			     "emulated: which dot sits above which line is a shape, not a hardware "
			  "finding." : NULL);
}

/*
 * Map+unmap with and without SKIP_CPU_SYNC: a colour per map and direction,
 * a filled dot with the CPU sync and an open one without, a group per size.
 */
static int attrs_map_chart(struct chart_ctx *c)
{
	static const uint64_t sizes[] = { 4 << 10, 64 << 10, 1 << 20 };
	static const struct { const char *op, *dir, *label; } lines[] = {
		{ "map_single", "to", "single, to device" }, { "map_single", "bidi", "single, both ways" },
		{ "map_sg", "to", "sg, to device" }, { "map_sg", "bidi", "sg, both ways" },
	};
	char group[32];

	if (!any_attrs(c, "map_sg") && !any_attrs(c, "map_single"))
		return 0;
	cc_new_cat(c, true, CU_NS);
	cc_head(&c->cat->head, "attrs_map", "", "map+unmap (p50, log scale)",
		"filled: with the CPU sync; open: SKIP_CPU_SYNC (map and unmap summed)", LOWER,
	     "Streaming map+unmap with and without DMA_ATTR_SKIP_CPU_SYNC");
	for (size_t r = 0; r < c->nruns; r++)
		for (size_t s = 0; s < sizeof(sizes) / sizeof(sizes[0]); s++)
			for (size_t l = 0; l < sizeof(lines) / sizeof(lines[0]); l++)
				for (unsigned int skip = 0; skip < 2; skip++) {
					struct rd_trip cost;

					if (!attrs_map_cost(&c->runs[r], lines[l].op, lines[l].dir,
							    sizes[s], skip ? DMABENCH_ATTR_SKIP_CPU_SYNC :
							    0, &cost))
						continue;
					cc_dot(c, r, units_size(sizes[s], group, sizeof(group)),
					       lines[l].label, skip ? "SKIP_CPU_SYNC" :
						  "with CPU sync", cost.ns, cost.lo, cost.hi, CE_IQR);
				}
	return cc_finish_cat(c, "DMA attributes", c->all_lab ? "Under TCG there are no caches "
			     "to maintain: a gap here is the emulated bounce copy or none, not a "
			  "hardware figure." : NULL);
}

static int all_charts(struct chart_ctx *c)
{
	if (latency_charts(c) || sync_chart(c, "sync_for_device") ||
	    sync_chart(c, "sync_for_cpu"))
		return -1;
	if (bw_chart(c, "user_access", "baseline", "cached", "User-space") ||
	    bw_chart(c, "kernel_access", "kernel_access", "streaming", "Kernel"))
		return -1;
	if (caching_chart(c) ||
	    per_kind_chart(c, "fault", "fault_in", "time per page (p50, log scale)",
			   "Fault-in per kind (mmap, first read, first write)") ||
	    per_kind_chart(c, "move", "move", "time (switch, zap: per move; refault: "
			   "per page; p50, log)", "TTM-style move per kind"))
		return -1;
	if (sg_iter_chart(c) || scaling_chart(c) || userptr_chart(c) || pool_chart(c))
		return -1;
	if (attrs_alloc_chart(c) || attrs_map_chart(c) || dmabuf_charts(c))
		return -1;
	return device_transfer_chart(c) ? -1 : 0;
}

static bool every_run_lab(const struct rd_run *runs, size_t nruns)
{
	for (size_t r = 0; r < nruns; r++)
		if (!json_is_true(json_object_get(runs[r].platform, "lab")))
			return false;
	return nruns > 0;
}

int report_charts(const struct rd_run *runs, size_t nruns, const char *dir,
		  struct chart_list *out, char *why, size_t len)
{
	struct chart_ctx *c = calloc(1, sizeof(*c));
	int ret = -1;

	memset(out, 0, sizeof(*out));
	if (c) {
		*c = (struct chart_ctx){ .runs = runs, .nruns = nruns, .dir = dir, .out = out,
				   .why = why, .len = len,
				   .all_lab = every_run_lab(runs, nruns) };
		c->xy = malloc(sizeof(*c->xy));
		c->cat = malloc(sizeof(*c->cat));
	}
	if (!c || !c->xy || !c->cat)
		snprintf(why, len, "out of memory");
	else
		ret = all_charts(c);
	if (c) {
		free(c->xy);
		free(c->cat);
	}
	free(c);
	return ret;
}
