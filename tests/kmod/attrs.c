// SPDX-License-Identifier: GPL-2.0
/*
 * Check 12: DMA attributes (DMABENCH_ATTR_*) in ALLOC, MAP and BENCH, and
 * BUF_INFO, what the DMA layer made of a buffer.
 *
 *  - Every allocation attribute alone and all four together on coherent
 *    buffers of 64 KiB and 1 MiB: BUF_INFO in range and consistent with
 *    the platform (dma-direct: one physical chunk, a NO_KERNEL_MAPPING
 *    cookie is no kernel mapping), data through the kernel mapping and
 *    through mmap unless NO_KERNEL_MAPPING (then both -EINVAL), and, with
 *    edu, the device writing and reading the buffer, a NO_KERNEL_MAPPING
 *    one too (checked through plain buffers, since nothing else may look).
 *  - The pgprot each kind's mmap gives (wc/uc: their own, in the fault
 *    handler; the others keep the cached one), and a MOVE changing it.
 *  - SKIP_CPU_SYNC on streaming maps: DEVICE_DMA's own syncs keep data
 *    right; without them, on a platform that bounces every map (swiotlb
 *    forced), the device reads the bounce slot's old contents and the unmap
 *    no longer copies the device's writes back.
 *  - Every attribute where it is not allowed: EINVAL; BUF_INFO's pads.
 *  - BENCH with the attributes it takes: samples come back.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <sys/mman.h>

#include "checks.h"
#include "device.h"
#include "pattern.h"

#define CHUNK		4096ULL
#define XFER		2048U
/* NO_KERNEL_MAPPING round trip: two edu regions of this many bytes. */
#define NK_LEN		1024U
#define NK_EDU2		2048U
#define SEED_A		0x6a09e667f3bcc908ULL
#define SEED_B		0xbb67ae8584caa73bULL
#define SEED_OLD	0x3c6ef372fe94f82bULL
#define NO_SUCH_HANDLE	12345U
#define BENCH_ITERS	4U

#define WC_		DMABENCH_ATTR_WRITE_COMBINE
#define NOKMAP		DMABENCH_ATTR_NO_KERNEL_MAPPING
#define FORCE		DMABENCH_ATTR_FORCE_CONTIGUOUS
#define SINGLE		DMABENCH_ATTR_ALLOC_SINGLE_PAGES
#define SKIP		DMABENCH_ATTR_SKIP_CPU_SYNC
/* A bit no attribute has. */
#define NO_SUCH_ATTR	(1U << 5)

#define RD DMABENCH_DEVICE_DMA_READ
#define WR DMABENCH_DEVICE_DMA_WRITE

static const uint32_t alloc_attr_sets[] = {
	0, WC_, NOKMAP, FORCE, SINGLE, WC_ | NOKMAP | FORCE | SINGLE,
};

static const uint32_t every_attr[] = { WC_, NOKMAP, FORCE, SINGLE, SKIP, NO_SUCH_ATTR, 1U << 31 };

/* "wc+nokmap" (thread-local buffer). */
static const char *attr_name(uint32_t attrs)
{
	static const struct { uint32_t bit; const char *name; } names[] = {
		{ WC_, "write_combine" }, { NOKMAP, "no_kernel_mapping" },
		{ FORCE, "force_contiguous" }, { SINGLE, "alloc_single_pages" },
		{ SKIP, "skip_cpu_sync" },
	};
	char buf[160] = "";
	size_t n = 0;

	if (!attrs)
		return "no attributes";
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (!(attrs & names[i].bit))
			continue;
		n += (size_t)snprintf(buf + n, sizeof(buf) - n, "%s%s", n ? "+" : "", names[i].name);
		attrs &= ~names[i].bit;
	}
	if (attrs)
		snprintf(buf + n, sizeof(buf) - n, "%sbits %#x", n ? "+" : "", attrs);
	return tap_fmt("%s", buf);
}

static const char *kmap_name(uint32_t kmap)
{
	static const char *const names[] = { "LINEAR", "REMAPPED", "NONE" };

	return kmap < 3 ? names[kmap] : "out of range";
}

static const char *prot_name(uint32_t prot)
{
	static const char *const names[] = { "NOT_MAPPED", "SAME", "WC", "UC", "OTHER" };

	return prot < 5 ? names[prot] : "out of range";
}

static int buf_info(int fd, uint32_t handle, struct dmabench_buf_info *bi)
{
	memset(bi, 0, sizeof(*bi));
	bi->handle = handle;
	return kt_ioctl(fd, DMABENCH_IOC_BUF_INFO, bi);
}

static int alloc_attrs(int fd, uint32_t kind, uint64_t size, uint32_t attrs,
		       struct dmabench_alloc *a)
{
	memset(a, 0, sizeof(*a));
	a->kind = kind;
	a->size = size;
	a->node = -1;
	a->flags = attrs;
	return kt_ioctl(fd, DMABENCH_IOC_ALLOC, a);
}

static int map_attrs(int fd, uint32_t handle, uint32_t attrs, struct dmabench_map *m)
{
	memset(m, 0, sizeof(*m));
	m->handle = handle;
	m->dir = DMABENCH_DIR_BIDI;
	m->flags = attrs;
	return kt_ioctl(fd, DMABENCH_IOC_MAP, m);
}

static bool has_edu(const struct dmabench_info *info)
{
	return info->device == DMABENCH_DEV_EDU;
}

/* dma-direct: no IOMMU domain, or a passthrough one. */
static bool dma_direct(const struct dmabench_info *info)
{
	return info->iommu == DMABENCH_IOMMU_NONE || info->iommu == DMABENCH_IOMMU_IDENTITY;
}

/* --- coherent buffers with allocation attributes --------------------------- */

