// SPDX-License-Identifier: GPL-2.0
/* What each report chart shows; see run_charts.h. */
#include "report/run_charts.h"

#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/charts.h"
#include "core/units.h"
#include "report/fmt.h"
#include "report/verdict.h"

struct ctx {
	const struct rd_run *runs;
	size_t nruns;
	const char *dir;
	struct chart_list *out;
	char *why;
	size_t len;
	struct xy_chart *xy;	/* scratch, reset per chart */
	struct bar_chart *bar;
	char what[80];		/* the last series title without the run */
	char whats[CHART_MAX_SERIES][80];	/* colour i + 1 per title */
	size_t nwhats;
};

#define BAND_NOTE "line: p50; band: p10..p90 (p10 from samples.csv, min where it has none)"

static bool is(const char *s, const char *want)
{
	return s && want && !strcmp(s, want);
}

/* "streaming to" for one run; "swiotlb: streaming to" when comparing. */
__attribute__((format(printf, 4, 5)))
static void series_title(struct ctx *c, size_t run, char *buf,
			 const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(c->what, sizeof(c->what), fmt, ap);
	va_end(ap);
	if (c->nruns > 1)
		snprintf(buf, 96, "%s: %s", c->runs[run].label, c->what);
	else
		snprintf(buf, 96, "%s", c->what);
}

/* The same kind keeps its colour in every run; runs differ by dash pattern. */
static struct xy_series *styled(struct ctx *c, size_t run, const char *title)
{
	struct xy_series *s = xy_series_get(c->xy, title);
	size_t i;

	if (!s)
		return NULL;
	for (i = 0; i < c->nwhats && strcmp(c->whats[i], c->what); i++)
		;
	if (i == c->nwhats && i < CHART_MAX_SERIES)
		snprintf(c->whats[c->nwhats++], sizeof(c->whats[0]), "%s", c->what);
	s->color = (int)i % 12 + 1;
	s->dash = (int)run % 5 + 1;
	return s;
}

static struct chart_entry *entry(struct ctx *c, const struct chart_head *h,
				 const char *section)
{
	struct chart_entry *e;

	if (c->out->n >= REPORT_MAX_CHARTS)
		return NULL;
	e = &c->out->e[c->out->n++];
	snprintf(e->name, sizeof(e->name), "%s", h->name);
	snprintf(e->title, sizeof(e->title), "%s", h->title);
	snprintf(e->section, sizeof(e->section), "%s", section);
	return e;
}

static int finish_xy(struct ctx *c, const char *section)
{
	struct chart_entry *e = entry(c, &c->xy->head, section);
	int ret = chart_draw_xy(c->xy, c->dir, c->why, c->len);

	if (e)
		e->drawn = ret == 0;
	return ret < 0 ? -1 : 0;
}

static int finish_bars(struct ctx *c, const char *section)
{
	struct chart_entry *e = entry(c, &c->bar->head, section);
	int ret = chart_draw_bars(c->bar, c->dir, c->why, c->len);

	if (e)
		e->drawn = ret == 0;
	return ret < 0 ? -1 : 0;
}

__attribute__((format(printf, 6, 7)))
static void head(struct chart_head *h, const char *name, const char *xlabel,
		 const char *ylabel, const char *note, const char *title, ...)
{
	va_list ap;

	memset(h, 0, sizeof(*h));
	snprintf(h->name, sizeof(h->name), "%s", name);
	va_start(ap, title);
	vsnprintf(h->title, sizeof(h->title), title, ap);
	va_end(ap);
	snprintf(h->xlabel, sizeof(h->xlabel), "%s", xlabel);
	snprintf(h->ylabel, sizeof(h->ylabel), "%s", ylabel);
	snprintf(h->note, sizeof(h->note), "%s", note);
}

static void new_xy(struct ctx *c, bool logx, bool logy, bool band, bool bytes)
{
	memset(c->xy, 0, sizeof(*c->xy));
	c->nwhats = 0;
	c->xy->logx = logx;
	c->xy->logy = logy;
	c->xy->band = band;
	c->xy->x_bytes = bytes;
}

