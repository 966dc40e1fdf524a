// SPDX-License-Identifier: GPL-2.0
/*
 * The errors each command may answer.  Errors are what the fuzzing provokes,
 * so they are counted, not reported; an errno outside the command's set is
 * a failure, and so is EFAULT when every pointer the call carried was good
 * (the kernel copying to or from a valid user buffer cannot fault).
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "fuzz.h"

const unsigned long fz_cmds[FZ_CMD_COUNT] = {
	[FZ_GET_INFO] = DMABENCH_IOC_GET_INFO, [FZ_SET_DEVICE] = DMABENCH_IOC_SET_DEVICE,
	[FZ_ALLOC] = DMABENCH_IOC_ALLOC, [FZ_FREE] = DMABENCH_IOC_FREE,
	[FZ_MAP] = DMABENCH_IOC_MAP, [FZ_UNMAP] = DMABENCH_IOC_UNMAP,
	[FZ_SYNC] = DMABENCH_IOC_SYNC, [FZ_MOVE] = DMABENCH_IOC_MOVE,
	[FZ_PATTERN] = DMABENCH_IOC_PATTERN, [FZ_BENCH] = DMABENCH_IOC_BENCH,
	[FZ_DEVICE_DMA] = DMABENCH_IOC_DEVICE_DMA, [FZ_FACTS] = DMABENCH_IOC_FACTS,
	[FZ_USERPTR] = DMABENCH_IOC_USERPTR, [FZ_BUF_INFO] = DMABENCH_IOC_BUF_INFO,
	[FZ_EXPORT] = DMABENCH_IOC_EXPORT, [FZ_IMPORT] = DMABENCH_IOC_IMPORT,
	[FZ_UNKNOWN] = 0,
};

const char *const fz_cmd_names[FZ_CMD_COUNT] = {
	"GET_INFO", "SET_DEVICE", "ALLOC", "FREE", "MAP", "UNMAP", "SYNC", "MOVE",
	"PATTERN", "BENCH", "DEVICE_DMA", "FACTS", "USERPTR", "BUF_INFO", "EXPORT", "IMPORT",
	"unknown ioctl",
};

/*
 * From kmod/: validation is EINVAL, unknown handles ENOENT, state conflicts
 * EBUSY, memory (and the byte cap) ENOMEM, DMA mapping failures whatever
 * dma_map_sgtable() says (EINVAL, ENOMEM, EIO, EREMOTEIO), a dying caller
 * EINTR in the long loops, a BENCH batch past its time budget ETIMEDOUT.
 * User memory (USERPTR, BENCH's userptr ops): EOVERFLOW for a range that
 * wraps, ERANGE (also from MAP) for pages the device cannot reach with
 * nothing to bounce them, and for USERPTR whatever pinning says (EFAULT,
 * EOPNOTSUPP, EAGAIN); EBUSY (USERPTR's MAP flag, MAP, BENCH MAP_SG) for a
 * mapping not TO_DEVICE of pages another userptr mapping not TO_DEVICE
 * holds (the chaos file's wild USERPTRs of the thread's scratch pages live
 * until its close).  DMA attributes (ALLOC, MAP and BENCH flags) add
 * nothing: a refused one is EINVAL, as any bad field.  Zero ends a list.
 */
