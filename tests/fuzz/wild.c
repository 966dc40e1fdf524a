// SPDX-License-Identifier: GPL-2.0
/*
 * Random and boundary values in every field of every command, unknown
 * command numbers, bad pointers, and a chaos file per thread.
 *
 * On the shared file a wild request may only name a handle this thread
 * owns, 0, or one above every handle the module hands out: other threads'
 * buffers must keep the state their owners' models say.  Whatever a wild
 * request did to an own buffer is then folded back into the model.  On the
 * thread's chaos file any handle goes and nothing is modelled: open,
 * allocate, map, close with live mappings, touch them.
 */
#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <string.h>
#include <sys/file.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include "fuzz.h"

#define PAGE ((uint64_t)fz_info.page_size)
#define KERNEL_ADDR 0xffff888000000000ULL

struct field {
	uint16_t off, size;
	bool handle;
};

#define F(type, f) { offsetof(struct type, f), sizeof(((struct type *)0)->f), false }
#define H(type, f) { offsetof(struct type, f), sizeof(((struct type *)0)->f), true }
#define END { 0, 0, false }
#define MAX_FIELDS 20

/* Input fields of each command (outputs are overwritten by the module). */
static const struct field fields[FZ_CMD_COUNT][MAX_FIELDS] = {
	[FZ_GET_INFO] = { F(dmabench_info, abi_version), F(dmabench_info, reserved[0]), END },
	[FZ_SET_DEVICE] = { F(dmabench_set_device, device), F(dmabench_set_device, pad), END },
	[FZ_ALLOC] = { F(dmabench_alloc, kind), F(dmabench_alloc, dir), F(dmabench_alloc, size),
		       F(dmabench_alloc, node), F(dmabench_alloc, flags), F(dmabench_alloc, pad),
		       F(dmabench_alloc, handle), F(dmabench_alloc, mmap_offset), END },
	[FZ_FREE] = { H(dmabench_handle, handle), F(dmabench_handle, pad), END },
	[FZ_MAP] = { H(dmabench_map, handle), F(dmabench_map, dir), F(dmabench_map, flags),
		     F(dmabench_map, nents), END },
	[FZ_UNMAP] = { H(dmabench_handle, handle), F(dmabench_handle, pad), END },
	[FZ_SYNC] = { H(dmabench_sync, handle), F(dmabench_sync, to), F(dmabench_sync, dir),
		      F(dmabench_sync, pad), F(dmabench_sync, offset), F(dmabench_sync, len),
		      END },
	[FZ_MOVE] = { H(dmabench_move, handle), F(dmabench_move, caching),
		      F(dmabench_move, reserved), END },
	[FZ_PATTERN] = { H(dmabench_pattern, handle), F(dmabench_pattern, op),
			 F(dmabench_pattern, seed), F(dmabench_pattern, offset),
			 F(dmabench_pattern, len), END },
	[FZ_BENCH] = { F(dmabench_bench, op), F(dmabench_bench, kind), F(dmabench_bench, size),
		       F(dmabench_bench, entries), F(dmabench_bench, dir),
		       F(dmabench_bench, cache), F(dmabench_bench, iterations),
		       F(dmabench_bench, batch), F(dmabench_bench, warmup),
		       F(dmabench_bench, trans_delay_ns), F(dmabench_bench, node),
		       F(dmabench_bench, samples), F(dmabench_bench, samples2),
		       F(dmabench_bench, flags), F(dmabench_bench, uaddr),
		       /* not chunks, segments: out (ABI 3), overwritten */
		       F(dmabench_bench, dmabuf_fd), F(dmabench_bench, pad),
		       F(dmabench_bench, reserved[0]), F(dmabench_bench, reserved[1]), END },
	[FZ_DEVICE_DMA] = { H(dmabench_device_dma, handle), F(dmabench_device_dma, op),
			    F(dmabench_device_dma, offset), F(dmabench_device_dma, len),
			    F(dmabench_device_dma, edu_offset), F(dmabench_device_dma, flags),
			    F(dmabench_device_dma, pad), F(dmabench_device_dma, reserved[0]),
			    F(dmabench_device_dma, reserved[1]), END },
	/* Out only: whatever the caller leaves there is overwritten. */
	[FZ_FACTS] = { F(dmabench_facts, flags), F(dmabench_facts, reserved[0]), END },
	[FZ_USERPTR] = { F(dmabench_userptr, addr), F(dmabench_userptr, size),
			 F(dmabench_userptr, dir), F(dmabench_userptr, flags),
			 F(dmabench_userptr, pad), F(dmabench_userptr, reserved[0]),
			 F(dmabench_userptr, reserved[2]), END },
	/* Read only; the rest is out, overwritten. */
	[FZ_BUF_INFO] = { H(dmabench_buf_info, handle), F(dmabench_buf_info, pad),
			  F(dmabench_buf_info, reserved[0]), F(dmabench_buf_info, reserved[3]),
			  END },
	/* fd and ns are out. */
	[FZ_EXPORT] = { H(dmabench_export, handle), F(dmabench_export, flags),
			F(dmabench_export, pad), F(dmabench_export, reserved[0]),
			F(dmabench_export, reserved[1]), END },
	/* The fd is made safe after mutation (safe_fds()); the rest is out. */
	[FZ_IMPORT] = { F(dmabench_import, fd), F(dmabench_import, dir),
			F(dmabench_import, flags), F(dmabench_import, pad),
			F(dmabench_import, reserved[0]), F(dmabench_import, reserved[1]), END },
};

