// SPDX-License-Identifier: GPL-2.0
/*
 * Check 10: the userptr kind, the caller's own memory pinned by USERPTR.
 * Data both ways through the kernel's vmap and the user's mapping, for
 * anonymous and memfd (shmem) memory, with THP asked for and refused; each
 * bad request with its errno and nothing left behind; munmap while pinned;
 * fork after pinning (a FOLL_LONGTERM pin is COW-safe: the child's writes
 * never reach the pinned pages); close and SIGKILL with pins held; threads
 * on one file; BENCH's userptr ops; device DMA through edu into user memory,
 * checked in the user's own mapping; a second live DMA mapping of pages
 * another holds (not TO_DEVICE) is EBUSY.  Every pin must be released: the
 * kernel's nr_foll_pin_acquired - nr_foll_pin_released (/proc/vmstat) is
 * back where it started after each case.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "checks.h"
#include "device.h"
#include "pattern.h"

#define UP_SIZE		(64 * KIB)
#define UP_SEED_A	0x0a0a0a0a12345678ULL
#define UP_SEED_B	0x0b0b0b0b9abcdef0ULL
#define UP_SEED_C	0x0c0c0c0c0f1e2d3cULL
#define UP_SEED_D	0x0d0d0d0d55667788ULL
#define THP_SIZE	(2 * MIB)
#define DMA_CHUNK	4096ULL
#define DMA_XFER	2048U
#define THREADS		3
#define THREAD_LOOPS	20

/* --- helpers ---------------------------------------------------------------- */

static int userptr(int fd, void *addr, uint64_t size, uint32_t dir, uint32_t flags,
		   struct dmabench_userptr *out)
{
	struct dmabench_userptr u = {
		.addr = (uintptr_t)addr, .size = size, .dir = dir, .flags = flags,
	};
	int err = kt_ioctl(fd, DMABENCH_IOC_USERPTR, &u);

	if (out)
		*out = u;
	return err;
}

/*
 * Pins the kernel holds now (all users), or -1 without the counters.  They
 * are per-CPU counters folded into /proc/vmstat now and then (off by tens
 * of pins, as seen): writing stat_refresh folds them first.
 */
static int64_t pins_held(void)
{
	int64_t acquired = -1, released = -1;
	int rfd = open("/proc/sys/vm/stat_refresh", O_WRONLY);
	char name[64];
	long long v;
	FILE *f;

	if (rfd >= 0) {
		if (write(rfd, "1", 1) < 0)
			acquired = -1;
		close(rfd);
	}
	f = fopen("/proc/vmstat", "r");
	if (!f)
		return -1;
	while (fscanf(f, "%63s %lld", name, &v) == 2) {
		if (!strcmp(name, "nr_foll_pin_acquired"))
			acquired = v;
		else if (!strcmp(name, "nr_foll_pin_released"))
			released = v;
	}
	fclose(f);
	return acquired < 0 || released < 0 ? -1 : acquired - released;
}

TAP_PRINTF(2, 3)
static void tap_pins(int64_t base, const char *fmt, ...)
{
	int64_t now = pins_held();
	char what[160];
	va_list ap;

	va_start(ap, fmt);
	if (base < 0 || now < 0) {
		vsnprintf(what, sizeof(what), fmt, ap);
		tap_skip("no nr_foll_pin_* in /proc/vmstat", "%s", what);
	} else {
		tap_vok(now == base, tap_fmt("pins held %" PRId64 ", before %" PRId64, now, base),
			fmt, ap);
	}
	va_end(ap);
}

