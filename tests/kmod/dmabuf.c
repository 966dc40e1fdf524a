// SPDX-License-Identifier: GPL-2.0
/*
 * Check group "dmabuf": EXPORT and IMPORT (issue 15).  Each exportable kind
 * is exported and its dma-buf mmapped (data through it against PATTERN of
 * the exporter, both ways); the dma-buf is imported on a second file of the
 * other device (platform <-> edu when edu is there, else the same device),
 * and with edu as the importer its engine moves data through the import
 * both ways, bracketed by DMA_BUF_IOCTL_SYNC as a dma-buf user must.  Then
 * lifetimes (FREE while exported, the exporter's file closed first, a file
 * importing its own export, two files importing each other's), BENCH's
 * DMABUF ops, every refusal with its errno, threads racing EXPORT, FREE and
 * IMPORT on one handle, and, where the kernel has them (/dev/udmabuf,
 * /dev/dma_heap/system), memory of other exporters through edu.
 *
 * A 28-bit importer (QEMU's stock edu, no IOMMU, no swiotlb below its mask)
 * cannot reach most pages: IMPORT may say ERANGE there, or succeed when
 * the pages happen to lie low; then the data must match like anywhere.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <linux/dma-buf.h>
#include <linux/dma-heap.h>
#include <linux/udmabuf.h>

#include "checks.h"
#include "device.h"

#define XFER_OFF	4096	/* a 4 KiB chunk of the buffer: one DMA segment */
#define XFER_LEN	2048	/* within edu's DMABENCH_EDU_DMA_LIMIT */
#define RACE_ROUNDS	64

static const uint32_t export_kinds[] = {
	DMABENCH_KIND_COHERENT, DMABENCH_KIND_STREAMING, DMABENCH_KIND_WC,
	DMABENCH_KIND_UC, DMABENCH_KIND_NONCOHERENT, DMABENCH_KIND_NONCONTIG,
};
#define EXPORT_KIND_COUNT (sizeof(export_kinds) / sizeof(export_kinds[0]))

/* The devices of this run: the exporter's (the run's) and the importer's. */
struct dmabuf_env {
	int exp_dev;		/* enum dmabench_dev */
	int imp_dev;
	bool imp_edu;		/* the importer has the DMA engine */
	bool imp_narrow;	/* its mask is below 32 bits: ERANGE is an answer */
	bool exp_narrow;	/* the same of the exporter's (run's) device */
};

static int export_buf(int fd, uint32_t handle, uint32_t flags, int *dmabuf_fd)
{
	struct dmabench_export e = { .handle = handle, .flags = flags };
	int err = kt_ioctl(fd, DMABENCH_IOC_EXPORT, &e);

	*dmabuf_fd = err ? -1 : e.fd;
	return err;
}

static int import_buf(int fd, int dmabuf_fd, uint32_t dir, struct dmabench_import *im)
{
	memset(im, 0, sizeof(*im));
	im->fd = dmabuf_fd;
	im->dir = dir;
	return kt_ioctl(fd, DMABENCH_IOC_IMPORT, im);
}

/*
 * Set while a udmabuf is checked: every DMA_BUF_IOCTL_SYNC in READ|WRITE.
 * 6.1's udmabuf maps its table at the first begin_cpu_access in that
 * call's direction and syncs later calls in theirs, which DMA-API debug
 * reports (the debug kernel) as a sync in another direction than the map.
 */
static bool sync_rw_only;

static int buf_sync(int dmabuf_fd, uint64_t flags)
{
	struct dma_buf_sync s = { .flags = flags };

	if (sync_rw_only)
		s.flags |= DMA_BUF_SYNC_RW;

	return kt_ioctl(dmabuf_fd, DMA_BUF_IOCTL_SYNC, &s);
}

/* A /dev/dmabench file on @device. */
static int open_on(int device)
{
	struct dmabench_set_device sd = { .device = (uint32_t)device };
	int fd = open(DMABENCH_DEVICE_PATH, O_RDWR | O_CLOEXEC);

	if (fd < 0)
		return -errno;
	if (kt_ioctl(fd, DMABENCH_IOC_SET_DEVICE, &sd)) {
		int err = errno;

		close(fd);
		return -err;
	}
	return fd;
}

static void words_fill(void *p, uint64_t seed, uint64_t off, uint64_t len)
{
	for (uint64_t o = off; o < off + len; o += 8)
		*(volatile uint64_t *)((char *)p + o) = seed ^ o;
}

/* Words of [off, off + len) that are not seed ^ offset. */
static uint64_t words_bad(const void *p, uint64_t seed, uint64_t off, uint64_t len)
{
	uint64_t bad = 0;

	for (uint64_t o = off; o < off + len; o += 8)
		bad += *(const volatile uint64_t *)((const char *)p + o) != (seed ^ o);
	return bad;
}

/* Below 32 bits with nothing translating: ERANGE for pages above it. */
static bool info_narrow(const struct dmabench_info *i)
{
	return i->dma_mask < 0xffffffffULL && i->iommu == DMABENCH_IOMMU_NONE;
}

static void env_init(const struct dmabench_info *info, struct dmabuf_env *env)
{
	struct dmabench_info ii;
	int ifd;

	env->exp_dev = (int)info->device;
	if (info->device == DMABENCH_DEV_EDU)
		env->imp_dev = DMABENCH_DEV_PLATFORM;
	else if (info->flags & DMABENCH_INFO_EDU_PRESENT)
		env->imp_dev = DMABENCH_DEV_EDU;
	else
		env->imp_dev = env->exp_dev;
	env->imp_edu = env->imp_dev == DMABENCH_DEV_EDU;
	env->exp_narrow = info_narrow(info);
	env->imp_narrow = false;
	ifd = open_on(env->imp_dev);
	if (ifd >= 0 && !kt_info(ifd, &ii))
		env->imp_narrow = info_narrow(&ii);
	if (ifd >= 0)
		close(ifd);
	tap_diag("dmabuf: exporter %s, importer %s%s", kt_device_name(env->exp_dev),
		 kt_device_name(env->imp_dev), env->imp_narrow ? " (below 32 bits)" : "");
}

