// SPDX-License-Identifier: GPL-2.0
/* /dev/dmabench access for kmod_test; see device.h. */
#include "device.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

/* The layout is the ABI: check it here too, at build time. */
_Static_assert(sizeof(struct dmabench_info) == DMABENCH_INFO_SIZE, "info");
_Static_assert(sizeof(struct dmabench_set_device) == DMABENCH_SET_DEVICE_SIZE, "set_device");
_Static_assert(sizeof(struct dmabench_alloc) == DMABENCH_ALLOC_SIZE, "alloc");
_Static_assert(sizeof(struct dmabench_handle) == DMABENCH_HANDLE_SIZE, "handle");
_Static_assert(sizeof(struct dmabench_map) == DMABENCH_MAP_SIZE, "map");
_Static_assert(sizeof(struct dmabench_sync) == DMABENCH_SYNC_SIZE, "sync");
_Static_assert(sizeof(struct dmabench_move) == DMABENCH_MOVE_SIZE, "move");
_Static_assert(sizeof(struct dmabench_pattern) == DMABENCH_PATTERN_SIZE, "pattern");
_Static_assert(sizeof(struct dmabench_bench) == DMABENCH_BENCH_SIZE, "bench");

struct kt_config kt_cfg = {
	.device = -1,
	.max_size = 64 * MIB,
	.quick = false,
};

int kt_ioctl(int fd, unsigned long cmd, void *arg)
{
	return ioctl(fd, cmd, arg) ? errno : 0;
}

int kt_open(void)
{
	struct dmabench_set_device sd = { .device = (uint32_t)kt_cfg.device };
	int fd, err;

	fd = open(DMABENCH_DEVICE_PATH, O_RDWR | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (kt_cfg.device < 0)
		return fd;
	err = kt_ioctl(fd, DMABENCH_IOC_SET_DEVICE, &sd);
	if (err) {
		close(fd);
		return -err;
	}
	return fd;
}

int kt_info(int fd, struct dmabench_info *info)
{
	memset(info, 0, sizeof(*info));
	return kt_ioctl(fd, DMABENCH_IOC_GET_INFO, info);
}

int kt_alloc(int fd, uint32_t kind, uint64_t size, struct dmabench_alloc *out)
{
	memset(out, 0, sizeof(*out));
	out->kind = kind;
	out->dir = DMABENCH_DIR_BIDI;
	out->size = size;
	out->node = -1;
	return kt_ioctl(fd, DMABENCH_IOC_ALLOC, out);
}

int kt_free(int fd, uint32_t handle)
{
	struct dmabench_handle h = { .handle = handle };

	return kt_ioctl(fd, DMABENCH_IOC_FREE, &h);
}

int kt_map(int fd, uint32_t handle, uint32_t dir, struct dmabench_map *out)
{
	memset(out, 0, sizeof(*out));
	out->handle = handle;
	out->dir = dir;
	return kt_ioctl(fd, DMABENCH_IOC_MAP, out);
}

int kt_unmap(int fd, uint32_t handle)
{
	struct dmabench_handle h = { .handle = handle };

	return kt_ioctl(fd, DMABENCH_IOC_UNMAP, &h);
}

/* Every buffer these checks sync was mapped or allocated DMA_BIDIRECTIONAL. */
int kt_sync(int fd, uint32_t handle, uint32_t to, uint64_t offset, uint64_t len)
{
	struct dmabench_sync s = {
		.handle = handle, .to = to, .dir = DMABENCH_DIR_BIDI,
		.offset = offset, .len = len,
	};

	return kt_ioctl(fd, DMABENCH_IOC_SYNC, &s);
}

int kt_move(int fd, uint32_t handle, uint32_t caching)
{
	struct dmabench_move m = { .handle = handle, .caching = caching };

	return kt_ioctl(fd, DMABENCH_IOC_MOVE, &m);
}

int kt_pattern(int fd, uint32_t handle, uint32_t op, uint64_t seed,
	       uint64_t offset, uint64_t len, struct dmabench_pattern *out)
{
	memset(out, 0, sizeof(*out));
	out->handle = handle;
	out->op = op;
	out->seed = seed;
	out->offset = offset;
	out->len = len;
	return kt_ioctl(fd, DMABENCH_IOC_PATTERN, out);
}

int kt_device_dma(int fd, uint32_t handle, uint32_t op, uint64_t offset, uint32_t len,
		  uint32_t edu_offset, uint32_t flags, struct dmabench_device_dma *out)
{
	struct dmabench_device_dma d = {
		.handle = handle, .op = op, .offset = offset, .len = len,
		.edu_offset = edu_offset, .flags = flags,
	};
	int err = kt_ioctl(fd, DMABENCH_IOC_DEVICE_DMA, &d);

	if (out)
		*out = d;
	return err;
}

int kt_fill(int fd, uint32_t handle, uint64_t seed, uint64_t offset, uint64_t len)
{
	struct dmabench_pattern p;

	return kt_pattern(fd, handle, DMABENCH_PATTERN_FILL, seed, offset, len, &p);
}

enum kt_sees kt_streaming_sees(const struct dmabench_info *info)
{
	if (info->flags & DMABENCH_INFO_SWIOTLB_FORCE)
		return KT_SEES_STALE;
	if ((info->flags & DMABENCH_INFO_SWIOTLB_ACTIVE) &&
	    (info->flags & DMABENCH_INFO_NEED_SYNC) && info->dma_mask < UINT64_MAX)
		return KT_SEES_EITHER;
	return KT_SEES_FRESH;
}

void *kt_mmap(int fd, uint64_t offset, uint64_t len, int *err)
{
	void *p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, (off_t)offset);

	if (p == MAP_FAILED) {
		*err = errno;
		return NULL;
	}
	*err = 0;
	return p;
}

