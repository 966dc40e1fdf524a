// SPDX-License-Identifier: GPL-2.0
/*
 * dmabench: DEVICE_DMA, real device reads and writes of a buffer by the
 * DMA engine of QEMU's edu device (docs/specs/edu.rst in QEMU).
 *
 * edu copies between its 4 KiB internal buffer, at device address
 * 0x40000, and a bus address.  QEMU runs the copy from a timer (100 ms of
 * virtual time in QEMU 7.2) and clears the run bit when done, so the
 * engine is polled, sleeping, with a bound.  QEMU before 8.0 aborts on
 * a transfer outside the internal buffer and, off by one, on one that
 * ends at its last byte, so every range is checked first.
 *
 * The ioctl takes the range from the CPU and gives it back the way a
 * driver does (sync for_device before the transfer, for_cpu after it)
 * unless asked to leave the syncs out, which is how user space shows
 * whether streaming DMA is coherent here: on a bouncing platform the CPU
 * then reads stale data.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/dma-mapping.h>
#include <linux/io.h>
#include <linux/iopoll.h>
#include <linux/moduleparam.h>
#include <linux/overflow.h>
#include <linux/sizes.h>
#include <linux/timekeeping.h>
#include <linux/uaccess.h>

#include "dmabench_internal.h"

#define EDU_REG_DMA_SRC		0x80
#define EDU_REG_DMA_DST		0x88
#define EDU_REG_DMA_COUNT	0x90
#define EDU_REG_DMA_CMD		0x98
#define EDU_DMA_RUN		BIT(0)
#define EDU_DMA_TO_RAM		BIT(1)	/* clear: RAM -> edu */
#define EDU_DMA_BUF_ADDR	0x40000

/* One transfer takes ~100 ms; 50 times that means the engine is stuck. */
#define EDU_DMA_POLL_US		1000
#define EDU_DMA_TIMEOUT_US	(5 * USEC_PER_SEC)

#define EDU_DMA_TIMEOUT_MAX_US	(60 * USEC_PER_SEC)

/*
 * How long a transfer may take.  Tests set it below edu's 100 ms to see
 * what a stuck engine leaves behind; 60 s at most keeps the ioctl bounded.
 */
static unsigned int edu_timeout_us = EDU_DMA_TIMEOUT_US;

static int dmabench_set_timeout(const char *val, const struct kernel_param *kp)
{
	return param_set_uint_minmax(val, kp, 1, EDU_DMA_TIMEOUT_MAX_US);
}

static const struct kernel_param_ops dmabench_timeout_ops = {
	.set = dmabench_set_timeout,
	.get = param_get_uint,
};

module_param_cb(edu_timeout_us, &dmabench_timeout_ops, &edu_timeout_us, 0444);
MODULE_PARM_DESC(edu_timeout_us, "How long one edu transfer may take, 1..60000000 us (default 5 s)");

/* A range within one such chunk is contiguous in DMA address space. */
#define DMABENCH_DMA_CHUNK	SZ_4K

static_assert(sizeof(struct dmabench_device_dma) == DMABENCH_DEVICE_DMA_SIZE);

static int dmabench_device_dma_check(const struct dmabench_device_dma *d)
{
	u64 last;

	if (d->pad || d->reserved[0] || d->reserved[1] ||
	    (d->flags & ~DMABENCH_DEVICE_DMA_FLAGS))
		return -EINVAL;
	if (d->op != DMABENCH_DEVICE_DMA_READ &&
	    d->op != DMABENCH_DEVICE_DMA_WRITE)
		return -EINVAL;
	if (!d->len || d->len > DMABENCH_EDU_DMA_LIMIT ||
	    d->edu_offset > DMABENCH_EDU_DMA_LIMIT - d->len)
		return -EINVAL;
	if (check_add_overflow(d->offset, (u64)d->len - 1, &last))
		return -EINVAL;
	if (round_down(d->offset, DMABENCH_DMA_CHUNK) !=
	    round_down(last, DMABENCH_DMA_CHUNK))
		return -EINVAL;
	return 0;
}

/* Whether memory shared in @dir may be read (or written) by the device. */
static bool dmabench_dir_allows(enum dma_data_direction dir, u32 op)
{
	if (dir == DMA_BIDIRECTIONAL)
		return true;
	if (op == DMABENCH_DEVICE_DMA_READ)
		return dir == DMA_TO_DEVICE;
	return dir == DMA_FROM_DEVICE;
}

/*
 * The DMA segment of @sgt that holds [offset, offset + len), or -EINVAL
 * when the range straddles two (or lies past the table).
 */
static int dmabench_sgt_bus_addr(struct sg_table *sgt, u64 offset, u32 len,
				 dma_addr_t *addr)
{
	struct scatterlist *sg;
	unsigned int i;
	u64 pos = 0;

	for_each_sgtable_dma_sg(sgt, sg, i) {
		u64 seg_end = pos + sg_dma_len(sg);

		if (offset < seg_end) {
			if (offset + len > seg_end)
				return -EINVAL;
			*addr = sg_dma_address(sg) + (offset - pos);
			return 0;
		}
		pos = seg_end;
	}
	return -EINVAL;
}

/*
 * The bus address of [offset, offset + len) and the direction the memory
 * is shared in.  Page kinds must be mapped; a range is looked up in the
 * DMA segments of a table (noncontig has one, but its table is the
 * truth; an import has its mapping's) and must not straddle two.
 */