static void *anon(uint64_t size, int prot)
{
	void *p = mmap(NULL, size, prot, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	return p == MAP_FAILED ? NULL : p;
}

/*
 * A device below 32 bits with neither IOMMU nor swiotlb (the edu-stock
 * preset's 28-bit edu): the kernel's user pages sit above its reach, so a
 * DMA mapping of them is -ERANGE, never dma-direct's WARN.
 */
static bool narrow_direct(const struct dmabench_info *info)
{
	return info->iommu == DMABENCH_IOMMU_NONE && info->dma_mask < 0xffffffffULL &&
	       !(info->flags & DMABENCH_INFO_SWIOTLB_ACTIVE);
}

/* PATTERN CHECK through the kernel's vmap of the pinned pages. */
static bool kernel_sees(int fd, uint32_t handle, uint64_t seed, uint64_t len,
			struct dmabench_pattern *p)
{
	return !kt_pattern(fd, handle, DMABENCH_PATTERN_CHECK, seed, 0, len, p) &&
	       !p->mismatches;
}

/* --- data round trip -------------------------------------------------------- */

/*
 * User writes, kernel reads; kernel writes, user reads; MAP, SYNC both ways,
 * UNMAP, FREE, with the pins, bytes and counters checked back to where they
 * were.  @what names the memory ("anon", "memfd", "anon THP").
 */
static void round_trip(int fd, void *mem, uint64_t size, const char *what)
{
	struct kt_counters base;
	struct dmabench_userptr u;
	struct dmabench_pattern p;
	struct dmabench_map m;
	struct pat_result r;
	int64_t pins = pins_held();
	int err;

	kt_counters(fd, &base);
	pat_write(mem, size, UP_SEED_A, &r);
	err = userptr(fd, mem, size, DMABENCH_DIR_BIDI, 0, &u);
	if (!tap_errno(err, 0, "userptr %s %s: USERPTR bidirectional", what, kt_size(size)))
		return;
	tap_ok(u.handle && u.entries >= 1 && u.entries <= size / 4096 && !u.nents && !u.dma_addr,
	       tap_fmt("handle %u entries %u nents %u", u.handle, u.entries, u.nents),
	       "userptr %s %s: a handle, 1..pages sg entries, not mapped yet", what,
	       kt_size(size));
	tap_diag("userptr %s %s: %u sg entries for %" PRIu64 " pages", what, kt_size(size),
		 u.entries, size / 4096);
	if (pins >= 0)
		tap_ok(pins_held() - pins == (int64_t)(size / 4096),
		       tap_fmt("%" PRId64 " more pins", pins_held() - pins),
		       "userptr %s %s: one pin per page", what, kt_size(size));
	tap_ok(kernel_sees(fd, u.handle, UP_SEED_A, size, &p),
	       tap_fmt("%" PRIu64 " mismatches", (uint64_t)p.mismatches),
	       "userptr %s %s: the kernel reads what the user wrote", what, kt_size(size));
	kt_pattern(fd, u.handle, DMABENCH_PATTERN_FILL, UP_SEED_B, 0, size, &p);
	pat_verify(mem, size, UP_SEED_B, &r);
	tap_ok(pat_ok(&r), pat_describe(&r),
	       "userptr %s %s: the user reads what the kernel wrote", what, kt_size(size));
	if (tap_errno(kt_map(fd, u.handle, DMABENCH_DIR_BIDI, &m), 0,
		      "userptr %s %s: MAP bidirectional", what, kt_size(size))) {
		tap_ok(m.nents >= 1 && m.nents <= u.entries, tap_fmt("nents %u", m.nents),
		       "userptr %s %s: 1..entries DMA segments", what, kt_size(size));
		tap_errno(kt_map(fd, u.handle, DMABENCH_DIR_BIDI, &m), EBUSY,
			  "userptr %s %s: MAP again -> EBUSY", what, kt_size(size));
		tap_errno(kt_sync(fd, u.handle, DMABENCH_SYNC_FOR_CPU, 0, size), 0,
			  "userptr %s %s: SYNC for_cpu", what, kt_size(size));
		tap_errno(kt_sync(fd, u.handle, DMABENCH_SYNC_FOR_DEVICE, 0, size), 0,
			  "userptr %s %s: SYNC for_device", what, kt_size(size));
		tap_errno(kt_unmap(fd, u.handle), 0, "userptr %s %s: UNMAP", what, kt_size(size));
	}
	tap_errno(kt_free(fd, u.handle), 0, "userptr %s %s: FREE", what, kt_size(size));
	tap_counters(fd, &base, "userptr %s %s: live counters back", what, kt_size(size));
	tap_pins(pins, "userptr %s %s: every pin released", what, kt_size(size));
}

static void anon_cases(int fd)
{
	void *mem = anon(UP_SIZE, PROT_READ | PROT_WRITE);

	if (!tap_ok(mem != NULL, tap_errname(errno), "userptr anon: mmap"))
		return;
	madvise(mem, UP_SIZE, MADV_NOHUGEPAGE);
	round_trip(fd, mem, UP_SIZE, "anon");
	munmap(mem, UP_SIZE);
}

/* shmem: FOLL_LONGTERM is allowed there (no writeback to wait for). */
static void memfd_case(int fd)
{
	int mfd = memfd_create("dmabench-userptr", 0);
	void *mem;

	if (!tap_ok(mfd >= 0, tap_errname(errno), "userptr memfd: memfd_create"))
		return;
	if (!tap_ok(!ftruncate(mfd, UP_SIZE), tap_errname(errno), "userptr memfd: ftruncate")) {
		close(mfd);
		return;
	}
	mem = mmap(NULL, UP_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, mfd, 0);
	close(mfd);
	if (!tap_ok(mem != MAP_FAILED, tap_errname(errno), "userptr memfd: mmap shared"))
		return;
	round_trip(fd, mem, UP_SIZE, "memfd");
	munmap(mem, UP_SIZE);
}

/* 2 MiB aligned in a 4 MiB mapping, THP asked for or refused. */
static void thp_case(int fd, bool huge)
{
	const char *what = huge ? "anon MADV_HUGEPAGE" : "anon MADV_NOHUGEPAGE";
	char *raw = anon(2 * THP_SIZE, PROT_READ | PROT_WRITE);
	char *mem;

	if (!tap_ok(raw != NULL, tap_errname(errno), "userptr %s: mmap", what))
		return;
	mem = (char *)(((uintptr_t)raw + THP_SIZE - 1) & ~(uintptr_t)(THP_SIZE - 1));
	madvise(mem, THP_SIZE, huge ? MADV_HUGEPAGE : MADV_NOHUGEPAGE);
	round_trip(fd, mem, THP_SIZE, what);
	munmap(raw, 2 * THP_SIZE);
}

/* --- bad requests ----------------------------------------------------------- */

static void bad_fields(int fd, const struct dmabench_info *info, char *mem)
{
	struct dmabench_userptr u;
	uint64_t page = info->page_size;
	uint64_t over_cap = (info->byte_cap + page) & ~(page - 1);
	struct dmabench_alloc a = { .kind = DMABENCH_KIND_USERPTR, .size = page, .node = -1 };
	struct {
		const char *name;
		struct dmabench_userptr u;
		int want;
	} cases[] = {
		{ "unaligned address", { .addr = (uintptr_t)mem + 8, .size = page }, EINVAL },
		{ "unaligned length", { .addr = (uintptr_t)mem, .size = page + 8 }, EINVAL },
		{ "length 0", { .addr = (uintptr_t)mem }, EINVAL },
		{ "unknown flag", { .addr = (uintptr_t)mem, .size = page, .flags = 2 }, EINVAL },
		{ "bad direction", { .addr = (uintptr_t)mem, .size = page, .dir = 7 }, EINVAL },
		{ "pad set", { .addr = (uintptr_t)mem, .size = page, .pad = 1 }, EINVAL },
		{ "reserved set", { .addr = (uintptr_t)mem, .size = page, .reserved = { 0, 0, 1 } },
		  EINVAL },
		{ "addr + length wraps", { .addr = ~(uint64_t)0 & ~(page - 1), .size = 2 * page },
		  EOVERFLOW },
		{ "past the byte cap", { .addr = (uintptr_t)mem, .size = over_cap }, ENOMEM },
		{ "above user space", { .addr = 1ULL << 62, .size = page }, EFAULT },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		u = cases[i].u;
		tap_errno(kt_ioctl(fd, DMABENCH_IOC_USERPTR, &u), cases[i].want,
			  "userptr bad: %s -> %s", cases[i].name, tap_errname(cases[i].want));
	}
	tap_errno(kt_ioctl(fd, DMABENCH_IOC_ALLOC, &a), EINVAL,
		  "userptr bad: ALLOC of kind userptr -> EINVAL (USERPTR makes them)");
}

/*
 * The user has its own mapping: mmap of a userptr buffer's offsets is
 * EINVAL.  Offsets come from one counter, a buffer taking its pages and a
 * guard page, so the buffer made right after a one-page ALLOC sits two
 * pages after it (nothing else allocates while this runs).
 */
static void mmap_refused(int fd, char *mem, uint64_t page)
{
	struct dmabench_userptr u = { .handle = 0 };
	struct dmabench_alloc a;
	void *p;

	if (!tap_errno(kt_alloc(fd, DMABENCH_KIND_STREAMING, page, &a), 0,
		       "userptr bad: ALLOC a page to learn the next mmap offset"))
		return;
	kt_free(fd, a.handle);
	if (!tap_errno(userptr(fd, mem, page, DMABENCH_DIR_BIDI, 0, &u), 0,
		       "userptr bad: the mapped part alone is pinned"))
		return;
	p = mmap(NULL, page, PROT_READ | PROT_WRITE, MAP_SHARED, fd,
		 (off_t)(a.mmap_offset + 2 * page));
	tap_ok(p == MAP_FAILED && errno == EINVAL,
	       p == MAP_FAILED ? tap_errname(errno) : "mmap succeeded",
	       "userptr bad: mmap of a userptr buffer -> EINVAL (the user has its own)");
	if (p != MAP_FAILED)
		munmap(p, page);
	kt_free(fd, u.handle);
}

static void bad_memory(int fd, const struct dmabench_info *info)
{
	uint64_t page = info->page_size;
	struct dmabench_userptr u;
	struct dmabench_map m;
	char *ro, *hole;

	ro = anon(UP_SIZE, PROT_READ);
	hole = anon(2 * UP_SIZE, PROT_READ | PROT_WRITE);
	if (!tap_ok(ro && hole, tap_errname(errno), "userptr bad: mmap"))
		goto out;
	tap_errno(userptr(fd, ro, UP_SIZE, DMABENCH_DIR_FROM_DEVICE, 0, NULL), EFAULT,
		  "userptr bad: read-only memory for device writes -> EFAULT (pinning)");
	tap_errno(userptr(fd, ro, UP_SIZE, DMABENCH_DIR_BIDI, 0, NULL), EFAULT,
		  "userptr bad: read-only memory bidirectional -> EFAULT (pinning)");
	if (tap_errno(userptr(fd, ro, UP_SIZE, DMABENCH_DIR_TO_DEVICE, 0, &u), 0,
		      "userptr bad: read-only memory for device reads is pinned")) {
		tap_errno(kt_map(fd, u.handle, DMABENCH_DIR_BIDI, &m), EINVAL,
			  "userptr bad: MAP bidirectional of a read-only pin -> EINVAL");
		tap_errno(kt_map(fd, u.handle, DMABENCH_DIR_FROM_DEVICE, &m), EINVAL,
			  "userptr bad: MAP from_device of a read-only pin -> EINVAL");
		tap_errno(kt_map(fd, u.handle, DMABENCH_DIR_TO_DEVICE, &m),
			  narrow_direct(info) ? ERANGE : 0,
			  "userptr bad: MAP to_device of a read-only pin%s",
			  narrow_direct(info) ? " -> ERANGE (pages out of a narrow mask's reach)" : "");
		tap_errno(kt_free(fd, u.handle), 0, "userptr bad: FREE the read-only pin");
	}
	/* Second half not mapped: the first half's pins must go back. */
	munmap(hole + UP_SIZE, UP_SIZE);
	memset(hole, 1, UP_SIZE);
	tap_errno(userptr(fd, hole + UP_SIZE, UP_SIZE, DMABENCH_DIR_BIDI, 0, NULL), EFAULT,
		  "userptr bad: a range not mapped -> EFAULT");
	tap_errno(userptr(fd, hole, 2 * UP_SIZE, DMABENCH_DIR_BIDI, 0, NULL), EFAULT,
		  "userptr bad: a range mapped only in part -> EFAULT");
	mmap_refused(fd, hole, page);
out:
	if (ro)
		munmap(ro, UP_SIZE);
	if (hole)
		munmap(hole, UP_SIZE);
}

static void bad_bench(int fd, char *mem)
{
	struct dmabench_bench b = {
		.op = DMABENCH_OP_PIN, .kind = DMABENCH_KIND_USERPTR, .size = UP_SIZE,
		.iterations = 1, .batch = 1, .node = -1,
	};

	tap_errno(kt_ioctl(fd, DMABENCH_IOC_BENCH, &b), EINVAL,
		  "userptr bad: BENCH PIN without uaddr -> EINVAL");
	b.uaddr = (uintptr_t)mem + 8;
	tap_errno(kt_ioctl(fd, DMABENCH_IOC_BENCH, &b), EINVAL,
		  "userptr bad: BENCH PIN at an unaligned uaddr -> EINVAL");
	b.uaddr = (uintptr_t)mem;
	b.kind = DMABENCH_KIND_STREAMING;
	tap_errno(kt_ioctl(fd, DMABENCH_IOC_BENCH, &b), EINVAL,
		  "userptr bad: BENCH PIN of kind streaming -> EINVAL");
	b.op = DMABENCH_OP_MAP_SG;
	tap_errno(kt_ioctl(fd, DMABENCH_IOC_BENCH, &b), EINVAL,
		  "userptr bad: BENCH MAP_SG streaming with a uaddr -> EINVAL");
	b.kind = DMABENCH_KIND_USERPTR;
	b.entries = 1;
	tap_errno(kt_ioctl(fd, DMABENCH_IOC_BENCH, &b), EINVAL,
		  "userptr bad: BENCH MAP_SG userptr with entries -> EINVAL");
	b.entries = 0;
	b.op = DMABENCH_OP_KREAD;
	tap_errno(kt_ioctl(fd, DMABENCH_IOC_BENCH, &b), EINVAL,
		  "userptr bad: BENCH KREAD of kind userptr -> EINVAL");
	b.op = DMABENCH_OP_PIN;
	b.uaddr = ~(uint64_t)0 & ~(uint64_t)4095;
	tap_errno(kt_ioctl(fd, DMABENCH_IOC_BENCH, &b), EOVERFLOW,
		  "userptr bad: BENCH PIN where uaddr + size wraps -> EOVERFLOW");
}

static void bad_requests(int fd, const struct dmabench_info *info)
{
	struct kt_counters base;
	int64_t pins = pins_held();
	char *mem = anon(UP_SIZE, PROT_READ | PROT_WRITE);

	kt_counters(fd, &base);
	if (!tap_ok(mem != NULL, tap_errname(errno), "userptr bad: mmap"))
		return;
	memset(mem, 0, UP_SIZE);
	bad_fields(fd, info, mem);
	bad_memory(fd, info);
	bad_bench(fd, mem);
	munmap(mem, UP_SIZE);
	tap_counters(fd, &base, "userptr bad: live counters back");
	tap_bytes_held(fd, 0, "userptr bad: bytes_held back to 0");
	tap_pins(pins, "userptr bad: every pin released");
}

/* --- the user's mapping changes under the pin ------------------------------- */

static void munmap_while_pinned(int fd)
{
	char *mem = anon(UP_SIZE, PROT_READ | PROT_WRITE);
	int64_t pins = pins_held();
	struct dmabench_userptr u;
	struct dmabench_pattern p;
	struct pat_result r;

	if (!tap_ok(mem != NULL, tap_errname(errno), "userptr munmap: mmap"))
		return;
	pat_write(mem, UP_SIZE, UP_SEED_A, &r);
	if (!tap_errno(userptr(fd, mem, UP_SIZE, DMABENCH_DIR_BIDI, DMABENCH_USERPTR_MAP, &u), 0,
		       "userptr munmap: USERPTR and MAP")) {
		munmap(mem, UP_SIZE);
		return;
	}
	tap_errno(munmap(mem, UP_SIZE) ? errno : 0, 0, "userptr munmap: munmap while pinned");
	tap_ok(kernel_sees(fd, u.handle, UP_SEED_A, UP_SIZE, &p),
	       tap_fmt("%" PRIu64 " mismatches", (uint64_t)p.mismatches),
	       "userptr munmap: the pinned pages still hold the user's data");
	tap_errno(kt_pattern(fd, u.handle, DMABENCH_PATTERN_FILL, UP_SEED_B, 0, UP_SIZE, &p), 0,
		  "userptr munmap: the kernel still writes them");
	tap_ok(kernel_sees(fd, u.handle, UP_SEED_B, UP_SIZE, &p), "mismatches",
	       "userptr munmap: and reads that back");
	tap_errno(kt_sync(fd, u.handle, DMABENCH_SYNC_FOR_CPU, 0, UP_SIZE), 0,
		  "userptr munmap: SYNC for_cpu of the mapping");
	tap_errno(kt_free(fd, u.handle), 0, "userptr munmap: FREE (unmaps, unpins)");
	tap_pins(pins, "userptr munmap: every pin released");
}

/*
 * fork after pinning: the parent's pinned anon pages are its own (the
 * kernel copies them for the child rather than share them COW), so the
 * child's writes go to its copy and the parent's still reach the device.
 */
static void fork_after_pin(int fd)
{
	char *mem = anon(UP_SIZE, PROT_READ | PROT_WRITE);
	int64_t pins = pins_held();
	struct dmabench_userptr u;
	struct dmabench_pattern p;
	struct pat_result r;
	int status = 0;
	pid_t pid;

	if (!tap_ok(mem != NULL, tap_errname(errno), "userptr fork: mmap"))
		return;
	madvise(mem, UP_SIZE, MADV_NOHUGEPAGE);
	pat_write(mem, UP_SIZE, UP_SEED_A, &r);
	if (!tap_errno(userptr(fd, mem, UP_SIZE, DMABENCH_DIR_BIDI, 0, &u), 0,
		       "userptr fork: USERPTR")) {
		munmap(mem, UP_SIZE);
		return;
	}
	pid = fork();
	if (pid == 0) {
		struct pat_result cr;

		pat_write(mem, UP_SIZE, UP_SEED_C, &cr);
		_exit(pat_ok(&cr) ? 0 : 1);
	}
	if (tap_ok(pid > 0, tap_errname(errno), "userptr fork: fork")) {
		waitpid(pid, &status, 0);
		tap_ok(WIFEXITED(status) && !WEXITSTATUS(status), tap_fmt("status %#x", status),
		       "userptr fork: the child wrote its copy");
	}
	tap_ok(kernel_sees(fd, u.handle, UP_SEED_A, UP_SIZE, &p),
	       tap_fmt("%" PRIu64 " mismatches, first at %#" PRIx64, (uint64_t)p.mismatches,
		       (uint64_t)p.first_bad),
	       "userptr fork: the child's writes did not reach the pinned pages");
	pat_write(mem, UP_SIZE, UP_SEED_B, &r);
	tap_ok(kernel_sees(fd, u.handle, UP_SEED_B, UP_SIZE, &p),
	       tap_fmt("%" PRIu64 " mismatches", (uint64_t)p.mismatches),
	       "userptr fork: the parent's later writes do");
	kt_pattern(fd, u.handle, DMABENCH_PATTERN_FILL, UP_SEED_D, 0, UP_SIZE, &p);
	pat_verify(mem, UP_SIZE, UP_SEED_D, &r);
	tap_ok(pat_ok(&r), pat_describe(&r),
	       "userptr fork: and the parent reads the kernel's writes");
	tap_errno(kt_free(fd, u.handle), 0, "userptr fork: FREE");
	munmap(mem, UP_SIZE);
	tap_pins(pins, "userptr fork: every pin released");
}

/* --- files and processes that go away with pins held ------------------------ */

static void close_with_pins(int fd, const struct dmabench_info *info)
{
	char *mem = anon(4 * UP_SIZE, PROT_READ | PROT_WRITE);
	int64_t pins = pins_held();
	struct kt_counters base;
	struct dmabench_userptr u;
	int fd2, fails = 0;
	int mapped = narrow_direct(info) ? ERANGE : 0;

	kt_counters(fd, &base);
	if (!tap_ok(mem != NULL, tap_errname(errno), "userptr close: mmap"))
		return;
	memset(mem, 2, 4 * UP_SIZE);
	fd2 = kt_open();
	if (!tap_ok(fd2 >= 0, tap_errname(-fd2), "userptr close: open")) {
		munmap(mem, 4 * UP_SIZE);
		return;
	}
	/*
	 * The same memory pinned four times over, two of them mapped
	 * bidirectionally: the second map of the pages the first holds is
	 * EBUSY (ERANGE for both where the device cannot reach them).
	 */
	for (int i = 0; i < 4; i++) {
		int want = i == 1 ? mapped : i == 3 ? (mapped ? mapped : EBUSY) : 0;
		int err = userptr(fd2, mem, 4 * UP_SIZE, DMABENCH_DIR_BIDI,
				  i % 2 ? DMABENCH_USERPTR_MAP : 0, NULL);

		if (err != want && !fails++)
			tap_diag("userptr close: pin %d: %s, expected %s", i, tap_errname(err),
				 tap_errname(want));
	}
	tap_ok(!fails, tap_fmt("%d not as expected", fails),
	       "userptr close: 4 pins of one range, the second bidirectional map %s",
	       mapped ? "ERANGE as the first" : "EBUSY");
	tap_errno(close(fd2) ? errno : 0, 0, "userptr close: close without FREE");
	/* The close gave the mapping back: the pages map again. */
	if (tap_errno(userptr(fd, mem, 4 * UP_SIZE, DMABENCH_DIR_BIDI, DMABENCH_USERPTR_MAP, &u),
		      mapped, "userptr close: after the close the range maps bidirectionally%s",
		      mapped ? " -> ERANGE" : "") && !mapped)
		kt_free(fd, u.handle);
	munmap(mem, 4 * UP_SIZE);
	tap_counters(fd, &base, "userptr close: live counters back");
	tap_pins(pins, "userptr close: every pin released");
}

/* --- overlapping DMA mappings of one memory --------------------------------- */

static int map_flags(int fd, uint32_t handle, uint32_t dir, uint32_t flags)
{
	struct dmabench_map m = { .handle = handle, .dir = dir, .flags = flags };

	return kt_ioctl(fd, DMABENCH_IOC_MAP, &m);
}

static int bench_sg(int fd, void *mem, uint64_t size, uint32_t dir, uint32_t flags)
{
	uint64_t s1[2], s2[2];
	struct dmabench_bench b = {
		.op = DMABENCH_OP_MAP_SG, .kind = DMABENCH_KIND_USERPTR, .size = size,
		.dir = dir, .flags = flags, .iterations = 2, .batch = 1, .node = -1,
		.uaddr = (uintptr_t)mem, .samples = (uintptr_t)s1, .samples2 = (uintptr_t)s2,
	};

	return kt_ioctl(fd, DMABENCH_IOC_BENCH, &b);
}

/*
 * Two live streaming mappings of one page, one of them not TO_DEVICE,
 * break cache maintenance on a non-coherent device (DMA-API debugging
 * WARNs on them): the module refuses the second with EBUSY, on any file,
 * unless it is TO_DEVICE or made with SKIP_CPU_SYNC (as debugging lets it),
 * and gives the pages back at UNMAP and FREE.
 */
static void overlapping_maps(int fd, const struct dmabench_info *info)
{
	const uint64_t size = 4 * UP_SIZE;
	char *mem = anon(size, PROT_READ | PROT_WRITE);
	int64_t pins = pins_held();
	struct dmabench_userptr a, c, u;
	struct kt_counters base;
	int fd2, err;

	if (narrow_direct(info)) {
		tap_skip("the device cannot reach user pages (ERANGE)", "userptr overlap");
		if (mem)
			munmap(mem, size);
		return;
	}
	kt_counters(fd, &base);
	if (!tap_ok(mem != NULL, tap_errname(errno), "userptr overlap: mmap"))
		return;
	memset(mem, 5, size);
	fd2 = kt_open();
	if (!tap_ok(fd2 >= 0, tap_errname(-fd2), "userptr overlap: open a second file"))
		goto out_mem;
	if (!tap_errno(userptr(fd, mem, size, DMABENCH_DIR_BIDI, DMABENCH_USERPTR_MAP, &a), 0,
		       "userptr overlap: USERPTR and MAP bidirectional"))
		goto out_fd2;
	tap_errno(userptr(fd2, mem, size, DMABENCH_DIR_BIDI, DMABENCH_USERPTR_MAP, &u), EBUSY,
		  "userptr overlap: the same range mapped bidirectionally again (another file) "
		  "-> EBUSY");
	tap_errno(userptr(fd, mem + 3 * UP_SIZE, 4096, DMABENCH_DIR_FROM_DEVICE,
			  DMABENCH_USERPTR_MAP, &u), EBUSY,
		  "userptr overlap: one page of it mapped from_device -> EBUSY");
	if (tap_errno(userptr(fd2, mem, size, DMABENCH_DIR_TO_DEVICE, DMABENCH_USERPTR_MAP, &u),
		      0, "userptr overlap: a to_device map of it works"))
		kt_free(fd2, u.handle);

	/* MAP of a pinned handle: the direction and SKIP_CPU_SYNC decide. */
	if (!tap_errno(userptr(fd, mem + UP_SIZE, UP_SIZE, DMABENCH_DIR_BIDI, 0, &c), 0,
		       "userptr overlap: a pin of part of it"))
		goto out_a;
	tap_errno(map_flags(fd, c.handle, DMABENCH_DIR_BIDI, 0), EBUSY,
		  "userptr overlap: MAP bidirectional of the part -> EBUSY");
	tap_errno(map_flags(fd, c.handle, DMABENCH_DIR_FROM_DEVICE, 0), EBUSY,
		  "userptr overlap: MAP from_device of the part -> EBUSY");
	if (tap_errno(map_flags(fd, c.handle, DMABENCH_DIR_TO_DEVICE, 0), 0,
		      "userptr overlap: MAP to_device of the part works"))
		kt_unmap(fd, c.handle);
	tap_errno(map_flags(fd, c.handle, DMABENCH_DIR_BIDI, DMABENCH_ATTR_SKIP_CPU_SYNC), 0,
		  "userptr overlap: MAP bidirectional with skip_cpu_sync of the part works");

	/* BENCH MAP_SG's untimed setup claims the pages for its run. */
	tap_errno(bench_sg(fd2, mem, size, DMABENCH_DIR_BIDI, 0), EBUSY,
		  "userptr overlap: BENCH MAP_SG bidirectional of it -> EBUSY");
	tap_errno(bench_sg(fd2, mem, size, DMABENCH_DIR_TO_DEVICE, 0), 0,
		  "userptr overlap: BENCH MAP_SG to_device of it works");
	tap_errno(bench_sg(fd2, mem, size, DMABENCH_DIR_BIDI, DMABENCH_ATTR_SKIP_CPU_SYNC), 0,
		  "userptr overlap: BENCH MAP_SG bidirectional with skip_cpu_sync works");

	/* A skip_cpu_sync mapping is still one a new mapping overlaps. */
	tap_errno(kt_unmap(fd, a.handle), 0, "userptr overlap: UNMAP of the first");
	tap_errno(map_flags(fd, a.handle, DMABENCH_DIR_BIDI, 0), EBUSY,
		  "userptr overlap: its MAP again while the skip_cpu_sync part is mapped "
		  "-> EBUSY");
	tap_errno(kt_unmap(fd, c.handle), 0, "userptr overlap: UNMAP of the part");
	tap_errno(map_flags(fd, a.handle, DMABENCH_DIR_BIDI, 0), 0,
		  "userptr overlap: after both UNMAPs the first maps again");
	tap_errno(bench_sg(fd2, mem, size, DMABENCH_DIR_BIDI, 0), EBUSY,
		  "userptr overlap: BENCH MAP_SG bidirectional -> EBUSY again");
	kt_free(fd, c.handle);
out_a:
	tap_errno(kt_free(fd, a.handle), 0, "userptr overlap: FREE of the first (mapped)");
	err = userptr(fd2, mem, size, DMABENCH_DIR_BIDI, DMABENCH_USERPTR_MAP, &u);
	if (tap_errno(err, 0, "userptr overlap: after its FREE the memory maps fine"))
		kt_free(fd2, u.handle);
	tap_errno(bench_sg(fd2, mem, size, DMABENCH_DIR_BIDI, 0), 0,
		  "userptr overlap: and BENCH MAP_SG bidirectional of it works");
out_fd2:
	close(fd2);
out_mem:
	munmap(mem, size);
	tap_counters(fd, &base, "userptr overlap: live counters back");
	tap_pins(pins, "userptr overlap: every pin released");
}

/*
 * One page twice in one range (a memfd page mapped at two addresses): its
 * own mapping would overlap itself, EBUSY unless to_device or skip_cpu_sync.
 */
static void overlapping_self(int fd, const struct dmabench_info *info)
{
	int64_t pins = pins_held();
	struct dmabench_userptr u;
	int mfd;
	char *mem;

	if (narrow_direct(info)) {
		tap_skip("the device cannot reach user pages (ERANGE)", "userptr overlap self");
		return;
	}
	mfd = memfd_create("dmabench-userptr-twice", 0);
	if (!tap_ok(mfd >= 0 && !ftruncate(mfd, 4096), tap_errname(errno),
		    "userptr overlap self: memfd of one page")) {
		if (mfd >= 0)
			close(mfd);
		return;
	}
	mem = mmap(NULL, 2 * 4096, PROT_READ | PROT_WRITE, MAP_SHARED, mfd, 0);
	if (mem != MAP_FAILED &&
	    mmap(mem + 4096, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_FIXED, mfd, 0) ==
		    MAP_FAILED) {
		munmap(mem, 2 * 4096);
		mem = MAP_FAILED;
	}
	close(mfd);
	if (!tap_ok(mem != MAP_FAILED, tap_errname(errno),
		    "userptr overlap self: the page mapped at two addresses"))
		return;
	memset(mem, 6, 4096);
	tap_errno(userptr(fd, mem, 2 * 4096, DMABENCH_DIR_BIDI, DMABENCH_USERPTR_MAP, &u), EBUSY,
		  "userptr overlap self: USERPTR and MAP bidirectional -> EBUSY");
	if (tap_errno(userptr(fd, mem, 2 * 4096, DMABENCH_DIR_TO_DEVICE, DMABENCH_USERPTR_MAP,
			      &u), 0, "userptr overlap self: USERPTR and MAP to_device works"))
		kt_free(fd, u.handle);
	if (tap_errno(userptr(fd, mem, 2 * 4096, DMABENCH_DIR_BIDI, 0, &u), 0,
		      "userptr overlap self: USERPTR bidirectional")) {
		tap_errno(map_flags(fd, u.handle, DMABENCH_DIR_BIDI, 0), EBUSY,
			  "userptr overlap self: MAP bidirectional -> EBUSY");
		tap_errno(map_flags(fd, u.handle, DMABENCH_DIR_BIDI, DMABENCH_ATTR_SKIP_CPU_SYNC),
			  0, "userptr overlap self: MAP bidirectional with skip_cpu_sync works");
		kt_free(fd, u.handle);
	}
	tap_errno(bench_sg(fd, mem, 2 * 4096, DMABENCH_DIR_FROM_DEVICE, 0), EBUSY,
		  "userptr overlap self: BENCH MAP_SG from_device -> EBUSY");
	munmap(mem, 2 * 4096);
	tap_pins(pins, "userptr overlap self: every pin released");
}

/* A child pins and frees in a loop until SIGKILL; nothing may stay behind. */
static void killed_while_pinning(int fd)
{
	const uint64_t size = 16 * MIB;
	int64_t pins = pins_held();
	struct kt_counters base;
	struct timespec ts = { 0, 200 * 1000 * 1000 };
	int status = 0;
	pid_t pid;

	kt_counters(fd, &base);
	pid = fork();
	if (pid == 0) {
		char *mem = anon(size, PROT_READ | PROT_WRITE);
		int cfd = kt_open();

		if (!mem || cfd < 0)
			_exit(1);
		memset(mem, 3, size);
		for (;;) {
			struct dmabench_userptr u;

			if (!userptr(cfd, mem, size, DMABENCH_DIR_BIDI, DMABENCH_USERPTR_MAP, &u))
				kt_free(cfd, u.handle);
		}
	}
	if (!tap_ok(pid > 0, tap_errname(errno), "userptr kill: fork"))
		return;
	nanosleep(&ts, NULL);
	kill(pid, SIGKILL);
	waitpid(pid, &status, 0);
	tap_ok(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL, tap_fmt("status %#x", status),
	       "userptr kill: the pinning child died of SIGKILL");
	tap_counters(fd, &base, "userptr kill: live counters back");
	tap_pins(pins, "userptr kill: every pin released");
}

/* --- threads on one file ---------------------------------------------------- */

struct up_worker {
	int fd;
	char *mem;
	int id;
	int failures;
	char first[128];
};

static void *up_worker_run(void *arg)
{
	struct up_worker *w = arg;

	for (int i = 0; i < THREAD_LOOPS; i++) {
		struct dmabench_userptr u;
		struct dmabench_pattern p;
		int err;

		bool map = (i + w->id) % 2;

		/*
		 * Pins share slice 0; a bidirectional map takes the thread's
		 * own slice (two live maps of one page are EBUSY).
		 */
		err = userptr(w->fd, w->mem + (map ? w->id * UP_SIZE : 0), UP_SIZE,
			      DMABENCH_DIR_BIDI, map ? DMABENCH_USERPTR_MAP : 0, &u);
		if (!err)
			err = kt_pattern(w->fd, u.handle, DMABENCH_PATTERN_CHECK, UP_SEED_A, 0,
					 UP_SIZE, &p);
		if (!err && p.mismatches)
			err = EIO;
		if (u.handle && kt_free(w->fd, u.handle) && !err)
			err = ENOENT;
		if (err && !w->failures++)
			snprintf(w->first, sizeof(w->first), "loop %d: %s", i, tap_errname(err));
	}
	return NULL;
}

static void threads(int fd)
{
	char *mem = anon(THREADS * UP_SIZE, PROT_READ | PROT_WRITE);
	struct up_worker w[THREADS];
	pthread_t t[THREADS];
	int64_t pins = pins_held();
	struct pat_result r;
	int failures = 0;

	if (!tap_ok(mem != NULL, tap_errname(errno), "userptr threads: mmap"))
		return;
	for (int i = 0; i < THREADS; i++)
		pat_write(mem + i * UP_SIZE, UP_SIZE, UP_SEED_A, &r);
	for (int i = 0; i < THREADS; i++) {
		w[i] = (struct up_worker){ .fd = fd, .mem = mem, .id = i };
		pthread_create(&t[i], NULL, up_worker_run, &w[i]);
	}
	for (int i = 0; i < THREADS; i++) {
		pthread_join(t[i], NULL);
		failures += w[i].failures;
	}
	tap_ok(!failures, w[0].failures ? w[0].first : w[1].failures ? w[1].first : w[2].first,
	       "userptr threads: %d threads x %d pins of one range on one file", THREADS,
	       THREAD_LOOPS);
	munmap(mem, THREADS * UP_SIZE);
	tap_pins(pins, "userptr threads: every pin released");
}

/* --- BENCH ------------------------------------------------------------------ */

static void bench_map_sg(int fd, uint32_t dir, const char *what)
{
	enum { ITERS = 4 };
	uint64_t s1[ITERS], s2[ITERS];
	char *mem = anon(UP_SIZE, PROT_READ | PROT_WRITE);
	int64_t pins = pins_held();
	struct dmabench_bench b = {
		.op = DMABENCH_OP_MAP_SG, .kind = DMABENCH_KIND_USERPTR, .size = UP_SIZE,
		.dir = dir, .iterations = ITERS, .batch = 1, .node = -1,
		.samples = (uintptr_t)s1, .samples2 = (uintptr_t)s2,
	};
	int err;

	if (!tap_ok(mem != NULL, tap_errname(errno), "userptr BENCH MAP_SG %s: mmap", what))
		return;
	memset(mem, 4, UP_SIZE);
	b.uaddr = (uintptr_t)mem;
	err = kt_ioctl(fd, DMABENCH_IOC_BENCH, &b);
	/* edu-stock: pages above a 28-bit mask with nothing to bounce them. */
	if (err == ERANGE) {
		tap_skip("the device cannot reach this memory (ERANGE)", "userptr BENCH MAP_SG %s",
			 what);
	} else if (tap_errno(err, 0, "userptr BENCH MAP_SG %s", what)) {
		tap_u64(b.done, ITERS, "userptr BENCH MAP_SG %s: done equals iterations", what);
	}
	munmap(mem, UP_SIZE);
	tap_pins(pins, "userptr BENCH MAP_SG %s: every pin released", what);
}

/* --- device DMA into user memory (edu) -------------------------------------- */

/*
 * The device reads chunk 0 of the user's memory and writes it into chunk
 * 2; the user's own mapping must then hold chunk 0's bytes there.
 */
static void device_dma(int fd, const struct dmabench_info *info)
{
	char *mem = anon(4 * DMA_CHUNK, PROT_READ | PROT_WRITE);
	int64_t pins = pins_held();
	struct dmabench_device_dma d;
	struct dmabench_userptr u;
	struct pat_result r;
	int err;

	if (info->device != DMABENCH_DEV_EDU) {
		tap_skip("the file's device is not edu", "userptr device dma");
		if (mem)
			munmap(mem, 4 * DMA_CHUNK);
		return;
	}
	if (!tap_ok(mem != NULL, tap_errname(errno), "userptr device dma: mmap"))
		return;
	pat_write(mem, 4 * DMA_CHUNK, UP_SEED_A, &r);
	err = userptr(fd, mem, 4 * DMA_CHUNK, DMABENCH_DIR_BIDI, DMABENCH_USERPTR_MAP, &u);
	if (err == ERANGE) {
		tap_skip("edu cannot reach this memory and nothing bounces it (ERANGE)",
			 "userptr device dma");
		goto out;
	}
	if (!tap_errno(err, 0, "userptr device dma: USERPTR and MAP bidirectional"))
		goto out;
	d = (struct dmabench_device_dma){ .handle = u.handle, .op = DMABENCH_DEVICE_DMA_READ,
					  .len = DMA_XFER };
	err = kt_ioctl(fd, DMABENCH_IOC_DEVICE_DMA, &d);
	if (tap_errno(err, 0, "userptr device dma: edu reads chunk 0 of user memory")) {
		d.op = DMABENCH_DEVICE_DMA_WRITE;
		d.offset = 2 * DMA_CHUNK;
		err = kt_ioctl(fd, DMABENCH_IOC_DEVICE_DMA, &d);
		tap_errno(err, 0, "userptr device dma: edu writes it to chunk 2");
		tap_ok(!err && !memcmp(mem + 2 * DMA_CHUNK, mem, DMA_XFER), "bytes differ",
		       "userptr device dma: the user's own mapping holds the device's copy");
		pat_verify_range(mem, 2 * DMA_CHUNK + DMA_XFER, DMA_CHUNK - DMA_XFER, UP_SEED_A,
				 &r);
		tap_ok(pat_ok(&r), pat_describe(&r),
		       "userptr device dma: and nothing around it changed");
	}
	kt_free(fd, u.handle);
	/* A read-only pin: the device may read it, never write it. */
	if (!tap_errno(userptr(fd, mem, 4 * DMA_CHUNK, DMABENCH_DIR_TO_DEVICE,
			       DMABENCH_USERPTR_MAP, &u), 0, "userptr device dma: USERPTR to_device"))
		goto out;
	d = (struct dmabench_device_dma){ .handle = u.handle, .op = DMABENCH_DEVICE_DMA_WRITE,
					  .len = DMA_XFER };
	tap_errno(kt_ioctl(fd, DMABENCH_IOC_DEVICE_DMA, &d), EINVAL,
		  "userptr device dma: a device write into a to_device pin -> EINVAL");
	kt_free(fd, u.handle);
out:
	munmap(mem, 4 * DMA_CHUNK);
	tap_pins(pins, "userptr device dma: every pin released");
}

void check_userptr(int fd, const struct dmabench_info *info)
{
	struct kt_counters base;

	if (!(info->kinds & (1U << DMABENCH_KIND_USERPTR))) {
		tap_skip("the module has no userptr kind", "userptr");
		return;
	}
	kt_counters(fd, &base);
	anon_cases(fd);
	memfd_case(fd);
	thp_case(fd, true);
	thp_case(fd, false);
	bad_requests(fd, info);
	munmap_while_pinned(fd);
	fork_after_pin(fd);
	close_with_pins(fd, info);
	overlapping_maps(fd, info);
	overlapping_self(fd, info);
	killed_while_pinning(fd);
	threads(fd);
	bench_map_sg(fd, DMABENCH_DIR_BIDI, "bidirectional");
	bench_map_sg(fd, DMABENCH_DIR_TO_DEVICE, "to_device");
	device_dma(fd, info);
	tap_counters(fd, &base, "userptr: live counters back to the baseline");
	tap_bytes_held(fd, 0, "userptr: bytes_held back to 0");
}
