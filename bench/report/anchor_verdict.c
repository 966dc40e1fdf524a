// SPDX-License-Identifier: GPL-2.0
/* The anchor report's verdict in sentences; see anchor_verdict.h. */
#include "report/anchor_verdict.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "report/fmt.h"

/* Append to @buf (NUL-terminated, @len bytes), silently truncating. */
__attribute__((format(printf, 3, 4)))
static void add(char *buf, size_t len, const char *fmt, ...)
{
	size_t used = strlen(buf);
	va_list ap;

	if (used + 1 >= len)
		return;
	va_start(ap, fmt);
	vsnprintf(buf + used, len - used, fmt, ap);
	va_end(ap);
}

size_t anchor_agreeing(const struct anchor_doc *a)
{
	size_t n = 0;

	for (size_t i = 0; i < a->n; i++)
		for (int o = 0; o < ANCHOR_OPS; o++)
			n += a->s[i].op[o].within;
	return n;
}

static size_t resolved(const struct anchor_doc *a)
{
	size_t n = 0;

	for (size_t i = 0; i < a->n; i++)
		for (int o = 0; o < ANCHOR_OPS; o++)
			n += a->s[i].op[o].resolves;
	return n;
}

static void agree_text(const struct anchor_doc *a, char *buf, size_t len)
{
	size_t total = a->n * ANCHOR_OPS, res = resolved(a);
	char floor[32];

	snprintf(floor, sizeof(floor), "%.0f ns", 100 / a->threshold);
	add(buf, len, "%zu of %zu means agree within %.0f %% (dmabench's samples "
	    "floored to map_benchmark's 100 ns units, their mean against "
	    "map_benchmark's).", anchor_agreeing(a), total, a->threshold * 100);
	if (res == total)
		add(buf, len, " Every map_benchmark mean is %s or more, so its 100 ns "
		    "units resolve %.0f %% for all of them.", floor, a->threshold * 100);
	else
		add(buf, len, " For %zu of them map_benchmark's mean is below %s, where "
		    "its 100 ns units cannot resolve %.0f %%: their yes or no says "
		    "little.", total - res, floor, a->threshold * 100);
}

/* "+19.3 %" near 1, "2.17 times" far from it. */
static void deviation(double ratio, char *buf, size_t len)
{
	if (!isfinite(ratio))
		snprintf(buf, len, "no ratio: map_benchmark measured 0");
	else if (ratio >= 1.5 || ratio <= 1 / 1.5)
		snprintf(buf, len, "%.2f times", ratio);
	else
		snprintf(buf, len, "%+.1f %%", (ratio - 1) * 100);
}

static void differ_text(const struct anchor_doc *a, char *buf, size_t len)
{
	size_t total = a->n * ANCHOR_OPS, left = total - anchor_agreeing(a);
	size_t k = 0;
	char dev[48];

	if (!left) {
		add(buf, len, "None differs by more than %.0f %%.", a->threshold * 100);
		return;
	}
	add(buf, len, "%s differ%s:", left == 1 ? "One" : "These",
	    left == 1 ? "s" : "");
	for (size_t i = 0; i < a->n; i++)
		for (int o = 0; o < ANCHOR_OPS; o++) {
			const struct anchor_op *op = &a->s[i].op[o];

			if (op->within)
				continue;
			deviation(op->ratio_floored, dev, sizeof(dev));
			k++;
			add(buf, len, "%s %s %s (dmabench %s%s)",
			    k == 1 ? "" : k == left ? " and" : ",", a->s[i].label,
			    anchor_op_names[o], dev,
			    op->resolves ? "" : ", below map_benchmark's resolution");
		}
	add(buf, len, ".");
}

/* Smallest and largest judged ratio over the 1-thread settings; false if none. */
static bool one_thread_range(const struct anchor_doc *a, double *lo, double *hi)
{
	*lo = INFINITY;
	*hi = -INFINITY;
	for (size_t i = 0; i < a->n; i++)
		for (int o = 0; a->s[i].threads == 1 && o < ANCHOR_OPS; o++)
			if (isfinite(a->s[i].op[o].ratio_floored)) {
				*lo = fmin(*lo, a->s[i].op[o].ratio_floored);
				*hi = fmax(*hi, a->s[i].op[o].ratio_floored);
			}
	return isfinite(*lo);
}

static bool all_within(const struct anchor_setting *s)
{
	return s->op[ANCHOR_MAP].within && s->op[ANCHOR_UNMAP].within;
}

