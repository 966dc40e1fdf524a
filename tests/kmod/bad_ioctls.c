// SPDX-License-Identifier: GPL-2.0
/*
 * Check 3: invalid requests, each with its exact errno.  Where the header
 * is silent the choice is: a handle that names no buffer of the file
 * (including 0, which ALLOC never returns) is ENOENT for every command;
 * a request the buffer's current state forbids is EBUSY (already mapped,
 * moving while mapped, SET_DEVICE with buffers) or EINVAL (not mapped,
 * not a kind the command applies to).
 */
#include <errno.h>
#include <inttypes.h>
#include <stddef.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "checks.h"
#include "device.h"

#define FIXTURE_SIZE (64 * KIB)
#define NO_SUCH_HANDLE 12345U

/* Buffers the table refers to, on the main fd. */
struct fixture {
	struct dmabench_alloc streaming;	/* DMA-mapped bidirectional */
	struct dmabench_alloc coherent;
	struct dmabench_alloc wc;		/* never DMA-mapped */
	struct dmabench_alloc noncoherent;	/* allocated bidirectional */
	struct dmabench_alloc noncontig;	/* allocated bidirectional */
	bool ok;
};

static bool fixture_alloc(int fd, uint32_t kind, struct dmabench_alloc *a)
{
	return tap_errno(kt_alloc(fd, kind, FIXTURE_SIZE, a), 0, "bad ioctl setup: ALLOC %s %s",
			 kt_kind_name(kind), kt_size(FIXTURE_SIZE));
}

static void fixture_setup(int fd, struct fixture *f)
{
	struct dmabench_map m;

	memset(f, 0, sizeof(*f));
	f->ok = fixture_alloc(fd, DMABENCH_KIND_STREAMING, &f->streaming) &&
		fixture_alloc(fd, DMABENCH_KIND_COHERENT, &f->coherent) &&
		fixture_alloc(fd, DMABENCH_KIND_WC, &f->wc) &&
		fixture_alloc(fd, DMABENCH_KIND_NONCOHERENT, &f->noncoherent) &&
		fixture_alloc(fd, DMABENCH_KIND_NONCONTIG, &f->noncontig) &&
		tap_errno(kt_map(fd, f->streaming.handle, DMABENCH_DIR_BIDI, &m), 0,
			  "bad ioctl setup: MAP streaming bidirectional");
}

static void fixture_teardown(int fd, struct fixture *f)
{
	/* Handles are never 0, so an unset one is simply skipped. */
	if (f->streaming.handle)
		kt_unmap(fd, f->streaming.handle);
	if (f->streaming.handle)
		kt_free(fd, f->streaming.handle);
	if (f->coherent.handle)
		kt_free(fd, f->coherent.handle);
	if (f->wc.handle)
		kt_free(fd, f->wc.handle);
	if (f->noncoherent.handle)
		kt_free(fd, f->noncoherent.handle);
	if (f->noncontig.handle)
		kt_free(fd, f->noncontig.handle);
	tap_bytes_held(fd, 0, "bad ioctl teardown: bytes_held back to 0");
}

/*
 * A page-aligned size just above what a file holding nothing may allocate,
 * or 0 when the cap is so large that such a size is itself absurd (EINVAL).
 */
static uint64_t above_cap(const struct dmabench_info *info)
{
	uint64_t size = (info->byte_cap / info->page_size + 1) * info->page_size;

	return size > info->byte_cap && size < (1ULL << 48) ? size : 0;
}

static void expect(int fd, unsigned long cmd, void *arg, int want, const char *what)
{
	tap_errno(kt_ioctl(fd, cmd, arg), want, "bad ioctl: %s -> %s", what, tap_errname(want));
}

static void bad_commands(int fd)
{
	struct dmabench_alloc a = { .kind = DMABENCH_KIND_STREAMING, .size = 4096, .node = -1 };
	uint64_t word = 0;

	expect(fd, _IO(DMABENCH_IOC_MAGIC, 0x7f), NULL, ENOTTY, "unknown command number");
	expect(fd, _IOR('X', 0x00, struct dmabench_info), &word, ENOTTY, "other magic");
	/* Same number as ALLOC, wrong size: the whole cmd must match. */
	expect(fd, _IOWR(DMABENCH_IOC_MAGIC, 0x02, uint64_t), &a, ENOTTY,
	       "ALLOC number with a wrong struct size");
}