static const size_t arg_size[FZ_CMD_COUNT] = {
	sizeof(struct dmabench_info), sizeof(struct dmabench_set_device),
	sizeof(struct dmabench_alloc), sizeof(struct dmabench_handle),
	sizeof(struct dmabench_map), sizeof(struct dmabench_handle),
	sizeof(struct dmabench_sync), sizeof(struct dmabench_move),
	sizeof(struct dmabench_pattern), sizeof(struct dmabench_bench),
	sizeof(struct dmabench_device_dma), sizeof(struct dmabench_facts),
	sizeof(struct dmabench_userptr), sizeof(struct dmabench_buf_info),
	sizeof(struct dmabench_export), sizeof(struct dmabench_import), 0,
};

union fz_arg {
	struct dmabench_info info;
	struct dmabench_set_device sd;
	struct dmabench_alloc alloc;
	struct dmabench_handle h;
	struct dmabench_map map;
	struct dmabench_sync sync;
	struct dmabench_move move;
	struct dmabench_pattern pattern;
	struct dmabench_bench bench;
	struct dmabench_device_dma dma;
	struct dmabench_facts facts;
	struct dmabench_userptr userptr;
	struct dmabench_buf_info buf_info;
	struct dmabench_export export;
	struct dmabench_import import;
	uint8_t bytes[512];
};

static void set_field(void *base, const struct field *f, uint64_t v)
{
	uint32_t v32 = (uint32_t)v;

	if (f->size == 4)
		memcpy((char *)base + f->off, &v32, 4);
	else
		memcpy((char *)base + f->off, &v, 8);
}

static int nfields(enum fz_cmd cmd)
{
	int n = 0;

	while (n < MAX_FIELDS && fields[cmd][n].size)
		n++;
	return n;
}

/* A handle the shared file may safely be asked about. */
static uint32_t safe_handle(struct fz_thread *t, bool *own)
{
	*own = false;
	if (t->nbufs && fz_chance(&t->rng, 2)) {
		*own = true;
		return t->bufs[fz_below(&t->rng, t->nbufs)].handle;
	}
	if (fz_chance(&t->rng, 3))
		return 0;
	return FZ_FOREIGN_HANDLE_MIN + (uint32_t)fz_below(&t->rng, UINT32_MAX - FZ_FOREIGN_HANDLE_MIN);
}

/* An own dma-buf fd, or -1. */
static int own_dmabuf_fd(struct fz_thread *t)
{
	int fds[FZ_MAX_BUFS], n = 0;

	for (int i = 0; i < t->nbufs; i++)
		if (t->bufs[i].dmabuf_fd >= 0)
			fds[n++] = t->bufs[i].dmabuf_fd;
	return n ? fds[fz_below(&t->rng, n)] : -1;
}

/*
 * A fd a wild request may carry.  The fd table is the process's: any
 * other number may be another thread's dma-buf, which an IMPORT (or a
 * BENCH's attachment) would pin behind its model's back.  So: a
 * /dev/dmabench file of this thread, a number nobody has, and with @own
 * an own dma-buf (on the shared file, where the model folds an IMPORT back).
 */
static int safe_fd(struct fz_thread *t, int fd, bool own)
{
	if (fd < 0 || fd >= 1 << 20 || fd == t->fd || (fd == t->chaos_fd && fd >= 0))
		return fd;
	if (own)
		for (int i = 0; i < t->nbufs; i++)
			if (t->bufs[i].dmabuf_fd == fd)
				return fd;
	switch (fz_below(&t->rng, 4)) {
	case 0:
		return own ? own_dmabuf_fd(t) : -1;
	case 1:
		return t->fd;
	case 2:
		return t->chaos_fd >= 0 ? t->chaos_fd : t->fd;
	default:
		return 1 << 20;
	}
}