struct cbuf {
	int fd;
	const struct dmabench_info *info;
	uint32_t attrs;
	uint64_t size;
	struct dmabench_alloc a;
	char name[160];
};

static void coherent_info(struct cbuf *c)
{
	uint64_t npages = c->size / c->info->page_size;
	struct dmabench_buf_info bi;
	bool nokmap = c->attrs & NOKMAP;

	if (!tap_errno(buf_info(c->fd, c->a.handle, &bi), 0, "%s: BUF_INFO", c->name))
		return;
	tap_diag("%s: kmap %s, %u physical chunk(s), %u DMA segment(s)", c->name,
		 kmap_name(bi.kmap), bi.phys_chunks, bi.dma_segments);
	tap_ok(bi.handle == c->a.handle && bi.kind == DMABENCH_KIND_COHERENT &&
	       bi.attrs == c->attrs && bi.size == c->size && !bi.pad,
	       tap_fmt("handle %u kind %u attrs %#x size %" PRIu64, bi.handle, bi.kind, bi.attrs,
		       (uint64_t)bi.size),
	       "%s: BUF_INFO names the buffer: its kind, attributes and size", c->name);
	tap_ok(bi.kmap <= DMABENCH_KMAP_NONE && bi.phys_chunks >= 1 && bi.phys_chunks <= npages &&
	       bi.dma_segments == 1 && bi.user_prot == DMABENCH_PROT_NOT_MAPPED,
	       tap_fmt("kmap %u phys_chunks %u dma_segments %u user_prot %u", bi.kmap,
		       bi.phys_chunks, bi.dma_segments, bi.user_prot),
	       "%s: BUF_INFO in range (1..%" PRIu64 " chunks, 1 DMA segment, not mmapped)",
	       c->name, npages);
	if (!nokmap)
		tap_ok(bi.kmap != DMABENCH_KMAP_NONE, kmap_name(bi.kmap),
		       "%s: a kernel mapping (linear or remapped)", c->name);
	else if (dma_direct(c->info))
		tap_ok(bi.kmap == DMABENCH_KMAP_NONE, kmap_name(bi.kmap),
		       "%s: dma-direct gives a cookie, no kernel mapping (kmap NONE)", c->name);
	if (c->attrs & FORCE)
		tap_u64(bi.phys_chunks, 1, "%s: FORCE_CONTIGUOUS: one physical chunk", c->name);
	else if (dma_direct(c->info))
		tap_u64(bi.phys_chunks, 1, "%s: dma-direct: one physical chunk", c->name);
}

static void coherent_kernel_data(struct cbuf *c)
{
	struct dmabench_pattern p;
	int want = c->attrs & NOKMAP ? EINVAL : 0;

	tap_errno(kt_pattern(c->fd, c->a.handle, DMABENCH_PATTERN_FILL, SEED_A, 0, c->size, &p),
		  want, "%s: PATTERN FILL through the kernel mapping -> %s", c->name,
		  tap_errname(want));
	if (want)
		tap_errno(kt_pattern(c->fd, c->a.handle, DMABENCH_PATTERN_CHECK, SEED_A, 0,
				     c->size, &p), want, "%s: PATTERN CHECK -> EINVAL", c->name);
	else
		tap_pattern(c->fd, c->a.handle, SEED_A, 0, c->size,
			       "%s: PATTERN CHECK finds what FILL wrote", c->name);
}

/* The user sees the kernel's pattern, the kernel the user's; then the pgprot. */
static void coherent_user_data(struct cbuf *c)
{
	struct dmabench_buf_info bi;
	struct pat_result r;
	void *p;
	int err;

	p = kt_mmap(c->fd, c->a.mmap_offset, c->size, &err);
	if (c->attrs & NOKMAP) {
		tap_errno(err, EINVAL, "%s: mmap -> EINVAL (unzeroed pages never reach user space)",
			  c->name);
		if (p)
			munmap(p, c->size);
		if (!buf_info(c->fd, c->a.handle, &bi))
			tap_u64(bi.user_prot, DMABENCH_PROT_NOT_MAPPED,
				"%s: BUF_INFO after the refused mmap: NOT_MAPPED", c->name);
		return;
	}
	if (!tap_errno(err, 0, "%s: mmap of the whole buffer", c->name))
		return;
	pat_verify(p, c->size, SEED_A, &r);
	tap_ok(pat_ok(&r), pat_describe(&r), "%s: user reads the kernel's pattern", c->name);
	pat_write(p, c->size, SEED_B, &r);
	if (tap_ok(pat_ok(&r), pat_describe(&r), "%s: user writes a pattern", c->name))
		tap_pattern(c->fd, c->a.handle, SEED_B, 0, c->size,
			       "%s: the kernel reads the user's pattern", c->name);
	if (tap_errno(buf_info(c->fd, c->a.handle, &bi), 0, "%s: BUF_INFO while mmapped", c->name)) {
		tap_diag("%s: user mapping %s", c->name, prot_name(bi.user_prot));
		if (c->info->flags & DMABENCH_INFO_DEV_COHERENT)
			tap_u64(bi.user_prot, DMABENCH_PROT_SAME,
				"%s: a coherent device's mmap keeps the cached pgprot (SAME)",
				c->name);
		else
			tap_ok(bi.user_prot >= DMABENCH_PROT_WC && bi.user_prot <= DMABENCH_PROT_OTHER,
			       prot_name(bi.user_prot),
			       "%s: a non-coherent device's mmap changes the pgprot", c->name);
	}
	munmap(p, c->size);
}