static int dmabench_buffer_bus_addr(struct dmabench_buffer *buf, u64 offset,
				    u32 len, dma_addr_t *addr,
				    enum dma_data_direction *dir)
{
	if (buf->kind == DMABENCH_KIND_IMPORT) {
		*dir = buf->dir;
		return dmabench_sgt_bus_addr(buf->import_sgt, offset, len, addr);
	}
	if (buf->nc_sgt) {
		*dir = buf->dir;
		return dmabench_sgt_bus_addr(buf->nc_sgt, offset, len, addr);
	}
	if (!buf->ops->map) {
		/* coherent (always bidirectional) and noncoherent */
		*addr = buf->dma_addr + offset;
		*dir = buf->dir;
		return 0;
	}
	if (!buf->mapped)
		return -EINVAL;
	*dir = buf->map_dir;
	return dmabench_sgt_bus_addr(&buf->sgt, offset, len, addr);
}

/* edu takes 64-bit addresses only from 64-bit writes. */
static int dmabench_edu_write_addr(void __iomem *reg, u64 addr)
{
#ifdef CONFIG_64BIT
	writeq(addr, reg);
	return 0;
#else
	if (upper_32_bits(addr))
		return -EOPNOTSUPP;
	writel(lower_32_bits(addr), reg);
	return 0;
#endif
}

/* Start one transfer and wait for the engine to go idle. */
static int dmabench_edu_transfer(void __iomem *regs, dma_addr_t addr,
				 const struct dmabench_device_dma *d)
{
	u64 edu_addr = EDU_DMA_BUF_ADDR + d->edu_offset;
	bool to_ram = d->op == DMABENCH_DEVICE_DMA_WRITE;
	u32 cmd;
	int ret;

	/* edu ignores register writes while a transfer runs. */
	if (readl(regs + EDU_REG_DMA_CMD) & EDU_DMA_RUN)
		return -EBUSY;
	ret = dmabench_edu_write_addr(regs + EDU_REG_DMA_SRC,
				      to_ram ? edu_addr : addr);
	if (!ret)
		ret = dmabench_edu_write_addr(regs + EDU_REG_DMA_DST,
					      to_ram ? addr : edu_addr);
	if (ret)
		return ret;
	writel(d->len, regs + EDU_REG_DMA_COUNT);
	/* writel() orders the CPU's earlier stores to the buffer before it. */
	writel(EDU_DMA_RUN | (to_ram ? EDU_DMA_TO_RAM : 0),
	       regs + EDU_REG_DMA_CMD);
	/* readl() orders the CPU's later loads from the buffer after it. */
	return readl_poll_timeout(regs + EDU_REG_DMA_CMD, cmd,
				  !(cmd & EDU_DMA_RUN),
				  min_t(unsigned int, EDU_DMA_POLL_US, edu_timeout_us),
				  edu_timeout_us);
}

/* An import has no sync op: its CPU access is the dma-buf's (header). */
static void dmabench_device_dma_sync(struct dmabench_buffer *buf,
				     const struct dmabench_device_dma *d,
				     u32 to)
{
	if (buf->ops->sync && !(d->flags & DMABENCH_DEVICE_DMA_NO_SYNC))
		buf->ops->sync(buf, to, d->offset, d->len);
}

static int dmabench_device_dma_locked(struct dmabench_buffer *buf,
				      struct dmabench_device_dma *d)
{
	enum dma_data_direction dir;
	void __iomem *regs;
	dma_addr_t addr;
	u64 t0;
	int ret;

	if (!dmabench_range_valid(buf->size, d->offset, d->len))
		return -EINVAL;
	ret = dmabench_buffer_bus_addr(buf, d->offset, d->len, &addr, &dir);
	if (ret)
		return ret;
	if (!dmabench_dir_allows(dir, d->op))
		return -EINVAL;
	ret = dmabench_engine_acquire(buf->dev, &regs);
	if (ret)
		return ret;

	t0 = ktime_get_ns();
	dmabench_device_dma_sync(buf, d, DMABENCH_SYNC_FOR_DEVICE);
	ret = dmabench_edu_transfer(regs, addr, d);
	if (ret == -ETIMEDOUT) {
		/*
		 * The engine may still write later, after UNMAP or FREE gave
		 * the memory back: cut it off from memory first.
		 */
		dmabench_engine_disable(buf->dev);
		dev_err_ratelimited(buf->dev,
				    "DMA transfer timed out after %u us; bus mastering off until reload\n",
				    edu_timeout_us);
	}
	if (!ret)
		dmabench_device_dma_sync(buf, d, DMABENCH_SYNC_FOR_CPU);
	d->ns = ktime_get_ns() - t0;
	dmabench_engine_release();
	d->dma_addr = addr;
	return ret;
}

int dmabench_ioctl_device_dma(struct dmabench_file *f, void __user *arg)
{
	struct dmabench_device_dma d;
	struct dmabench_buffer *buf;
	int ret;

	if (copy_from_user(&d, arg, sizeof(d)))
		return -EFAULT;
	ret = dmabench_device_dma_check(&d);
	if (ret)
		return ret;
	buf = dmabench_buffer_lookup(f, d.handle);
	if (!buf)
		return -ENOENT;

	mutex_lock(&buf->lock);
	ret = dmabench_device_dma_locked(buf, &d);
	mutex_unlock(&buf->lock);
	dmabench_buffer_put(buf);
	if (ret)
		return ret;
	return copy_to_user(arg, &d, sizeof(d)) ? -EFAULT : 0;
}