/* IMPORT on @ifd; ERANGE from a narrow importer is a skip, not a failure. */
static bool import_ok(int ifd, int dmabuf_fd, uint32_t dir, const struct dmabuf_env *env,
		      struct dmabench_import *im, const char *name)
{
	int err = import_buf(ifd, dmabuf_fd, dir, im);

	if (err == ERANGE && env->imp_narrow) {
		tap_skip("the importer cannot reach these pages (ERANGE, below 32 bits)",
			 "%s: IMPORT", name);
		return false;
	}
	return tap_errno(err, 0, "%s: IMPORT on %s", name, kt_device_name(env->imp_dev));
}

/* ---- export, mmap of the dma-buf ---------------------------------------- */

static void check_mmap_data(int fd, uint32_t kind, uint64_t size)
{
	char name[96];
	struct kt_counters base, now;
	struct dmabench_alloc a;
	struct dmabench_pattern p;
	uint64_t seed = 0x5eed0000 + kind + size;
	int dfd, err;
	void *m;

	/* A copy: tap_fmt()'s few slots are reused by every check below. */
	snprintf(name, sizeof(name), "dmabuf %s %s", kt_kind_name(kind), kt_size(size));
	kt_counters(fd, &base);
	if (!tap_errno(kt_alloc(fd, kind, size, &a), 0, "%s: ALLOC", name))
		return;
	if (!tap_errno(export_buf(fd, a.handle, DMABENCH_EXPORT_CLOEXEC, &dfd), 0,
		       "%s: EXPORT", name)) {
		kt_free(fd, a.handle);
		return;
	}
	tap_ok(fcntl(dfd, F_GETFD) & FD_CLOEXEC, NULL, "%s: EXPORT_CLOEXEC gives O_CLOEXEC",
	       name);
	tap_ok((fcntl(dfd, F_GETFL) & O_ACCMODE) == O_RDWR, NULL, "%s: the fd is O_RDWR", name);
	m = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, dfd, 0);
	if (tap_ok(m != MAP_FAILED, tap_errname(errno), "%s: mmap of the dma-buf", name)) {
		kt_counters(fd, &now);
		tap_u64(now.mmaps, base.mmaps + 1, "%s: the mapping counts in live_mmaps", name);
		buf_sync(dfd, DMA_BUF_SYNC_START | DMA_BUF_SYNC_WRITE);
		words_fill(m, seed, 0, size);
		err = buf_sync(dfd, DMA_BUF_SYNC_END | DMA_BUF_SYNC_WRITE);
		tap_errno(err, 0, "%s: DMA_BUF_IOCTL_SYNC END(WRITE)", name);
		if (kt_kind_syncs(kind) && kind != DMABENCH_KIND_COHERENT &&
		    !kt_kind_dma_maps(kind))
			kt_sync(fd, a.handle, DMABENCH_SYNC_FOR_CPU, 0, size);
		tap_pattern(fd, a.handle, seed, 0, size,
			    "%s: written through the dma-buf, read by PATTERN", name);
		/* The other way: PATTERN writes, the dma-buf mapping reads. */
		kt_pattern(fd, a.handle, DMABENCH_PATTERN_FILL, ~seed, 0, size, &p);
		if (kt_kind_syncs(kind) && kind != DMABENCH_KIND_COHERENT &&
		    !kt_kind_dma_maps(kind))
			kt_sync(fd, a.handle, DMABENCH_SYNC_FOR_DEVICE, 0, size);
		tap_errno(buf_sync(dfd, DMA_BUF_SYNC_START | DMA_BUF_SYNC_READ), 0,
			  "%s: DMA_BUF_IOCTL_SYNC START(READ)", name);
		tap_u64(words_bad(m, ~seed, 0, size), 0,
			"%s: PATTERN's words read through the dma-buf", name);
		buf_sync(dfd, DMA_BUF_SYNC_END | DMA_BUF_SYNC_READ);
		munmap(m, size);
	}
	/* At an offset: the second page of the dma-buf is the buffer's second. */
	m = mmap(NULL, 4096, PROT_READ, MAP_SHARED, dfd, 4096);
	if (tap_ok(m != MAP_FAILED, tap_errname(errno), "%s: mmap at offset 4096", name)) {
		tap_u64(*(volatile uint64_t *)m, ~seed ^ 4096, "%s: offset 4096 reads page 2",
			name);
		munmap(m, 4096);
	}
	m = mmap(NULL, 4096, PROT_READ, MAP_SHARED, dfd, (off_t)size);
	tap_errno(m == MAP_FAILED ? errno : 0, EINVAL, "%s: mmap past the end -> EINVAL", name);
	if (m != MAP_FAILED)
		munmap(m, 4096);
	m = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE, dfd, 0);
	tap_errno(m == MAP_FAILED ? errno : 0, EINVAL, "%s: private mmap -> EINVAL", name);
	if (m != MAP_FAILED)
		munmap(m, 4096);
	close(dfd);
	tap_errno(kt_free(fd, a.handle), 0, "%s: FREE once the dma-buf is closed", name);
	tap_counters(fd, &base, "%s: live counters back", name);
}

/* ---- import on the other device, edu round trips ------------------------- */

