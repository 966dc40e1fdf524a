// SPDX-License-Identifier: GPL-2.0
/*
 * dmabench: PATTERN, a data check through the buffer's kernel mapping.
 *
 * The word at byte offset o is the little-endian u64 (seed ^ o), cheap to
 * produce and verify on both sides.  No sync is done here: user space
 * gives the CPU ownership first (SYNC), as a driver would.
 */
#include <linux/kernel.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/sizes.h>
#include <linux/uaccess.h>

#include "dmabench_internal.h"

/* Work between two chances to reschedule. */
#define DMABENCH_PATTERN_CHUNK	SZ_1M

static void dmabench_pattern_fill(void *vaddr, u64 seed, u64 from, u64 to)
{
	u64 off;

	for (off = from; off < to; off += sizeof(__le64))
		*(__le64 *)(vaddr + off) = cpu_to_le64(seed ^ off);
}

static void dmabench_pattern_check(const void *vaddr, struct dmabench_pattern *p,
				   u64 from, u64 to)
{
	u64 off;

	for (off = from; off < to; off += sizeof(__le64)) {
		if (le64_to_cpu(*(const __le64 *)(vaddr + off)) == (p->seed ^ off))
			continue;
		if (!p->mismatches++)
			p->first_bad = off;
	}
}

static int dmabench_pattern_locked(struct dmabench_buffer *buf,
				   struct dmabench_pattern *p)
{
	u64 off, end = p->offset + p->len, next;

	/* An import has no kernel mapping: the dma-buf's CPU access is its own. */
	if (buf->kind == DMABENCH_KIND_IMPORT)
		return -EINVAL;
	/* NO_KERNEL_MAPPING: a cookie, and pages dma-direct did not zero. */
	if (!dmabench_buffer_has_kmap(buf))
		return -EINVAL;
	/* A failed MOVE can leave a buffer without a kernel mapping. */
	if (!buf->vaddr)
		return -ENOMEM;
	for (off = p->offset; off < end; off = next) {
		next = min_t(u64, end, off + DMABENCH_PATTERN_CHUNK);
		if (p->op == DMABENCH_PATTERN_FILL)
			dmabench_pattern_fill(buf->vaddr, p->seed, off, next);
		else
			dmabench_pattern_check(buf->vaddr, p, off, next);
		if (fatal_signal_pending(current))
			return -EINTR;
		cond_resched();
	}
	return 0;
}

int dmabench_ioctl_pattern(struct dmabench_file *f, void __user *arg)
{
	struct dmabench_buffer *buf;
	struct dmabench_pattern p;
	int ret = -EINVAL;

	if (copy_from_user(&p, arg, sizeof(p)))
		return -EFAULT;
	if (p.op != DMABENCH_PATTERN_FILL && p.op != DMABENCH_PATTERN_CHECK)
		return -EINVAL;
	if (!IS_ALIGNED(p.offset, sizeof(__le64)) ||
	    !IS_ALIGNED(p.len, sizeof(__le64)))
		return -EINVAL;
	buf = dmabench_buffer_lookup(f, p.handle);
	if (!buf)
		return -ENOENT;

	p.mismatches = 0;
	p.first_bad = ~0ULL;
	if (dmabench_range_valid(buf->size, p.offset, p.len)) {
		mutex_lock(&buf->lock);
		ret = dmabench_pattern_locked(buf, &p);
		mutex_unlock(&buf->lock);
	}
	dmabench_buffer_put(buf);
	if (ret)
		return ret;
	return copy_to_user(arg, &p, sizeof(p)) ? -EFAULT : 0;
}