/* A plausible request for @cmd: most fields valid, so that mutations reach deep. */
static void base_arg(struct fz_thread *t, enum fz_cmd cmd, union fz_arg *a)
{
	memset(a, 0, sizeof(*a));
	switch (cmd) {
	case FZ_ALLOC:
		a->alloc = (struct dmabench_alloc){
			.kind = (uint32_t)fz_below(&t->rng, DMABENCH_KIND_COUNT),
			.size = (1 + fz_below(&t->rng, 8)) * PAGE, .node = -1 };
		if (fz_chance(&t->rng, 2))
			a->alloc.flags = fz_alloc_attrs(a->alloc.kind) & (uint32_t)fz_rand(&t->rng);
		break;
	case FZ_MAP:
		if (fz_chance(&t->rng, 2))
			a->map.flags = DMABENCH_ATTR_SKIP_CPU_SYNC;
		break;
	case FZ_SYNC:
		a->sync.len = PAGE;
		break;
	case FZ_PATTERN:
		a->pattern.len = 64;
		a->pattern.seed = fz_rand(&t->rng);
		a->pattern.op = (uint32_t)fz_below(&t->rng, 2);
		break;
	case FZ_DEVICE_DMA:
		a->dma.len = 8 << fz_below(&t->rng, 6);
		a->dma.op = (uint32_t)fz_below(&t->rng, 2);
		break;
	case FZ_BENCH:
		a->bench = (struct dmabench_bench){
			.op = (uint32_t)fz_below(&t->rng, DMABENCH_OP_COUNT),
			.kind = (uint32_t)fz_below(&t->rng, DMABENCH_KIND_COUNT),
			.size = PAGE, .iterations = 1, .batch = 1, .node = -1 };
		if (fz_chance(&t->rng, 2))
			a->bench.flags = fz_bench_attrs(a->bench.op, a->bench.kind) &
					 (uint32_t)fz_rand(&t->rng);
		if (a->bench.kind == DMABENCH_KIND_USERPTR)
			a->bench.uaddr = (uintptr_t)fz_user_mem(t);
		/* The importer's ops: the import kind, no size, an own dma-buf. */
		if (a->bench.op == DMABENCH_OP_DMABUF_ATTACH || a->bench.op == DMABENCH_OP_DMABUF_MAP) {
			a->bench.kind = DMABENCH_KIND_IMPORT;
			a->bench.size = 0;
			a->bench.dmabuf_fd = own_dmabuf_fd(t);
		}
		break;
	case FZ_EXPORT:
		a->export.flags = (uint32_t)fz_below(&t->rng, 2) * DMABENCH_EXPORT_CLOEXEC;
		break;
	case FZ_IMPORT:
		a->import.fd = own_dmabuf_fd(t);
		a->import.dir = (uint32_t)fz_below(&t->rng, 3);
		break;
	case FZ_USERPTR:
		a->userptr = (struct dmabench_userptr){
			.addr = (uintptr_t)fz_user_mem(t),
			.size = (1 + fz_below(&t->rng, FZ_UMEM_PAGES)) * PAGE,
			.dir = (uint32_t)fz_below(&t->rng, 3),
			.flags = (uint32_t)fz_below(&t->rng, 2) };
		break;
	default:
		break;
	}
}

/* Keep a BENCH that passes validation short: TCG runs it. */
static void bound_bench(struct dmabench_bench *b)
{
	if (b->iterations > 16 && b->iterations <= DMABENCH_BENCH_MAX_ITERS)
		b->iterations = 1 + b->iterations % 16;
	if (b->batch > 8 && b->batch <= DMABENCH_BENCH_MAX_BATCH)
		b->batch = 1 + b->batch % 8;
	if (b->warmup > 4 && b->warmup <= DMABENCH_BENCH_MAX_ITERS)
		b->warmup %= 4;
	if (b->trans_delay_ns > 100000 && b->trans_delay_ns <= 10000000)
		b->trans_delay_ns %= 100000;
	if (b->size > 1024 * PAGE && b->size <= fz_info.byte_cap)
		b->size = 1024 * PAGE;
}

/* A pointer for BENCH samples: good, absent or bad; *bad says which. */
static uint64_t samples_ptr(struct fz_thread *t, uint64_t good, bool *bad)
{
	switch (fz_below(&t->rng, 8)) {
	case 0: case 1: case 2:
		return good;
	case 3: case 4:
		return 0;
	case 5:
		*bad = true;
		return (uintptr_t)(t->guard + PAGE);	/* PROT_NONE */
	case 6:
		*bad = true;
		return (uintptr_t)(t->guard + 2 * PAGE);	/* read-only */
	default:
		*bad = true;
		return fz_chance(&t->rng, 2) ? KERNEL_ADDR : fz_u64_edge(&t->rng, PAGE);
	}
}

/*
 * Whether user memory [@addr, +@size) is the thread's own scratch memory:
 * only then is pinning it sure not to fault.  A wild size past its end is
 * as wild as a wild address (the pages after it may be unmapped: EFAULT).
 */
static bool in_user_mem(struct fz_thread *t, uint64_t addr, uint64_t size)
{
	uint64_t base = (uintptr_t)fz_user_mem(t);

	return addr == base && size <= FZ_UMEM_PAGES * PAGE;
}

/* Mutate 1..3 fields of @a; on the shared file keep handles safe. */
/*
 * edu has one 4 KiB buffer for every file and process.  The round trips
 * through an import (chaos_dmabuf_dma) read into its upper half and write
 * back from it, so every other transfer that would run stays in the lower
 * half, and round trips take EDU_RT_LOCK first: else another thread's
 * DEVICE_DMA READ between the two halves of a trip rewrites what the device
 * writes back, and the check reports corruption the module did not cause.
 */
#define EDU_RT_BASE	2048U
#define EDU_RT_LOCK	"/tmp/dmabench_fuzz.edu-round-trip.lock"

static void keep_off_round_trips(struct dmabench_device_dma *d)
{
	bool runs = d->len && d->len <= DMABENCH_EDU_DMA_LIMIT &&
		    d->edu_offset <= DMABENCH_EDU_DMA_LIMIT - d->len;

	if (runs && d->edu_offset + d->len > EDU_RT_BASE) {
		d->edu_offset = 0;
		if (d->len > EDU_RT_BASE)
			d->len = EDU_RT_BASE;
	}
}

