// SPDX-License-Identifier: GPL-2.0
/*
 * The lab's checks around a fuzz run: the live counters seen from a fresh
 * open, the module-wide byte cap under a small max_bytes (ENOMEM for every
 * way of asking, from any file, never the OOM killer), opening as a user
 * without access, and
 * running a command as such a user.
 */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "fuzz.h"

int fz_counters_check(bool print)
{
	struct dmabench_info info;
	int fd = open(DMABENCH_DEVICE_PATH, O_RDWR), err;
	bool zero;

	if (fd < 0) {
		fprintf(stderr, "open %s: %s\n", DMABENCH_DEVICE_PATH, strerror(errno));
		return 2;
	}
	memset(&info, 0, sizeof(info));
	err = fz_ioctl(fd, DMABENCH_IOC_GET_INFO, &info);
	close(fd);
	if (err) {
		fprintf(stderr, "GET_INFO: %s\n", strerror(err));
		return 2;
	}
	zero = !info.live_buffers && !info.live_bytes && !info.live_mmaps && info.live_files == 1;
	if (print || !zero)
		printf("# live_buffers %llu live_bytes %llu live_mmaps %llu live_files %llu\n",
		       (unsigned long long)info.live_buffers, (unsigned long long)info.live_bytes,
		       (unsigned long long)info.live_mmaps, (unsigned long long)info.live_files);
	return zero ? 0 : 1;
}

static int tap_n, tap_failed;