#define FZ_MAX_ERRS 12
static const int allowed[FZ_CMD_COUNT][FZ_MAX_ERRS] = {
	[FZ_GET_INFO] = { ENOMEM },
	[FZ_SET_DEVICE] = { EINVAL, ENODEV, EBUSY },
	[FZ_ALLOC] = { EINVAL, ENOMEM, ENOSPC, EOPNOTSUPP, ENODEV },
	[FZ_FREE] = { EINVAL, ENOENT, EBUSY },	/* EBUSY: exported, its dma-buf alive */
	[FZ_MAP] = { EINVAL, ENOENT, EBUSY, ENOMEM, EIO, EREMOTEIO, ERANGE },
	[FZ_UNMAP] = { EINVAL, ENOENT },
	[FZ_SYNC] = { EINVAL, ENOENT },
	[FZ_MOVE] = { EINVAL, ENOENT, EBUSY, ENOMEM, EOPNOTSUPP },
	[FZ_PATTERN] = { EINVAL, ENOENT, ENOMEM, EINTR },
	/*
	 * ETIMEDOUT: a batch over its time budget (DMABENCH_BENCH_BUDGET_MS).
	 * POOL_* (ABI 3) add nothing: EINVAL, ENOMEM (no chunk of order 0, a
	 * dma_map_page() that fails, a set_pages_array_*() without memory),
	 * EOPNOTSUPP (no set_pages_array_*()), EINTR, ETIMEDOUT.  Nor does
	 * CACHING_RANGE: EINVAL (not 2^n pages up to max_contig_size), ENOMEM
	 * (no free run of that order, or page tables for set_memory_*()'s
	 * split), EBUSY (a memtype already reserved on the run: never for
	 * pages the allocator gave), EOPNOTSUPP (no set_memory_wc/uc()),
	 * EINTR, ETIMEDOUT.  DMABUF_ATTACH and DMABUF_MAP add EBADF (a closed
	 * @dmabuf_fd) and what IMPORT says.
	 */
	[FZ_BENCH] = { EINVAL, ENOMEM, EOPNOTSUPP, EIO, EREMOTEIO, ENODEV, EINTR, EBUSY,
		       ETIMEDOUT, EOVERFLOW, ERANGE, EBADF },
	/* ETIMEDOUT (edu's engine stuck) is not here: it keeps the buffer for good. */
	[FZ_DEVICE_DMA] = { EINVAL, ENOENT, EOPNOTSUPP, ENODEV, EINTR },
	/* FACTS maps and allocates one page of each sort to ask dma_need_sync(). */
	[FZ_FACTS] = { ENOMEM },
	[FZ_USERPTR] = { EINVAL, EOVERFLOW, ENOMEM, ENOSPC, EFAULT, EOPNOTSUPP, EAGAIN, ERANGE,
			 EINTR, ENODEV, EBUSY },
	/* Reads the buffer's state under its lock: a pad, or a handle. */
	[FZ_BUF_INFO] = { EINVAL, ENOENT },
	/*
	 * EXPORT: EBUSY while the buffer's dma-buf lives; dma_buf_export()'s
	 * and the fd's errors (ENOMEM, EMFILE, ENFILE).  IMPORT: EBADF for a
	 * closed fd, EINVAL for one that is no dma-buf, ENOMEM past the cap,
	 * ERANGE (the device cannot reach the memory, nothing bounces it) and
	 * what dma_map_sgtable() says in the exporter's map_dma_buf.  A module
	 * without DMABENCH_INFO_DMABUF answers both with ENOTTY (fz_expect).
	 */
	[FZ_EXPORT] = { EINVAL, ENOENT, EBUSY, ENOMEM, EMFILE, ENFILE },
	[FZ_IMPORT] = { EINVAL, EBADF, ENOMEM, ERANGE, EIO, EREMOTEIO, ENODEV, EINTR },
	[FZ_UNKNOWN] = { ENOTTY },
};

static bool documented(enum fz_cmd cmd, int err)
{
	for (int i = 0; i < FZ_MAX_ERRS && allowed[cmd][i]; i++)
		if (allowed[cmd][i] == err)
			return true;
	return false;
}

int fz_ioctl(int fd, unsigned long cmd, void *arg)
{
	return ioctl(fd, cmd, arg) ? errno : 0;
}

void fz_fail(struct fz_thread *t, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	atomic_fetch_add(&fz_stats->failures, 1);
	if (t)
		fprintf(stderr, "FAIL: seed %llu round %u worker %u thread %u op %llu (%s): %s\n",
			(unsigned long long)fz_cfg.seed, t->round, t->worker, t->tid,
			(unsigned long long)t->op, t->what ? t->what : "-", msg);
	else
		fprintf(stderr, "FAIL: seed %llu: %s\n", (unsigned long long)fz_cfg.seed, msg);
}

bool fz_has_dmabuf(void)
{
	return fz_info.flags & DMABENCH_INFO_DMABUF;
}

void fz_expect(struct fz_thread *t, enum fz_cmd cmd, int err, bool bad_ptr)
{
	/* The ioctl switch's default comes before any copy from the pointer. */
	if ((cmd == FZ_EXPORT || cmd == FZ_IMPORT) && !fz_has_dmabuf()) {
		if (err != ENOTTY)
			fz_fail(t, "%s without DMABENCH_INFO_DMABUF: %s, expected ENOTTY",
				fz_cmd_names[cmd], err ? strerror(err) : "success");
		if (err)
			atomic_fetch_add_explicit(&fz_stats->errnos, 1, memory_order_relaxed);
		return;
	}
	if (!err)
		return;
	atomic_fetch_add_explicit(&fz_stats->errnos, 1, memory_order_relaxed);
	if (err == EFAULT && bad_ptr)
		return;
	if (documented(cmd, err))
		return;
	fz_fail(t, "%s returned %s (%d), not one of its documented errors", fz_cmd_names[cmd],
		strerror(err), err);
}

bool fz_mmap_errno_ok(int err)
{
	return err == EINVAL || err == ENOMEM || err == EAGAIN || err == EACCES ||
	       err == EPERM || err == ENODEV || err == EOVERFLOW || err == EFAULT;
}
