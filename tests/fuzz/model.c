// SPDX-License-Identifier: GPL-2.0
/*
 * Ops on the thread's own buffers of the shared file, checked against the
 * thread's model of them.  A buffer is `valid` while every 64-bit word at
 * byte offset o holds seed ^ o (the PATTERN layout).  A write by the CPU
 * while the buffer is DMA-mapped drops that: with bounce buffers (swiotlb)
 * the unmap copies the device's view back over it, as the DMA API allows.
 * Everything else (MAP, SYNC, UNMAP, MOVE, mmap, fork) must keep the data.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "fuzz.h"

#define PAGE ((uint64_t)fz_info.page_size)

static bool kind_maps(uint32_t kind)
{
	return kind == DMABENCH_KIND_STREAMING || kind == DMABENCH_KIND_WC ||
	       kind == DMABENCH_KIND_UC || kind == DMABENCH_KIND_USERPTR;
}

/* The kinds whose allocation has a direction, which their syncs must give. */
static bool alloc_takes_dir(uint32_t kind)
{
	return kind == DMABENCH_KIND_NONCOHERENT || kind == DMABENCH_KIND_NONCONTIG;
}

/* What ALLOC makes: user memory comes through USERPTR only, imports through IMPORT. */
static bool kind_supported(uint32_t kind)
{
	return kind < DMABENCH_KIND_COUNT && kind != DMABENCH_KIND_USERPTR &&
	       kind != DMABENCH_KIND_IMPORT && (fz_info.kinds & (1U << kind));
}

static bool is_import(const struct fz_buf *b)
{
	return b->kind == DMABENCH_KIND_IMPORT;
}

static bool dmabuf_op(uint32_t op)
{
	return op == DMABENCH_OP_DMABUF_ATTACH || op == DMABENCH_OP_DMABUF_MAP;
}

/*
 * The DMA attributes of the uapi header: ALLOC of coherent takes the four
 * allocation ones, noncontig ALLOC_SINGLE_PAGES alone, the rest none.
 */
uint32_t fz_alloc_attrs(uint32_t kind)
{
	if (kind == DMABENCH_KIND_COHERENT)
		return DMABENCH_ATTRS_ALLOC;
	if (kind == DMABENCH_KIND_NONCONTIG)
		return DMABENCH_ATTR_ALLOC_SINGLE_PAGES;
	return 0;
}

/*
 * BENCH: coherent's ALLOC_FREE (all four), KREAD, KWRITE and KCOPY (not
 * NO_KERNEL_MAPPING); ALLOC_SINGLE_PAGES with every op of noncontig;
 * SKIP_CPU_SYNC with MAP_SINGLE, MAP_PAGE and MAP_SG.  Whether the op
 * takes the kind at all is bench_takes()'s (or the module's) question.
 */
uint32_t fz_bench_attrs(uint32_t op, uint32_t kind)
{
	if (kind == DMABENCH_KIND_NONCONTIG)
		return DMABENCH_ATTR_ALLOC_SINGLE_PAGES;
	switch (op) {
	case DMABENCH_OP_ALLOC_FREE:
		return fz_alloc_attrs(kind);
	case DMABENCH_OP_KREAD:
	case DMABENCH_OP_KWRITE:
	case DMABENCH_OP_KCOPY:
		return kind == DMABENCH_KIND_COHERENT ?
		       DMABENCH_ATTRS_ALLOC & ~DMABENCH_ATTR_NO_KERNEL_MAPPING : 0;
	case DMABENCH_OP_MAP_SINGLE:
	case DMABENCH_OP_MAP_PAGE:
	case DMABENCH_OP_MAP_SG:
		return DMABENCH_ATTRS_MAP;
	default:
		return 0;
	}
}

/* Mostly one attribute or none, sometimes several, now and then a bit no attribute has. */
uint32_t fz_pick_attrs(struct fz_rng *r)
{
	switch (fz_below(r, 6)) {
	case 0:
		return 0;
	case 1: case 2:
		return 1U << fz_below(r, 5);
	case 3: case 4:
		return (uint32_t)fz_below(r, 1U << 5);
	default:
		return (uint32_t)fz_rand(r);
	}
}

