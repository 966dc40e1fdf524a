// SPDX-License-Identifier: GPL-2.0
/*
 * user_access and baseline: the access kernels (access_kernels.h) through each
 * kind's mmap and through plain anonymous memory, in GB/s.  One pass over
 * the buffer is one op; GB/s is the bytes of a pass over its median time.
 */
#include <errno.h>
#include <stdio.h>

#include "suites/access_kernels.h"
#include "suites/copy_ref.h"
#include "core/errors.h"
#include "core/plant.h"
#include "suites/families.h"
#include "suites/user_buffer.h"
#include "suites/user_measure.h"
#include "suites/user_plan.h"

/* Where the kernels' results go so the compiler keeps every load. */
static volatile uint64_t access_sink;

struct access_run {
	access_fn fn;
	copy_fn copy;		/* the reference copy instead of fn (baseline copies) */
	void *buf, *other;
	size_t len;
	uint64_t seed;
	double plant;		/* planted slowdown factor (plant.h); 1: none */
};

static void access_pass(struct access_run *a)
{
	if (a->copy) {
		a->copy(a->buf, a->other, a->len);
		access_sink += ((volatile uint64_t *)a->buf)[0];
	} else {
		access_sink += a->fn(a->buf, a->other, a->len, a->seed++);
	}
}

static int access_take(void *p, unsigned int warmup, double *out,
		       double *out2, size_t want)
{
	struct access_run *a = p;

	(void)out2;
	for (unsigned int i = 0; i < warmup; i++)
		access_pass(a);
	for (size_t i = 0; i < want; i++) {
		uint64_t t0 = now_ns();

		uint64_t t1;

		access_pass(a);
		t1 = plant_stretch(t0, now_ns(), a->plant);
		out[i] = (double)(t1 - t0);
	}
	return (int)want;
}

static const char *pattern_note(enum access_pattern p, int kind)
{
	switch (p) {
	case ACCESS_COPY_IN:
		return "glibc memcpy from cached memory into the buffer; GB/s counts each byte copied once";
	case ACCESS_COPY_OUT:
		return "glibc memcpy from the buffer into cached memory; GB/s counts each byte copied once";
	case ACCESS_RANDOM:
		return "dependent 64-byte reads in random order; 64 bytes per line";
	default:
		break;
	}
	return kind == UBUF_KIND_CACHED ?
	       "anonymous memory (transparent huge pages asked for)" : NULL;
}

/* The baseline's copies are the reference copy: who won, each byte once. */
static const char *const ref_copy_note[2] = {
	"the reference copy (the fastest copy this CPU offers at this size, timed at start: "
	"method.reference_copy) from one anonymous buffer into the other; GB/s counts each byte copied once",
	"the reference copy (the fastest copy this CPU offers at this size, timed at start: "
	"method.reference_copy) back; GB/s counts each byte copied once",
};

static bool is_copy(enum access_pattern p)
{
	return p == ACCESS_COPY_IN || p == ACCESS_COPY_OUT;
}

static int access_one(struct run_ctx *ctx, const char *test, struct ubuf *b,
		      struct ubuf *peer, enum access_pattern p,
		      const struct copy_kernel *ref)
{
	enum access_isa used = ISA_C;
	struct access_run a = {
		.fn = access_kernel(p, access_best_isa(), &used),
		.buf = b->addr, .other = peer->addr, .len = (size_t)b->size,
		.seed = 0x1234,
		.plant = plant_factor_for(test, ubuf_kind_name(b->kind),
					  access_pattern_name(p), b->size),
	};

	if (ref && is_copy(p)) {
		/* copy_in: buffer <- peer; copy_out: peer <- buffer. */
		a.copy = ref->copy;
		if (p == ACCESS_COPY_OUT) {
			a.buf = peer->addr;
			a.other = b->addr;
		}
	}
	struct sample_source src = { .ctx = &a, .take = access_take,
				     .ops_per_sample = 1 };
	struct result_item item;
	struct measurement m;
	int ret;

	if (!a.fn) {
		user_skipped(ctx->res, test, access_pattern_name(p),
			     "no non-temporal access kernel for this CPU (x86 needs SSE4.1; arm64 uses LDNP/STNP)");
		return 0;
	}
	ret = user_measure(ctx, &src, test, &m, NULL, 0);
	if (ret) {
		measurement_free(&m);
		return ret;
	}
	item = user_item(test, ubuf_kind_name(b->kind), access_pattern_name(p),
			 b->size);
	item.isa = a.copy ? ref->name : access_isa_name(used);
	item.note = a.copy ? ref_copy_note[p == ACCESS_COPY_OUT] : pattern_note(p, b->kind);
	item.has_counters = m.has_counters;
	item.counters = m.counters;
	item.stopped = m.stopped;
	ret = user_report(ctx->res, &item, m.samples, m.n, b->size);
	measurement_free(&m);
	return ret;
}