struct alloc_case {
	const char *what;
	struct dmabench_alloc a;
	int want;
};

static void bad_allocs(int fd, const struct dmabench_info *info)
{
	uint64_t page = info->page_size;
	uint64_t over_cap = above_cap(info);
	const struct alloc_case cases[] = {
		{ "ALLOC kind 99", { .kind = 99, .size = page, .node = -1 }, EINVAL },
		{ "ALLOC size 0", { .kind = DMABENCH_KIND_STREAMING, .node = -1 }, EINVAL },
		{ "ALLOC size not page-aligned",
		  { .kind = DMABENCH_KIND_STREAMING, .size = page + 8, .node = -1 }, EINVAL },
		{ "ALLOC size 1<<62",
		  { .kind = DMABENCH_KIND_STREAMING, .size = 1ULL << 62, .node = -1 }, EINVAL },
		{ "ALLOC size above byte_cap",
		  { .kind = DMABENCH_KIND_STREAMING, .size = over_cap, .node = -1 }, ENOMEM },
		{ "ALLOC flags 1",
		  { .kind = DMABENCH_KIND_STREAMING, .size = page, .node = -1, .flags = 1 },
		  EINVAL },
		{ "ALLOC pad 1",
		  { .kind = DMABENCH_KIND_STREAMING, .size = page, .node = -1, .pad = 1 },
		  EINVAL },
		{ "ALLOC noncoherent dir 7",
		  { .kind = DMABENCH_KIND_NONCOHERENT, .size = page, .node = -1, .dir = 7 },
		  EINVAL },
		{ "ALLOC noncontig dir 3",
		  { .kind = DMABENCH_KIND_NONCONTIG, .size = page, .node = -1, .dir = 3 },
		  EINVAL },
		{ "ALLOC streaming dir 1 (only noncoherent and noncontig take one)",
		  { .kind = DMABENCH_KIND_STREAMING, .size = page, .node = -1, .dir = 1 },
		  EINVAL },
		{ "ALLOC node 4096",
		  { .kind = DMABENCH_KIND_STREAMING, .size = page, .node = 4096 }, EINVAL },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct dmabench_alloc a = cases[i].a;
		int err;

		if (cases[i].want == ENOMEM && !over_cap) {
			tap_skip("byte_cap too large to exceed", "bad ioctl: %s", cases[i].what);
			continue;
		}
		err = kt_ioctl(fd, DMABENCH_IOC_ALLOC, &a);

		tap_errno(err, cases[i].want, "bad ioctl: %s -> %s", cases[i].what,
			  tap_errname(cases[i].want));
		if (!err)
			kt_free(fd, a.handle);
	}
}

static void bad_frees(int fd)
{
	struct dmabench_handle h = { .handle = 0 };
	struct dmabench_alloc a;

	expect(fd, DMABENCH_IOC_FREE, &h, ENOENT, "FREE handle 0");
	h.handle = NO_SUCH_HANDLE;
	expect(fd, DMABENCH_IOC_FREE, &h, ENOENT, "FREE handle 12345");
	if (!tap_errno(kt_alloc(fd, DMABENCH_KIND_STREAMING, 4096, &a), 0,
		       "bad ioctl setup: ALLOC for double FREE"))
		return;
	h.handle = a.handle;
	h.pad = 1;
	expect(fd, DMABENCH_IOC_FREE, &h, EINVAL, "FREE pad 1");
	h.pad = 0;
	expect(fd, DMABENCH_IOC_FREE, &h, 0, "FREE");
	expect(fd, DMABENCH_IOC_FREE, &h, ENOENT, "double FREE");
}