/*
 * CPU -> import -> edu -> plain buffer, and plain -> edu -> import -> CPU,
 * with the dma-buf's syncs around the CPU's access through @m.
 */
static void edu_round_trip(int ifd, uint32_t imp, int dfd, void *m, uint64_t seed,
			   const char *name)
{
	struct dmabench_alloc plain;
	struct dmabench_pattern p;

	if (!tap_errno(kt_alloc(ifd, DMABENCH_KIND_COHERENT, 2 * XFER_OFF, &plain), 0,
		       "%s: ALLOC a plain coherent buffer on edu", name))
		return;
	buf_sync(dfd, DMA_BUF_SYNC_START | DMA_BUF_SYNC_WRITE);
	words_fill(m, seed, XFER_OFF, XFER_LEN);
	tap_errno(buf_sync(dfd, DMA_BUF_SYNC_END | DMA_BUF_SYNC_WRITE), 0,
		  "%s: SYNC END(WRITE) after the CPU wrote", name);
	tap_errno(kt_device_dma(ifd, imp, DMABENCH_DEVICE_DMA_READ, XFER_OFF, XFER_LEN, 0, 0,
				NULL), 0, "%s: DEVICE_DMA READ of the import", name);
	tap_errno(kt_device_dma(ifd, plain.handle, DMABENCH_DEVICE_DMA_WRITE, XFER_OFF,
				XFER_LEN, 0, 0, NULL), 0,
		  "%s: DEVICE_DMA WRITE into the plain buffer", name);
	tap_pattern(ifd, plain.handle, seed, XFER_OFF, XFER_LEN,
		    "%s: the CPU's words went through edu", name);

	kt_pattern(ifd, plain.handle, DMABENCH_PATTERN_FILL, ~seed, XFER_OFF, XFER_LEN, &p);
	tap_errno(kt_device_dma(ifd, plain.handle, DMABENCH_DEVICE_DMA_READ, XFER_OFF,
				XFER_LEN, 0, 0, NULL), 0,
		  "%s: DEVICE_DMA READ of the plain buffer", name);
	tap_errno(kt_device_dma(ifd, imp, DMABENCH_DEVICE_DMA_WRITE, XFER_OFF, XFER_LEN, 0, 0,
				NULL), 0, "%s: DEVICE_DMA WRITE into the import", name);
	tap_errno(buf_sync(dfd, DMA_BUF_SYNC_START | DMA_BUF_SYNC_READ), 0,
		  "%s: SYNC START(READ) before the CPU reads", name);
	tap_u64(words_bad(m, ~seed, XFER_OFF, XFER_LEN), 0,
		"%s: edu's words read through the dma-buf", name);
	buf_sync(dfd, DMA_BUF_SYNC_END | DMA_BUF_SYNC_READ);
	kt_free(ifd, plain.handle);
}

/* The import's answers and, with edu, data both ways; @dfd from any exporter. */
static void check_import_of(int ifd, int dfd, uint64_t size, const struct dmabuf_env *env,
			    const char *name)
{
	struct dmabench_buf_info bi = { 0 };
	struct dmabench_import im;
	void *m;

	if (!import_ok(ifd, dfd, DMABENCH_DIR_BIDI, env, &im, name))
		return;
	tap_ok(im.handle != 0, NULL, "%s: IMPORT gives a handle", name);
	tap_u64(im.size, size, "%s: IMPORT's size is the dma-buf's", name);
	tap_ok(im.nents >= 1 && im.nents <= size / 4096,
	       tap_fmt("nents %u", im.nents), "%s: IMPORT's nents in 1..pages", name);
	tap_ok(im.dma_addr != 0, NULL, "%s: IMPORT's dma_addr", name);
	tap_ok(im.attach_ns > 0 && im.map_ns > 0, NULL, "%s: IMPORT times attach and map", name);
	bi.handle = im.handle;
	if (tap_errno(kt_ioctl(ifd, DMABENCH_IOC_BUF_INFO, &bi), 0, "%s: BUF_INFO", name)) {
		tap_u64(bi.kind, DMABENCH_KIND_IMPORT, "%s: BUF_INFO kind import", name);
		tap_u64(bi.size, size, "%s: BUF_INFO size", name);
		tap_u64(bi.dma_segments, im.nents, "%s: BUF_INFO dma_segments = nents", name);
		tap_u64(bi.phys_chunks, 0, "%s: BUF_INFO phys_chunks 0 (unknown)", name);
		tap_u64(bi.user_prot, DMABENCH_PROT_NOT_MAPPED, "%s: BUF_INFO not mapped", name);
	}
	if (env->imp_edu) {
		m = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, dfd, 0);
		if (tap_ok(m != MAP_FAILED, tap_errname(errno), "%s: mmap of the dma-buf", name)) {
			edu_round_trip(ifd, im.handle, dfd, m, 0xed00 + size, name);
			munmap(m, size);
		}
	}
	tap_errno(kt_free(ifd, im.handle), 0, "%s: FREE of the import", name);
}

static void check_import(int fd, const struct dmabuf_env *env, uint32_t kind, uint64_t size)
{
	struct dmabench_alloc a;
	char name[96];
	int ifd, dfd;

	snprintf(name, sizeof(name), "dmabuf import %s %s", kt_kind_name(kind), kt_size(size));
	ifd = open_on(env->imp_dev);
	if (!tap_ok(ifd >= 0, tap_errname(-ifd), "%s: open the importer's file", name))
		return;
	if (tap_errno(kt_alloc(fd, kind, size, &a), 0, "%s: ALLOC", name)) {
		if (tap_errno(export_buf(fd, a.handle, 0, &dfd), 0, "%s: EXPORT", name)) {
			check_import_of(ifd, dfd, size, env, name);
			close(dfd);
		}
		kt_free(fd, a.handle);
	}
	close(ifd);
}