/* The 1-thread setting with @s's granule and direction, or NULL. */
static const struct anchor_setting *single(const struct anchor_doc *a,
					   const struct anchor_setting *s)
{
	for (size_t i = 0; i < a->n; i++)
		if (a->s[i].threads == 1 && a->s[i].granule == s->granule &&
		    !strcmp(a->s[i].dir, s->dir))
			return &a->s[i];
	return NULL;
}

/*
 * dmabench's own medians and p99 (from its results.json), at N threads
 * against 1: whether the typical operation or the tail moved.
 */
static void tail_text(const struct anchor_setting *s, const struct anchor_setting *one,
		      char *buf, size_t len)
{
	const struct anchor_op *m = &s->op[ANCHOR_MAP], *u = &s->op[ANCHOR_UNMAP];
	const struct anchor_op *m1 = &one->op[ANCHOR_MAP], *u1 = &one->op[ANCHOR_UNMAP];
	char a[32], b[32], c[32], d[32];

	if (!isfinite(m->db_p50) || !isfinite(m1->db_p50) || !isfinite(u->db_p50) ||
	    !isfinite(u1->db_p50))
		return;
	add(buf, len, " dmabench's own medians at %s (map %s, unmap %s) are %.2f and "
	    "%.2f times those at %s, while its map p99 goes from %s to %s: the "
	    "higher mean comes from a tail of slow samples, not from the typical "
	    "operation.", s->label, fmt_ns(m->db_p50, a, sizeof(a)),
	    fmt_ns(u->db_p50, b, sizeof(b)), m->db_p50 / m1->db_p50,
	    u->db_p50 / u1->db_p50, one->label, fmt_ns(m1->db_p99, c, sizeof(c)),
	    fmt_ns(m->db_p99, d, sizeof(d)));
}

/* Why the tools' threads are not run alike: from map_benchmark.c and suites/map_scaling.c. */
static const char placement[] =
	" The tools place their threads differently. dmabench pins each of its "
	"threads to its own CPU (thread i on CPU i, from CPU 0) and starts them "
	"together. map_benchmark creates its kthreads with kthread_create_on_node() "
	"and binds them (kthread_bind_mask()) to a NUMA node's CPUs only when a "
	"node is given; scripts/anchor gives none (node -1), so the scheduler "
	"places them, and map_benchmark does not record where they ran.";

static const char unexplained[] =
	" Whether the placement causes the difference is not established: it is "
	"unexplained. A candidate, not verified: under TCG each vCPU is a host "
	"thread, two busy vCPUs compete for the host's cores, and the time a "
	"vCPU waits lands inside dmabench's timed operations; map_benchmark's "
	"two kthreads may have shared one vCPU.";

static void threads_text(const struct anchor_doc *a, char *buf, size_t len)
{
	const struct anchor_setting *last = NULL;
	double lo, hi;

	for (size_t i = 0; i < a->n; i++) {
		const struct anchor_setting *s = &a->s[i], *one = single(a, s);

		if (s->threads < 2 || all_within(s))
			continue;
		add(buf, len, "%sAt %s dmabench's means are %.2f (map) and %.2f (unmap) "
		    "times map_benchmark's", buf[0] ? " " : "", s->label,
		    s->op[ANCHOR_MAP].ratio_floored, s->op[ANCHOR_UNMAP].ratio_floored);
		if (one_thread_range(a, &lo, &hi))
			add(buf, len, ", where the 1-thread settings lie between %.2f "
			    "and %.2f times", lo, hi);
		add(buf, len, ".");
		if (one)
			tail_text(s, one, buf, len);
		last = s;
	}
	if (last) {
		add(buf, len, "%s", placement);
		add(buf, len, "%s", unexplained);
	}
}

void anchor_verdict_compute(const struct anchor_doc *a, struct anchor_verdict *v)
{
	memset(v, 0, sizeof(*v));
	agree_text(a, v->agree, sizeof(v->agree));
	differ_text(a, v->differ, sizeof(v->differ));
	threads_text(a, v->threads, sizeof(v->threads));
	add(v->scope, sizeof(v->scope), "scripts/anchor runs both tools in one boot "
	    "of the lab's debug preset (QEMU, TCG unless LAB_ACCEL=kvm; kernel %s "
	    "with KASAN and DMA-API debugging), one setting after the other: the "
	    "figures compare the two tools with each other, not with any hardware.",
	    a->kernel);
}
