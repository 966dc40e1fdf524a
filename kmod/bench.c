// SPDX-License-Identifier: GPL-2.0
/*
 * dmabench: BENCH, one timed loop in the kernel (mm/gup_test.c shape,
 * kernel/dma/map_benchmark.c semantics).
 *
 * The file's mutex is not held while timing: several threads may run
 * BENCH on one file at once (map_benchmark-style thread scaling).  Each
 * run works on its own private buffer, charged to the file atomically.
 *
 * Bounded work: a sample does at most DMABENCH_BENCH_MAX_SAMPLE_BYTES of
 * work (batch x size), a batch checks for a fatal signal and its time
 * budget after every op (two loads, no clock read, so the timed window is
 * barely touched), and the CPU is yielded between samples.  Nothing timed
 * may sleep or yield, so these are the only places where a run can stop.
 */
#include <linux/delay.h>
#include <linux/err.h>
#include <linux/jiffies.h>
#include <linux/log2.h>
#include <linux/math64.h>
#include <linux/mm.h>
#include <linux/overflow.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/timekeeping.h>
#include <linux/uaccess.h>

#include "bench.h"

/* As map_benchmark's DMA_MAP_MAX_TRANS_DELAY. */
#define DMABENCH_MAX_TRANS_DELAY_NS	(10 * NSEC_PER_MSEC)

static int dmabench_bench_check_entries(const struct dmabench_bench *b,
					const struct dmabench_op_desc *d)
{
	u64 npages = b->size >> PAGE_SHIFT, entries;

	/* CACHING*: pages per set_pages_array/set_memory_*() call, 0 = all. */
	if (b->op == DMABENCH_OP_CACHING || b->op == DMABENCH_OP_CACHING_RANGE)
		return b->entries > DMABENCH_CACHING_MAX_BATCH ? -EINVAL : 0;
	/* User pages decide their own table. */
	if (!d->uses_entries || b->kind == DMABENCH_KIND_USERPTR)
		return b->entries ? -EINVAL : 0;
	entries = b->entries ?: npages;
	if (entries > DMABENCH_MAX_ENTRIES || entries > npages)
		return -EINVAL;
	/* Each entry is one physically contiguous run of pages. */
	if (DIV_ROUND_UP(npages, entries) << PAGE_SHIFT > DMABENCH_MAX_CONTIG)
		return -EINVAL;
	return 0;
}

/* The user memory of the USERPTR kind, and none for the others. */
static int dmabench_bench_check_uaddr(const struct dmabench_bench *b)
{
	u64 end;

	if (b->kind != DMABENCH_KIND_USERPTR)
		return b->uaddr ? -EINVAL : 0;
	if (!b->uaddr || !PAGE_ALIGNED(b->uaddr))
		return -EINVAL;
	if (check_add_overflow(b->uaddr, b->size, &end) ||
	    (unsigned long)end != end)
		return -EOVERFLOW;
	return 0;
}

/*
 * The DMABENCH_ATTR_* a run of @op on @kind may ask for (uapi header):
 * ALLOC_SINGLE_PAGES with every op of noncontig, which it allocates;
 * else what the op takes of its kind's allocation attributes (coherent's
 * ALLOC_FREE and kernel access) and of the map attributes (MAP_*).
 */
static u32 dmabench_bench_attrs(const struct dmabench_op_desc *d, u32 kind)
{
	if (kind == DMABENCH_KIND_NONCONTIG)
		return dmabench_kind_alloc_attrs(kind);
	return d->attrs & (dmabench_kind_alloc_attrs(kind) | DMABENCH_ATTRS_MAP);
}