/* Chunk 0's first half -> edu -> chunk 1, checked through the kernel mapping. */
static void coherent_device_round_trip(struct cbuf *c)
{
	if (!tap_errno(kt_fill(c->fd, c->a.handle, SEED_A, 0, CHUNK), 0, "%s: CPU fills chunk 0",
		       c->name) ||
	    !tap_errno(kt_device_dma(c->fd, c->a.handle, RD, 0, XFER, 0, 0, NULL), 0,
		       "%s: device reads 2 KiB at offset 0", c->name) ||
	    !tap_errno(kt_device_dma(c->fd, c->a.handle, WR, CHUNK, XFER, 0, 0, NULL), 0,
		       "%s: device writes 2 KiB at offset 4096", c->name))
		return;
	tap_pattern(c->fd, c->a.handle, SEED_A ^ CHUNK, CHUNK, XFER,
		       "%s: CPU reads the device's copy", c->name);
}

/*
 * A (NO_KERNEL_MAPPING) is seen only by the device: B's pattern goes
 * B -> edu -> A, A -> edu at a second region (zeroed from fresh B2 first)
 * -> B2 at offset 4096, where the CPU checks it.  Right data there means
 * the device wrote A and read it back.
 */
static void nokmap_device_round_trip(struct cbuf *c)
{
	struct dmabench_alloc b, b2;
	uint32_t h = c->a.handle;

	if (!tap_errno(kt_alloc(c->fd, DMABENCH_KIND_COHERENT, 2 * CHUNK, &b), 0,
		       "%s: ALLOC plain coherent B", c->name))
		return;
	if (!tap_errno(kt_alloc(c->fd, DMABENCH_KIND_COHERENT, 2 * CHUNK, &b2), 0,
			"%s: ALLOC plain coherent B2 (zeroed)", c->name))
		goto out_b;
	if (!tap_errno(kt_fill(c->fd, b.handle, SEED_A, 0, 2 * CHUNK), 0, "%s: CPU fills B", c->name) ||
	    !tap_errno(kt_device_dma(c->fd, b.handle, RD, 0, NK_LEN, 0, 0, NULL), 0,
		       "%s: device reads B", c->name) ||
	    !tap_errno(kt_device_dma(c->fd, h, WR, 0, NK_LEN, 0, 0, NULL), 0,
		       "%s: device writes A", c->name) ||
	    !tap_errno(kt_device_dma(c->fd, b2.handle, RD, 0, NK_LEN, NK_EDU2, 0, NULL), 0,
		       "%s: device reads zeroed B2 into its second region", c->name) ||
	    !tap_errno(kt_device_dma(c->fd, h, RD, 0, NK_LEN, NK_EDU2, 0, NULL), 0,
		       "%s: device reads A into its second region", c->name) ||
	    !tap_errno(kt_device_dma(c->fd, b2.handle, WR, CHUNK, NK_LEN, NK_EDU2, 0, NULL), 0,
		       "%s: device writes its second region to B2 at offset 4096", c->name))
		goto out_b2;
	tap_pattern(c->fd, b2.handle, SEED_A ^ CHUNK, CHUNK, NK_LEN,
		       "%s: B2 holds B's data: the device wrote A and read it back", c->name);
out_b2:
	kt_free(c->fd, b2.handle);
out_b:
	kt_free(c->fd, b.handle);
}

static void coherent_case(int fd, const struct dmabench_info *info, uint32_t attrs, uint64_t size)
{
	struct cbuf c = { .fd = fd, .info = info, .attrs = attrs, .size = size };
	int err;

	snprintf(c.name, sizeof(c.name), "attrs coherent %s %s", kt_size(size), attr_name(attrs));
	err = alloc_attrs(fd, DMABENCH_KIND_COHERENT, size, attrs, &c.a);
	if (!tap_errno(err, 0, "%s: ALLOC", c.name))
		return;
	coherent_info(&c);
	coherent_kernel_data(&c);
	coherent_user_data(&c);
	if (has_edu(info)) {
		if (attrs & NOKMAP)
			nokmap_device_round_trip(&c);
		else
			coherent_device_round_trip(&c);
	}
	tap_errno(kt_free(fd, c.a.handle), 0, "%s: FREE", c.name);
}

/* --- the pgprot and kernel mapping of every kind ------------------------------ */

static uint32_t want_prot(uint32_t kind, const struct dmabench_info *info, bool *exact)
{
	*exact = true;
	if (kind == DMABENCH_KIND_WC || kind == DMABENCH_KIND_UC) {
		/* The fault handler's pgprot_writecombine()/noncached(): x86 with PAT. */
		*exact = info->flags & DMABENCH_INFO_SET_PAGES_ARRAY;
		return kind == DMABENCH_KIND_WC ? DMABENCH_PROT_WC : DMABENCH_PROT_UC;
	}
	return DMABENCH_PROT_SAME;
}