static void mutate(struct fz_thread *t, enum fz_cmd cmd, union fz_arg *a, bool shared,
		   bool *own, bool *bad_ptr)
{
	int n = nfields(cmd), k = 1 + (int)fz_below(&t->rng, 3);

	*own = false;
	*bad_ptr = false;
	for (int i = 0; i < k && n; i++) {
		const struct field *f = &fields[cmd][fz_below(&t->rng, n)];

		set_field(a, f, f->size == 4 ? fz_u32_edge(&t->rng) : fz_u64_edge(&t->rng, PAGE));
	}
	for (int i = 0; i < n; i++) {
		const struct field *f = &fields[cmd][i];

		if (!f->handle)
			continue;
		if (shared)
			set_field(a, f, safe_handle(t, own));
		else if (fz_chance(&t->rng, 2))
			set_field(a, f, fz_below(&t->rng, 24));
	}
	if (cmd == FZ_BENCH) {
		bound_bench(&a->bench);
		a->bench.samples = samples_ptr(t, (uintptr_t)&t->scratch[0], bad_ptr);
		a->bench.samples2 = samples_ptr(t, (uintptr_t)&t->scratch[16], bad_ptr);
		/* A wild uaddr is a wild pointer: pinning may fault on it. */
		if (a->bench.uaddr && !in_user_mem(t, a->bench.uaddr, a->bench.size))
			*bad_ptr = true;
	}
	/* Pinning a wild range faults, as any bad pointer does. */
	if (cmd == FZ_USERPTR && !in_user_mem(t, a->userptr.addr, a->userptr.size))
		*bad_ptr = true;
	/* A BENCH's attachment lasts the call: an own dma-buf is fine on either file. */
	if (cmd == FZ_BENCH)
		a->bench.dmabuf_fd = safe_fd(t, a->bench.dmabuf_fd, true);
	if (cmd == FZ_IMPORT)
		a->import.fd = safe_fd(t, a->import.fd, shared);
	if (cmd == FZ_DEVICE_DMA)
		keep_off_round_trips(&a->dma);
}

/* Fold what a wild request did to an own buffer (or a new one) into the model. */
static void fold_back(struct fz_thread *t, enum fz_cmd cmd, union fz_arg *a, int err)
{
	struct dmabench_handle h;
	uint32_t handle = a->h.handle;	/* the first field of every handle command */
	struct fz_buf *b = NULL;

	/* An import holds its dma-buf: freed at once, as a wild ALLOC's buffer. */
	if (cmd == FZ_ALLOC || cmd == FZ_USERPTR || cmd == FZ_IMPORT) {
		if (err)
			return;
		h = (struct dmabench_handle){
			.handle = cmd == FZ_ALLOC ? a->alloc.handle : cmd == FZ_USERPTR ?
				  a->userptr.handle : a->import.handle };
		err = fz_ioctl(t->fd, DMABENCH_IOC_FREE, &h);
		if (err)
			fz_fail(t, "FREE of the handle a wild %s returned: %s", fz_cmd_names[cmd],
				strerror(err));
		return;
	}
	for (int i = 0; i < t->nbufs; i++)
		if (t->bufs[i].handle == handle)
			b = &t->bufs[i];
	/* A dma-buf a wild EXPORT made is closed at once (the model's are its own). */
	if (cmd == FZ_EXPORT && !err) {
		if (a->export.fd >= 0)
			close(a->export.fd);
		if (!b)
			fz_fail(t, "a wild EXPORT of handle %u, not this thread's, succeeded", handle);
		else if (fz_dmabuf_busy(t, b))
			fz_fail(t, "a wild EXPORT of a buffer whose dma-buf lives succeeded");
		else
			b->exported = true;
		return;
	}
	if (!b || cmd == FZ_GET_INFO || cmd == FZ_SET_DEVICE || cmd == FZ_BENCH)
		return;
	if (cmd == FZ_FREE) {
		if (!err && fz_dmabuf_busy(t, b))
			fz_fail(t, "a wild FREE of a buffer whose dma-buf is open succeeded");
		if (!err)
			fz_forget_buf(t, b);
		return;
	}
	if (cmd == FZ_MAP && !err) {
		b->mapped = true;
		b->map_dir = a->map.dir;
		b->map_attrs = a->map.flags;
	}
	if (cmd == FZ_UNMAP && !err) {
		b->mapped = false;
		b->map_attrs = 0;
	}
	if (cmd == FZ_PATTERN && !err && a->pattern.op == DMABENCH_PATTERN_FILL &&
	    (a->pattern.seed != b->seed || fz_dev_mapped(t, b)))
		b->valid = false;
	if (cmd == FZ_MOVE && err && err != EBUSY && err != EINVAL && err != ENOENT)
		b->valid = false;
	if (cmd == FZ_DEVICE_DMA && !err && a->dma.op == DMABENCH_DEVICE_DMA_WRITE) {
		b->valid = false;
		/* The device wrote through an import: into its dma-buf's buffer. */
		b = b->src_id ? fz_buf_by_id(t, b->src_id) : NULL;
		if (b)
			b->valid = false;
	}
}

