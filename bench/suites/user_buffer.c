// SPDX-License-Identifier: GPL-2.0
/* Buffers the user-side tests touch; see user_buffer.h. */
#include "suites/user_buffer.h"

#include <errno.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include "core/names.h"

/* Below this, a huge page would not be used anyway. */
#define HUGE_HINT_MIN	(2ULL << 20)

const char *ubuf_kind_name(int kind)
{
	if (kind == UBUF_KIND_CACHED)
		return "cached";
	return name_of(&kind_names, (unsigned int)kind);
}

void ubuf_fill(void *addr, uint64_t len, uint64_t seed)
{
	uint64_t *p = addr;

	/* seed ^ offset, as the module's pattern: never all zero pages. */
	for (uint64_t i = 0; i < len / 8; i++)
		p[i] = (seed | 1) ^ (i * 8);
}

uint64_t ubuf_touch_pages(void *addr, uint64_t len, bool write)
{
	volatile unsigned char *p = addr;
	uint64_t page = (uint64_t)sysconf(_SC_PAGESIZE), sum = 0;

	for (uint64_t off = 0; off < len; off += page) {
		if (write)
			p[off] = (unsigned char)off | 1;
		else
			sum += p[off];
	}
	return sum;
}

int ubuf_cached(struct ubuf *b, uint64_t size)
{
	memset(b, 0, sizeof(*b));
	b->kind = UBUF_KIND_CACHED;
	b->size = size;
	b->addr = mmap(NULL, (size_t)size, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (b->addr == MAP_FAILED) {
		b->addr = NULL;
		return -errno;
	}
	/* A hint: without THP the buffer still works, on 4 KiB pages. */
	if (size >= HUGE_HINT_MIN)
		madvise(b->addr, (size_t)size, MADV_HUGEPAGE);
	ubuf_fill(b->addr, size, 0x5eed);
	return 0;
}

int ubuf_module(struct ubuf *b, struct bench_device *dev, unsigned int kind,
		uint64_t size, uint32_t dir, bool populate)
{
	int ret;

	memset(b, 0, sizeof(*b));
	b->kind = (int)kind;
	b->size = size;
	b->dev = dev;
	b->dir = dir;
	b->alloc.kind = kind;
	b->alloc.size = size;
	b->alloc.node = -1;
	b->alloc.dir = kind == DMABENCH_KIND_NONCOHERENT ||
		       kind == DMABENCH_KIND_NONCONTIG ? dir : 0;
	ret = device_alloc(dev, &b->alloc);
	if (ret) {
		b->alloc.handle = 0;
		return ret;
	}
	b->addr = device_mmap(dev, &b->alloc, PROT_READ | PROT_WRITE);
	if (!b->addr) {
		ret = -dev->last.err;
		ubuf_release(b);
		return ret;
	}
	if (populate)
		ubuf_fill(b->addr, size, 0x5eed);
	return 0;
}

int ubuf_dma_map(struct ubuf *b, uint32_t dir)
{
	struct dmabench_map m = { .handle = b->alloc.handle, .dir = dir };
	int ret = device_map(b->dev, &m);

	if (ret == 0) {
		b->dma_mapped = true;
		b->dir = dir;
	}
	return ret;
}

int ubuf_sync(struct ubuf *b, uint32_t to, uint64_t *ns)
{
	struct dmabench_sync s = {
		.handle = b->alloc.handle, .to = to, .dir = b->dir,
		.offset = 0, .len = b->size,
	};
	int ret = device_sync(b->dev, &s);

	if (ret == 0 && ns)
		*ns = s.ns;
	return ret;
}

void ubuf_release(struct ubuf *b)
{
	if (b->addr)
		munmap(b->addr, (size_t)b->size);
	b->addr = NULL;
	if (b->dma_mapped)
		device_unmap(b->dev, b->alloc.handle);
	b->dma_mapped = false;
	if (b->dev && b->alloc.handle)
		device_free(b->dev, b->alloc.handle);
	b->alloc.handle = 0;
}