static void kind_prot(int fd, const struct dmabench_info *info, uint32_t kind)
{
	struct dmabench_buf_info bi;
	char name[64];
	struct dmabench_alloc a;
	bool exact;
	uint32_t want = want_prot(kind, info, &exact);
	struct pat_result r;
	void *p;
	int err;

	snprintf(name, sizeof(name), "attrs %s mmap", kt_kind_name(kind));
	if (!(info->kinds & (1U << kind)))
		return tap_skip("kind not supported here", "%s", name);
	if (!tap_errno(kt_alloc(fd, kind, 4 * CHUNK, &a), 0, "%s: ALLOC", name))
		return;
	if (tap_errno(buf_info(fd, a.handle, &bi), 0, "%s: BUF_INFO before mmap", name))
		tap_u64(bi.user_prot, DMABENCH_PROT_NOT_MAPPED, "%s: not mmapped yet: NOT_MAPPED",
			name);
	p = kt_mmap(fd, a.mmap_offset, 4 * CHUNK, &err);
	if (!tap_errno(err, 0, "%s: mmap", name))
		goto out;
	pat_write(p, 4 * CHUNK, SEED_A, &r);
	tap_ok(pat_ok(&r), pat_describe(&r), "%s: user writes (faults the pages in)", name);
	if (tap_errno(buf_info(fd, a.handle, &bi), 0, "%s: BUF_INFO while mmapped", name)) {
		if (exact)
			tap_u64(bi.user_prot, want, "%s: user_prot %s", name, prot_name(want));
		else
			tap_ok(bi.user_prot >= DMABENCH_PROT_SAME && bi.user_prot <= DMABENCH_PROT_OTHER,
			       prot_name(bi.user_prot), "%s: user_prot in range (%s here)", name,
			       prot_name(bi.user_prot));
	}
	/* TTM's move: the next fault gets the new caching, and BUF_INFO says so. */
	if (kt_kind_moves(kind) &&
	    tap_errno(kt_move(fd, a.handle, DMABENCH_CACHING_WB), 0, "%s: MOVE to WB", name) &&
	    tap_errno(buf_info(fd, a.handle, &bi), 0, "%s: BUF_INFO after the move", name))
		tap_u64(bi.user_prot, DMABENCH_PROT_SAME, "%s: after MOVE to WB: SAME", name);
	munmap(p, 4 * CHUNK);
out:
	tap_errno(kt_free(fd, a.handle), 0, "%s: FREE", name);
}

/* Where each kind's kernel address lies, and its chunks and segments. */
static void kind_layout(int fd, const struct dmabench_info *info, uint32_t kind)
{
	uint64_t npages = 4 * CHUNK / info->page_size;
	struct dmabench_buf_info bi;
	struct dmabench_alloc a;
	struct dmabench_map m;
	uint32_t want_kmap;
	char name[64];

	snprintf(name, sizeof(name), "attrs %s BUF_INFO", kt_kind_name(kind));
	if (!(info->kinds & (1U << kind)))
		return tap_skip("kind not supported here", "%s", name);
	if (!tap_errno(kt_alloc(fd, kind, 4 * CHUNK, &a), 0, "%s: ALLOC", name))
		return;
	if (!tap_errno(buf_info(fd, a.handle, &bi), 0, "%s", name))
		goto out;
	/* vmap for the page kinds; dma-iommu vmaps noncontig, dma-direct does not. */
	if (kind == DMABENCH_KIND_NONCOHERENT ||
	    (kind == DMABENCH_KIND_NONCONTIG && dma_direct(info)))
		want_kmap = DMABENCH_KMAP_LINEAR;
	else
		want_kmap = DMABENCH_KMAP_REMAPPED;
	if (kind != DMABENCH_KIND_NONCONTIG || dma_direct(info) ||
	    info->iommu == DMABENCH_IOMMU_STRICT || info->iommu == DMABENCH_IOMMU_LAZY)
		tap_u64(bi.kmap, want_kmap, "%s: kmap %s", name, kmap_name(want_kmap));
	tap_ok(bi.kind == kind && !bi.attrs && bi.phys_chunks >= 1 && bi.phys_chunks <= npages,
	       tap_fmt("kind %u attrs %#x phys_chunks %u", bi.kind, bi.attrs, bi.phys_chunks),
	       "%s: kind, no attributes, 1..%" PRIu64 " physical chunks", name, npages);
	if (kind == DMABENCH_KIND_NONCOHERENT || (kind == DMABENCH_KIND_NONCONTIG && dma_direct(info)))
		tap_u64(bi.phys_chunks, 1, "%s: one physical chunk", name);
	if (!kt_kind_dma_maps(kind)) {
		tap_u64(bi.dma_segments, 1, "%s: one DMA segment", name);
		goto out;
	}
	tap_u64(bi.dma_segments, 0, "%s: unmapped: 0 DMA segments", name);
	if (!tap_errno(map_attrs(fd, a.handle, SKIP, &m), 0, "%s: MAP with SKIP_CPU_SYNC", name))
		goto out;
	if (tap_errno(buf_info(fd, a.handle, &bi), 0, "%s: BUF_INFO while mapped", name))
		tap_ok(bi.dma_segments == m.nents && bi.attrs == SKIP,
		       tap_fmt("dma_segments %u (MAP said %u), attrs %#x", bi.dma_segments, m.nents,
			       bi.attrs),
		       "%s: mapped: MAP's segment count, attrs SKIP_CPU_SYNC", name);
	if (tap_errno(kt_unmap(fd, a.handle), 0, "%s: UNMAP", name) &&
	    tap_errno(buf_info(fd, a.handle, &bi), 0, "%s: BUF_INFO after UNMAP", name))
		tap_ok(!bi.dma_segments && !bi.attrs,
		       tap_fmt("dma_segments %u attrs %#x", bi.dma_segments, bi.attrs),
		       "%s: unmapped again: 0 segments, no attributes", name);
out:
	tap_errno(kt_free(fd, a.handle), 0, "%s: FREE", name);
}

/* noncontig's one attribute. */
static void noncontig_single_pages(int fd, const struct dmabench_info *info)
{
	const char *name = "attrs noncontig alloc_single_pages";
	struct dmabench_buf_info bi;
	struct dmabench_alloc a;

	if (!(info->kinds & (1U << DMABENCH_KIND_NONCONTIG)))
		return tap_skip("kind not supported here", "%s", name);
	a = (struct dmabench_alloc){ .kind = DMABENCH_KIND_NONCONTIG, .size = 16 * CHUNK,
				     .node = -1, .flags = SINGLE };
	if (!tap_errno(kt_ioctl(fd, DMABENCH_IOC_ALLOC, &a), 0, "%s: ALLOC", name))
		return;
	if (tap_errno(buf_info(fd, a.handle, &bi), 0, "%s: BUF_INFO", name))
		tap_ok(bi.attrs == SINGLE && bi.dma_segments == 1,
		       tap_fmt("attrs %#x dma_segments %u phys_chunks %u", bi.attrs,
			       bi.dma_segments, bi.phys_chunks),
		       "%s: attrs ALLOC_SINGLE_PAGES, one DMA segment", name);
	if (tap_errno(kt_fill(fd, a.handle, SEED_A, 0, 16 * CHUNK), 0, "%s: PATTERN FILL", name))
		tap_pattern(fd, a.handle, SEED_A, 0, 16 * CHUNK, "%s: PATTERN CHECK", name);
	tap_errno(kt_free(fd, a.handle), 0, "%s: FREE", name);
}

