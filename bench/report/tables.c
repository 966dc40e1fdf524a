// SPDX-License-Identifier: GPL-2.0
/* Table cells for the reports; see tables.h. */
#include "report/decide_report.h"
#include "report/tables.h"

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/names.h"
#include "core/units.h"
#include "report/fmt.h"
#include "results/verify_summary.h"

const char *const mt_headers[MT_COLS] = {
	"test", "kind", "op", "size", "dir", "entries", "cache", "threads",
	"batch", "p50 (ns)", "p99 (ns)", "95% CI of p50 (ns)", "n", "GB/s",
	"counters per op",
};

const char mt_align[] = "lllrlrlrrrrrrrl";

static void cell(char *c, const char *s)
{
	snprintf(c, MT_CELL, "%s", s ? s : "");
}

static void counters_cell(json_t *counters, char *c)
{
	const char *key;
	json_t *v;
	size_t used = 0;
	char num[32];

	c[0] = '\0';
	if (!counters)
		return;
	json_object_foreach(counters, key, v) {
		if (used + 1 >= MT_CELL)
			break;
		if (json_is_number(v))
			fmt_num(json_number_value(v), num, sizeof(num));
		else
			snprintf(num, sizeof(num), "%s", json_is_string(v) ?
				 json_string_value(v) : "n/a");
		used += snprintf(c + used, MT_CELL - used, "%s%s %s",
				 used ? ", " : "", key, num);
	}
}

/* Below 100 samples there is no p99 (results.json: null): the max, labelled. */
static void p99_cell(const struct stats *s, char *c)
{
	char num[32];

	if (isfinite(s->p99) || !isfinite(s->max)) {
		fmt_num(s->p99, c, MT_CELL);
		return;
	}
	snprintf(c, MT_CELL, "max %s (n < %d)", fmt_num(s->max, num, sizeof(num)),
		 STATS_P99_MIN_N);
}

void mt_cells(const struct rd_item *it, char cells[MT_COLS][MT_CELL])
{
	char a[32], b[32];

	cell(cells[0], it->test);
	cell(cells[1], it->kind);
	cell(cells[2], it->op);
	if (it->attrs) {	/* the DMA attributes it ran with tell it from its plain twin */
		char a[128];

		snprintf(cells[2], MT_CELL, "%s +%s", it->op,
			 attrs_join(&attr_names, it->attrs, "+", a, sizeof(a)));
	}
	units_size(it->size, cells[3], MT_CELL);
	cell(cells[4], it->dir);
	snprintf(cells[5], MT_CELL, "%s", "");
	if (it->entries)
		snprintf(cells[5], MT_CELL, "%u", it->entries);
	cell(cells[6], it->cache);
	snprintf(cells[7], MT_CELL, "%u", it->threads);
	snprintf(cells[8], MT_CELL, "%u", it->batch);
	fmt_num(it->stats.p50, cells[9], MT_CELL);
	if (it->batched)	/* under 20x the floor: the batched row is the figure */
		snprintf(cells[9] + strlen(cells[9]), MT_CELL - strlen(cells[9]),
			 " (floor-bound; batched: %s)",
			 fmt_num(it->batched->stats.p50, a, sizeof(a)));
	p99_cell(&it->stats, cells[10]);
	snprintf(cells[11], MT_CELL, "%s..%s", fmt_num(it->stats.ci_low, a, sizeof(a)),
		 fmt_num(it->stats.ci_high, b, sizeof(b)));
	snprintf(cells[12], MT_CELL, "%zu", it->stats.n);
	fmt_num(it->gbps, cells[13], MT_CELL);
	if (!isfinite(it->gbps))
		cells[13][0] = '\0';
	counters_cell(it->counters, cells[14]);
}

void floor_text(const struct rd_run *run, char *buf, size_t len)
{
	const struct stats *f = &run->floor;
	char a[32], b[32], c[32], d[32], e[32];

	if (!run->has_floor) {
		snprintf(buf, len, "not recorded in this run");
		return;
	}
	snprintf(buf, len, "p50 %s ns (95%% CI %s..%s, min %s, p99 %s, n %zu): "
		 "two clock reads in the module, the least any kernel-side figure "
		 "can show", fmt_num(f->p50, a, sizeof(a)),
		 fmt_num(f->ci_low, b, sizeof(b)), fmt_num(f->ci_high, c, sizeof(c)),
		 fmt_num(f->min, d, sizeof(d)), fmt_num(f->p99, e, sizeof(e)), f->n);
}