static void new_bars(struct ctx *c, bool logy)
{
	memset(c->bar, 0, sizeof(*c->bar));
	c->bar->logy = logy;
}

static void add_point(struct xy_series *s, double x, const struct rd_item *it)
{
	if (s)
		xy_add(s, x, it->stats.p50,
		       isfinite(it->p10) ? it->p10 : it->stats.min, it->stats.p90);
}

/* ---- latency vs size, one chart per operation ---------------------------- */

static const char *const latency_tests[] = {
	"alloc_free", "map_single", "map_page", "map_sg", "kernel_access", "transfer",
	"device_transfer",
};

/* Does @test measure @op in more than one direction (in any run)? */
static bool several_dirs(const struct ctx *c, const char *test, const char *op)
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
		return ", 1 entry";
	if (it->entries && it->entries == it->size / 4096)
		return ", entry per page";
	return NULL;
}

static bool latency_row(const struct rd_item *it, const char *test, const char *op)
{
	return is(it->test, test) && is(it->op, op) && it->batch == 1 &&
	       it->threads == 1 &&
	       (!is(test, "transfer") || is(op, "total")) &&
	       (!is(test, "device_transfer") || is(op, "total") || is(op, "host_side"));
}

static void latency_series(struct ctx *c, const char *test, const char *op)
{
	bool dirs = several_dirs(c, test, op);
	char t[96];

	for (size_t r = 0; r < c->nruns; r++)
		for (size_t i = 0; i < c->runs[r].nitems; i++) {
			const struct rd_item *it = &c->runs[r].items[i];
			const char *ent = sg_entries(it);

			if (!latency_row(it, test, op) || !ent)
				continue;
			series_title(c, r, t, "%s%s%s%s", it->kind ? it->kind : "-",
				     dirs && it->dir ? " " : "", dirs && it->dir ? it->dir : "",
				     ent);
			add_point(styled(c, r, t), (double)it->size, it);
		}
}

/* Does run @r have a row of @test @op before row @upto? */
static bool seen_op(const struct ctx *c, size_t r, size_t upto, const char *test,
		    const char *op)
{
	long first = rd_first_op(&c->runs[r], test, op);

	return first >= 0 && (size_t)first < upto;
}

/* Has an earlier run already had a chart for @test @op? */
static bool charted(const struct ctx *c, size_t run, const char *test, const char *op)
{
	for (size_t r = 0; r < run; r++)
		if (seen_op(c, r, c->runs[r].nitems, test, op))
			return true;
	return false;
}

static int latency_chart(struct ctx *c, const char *test, const char *op)
{
	char name[64];

	snprintf(name, sizeof(name), "latency_%s_%s", test, op);
	for (char *p = name; *p; p++)
		if (*p == '+')
			*p = '_';
	new_xy(c, true, true, true, true);
	head(&c->xy->head, name, is(test, "device_transfer") ? "bytes per transfer" :
	     "buffer size (bytes per op)", "time per op (ns, p50)",
	     BAND_NOTE, "%s %s: latency vs size", test, op);
	latency_series(c, test, op);
	return finish_xy(c, "Latency vs size");
}

static int latency_charts(struct ctx *c)
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

static int sync_chart(struct ctx *c, const char *op)
{
	char name[64], t[96];

	snprintf(name, sizeof(name), "sync_%s", op);
	new_xy(c, true, true, true, true);
	head(&c->xy->head, name, "bytes synced", "time per sync (ns, p50)",
	     BAND_NOTE "; batched where the per-op p50 is below 20x the timing floor (floor excluded)",
	     "%s: cost vs size, cache hot vs cold", op);
	for (size_t r = 0; r < c->nruns; r++)
		for (size_t i = 0; i < c->runs[r].nitems; i++) {
			const struct rd_item *it = &c->runs[r].items[i];

			if (!is(it->test, "sync") || !is(it->op, op) || it->batch != 1)
				continue;
			series_title(c, r, t, "%s %s", it->kind ? it->kind : "-",
				     it->cache ? it->cache : "");
			/* below 20x the floor, the batched figure (DESIGN's floor rule) */
			add_point(styled(c, r, t), (double)it->size,
				  rd_floor_aware(&c->runs[r], it));
		}
	return finish_xy(c, "Sync");
}