/* Any known command; DEVICE_DMA seldom, as a real transfer takes ~100 ms. */
static enum fz_cmd pick_cmd(struct fz_thread *t)
{
	enum fz_cmd cmd = (enum fz_cmd)fz_below(&t->rng, FZ_UNKNOWN);

	if (cmd == FZ_DEVICE_DMA && !fz_chance(&t->rng, 8))
		cmd = FZ_GET_INFO;
	return cmd;
}

/*
 * A SET_DEVICE that worked (wild fields, or a read-only struct it only
 * reads) may have moved the chaos file off edu: ask the file.
 */
static void chaos_note_device(struct fz_thread *t, enum fz_cmd cmd, int err, bool shared)
{
	struct dmabench_info info;

	if (shared || cmd != FZ_SET_DEVICE || err)
		return;
	memset(&info, 0, sizeof(info));
	err = fz_ioctl(t->chaos_fd, DMABENCH_IOC_GET_INFO, &info);
	if (err)
		fz_fail(t, "GET_INFO on the chaos file: %s", strerror(err));
	t->chaos_edu = !err && info.device == DMABENCH_DEV_EDU;
}

static void wild_known(struct fz_thread *t, int fd, bool shared)
{
	enum fz_cmd cmd = pick_cmd(t);
	bool own, bad_ptr;
	union fz_arg a;
	int err;

	t->what = "wild fields";
	base_arg(t, cmd, &a);
	mutate(t, cmd, &a, shared, &own, &bad_ptr);
	err = fz_ioctl(fd, fz_cmds[cmd], &a);
	fz_expect(t, cmd, err, bad_ptr);
	if (cmd == FZ_DEVICE_DMA && !err)
		atomic_fetch_add(&fz_stats->device_dma, 1);
	chaos_note_device(t, cmd, err, shared);
	if (shared)
		fold_back(t, cmd, &a, err);
	else if (cmd == FZ_EXPORT && !err && a.export.fd >= 0)
		close(a.export.fd);	/* the chaos file's buffer lives on until its close */
}

/*
 * Generic ioctls the VFS answers before the driver: never send those.  Magic
 * 0 holds FIBMAP and FIGETBSZ (_IO(0x00, 1) and _IO(0x00, 2)): FIGETBSZ
 * succeeds on any file.
 */
static bool vfs_magic(unsigned int magic)
{
	return magic == 0 || magic == 'T' || magic == 'X' || magic == 'f' || magic == 0x94 ||
	       magic == '$' || magic == 0x12;
}

static void wild_unknown(struct fz_thread *t, int fd)
{
	unsigned int nr = (unsigned int)fz_below(&t->rng, 256), magic = DMABENCH_IOC_MAGIC;
	unsigned int size = (unsigned int)fz_below(&t->rng, 512);
	unsigned long cmd;
	union fz_arg a;
	int err;

	t->what = "unknown ioctl";
	if (fz_chance(&t->rng, 4))
		magic = (unsigned int)fz_below(&t->rng, 256);
	if (vfs_magic(magic))
		return;
	switch (fz_below(&t->rng, 4)) {
	case 0: cmd = _IOC(_IOC_NONE, magic, nr, 0); break;
	case 1: cmd = _IOC(_IOC_READ, magic, nr, size); break;
	case 2: cmd = _IOC(_IOC_WRITE, magic, nr, size); break;
	default: cmd = _IOC(_IOC_READ | _IOC_WRITE, magic, nr, size); break;
	}
	for (int i = 0; i < FZ_UNKNOWN; i++)
		if (cmd == fz_cmds[i])
			return;
	memset(&a, 0, sizeof(a));
	err = fz_ioctl(fd, cmd, &a);
	if (err != ENOTTY)
		fz_fail(t, "unknown ioctl %#lx returned %s, expected ENOTTY", cmd, strerror(err));
}

/* A known command with a pointer the kernel must refuse (or only half use). */
static void wild_pointer(struct fz_thread *t, int fd, bool shared)
{
	enum fz_cmd cmd = pick_cmd(t);
	size_t size = arg_size[cmd];
	union fz_arg a;
	bool own = false;
	void *p;
	int err;

	t->what = "bad pointer";
	base_arg(t, cmd, &a);
	/* Never an IMPORT that could work: a half-used one would pin a dma-buf. */
	if (cmd == FZ_IMPORT)
		a.import.fd = t->fd;
	if (cmd == FZ_FREE || cmd == FZ_UNMAP || cmd == FZ_MAP || cmd == FZ_SYNC ||
	    cmd == FZ_MOVE || cmd == FZ_PATTERN || cmd == FZ_DEVICE_DMA || cmd == FZ_BUF_INFO ||
	    cmd == FZ_EXPORT) {
		a.h.handle = shared ? safe_handle(t, &own) : (uint32_t)fz_below(&t->rng, 24);
		if (own)
			a.h.handle = 0;	/* a half-used request must not touch the model */
	}
	switch (fz_below(&t->rng, 5)) {
	case 0:
		p = NULL;
		break;
	case 1:
		p = (void *)(uintptr_t)KERNEL_ADDR;
		break;
	case 2:	/* straddles into the PROT_NONE page */
		p = t->guard + PAGE - size / 2;
		memcpy(p, &a, size / 2);
		break;
	case 3:	/* read-only: the request runs, the answer cannot be written */
		mprotect(t->guard + 2 * PAGE, PAGE, PROT_READ | PROT_WRITE);
		memcpy(t->guard + 2 * PAGE, &a, size);
		mprotect(t->guard + 2 * PAGE, PAGE, PROT_READ);
		p = t->guard + 2 * PAGE;
		break;
	default:
		p = (void *)(uintptr_t)(1 + fz_below(&t->rng, 4095));
		break;
	}
	err = fz_ioctl(fd, fz_cmds[cmd], p);
	fz_expect(t, cmd, err, true);
	chaos_note_device(t, cmd, err, shared);
}