/* --- SKIP_CPU_SYNC on streaming maps --------------------------------------- */

static void expect_fresh_or_stale(int fd, uint32_t handle, uint64_t at, uint32_t len,
				  uint64_t fresh, uint64_t stale, enum kt_sees want, const char *what)
{
	static const char *const words[] = {
		[KT_SEES_FRESH] = "fresh", [KT_SEES_STALE] = "stale",
		[KT_SEES_EITHER] = "all stale or all fresh",
	};
	struct dmabench_pattern f = { 0 }, s = { 0 };
	bool is_fresh, is_stale;
	int err;

	err = kt_pattern(fd, handle, DMABENCH_PATTERN_CHECK, fresh, at, len, &f);
	if (!err)
		err = kt_pattern(fd, handle, DMABENCH_PATTERN_CHECK, stale, at, len, &s);
	is_fresh = !err && !f.mismatches;
	is_stale = !err && !s.mismatches;
	if (want == KT_SEES_EITHER)
		tap_diag("%s: %s", what, is_stale ? "stale" : is_fresh ? "fresh" : "mixed");
	tap_ok(want == KT_SEES_STALE ? is_stale : want == KT_SEES_FRESH ? is_fresh : is_stale || is_fresh,
	       tap_fmt("%s, %" PRIu64 " words differ from fresh, %" PRIu64 " from stale",
		       tap_errname(err), (uint64_t)f.mismatches, (uint64_t)s.mismatches),
	       "%s: %s data", what, words[want]);
}

static bool skip_buffer(int fd, uint32_t attrs, const char *name, struct dmabench_alloc *a)
{
	struct dmabench_map m;

	return tap_errno(kt_alloc(fd, DMABENCH_KIND_STREAMING, 4 * CHUNK, a), 0, "%s: ALLOC", name) &&
	       tap_errno(kt_fill(fd, a->handle, SEED_OLD, 0, 4 * CHUNK), 0, "%s: CPU fills it", name) &&
	       tap_errno(map_attrs(fd, a->handle, attrs, &m), 0, "%s: MAP %s", name,
			 attr_name(attrs));
}

/* With DEVICE_DMA's syncs a SKIP_CPU_SYNC mapping moves data right. */
static void skip_round_trip(int fd)
{
	const char *name = "attrs streaming skip_cpu_sync round trip";
	struct dmabench_alloc a;

	if (skip_buffer(fd, SKIP, name, &a) &&
	    tap_errno(kt_sync(fd, a.handle, DMABENCH_SYNC_FOR_CPU, 0, 4 * CHUNK), 0,
		      "%s: SYNC for_cpu", name) &&
	    tap_errno(kt_fill(fd, a.handle, SEED_A, 0, CHUNK), 0, "%s: CPU fills chunk 0", name) &&
	    tap_errno(kt_device_dma(fd, a.handle, RD, 0, XFER, 0, 0, NULL), 0,
		      "%s: device reads chunk 0 (synced)", name) &&
	    tap_errno(kt_device_dma(fd, a.handle, WR, CHUNK, XFER, 0, 0, NULL), 0,
		      "%s: device writes chunk 1 (synced)", name))
		tap_pattern(fd, a.handle, SEED_A ^ CHUNK, CHUNK, XFER,
			       "%s: CPU reads the device's copy", name);
	if (a.handle) {
		kt_unmap(fd, a.handle);
		kt_free(fd, a.handle);
	}
}

/*
 * The map filled the bounce slots with the old data; the CPU writes new
 * data and nobody syncs: the device reads the slot (chunk 0, no sync) and
 * writes it to chunk 1 (synced), where the CPU finds what the device read.
 */
static void skip_device_reads_slot(int fd, const struct dmabench_info *info)
{
	const char *name = "attrs streaming skip_cpu_sync, device reads without a sync";
	struct dmabench_alloc a;

	if (skip_buffer(fd, SKIP, name, &a) &&
	    tap_errno(kt_fill(fd, a.handle, SEED_A, 0, CHUNK), 0, "%s: CPU writes new data", name) &&
	    tap_errno(kt_device_dma(fd, a.handle, RD, 0, XFER, 0, DMABENCH_DEVICE_DMA_NO_SYNC, NULL), 0,
		      "%s: device reads chunk 0, NO_SYNC", name) &&
	    tap_errno(kt_device_dma(fd, a.handle, WR, CHUNK, XFER, 0, 0, NULL), 0,
		      "%s: device writes what it read to chunk 1", name))
		expect_fresh_or_stale(fd, a.handle, CHUNK, XFER, SEED_A ^ CHUNK, SEED_OLD ^ CHUNK,
				      kt_streaming_sees(info), "attrs streaming skip_cpu_sync: the device read");
	if (a.handle) {
		kt_unmap(fd, a.handle);
		kt_free(fd, a.handle);
	}
}

/*
 * The device writes chunk 0 with no sync, then UNMAP: without
 * SKIP_CPU_SYNC the unmap copies a bounce slot back (fresh everywhere),
 * with it the device's write stays in the slot where swiotlb bounces.
 */