static void tap(bool ok, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void tap(bool ok, const char *fmt, ...)
{
	va_list ap;

	tap_failed += !ok;
	printf("%s %d - ", ok ? "ok" : "not ok", ++tap_n);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
}

static int alloc(int fd, uint32_t kind, uint64_t size, uint32_t *handle)
{
	struct dmabench_alloc a = { .kind = kind, .size = size, .node = -1 };
	int err = fz_ioctl(fd, DMABENCH_IOC_ALLOC, &a);

	*handle = a.handle;
	return err;
}

/* An import counts its dma-buf's size: at the cap, IMPORT of a page is ENOMEM. */
static void cap_import(int fd, uint32_t handle)
{
	struct dmabench_export e = { .handle = handle };
	struct dmabench_import im = { .fd = -1 };
	struct dmabench_handle h;
	int err;

	err = fz_ioctl(fd, DMABENCH_IOC_EXPORT, &e);
	tap(!err, "byte cap: EXPORT of a buffer at the cap works (got %s)",
	    err ? strerror(err) : "success");
	if (err)
		return;
	im.fd = e.fd;
	err = fz_ioctl(fd, DMABENCH_IOC_IMPORT, &im);
	tap(err == ENOMEM, "byte cap: IMPORT of a one-page dma-buf at the cap -> ENOMEM (got %s)",
	    err ? strerror(err) : "success");
	if (!err) {
		h = (struct dmabench_handle){ .handle = im.handle };
		fz_ioctl(fd, DMABENCH_IOC_FREE, &h);
	}
	close(e.fd);
}

/*
 * Page by page, cycling through the kinds, up to the cap: every page fits,
 * the next of every kind is ENOMEM, and so is a BENCH needing one page.
 */
static void cap_fill(int fd, const struct dmabench_info *info)
{
	uint64_t page = info->page_size, pages = info->byte_cap / page, got = 0;
	struct dmabench_bench b = { .op = DMABENCH_OP_KREAD, .kind = DMABENCH_KIND_STREAMING,
				    .size = page, .iterations = 1, .batch = 1, .node = -1 };
	uint32_t handle, last = 0;
	int err = 0;

	for (uint64_t i = 0; i < pages; i++) {
		uint32_t kind = (uint32_t)(i % DMABENCH_KIND_COUNT);

		/* userptr is the caller's memory: USERPTR, not ALLOC. */
		if (!(info->kinds & (1U << kind)) || kind == DMABENCH_KIND_USERPTR)
			kind = DMABENCH_KIND_STREAMING;
		err = alloc(fd, kind, page, &handle);
		if (err)
			break;
		last = handle;
		got++;
	}
	tap(got == pages, "byte cap: %" PRIu64 " one-page buffers of every kind fill the cap of %"
	    PRIu64 " bytes (got %" PRIu64 ", stopped by %s)", pages, (uint64_t)info->byte_cap,
	    got, err ? strerror(err) : "nothing");
	for (uint32_t kind = 0; kind < DMABENCH_KIND_COUNT; kind++) {
		if (!(info->kinds & (1U << kind)) || kind == DMABENCH_KIND_USERPTR)
			continue;
		err = alloc(fd, kind, page, &handle);
		tap(err == ENOMEM, "byte cap: one more page of kind %u at the cap -> ENOMEM (got %s)",
		    kind, err ? strerror(err) : "success");
	}
	err = fz_ioctl(fd, DMABENCH_IOC_BENCH, &b);
	tap(err == ENOMEM, "byte cap: BENCH KREAD of one page at the cap -> ENOMEM (got %s)",
	    err ? strerror(err) : "success");
	if (fz_has_dmabuf() && last)
		cap_import(fd, last);
}

int fz_cap_check(void)
{
	struct dmabench_info info;
	int fd = open(DMABENCH_DEVICE_PATH, O_RDWR), fd2, err;
	uint32_t handle;

	if (fd < 0) {
		printf("not ok 1 - byte cap: open: %s\n1..1\n", strerror(errno));
		return 1;
	}
	fz_ioctl(fd, DMABENCH_IOC_GET_INFO, &info);
	if (info.byte_cap > 64ULL << 20) {
		printf("not ok 1 - byte cap: %llu bytes, load with a small max_bytes\n1..1\n",
		       (unsigned long long)info.byte_cap);
		return 1;
	}
	err = alloc(fd, DMABENCH_KIND_STREAMING, info.byte_cap + info.page_size, &handle);
	tap(err == ENOMEM, "byte cap: one buffer a page above the cap -> ENOMEM (got %s)",
	    err ? strerror(err) : "success");
	err = alloc(fd, DMABENCH_KIND_STREAMING, 1ULL << 40, &handle);
	tap(err == ENOMEM, "byte cap: a 1 TiB buffer -> ENOMEM, no OOM kill (got %s)",
	    err ? strerror(err) : "success");
	cap_fill(fd, &info);
	/* The cap is on all files together: another open is no way around it. */
	fd2 = open(DMABENCH_DEVICE_PATH, O_RDWR);
	err = fd2 < 0 ? errno : alloc(fd2, DMABENCH_KIND_STREAMING, info.page_size, &handle);
	tap(err == ENOMEM, "byte cap: a second file at the module-wide cap -> ENOMEM (got %s)",
	    err ? strerror(err) : "success");
	if (fd2 >= 0) {
		struct dmabench_info info2 = { 0 };

		fz_ioctl(fd2, DMABENCH_IOC_GET_INFO, &info2);
		tap(info2.bytes_held == 0 && info2.bytes_held_all == info.byte_cap / info.page_size *
		    info.page_size, "byte cap: the second file holds 0 bytes of the %" PRIu64
		    " all files hold (bytes_held %" PRIu64 ", bytes_held_all %" PRIu64 ")",
		    (uint64_t)info.byte_cap, (uint64_t)info2.bytes_held,
		    (uint64_t)info2.bytes_held_all);
		close(fd2);
	}
	close(fd);
	tap(!fz_counters_check(true), "byte cap: live counters zero once the files are closed");
	printf("1..%d\n", tap_n);
	return tap_failed ? 1 : 0;
}

/* For a user without access: opening must fail with EACCES. */
int fz_open_check(void)
{
	int fd = open(DMABENCH_DEVICE_PATH, O_RDWR);

	if (fd >= 0) {
		printf("open %s as uid %d: success\n", DMABENCH_DEVICE_PATH, (int)getuid());
		close(fd);
		return 1;
	}
	printf("open %s as uid %d: %s\n", DMABENCH_DEVICE_PATH, (int)getuid(), strerror(errno));
	return errno == EACCES ? 0 : 1;
}

int fz_drop_to(uid_t uid, char **argv)
{
	if (setgroups(0, NULL) || setgid((gid_t)uid) || setuid(uid) || getuid() != uid ||
	    geteuid() != uid) {
		perror("dropping to the user");
		return 126;
	}
	execvp(argv[0], argv);
	perror(argv[0]);
	return 127;
}