const char *const pf_names[PF_COUNT] = {
	"run", "kernel", "CPU", "cores", "memory", "DMA device", "IOMMU",
	"swiotlb", "dma_need_sync", "max mapping size", "streaming coherent",
	"why", "streaming coherent, device DMA", "device DMA round trips",
	"TTM driver's choice, safe here?",
};

static json_t *info_get(const struct rd_run *run, const char *key)
{
	json_t *v = json_object_get(run->info, key);

	return v ? v : json_object_get(run->platform, key);
}

static void yes_no(json_t *v, char *buf, size_t len)
{
	snprintf(buf, len, "%s", json_is_boolean(v) ? (json_is_true(v) ? "yes" : "no") : "?");
}

static void device_text(const struct rd_run *run, char *buf, size_t len)
{
	json_t *d = json_object_get(run->info, "device");

	snprintf(buf, len, "%s %s (%s)",
		 rd_str(d, "kind"), rd_str(d, "name"), rd_str(d, "bus"));
}

static void size_or_none(json_t *v, char *buf, size_t len)
{
	if (json_is_integer(v))
		units_size((uint64_t)json_integer_value(v), buf, len);
	else
		snprintf(buf, len, "no limit reported");
}

/* What the device's own DMA showed ("verify"): compare's last two rows. */
static void observed_text(const struct rd_run *run, int row, char *buf, size_t len)
{
	struct verify_summary s;

	verify_summary_of(run, &s);
	if (row == 12)
		verify_summary_coherent(&s, buf, len);
	else
		verify_summary_roundtrips(&s, buf, len);
}

const char *reps_text(const struct rd_run *run, char *buf, size_t len)
{
	if (!run->n_reps)
		return "";
	snprintf(buf, len, ", %u repetitions: figures are the median repetition's, "
		 "spread across them in results.json", run->n_reps);
	return buf;
}

void pf_value(const struct rd_run *run, int row, char *buf, size_t len)
{
	char folder[256], reps[128];

	json_t *mem = info_get(run, "memory_bytes");

	switch (row) {
	case 0: rd_folder_name(run->dir, folder, sizeof(folder));
		snprintf(buf, len, "%s (%s%s%s)", run->label, folder,
			 json_is_true(json_object_get(run->platform, "lab")) ? ", lab" : "",
			 reps_text(run, reps, sizeof(reps)));
		break;
	case 1: snprintf(buf, len, "%s", rd_platform_str(run, "kernel")); break;
	case 2: snprintf(buf, len, "%s", rd_platform_str(run, "cpu_model")); break;
	case 3: snprintf(buf, len, "%" JSON_INTEGER_FORMAT,
			 json_integer_value(json_object_get(run->platform, "cores")));
		break;
	case 4: if (json_is_integer(mem))
			snprintf(buf, len, "%.2f GiB",
				 (double)json_integer_value(mem) / (1 << 30));
		else
			snprintf(buf, len, "?");
		break;
	case 5: device_text(run, buf, len); break;
	case 6: snprintf(buf, len, "%s", rd_platform_str(run, "iommu")); break;
	case 7: yes_no(info_get(run, "swiotlb"), buf, len); break;
	case 8: yes_no(info_get(run, "dma_need_sync"), buf, len); break;
	case 9: size_or_none(info_get(run, "max_mapping_size"), buf, len); break;
	case 10: yes_no(info_get(run, "streaming_coherent"), buf, len); break;
	case 11: snprintf(buf, len, "%s", rd_platform_str(run, "streaming_coherent_reason"));
		break;
	case 14: decide_report_cell(run, buf, len); break;
	default: observed_text(run, row, buf, len);
	}
}

static void flatten(json_t *o, const char *prefix, pf_visit fn, void *arg)
{
	const char *key;
	json_t *v;
	char k[160];

	json_object_foreach(o, key, v) {
		snprintf(k, sizeof(k), "%s%s%s", prefix, *prefix ? "." : "", key);
		if (json_is_object(v)) {
			flatten(v, k, fn, arg);
		} else {
			char *s = json_dumps(v, JSON_ENCODE_ANY | JSON_COMPACT);
			const char *str = json_string_value(v);

			fn(arg, k, str ? str : s ? s : "?");
			free(s);
		}
	}
}

void pf_flatten(const struct rd_run *run, pf_visit fn, void *arg)
{
	flatten(run->platform, "", fn, arg);
}