static void skip_unmap(int fd, const struct dmabench_info *info, uint32_t attrs)
{
	struct dmabench_alloc a, src;
	char name[128];
	bool mapped;

	snprintf(name, sizeof(name), "attrs streaming UNMAP after a device write, %s",
		 attr_name(attrs));
	if (!tap_errno(kt_alloc(fd, DMABENCH_KIND_COHERENT, CHUNK, &src), 0,
		       "%s: ALLOC coherent source", name))
		return;
	mapped = skip_buffer(fd, attrs, name, &a);
	if (mapped &&
	    tap_errno(kt_fill(fd, src.handle, SEED_A, 0, CHUNK), 0, "%s: CPU fills the source", name) &&
	    tap_errno(kt_device_dma(fd, src.handle, RD, 0, XFER, 0, 0, NULL), 0,
		      "%s: device reads the source", name) &&
	    tap_errno(kt_device_dma(fd, a.handle, WR, 0, XFER, 0, DMABENCH_DEVICE_DMA_NO_SYNC, NULL), 0,
		      "%s: device writes chunk 0, NO_SYNC", name) &&
	    tap_errno(kt_unmap(fd, a.handle), 0, "%s: UNMAP", name)) {
		mapped = false;
		expect_fresh_or_stale(fd, a.handle, 0, XFER, SEED_A, SEED_OLD,
				      attrs & SKIP ? kt_streaming_sees(info) : KT_SEES_FRESH,
				      attrs & SKIP ?
				      "attrs streaming UNMAP with skip_cpu_sync: the CPU reads" :
				      "attrs streaming UNMAP without attributes: the CPU reads");
	}
	if (a.handle) {
		if (mapped)
			kt_unmap(fd, a.handle);
		kt_free(fd, a.handle);
	}
	kt_free(fd, src.handle);
}

/* --- refused combinations ---------------------------------------------------- */

static void bad_alloc_attrs(int fd, const struct dmabench_info *info)
{
	for (uint32_t kind = 0; kind < DMABENCH_KIND_COUNT; kind++) {
		uint32_t ok = kind == DMABENCH_KIND_COHERENT ? DMABENCH_ATTRS_ALLOC :
			      kind == DMABENCH_KIND_NONCONTIG ? SINGLE : 0;

		for (size_t i = 0; i < sizeof(every_attr) / sizeof(every_attr[0]); i++) {
			struct dmabench_alloc a;
			int err;

			if (every_attr[i] & ok)
				continue;
			err = alloc_attrs(fd, kind, info->page_size, every_attr[i], &a);
			tap_errno(err, EINVAL, "bad ioctl: ALLOC %s with %s -> EINVAL",
				  kt_kind_name(kind), attr_name(every_attr[i]));
			if (!err)
				kt_free(fd, a.handle);
		}
	}
}

static void bad_map_attrs(int fd, const struct dmabench_info *info)
{
	struct dmabench_alloc a, c;
	struct dmabench_map m;

	if (!tap_errno(kt_alloc(fd, DMABENCH_KIND_STREAMING, info->page_size, &a), 0,
		       "bad ioctl setup: ALLOC streaming"))
		return;
	for (size_t i = 0; i < sizeof(every_attr) / sizeof(every_attr[0]); i++) {
		if (every_attr[i] == SKIP)
			continue;
		tap_errno(map_attrs(fd, a.handle, every_attr[i], &m), EINVAL,
			  "bad ioctl: MAP streaming with %s -> EINVAL", attr_name(every_attr[i]));
	}
	if (tap_errno(map_attrs(fd, a.handle, SKIP | WC_, &m), EINVAL,
		      "bad ioctl: MAP with skip_cpu_sync+write_combine -> EINVAL") &&
	    tap_errno(map_attrs(fd, a.handle, SKIP, &m), 0, "bad ioctl: MAP with skip_cpu_sync (control)"))
		kt_unmap(fd, a.handle);
	kt_free(fd, a.handle);
	if (tap_errno(kt_alloc(fd, DMABENCH_KIND_COHERENT, info->page_size, &c), 0,
		      "bad ioctl setup: ALLOC coherent")) {
		tap_errno(map_attrs(fd, c.handle, SKIP, &m), EINVAL,
			  "bad ioctl: MAP of coherent with skip_cpu_sync -> EINVAL");
		kt_free(fd, c.handle);
	}
}

struct bench_attr_case {
	uint32_t op, kind, flags;
	const char *what;
};