/* --- the chaos file -------------------------------------------------------- */

static void chaos_drop_map(struct fz_thread *t, int i)
{
	munmap(t->chaos_maps[i].addr, t->chaos_maps[i].len);
	t->chaos_maps[i] = t->chaos_maps[--t->nchaos_maps];
}

void fz_chaos_teardown(struct fz_thread *t)
{
	while (t->nchaos_maps)
		chaos_drop_map(t, t->nchaos_maps - 1);
	if (t->chaos_fd >= 0)
		close(t->chaos_fd);
	t->chaos_fd = -1;
}

static void chaos_open(struct fz_thread *t)
{
	t->what = "open";
	struct dmabench_set_device sd = { .device = DMABENCH_DEV_EDU };
	int err;

	t->chaos_edu = false;
	t->chaos_fd = open(DMABENCH_DEVICE_PATH, O_RDWR | O_CLOEXEC);
	if (t->chaos_fd < 0) {
		fz_fail(t, "open %s: %s", DMABENCH_DEVICE_PATH, strerror(errno));
		return;
	}
	/* Half of the chaos files drive edu, whose DMA engine DEVICE_DMA runs. */
	if (fz_chance(&t->rng, 2)) {
		t->what = "SET_DEVICE edu on a new file";
		err = fz_ioctl(t->chaos_fd, DMABENCH_IOC_SET_DEVICE, &sd);
		t->chaos_edu = !err;
		if (err && err != ENODEV)
			fz_fail(t, "SET_DEVICE edu on a new file: %s", strerror(err));
	}
}

/*
 * A real transfer by edu's engine into or out of a coherent buffer, with a
 * valid request: it must work.  Seldom: one takes ~100 ms of QEMU's clock.
 */
static void chaos_device_dma(struct fz_thread *t, uint32_t handle)
{
	struct dmabench_device_dma d = {
		.handle = handle, .op = (uint32_t)fz_below(&t->rng, 2),
		.len = 1 + (uint32_t)fz_below(&t->rng, EDU_RT_BASE),
		.flags = fz_chance(&t->rng, 4) ? DMABENCH_DEVICE_DMA_NO_SYNC : 0,
	};
	int err;

	t->what = "chaos DEVICE_DMA";
	d.offset = fz_below(&t->rng, DMABENCH_EDU_BUF_SIZE - d.len + 1);
	/* edu's lower half: the upper is the round trips' (keep_off_round_trips). */
	d.edu_offset = (uint32_t)fz_below(&t->rng, EDU_RT_BASE - d.len + 1);
	err = fz_ioctl(t->chaos_fd, DMABENCH_IOC_DEVICE_DMA, &d);
	if (err)
		fz_fail(t, "DEVICE_DMA op %u of [%llu, +%u) of a coherent buffer: %s", d.op,
			(unsigned long long)d.offset, d.len, strerror(err));
	else
		atomic_fetch_add(&fz_stats->device_dma, 1);
}

static int chaos_sync(int fd, uint64_t flags)
{
	struct fz_dma_buf_sync s = { .flags = flags };

	return fz_ioctl(fd, FZ_DMA_BUF_IOCTL_SYNC, &s);
}

static int chaos_pattern(struct fz_thread *t, uint32_t handle, uint32_t op, uint64_t seed,
			 uint32_t len, uint64_t *bad)
{
	struct dmabench_pattern p = { .handle = handle, .op = op, .seed = seed, .len = len };
	int err = fz_ioctl(t->chaos_fd, DMABENCH_IOC_PATTERN, &p);

	*bad = p.mismatches;
	return err;
}

/*
 * edu through an import of a coherent buffer's dma-buf, as an importing
 * driver does it: the device reads pattern A, the CPU writes B, the device
 * writes A back, and PATTERN CHECK must see A.  DEVICE_DMA of an import
 * does no sync: the CPU's side is bracketed with DMA_BUF_IOCTL_SYNC, which
 * on a bouncing device is what moves the data.  Then FREE of the buffer is
 * EBUSY while the import holds its dma-buf (the fd already closed), and
 * works after the import's FREE.  Every step must work on edu (ERANGE at
 * IMPORT only on an address-limited device).
 */