static void bad_maps(int fd, const struct fixture *f)
{
	struct dmabench_map m = { .handle = f->coherent.handle };
	struct dmabench_handle h = { .handle = f->wc.handle };

	expect(fd, DMABENCH_IOC_MAP, &m, EINVAL, "MAP coherent buffer");
	m.handle = f->noncoherent.handle;
	expect(fd, DMABENCH_IOC_MAP, &m, EINVAL, "MAP noncoherent buffer");
	m.handle = f->noncontig.handle;
	expect(fd, DMABENCH_IOC_MAP, &m, EINVAL, "MAP noncontig buffer (mapped by ALLOC)");
	m.handle = f->streaming.handle;
	expect(fd, DMABENCH_IOC_MAP, &m, EBUSY, "MAP twice");
	m = (struct dmabench_map){ .handle = f->wc.handle, .dir = 7 };
	expect(fd, DMABENCH_IOC_MAP, &m, EINVAL, "MAP dir 7");
	m = (struct dmabench_map){ .handle = f->wc.handle, .flags = 1U << 31 };
	expect(fd, DMABENCH_IOC_MAP, &m, EINVAL, "MAP flags bit 31");
	m = (struct dmabench_map){ .handle = NO_SUCH_HANDLE };
	expect(fd, DMABENCH_IOC_MAP, &m, ENOENT, "MAP handle 12345");
	expect(fd, DMABENCH_IOC_UNMAP, &h, EINVAL, "UNMAP unmapped wc buffer");
	h.handle = f->coherent.handle;
	expect(fd, DMABENCH_IOC_UNMAP, &h, EINVAL, "UNMAP coherent buffer");
	h.handle = f->noncontig.handle;
	expect(fd, DMABENCH_IOC_UNMAP, &h, EINVAL, "UNMAP noncontig buffer");
	h = (struct dmabench_handle){ .handle = f->streaming.handle, .pad = 1 };
	expect(fd, DMABENCH_IOC_UNMAP, &h, EINVAL, "UNMAP pad 1");
}

static void bad_syncs(int fd, const struct fixture *f)
{
	const struct dmabench_sync good = {
		.handle = f->streaming.handle, .to = DMABENCH_SYNC_FOR_CPU,
		.dir = DMABENCH_DIR_BIDI, .offset = 0, .len = FIXTURE_SIZE,
	};
	struct dmabench_sync s = good;

	expect(fd, DMABENCH_IOC_SYNC, &s, 0, "SYNC valid (control)");
	s.dir = DMABENCH_DIR_TO_DEVICE;
	expect(fd, DMABENCH_IOC_SYNC, &s, EINVAL, "SYNC dir TO_DEVICE on a BIDI mapping");
	s = good;
	s.len = 0;
	expect(fd, DMABENCH_IOC_SYNC, &s, EINVAL, "SYNC len 0");
	s = good;
	s.offset = 4096;
	expect(fd, DMABENCH_IOC_SYNC, &s, EINVAL, "SYNC offset+len past the end");
	s = good;
	s.offset = UINT64_MAX - 4095;
	s.len = 8192;
	expect(fd, DMABENCH_IOC_SYNC, &s, EINVAL, "SYNC offset+len overflowing u64");
	s = good;
	s.to = 2;
	expect(fd, DMABENCH_IOC_SYNC, &s, EINVAL, "SYNC to 2");
	s = good;
	s.pad = 1;
	expect(fd, DMABENCH_IOC_SYNC, &s, EINVAL, "SYNC pad 1");
	s = good;
	s.handle = f->wc.handle;
	expect(fd, DMABENCH_IOC_SYNC, &s, EINVAL, "SYNC unmapped wc buffer");
	s.handle = NO_SUCH_HANDLE;
	expect(fd, DMABENCH_IOC_SYNC, &s, ENOENT, "SYNC handle 12345");
	s = good;
	s.handle = f->coherent.handle;
	expect(fd, DMABENCH_IOC_SYNC, &s, EINVAL, "SYNC coherent buffer");
	s.handle = f->noncontig.handle;
	expect(fd, DMABENCH_IOC_SYNC, &s, 0, "SYNC noncontig BIDI (control)");
	s.dir = DMABENCH_DIR_FROM_DEVICE;
	expect(fd, DMABENCH_IOC_SYNC, &s, EINVAL, "SYNC noncontig in another dir than its alloc's");
	s.dir = DMABENCH_DIR_BIDI;
	s.offset = FIXTURE_SIZE;
	s.len = 1;
	expect(fd, DMABENCH_IOC_SYNC, &s, EINVAL, "SYNC noncontig at its end");
}

static void unmapped_streaming_sync(int fd)
{
	struct dmabench_alloc a;
	struct dmabench_sync s = { .to = DMABENCH_SYNC_FOR_DEVICE, .len = 4096 };

	if (!tap_errno(kt_alloc(fd, DMABENCH_KIND_STREAMING, 4096, &a), 0,
		       "bad ioctl setup: ALLOC streaming, not mapped"))
		return;
	s.handle = a.handle;
	expect(fd, DMABENCH_IOC_SYNC, &s, EINVAL, "SYNC unmapped streaming buffer");
	kt_free(fd, a.handle);
}