const char *kt_device_name(int device)
{
	static const char *const names[DMABENCH_DEV_COUNT] = {
		[DMABENCH_DEV_PLATFORM] = "platform",
		[DMABENCH_DEV_EDU] = "edu",
		[DMABENCH_DEV_PCI] = "pci",
	};

	return device >= 0 && device < DMABENCH_DEV_COUNT ? names[device] : "bad-device";
}

const char *kt_kind_name(uint32_t kind)
{
	static const char *const names[DMABENCH_KIND_COUNT] = {
		[DMABENCH_KIND_COHERENT] = "coherent",
		[DMABENCH_KIND_STREAMING] = "streaming",
		[DMABENCH_KIND_WC] = "wc",
		[DMABENCH_KIND_UC] = "uc",
		[DMABENCH_KIND_NONCOHERENT] = "noncoherent",
		[DMABENCH_KIND_USERPTR] = "userptr",
		[DMABENCH_KIND_NONCONTIG] = "noncontig",
		[DMABENCH_KIND_IMPORT] = "import",
	};

	return kind < DMABENCH_KIND_COUNT ? names[kind] : "bad-kind";
}

/* User memory comes through USERPTR (userptr.c), never through ALLOC. */
bool kt_kind_allocs(uint32_t kind)
{
	return kind < DMABENCH_KIND_COUNT && kind != DMABENCH_KIND_USERPTR &&
	       kind != DMABENCH_KIND_IMPORT;
}

uint32_t kt_alloc_kind_count(void)
{
	uint32_t n = 0;

	for (uint32_t kind = 0; kind < DMABENCH_KIND_COUNT; kind++)
		n += kt_kind_allocs(kind);
	return n;
}

bool kt_kind_dma_maps(uint32_t kind)
{
	return kind == DMABENCH_KIND_STREAMING || kt_kind_moves(kind);
}

bool kt_kind_syncs(uint32_t kind)
{
	return kind != DMABENCH_KIND_COHERENT;
}

bool kt_kind_moves(uint32_t kind)
{
	return kind == DMABENCH_KIND_WC || kind == DMABENCH_KIND_UC;
}

uint32_t kt_kind_caching(uint32_t kind)
{
	if (kind == DMABENCH_KIND_WC)
		return DMABENCH_CACHING_WC;
	if (kind == DMABENCH_KIND_UC)
		return DMABENCH_CACHING_UC;
	return DMABENCH_CACHING_WB;
}

const char *kt_size(uint64_t bytes)
{
	if (bytes >= GIB && !(bytes % GIB))
		return tap_fmt("%" PRIu64 " GiB", bytes / GIB);
	if (bytes >= MIB && !(bytes % MIB))
		return tap_fmt("%" PRIu64 " MiB", bytes / MIB);
	if (bytes >= KIB && !(bytes % KIB))
		return tap_fmt("%" PRIu64 " KiB", bytes / KIB);
	return tap_fmt("%" PRIu64 " B", bytes);
}

int kt_counters(int fd, struct kt_counters *c)
{
	struct dmabench_info info;
	int err = kt_info(fd, &info);

	c->buffers = info.live_buffers;
	c->bytes = info.live_bytes;
	c->mmaps = info.live_mmaps;
	c->files = info.live_files;
	return err;
}

bool tap_counters(int fd, const struct kt_counters *base, const char *fmt, ...)
{
	struct kt_counters now;
	const char *detail;
	va_list ap;
	bool ret;
	int err;

	err = kt_counters(fd, &now);
	if (err)
		detail = tap_fmt("GET_INFO failed: %s", tap_errname(err));
	else
		detail = tap_fmt("live buffers/bytes/mmaps/files %" PRIu64 "/%" PRIu64 "/%"
				 PRIu64 "/%" PRIu64 ", expected %" PRIu64 "/%" PRIu64 "/%"
				 PRIu64 "/%" PRIu64,
				 now.buffers, now.bytes, now.mmaps, now.files,
				 base->buffers, base->bytes, base->mmaps, base->files);
	va_start(ap, fmt);
	ret = tap_vok(!err && !memcmp(&now, base, sizeof(now)), detail, fmt, ap);
	va_end(ap);
	return ret;
}

bool tap_pattern(int fd, uint32_t handle, uint64_t seed, uint64_t offset, uint64_t len,
		 const char *fmt, ...)
{
	struct dmabench_pattern p;
	int err = kt_pattern(fd, handle, DMABENCH_PATTERN_CHECK, seed, offset, len, &p);
	va_list ap;
	bool ok;

	va_start(ap, fmt);
	ok = tap_vok(!err && !p.mismatches,
		     tap_fmt("%s, %" PRIu64 " mismatches, first_bad %#" PRIx64,
			     tap_errname(err), (uint64_t)p.mismatches, (uint64_t)p.first_bad),
		     fmt, ap);
	va_end(ap);
	return ok;
}

bool tap_bytes_held(int fd, uint64_t want, const char *fmt, ...)
{
	struct dmabench_info info;
	const char *detail;
	va_list ap;
	bool ret;
	int err;

	err = kt_info(fd, &info);
	if (err)
		detail = tap_fmt("GET_INFO failed: %s", tap_errname(err));
	else
		detail = tap_fmt("bytes_held %" PRIu64 ", expected %" PRIu64,
				 (uint64_t)info.bytes_held, want);
	va_start(ap, fmt);
	ret = tap_vok(!err && info.bytes_held == want, detail, fmt, ap);
	va_end(ap);
	return ret;
}