static void chaos_dmabuf_dma(struct fz_thread *t, uint32_t handle, uint64_t size)
{
	uint32_t len = 8 * (1 + (uint32_t)fz_below(&t->rng,
						   (DMABENCH_EDU_DMA_LIMIT - EDU_RT_BASE) / 8));
	struct dmabench_device_dma d = { .op = DMABENCH_DEVICE_DMA_READ, .len = len,
					 .edu_offset = EDU_RT_BASE };
	struct dmabench_export e = { .handle = handle };
	struct dmabench_import im = { .dir = DMABENCH_DIR_BIDI };
	uint64_t a = fz_rand(&t->rng), bad = 0, kids;
	struct dmabench_handle h;
	bool judged;
	int err, lock;

	if (len > size)
		len = d.len = (uint32_t)size;
	t->what = "chaos import: EXPORT, IMPORT";
	err = chaos_pattern(t, handle, DMABENCH_PATTERN_FILL, a, len, &bad);
	if (!err)
		err = fz_ioctl(t->chaos_fd, DMABENCH_IOC_EXPORT, &e);
	if (err) {
		fz_fail(t, "PATTERN FILL and EXPORT of a fresh coherent buffer: %s", strerror(err));
		return;
	}
	im.fd = e.fd;
	kids = fz_kids_window();
	err = fz_ioctl(t->chaos_fd, DMABENCH_IOC_IMPORT, &im);
	if (err) {
		if (err != ERANGE || !fz_file_limited(t->chaos_fd))
			fz_fail(t, "IMPORT on edu of a coherent buffer's dma-buf: %s",
				strerror(err));
		close(e.fd);
		return;
	}
	t->what = "chaos import: DEVICE_DMA";
	d.handle = im.handle;
	/*
	 * Only a trip that holds edu's upper half uses the device, and only it
	 * is judged: one without the lock would rewrite the holder's data in
	 * edu (its CPU side, the syncs and fills, still runs).  Not waiting
	 * for it: a forked child may hold the lock's open file until its kill.
	 */
	lock = open(EDU_RT_LOCK, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	judged = lock >= 0 && !flock(lock, LOCK_EX | LOCK_NB);
	err = judged ? fz_ioctl(t->chaos_fd, DMABENCH_IOC_DEVICE_DMA, &d) : 0;
	if (!err)
		err = chaos_sync(e.fd, FZ_DMA_BUF_SYNC_START | FZ_DMA_BUF_SYNC_RW);
	if (!err)
		err = chaos_pattern(t, handle, DMABENCH_PATTERN_FILL, ~a, len, &bad);
	if (!err)
		err = chaos_sync(e.fd, FZ_DMA_BUF_SYNC_END | FZ_DMA_BUF_SYNC_RW);
	d.op = DMABENCH_DEVICE_DMA_WRITE;
	if (!err && judged)
		err = fz_ioctl(t->chaos_fd, DMABENCH_IOC_DEVICE_DMA, &d);
	if (!err)
		err = chaos_sync(e.fd, FZ_DMA_BUF_SYNC_START | FZ_DMA_BUF_SYNC_READ);
	if (!err)
		err = chaos_pattern(t, handle, DMABENCH_PATTERN_CHECK, a, len, &bad);
	if (!err)
		err = chaos_sync(e.fd, FZ_DMA_BUF_SYNC_END | FZ_DMA_BUF_SYNC_READ);
	close(e.fd);
	if (lock >= 0)
		close(lock);
	if (err)
		fz_fail(t, "edu round trip of %u bytes through an import: %s", len, strerror(err));
	else if (judged)
		atomic_fetch_add(&fz_stats->device_dma, 2);
	if (judged)
		atomic_fetch_add_explicit(&fz_stats->checks, 1, memory_order_relaxed);
	if (bad && judged)
		fz_fail(t, "data corruption: edu's round trip through an import: %llu of %u words "
			"differ", (unsigned long long)bad, len / 8);
	t->what = "chaos import: FREE";
	h = (struct dmabench_handle){ .handle = handle };
	err = fz_ioctl(t->chaos_fd, DMABENCH_IOC_FREE, &h);
	if (err != EBUSY)
		fz_fail(t, "FREE of a buffer an import holds: %s, expected EBUSY",
			err ? strerror(err) : "success");
	if (!err)
		return;
	h.handle = im.handle;
	err = fz_ioctl(t->chaos_fd, DMABENCH_IOC_FREE, &h);
	if (err)
		fz_fail(t, "FREE of an import: %s", strerror(err));
	h.handle = handle;
	err = fz_ioctl(t->chaos_fd, DMABENCH_IOC_FREE, &h);
	if (err && !(err == EBUSY && fz_kids_maybe(kids)))
		fz_fail(t, "FREE of a buffer once its import is freed: %s", strerror(err));
}

/* ALLOC, FREE, FREE again: the second must say ENOENT. */
static void chaos_alloc(struct fz_thread *t)
{
	struct dmabench_alloc a = {
		.kind = (uint32_t)fz_below(&t->rng, DMABENCH_KIND_COUNT),
		.size = (1 + fz_below(&t->rng, 16)) * PAGE, .node = -1,
	};
	struct dmabench_handle h;
	int err;

	t->what = "chaos ALLOC";
	/* Coherent with attributes: DEVICE_DMA works with any (NO_KERNEL_MAPPING too). */
	if (a.kind == DMABENCH_KIND_COHERENT && fz_chance(&t->rng, 2))
		a.flags = DMABENCH_ATTRS_ALLOC & (uint32_t)fz_rand(&t->rng);
	err = fz_ioctl(t->chaos_fd, DMABENCH_IOC_ALLOC, &a);
	fz_expect(t, FZ_ALLOC, err, false);
	if (!err && t->chaos_edu && a.kind == DMABENCH_KIND_COHERENT && fz_chance(&t->rng, 4)) {
		if (fz_has_dmabuf() && !(a.flags & DMABENCH_ATTR_NO_KERNEL_MAPPING) &&
		    fz_chance(&t->rng, 2)) {
			chaos_dmabuf_dma(t, a.handle, a.size);
			return;
		}
		chaos_device_dma(t, a.handle);
	}
	if (err || !fz_chance(&t->rng, 4))
		return;
	t->what = "chaos double FREE";
	h = (struct dmabench_handle){ .handle = a.handle };
	err = fz_ioctl(t->chaos_fd, DMABENCH_IOC_FREE, &h);
	if (err)
		fz_fail(t, "FREE of a fresh handle: %s", strerror(err));
	err = fz_ioctl(t->chaos_fd, DMABENCH_IOC_FREE, &h);
	if (err != ENOENT)
		fz_fail(t, "second FREE of a handle: %s, expected ENOENT", strerror(err));
}

/* mmap at random offsets: no buffer, someone's buffer, or part of one. */
static void chaos_mmap(struct fz_thread *t, int fd, bool shared)
{
	uint64_t len = (1 + fz_below(&t->rng, 4)) * PAGE, off;
	struct fz_map *m;
	void *p;

	t->what = "mmap at a random offset";
	off = fz_below(&t->rng, 4096) * PAGE;
	if (fz_chance(&t->rng, 8))
		off = fz_u64_edge(&t->rng, PAGE) & ~(PAGE - 1);
	p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, (off_t)off);
	if (p == MAP_FAILED) {
		if (!fz_mmap_errno_ok(errno))
			fz_fail(t, "mmap at offset %#llx: %s", (unsigned long long)off,
				strerror(errno));
		return;
	}
	if (shared) {
		/* Perhaps another thread's buffer: read it, keep nothing. */
		t->what = "read a mapping at a random offset";
		for (uint64_t o = 0; o < len; o += PAGE)
			(void)*(volatile uint64_t *)((uint8_t *)p + o);
		munmap(p, len);
		return;
	}
	if (t->nchaos_maps == FZ_MAX_MAPS)
		chaos_drop_map(t, (int)fz_below(&t->rng, t->nchaos_maps));
	m = &t->chaos_maps[t->nchaos_maps++];
	*m = (struct fz_map){ .addr = p, .len = len, .writable = true };
}