static void bad_moves(int fd, const struct fixture *f)
{
	struct dmabench_move m = { .handle = f->streaming.handle };

	expect(fd, DMABENCH_IOC_MOVE, &m, EINVAL, "MOVE streaming buffer");
	m.handle = f->coherent.handle;
	expect(fd, DMABENCH_IOC_MOVE, &m, EINVAL, "MOVE coherent buffer");
	m.handle = f->noncoherent.handle;
	expect(fd, DMABENCH_IOC_MOVE, &m, EINVAL, "MOVE noncoherent buffer");
	m.handle = f->noncontig.handle;
	expect(fd, DMABENCH_IOC_MOVE, &m, EINVAL, "MOVE noncontig buffer");
	m = (struct dmabench_move){ .handle = f->wc.handle, .caching = 9 };
	expect(fd, DMABENCH_IOC_MOVE, &m, EINVAL, "MOVE caching 9");
	m = (struct dmabench_move){ .handle = f->wc.handle, .reserved = 1 };
	expect(fd, DMABENCH_IOC_MOVE, &m, EINVAL, "MOVE reserved 1");
	m = (struct dmabench_move){ .handle = NO_SUCH_HANDLE };
	expect(fd, DMABENCH_IOC_MOVE, &m, ENOENT, "MOVE handle 12345");
}

static void bad_patterns(int fd, const struct fixture *f)
{
	const struct dmabench_pattern good = {
		.handle = f->coherent.handle, .op = DMABENCH_PATTERN_FILL,
		.offset = 0, .len = FIXTURE_SIZE,
	};
	struct dmabench_pattern p = good;

	expect(fd, DMABENCH_IOC_PATTERN, &p, 0, "PATTERN valid (control)");
	p = good;
	p.offset = 4;
	p.len = 64;
	expect(fd, DMABENCH_IOC_PATTERN, &p, EINVAL, "PATTERN offset 4");
	p = good;
	p.len = 0;
	expect(fd, DMABENCH_IOC_PATTERN, &p, EINVAL, "PATTERN len 0");
	p = good;
	p.len = 12;
	expect(fd, DMABENCH_IOC_PATTERN, &p, EINVAL, "PATTERN len 12");
	p = good;
	p.offset = FIXTURE_SIZE - 8;
	p.len = 16;
	expect(fd, DMABENCH_IOC_PATTERN, &p, EINVAL, "PATTERN offset+len past the end");
	p = good;
	p.offset = UINT64_MAX - 7;
	p.len = 16;
	expect(fd, DMABENCH_IOC_PATTERN, &p, EINVAL, "PATTERN offset+len overflowing u64");
	p = good;
	p.op = 2;
	expect(fd, DMABENCH_IOC_PATTERN, &p, EINVAL, "PATTERN op 2");
	p = good;
	p.handle = NO_SUCH_HANDLE;
	expect(fd, DMABENCH_IOC_PATTERN, &p, ENOENT, "PATTERN handle 12345");
}

static void bad_set_device(int fd, const struct dmabench_info *info)
{
	struct dmabench_set_device sd = { .device = 9 };
	int fd2 = kt_open();

	if (!tap_ok(fd2 >= 0, tap_fmt("open: %s", tap_errname(-fd2)),
		    "bad ioctl setup: second open"))
		return;
	expect(fd2, DMABENCH_IOC_SET_DEVICE, &sd, EINVAL, "SET_DEVICE 9");
	sd = (struct dmabench_set_device){ .device = info->device, .pad = 1 };
	expect(fd2, DMABENCH_IOC_SET_DEVICE, &sd, EINVAL, "SET_DEVICE pad 1");
	close(fd2);
	/* @fd holds the fixture; even the device it already has is refused. */
	sd = (struct dmabench_set_device){ .device = info->device };
	expect(fd, DMABENCH_IOC_SET_DEVICE, &sd, EBUSY, "SET_DEVICE while holding buffers");
}