/* ---- lifetimes ---------------------------------------------------------- */

static void check_free_while_exported(int fd)
{
	struct dmabench_alloc a;
	int dfd, dfd2;

	if (!tap_errno(kt_alloc(fd, DMABENCH_KIND_WC, 64 * KIB, &a), 0, "dmabuf busy: ALLOC wc"))
		return;
	if (!tap_errno(export_buf(fd, a.handle, 0, &dfd), 0, "dmabuf busy: EXPORT")) {
		kt_free(fd, a.handle);
		return;
	}
	tap_errno(kt_free(fd, a.handle), EBUSY, "dmabuf busy: FREE while exported -> EBUSY");
	tap_errno(kt_move(fd, a.handle, DMABENCH_CACHING_WB), EBUSY,
		  "dmabuf busy: MOVE while exported -> EBUSY");
	tap_errno(export_buf(fd, a.handle, 0, &dfd2), EBUSY,
		  "dmabuf busy: a second EXPORT -> EBUSY");
	if (dfd2 >= 0)
		close(dfd2);
	close(dfd);
	tap_errno(kt_free(fd, a.handle), 0, "dmabuf busy: FREE once the dma-buf is closed");
}

/* The exporter's file closed first: the import and the dma-buf still hold the data. */
static void check_exporter_closed(int fd, const struct dmabuf_env *env)
{
	const char *name = "dmabuf exporter closed first";
	struct kt_counters base;
	struct dmabench_import im;
	struct dmabench_alloc a;
	int efd, ifd, dfd = -1;
	uint64_t seed = 0xc105ed;
	void *m;

	kt_counters(fd, &base);
	efd = open_on(env->exp_dev);
	ifd = open_on(env->imp_dev);
	if (!tap_ok(efd >= 0 && ifd >= 0, NULL, "%s: open two files", name))
		goto out;
	if (!tap_errno(kt_alloc(efd, DMABENCH_KIND_STREAMING, 64 * KIB, &a), 0, "%s: ALLOC",
		       name) ||
	    !tap_errno(kt_fill(efd, a.handle, seed, 0, 64 * KIB), 0, "%s: PATTERN FILL", name) ||
	    !tap_errno(export_buf(efd, a.handle, 0, &dfd), 0, "%s: EXPORT", name))
		goto out;
	if (!import_ok(ifd, dfd, DMABENCH_DIR_BIDI, env, &im, name))
		goto out;
	close(efd);
	efd = -1;
	m = mmap(NULL, 64 * KIB, PROT_READ | PROT_WRITE, MAP_SHARED, dfd, 0);
	if (tap_ok(m != MAP_FAILED, tap_errname(errno), "%s: mmap the dma-buf after", name)) {
		buf_sync(dfd, DMA_BUF_SYNC_START | DMA_BUF_SYNC_READ);
		tap_u64(words_bad(m, seed, 0, 64 * KIB), 0, "%s: the data is still there", name);
		buf_sync(dfd, DMA_BUF_SYNC_END | DMA_BUF_SYNC_READ);
		if (env->imp_edu)
			edu_round_trip(ifd, im.handle, dfd, m, seed + 1, name);
		munmap(m, 64 * KIB);
	}
	close(dfd);
	dfd = -1;
	/* The import alone holds the buffer now. */
	tap_errno(kt_free(ifd, im.handle), 0, "%s: FREE of the import", name);
out:
	if (dfd >= 0)
		close(dfd);
	if (efd >= 0)
		close(efd);
	if (ifd >= 0)
		close(ifd);
	tap_counters(fd, &base, "%s: live counters back", name);
}

/* A file importing its own export, then closed with both live. */
static void check_self_import(int fd)
{
	const char *name = "dmabuf self-import";
	struct kt_counters base;
	struct dmabench_import im;
	struct dmabench_alloc a;
	int f, dfd;

	kt_counters(fd, &base);
	f = kt_open();
	if (!tap_ok(f >= 0, tap_errname(-f), "%s: open", name))
		return;
	if (tap_errno(kt_alloc(f, DMABENCH_KIND_STREAMING, 64 * KIB, &a), 0, "%s: ALLOC", name) &&
	    tap_errno(export_buf(f, a.handle, 0, &dfd), 0, "%s: EXPORT", name)) {
		int err = import_buf(f, dfd, DMABENCH_DIR_BIDI, &im);

		tap_ok(!err || err == ERANGE, tap_errname(err), "%s: IMPORT of its own export",
		       name);
		close(dfd);
	}
	close(f);
	tap_counters(fd, &base, "%s: closed with both live, live counters back", name);
}

/* Two files importing each other's exports, then both closed. */
static void check_cross_import(int fd, const struct dmabuf_env *env)
{
	const char *name = "dmabuf cross-import";
	struct kt_counters base;
	struct dmabench_import im;
	struct dmabench_alloc a;
	int f[2], d[2] = { -1, -1 };

	kt_counters(fd, &base);
	f[0] = open_on(env->exp_dev);
	f[1] = open_on(env->imp_dev);
	if (tap_ok(f[0] >= 0 && f[1] >= 0, NULL, "%s: open two files", name)) {
		for (int i = 0; i < 2; i++) {
			if (!kt_alloc(f[i], DMABENCH_KIND_COHERENT, 64 * KIB, &a))
				export_buf(f[i], a.handle, 0, &d[i]);
		}
		tap_ok(d[0] >= 0 && d[1] >= 0, NULL, "%s: each exports a buffer", name);
		for (int i = 0; i < 2 && d[0] >= 0 && d[1] >= 0; i++) {
			int err = import_buf(f[i], d[1 - i], DMABENCH_DIR_BIDI, &im);

			tap_ok(!err || (err == ERANGE && (env->imp_narrow || env->exp_narrow)),
			       tap_errname(err), "%s: file %d imports the other's", name, i);
		}
	}
	for (int i = 0; i < 2; i++) {
		if (d[i] >= 0)
			close(d[i]);
	}
	for (int i = 0; i < 2; i++) {
		if (f[i] >= 0)
			close(f[i]);
	}
	tap_counters(fd, &base, "%s: both closed, live counters back", name);
}