/* A buffer's offset belongs to its file only. */
static void cross_file_mmap(struct fz_thread *t)
{
	const struct fz_buf *b;
	void *p;

	t->what = "mmap of another file's buffer";
	if (!t->nbufs || t->chaos_fd < 0)
		return;
	b = &t->bufs[fz_below(&t->rng, t->nbufs)];
	if (b->kind == DMABENCH_KIND_IMPORT)
		return;	/* no mmap offset: its dma-buf has the mmap */
	p = mmap(NULL, PAGE, PROT_READ, MAP_SHARED, t->chaos_fd, (off_t)b->mmap_offset);
	if (p != MAP_FAILED) {
		fz_fail(t, "the chaos file mapped the shared file's buffer at %#llx",
			(unsigned long long)b->mmap_offset);
		munmap(p, PAGE);
	} else if (errno != EINVAL) {
		fz_fail(t, "mmap of another file's buffer: %s, expected EINVAL", strerror(errno));
	}
}

static void chaos_op(struct fz_thread *t)
{
	unsigned int r = (unsigned int)fz_below(&t->rng, 20);

	if (t->chaos_fd < 0) {
		chaos_open(t);
		return;
	}
	if (r < 5) {
		chaos_alloc(t);
	} else if (r < 10) {
		wild_known(t, t->chaos_fd, false);
	} else if (r < 12) {
		wild_pointer(t, t->chaos_fd, false);
	} else if (r < 15) {
		chaos_mmap(t, t->chaos_fd, false);
	} else if (r < 17) {
		t->what = "touch chaos mapping";
		if (t->nchaos_maps)
			fz_touch(t, &t->chaos_maps[fz_below(&t->rng, t->nchaos_maps)],
				 fz_chance(&t->rng, 2));
	} else if (r < 18) {
		t->what = "close chaos file";
		close(t->chaos_fd);	/* live mappings keep the file */
		t->chaos_fd = -1;
	} else if (r < 19) {
		t->what = "munmap chaos";
		if (t->nchaos_maps)
			chaos_drop_map(t, (int)fz_below(&t->rng, t->nchaos_maps));
	} else {
		cross_file_mmap(t);
	}
}

void fz_wild_op(struct fz_thread *t)
{
	unsigned int r = (unsigned int)fz_below(&t->rng, 20);

	if (r < 6)
		wild_known(t, t->fd, true);
	else if (r < 8)
		wild_unknown(t, fz_chance(&t->rng, 2) || t->chaos_fd < 0 ? t->fd : t->chaos_fd);
	else if (r < 10)
		wild_pointer(t, t->fd, true);
	else if (r < 11)
		chaos_mmap(t, t->fd, true);
	else
		chaos_op(t);
}