/* Buffers belong to their file: another file can neither name nor map them. */
static void bad_cross_file(const struct fixture *f)
{
	struct dmabench_handle h = { .handle = f->streaming.handle };
	int fd2 = kt_open(), err;
	void *p;

	if (!tap_ok(fd2 >= 0, tap_fmt("open: %s", tap_errname(-fd2)),
		    "bad ioctl setup: second open"))
		return;
	tap_bytes_held(fd2, 0, "other file: holds 0 bytes while the first holds buffers");
	expect(fd2, DMABENCH_IOC_FREE, &h, ENOENT, "FREE of another file's handle");
	p = kt_mmap(fd2, f->coherent.mmap_offset, FIXTURE_SIZE, &err);
	tap_errno(err, EINVAL, "bad mmap: another file's buffer offset -> EINVAL");
	if (p)
		munmap(p, FIXTURE_SIZE);
	close(fd2);
}

/* One field of struct dmabench_bench set to a bad value; the rest valid. */
struct bench_field_case {
	const char *what;
	size_t offset, size;
	uint64_t value;
	int want;
};

#define BENCH_FIELD(f) \
	offsetof(struct dmabench_bench, f), sizeof(((struct dmabench_bench *)0)->f)

static const struct bench_field_case bench_field_cases[] = {
	{ "BENCH op 99", BENCH_FIELD(op), 99, EINVAL },
	{ "BENCH kind 99", BENCH_FIELD(kind), 99, EINVAL },
	{ "BENCH size 0", BENCH_FIELD(size), 0, EINVAL },
	{ "BENCH size not page-aligned", BENCH_FIELD(size), 4096 + 8, EINVAL },
	{ "BENCH iterations 0", BENCH_FIELD(iterations), 0, EINVAL },
	{ "BENCH iterations MAX+1", BENCH_FIELD(iterations), DMABENCH_BENCH_MAX_ITERS + 1,
	  EINVAL },
	{ "BENCH batch 0", BENCH_FIELD(batch), 0, EINVAL },
	{ "BENCH batch MAX+1", BENCH_FIELD(batch), DMABENCH_BENCH_MAX_BATCH + 1, EINVAL },
	{ "BENCH entries MAX+1", BENCH_FIELD(entries), DMABENCH_MAX_ENTRIES + 1, EINVAL },
	{ "BENCH dir 7", BENCH_FIELD(dir), 7, EINVAL },
	{ "BENCH cache 3", BENCH_FIELD(cache), 3, EINVAL },
	{ "BENCH node 4096", BENCH_FIELD(node), 4096, EINVAL },
	{ "BENCH flags 1", BENCH_FIELD(flags), 1, EINVAL },
	{ "BENCH reserved[0] 1", BENCH_FIELD(reserved[0]), 1, EINVAL },
	/* The last word: @dmabuf_fd and @pad took reserved[0..2]'s first 8 bytes (ABI 3). */
	{ "BENCH reserved[1] 1", BENCH_FIELD(reserved[1]), 1, EINVAL },
	{ "BENCH pad 1", BENCH_FIELD(pad), 1, EINVAL },
	{ "BENCH dmabuf_fd on MAP_SG", BENCH_FIELD(dmabuf_fd), 3, EINVAL },
	/* ABI 3: out fields, overwritten whatever the caller left there. */
	{ "BENCH chunks (out) 7", BENCH_FIELD(chunks), 7, 0 },
	{ "BENCH segments (out) 7", BENCH_FIELD(segments), 7, 0 },
	/* uaddr is the userptr kind's: any other kind must leave it 0. */
	{ "BENCH uaddr on a non-userptr kind", BENCH_FIELD(uaddr), 4096, EINVAL },
	{ "BENCH samples pointer 8", BENCH_FIELD(samples), 8, EFAULT },
};

static void set_field(void *base, size_t offset, size_t size, uint64_t value)
{
	uint32_t v32 = (uint32_t)value;

	if (size == sizeof(v32))
		memcpy((char *)base + offset, &v32, sizeof(v32));
	else
		memcpy((char *)base + offset, &value, sizeof(value));
}

static void expect_bench(int fd, const struct dmabench_bench *b, int want, const char *what)
{
	struct dmabench_bench copy = *b;

	expect(fd, DMABENCH_IOC_BENCH, &copy, want, what);
}