/* A dma-buf mapping outliving every fd: its munmap lets the buffer go. */
static void check_mapping_last(int fd)
{
	const char *name = "dmabuf mapping last";
	struct kt_counters base;
	struct dmabench_alloc a;
	int f, dfd = -1;
	void *m = MAP_FAILED;

	kt_counters(fd, &base);
	f = kt_open();
	if (!tap_ok(f >= 0, tap_errname(-f), "%s: open", name))
		return;
	if (!kt_alloc(f, DMABENCH_KIND_UC, 64 * KIB, &a) && !export_buf(f, a.handle, 0, &dfd))
		m = mmap(NULL, 64 * KIB, PROT_READ | PROT_WRITE, MAP_SHARED, dfd, 0);
	tap_ok(m != MAP_FAILED, NULL, "%s: ALLOC uc, EXPORT, mmap", name);
	if (dfd >= 0)
		close(dfd);
	close(f);
	if (m != MAP_FAILED) {
		((volatile char *)m)[100] = 1;
		tap_u64(((volatile char *)m)[100], 1, "%s: the mapping works with every fd closed",
			name);
		munmap(m, 64 * KIB);
	}
	tap_counters(fd, &base, "%s: munmap, live counters back", name);
}

/* ---- refusals ----------------------------------------------------------- */

