// SPDX-License-Identifier: GPL-2.0
/*
 * map_scaling: the kernel's map_benchmark in dmabench form.  1..N threads,
 * each pinned to its own CPU, run BENCH MAP_SINGLE concurrently on one
 * file with the same knobs (granule, direction, node, simulated transfer
 * delay).  Reported per thread and pooled, in ns; the pooled mean and
 * population stddev are the figures map_benchmark prints (there in units
 * of 100 ns).
 */
#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/errors.h"
#include "core/names.h"
#include "suites/families.h"
#include "suites/user_measure.h"
#include "suites/user_plan.h"

#define SCALING_ITERS_QUICK	1000
#define SCALING_ITERS_FULL	10000
#define SCALING_BUDGET_QUICK_S	2.0
#define SCALING_BUDGET_FULL_S	10.0

/* Holds the threads until all exist, so they map at once. */
struct gate {
	pthread_mutex_t lock;
	pthread_cond_t cond;
	bool open, abort;
};

struct scaling_thread {
	pthread_t tid;
	struct bench_device dev;	/* copy sharing the fd: own error record */
	struct topology *topo;
	struct gate *start;
	int cpu;			/* -1: not pinned */
	struct dmabench_bench b;
	uint64_t *map_ns, *unmap_ns;
	struct counter_values cnt;
	bool has_cnt;
	int ret;
};

struct scaling_run {
	const char *dir;
	unsigned int threads;
	uint64_t size;
	unsigned int mask_bits;
	struct scaling_thread *t;
};

/* Wait for the gate; false when the run was called off. */
static bool gate_pass(struct gate *g)
{
	bool go;

	pthread_mutex_lock(&g->lock);
	while (!g->open)
		pthread_cond_wait(&g->cond, &g->lock);
	go = !g->abort;
	pthread_mutex_unlock(&g->lock);
	return go;
}

static void gate_open(struct gate *g, bool abort)
{
	pthread_mutex_lock(&g->lock);
	g->open = true;
	g->abort = abort;
	pthread_cond_broadcast(&g->cond);
	pthread_mutex_unlock(&g->lock);
}

static void *scaling_main(void *p)
{
	struct scaling_thread *t = p;
	struct counters *c;

	if (t->cpu >= 0 && (!t->topo || topology_pin_cpu(t->topo, t->cpu)))
		t->cpu = -1;
	c = counters_open();
	/* All threads map at once, as map_benchmark's kthreads do. */
	if (!gate_pass(t->start)) {
		counters_close(c);
		t->ret = -ECANCELED;
		return NULL;
	}
	counters_start(c);
	t->ret = device_bench(&t->dev, &t->b);
	counters_stop(c, &t->cnt);
	counters_close(c);
	t->has_cnt = c != NULL;
	counters_per_op(&t->cnt, (double)t->b.iterations + t->b.warmup);
	return NULL;
}

static int ncpus(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	return n > 0 ? (int)n : 1;
}

/* map_benchmark binds its threads to the node's CPUs: start there. */
static int first_cpu(const struct run_ctx *ctx)
{
	int cpu = -1;

	if (ctx->opts->node >= 0 && ctx->topo)
		cpu = topology_cpu_near(ctx->topo, NULL, ctx->opts->node);
	if (cpu < 0)
		cpu = ctx->opts->cpu >= 0 ? ctx->opts->cpu : 0;
	return cpu;
}

static void scaling_bench(const struct run_ctx *ctx, struct dmabench_bench *b,
			  uint32_t dir, uint64_t size, unsigned int iters)
{
	memset(b, 0, sizeof(*b));
	b->op = DMABENCH_OP_MAP_SINGLE;
	b->kind = DMABENCH_KIND_STREAMING;
	b->size = size;
	b->dir = dir;
	b->iterations = iters;
	b->batch = 1;
	b->warmup = iters / 10 < 100 ? iters / 10 : 100;
	b->trans_delay_ns = ctx->opts->trans_delay_ns;
	b->node = ctx->opts->node;
}

static int scaling_threads_init(const struct run_ctx *ctx,
				struct scaling_thread *t, unsigned int n,
				const struct dmabench_bench *b,
				struct gate *start)
{
	int base = first_cpu(ctx), cpus = ncpus();

	for (unsigned int i = 0; i < n; i++) {
		t[i].dev = *ctx->dev;
		t[i].topo = ctx->topo;
		t[i].start = start;
		t[i].cpu = (base + (int)i) % cpus;
		t[i].b = *b;
		t[i].map_ns = calloc(b->iterations, sizeof(uint64_t));
		t[i].unmap_ns = calloc(b->iterations, sizeof(uint64_t));
		if (!t[i].map_ns || !t[i].unmap_ns)
			return -ENOMEM;
		t[i].b.samples = (uint64_t)(uintptr_t)t[i].map_ns;
		t[i].b.samples2 = (uint64_t)(uintptr_t)t[i].unmap_ns;
	}
	return 0;
}