static const struct bench_attr_case bad_bench_cases[] = {
	{ DMABENCH_OP_ALLOC_FREE, DMABENCH_KIND_STREAMING, WC_, "ALLOC_FREE streaming" },
	{ DMABENCH_OP_ALLOC_FREE, DMABENCH_KIND_WC, FORCE, "ALLOC_FREE wc" },
	{ DMABENCH_OP_ALLOC_FREE, DMABENCH_KIND_NONCOHERENT, SINGLE, "ALLOC_FREE noncoherent" },
	{ DMABENCH_OP_ALLOC_FREE, DMABENCH_KIND_COHERENT, SKIP, "ALLOC_FREE coherent" },
	{ DMABENCH_OP_ALLOC_FREE, DMABENCH_KIND_COHERENT, NO_SUCH_ATTR, "ALLOC_FREE coherent" },
	{ DMABENCH_OP_ALLOC_FREE, DMABENCH_KIND_NONCONTIG, NOKMAP, "ALLOC_FREE noncontig" },
	{ DMABENCH_OP_ALLOC_FREE, DMABENCH_KIND_NONCONTIG, WC_, "ALLOC_FREE noncontig" },
	{ DMABENCH_OP_EMPTY, DMABENCH_KIND_COHERENT, WC_, "EMPTY coherent" },
	{ DMABENCH_OP_KREAD, DMABENCH_KIND_COHERENT, NOKMAP, "KREAD coherent" },
	{ DMABENCH_OP_KWRITE, DMABENCH_KIND_COHERENT, NOKMAP, "KWRITE coherent" },
	{ DMABENCH_OP_KCOPY, DMABENCH_KIND_COHERENT, NOKMAP | WC_, "KCOPY coherent" },
	{ DMABENCH_OP_KREAD, DMABENCH_KIND_STREAMING, WC_, "KREAD streaming" },
	{ DMABENCH_OP_KREAD, DMABENCH_KIND_NONCONTIG, FORCE, "KREAD noncontig" },
	{ DMABENCH_OP_MAP_SG, DMABENCH_KIND_STREAMING, WC_, "MAP_SG streaming" },
	{ DMABENCH_OP_MAP_SG, DMABENCH_KIND_WC, SINGLE, "MAP_SG wc" },
	{ DMABENCH_OP_MAP_SINGLE, DMABENCH_KIND_STREAMING, FORCE, "MAP_SINGLE streaming" },
	{ DMABENCH_OP_MAP_PAGE, DMABENCH_KIND_STREAMING, SKIP | NOKMAP, "MAP_PAGE streaming" },
	{ DMABENCH_OP_SYNC_FOR_CPU, DMABENCH_KIND_STREAMING, SKIP, "SYNC_FOR_CPU streaming" },
	{ DMABENCH_OP_SYNC_FOR_DEVICE, DMABENCH_KIND_NONCONTIG, WC_, "SYNC_FOR_DEVICE noncontig" },
	{ DMABENCH_OP_SG_ITER_DMA, DMABENCH_KIND_STREAMING, SKIP, "SG_ITER_DMA streaming" },
	{ DMABENCH_OP_CACHING, DMABENCH_KIND_WC, SKIP, "CACHING wc" },
	{ DMABENCH_OP_POOL_FRESH, DMABENCH_KIND_UC, SKIP, "POOL_FRESH uc" },
};

static void bad_bench_attrs(int fd, const struct dmabench_info *info)
{
	for (size_t i = 0; i < sizeof(bad_bench_cases) / sizeof(bad_bench_cases[0]); i++) {
		const struct bench_attr_case *c = &bad_bench_cases[i];
		struct dmabench_bench b = {
			.op = c->op, .kind = c->kind, .size = info->page_size, .iterations = 1,
			.batch = 1, .node = -1, .flags = c->flags,
		};

		tap_errno(kt_ioctl(fd, DMABENCH_IOC_BENCH, &b), EINVAL,
			  "bad ioctl: BENCH %s with %s -> EINVAL", c->what, attr_name(c->flags));
	}
}

static void bad_buf_infos(int fd, const struct dmabench_info *info)
{
	struct dmabench_buf_info bi;
	struct dmabench_alloc a;

	if (!tap_errno(kt_alloc(fd, DMABENCH_KIND_STREAMING, info->page_size, &a), 0,
		       "bad ioctl setup: ALLOC streaming"))
		return;
	tap_errno(buf_info(fd, a.handle, &bi), 0, "bad ioctl: BUF_INFO (control)");
	bi = (struct dmabench_buf_info){ .handle = a.handle, .pad = 1 };
	tap_errno(kt_ioctl(fd, DMABENCH_IOC_BUF_INFO, &bi), EINVAL, "bad ioctl: BUF_INFO pad 1 -> EINVAL");
	for (int i = 0; i < 4; i++) {
		bi = (struct dmabench_buf_info){ .handle = a.handle };
		bi.reserved[i] = 1;
		tap_errno(kt_ioctl(fd, DMABENCH_IOC_BUF_INFO, &bi), EINVAL,
			  "bad ioctl: BUF_INFO reserved[%d] 1 -> EINVAL", i);
	}
	bi = (struct dmabench_buf_info){ .handle = 0 };
	tap_errno(kt_ioctl(fd, DMABENCH_IOC_BUF_INFO, &bi), ENOENT, "bad ioctl: BUF_INFO handle 0 -> ENOENT");
	bi = (struct dmabench_buf_info){ .handle = NO_SUCH_HANDLE };
	tap_errno(kt_ioctl(fd, DMABENCH_IOC_BUF_INFO, &bi), ENOENT,
		  "bad ioctl: BUF_INFO handle 12345 -> ENOENT");
	tap_errno(kt_ioctl(fd, DMABENCH_IOC_BUF_INFO, NULL), EFAULT,
		  "bad ioctl: BUF_INFO with a NULL struct -> EFAULT");
	kt_free(fd, a.handle);
	bi = (struct dmabench_buf_info){ .handle = a.handle };
	tap_errno(kt_ioctl(fd, DMABENCH_IOC_BUF_INFO, &bi), ENOENT,
		  "bad ioctl: BUF_INFO of a freed handle -> ENOENT");
}

/* --- BENCH with attributes ---------------------------------------------------- */