static int dmabench_bench_check(const struct dmabench_bench *b)
{
	const struct dmabench_op_desc *d;
	int ret;

	if (b->op >= DMABENCH_OP_COUNT ||
	    memchr_inv(b->reserved, 0, sizeof(b->reserved)))
		return -EINVAL;
	d = &dmabench_op_descs[b->op];
	if (!dmabench_kind_valid(b->kind) || !(d->kinds & BIT(b->kind)))
		return -EINVAL;
	if (b->flags & ~dmabench_bench_attrs(d, b->kind))
		return -EINVAL;
	if (!dmabench_size_valid(b->size) || !dmabench_dir_valid(b->dir) ||
	    !dmabench_node_valid(b->node))
		return -EINVAL;
	if (!b->iterations || b->iterations > DMABENCH_BENCH_MAX_ITERS ||
	    !b->batch || b->batch > DMABENCH_BENCH_MAX_BATCH ||
	    b->warmup > DMABENCH_BENCH_MAX_ITERS)
		return -EINVAL;
	/*
	 * More than the module may hold is ENOMEM whatever the batch, as for
	 * ALLOC; EMPTY holds no buffer but is refused alike.
	 */
	if (b->size > dmabench_byte_cap)
		return -ENOMEM;
	/* Both are bounded above, so the product cannot overflow. */
	if ((u64)b->batch * b->size > DMABENCH_BENCH_MAX_SAMPLE_BYTES)
		return -EINVAL;
	if (b->cache > DMABENCH_CACHE_COLD || (b->cache && !d->uses_cache))
		return -EINVAL;
	if (b->cache == DMABENCH_CACHE_COLD && !dmabench_cache_flush_available())
		return -EOPNOTSUPP;
	/* A delay inside a batched window would be timed with the ops. */
	if (b->trans_delay_ns && (!d->uses_delay || b->batch > 1 ||
				  b->trans_delay_ns > DMABENCH_MAX_TRANS_DELAY_NS))
		return -EINVAL;
	if (d->contig && b->size > DMABENCH_MAX_CONTIG)
		return -EINVAL;
	if (d->one_order && !is_power_of_2(b->size >> PAGE_SHIFT))
		return -EINVAL;
	if (d->switches_caching && !dmabench_has_set_pages_array())
		return -EOPNOTSUPP;
	ret = dmabench_bench_check_uaddr(b);
	if (ret)
		return ret;
	return dmabench_bench_check_entries(b, d);
}

static bool dmabench_user_array_ok(u64 uptr, u32 n)
{
	return !uptr || access_ok(u64_to_user_ptr(uptr), (size_t)n * sizeof(u64));
}

/* One op: s[0] the op or its first half, s[1] the second half. */
static int dmabench_sample_single(struct dmabench_run *r, bool two, u64 s[2])
{
	u64 t0, t1;
	int ret;

	t0 = ktime_get_ns();
	ret = dmabench_op_first(r);
	t1 = dmabench_plant_stretch(r->b.op, t0, ktime_get_ns());
	if (ret)
		return ret;
	s[0] = t1 - t0;
	if (!two)
		return 0;
	if (r->b.trans_delay_ns)
		ndelay(r->b.trans_delay_ns);
	t0 = ktime_get_ns();
	ret = dmabench_op_second(r);
	t1 = dmabench_plant_stretch(r->b.op, t0, ktime_get_ns());
	s[1] = t1 - t0;
	return ret;
}

/*
 * Whether a batch must stop after this op.  Checked after every op, as
 * the empty op's batch is too, so the floor includes what it costs.
 */
static int dmabench_batch_stop(unsigned long deadline)
{
	if (fatal_signal_pending(current))
		return -EINTR;
	if (time_after(jiffies, deadline))
		return -ETIMEDOUT;
	return 0;
}

/*
 * @batch ops (or first+second pairs) back to back: s[0] the whole window,
 * which the caller divides by @batch without losing the fraction.
 */
static int dmabench_sample_batch(struct dmabench_run *r, bool two, u64 s[2])
{
	unsigned long deadline;
	u32 i, batch = r->b.batch;
	u64 t0, t1;
	int ret = 0;

	deadline = jiffies + msecs_to_jiffies(DMABENCH_BENCH_BUDGET_MS);
	t0 = ktime_get_ns();
	for (i = 0; i < batch; i++) {
		ret = dmabench_op_first(r);
		if (!ret && two)
			ret = dmabench_op_second(r);
		if (!ret)
			ret = dmabench_batch_stop(deadline);
		if (ret)
			break;
	}
	t1 = dmabench_plant_stretch(r->b.op, t0, ktime_get_ns());
	s[0] = t1 - t0;
	return ret;
}

static int dmabench_sample(struct dmabench_run *r, u64 s[2])
{
	const struct dmabench_op_desc *d = &dmabench_op_descs[r->b.op];

	if (d->prep)
		d->prep(r);
	if (r->b.batch == 1)
		return dmabench_sample_single(r, d->two_halves, s);
	return dmabench_sample_batch(r, d->two_halves, s);
}

/* Yield between samples; a dying caller stops the run. */
static int dmabench_between_samples(void)
{
	if (fatal_signal_pending(current))
		return -EINTR;
	cond_resched();
	return 0;
}

static int dmabench_warmup(struct dmabench_run *r)
{
	u64 s[2];
	u32 i;
	int ret;

	for (i = 0; i < r->b.warmup; i++) {
		ret = dmabench_sample(r, s);
		if (!ret)
			ret = dmabench_between_samples();
		if (ret)
			return ret;
	}
	return 0;
}

static int dmabench_loop(struct dmabench_run *r, u64 *s1, u64 *s2)
{
	u64 t0, sum = 0, s[2] = { 0, 0 };
	int ret = 0;
	u32 i;

	t0 = ktime_get_ns();
	for (i = 0; i < r->b.iterations; i++) {
		ret = dmabench_sample(r, s);
		if (ret)
			break;
		s1[i] = s[0];
		if (s2)
			s2[i] = s[1];
		sum += s[0];
		r->b.done = i + 1;
		ret = dmabench_between_samples();
		if (ret)
			break;
	}
	r->b.total_ns = ktime_get_ns() - t0;
	r->b.sum_ns = sum;
	return ret;
}