static int scaling_start_join(struct scaling_thread *t, unsigned int n,
			      struct gate *start)
{
	unsigned int started = 0;
	int ret = 0;

	for (; started < n; started++) {
		ret = -pthread_create(&t[started].tid, NULL, scaling_main,
				      &t[started]);
		if (ret) {
			complain("map_scaling: cannot start thread %u of %u: %s",
				 started + 1, n, strerror(-ret));
			break;
		}
	}
	gate_open(start, ret != 0);
	for (unsigned int i = 0; i < started; i++)
		pthread_join(t[i].tid, NULL);
	return ret;
}

static double *to_doubles(const uint64_t *v, size_t n)
{
	double *d = malloc((n ? n : 1) * sizeof(*d));

	for (size_t i = 0; d && i < n; i++)
		d[i] = (double)v[i];
	return d;
}

/* mean and population stddev: map_benchmark's formulas, in ns. */
static void mb_figures(const double *v, size_t n, double *mean, double *sd)
{
	double s = 0, sq = 0;

	for (size_t i = 0; i < n; i++)
		s += v[i];
	*mean = n ? s / (double)n : 0;
	for (size_t i = 0; i < n; i++)
		sq += (v[i] - *mean) * (v[i] - *mean);
	*sd = n ? sqrt(sq / (double)n) : 0;
}

static struct result_item scaling_item(const struct scaling_run *r,
				       const char *op)
{
	struct result_item it = user_item("map_scaling", "streaming", op, r->size);

	it.dir = r->dir;
	it.threads = r->threads;
	return it;
}

static int report_thread(struct run_ctx *ctx, const struct scaling_run *r,
			 unsigned int i)
{
	const struct scaling_thread *t = &r->t[i];
	const uint64_t *src[2] = { t->map_ns, t->unmap_ns };
	static const char *const ops[2] = { "map_thread", "unmap_thread" };
	char note[160];
	int ret = 0;

	for (int h = 0; h < 2 && !ret; h++) {
		struct result_item it = scaling_item(r, ops[h]);
		double *v = to_doubles(src[h], t->b.done);

		if (!v)
			return -ENOMEM;
		if (t->cpu >= 0)
			snprintf(note, sizeof(note), "thread %u of %u on cpu %d; counters per map+unmap pair",
				 i, r->threads, t->cpu);
		else
			snprintf(note, sizeof(note), "thread %u of %u, not pinned; counters per map+unmap pair",
				 i, r->threads);
		it.note = note;
		it.has_counters = t->has_cnt;
		it.counters = t->cnt;
		ret = user_report(ctx->res, &it, v, t->b.done, 0);
		free(v);
	}
	return ret;
}

/* Every thread's samples of one half, end to end. */
static double *pooled(const struct scaling_run *r, int half, size_t *n)
{
	size_t total = 0, k = 0;
	double *v;

	for (unsigned int i = 0; i < r->threads; i++)
		total += r->t[i].b.done;
	v = malloc((total ? total : 1) * sizeof(*v));
	for (unsigned int i = 0; v && i < r->threads; i++) {
		const uint64_t *s = half ? r->t[i].unmap_ns : r->t[i].map_ns;

		for (uint32_t j = 0; j < r->t[i].b.done; j++)
			v[k++] = (double)s[j];
	}
	*n = total;
	return v;
}

/* Pairs per second over all threads: the wall time is the slowest one's. */
static double pair_rate(const struct scaling_run *r, size_t pairs)
{
	uint64_t wall = 0;

	for (unsigned int i = 0; i < r->threads; i++)
		if (r->t[i].b.total_ns > wall)
			wall = r->t[i].b.total_ns;
	return wall ? (double)pairs * 1e9 / (double)wall : 0;
}

static int report_pooled(struct run_ctx *ctx, const struct scaling_run *r)
{
	static const char *const ops[2] = { "map", "unmap" };
	char note[320];
	int ret = 0;

	for (int h = 0; h < 2 && !ret; h++) {
		struct result_item it = scaling_item(r, ops[h]);
		double mean, sd;
		size_t n;
		double *v = pooled(r, h, &n);

		if (!v)
			return -ENOMEM;
		mb_figures(v, n, &mean, &sd);
		snprintf(note, sizeof(note),
			 "all %u threads pooled, %.0f pairs/s; map_benchmark figures: mean %.1f ns, stddev %.1f ns (population; map_benchmark prints them in units of 100 ns); dma mask %u bits",
			 r->threads, pair_rate(r, n), mean, sd, r->mask_bits);
		it.note = note;
		ret = user_report(ctx->res, &it, v, n, 0);
		free(v);
	}
	return ret;
}