/* ---- bandwidth: grouped bars, cached reference ------------------------- */

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

static void bw_bar(struct ctx *c, size_t r, const struct rd_item *it)
{
	char t[96];
	int g, s;

	series_title(c, r, t, "%s", it->kind ? it->kind : "-");
	g = bar_group(c->bar, it->op);
	s = bar_series(c->bar, t);
	if (g >= 0 && s >= 0)
		c->bar->v[g][s] = it->gbps;
}

/* The reference for every group: @ref_test/@ref_kind rows of the first run. */
static void bw_refs(struct ctx *c, const char *ref_test, const char *ref_kind,
		    uint64_t size)
{
	for (size_t g = 0; g < c->bar->ngroups; g++) {
		struct rd_query q = { .test = ref_test, .kind = ref_kind,
				      .op = c->bar->group[g], .size = size };
		const struct rd_item *it = rd_find(&c->runs[0], &q);

		c->bar->ref[g] = it ? it->gbps : NAN;
	}
}

static int bw_chart(struct ctx *c, const char *test, const char *ref_test, const char *ref_kind, const char *who)
{
	uint64_t size = common_size(&c->runs[0], test);
	char sz[32];

	new_bars(c, false);
	head(&c->bar->head, is(test, "user_access") ? "bandwidth_user" : "bandwidth_kernel",
	     "access pattern", "bandwidth (GB/s, p50)", "", "%s bandwidth per kind "
	     "and access pattern, %s buffers", who, units_size(size, sz, sizeof(sz)));
	for (size_t r = 0; r < c->nruns; r++)
		for (size_t i = 0; i < c->runs[r].nitems; i++) {
			const struct rd_item *it = &c->runs[r].items[i];

			if (is(it->test, test) && it->size == size && it->batch == 1 &&
			    isfinite(it->gbps))
				bw_bar(c, r, it);
		}
	c->bar->has_ref = true;
	bw_refs(c, ref_test, ref_kind, size);
	snprintf(c->bar->ref_title, sizeof(c->bar->ref_title), "%s%s%s",
		 is(ref_kind, "cached") ? "cached memory (reference)" :
		 "streaming = cached pages (reference)",
		 c->nruns > 1 ? ", " : "", c->nruns > 1 ? c->runs[0].label : "");
	return finish_bars(c, "Bandwidth");
}

/* ---- caching transitions vs pages --------------------------------------- */

static int caching_chart(struct ctx *c)
{
	struct verdict *v = malloc(sizeof(*v));
	char t[96], a[32], b[32];

	if (!v) {
		snprintf(c->why, c->len, "out of memory");
		return -1;
	}
	verdict_compute(&c->runs[0], v);
	new_xy(c, true, true, true, false);
	snprintf(t, sizeof(t), "per page (fit%s): to wc %s, to uc %s; %s",
		 c->nruns > 1 ? ", first run" : "", fmt_ns(v->page_ns[VK_WC], a, sizeof(a)),
		 fmt_ns(v->page_ns[VK_UC], b, sizeof(b)), "band p10..p90");
	free(v);
	head(&c->xy->head, "caching_transition", "pages switched per call",
	     "time per call (ns, p50)", t, "Caching transitions (set_pages_array_*) "
	     "vs page count");
	for (size_t r = 0; r < c->nruns; r++)
		for (size_t i = 0; i < c->runs[r].nitems; i++) {
			const struct rd_item *it = &c->runs[r].items[i];

			if (!is(it->test, "caching") || it->batch != 1)
				continue;
			series_title(c, r, t, "%s %s", it->kind ? it->kind : "-", it->op);
			add_point(styled(c, r, t), (double)it->size / 4096.0, it);
		}
	return finish_xy(c, "Caching and faults");
}

/* ---- fault-in and move per kind ----------------------------------------- */