static int dmabench_run(struct dmabench_file *f, struct dmabench_run *r,
			u64 *s1, u64 *s2)
{
	const struct dmabench_op_desc *d = &dmabench_op_descs[r->b.op];
	int ret;

	r->dir = (enum dma_data_direction)r->b.dir;
	r->map_attrs = dmabench_dma_attrs(r->b.flags & DMABENCH_ATTRS_MAP);
	if (r->b.op != DMABENCH_OP_EMPTY) {
		r->buf = dmabench_file_new_buffer(f, r->b.kind, r->b.size,
						  r->b.node, r->b.dir,
						  r->b.flags & DMABENCH_ATTRS_ALLOC);
		if (IS_ERR(r->buf))
			return PTR_ERR(r->buf);
	}
	ret = d->setup ? d->setup(r) : 0;
	if (!ret) {
		ret = dmabench_warmup(r);
		if (!ret)
			ret = dmabench_loop(r, s1, s2);
		if (d->teardown)
			d->teardown(r);
	}
	if (r->buf)
		dmabench_buffer_put(r->buf);
	return ret;
}

static int dmabench_copy_samples(u64 uptr, const u64 *s, u32 n)
{
	if (!uptr || !s || !n)
		return 0;
	if (copy_to_user(u64_to_user_ptr(uptr), s, (size_t)n * sizeof(u64)))
		return -EFAULT;
	return 0;
}

static int dmabench_bench_finish(struct dmabench_run *r, void __user *arg,
				 const u64 *s1, const u64 *s2, int ret)
{
	int cret;

	cret = dmabench_copy_samples(r->b.samples, s1, r->b.done);
	if (!cret)
		cret = dmabench_copy_samples(r->b.samples2, s2, r->b.done);
	if (!cret && copy_to_user(arg, &r->b, sizeof(r->b)))
		cret = -EFAULT;
	return ret ? ret : cret;
}

/*
 * The kernel's copies of the samples, charged to the file like buffers:
 * up to 16 MiB per run, and threads may run many at once.
 */
static int dmabench_samples_alloc(struct dmabench_file *f,
				  struct dmabench_run *r, u64 **s1, u64 **s2)
{
	/* Batched two-half runs only have the window of the pairs. */
	bool two = r->b.samples2 && dmabench_op_descs[r->b.op].two_halves &&
		   r->b.batch == 1;
	size_t bytes = (size_t)r->b.iterations * sizeof(u64);
	int ret;

	ret = dmabench_file_charge(f, two ? 2 * bytes : bytes);
	if (ret)
		return ret;
	*s1 = kvzalloc(bytes, DMABENCH_GFP_NOOOM);
	*s2 = two ? kvzalloc(bytes, DMABENCH_GFP_NOOOM) : NULL;
	if (*s1 && (*s2 || !two))
		return 0;
	kvfree(*s1);
	kvfree(*s2);
	dmabench_file_uncharge(f, two ? 2 * bytes : bytes);
	return -ENOMEM;
}

static void dmabench_samples_free(struct dmabench_file *f,
				  struct dmabench_run *r, u64 *s1, u64 *s2)
{
	size_t bytes = (size_t)r->b.iterations * sizeof(u64);

	dmabench_file_uncharge(f, s2 ? 2 * bytes : bytes);
	kvfree(s2);
	kvfree(s1);
}

int dmabench_ioctl_bench(struct dmabench_file *f, void __user *arg)
{
	struct dmabench_run r = { };
	u64 *s1, *s2;
	int ret;

	if (copy_from_user(&r.b, arg, sizeof(r.b)))
		return -EFAULT;
	ret = dmabench_bench_check(&r.b);
	if (ret)
		return ret;
	if (!dmabench_user_array_ok(r.b.samples, r.b.iterations) ||
	    !dmabench_user_array_ok(r.b.samples2, r.b.iterations))
		return -EFAULT;
	r.b.total_ns = 0;
	r.b.sum_ns = 0;
	r.b.done = 0;
	/* Out only (ABI 3): whatever the caller left there is overwritten. */
	r.b.chunks = 0;
	r.b.segments = 0;

	ret = dmabench_samples_alloc(f, &r, &s1, &s2);
	if (ret)
		return ret;
	ret = dmabench_run(f, &r, s1, s2);
	/* Setup failures took no sample and report only the error. */
	if (!ret || r.b.done)
		ret = dmabench_bench_finish(&r, arg, s1, s2, ret);
	dmabench_samples_free(f, &r, s1, s2);
	return ret;
}