static void bad_benches(int fd, const struct dmabench_info *info)
{
	/* MAP_SG so that entries is meaningful; one entry per page. */
	const struct dmabench_bench good = {
		.op = DMABENCH_OP_MAP_SG, .kind = DMABENCH_KIND_STREAMING,
		.size = info->page_size, .iterations = 1, .batch = 1, .node = -1,
	};
	uint64_t over_cap = above_cap(info);
	struct dmabench_bench b;

	expect_bench(fd, &good, 0, "BENCH MAP_SG (control)");
	for (size_t i = 0; i < sizeof(bench_field_cases) / sizeof(bench_field_cases[0]); i++) {
		const struct bench_field_case *c = &bench_field_cases[i];

		b = good;
		set_field(&b, c->offset, c->size, c->value);
		expect_bench(fd, &b, c->want, c->what);
	}
	b = good;
	b.op = DMABENCH_OP_ALLOC_FREE;
	b.samples2 = 8;
	expect_bench(fd, &b, EFAULT, "BENCH ALLOC_FREE samples2 pointer 8");
	/* The header: the run's private buffer counts against the cap, for every op. */
	if (!over_cap)
		return tap_skip("byte_cap too large to exceed", "bad ioctl: BENCH above byte_cap");
	b = good;
	b.size = over_cap;
	b.op = DMABENCH_OP_EMPTY;
	expect_bench(fd, &b, ENOMEM, "BENCH EMPTY size above byte_cap");
	b.op = DMABENCH_OP_KREAD;
	expect_bench(fd, &b, ENOMEM, "BENCH KREAD size above byte_cap");
}

static void bad_mmaps(int fd, const struct fixture *f)
{
	uint64_t far = f->streaming.mmap_offset;
	void *p;
	int err;

	/* Far above every buffer's offset: no buffer lives there. */
	if (f->coherent.mmap_offset > far)
		far = f->coherent.mmap_offset;
	if (f->wc.mmap_offset > far)
		far = f->wc.mmap_offset;
	if (f->noncoherent.mmap_offset > far)
		far = f->noncoherent.mmap_offset;
	if (f->noncontig.mmap_offset > far)
		far = f->noncontig.mmap_offset;
	far += 64 * GIB;
	p = kt_mmap(fd, far, FIXTURE_SIZE, &err);
	tap_errno(err, EINVAL, "bad mmap: offset of no buffer -> EINVAL");
	if (p)
		munmap(p, FIXTURE_SIZE);
	p = kt_mmap(fd, f->streaming.mmap_offset, 2 * FIXTURE_SIZE, &err);
	tap_errno(err, EINVAL, "bad mmap: larger than the buffer -> EINVAL");
	if (p)
		munmap(p, 2 * FIXTURE_SIZE);
}

static void null_pointers(int fd)
{
	static const struct {
		unsigned long cmd;
		const char *name;
	} cmds[] = {
		{ DMABENCH_IOC_GET_INFO, "GET_INFO" }, { DMABENCH_IOC_SET_DEVICE, "SET_DEVICE" },
		{ DMABENCH_IOC_ALLOC, "ALLOC" }, { DMABENCH_IOC_FREE, "FREE" },
		{ DMABENCH_IOC_MAP, "MAP" }, { DMABENCH_IOC_UNMAP, "UNMAP" },
		{ DMABENCH_IOC_SYNC, "SYNC" }, { DMABENCH_IOC_MOVE, "MOVE" },
		{ DMABENCH_IOC_PATTERN, "PATTERN" }, { DMABENCH_IOC_BENCH, "BENCH" },
	};

	for (size_t i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
		expect(fd, cmds[i].cmd, NULL, EFAULT, tap_fmt("%s with a NULL struct", cmds[i].name));
}

void check_bad_ioctls(int fd, const struct dmabench_info *info)
{
	struct fixture f;

	bad_commands(fd);
	bad_allocs(fd, info);
	bad_frees(fd);
	unmapped_streaming_sync(fd);
	null_pointers(fd);
	bad_benches(fd, info);
	fixture_setup(fd, &f);
	if (f.ok) {
		bad_maps(fd, &f);
		bad_syncs(fd, &f);
		bad_moves(fd, &f);
		bad_patterns(fd, &f);
		bad_set_device(fd, info);
		bad_mmaps(fd, &f);
		bad_cross_file(&f);
	}
	fixture_teardown(fd, &f);
}