/* "switch_to_wc" of kind wc -> "switch_to_(wc|uc)", so wc and uc share a group. */
static void move_group(const struct rd_item *it, char *buf, size_t len)
{
	size_t n = strlen(it->op), k = it->kind ? strlen(it->kind) : 0;

	if (k && n > k && !strcmp(it->op + n - k, it->kind))
		snprintf(buf, len, "%.*swc/uc", (int)(n - k), it->op);
	else
		snprintf(buf, len, "%s", it->op);
}

static int per_kind_chart(struct ctx *c, const char *test, const char *name,
			  const char *ylabel, const char *title)
{
	uint64_t size = 0;
	char t[96], g[48], sz[32];
	int gi, si;

	for (size_t i = 0; i < c->runs[0].nitems; i++)
		if (is(c->runs[0].items[i].test, test) && c->runs[0].items[i].size > size)
			size = c->runs[0].items[i].size;
	new_bars(c, true);
	head(&c->bar->head, name, "operation", ylabel, "", "%s, %s buffers", title,
	     units_size(size, sz, sizeof(sz)));
	for (size_t r = 0; r < c->nruns; r++)
		for (size_t i = 0; i < c->runs[r].nitems; i++) {
			const struct rd_item *it = &c->runs[r].items[i];

			if (!is(it->test, test) || it->size != size || it->batch != 1)
				continue;
			move_group(it, g, sizeof(g));
			series_title(c, r, t, "%s", it->kind ? it->kind : "-");
			gi = bar_group(c->bar, g);
			si = bar_series(c->bar, t);
			if (gi >= 0 && si >= 0)
				c->bar->v[gi][si] = it->stats.p50;
		}
	return finish_bars(c, "Caching and faults");
}

/* ---- device transfer phases ---------------------------------------------- */

/*
 * The phases as bars: map (page kinds) and sync_for_device (noncoherent) are
 * both the hand-over to the device, unmap and sync_for_cpu the hand-back.
 * Comparing, only what the platforms differ in: the hand-overs and the host
 * side (under QEMU device_dma and the total are edu's timer everywhere).
 */