static void check_refusals(int fd, const struct dmabuf_env *env)
{
	struct dmabench_export e;
	struct dmabench_import im;
	struct dmabench_alloc a, nk;
	struct dmabench_userptr u = { 0 };
	struct dmabench_pattern p;
	struct dmabench_map mp;
	int dfd = -1, closed, err;
	void *mem;

	/* Kinds that cannot be exported. */
	mem = mmap(NULL, 64 * KIB, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (mem != MAP_FAILED) {
		u.addr = (uintptr_t)mem;
		u.size = 64 * KIB;
		u.dir = DMABENCH_DIR_BIDI;
		if (tap_errno(kt_ioctl(fd, DMABENCH_IOC_USERPTR, &u), 0, "dmabuf refusal: USERPTR")) {
			tap_errno(export_buf(fd, u.handle, 0, &dfd), EINVAL,
				  "dmabuf refusal: EXPORT of userptr -> EINVAL");
			kt_free(fd, u.handle);
		}
		munmap(mem, 64 * KIB);
	}
	memset(&nk, 0, sizeof(nk));
	nk.kind = DMABENCH_KIND_COHERENT;
	nk.size = 64 * KIB;
	nk.node = -1;
	nk.flags = DMABENCH_ATTR_NO_KERNEL_MAPPING;
	if (tap_errno(kt_ioctl(fd, DMABENCH_IOC_ALLOC, &nk), 0,
		      "dmabuf refusal: ALLOC coherent NO_KERNEL_MAPPING")) {
		tap_errno(export_buf(fd, nk.handle, 0, &dfd), EINVAL,
			  "dmabuf refusal: EXPORT of NO_KERNEL_MAPPING -> EINVAL");
		kt_free(fd, nk.handle);
	}
	tap_errno(export_buf(fd, 0, 0, &dfd), ENOENT, "dmabuf refusal: EXPORT handle 0 -> ENOENT");
	tap_errno(export_buf(fd, 4242, 0, &dfd), ENOENT,
		  "dmabuf refusal: EXPORT unknown handle -> ENOENT");
	tap_errno(kt_alloc(fd, DMABENCH_KIND_IMPORT, 64 * KIB, &a), EINVAL,
		  "dmabuf refusal: ALLOC of the import kind -> EINVAL");

	if (!tap_errno(kt_alloc(fd, DMABENCH_KIND_STREAMING, 64 * KIB, &a), 0,
		       "dmabuf refusal: ALLOC streaming"))
		return;
	tap_errno(export_buf(fd, a.handle, 1U << 1, &dfd), EINVAL,
		  "dmabuf refusal: EXPORT unknown flag -> EINVAL");
	e = (struct dmabench_export){ .handle = a.handle, .pad = 1 };
	tap_errno(kt_ioctl(fd, DMABENCH_IOC_EXPORT, &e), EINVAL,
		  "dmabuf refusal: EXPORT pad -> EINVAL");
	e = (struct dmabench_export){ .handle = a.handle, .reserved = { 0, 1 } };
	tap_errno(kt_ioctl(fd, DMABENCH_IOC_EXPORT, &e), EINVAL,
		  "dmabuf refusal: EXPORT reserved -> EINVAL");
	if (!tap_errno(export_buf(fd, a.handle, 0, &dfd), 0, "dmabuf refusal: EXPORT")) {
		kt_free(fd, a.handle);
		return;
	}
	/* Its importers map it without cache maintenance: no own map after. */
	tap_errno(kt_map(fd, a.handle, DMABENCH_DIR_BIDI, &mp), EBUSY,
		  "dmabuf refusal: MAP of an exported buffer -> EBUSY");

	/* IMPORT's fields and fds. */
	closed = dup(dfd);
	close(closed);
	tap_errno(import_buf(fd, closed, DMABENCH_DIR_BIDI, &im), EBADF,
		  "dmabuf refusal: IMPORT of a closed fd -> EBADF");
	tap_errno(import_buf(fd, -1, DMABENCH_DIR_BIDI, &im), EBADF,
		  "dmabuf refusal: IMPORT of fd -1 -> EBADF");
	tap_errno(import_buf(fd, fd, DMABENCH_DIR_BIDI, &im), EINVAL,
		  "dmabuf refusal: IMPORT of the dmabench fd itself -> EINVAL");
	tap_errno(import_buf(fd, dfd, 7, &im), EINVAL, "dmabuf refusal: IMPORT bad dir -> EINVAL");
	im = (struct dmabench_import){ .fd = dfd, .flags = 1 };
	tap_errno(kt_ioctl(fd, DMABENCH_IOC_IMPORT, &im), EINVAL,
		  "dmabuf refusal: IMPORT flags -> EINVAL");
	im = (struct dmabench_import){ .fd = dfd, .pad = 1 };
	tap_errno(kt_ioctl(fd, DMABENCH_IOC_IMPORT, &im), EINVAL,
		  "dmabuf refusal: IMPORT pad -> EINVAL");
	im = (struct dmabench_import){ .fd = dfd, .reserved = { 1, 0 } };
	tap_errno(kt_ioctl(fd, DMABENCH_IOC_IMPORT, &im), EINVAL,
		  "dmabuf refusal: IMPORT reserved -> EINVAL");

	/* What an import handle refuses. */
	err = import_buf(fd, dfd, DMABENCH_DIR_BIDI, &im);
	if (err == ERANGE && env->exp_narrow) {
		tap_skip("ERANGE on this device", "dmabuf refusal: import handle ops");
	} else if (tap_errno(err, 0, "dmabuf refusal: IMPORT on the same file")) {
		int d2;

		tap_errno(kt_map(fd, im.handle, DMABENCH_DIR_BIDI, &mp), EINVAL,
			  "dmabuf refusal: MAP of an import -> EINVAL");
		tap_errno(kt_unmap(fd, im.handle), EINVAL,
			  "dmabuf refusal: UNMAP of an import -> EINVAL");
		tap_errno(kt_sync(fd, im.handle, DMABENCH_SYNC_FOR_CPU, 0, 4096), EINVAL,
			  "dmabuf refusal: SYNC of an import -> EINVAL");
		tap_errno(kt_pattern(fd, im.handle, DMABENCH_PATTERN_CHECK, 0, 0, 4096, &p), EINVAL,
			  "dmabuf refusal: PATTERN of an import -> EINVAL");
		tap_errno(kt_move(fd, im.handle, DMABENCH_CACHING_WC), EINVAL,
			  "dmabuf refusal: MOVE of an import -> EINVAL");
		tap_errno(export_buf(fd, im.handle, 0, &d2), EINVAL,
			  "dmabuf refusal: EXPORT of an import -> EINVAL");
		tap_errno(kt_free(fd, im.handle), 0, "dmabuf refusal: FREE of the import");
	}
	close(dfd);
	kt_free(fd, a.handle);
}

/* ---- BENCH DMABUF_ATTACH and DMABUF_MAP --------------------------------- */

static int bench_dmabuf(int fd, uint32_t op, int dfd, uint64_t *s1, uint64_t *s2,
			void (*tweak)(struct dmabench_bench *))
{
	struct dmabench_bench b = {
		.op = op, .kind = DMABENCH_KIND_IMPORT, .dir = DMABENCH_DIR_BIDI,
		.iterations = 8, .batch = 1, .warmup = 1, .node = -1,
		.samples = (uintptr_t)s1, .samples2 = (uintptr_t)s2, .dmabuf_fd = dfd,
	};

	if (tweak)
		tweak(&b);
	return kt_ioctl(fd, DMABENCH_IOC_BENCH, &b);
}

static void tw_kind(struct dmabench_bench *b) { b->kind = DMABENCH_KIND_STREAMING; }
static void tw_size(struct dmabench_bench *b) { b->size = 4096; }
static void tw_pad(struct dmabench_bench *b) { b->pad = 1; }
static void tw_flags(struct dmabench_bench *b) { b->flags = DMABENCH_ATTR_SKIP_CPU_SYNC; }
static void tw_entries(struct dmabench_bench *b) { b->entries = 1; }
static void tw_cache(struct dmabench_bench *b) { b->cache = DMABENCH_CACHE_HOT; }
static void tw_delay(struct dmabench_bench *b) { b->trans_delay_ns = 100; }
static void tw_dir(struct dmabench_bench *b) { b->dir = 9; }
static void tw_batch(struct dmabench_bench *b) { b->batch = 4; b->samples2 = 0; }

/* What the header says a DMABUF op refuses (EINVAL), one field at a time. */
static const struct {
	void (*tweak)(struct dmabench_bench *b);
	const char *what;
} bench_refusals[] = {
	{ tw_kind, "kind streaming" }, { tw_size, "a size" }, { tw_pad, "pad" },
	{ tw_flags, "flags" }, { tw_entries, "entries" }, { tw_cache, "cache" },
	{ tw_delay, "trans_delay_ns" }, { tw_dir, "a bad dir" },
};

static void check_bench(int fd, const struct dmabuf_env *env)
{
	static const uint32_t ops[] = { DMABENCH_OP_DMABUF_ATTACH, DMABENCH_OP_DMABUF_MAP };
	uint64_t s1[8], s2[8];
	struct dmabench_alloc a;
	int ifd, dfd, closed, err;

	ifd = open_on(env->imp_dev);
	if (!tap_ok(ifd >= 0, tap_errname(-ifd), "dmabuf bench: open the importer's file"))
		return;
	if (!tap_errno(kt_alloc(fd, DMABENCH_KIND_STREAMING, 64 * KIB, &a), 0,
		       "dmabuf bench: ALLOC") ||
	    !tap_errno(export_buf(fd, a.handle, 0, &dfd), 0, "dmabuf bench: EXPORT")) {
		close(ifd);
		return;
	}
	for (size_t i = 0; i < sizeof(ops) / sizeof(ops[0]); i++) {
		const char *n = ops[i] == DMABENCH_OP_DMABUF_ATTACH ? "DMABUF_ATTACH" : "DMABUF_MAP";
		int zero1 = 0, zero2 = 0;

		memset(s1, 0, sizeof(s1));
		memset(s2, 0, sizeof(s2));
		err = bench_dmabuf(ifd, ops[i], dfd, s1, s2, NULL);
		if (err == ERANGE && env->imp_narrow && ops[i] == DMABENCH_OP_DMABUF_MAP) {
			tap_skip("the importer cannot reach these pages", "dmabuf bench: %s", n);
		} else if (tap_errno(err, 0, "dmabuf bench: %s on %s", n,
				     kt_device_name(env->imp_dev))) {
			for (int k = 0; k < 8; k++) {
				zero1 += !s1[k];
				zero2 += !s2[k];
			}
			tap_ok(!zero1 && !zero2, tap_fmt("%d, %d zero samples", zero1, zero2),
			       "dmabuf bench: %s: every sample and samples2 written", n);
		}
		err = bench_dmabuf(ifd, ops[i], dfd, s1, NULL, tw_batch);
		tap_ok(!err || (err == ERANGE && env->imp_narrow), tap_errname(err),
		       "dmabuf bench: %s batch 4", n);
		for (size_t k = 0; k < sizeof(bench_refusals) / sizeof(bench_refusals[0]); k++)
			tap_errno(bench_dmabuf(ifd, ops[i], dfd, s1, s2, bench_refusals[k].tweak),
				  EINVAL, "dmabuf bench: %s with %s -> EINVAL", n,
				  bench_refusals[k].what);
		closed = dup(dfd);
		close(closed);
		tap_errno(bench_dmabuf(ifd, ops[i], closed, s1, s2, NULL), EBADF,
			  "dmabuf bench: %s on a closed fd -> EBADF", n);
		tap_errno(bench_dmabuf(ifd, ops[i], ifd, s1, s2, NULL), EINVAL,
			  "dmabuf bench: %s on the dmabench fd -> EINVAL", n);
	}
	{
		struct dmabench_bench b = {
			.op = DMABENCH_OP_EMPTY, .kind = DMABENCH_KIND_STREAMING, .size = 4096,
			.iterations = 1, .batch = 1, .node = -1, .dmabuf_fd = dfd,
		};

		tap_errno(kt_ioctl(fd, DMABENCH_IOC_BENCH, &b), EINVAL,
			  "dmabuf bench: EMPTY with a dmabuf_fd -> EINVAL");
		b.dmabuf_fd = 0;
		b.pad = 1;
		tap_errno(kt_ioctl(fd, DMABENCH_IOC_BENCH, &b), EINVAL,
			  "dmabuf bench: EMPTY with pad -> EINVAL");
	}
	close(dfd);
	close(ifd);
	tap_errno(kt_free(fd, a.handle), 0, "dmabuf bench: FREE (no reference left behind)");
}

/* ---- threads: EXPORT, FREE and IMPORT of one handle at once -------------- */

struct race {
	int fd, ifd;
	uint32_t handle;
	pthread_barrier_t *start;
	int bad;		/* an errno the header does not give */
	int last_bad;
};

static void *race_exporter(void *arg)
{
	struct race *r = arg;
	struct dmabench_import im;
	int dfd, err;

	pthread_barrier_wait(r->start);
	for (int i = 0; i < 4; i++) {
		err = export_buf(r->fd, r->handle, 0, &dfd);
		if (err && err != EBUSY && err != ENOENT) {
			r->bad++;
			r->last_bad = err;
		}
		if (err)
			continue;
		err = import_buf(r->ifd, dfd, DMABENCH_DIR_BIDI, &im);
		if (!err)
			kt_free(r->ifd, im.handle);
		else if (err != ERANGE) {
			r->bad++;
			r->last_bad = err;
		}
		close(dfd);
	}
	return NULL;
}

static void *race_freer(void *arg)
{
	struct race *r = arg;
	int err;

	pthread_barrier_wait(r->start);
	for (int i = 0; i < 8; i++) {
		err = kt_free(r->fd, r->handle);
		if (err && err != EBUSY && err != ENOENT) {
			r->bad++;
			r->last_bad = err;
		}
		if (!err)
			break;
	}
	return NULL;
}

static void check_race(int fd, const struct dmabuf_env *env)
{
	struct kt_counters base;
	pthread_barrier_t start;
	struct race r[2];
	int f, ifd, bad = 0, last = 0;

	kt_counters(fd, &base);
	f = kt_open();
	ifd = open_on(env->imp_dev);
	if (!tap_ok(f >= 0 && ifd >= 0, NULL, "dmabuf race: open two files")) {
		if (f >= 0)
			close(f);
		if (ifd >= 0)
			close(ifd);
		return;
	}
	pthread_barrier_init(&start, NULL, 2);
	for (int round = 0; round < RACE_ROUNDS; round++) {
		struct dmabench_alloc a;
		pthread_t t[2];

		if (kt_alloc(f, DMABENCH_KIND_STREAMING, 16 * KIB, &a))
			break;
		for (int i = 0; i < 2; i++)
			r[i] = (struct race){ .fd = f, .ifd = ifd, .handle = a.handle,
					      .start = &start };
		pthread_create(&t[0], NULL, race_exporter, &r[0]);
		pthread_create(&t[1], NULL, race_freer, &r[1]);
		pthread_join(t[0], NULL);
		pthread_join(t[1], NULL);
		for (int i = 0; i < 2; i++) {
			bad += r[i].bad;
			if (r[i].bad)
				last = r[i].last_bad;
		}
		/* Whatever the race left: the handle is freed now or was. */
		kt_free(f, a.handle);
	}
	pthread_barrier_destroy(&start);
	tap_ok(!bad, tap_fmt("%d unexpected answers, last %s", bad, tap_errname(last)),
	       "dmabuf race: %d rounds of EXPORT+IMPORT against FREE give only 0, EBUSY, ENOENT",
	       RACE_ROUNDS);
	close(f);
	close(ifd);
	tap_counters(fd, &base, "dmabuf race: live counters back");
}

/* ---- other exporters: udmabuf, the system dma-heap ----------------------- */

static int udmabuf_make(uint64_t size, int *err)
{
	struct udmabuf_create c = { .flags = UDMABUF_FLAGS_CLOEXEC, .size = size };
	int dev, memfd, fd;

	dev = open("/dev/udmabuf", O_RDWR | O_CLOEXEC);
	if (dev < 0) {
		*err = errno;
		return -1;
	}
	memfd = (int)syscall(SYS_memfd_create, "dmabench", MFD_ALLOW_SEALING | MFD_CLOEXEC);
	if (memfd < 0 || ftruncate(memfd, (off_t)size) ||
	    fcntl(memfd, F_ADD_SEALS, F_SEAL_SHRINK)) {
		*err = errno;
		if (memfd >= 0)
			close(memfd);
		close(dev);
		return -1;
	}
	c.memfd = (uint32_t)memfd;
	fd = ioctl(dev, UDMABUF_CREATE, &c);
	*err = fd < 0 ? errno : 0;
	close(memfd);
	close(dev);
	return fd;
}

static int heap_make(uint64_t size, int *err)
{
	struct dma_heap_allocation_data d = {
		.len = size, .fd_flags = O_RDWR | O_CLOEXEC,
	};
	int heap = open("/dev/dma_heap/system", O_RDONLY | O_CLOEXEC);

	if (heap < 0) {
		*err = errno;
		return -1;
	}
	*err = kt_ioctl(heap, DMA_HEAP_IOCTL_ALLOC, &d);
	close(heap);
	return *err ? -1 : (int)d.fd;
}

static void check_other_exporters(const struct dmabuf_env *env)
{
	static const struct {
		const char *name, *path;
		int (*make)(uint64_t size, int *err);
	} ex[] = {
		{ "udmabuf", "/dev/udmabuf", udmabuf_make },
		{ "system heap", "/dev/dma_heap/system", heap_make },
	};
	struct dmabuf_env edu = *env;

	edu.imp_dev = DMABENCH_DEV_EDU;
	edu.imp_edu = true;
	for (size_t i = 0; i < sizeof(ex) / sizeof(ex[0]); i++) {
		int dfd, err, ifd;
		char name[64];

		snprintf(name, sizeof(name), "dmabuf %s 64 KiB", ex[i].name);
		if (access(ex[i].path, F_OK)) {
			tap_skip(tap_fmt("no %s on this kernel", ex[i].path), "%s", name);
			continue;
		}
		if (!env->imp_edu && env->exp_dev != DMABENCH_DEV_EDU) {
			tap_skip("no edu to import it", "%s", name);
			continue;
		}
		ifd = open_on(DMABENCH_DEV_EDU);
		if (!tap_ok(ifd >= 0, tap_errname(-ifd), "%s: open a file on edu", name))
			continue;
		{
			struct dmabench_info ii;

			if (!kt_info(ifd, &ii))
				edu.imp_narrow = info_narrow(&ii);
		}
		dfd = ex[i].make(64 * KIB, &err);
		if (tap_errno(dfd >= 0 ? 0 : err, 0, "%s: make the dma-buf", name)) {
			sync_rw_only = ex[i].make == udmabuf_make;
			check_import_of(ifd, dfd, 64 * KIB, &edu, name);
			sync_rw_only = false;
			close(dfd);
		}
		close(ifd);
	}
}

void check_dmabuf(int fd, const struct dmabench_info *info)
{
	struct kt_counters base;
	struct dmabuf_env env;

	if (!(info->flags & DMABENCH_INFO_DMABUF)) {
		tap_skip("module without DMABENCH_INFO_DMABUF", "dmabuf");
		return;
	}
	kt_counters(fd, &base);
	env_init(info, &env);
	for (size_t i = 0; i < EXPORT_KIND_COUNT; i++) {
		check_mmap_data(fd, export_kinds[i], 64 * KIB);
		if (!kt_cfg.quick && MIB <= info->max_contig_size)
			check_mmap_data(fd, export_kinds[i], MIB);
	}
	for (size_t i = 0; i < EXPORT_KIND_COUNT; i++) {
		check_import(fd, &env, export_kinds[i], 64 * KIB);
		if (!kt_cfg.quick && MIB <= info->max_contig_size)
			check_import(fd, &env, export_kinds[i], MIB);
	}
	check_free_while_exported(fd);
	check_exporter_closed(fd, &env);
	check_self_import(fd);
	check_cross_import(fd, &env);
	check_mapping_last(fd);
	check_refusals(fd, &env);
	check_bench(fd, &env);
	check_race(fd, &env);
	check_other_exporters(&env);
	tap_counters(fd, &base, "dmabuf: live counters back at the end");
}