static const struct bench_attr_case good_bench_cases[] = {
	{ DMABENCH_OP_ALLOC_FREE, DMABENCH_KIND_COHERENT, WC_, "ALLOC_FREE coherent" },
	{ DMABENCH_OP_ALLOC_FREE, DMABENCH_KIND_COHERENT, NOKMAP, "ALLOC_FREE coherent" },
	{ DMABENCH_OP_ALLOC_FREE, DMABENCH_KIND_COHERENT, FORCE, "ALLOC_FREE coherent" },
	{ DMABENCH_OP_ALLOC_FREE, DMABENCH_KIND_COHERENT, SINGLE, "ALLOC_FREE coherent" },
	{ DMABENCH_OP_ALLOC_FREE, DMABENCH_KIND_COHERENT, WC_ | NOKMAP | FORCE | SINGLE,
	  "ALLOC_FREE coherent" },
	{ DMABENCH_OP_KREAD, DMABENCH_KIND_COHERENT, WC_, "KREAD coherent" },
	{ DMABENCH_OP_KWRITE, DMABENCH_KIND_COHERENT, WC_ | FORCE, "KWRITE coherent" },
	{ DMABENCH_OP_KCOPY, DMABENCH_KIND_COHERENT, SINGLE, "KCOPY coherent" },
	{ DMABENCH_OP_MAP_SG, DMABENCH_KIND_STREAMING, SKIP, "MAP_SG streaming" },
	{ DMABENCH_OP_MAP_SINGLE, DMABENCH_KIND_STREAMING, SKIP, "MAP_SINGLE streaming" },
	{ DMABENCH_OP_MAP_PAGE, DMABENCH_KIND_STREAMING, SKIP, "MAP_PAGE streaming" },
	{ DMABENCH_OP_MAP_SG, DMABENCH_KIND_WC, SKIP, "MAP_SG wc" },
	{ DMABENCH_OP_ALLOC_FREE, DMABENCH_KIND_NONCONTIG, SINGLE, "ALLOC_FREE noncontig" },
	{ DMABENCH_OP_SYNC_FOR_DEVICE, DMABENCH_KIND_NONCONTIG, SINGLE, "SYNC_FOR_DEVICE noncontig" },
	{ DMABENCH_OP_KREAD, DMABENCH_KIND_NONCONTIG, SINGLE, "KREAD noncontig" },
};

static void good_benches(int fd, const struct dmabench_info *info)
{
	uint64_t s1[BENCH_ITERS], s2[BENCH_ITERS];

	for (size_t i = 0; i < sizeof(good_bench_cases) / sizeof(good_bench_cases[0]); i++) {
		const struct bench_attr_case *c = &good_bench_cases[i];
		struct dmabench_bench b = {
			.op = c->op, .kind = c->kind, .size = 16 * info->page_size,
			.iterations = BENCH_ITERS, .batch = 1, .node = -1, .flags = c->flags,
			.samples = (uintptr_t)s1, .samples2 = (uintptr_t)s2,
		};
		int err;

		if (!(info->kinds & (1U << c->kind))) {
			tap_skip("kind not supported here", "attrs BENCH %s", c->what);
			continue;
		}
		err = kt_ioctl(fd, DMABENCH_IOC_BENCH, &b);
		tap_ok(!err && b.done == BENCH_ITERS,
		       tap_fmt("%s, done %u", tap_errname(err), b.done),
		       "attrs BENCH %s with %s: %u samples", c->what, attr_name(c->flags),
		       BENCH_ITERS);
	}
}

/* The userptr kind's MAP_SG with SKIP_CPU_SYNC, on the caller's memory. */
static void good_bench_userptr(int fd, const struct dmabench_info *info)
{
	uint64_t size = 16 * info->page_size, s1[BENCH_ITERS];
	struct dmabench_bench b = {
		.op = DMABENCH_OP_MAP_SG, .kind = DMABENCH_KIND_USERPTR, .size = size,
		.iterations = BENCH_ITERS, .batch = 1, .node = -1, .flags = SKIP,
		.samples = (uintptr_t)s1,
	};
	void *mem;
	int err;

	mem = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (!tap_ok(mem != MAP_FAILED, NULL, "attrs BENCH MAP_SG userptr: user memory"))
		return;
	memset(mem, 0x11, size);
	b.uaddr = (uintptr_t)mem;
	err = kt_ioctl(fd, DMABENCH_IOC_BENCH, &b);
	tap_ok(!err && b.done == BENCH_ITERS, tap_fmt("%s, done %u", tap_errname(err), b.done),
	       "attrs BENCH MAP_SG userptr with skip_cpu_sync: %u samples", BENCH_ITERS);
	munmap(mem, size);
}

void check_attrs(int fd, const struct dmabench_info *info)
{
	static const uint64_t sizes[] = { 64 * KIB, 1 * MIB };
	static const uint32_t mmap_kinds[] = {
		DMABENCH_KIND_STREAMING, DMABENCH_KIND_WC, DMABENCH_KIND_UC,
		DMABENCH_KIND_NONCOHERENT, DMABENCH_KIND_NONCONTIG,
	};
	struct kt_counters base;

	if (!tap_ok(info->flags & DMABENCH_INFO_ATTRS, tap_fmt("flags %#x", info->flags),
		    "attrs: GET_INFO says the module knows DMA attributes (DMABENCH_INFO_ATTRS)"))
		return;
	kt_counters(fd, &base);
	for (size_t s = 0; s < sizeof(sizes) / sizeof(sizes[0]); s++)
		for (size_t i = 0; i < sizeof(alloc_attr_sets) / sizeof(alloc_attr_sets[0]); i++)
			coherent_case(fd, info, alloc_attr_sets[i], sizes[s]);
	for (size_t i = 0; i < sizeof(mmap_kinds) / sizeof(mmap_kinds[0]); i++) {
		kind_prot(fd, info, mmap_kinds[i]);
		kind_layout(fd, info, mmap_kinds[i]);
	}
	noncontig_single_pages(fd, info);
	if (has_edu(info)) {
		skip_round_trip(fd);
		skip_device_reads_slot(fd, info);
		skip_unmap(fd, info, 0);
		skip_unmap(fd, info, SKIP);
	} else {
		tap_skip("the file's device is not edu", "attrs: SKIP_CPU_SYNC with device DMA");
	}
	bad_alloc_attrs(fd, info);
	bad_map_attrs(fd, info);
	bad_bench_attrs(fd, info);
	bad_buf_infos(fd, info);
	good_benches(fd, info);
	good_bench_userptr(fd, info);
	tap_counters(fd, &base, "attrs: live counters back to where the group began");
	tap_bytes_held(fd, 0, "attrs: bytes_held back to 0");
}