static const struct { const char *op, *series; bool in_compare; } dt_phases[] = {
	{ "cpu_write", "CPU copy", false }, { "cpu_read", "CPU copy", false },
	{ "map", "hand-over to the device", true },
	{ "sync_for_device", "hand-over to the device", true },
	{ "device_dma", "device DMA", false },
	{ "unmap", "hand-over to the CPU", true },
	{ "sync_for_cpu", "hand-over to the CPU", true },
	{ "total", "total", false }, { "host_side", "host side", true },
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

static void dt_group_name(const struct rd_item *it, char *g, size_t len)
{
	snprintf(g, len, "%s %s", it->kind ? it->kind : "-", it->dir ? it->dir : "");
}

static void dt_bar(struct ctx *c, size_t r, const struct rd_item *it, size_t p)
{
	char g[48], t[96];
	int gi, si;

	dt_group_name(it, g, sizeof(g));
	series_title(c, r, t, "%s", dt_phases[p].series);
	gi = bar_group(c->bar, g);
	si = bar_series(c->bar, t);
	if (gi < 0 || si < 0)
		return;
	c->bar->v[gi][si] = it->stats.p50;
}

/* A bar per phase for every kind and direction, log scale: edu's timer dwarfs the rest. */
static int device_transfer_chart(struct ctx *c)
{
	uint64_t len = dt_length(&c->runs[0]);
	char g[48];

	new_bars(c, true);
	head(&c->bar->head, "device_transfer_phases", "kind and direction",
	     "time (ns, p50, log)", "hand-over: map/unmap (page kinds; unmap with its "
	     "syscall) or syncs (noncoherent)",
	     "Device transfer by phase%s%llu bytes", len ? ", " : " (none measured): ",
	     (unsigned long long)len);
	/* Groups in the run's order (kind, then to and from), whatever phases they have. */
	for (size_t i = 0; i < c->runs[0].nitems; i++) {
		const struct rd_item *it = &c->runs[0].items[i];

		if (!is(it->test, "device_transfer") || it->size != len || !is(it->op, "total"))
			continue;
		dt_group_name(it, g, sizeof(g));
		bar_group(c->bar, g);
	}
	for (size_t p = 0; p < DT_PHASES; p++)
		for (size_t r = 0; r < c->nruns; r++)
			for (size_t i = 0; i < c->runs[r].nitems; i++) {
				const struct rd_item *it = &c->runs[r].items[i];

				if (is(it->test, "device_transfer") && it->size == len &&
				    is(it->op, dt_phases[p].op) &&
				    (c->nruns == 1 || dt_phases[p].in_compare))
					dt_bar(c, r, it, p);
			}
	return finish_bars(c, "Device transfer");
}

/* ---- sg iteration and thread scaling ------------------------------------- */

static int sg_iter_chart(struct ctx *c)
{
	char t[96];

	new_xy(c, true, true, true, false);
	head(&c->xy->head, "sg_iter", "sg entries", "time per walk (ns, p50)", BAND_NOTE,
	     "sg table walk: for_each_sgtable_page vs for_each_sgtable_dma_page");
	for (size_t r = 0; r < c->nruns; r++)
		for (size_t i = 0; i < c->runs[r].nitems; i++) {
			const struct rd_item *it = &c->runs[r].items[i];

			if (!is(it->test, "sg_iter") || it->batch != 1 || !it->entries)
				continue;
			series_title(c, r, t, "%s", is(it->op, "sg_iter_dma") ?
				     "dma_page iterator" : "page iterator");
			add_point(styled(c, r, t), it->entries, it);
		}
	return finish_xy(c, "Scatter-gather and threads");
}

static int scaling_chart(struct ctx *c)
{
	char t[96];

	new_xy(c, false, false, true, false);
	c->xy->x_counts = true;
	head(&c->xy->head, "map_scaling", "threads mapping at once",
	     "time per op, all threads pooled (ns, p50)", BAND_NOTE,
	     "dma_map_single / unmap thread scaling (map_benchmark style)");
	for (size_t r = 0; r < c->nruns; r++)
		for (size_t i = 0; i < c->runs[r].nitems; i++) {
			const struct rd_item *it = &c->runs[r].items[i];

			if (!is(it->test, "map_scaling") ||
			    (!is(it->op, "map") && !is(it->op, "unmap")))
				continue;
			series_title(c, r, t, "%s %s", it->op, it->dir ? it->dir : "");
			add_point(styled(c, r, t), it->threads, it);
		}
	return finish_xy(c, "Scatter-gather and threads");
}

static int all_charts(struct ctx *c)
{
	if (latency_charts(c) || sync_chart(c, "sync_for_device") ||
	    sync_chart(c, "sync_for_cpu"))
		return -1;
	if (bw_chart(c, "user_access", "baseline", "cached", "User-space") ||
	    bw_chart(c, "kernel_access", "kernel_access", "streaming", "Kernel"))
		return -1;
	if (caching_chart(c) ||
	    per_kind_chart(c, "fault", "fault_in", "ns per page (p50, log)",
			   "Fault-in per kind (mmap, first read, first write)") ||
	    per_kind_chart(c, "move", "move", "ns (switch, zap: per move; refault: "
			   "per page; p50, log)", "TTM-style move per kind"))
		return -1;
	if (sg_iter_chart(c) || scaling_chart(c))
		return -1;
	return device_transfer_chart(c) ? -1 : 0;
}

int report_charts(const struct rd_run *runs, size_t nruns, const char *dir,
		  struct chart_list *out, char *why, size_t len)
{
	struct ctx c = { .runs = runs, .nruns = nruns, .dir = dir, .out = out,
			 .why = why, .len = len };
	int ret;

	memset(out, 0, sizeof(*out));
	c.xy = malloc(sizeof(*c.xy));
	c.bar = malloc(sizeof(*c.bar));
	if (!c.xy || !c.bar) {
		snprintf(why, len, "out of memory");
		ret = -1;
	} else {
		ret = all_charts(&c);
	}
	free(c.xy);
	free(c.bar);
	return ret;
}