static int scaling_failed(struct run_ctx *ctx, const struct scaling_run *r)
{
	for (unsigned int i = 0; i < r->threads; i++)
		if (r->t[i].ret)
			return user_device_failed(ctx->res, &r->t[i].dev,
						  "map_scaling");
	return 0;
}

static int scaling_report(struct run_ctx *ctx, const struct scaling_run *r)
{
	int ret = scaling_failed(ctx, r);

	for (unsigned int i = 0; i < r->threads && !ret; i++)
		ret = report_thread(ctx, r, i);
	return ret ? ret : report_pooled(ctx, r);
}

static int scaling_step(struct run_ctx *ctx, struct scaling_run *r,
			const struct dmabench_bench *b)
{
	struct scaling_thread *t = calloc(r->threads, sizeof(*t));
	struct gate start = { .lock = PTHREAD_MUTEX_INITIALIZER,
			      .cond = PTHREAD_COND_INITIALIZER };
	int ret;

	if (!t)
		return -ENOMEM;
	r->t = t;
	ret = scaling_threads_init(ctx, t, r->threads, b, &start);
	if (ret)
		user_failed(ctx->res, "map_scaling",
			    "no memory for %u threads' samples", r->threads);
	else
		ret = scaling_start_join(t, r->threads, &start);
	if (ret == 0)
		ret = scaling_report(ctx, r);
	for (unsigned int i = 0; i < r->threads; i++) {
		free(t[i].map_ns);
		free(t[i].unmap_ns);
	}
	free(t);
	r->t = NULL;
	return ret;
}

/* The module has one mask per device, set at load (dma_bits=). */
static int check_dma_bits(const struct run_ctx *ctx, unsigned int have)
{
	unsigned int want = ctx->opts->dma_bits;

	if (!want || want == have)
		return 0;
	user_failed(ctx->res, "map_scaling",
		    "--dma-bits %u is not supported: the device's DMA mask is %u bits, fixed when the module loads (reload it with dma_bits=%u for the platform device)",
		    want, have, want);
	return -EOPNOTSUPP;
}

static int scaling_dir(struct run_ctx *ctx, uint32_t dir, uint64_t size,
		       unsigned int iters, unsigned int mask_bits)
{
	unsigned int steps[USER_MAX_THREAD_STEPS];
	unsigned int max = ctx->opts->threads ? ctx->opts->threads :
						(unsigned int)ncpus();
	unsigned int n = ctx->opts->threads_exact ? 1 :
			 thread_series(max, steps, USER_MAX_THREAD_STEPS);
	struct scaling_run r = { .dir = dir_short_name(dir), .size = size,
				 .mask_bits = mask_bits };
	struct dmabench_bench b;
	int ret = 0;

	if (ctx->opts->threads_exact)
		steps[0] = max;
	scaling_bench(ctx, &b, dir, size, iters);
	for (unsigned int i = 0; i < n && !ret; i++) {
		if (measure_interrupted)
			return -EINTR;
		r.threads = steps[i];
		ret = scaling_step(ctx, &r, &b);
	}
	return ret;
}

static int run_map_scaling(struct run_ctx *ctx)
{
	const struct run_opts *o = ctx->opts;
	unsigned int bits = dma_mask_bits(ctx->dev->info.dma_mask);
	uint64_t size = (uint64_t)(o->granule ? o->granule : 1) *
			ctx->dev->info.page_size;
	bool quick = o->suite == SUITE_QUICK;
	unsigned int iters = scaling_iterations(o->iters,
					       quick ? SCALING_ITERS_QUICK : SCALING_ITERS_FULL,
					       o->trans_delay_ns,
					       quick ? SCALING_BUDGET_QUICK_S : SCALING_BUDGET_FULL_S);
	int ret = check_dma_bits(ctx, bits);

	for (uint32_t d = 0; d < 3 && !ret; d++)
		if (o->dirs & (1U << d))
			ret = scaling_dir(ctx, d, size, iters, bits);
	return ret;
}

const struct test_def map_scaling_test = {
	.name = "map_scaling",
	.what = "map_benchmark equivalent: 1..N threads mapping/unmapping a granule concurrently",
	.needs_module = true,
	.quick = true,
	.run = run_map_scaling,
};
