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

/* What ALLOC makes: user memory comes through USERPTR only. */
static bool kind_supported(uint32_t kind)
{
	return kind < DMABENCH_KIND_COUNT && kind != DMABENCH_KIND_USERPTR &&
	       (fz_info.kinds & (1U << kind));
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

static void forget_buf(struct fz_thread *t, struct fz_buf *b)
{
	*b = t->bufs[--t->nbufs];
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
		.size = a.size, .mmap_offset = a.mmap_offset, .attrs = a.flags,
	};
}

static void op_free(struct fz_thread *t)
{
	struct fz_buf *b = pick_buf(t);
	struct dmabench_handle h;
	int err;

	t->what = "FREE";
	if (!b)
		return;
	h = (struct dmabench_handle){ .handle = b->handle };
	err = fz_ioctl(t->fd, DMABENCH_IOC_FREE, &h);
	if (err)
		fz_fail(t, "FREE of own handle %u: %s", b->handle, strerror(err));
	/* Mappings of it stay usable: the VMA holds the buffer. */
	fz_buf_forget_umem(b);
	forget_buf(t, b);
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
	if (err == EINVAL || err == EFAULT || err == EOVERFLOW)
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
		.mapped = u.flags != 0, .valid = true, .umem = mem,
	};
	if (fz_chance(&t->rng, 4))
		fz_buf_forget_umem(b);
}

static void op_map(struct fz_thread *t)
{
	struct fz_buf *b = pick_buf(t);
	struct dmabench_map m;
	int err;

	t->what = "MAP";
	if (!b)
		return;
	m = (struct dmabench_map){ .handle = b->handle, .dir = pick_dir(t) };
	if (fz_chance(&t->rng, 3))
		m.flags = fz_chance(&t->rng, 2) ? DMABENCH_ATTR_SKIP_CPU_SYNC : fz_pick_attrs(&t->rng);
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
	else if (!b->mapped && b->kind == DMABENCH_KIND_USERPTR &&
		 b->alloc_dir == DMABENCH_DIR_TO_DEVICE && m.dir != DMABENCH_DIR_TO_DEVICE &&
		 err != EINVAL)
		fz_fail(t, "MAP dir %u of a read-only (to_device) pin: %s, expected EINVAL",
			m.dir, strerror(err));
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
	if (no_kmap(b) != (err == EINVAL))
		fz_fail(t, "PATTERN FILL of kind %u attrs %#x: %s", b->kind, b->attrs,
			strerror(err));
	if (err) {
		b->valid = false;
		return;
	}
	if (b->mapped)
		b->valid = false;
	else if (p.offset == 0 && p.len == b->size)
		b->valid = true, b->seed = seed;
	else if (seed != b->seed)
		b->valid = false;
}

static void op_check(struct fz_thread *t)
{
	struct fz_buf *b = pick_buf(t);
	struct dmabench_pattern p;
	int err;

	t->what = "PATTERN CHECK";
	if (!b)
		return;
	p = (struct dmabench_pattern){ .handle = b->handle, .op = DMABENCH_PATTERN_CHECK,
				       .seed = b->seed };
	word_range(t, b->size, &p.offset, &p.len);
	err = fz_ioctl(t->fd, DMABENCH_IOC_PATTERN, &p);
	fz_expect(t, FZ_PATTERN, err, false);
	if (no_kmap(b) && err != EINVAL)
		fz_fail(t, "PATTERN CHECK of a NO_KERNEL_MAPPING buffer: %s, expected EINVAL",
			strerror(err));
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
	segs_max = !kind_maps(b->kind) ? 1 : b->mapped ? (uint32_t)npages : 0;
	if (bi.handle != b->handle || bi.kind != b->kind || bi.size != b->size ||
	    bi.attrs != (b->attrs | (b->mapped ? b->map_attrs : 0)))
		fz_fail(t, "BUF_INFO: handle %u kind %u size %llu attrs %#x, the model has %u %u "
			"%llu %#x (+%#x mapped %d)", bi.handle, bi.kind,
			(unsigned long long)bi.size, bi.attrs, b->handle, b->kind,
			(unsigned long long)b->size, b->attrs, b->map_attrs, b->mapped);
	if (bi.kmap > DMABENCH_KMAP_NONE || bi.phys_chunks > npages ||
	    (!bi.phys_chunks && b->kind != DMABENCH_KIND_COHERENT) ||
	    bi.dma_segments > segs_max || (segs_max && !bi.dma_segments) ||
	    bi.user_prot > DMABENCH_PROT_OTHER || bi.pad ||
	    (no_kmap(b) && bi.user_prot != DMABENCH_PROT_NOT_MAPPED) ||
	    (b->kind == DMABENCH_KIND_USERPTR && bi.user_prot != DMABENCH_PROT_NOT_MAPPED))
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
	/* User memory has the user's own mapping and no offset here. */
	if (!b || b->kind == DMABENCH_KIND_USERPTR)
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

		if (write && check && !b->mapped) {
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
	if (!b || b->mapped || !m->writable || m->buf_off || m->len != b->size ||
	    b->size > 64 * PAGE)
		return;
	seed = fz_rand(&t->rng);
	for (uint64_t off = 0; off < m->len; off += 8)
		write_word(m->addr + off, seed ^ off);
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	b->valid = true;
	b->seed = seed;
	op_check(t);
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
	int err;

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
}

/* Free everything and drop every mapping: a thread's clean slate. */
void fz_model_teardown(struct fz_thread *t)
{
	while (t->nmaps)
		drop_map(t, t->nmaps - 1);
	while (t->nbufs)
		op_free(t);
	if (t->umem)
		munmap(t->umem, FZ_UMEM_PAGES * PAGE);
	t->umem = NULL;
}

void fz_model_op(struct fz_thread *t)
{
	unsigned int r = (unsigned int)fz_below(&t->rng, 124);

	if (r < 12)
		op_alloc(t);
	else if (r < 14)
		op_userptr(t);
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
	else
		op_buf_info(t);
}