/* The thread's scratch user memory, mapped on first use. */
uint8_t *fz_user_mem(struct fz_thread *t)
{
	void *p;

	if (t->umem)
		return t->umem;
	p = mmap(NULL, FZ_UMEM_PAGES * PAGE, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return NULL;
	memset(p, 0x33, FZ_UMEM_PAGES * PAGE);
	t->umem = p;
	return t->umem;
}

/* The user's own mapping of a userptr buffer goes with it (if still there). */
void fz_buf_forget_umem(struct fz_buf *b)
{
	if (b->umem)
		munmap(b->umem, b->size);
	b->umem = NULL;
}

struct fz_buf *fz_buf_by_id(struct fz_thread *t, uint64_t id)
{
	for (int i = 0; i < t->nbufs; i++)
		if (t->bufs[i].id == id)
			return &t->bufs[i];
	return NULL;
}

static struct fz_buf *pick_buf(struct fz_thread *t)
{
	return t->nbufs ? &t->bufs[fz_below(&t->rng, t->nbufs)] : NULL;
}

/* Mostly small, sometimes a few MiB: bounded memory, many ops. */
static uint64_t pick_size(struct fz_thread *t)
{
	static const uint64_t pages[] = { 1, 1, 2, 3, 4, 16, 64, 256 };

	if (fz_chance(&t->rng, 64))
		return 1024 * PAGE;
	return pages[fz_below(&t->rng, sizeof(pages) / sizeof(pages[0]))] * PAGE;
}

static uint32_t pick_dir(struct fz_thread *t)
{
	return (uint32_t)fz_below(&t->rng, 3);
}

/* A multiple of 8 in [0, size): an offset into a buffer. */
static uint64_t pick_word_off(struct fz_thread *t, uint64_t size)
{
	return fz_below(&t->rng, size / 8) * 8;
}

static void word_range(struct fz_thread *t, uint64_t size, __u64 *off, __u64 *len)
{
	if (fz_chance(&t->rng, 2)) {
		*off = 0;
		*len = size;
		return;
	}
	*off = pick_word_off(t, size);
	*len = 8 + fz_below(&t->rng, (size - *off) / 8) * 8;
}

/* Its vaddr is a cookie: no PATTERN, no mmap (unzeroed pages). */
static bool no_kmap(const struct fz_buf *b)
{
	return b->attrs & DMABENCH_ATTR_NO_KERNEL_MAPPING;
}

/* EXPORT takes every kind the module allocates but a NO_KERNEL_MAPPING coherent buffer. */
static bool exportable(const struct fz_buf *b)
{
	return b->kind != DMABENCH_KIND_USERPTR && !is_import(b) && !no_kmap(b);
}

/*
 * Whether @b's dma-buf lives by this thread's own doing: its fd open, a
 * mapping of that fd, or an import of it (which holds a reference until
 * its FREE).  Forked children may hold it longer (fz_kids_maybe()).
 */
bool fz_dmabuf_busy(struct fz_thread *t, const struct fz_buf *b)
{
	if (b->dmabuf_fd >= 0)
		return true;
	for (int i = 0; i < t->nmaps; i++)
		if (t->maps[i].dmabuf && t->maps[i].buf_id == b->id)
			return true;
	for (int i = 0; i < t->nbufs; i++)
		if (t->bufs[i].src_id == b->id)
			return true;
	return false;
}

/*
 * DMA-mapped for a device, as far as CPU writes go: by MAP, or by the
 * exporter's map_dma_buf for an import of it (with bounce buffers the
 * importer's unmap and DMA_BUF_IOCTL_SYNC copy the device's view back).
 */
bool fz_dev_mapped(struct fz_thread *t, const struct fz_buf *b)
{
	if (b->mapped)
		return true;
	for (int i = 0; i < t->nbufs; i++)
		if (t->bufs[i].src_id == b->id)
			return true;
	return false;
}

/* An address-limited device (GET_INFO's dma_mask): IMPORT may be ERANGE. */
bool fz_file_limited(int fd)
{
	struct dmabench_info info;

	memset(&info, 0, sizeof(info));
	if (fz_ioctl(fd, DMABENCH_IOC_GET_INFO, &info))
		return true;
	return info.dma_mask != UINT64_MAX;
}

/* Drops @b from the model; its dma-buf fd goes with it. */
void fz_forget_buf(struct fz_thread *t, struct fz_buf *b)
{
	if (b->dmabuf_fd >= 0)
		close(b->dmabuf_fd);
	fz_buf_forget_umem(b);
	*b = t->bufs[--t->nbufs];
}

/* A random own buffer whose dma-buf fd is open, or NULL. */
static struct fz_buf *pick_exported(struct fz_thread *t)
{
	int idx[FZ_MAX_BUFS], n = 0;

	for (int i = 0; i < t->nbufs; i++)
		if (t->bufs[i].dmabuf_fd >= 0)
			idx[n++] = i;
	return n ? &t->bufs[idx[fz_below(&t->rng, n)]] : NULL;
}

static void op_alloc(struct fz_thread *t)
{
	struct dmabench_alloc a = { .node = -1 };
	struct fz_buf *b;
	int err;

	t->what = "ALLOC";
	if (t->nbufs == FZ_MAX_BUFS)
		return;
	a.kind = (uint32_t)fz_below(&t->rng, DMABENCH_KIND_COUNT);
	a.size = pick_size(t);
	if (alloc_takes_dir(a.kind))
		a.dir = pick_dir(t);
	if (fz_chance(&t->rng, 4))
		a.node = 0;
	if (fz_chance(&t->rng, a.kind == DMABENCH_KIND_COHERENT ? 2 : 8))
		a.flags = fz_pick_attrs(&t->rng);
	err = fz_ioctl(t->fd, DMABENCH_IOC_ALLOC, &a);
	fz_expect(t, FZ_ALLOC, err, false);
	if (a.kind == DMABENCH_KIND_IMPORT && err != EINVAL)
		fz_fail(t, "ALLOC of the import kind: %s, expected EINVAL", strerror(err));
	if (!(a.flags & ~fz_alloc_attrs(a.kind))) {
		if (err == EINVAL && kind_supported(a.kind))
			fz_fail(t, "ALLOC of a supported kind %u, %" PRIu64 " bytes, attrs %#x: EINVAL",
				a.kind, (uint64_t)a.size, a.flags);
	} else if (err != EINVAL) {
		fz_fail(t, "ALLOC of kind %u with attrs %#x it does not take: %s, expected EINVAL",
			a.kind, a.flags, strerror(err));
	}
	if (err)
		return;
	if (!a.handle || a.mmap_offset % PAGE)
		fz_fail(t, "ALLOC returned handle %u, mmap_offset %#" PRIx64, a.handle,
			(uint64_t)a.mmap_offset);
	for (int i = 0; i < t->nbufs; i++)
		if (t->bufs[i].handle == a.handle)
			fz_fail(t, "ALLOC returned handle %u, which this thread holds", a.handle);
	b = &t->bufs[t->nbufs++];
	*b = (struct fz_buf){
		.id = ++t->next_id, .handle = a.handle, .kind = a.kind, .alloc_dir = a.dir,
		.size = a.size, .mmap_offset = a.mmap_offset, .attrs = a.flags, .dmabuf_fd = -1,
	};
}

/*
 * FREE of an own buffer: EBUSY while its dma-buf lives (then it stays in
 * the model), else it must work.  A forked child may still hold a dma-buf
 * the model has closed: EBUSY then is no failure, and at teardown the
 * buffer is left to the file's close.  Returns whether it was forgotten.
 */
static bool free_buf(struct fz_thread *t, struct fz_buf *b, bool teardown)
{
	bool busy = fz_dmabuf_busy(t, b);
	struct dmabench_handle h = { .handle = b->handle };
	uint64_t kids = fz_kids_window();
	int err;

	t->what = "FREE";
	err = fz_ioctl(t->fd, DMABENCH_IOC_FREE, &h);
	if (busy && err == EBUSY) {
		if (!teardown)
			return false;
	} else if (busy) {
		fz_fail(t, "FREE of a buffer whose dma-buf is open (kind %u): %s, expected EBUSY",
			b->kind, err ? strerror(err) : "success");
	} else if (err == EBUSY && b->exported && fz_kids_maybe(kids)) {
		if (!teardown)
			return false;
	} else if (err) {
		fz_fail(t, "FREE of own handle %u (kind %u): %s", b->handle, b->kind,
			strerror(err));
	}
	/* Mappings of it stay usable: the VMA holds the buffer. */
	fz_forget_buf(t, b);
	return true;
}

static void op_free(struct fz_thread *t)
{
	struct fz_buf *b = pick_buf(t);

	if (b)
		free_buf(t, b, false);
}

/*
 * USERPTR of fresh memory of the thread's own, filled with a pattern the
 * model then follows through PATTERN.  Sometimes the thread munmaps its
 * mapping at once: the pages stay pinned and must keep their data.
 */
static void op_userptr(struct fz_thread *t)
{
	uint64_t npages = 1 + fz_below(&t->rng, FZ_UMEM_PAGES), seed = fz_rand(&t->rng);
	struct dmabench_userptr u = { .size = npages * PAGE, .dir = pick_dir(t) };
	struct fz_buf *b;
	uint8_t *mem;
	int err;

	t->what = "USERPTR";
	if (t->nbufs == FZ_MAX_BUFS)
		return;
	mem = mmap(NULL, u.size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (mem == MAP_FAILED)
		return;
	for (uint64_t off = 0; off < u.size; off += 8)
		memcpy(mem + off, &(uint64_t){ seed ^ off }, 8);
	u.addr = (uintptr_t)mem;
	if (fz_chance(&t->rng, 2))
		u.flags = DMABENCH_USERPTR_MAP;
	err = fz_ioctl(t->fd, DMABENCH_IOC_USERPTR, &u);
	fz_expect(t, FZ_USERPTR, err, false);
	/* Fresh pages: no other mapping of the module can hold one (EBUSY). */
	if (err == EINVAL || err == EFAULT || err == EOVERFLOW || err == EBUSY)
		fz_fail(t, "USERPTR of %" PRIu64 " own pages, dir %u: %s", npages, u.dir,
			strerror(err));
	if (err) {
		munmap(mem, u.size);
		return;
	}
	if (!u.handle || (u.flags && !u.nents))
		fz_fail(t, "USERPTR returned handle %u, %u segments", u.handle, u.nents);
	b = &t->bufs[t->nbufs++];
	*b = (struct fz_buf){
		.id = ++t->next_id, .handle = u.handle, .kind = DMABENCH_KIND_USERPTR,
		.alloc_dir = u.dir, .map_dir = u.dir, .size = u.size, .seed = seed,
		.mapped = u.flags != 0, .valid = true, .umem = mem, .dmabuf_fd = -1,
	};
	if (fz_chance(&t->rng, 4))
		fz_buf_forget_umem(b);
}

/* Whether a new mapping in @dir with @attrs overlaps @b's (debug.c's rule). */
static bool user_overlap(const struct fz_buf *b, uint32_t dir, uint32_t attrs)
{
	return dir != DMABENCH_DIR_TO_DEVICE && !(attrs & DMABENCH_ATTR_SKIP_CPU_SYNC) &&
	       b->mapped && b->map_dir != DMABENCH_DIR_TO_DEVICE;
}

/*
 * A second USERPTR of a model userptr buffer's own memory, freed again in
 * the same op (the pages stay the first buffer's, its data unchanged): its
 * DMA mapping, by USERPTR's MAP flag or by MAP, is refused (EBUSY) when both
 * are in a direction other than TO_DEVICE and the new one has no
 * SKIP_CPU_SYNC, and never EBUSY otherwise; after its FREE the first buffer's MAP must never see a
 * leftover EBUSY (op_map).
 */
static void op_userptr_twin(struct fz_thread *t, struct fz_buf *b)
{
	struct dmabench_userptr u = { .addr = (uintptr_t)b->umem, .size = b->size,
				      .dir = pick_dir(t) };
	struct dmabench_handle h = { 0 };
	struct dmabench_map m;
	bool busy;
	int err;

	t->what = "USERPTR of a userptr buffer's memory";
	if (fz_chance(&t->rng, 2))
		u.flags = DMABENCH_USERPTR_MAP;
	busy = u.flags && user_overlap(b, u.dir, 0);
	err = fz_ioctl(t->fd, DMABENCH_IOC_USERPTR, &u);
	fz_expect(t, FZ_USERPTR, err, false);
	/* Refused for memory or a signal first is no answer to the question. */
	if (busy ? !err : err == EBUSY)
		fz_fail(t, "USERPTR%s dir %u of memory a userptr buffer holds (%s dir %u): %s, "
			"expected %s", u.flags ? " and MAP" : "", u.dir,
			b->mapped ? "mapped" : "not mapped", b->map_dir, strerror(err),
			busy ? "EBUSY" : "no EBUSY");
	if (err)
		return;
	h.handle = u.handle;
	if (!u.flags) {
		m = (struct dmabench_map){ .handle = u.handle, .dir = pick_dir(t) };
		if (fz_chance(&t->rng, 2))
			m.flags = DMABENCH_ATTR_SKIP_CPU_SYNC;
		err = fz_ioctl(t->fd, DMABENCH_IOC_MAP, &m);
		fz_expect(t, FZ_MAP, err, false);
		/* A read-only pin's other directions are EINVAL first. */
		busy = !(u.dir == DMABENCH_DIR_TO_DEVICE && m.dir != DMABENCH_DIR_TO_DEVICE) &&
		       user_overlap(b, m.dir, m.flags);
		if (busy ? !err : err == EBUSY)
			fz_fail(t, "MAP dir %u flags %#x of a pin (dir %u) of memory a userptr "
				"buffer holds (%s dir %u flags %#x): %s, expected %s", m.dir,
				m.flags, u.dir, b->mapped ? "mapped" : "not mapped", b->map_dir,
				b->map_attrs, strerror(err), busy ? "EBUSY" : "no EBUSY");
	}
	err = fz_ioctl(t->fd, DMABENCH_IOC_FREE, &h);
	if (err)
		fz_fail(t, "FREE of the second USERPTR of a buffer's memory: %s", strerror(err));
}

static void op_map(struct fz_thread *t)
{
	struct fz_buf *b = pick_buf(t);
	struct dmabench_map m;
	uint64_t kids;
	int err;

	t->what = "MAP";
	if (!b)
		return;
	m = (struct dmabench_map){ .handle = b->handle, .dir = pick_dir(t) };
	if (fz_chance(&t->rng, 3))
		m.flags = fz_chance(&t->rng, 2) ? DMABENCH_ATTR_SKIP_CPU_SYNC : fz_pick_attrs(&t->rng);
	kids = fz_kids_window();
	err = fz_ioctl(t->fd, DMABENCH_IOC_MAP, &m);
	fz_expect(t, FZ_MAP, err, false);
	/* The first rule that applies decides the errno, as in the module. */
	if (m.flags & ~DMABENCH_ATTRS_MAP) {
		if (err != EINVAL)
			fz_fail(t, "MAP with flags %#x: %s, expected EINVAL", m.flags,
				strerror(err));
	} else if (!kind_maps(b->kind) && err != EINVAL)
		fz_fail(t, "MAP of kind %u: %s, expected EINVAL", b->kind, strerror(err));
	else if (b->mapped && err != EBUSY)
		fz_fail(t, "MAP of a mapped buffer: %s, expected EBUSY", strerror(err));
	/*
	 * Exported: EBUSY (map before exporting).  The model's view of a
	 * buffer's dma-buf lags wild calls and forked children, so an EBUSY
	 * it did not predict is no failure, as for MAP of a mapped buffer.
	 */
	else if (fz_dmabuf_busy(t, b) && err && err != EBUSY && err != EINVAL)
		fz_fail(t, "MAP of an exported buffer: %s, expected EBUSY", strerror(err));
	else if (!err && fz_dmabuf_busy(t, b) && !fz_kids_maybe(kids))
		fz_fail(t, "MAP of an exported buffer succeeded, expected EBUSY");
	else if (!b->mapped && b->kind == DMABENCH_KIND_USERPTR &&
		 b->alloc_dir == DMABENCH_DIR_TO_DEVICE && m.dir != DMABENCH_DIR_TO_DEVICE &&
		 err != EINVAL)
		fz_fail(t, "MAP dir %u of a read-only (to_device) pin: %s, expected EINVAL",
			m.dir, strerror(err));
	/* Its fresh pages are its own: an overlap would be a count left behind. */
	else if (!b->mapped && b->kind == DMABENCH_KIND_USERPTR && err == EBUSY)
		fz_fail(t, "MAP dir %u flags %#x of an unmapped userptr buffer: EBUSY", m.dir,
			m.flags);
	if (!err) {
		b->mapped = true;
		b->map_dir = m.dir;
		b->map_attrs = m.flags;
		if (!m.nents)
			fz_fail(t, "MAP succeeded with 0 segments");
	}
}

static void op_unmap(struct fz_thread *t)
{
	struct fz_buf *b = pick_buf(t);
	struct dmabench_handle h;
	int err, want;

	t->what = "UNMAP";
	if (!b)
		return;
	h = (struct dmabench_handle){ .handle = b->handle };
	err = fz_ioctl(t->fd, DMABENCH_IOC_UNMAP, &h);
	want = b->mapped ? 0 : EINVAL;
	if (err != want)
		fz_fail(t, "UNMAP (mapped %d): %s, expected %s", b->mapped, strerror(err),
			strerror(want));
	b->mapped = false;
	b->map_attrs = 0;
}

/* The direction a SYNC of @b must give, or -1 when it cannot be synced. */
static int sync_dir(const struct fz_buf *b)
{
	if (alloc_takes_dir(b->kind))
		return (int)b->alloc_dir;
	if (kind_maps(b->kind) && b->mapped)
		return (int)b->map_dir;
	return -1;
}

static void op_sync(struct fz_thread *t)
{
	struct fz_buf *b = pick_buf(t);
	struct dmabench_sync s;
	int err, dir;

	t->what = "SYNC";
	if (!b)
		return;
	dir = sync_dir(b);
	s = (struct dmabench_sync){
		.handle = b->handle, .to = (uint32_t)fz_below(&t->rng, 2),
		.dir = dir >= 0 && !fz_chance(&t->rng, 8) ? (uint32_t)dir : pick_dir(t),
	};
	if (fz_chance(&t->rng, 2)) {
		s.len = b->size;
	} else {
		s.offset = fz_below(&t->rng, b->size);
		s.len = 1 + fz_below(&t->rng, b->size - s.offset);
	}
	err = fz_ioctl(t->fd, DMABENCH_IOC_SYNC, &s);
	fz_expect(t, FZ_SYNC, err, false);
	if (is_import(b) && err != EINVAL)
		fz_fail(t, "SYNC of an import: %s, expected EINVAL", strerror(err));
	if ((dir >= 0 && s.dir == (uint32_t)dir) != !err)
		fz_fail(t, "SYNC kind %u mapped %d dir %u (buffer's %d): %s", b->kind,
			b->mapped, s.dir, dir, strerror(err));
}

static void op_move(struct fz_thread *t)
{
	struct fz_buf *b = pick_buf(t);
	struct dmabench_move mv;
	int err;

	t->what = "MOVE";
	if (!b)
		return;
	mv = (struct dmabench_move){ .handle = b->handle,
				     .caching = (uint32_t)fz_below(&t->rng, 3) };
	err = fz_ioctl(t->fd, DMABENCH_IOC_MOVE, &mv);
	fz_expect(t, FZ_MOVE, err, false);
	if (b->kind != DMABENCH_KIND_WC && b->kind != DMABENCH_KIND_UC) {
		if (err != EINVAL)
			fz_fail(t, "MOVE of kind %u: %s, expected EINVAL", b->kind, strerror(err));
	} else if (b->mapped && err != EBUSY) {
		fz_fail(t, "MOVE of a DMA-mapped buffer: %s, expected EBUSY", strerror(err));
	} else if (err && err != EBUSY) {
		b->valid = false;	/* a failed switch may have lost the pages */
	}
}

static void op_fill(struct fz_thread *t)
{
	struct fz_buf *b = pick_buf(t);
	struct dmabench_pattern p;
	uint64_t seed;
	int err;

	t->what = "PATTERN FILL";
	if (!b)
		return;
	/* A partial fill keeps the buffer valid only with the seed it has. */
	seed = b->valid && fz_chance(&t->rng, 2) ? b->seed : fz_rand(&t->rng);
	p = (struct dmabench_pattern){ .handle = b->handle, .op = DMABENCH_PATTERN_FILL,
				       .seed = seed };
	word_range(t, b->size, &p.offset, &p.len);
	err = fz_ioctl(t->fd, DMABENCH_IOC_PATTERN, &p);
	fz_expect(t, FZ_PATTERN, err, false);
	if ((no_kmap(b) || is_import(b)) != (err == EINVAL))
		fz_fail(t, "PATTERN FILL of kind %u attrs %#x: %s", b->kind, b->attrs,
			strerror(err));
	if (err) {
		b->valid = false;
		return;
	}
	if (fz_dev_mapped(t, b))
		b->valid = false;
	else if (p.offset == 0 && p.len == b->size)
		b->valid = true, b->seed = seed;
	else if (seed != b->seed)
		b->valid = false;
}

static void check_buf(struct fz_thread *t, struct fz_buf *b)
{
	struct dmabench_pattern p;
	int err;

	t->what = "PATTERN CHECK";
	p = (struct dmabench_pattern){ .handle = b->handle, .op = DMABENCH_PATTERN_CHECK,
				       .seed = b->seed };
	word_range(t, b->size, &p.offset, &p.len);
	err = fz_ioctl(t->fd, DMABENCH_IOC_PATTERN, &p);
	fz_expect(t, FZ_PATTERN, err, false);
	if ((no_kmap(b) || is_import(b)) && err != EINVAL)
		fz_fail(t, "PATTERN CHECK of kind %u attrs %#x: %s, expected EINVAL", b->kind,
			b->attrs, strerror(err));
	if (!b->valid)
		return;
	atomic_fetch_add_explicit(&fz_stats->checks, 1, memory_order_relaxed);
	if (err)
		fz_fail(t, "PATTERN CHECK of a filled buffer: %s", strerror(err));
	else if (p.mismatches)
		fz_fail(t, "data corruption: kind %u size %" PRIu64 " mapped %d: %" PRIu64
			" words differ in [%" PRIu64 ", +%" PRIu64 "), first at %" PRIu64,
			b->kind, b->size, b->mapped, (uint64_t)p.mismatches, (uint64_t)p.offset,
			(uint64_t)p.len, (uint64_t)p.first_bad);
}

static void op_check(struct fz_thread *t)
{
	struct fz_buf *b = pick_buf(t);

	if (b)
		check_buf(t, b);
}

/*
 * BUF_INFO of an own buffer: it names the buffer as the model knows it
 * (kind, size, the ALLOC's and the live MAP's attributes) and every out
 * field is in range: segments by kind and mapping, no user mapping of a
 * NO_KERNEL_MAPPING buffer.  Now and then a pad or reserved word is set,
 * which must be EINVAL whatever the handle.
 */
static void op_buf_info(struct fz_thread *t)
{
	struct fz_buf *b = pick_buf(t);
	struct dmabench_buf_info bi;
	uint64_t npages;
	uint32_t segs_max;
	bool bad = false;
	int err;

	t->what = "BUF_INFO";
	if (!b)
		return;
	bi = (struct dmabench_buf_info){ .handle = b->handle };
	if (fz_chance(&t->rng, 8)) {
		bad = true;
		if (fz_chance(&t->rng, 2))
			bi.pad = (uint32_t)fz_rand(&t->rng) | 1;
		else
			bi.reserved[fz_below(&t->rng, 4)] = fz_rand(&t->rng) | 1;
	}
	err = fz_ioctl(t->fd, DMABENCH_IOC_BUF_INFO, &bi);
	fz_expect(t, FZ_BUF_INFO, err, false);
	if (err != (bad ? EINVAL : 0)) {
		fz_fail(t, "BUF_INFO of own handle %u (bad pad %d): %s", b->handle, bad,
			strerror(err));
		return;
	}
	if (bad)
		return;
	npages = b->size / PAGE;
	/* A mapping has at most one DMA segment per CPU entry, so per page. */
	segs_max = is_import(b) ? (uint32_t)npages : !kind_maps(b->kind) ? 1 :
		   b->mapped ? (uint32_t)npages : 0;
	if (bi.handle != b->handle || bi.kind != b->kind || bi.size != b->size ||
	    bi.attrs != (b->attrs | (b->mapped ? b->map_attrs : 0)))
		fz_fail(t, "BUF_INFO: handle %u kind %u size %llu attrs %#x, the model has %u %u "
			"%llu %#x (+%#x mapped %d)", bi.handle, bi.kind,
			(unsigned long long)bi.size, bi.attrs, b->handle, b->kind,
			(unsigned long long)b->size, b->attrs, b->map_attrs, b->mapped);
	if (bi.kmap > DMABENCH_KMAP_NONE || bi.phys_chunks > npages ||
	    (!bi.phys_chunks && b->kind != DMABENCH_KIND_COHERENT && !is_import(b)) ||
	    bi.dma_segments > segs_max || (segs_max && !bi.dma_segments) ||
	    bi.user_prot > DMABENCH_PROT_OTHER || bi.pad ||
	    (no_kmap(b) && bi.user_prot != DMABENCH_PROT_NOT_MAPPED) ||
	    ((b->kind == DMABENCH_KIND_USERPTR || is_import(b)) &&
	     bi.user_prot != DMABENCH_PROT_NOT_MAPPED))
		fz_fail(t, "BUF_INFO of kind %u (%llu pages, attrs %#x, mapped %d): kmap %u "
			"phys_chunks %u dma_segments %u user_prot %u pad %u", b->kind,
			(unsigned long long)npages, b->attrs, b->mapped, bi.kmap, bi.phys_chunks,
			bi.dma_segments, bi.user_prot, bi.pad);
	for (int i = 0; i < 4; i++)
		if (bi.reserved[i])
			fz_fail(t, "BUF_INFO: reserved[%d] is %llu", i,
				(unsigned long long)bi.reserved[i]);
}

/* --- user mappings --------------------------------------------------------- */

static void drop_map(struct fz_thread *t, int i)
{
	munmap(t->maps[i].addr, t->maps[i].len);
	t->maps[i] = t->maps[--t->nmaps];
}

static void op_mmap(struct fz_thread *t)
{
	struct fz_buf *b = pick_buf(t);
	uint64_t first, npages;
	int prot = PROT_READ | PROT_WRITE, flags = MAP_SHARED;
	void *p;

	t->what = "mmap";
	/* User memory has the user's own mapping and no offset here, an import its dma-buf's. */
	if (!b || b->kind == DMABENCH_KIND_USERPTR || is_import(b))
		return;
	if (t->nmaps == FZ_MAX_MAPS)
		drop_map(t, (int)fz_below(&t->rng, t->nmaps));
	first = fz_chance(&t->rng, 2) ? 0 : fz_below(&t->rng, b->size / PAGE);
	npages = b->size / PAGE - first;
	if (fz_chance(&t->rng, 2))
		npages = 1 + fz_below(&t->rng, npages);
	if (fz_chance(&t->rng, 6))
		prot = PROT_READ;
	if (fz_chance(&t->rng, 16))
		flags = MAP_PRIVATE;
	p = mmap(NULL, npages * PAGE, prot, flags, t->fd, (off_t)(b->mmap_offset + first * PAGE));
	if (flags == MAP_PRIVATE) {
		if (p != MAP_FAILED) {
			fz_fail(t, "a private mapping of a buffer succeeded");
			munmap(p, npages * PAGE);
		}
		return;
	}
	if (no_kmap(b)) {
		if (p != MAP_FAILED) {
			fz_fail(t, "mmap of a NO_KERNEL_MAPPING buffer succeeded");
			munmap(p, npages * PAGE);
		} else if (errno != EINVAL) {
			fz_fail(t, "mmap of a NO_KERNEL_MAPPING buffer: %s, expected EINVAL",
				strerror(errno));
		}
		return;
	}
	if (p == MAP_FAILED) {
		/* Only memory may be short; the request is good. */
		if (errno != ENOMEM && errno != EAGAIN)
			fz_fail(t, "mmap of own buffer (kind %u, pages %" PRIu64 "+%" PRIu64
				"): %s", b->kind, first, npages, strerror(errno));
		return;
	}
	t->maps[t->nmaps++] = (struct fz_map){
		.addr = p, .len = npages * PAGE, .buf_id = b->id, .buf_off = first * PAGE,
		.writable = prot & PROT_WRITE,
	};
}

static void op_munmap(struct fz_thread *t)
{
	t->what = "munmap";
	if (t->nmaps)
		drop_map(t, (int)fz_below(&t->rng, t->nmaps));
}

/* Split a VMA: unmap its first or last page, or shrink it with mremap. */
static void op_trim(struct fz_thread *t)
{
	struct fz_map *m;
	void *p;

	t->what = "munmap part / mremap";
	if (!t->nmaps)
		return;
	m = &t->maps[fz_below(&t->rng, t->nmaps)];
	if (m->len <= PAGE)
		return;
	switch (fz_below(&t->rng, 3)) {
	case 0:
		munmap(m->addr, PAGE);
		m->addr += PAGE;
		m->buf_off += PAGE;
		m->len -= PAGE;
		break;
	case 1:
		munmap(m->addr + m->len - PAGE, PAGE);
		m->len -= PAGE;
		break;
	default:
		p = mremap(m->addr, m->len, m->len - PAGE, 0);
		if (p == MAP_FAILED)
			fz_fail(t, "mremap shrinking a mapping: %s", strerror(errno));
		else
			m->len -= PAGE;
	}
}

/* Move a mapping elsewhere: the VMA's page offset must follow it. */
static void op_mremap_move(struct fz_thread *t)
{
	struct fz_map *m;
	void *dst, *p;

	t->what = "mremap move";
	if (!t->nmaps)
		return;
	m = &t->maps[fz_below(&t->rng, t->nmaps)];
	dst = mmap(NULL, m->len, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (dst == MAP_FAILED)
		return;
	p = mremap(m->addr, m->len, m->len, MREMAP_MAYMOVE | MREMAP_FIXED, dst);
	if (p == MAP_FAILED) {
		munmap(dst, m->len);
		if (errno != ENOMEM && errno != EINVAL)
			fz_fail(t, "mremap moving a mapping: %s", strerror(errno));
		return;
	}
	m->addr = p;
}

static uint64_t read_word(const uint8_t *p)
{
	uint64_t v;

	__atomic_load((const uint64_t *)p, &v, __ATOMIC_RELAXED);
	return v;
}

static void write_word(uint8_t *p, uint64_t v)
{
	__atomic_store((uint64_t *)p, &v, __ATOMIC_RELAXED);
}

/*
 * Read (and maybe write) a few words of @m.  On a valid buffer the words
 * read must follow the pattern, and the words written do; elsewhere the
 * writes are junk and make the buffer invalid.
 */
void fz_touch(struct fz_thread *t, const struct fz_map *m, bool write)
{
	struct fz_buf *b = fz_buf_by_id(t, m->buf_id);
	bool check = b && b->valid;
	int n = 1 + (int)fz_below(&t->rng, 8);

	if (write && !m->writable)
		write = false;
	for (int i = 0; i < n; i++) {
		uint64_t off = i == 0 ? 0 : i == 1 ? m->len - 8 : pick_word_off(t, m->len);
		uint64_t want = b ? b->seed ^ (m->buf_off + off) : 0, got;

		if (write && check && !fz_dev_mapped(t, b)) {
			write_word(m->addr + off, want);
			continue;
		}
		if (write) {
			write_word(m->addr + off, fz_rand(&t->rng));
			if (b)
				b->valid = check = false;
			continue;
		}
		got = read_word(m->addr + off);
		if (!check)
			continue;
		atomic_fetch_add_explicit(&fz_stats->checks, 1, memory_order_relaxed);
		if (got != want) {
			fz_fail(t, "data corruption through mmap: kind %u mapped %d, buffer offset %"
				PRIu64 " reads %#" PRIx64 ", expected %#" PRIx64, b->kind, b->mapped,
				m->buf_off + off, got, want);
			b->valid = check = false;
		}
	}
	__atomic_thread_fence(__ATOMIC_SEQ_CST);	/* drain write-combining */
}

static void op_touch(struct fz_thread *t, bool write)
{
	t->what = write ? "write mapped pages" : "read mapped pages";
	if (t->nmaps)
		fz_touch(t, &t->maps[fz_below(&t->rng, t->nmaps)], write);
}

/* The CPU writes a whole buffer through its mapping; the kernel checks it. */
static void op_user_fill(struct fz_thread *t)
{
	struct fz_map *m;
	struct fz_buf *b;
	uint64_t seed;

	t->what = "fill through mmap";
	if (!t->nmaps)
		return;
	m = &t->maps[fz_below(&t->rng, t->nmaps)];
	b = fz_buf_by_id(t, m->buf_id);
	if (!b || fz_dev_mapped(t, b) || !m->writable || m->buf_off || m->len != b->size ||
	    b->size > 64 * PAGE)
		return;
	seed = fz_rand(&t->rng);
	for (uint64_t off = 0; off < m->len; off += 8)
		write_word(m->addr + off, seed ^ off);
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	b->valid = true;
	b->seed = seed;
	check_buf(t, b);
}

/* --- dma-buf sharing (EXPORT, IMPORT, the dma-buf fd) ---------------------- */

/*
 * EXPORT of an own buffer: the exportable kinds get a new fd (O_CLOEXEC
 * only when asked), a second EXPORT while the dma-buf lives is EBUSY, bad
 * flags, pad or reserved EINVAL.  A module without DMABENCH_INFO_DMABUF
 * says ENOTTY (fz_expect).
 */
static void op_export(struct fz_thread *t)
{
	struct fz_buf *b = pick_buf(t);
	struct dmabench_export e;
	bool bad = false, busy;
	uint64_t kids;
	int err, fdflags;

	t->what = "EXPORT";
	if (!b)
		return;
	e = (struct dmabench_export){ .handle = b->handle, .fd = -1 };
	if (fz_chance(&t->rng, 2))
		e.flags = DMABENCH_EXPORT_CLOEXEC;
	if (fz_chance(&t->rng, 8)) {
		bad = true;
		switch (fz_below(&t->rng, 3)) {
		case 0:
			e.flags |= 1U << (1 + fz_below(&t->rng, 31));
			break;
		case 1:
			e.pad = (uint32_t)fz_rand(&t->rng) | 1;
			break;
		default:
			e.reserved[fz_below(&t->rng, 2)] = fz_rand(&t->rng) | 1;
			break;
		}
	}
	busy = fz_dmabuf_busy(t, b);
	kids = fz_kids_window();
	err = fz_ioctl(t->fd, DMABENCH_IOC_EXPORT, &e);
	fz_expect(t, FZ_EXPORT, err, false);
	if (!fz_has_dmabuf()) {
		if (!err && e.fd >= 0)
			close(e.fd);
		return;
	}
	if (bad || !exportable(b)) {
		if (err != EINVAL)
			fz_fail(t, "EXPORT of kind %u attrs %#x (flags %#x pad %u reserved %llu "
				"%llu): %s, expected EINVAL", b->kind, b->attrs, e.flags, e.pad,
				(unsigned long long)e.reserved[0],
				(unsigned long long)e.reserved[1],
				err ? strerror(err) : "success");
	} else if (busy) {
		if (err != EBUSY)
			fz_fail(t, "EXPORT of a buffer whose dma-buf lives: %s, expected EBUSY",
				err ? strerror(err) : "success");
	} else if (err == EINVAL || err == ENOENT ||
		   (err == EBUSY && !(b->exported && fz_kids_maybe(kids)))) {
		fz_fail(t, "EXPORT of own kind %u, %" PRIu64 " bytes (exported before %d): %s",
			b->kind, b->size, b->exported, strerror(err));
	}
	if (err)
		return;
	if (e.fd < 0) {
		fz_fail(t, "EXPORT returned fd %d", e.fd);
		return;
	}
	fdflags = fcntl(e.fd, F_GETFD);
	if (fdflags < 0 || !(fdflags & FD_CLOEXEC) != !(e.flags & DMABENCH_EXPORT_CLOEXEC))
		fz_fail(t, "EXPORT flags %#x: the fd's FD_CLOEXEC is %d", e.flags,
			fdflags < 0 ? -1 : !!(fdflags & FD_CLOEXEC));
	if (bad || busy || !exportable(b) || b->dmabuf_fd >= 0) {
		close(e.fd);	/* accepted wrongly: not the model's */
		return;
	}
	b->dmabuf_fd = e.fd;
	b->exported = true;
}

/* Close a dma-buf fd: mappings and imports of it still hold the dma-buf. */
static void op_close_dmabuf(struct fz_thread *t)
{
	struct fz_buf *b = pick_exported(t);

	t->what = "close dma-buf";
	if (!b)
		return;
	close(b->dmabuf_fd);
	b->dmabuf_fd = -1;
}

/* A fd that is no dma-buf: a /dev/dmabench file (the shared one) or /dev/null. */
static int not_dmabuf_fd(struct fz_thread *t, int *opened)
{
	*opened = -1;
	if (fz_chance(&t->rng, 2))
		return t->fd;
	*opened = open("/dev/null", O_RDWR | O_CLOEXEC);
	return *opened >= 0 ? *opened : t->fd;
}

/* A fd number nobody has: negative, or at or above the kernel's nr_open ceiling. */
static int closed_fd(struct fz_thread *t)
{
	static const int fds[] = { -1, -2, INT32_MIN, INT32_MAX, 1 << 20 };

	return fds[fz_below(&t->rng, sizeof(fds) / sizeof(fds[0]))];
}

/*
 * IMPORT on the shared file: of an own dma-buf (a new import-kind handle of
 * the dma-buf's size, or ERANGE where the device is address-limited, or
 * memory short), of a closed fd (EBADF), of a fd that is no dma-buf
 * (EINVAL), and with bad dir, flags, pad or reserved (EINVAL).
 */
static void op_import(struct fz_thread *t)
{
	struct dmabench_import im = { .fd = -1, .dir = pick_dir(t) };
	struct fz_buf *src = pick_exported(t), *b;
	unsigned int how = (unsigned int)fz_below(&t->rng, 8);
	int err, want = 0, opened = -1;
	struct dmabench_handle h;

	t->what = "IMPORT";
	if (how < 5 && (!src || t->nbufs == FZ_MAX_BUFS))
		how = 5 + how % 3;
	if (how < 5) {
		im.fd = src->dmabuf_fd;
	} else if (how == 5) {
		im.fd = closed_fd(t);
		want = EBADF;
	} else if (how == 6) {
		im.fd = not_dmabuf_fd(t, &opened);
		want = EINVAL;
	} else {
		im.fd = src ? src->dmabuf_fd : not_dmabuf_fd(t, &opened);
		want = EINVAL;
		switch (fz_below(&t->rng, 4)) {
		case 0:
			im.dir = fz_chance(&t->rng, 2) ? 3 : (uint32_t)fz_rand(&t->rng) | 4;
			break;
		case 1:
			im.flags = (uint32_t)fz_rand(&t->rng) | 1;
			break;
		case 2:
			im.pad = (uint32_t)fz_rand(&t->rng) | 1;
			break;
		default:
			im.reserved[fz_below(&t->rng, 2)] = fz_rand(&t->rng) | 1;
			break;
		}
	}
	err = fz_ioctl(t->fd, DMABENCH_IOC_IMPORT, &im);
	if (opened >= 0)
		close(opened);
	fz_expect(t, FZ_IMPORT, err, false);
	if (!fz_has_dmabuf())
		return;
	if (want && err != want)
		fz_fail(t, "IMPORT (case %u: fd %d dir %u flags %#x pad %u): %s, expected %s", how,
			im.fd, im.dir, im.flags, im.pad, err ? strerror(err) : "success",
			strerror(want));
	else if (!want && (err == EINVAL || err == EBADF ||
			   (err == ERANGE && !fz_file_limited(t->fd))))
		fz_fail(t, "IMPORT of own dma-buf (kind %u, %" PRIu64 " bytes, dir %u): %s",
			src->kind, src->size, im.dir, strerror(err));
	if (err)
		return;
	if (want) {
		h = (struct dmabench_handle){ .handle = im.handle };
		fz_ioctl(t->fd, DMABENCH_IOC_FREE, &h);
		return;
	}
	if (!im.handle || im.size != src->size || !im.nents || im.nents > src->size / PAGE)
		fz_fail(t, "IMPORT of %" PRIu64 " bytes: handle %u size %llu nents %u", src->size,
			im.handle, (unsigned long long)im.size, im.nents);
	for (int i = 0; i < t->nbufs; i++)
		if (t->bufs[i].handle == im.handle)
			fz_fail(t, "IMPORT returned handle %u, which this thread holds", im.handle);
	b = &t->bufs[t->nbufs++];
	*b = (struct fz_buf){
		.id = ++t->next_id, .handle = im.handle, .kind = DMABENCH_KIND_IMPORT,
		.alloc_dir = im.dir, .size = src->size, .dmabuf_fd = -1, .src_id = src->id,
	};
}

/*
 * mmap of a dma-buf fd at offset 0: within its size it works (memory
 * apart), past it EINVAL (the dma-buf core's check).  The mapping joins
 * the model's: data through it is the buffer's.
 */
static void op_mmap_dmabuf(struct fz_thread *t)
{
	struct fz_buf *b = pick_exported(t);
	uint64_t npages;
	int prot = PROT_READ | PROT_WRITE;
	bool past;
	void *p;

	t->what = "mmap of a dma-buf";
	if (!b)
		return;
	if (t->nmaps == FZ_MAX_MAPS)
		drop_map(t, (int)fz_below(&t->rng, t->nmaps));
	npages = b->size / PAGE;
	if (fz_chance(&t->rng, 2))
		npages = 1 + fz_below(&t->rng, npages);
	past = fz_chance(&t->rng, 8);
	if (past)
		npages = b->size / PAGE + 1 + fz_below(&t->rng, 4);
	if (fz_chance(&t->rng, 6))
		prot = PROT_READ;
	p = mmap(NULL, npages * PAGE, prot, MAP_SHARED, b->dmabuf_fd, 0);
	if (past) {
		if (p != MAP_FAILED) {
			fz_fail(t, "mmap of %" PRIu64 " pages of a %" PRIu64 "-page dma-buf succeeded",
				npages, b->size / PAGE);
			munmap(p, npages * PAGE);
		} else if (errno != EINVAL) {
			fz_fail(t, "mmap past a dma-buf's size: %s, expected EINVAL", strerror(errno));
		}
		return;
	}
	if (p == MAP_FAILED) {
		if (errno != ENOMEM && errno != EAGAIN)
			fz_fail(t, "mmap of own dma-buf (kind %u, %" PRIu64 " of %" PRIu64
				" pages): %s", b->kind, npages, b->size / PAGE, strerror(errno));
		return;
	}
	t->maps[t->nmaps++] = (struct fz_map){
		.addr = p, .len = npages * PAGE, .buf_id = b->id, .writable = prot & PROT_WRITE,
		.dmabuf = true,
	};
}

/* DMA_BUF_IOCTL_SYNC on a dma-buf fd; 0 or errno. */
static int dmabuf_sync(int fd, uint64_t flags)
{
	struct fz_dma_buf_sync s = { .flags = flags };

	return fz_ioctl(fd, FZ_DMA_BUF_IOCTL_SYNC, &s);
}

/*
 * DMA_BUF_IOCTL_SYNC (the exporter's begin/end_cpu_access): every start or
 * end in any direction works, flags without a direction or with unknown
 * bits are EINVAL (the dma-buf core's).  Half the time the CPU fills the
 * whole buffer through a whole-buffer mapping of its dma-buf, bracketed as
 * a dma-buf user must, and PATTERN CHECK must see it.
 */
static void op_dmabuf_sync(struct fz_thread *t)
{
	static const uint64_t dirs[] = { FZ_DMA_BUF_SYNC_READ, FZ_DMA_BUF_SYNC_WRITE,
					 FZ_DMA_BUF_SYNC_RW };
	struct fz_buf *b = pick_exported(t);
	uint64_t flags, seed;
	struct fz_map *m = NULL;
	int err;

	t->what = "DMA_BUF_IOCTL_SYNC";
	if (!b)
		return;
	flags = dirs[fz_below(&t->rng, 3)] | (fz_chance(&t->rng, 2) ? FZ_DMA_BUF_SYNC_END : 0);
	if (fz_chance(&t->rng, 8)) {
		flags = fz_chance(&t->rng, 2) ? FZ_DMA_BUF_SYNC_END : flags | 1ULL << (3 + fz_below(&t->rng, 61));
		err = dmabuf_sync(b->dmabuf_fd, flags);
		if (err != EINVAL)
			fz_fail(t, "DMA_BUF_IOCTL_SYNC flags %#llx: %s, expected EINVAL",
				(unsigned long long)flags, err ? strerror(err) : "success");
		return;
	}
	if (fz_chance(&t->rng, 2)) {
		err = dmabuf_sync(b->dmabuf_fd, flags);
		if (err)
			fz_fail(t, "DMA_BUF_IOCTL_SYNC flags %#llx of kind %u: %s",
				(unsigned long long)flags, b->kind, strerror(err));
		return;
	}
	t->what = "fill through a dma-buf mapping";
	for (int i = 0; i < t->nmaps && !m; i++)
		if (t->maps[i].dmabuf && t->maps[i].buf_id == b->id && t->maps[i].writable &&
		    !t->maps[i].buf_off && t->maps[i].len == b->size)
			m = &t->maps[i];
	if (!m || fz_dev_mapped(t, b) || b->size > 64 * PAGE)
		return;
	err = dmabuf_sync(b->dmabuf_fd, FZ_DMA_BUF_SYNC_START | FZ_DMA_BUF_SYNC_WRITE);
	seed = fz_rand(&t->rng);
	for (uint64_t off = 0; off < m->len; off += 8)
		write_word(m->addr + off, seed ^ off);
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	if (!err)
		err = dmabuf_sync(b->dmabuf_fd, FZ_DMA_BUF_SYNC_END | FZ_DMA_BUF_SYNC_WRITE);
	if (err)
		fz_fail(t, "DMA_BUF_IOCTL_SYNC around a CPU fill of kind %u: %s", b->kind,
			strerror(err));
	b->valid = true;
	b->seed = seed;
	check_buf(t, b);
}

/* --- whole-file ops -------------------------------------------------------- */

static void op_info(struct fz_thread *t)
{
	struct dmabench_info info;
	int err;

	t->what = "GET_INFO";
	memset(&info, 0xa5, sizeof(info));
	err = fz_ioctl(t->fd, DMABENCH_IOC_GET_INFO, &info);
	fz_expect(t, FZ_GET_INFO, err, false);
	if (err)
		return;
	/* The cap is module-wide: no file, and not all of them, hold more. */
	if (info.abi_version != DMABENCH_ABI_VERSION || info.page_size != fz_info.page_size ||
	    info.bytes_held > info.byte_cap || info.bytes_held_all > info.byte_cap ||
	    info.byte_cap != fz_info.byte_cap)
		fz_fail(t, "GET_INFO: abi %u page %u bytes_held %llu bytes_held_all %llu byte_cap %llu",
			info.abi_version, info.page_size, (unsigned long long)info.bytes_held,
			(unsigned long long)info.bytes_held_all, (unsigned long long)info.byte_cap);
	for (size_t i = 0; i < sizeof(info.reserved) / sizeof(info.reserved[0]); i++)
		if (info.reserved[i])
			fz_fail(t, "GET_INFO: reserved[%zu] is %llu", i,
				(unsigned long long)info.reserved[i]);
}

static void op_set_device(struct fz_thread *t)
{
	struct dmabench_set_device sd = { .device = (uint32_t)fz_below(&t->rng, 4) };
	int err;

	t->what = "SET_DEVICE";
	err = fz_ioctl(t->fd, DMABENCH_IOC_SET_DEVICE, &sd);
	fz_expect(t, FZ_SET_DEVICE, err, false);
	if (sd.device >= DMABENCH_DEV_COUNT && err != EINVAL)
		fz_fail(t, "SET_DEVICE %u: %s, expected EINVAL", sd.device, strerror(err));
	if (t->nbufs && sd.device < DMABENCH_DEV_COUNT && !err)
		fz_fail(t, "SET_DEVICE succeeded while this thread holds buffers");
}

/*
 * Batch x size at the sample limit, a page either side of it, or the
 * largest batch: one sample, so that an accepted one stays short.
 */
static void bench_large(struct fz_thread *t, struct dmabench_bench *b)
{
	uint64_t per = DMABENCH_BENCH_MAX_SAMPLE_BYTES / b->size;

	switch (fz_below(&t->rng, 3)) {
	case 0:
		b->batch = (uint32_t)(per < DMABENCH_BENCH_MAX_BATCH ? per : DMABENCH_BENCH_MAX_BATCH);
		break;
	case 1:
		b->batch = (uint32_t)(per + 1 < DMABENCH_BENCH_MAX_BATCH ? per + 1 :
				      DMABENCH_BENCH_MAX_BATCH);
		b->size = (DMABENCH_BENCH_MAX_SAMPLE_BYTES / b->batch + PAGE) / PAGE * PAGE;
		break;
	default:
		b->batch = DMABENCH_BENCH_MAX_BATCH;
		break;
	}
	b->iterations = 1;
	b->warmup = 0;
	b->trans_delay_ns = 0;
	if (b->entries > b->size / PAGE)
		b->entries = (uint32_t)(b->size / PAGE);
}

/*
 * Whether BENCH may accept @op on @kind (the uapi's lists for noncontig
 * and the POOL_* and CACHING_RANGE ops; the other kinds' sets are the
 * module's bench_ops.c table, not modelled).
 */
static bool bench_takes(uint32_t op, uint32_t kind)
{
	if (dmabuf_op(op) || kind == DMABENCH_KIND_IMPORT)
		return dmabuf_op(op) && kind == DMABENCH_KIND_IMPORT && fz_has_dmabuf();
	if (op == DMABENCH_OP_POOL_FRESH || op == DMABENCH_OP_POOL_HIT ||
	    op == DMABENCH_OP_CACHING_RANGE)
		return kind == DMABENCH_KIND_WC || kind == DMABENCH_KIND_UC;
	if (kind != DMABENCH_KIND_NONCONTIG)
		return true;
	switch (op) {
	case DMABENCH_OP_EMPTY:
	case DMABENCH_OP_ALLOC_FREE:
	case DMABENCH_OP_SYNC_FOR_CPU:
	case DMABENCH_OP_SYNC_FOR_DEVICE:
	case DMABENCH_OP_KREAD:
	case DMABENCH_OP_KWRITE:
	case DMABENCH_OP_KCOPY:
		return true;
	default:
		return false;
	}
}

/*
 * The out fields of ABI 3: POOL_* ops say how many chunks they mapped
 * (one per page at most) and how many DMA segments those made (at least
 * one, at most one per chunk); every other op leaves both 0, whatever the
 * caller put there (op_bench puts garbage in them now and then).
 */
static void bench_check_out(struct fz_thread *t, const struct dmabench_bench *b, int err)
{
	bool pool = b->op == DMABENCH_OP_POOL_FRESH || b->op == DMABENCH_OP_POOL_HIT;

	if (err)
		return;
	if (!pool && (b->chunks || b->segments))
		fz_fail(t, "BENCH op %u: chunks %u, segments %u, expected 0", b->op, b->chunks,
			b->segments);
	if (pool && (!b->chunks || b->chunks > b->size / PAGE || !b->segments ||
		     b->segments > b->chunks))
		fz_fail(t, "BENCH op %u size %llu: chunks %u, segments %u out of range", b->op,
			(unsigned long long)b->size, b->chunks, b->segments);
}

/*
 * CACHING_RANGE (uapi header): one alloc_pages() run, so a power-of-two
 * page count no larger than max_contig_size, else EINVAL whatever else
 * the request holds (but a size over the byte cap, ENOMEM first, as for
 * every op); -EOPNOTSUPP where GET_INFO has no set_pages_array_*() (no
 * set_memory_wc/uc() either), else it runs as CACHING does.
 */
static void bench_check_range(struct fz_thread *t, const struct dmabench_bench *b, int err)
{
	uint64_t pages = b->size / PAGE;
	bool shape = b->size && !(b->size % PAGE) && !(pages & (pages - 1)) &&
		     b->size <= fz_info.max_contig_size;

	if (b->op != DMABENCH_OP_CACHING_RANGE)
		return;
	if (!shape && b->size <= fz_info.byte_cap && err != EINVAL)
		fz_fail(t, "BENCH CACHING_RANGE of %llu bytes (%llu pages): %s, expected EINVAL",
			(unsigned long long)b->size, (unsigned long long)pages, strerror(err));
	if (!err && !(fz_info.flags & DMABENCH_INFO_SET_PAGES_ARRAY))
		fz_fail(t, "BENCH CACHING_RANGE accepted without set_pages_array_*(): expected "
			"EOPNOTSUPP");
	if (!err && !(fz_info.flags & DMABENCH_INFO_CACHING_RANGE))
		fz_fail(t, "BENCH CACHING_RANGE accepted, but GET_INFO lacks "
			"DMABENCH_INFO_CACHING_RANGE");
}

/*
 * DMABUF_ATTACH and DMABUF_MAP (uapi header): the import kind, @size 0,
 * the dma-buf in @dmabuf_fd; @dmabuf_fd non-zero on any other op and a
 * non-zero @pad are EINVAL, whatever else the request holds (a module
 * without DMABENCH_INFO_DMABUF has them as reserved words).  @fd_want is
 * what the fd the request carries must give: 0 for an own dma-buf, EBADF
 * for a closed one, EINVAL for a fd that is no dma-buf.
 */
static void bench_check_dmabuf(struct fz_thread *t, const struct dmabench_bench *b, int err,
			       int fd_want)
{
	bool dop = dmabuf_op(b->op), import = b->kind == DMABENCH_KIND_IMPORT;
	const char *why = NULL;

	if (b->pad)
		why = "pad non-zero";
	else if (!dop && b->dmabuf_fd)
		why = "dmabuf_fd non-zero on an op that takes none";
	else if (dop && !fz_has_dmabuf())
		why = "a DMABUF_* op without DMABENCH_INFO_DMABUF";
	else if (dop != import)
		why = import ? "the import kind with an op that is no DMABUF_*" :
			       "a DMABUF_* op on a kind that is not import";
	else if (dop && b->size)
		why = "a DMABUF_* op with a size";
	if (why) {
		if (err != EINVAL)
			fz_fail(t, "BENCH op %u kind %u (%s): %s, expected EINVAL", b->op, b->kind,
				why, err ? strerror(err) : "success");
		return;
	}
	if (!dop || b->flags || b->entries || b->cache || b->uaddr || b->trans_delay_ns ||
	    !b->iterations || b->iterations > DMABENCH_BENCH_MAX_ITERS || !b->batch ||
	    b->batch > DMABENCH_BENCH_MAX_BATCH || b->warmup > DMABENCH_BENCH_MAX_ITERS)
		return;
	if (fd_want && err != fd_want)
		fz_fail(t, "BENCH op %u on fd %d: %s, expected %s", b->op, b->dmabuf_fd,
			err ? strerror(err) : "success", strerror(fd_want));
	else if (!fd_want && (err == EINVAL || err == EBADF ||
			      (err == ERANGE && !fz_file_limited(t->fd))))
		fz_fail(t, "BENCH op %u of own dma-buf fd %d: %s", b->op, b->dmabuf_fd,
			strerror(err));
}

/* A small timed loop: few iterations, so that TCG gets through it quickly. */
static void op_bench(struct fz_thread *t)
{
	struct dmabench_bench b = {
		.op = (uint32_t)fz_below(&t->rng, DMABENCH_OP_COUNT),
		.kind = (uint32_t)fz_below(&t->rng, DMABENCH_KIND_COUNT),
		.size = (1 + fz_below(&t->rng, 16)) * PAGE,
		.dir = pick_dir(t),
		.cache = fz_chance(&t->rng, 2) ? 0 : (uint32_t)fz_below(&t->rng, 3),
		.iterations = 1 + (uint32_t)fz_below(&t->rng, 8),
		.batch = 1 + (uint32_t)fz_below(&t->rng, 4),
		.warmup = (uint32_t)fz_below(&t->rng, 3),
		.node = -1,
	};
	struct fz_buf *src = pick_exported(t);
	int err, fd_want = 0, opened = -1;

	t->what = "BENCH";
	if (fz_chance(&t->rng, 3))
		b.entries = 1 + (uint32_t)fz_below(&t->rng, b.size / PAGE);
	if (b.batch == 1 && fz_chance(&t->rng, 4))
		b.trans_delay_ns = (uint32_t)fz_below(&t->rng, 2000);
	if (fz_chance(&t->rng, 2))
		b.samples = (uintptr_t)&t->scratch[0];
	if (fz_chance(&t->rng, 2))
		b.samples2 = (uintptr_t)&t->scratch[16];
	/* The range's runs are 2^n pages: mostly one of those. */
	if (b.op == DMABENCH_OP_CACHING_RANGE && fz_chance(&t->rng, 2))
		b.size = PAGE << fz_below(&t->rng, 5);
	if (fz_chance(&t->rng, 48))
		bench_large(t, &b);
	/* The importer's side: mostly a good request on an own dma-buf. */
	if (dmabuf_op(b.op) || b.kind == DMABENCH_KIND_IMPORT) {
		if (!fz_chance(&t->rng, 4)) {
			b.op = DMABENCH_OP_DMABUF_ATTACH + (uint32_t)fz_below(&t->rng, 2);
			b.kind = DMABENCH_KIND_IMPORT;
		}
		if (dmabuf_op(b.op) && !fz_chance(&t->rng, 8))
			b.size = 0;
		b.entries = b.cache = b.trans_delay_ns = 0;
		if (src && !fz_chance(&t->rng, 8)) {
			b.dmabuf_fd = src->dmabuf_fd;
		} else if (fz_chance(&t->rng, 2)) {
			b.dmabuf_fd = closed_fd(t);
			fd_want = EBADF;
		} else {
			b.dmabuf_fd = not_dmabuf_fd(t, &opened);
			fd_want = EINVAL;
		}
	} else if (fz_chance(&t->rng, 16)) {
		b.dmabuf_fd = fz_chance(&t->rng, 2) ? t->fd : closed_fd(t);
	}
	if (fz_chance(&t->rng, 32))
		b.pad = (uint32_t)fz_rand(&t->rng) | 1;
	/* An op maps the whole dma-buf: a few of them. */
	if (dmabuf_op(b.op)) {
		b.batch = b.batch > 4 ? 4 : b.batch;
		b.iterations = b.iterations > 8 ? 8 : b.iterations;
	}
	/* Out only (ABI 3): garbage in, overwritten. */
	if (fz_chance(&t->rng, 4)) {
		b.chunks = (uint32_t)fz_rand(&t->rng);
		b.segments = (uint32_t)fz_rand(&t->rng);
	}
	if (fz_chance(&t->rng, 3))
		b.flags = fz_chance(&t->rng, 2) ? fz_bench_attrs(b.op, b.kind) &
						  (uint32_t)fz_rand(&t->rng) :
						  fz_pick_attrs(&t->rng);
	/* The user memory of the userptr ops: the thread's scratch pages. */
	if (b.kind == DMABENCH_KIND_USERPTR) {
		b.uaddr = (uintptr_t)fz_user_mem(t);
		if (b.size > FZ_UMEM_PAGES * PAGE)
			b.size = FZ_UMEM_PAGES * PAGE;
	}
	err = fz_ioctl(t->fd, DMABENCH_IOC_BENCH, &b);
	if (opened >= 0)
		close(opened);
	fz_expect(t, FZ_BENCH, err, false);
	if (!err && !bench_takes(b.op, b.kind))
		fz_fail(t, "BENCH op %u of kind %u: accepted, expected EINVAL", b.op, b.kind);
	if ((b.flags & ~fz_bench_attrs(b.op, b.kind)) && err != EINVAL)
		fz_fail(t, "BENCH op %u of kind %u with attrs %#x: %s, expected EINVAL", b.op,
			b.kind, b.flags, strerror(err));
	if (!err && b.done != b.iterations)
		fz_fail(t, "BENCH op %u: done %u of %u iterations without an error", b.op,
			b.done, b.iterations);
	if (!err && (uint64_t)b.batch * b.size > DMABENCH_BENCH_MAX_SAMPLE_BYTES)
		fz_fail(t, "BENCH op %u: batch %u x size %llu accepted, over the sample limit",
			b.op, b.batch, (unsigned long long)b.size);
	bench_check_out(t, &b, err);
	bench_check_range(t, &b, err);
	bench_check_dmabuf(t, &b, err, fd_want);
}

/*
 * Free everything and drop every mapping: a thread's clean slate.  The
 * dma-buf fds and their mappings go first, then the imports, which hold
 * their dma-bufs, then the rest.
 */
void fz_model_teardown(struct fz_thread *t)
{
	while (t->nmaps)
		drop_map(t, t->nmaps - 1);
	for (int i = 0; i < t->nbufs; i++)
		if (t->bufs[i].dmabuf_fd >= 0) {
			close(t->bufs[i].dmabuf_fd);
			t->bufs[i].dmabuf_fd = -1;
		}
	for (int i = t->nbufs - 1; i >= 0; i--)
		if (is_import(&t->bufs[i]))
			free_buf(t, &t->bufs[i], true);
	while (t->nbufs)
		free_buf(t, &t->bufs[t->nbufs - 1], true);
	if (t->umem)
		munmap(t->umem, FZ_UMEM_PAGES * PAGE);
	t->umem = NULL;
}

/* Now and then a second USERPTR of a live userptr buffer's memory. */
static void op_userptr_any(struct fz_thread *t)
{
	struct fz_buf *b = NULL;

	if (fz_chance(&t->rng, 3))
		for (int i = 0; i < t->nbufs; i++)
			if (t->bufs[i].kind == DMABENCH_KIND_USERPTR && t->bufs[i].umem)
				b = &t->bufs[i];
	if (b)
		op_userptr_twin(t, b);
	else
		op_userptr(t);
}

void fz_model_op(struct fz_thread *t)
{
	unsigned int r = (unsigned int)fz_below(&t->rng, 136);

	if (r < 12)
		op_alloc(t);
	else if (r < 14)
		op_userptr_any(t);
	else if (r < 22)
		op_free(t);
	else if (r < 30)
		op_map(t);
	else if (r < 36)
		op_unmap(t);
	else if (r < 44)
		op_sync(t);
	else if (r < 47)
		op_move(t);
	else if (r < 56)
		op_fill(t);
	else if (r < 66)
		op_check(t);
	else if (r < 75)
		op_mmap(t);
	else if (r < 80)
		op_munmap(t);
	else if (r < 83)
		op_trim(t);
	else if (r < 85)
		op_mremap_move(t);
	else if (r < 96)
		op_touch(t, false);
	else if (r < 102)
		op_touch(t, true);
	else if (r < 105)
		op_user_fill(t);
	else if (r < 109)
		op_bench(t);
	else if (r < 114)
		op_info(t);
	else if (r < 115)
		op_set_device(t);
	else if (r < 116)
		fz_model_teardown(t);
	else if (r < 120)
		op_check(t);
	else if (r < 124)
		op_buf_info(t);
	else if (r < 127)
		op_export(t);
	else if (r < 129)
		op_close_dmabuf(t);
	else if (r < 132)
		op_import(t);
	else if (r < 134)
		op_mmap_dmabuf(t);
	else
		op_dmabuf_sync(t);
}