static int access_all(struct run_ctx *ctx, const char *test, struct ubuf *b,
		      struct ubuf *peer, const struct copy_kernel *ref)
{
	int ret = 0;

	for (int p = 0; p < ACCESS_COUNT && !ret; p++)
		ret = access_one(ctx, test, b, peer, (enum access_pattern)p, ref);
	return ret;
}

/* Time every copy candidate on these buffers and record which won. */
static const struct copy_kernel *reference_copy(struct run_ctx *ctx, struct ubuf *b,
						struct ubuf *peer)
{
	struct copy_choice c;
	const struct copy_kernel *k = copy_ref_choose(b->addr, peer->addr, b->size, &c);

	if (ctx->method && copy_ref_record(ctx->method, &c))
		fprintf(stderr, "dmabench: warning: out of memory recording the reference copy.\n");
	return k;
}

/* -EINTR stops everything; other failures move on to the next kind. */
static int keep_first(int first, int ret)
{
	return first ? first : ret;
}

static int access_kind(struct run_ctx *ctx, struct ubuf *b, unsigned int kind, void *peer)
{
	(void)kind;
	return access_all(ctx, "user_access", b, peer, NULL);
}

/*
 * The user sizes plus the memory-bound one (4x the LLC, memory_bound_size),
 * so cached reads are measured from DRAM and WC/UC reads compared with
 * those, in the quick suite too; --sizes is taken as given.
 */
static unsigned int access_sizes(const struct run_ctx *ctx, uint64_t *sizes)
{
	unsigned int n = user_test_sizes(ctx->opts, sizes, SUITE_MAX_SIZES);
	uint64_t mb = memory_bound_size(topology_llc_bytes(ctx->topo));

	if (!ctx->opts->sizes_given && mb && mb >= ctx->opts->size_min &&
	    mb <= ctx->opts->size_max)
		n = insert_size(sizes, n, SUITE_MAX_SIZES, mb);
	return n;
}

static int run_user_access(struct run_ctx *ctx)
{
	uint64_t sizes[SUITE_MAX_SIZES];
	unsigned int n = access_sizes(ctx, sizes);
	int first = 0;

	for (unsigned int i = 0; i < n && first != -EINTR; i++) {
		struct ubuf peer;
		int ret = ubuf_cached(&peer, sizes[i]);

		if (ret)
			user_failed(ctx->res, "user_access",
				    "no %llu bytes of memory for the copy peer",
				    (unsigned long long)sizes[i]);
		else
			ret = user_each_kind(ctx, "user_access", USER_ALL_KINDS, sizes[i],
					     true, access_kind, &peer);
		ubuf_release(&peer);
		first = keep_first(first, ret);
	}
	return first;
}

static int run_baseline(struct run_ctx *ctx)
{
	uint64_t sizes[SUITE_MAX_SIZES];
	unsigned int n = access_sizes(ctx, sizes);
	int ret = 0;

	for (unsigned int i = 0; i < n && !ret; i++) {
		struct ubuf b = { 0 }, peer = { 0 };

		ret = ubuf_cached(&b, sizes[i]);
		if (ret == 0)
			ret = ubuf_cached(&peer, sizes[i]);
		if (ret == 0)
			ret = access_all(ctx, "baseline", &b, &peer,
					 reference_copy(ctx, &b, &peer));
		else
			user_failed(ctx->res, "baseline", "no %llu bytes of memory",
				    (unsigned long long)sizes[i]);
		ubuf_release(&b);
		ubuf_release(&peer);
	}
	return ret;
}

const struct test_def user_access_test = {
	.name = "user_access",
	.what = "CPU read/write/copy/nt-store/stream-load/random through each kind's mmap, GB/s",
	.needs_module = true,
	.quick = true,
	.run = run_user_access,
};

const struct test_def baseline_test = {
	.name = "baseline",
	.what = "the same access kernels over plain anonymous memory: the reference (no module)",
	.needs_module = false,
	.quick = true,
	.run = run_baseline,
};
