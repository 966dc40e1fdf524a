// SPDX-License-Identifier: GPL-2.0
/* /dev/dmabench and its ioctls; see device.h. */
#include "core/device.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <linux/dma-buf.h>
#include <linux/dma-heap.h>
#include <linux/udmabuf.h>

/* The layout is the ABI: a mismatch here must not even compile. */
_Static_assert(sizeof(struct dmabench_info) == DMABENCH_INFO_SIZE, "info");
_Static_assert(sizeof(struct dmabench_set_device) == DMABENCH_SET_DEVICE_SIZE,
	       "set_device");
_Static_assert(sizeof(struct dmabench_alloc) == DMABENCH_ALLOC_SIZE, "alloc");
_Static_assert(sizeof(struct dmabench_handle) == DMABENCH_HANDLE_SIZE,
	       "handle");
_Static_assert(sizeof(struct dmabench_map) == DMABENCH_MAP_SIZE, "map");
_Static_assert(sizeof(struct dmabench_sync) == DMABENCH_SYNC_SIZE, "sync");
_Static_assert(sizeof(struct dmabench_move) == DMABENCH_MOVE_SIZE, "move");
_Static_assert(sizeof(struct dmabench_pattern) == DMABENCH_PATTERN_SIZE,
	       "pattern");
_Static_assert(sizeof(struct dmabench_bench) == DMABENCH_BENCH_SIZE, "bench");
_Static_assert(sizeof(struct dmabench_device_dma) == DMABENCH_DEVICE_DMA_SIZE,
	       "device_dma");
_Static_assert(sizeof(struct dmabench_facts) == DMABENCH_FACTS_SIZE, "facts");
_Static_assert(sizeof(struct dmabench_buf_info) == DMABENCH_BUF_INFO_SIZE, "buf_info");
_Static_assert(sizeof(struct dmabench_export) == DMABENCH_EXPORT_SIZE, "export");
_Static_assert(sizeof(struct dmabench_import) == DMABENCH_IMPORT_SIZE, "import");

const char *device_default_path(void)
{
	const char *env = getenv("DMABENCH_DEVICE");

	return env && *env ? env : DMABENCH_DEVICE_PATH;
}

/* Record a failure with the context every sentence may use. */
static int failed(struct bench_device *dev, enum failed_call call, int err)
{
	memset(&dev->last, 0, sizeof(dev->last));
	dev->last.call = call;
	dev->last.err = err;
	dev->last.path = dev->path;
	dev->last.byte_cap = dev->info.byte_cap;
	dev->last.bytes_held = dev->info.bytes_held;
	dev->last.max_contig = dev->info.max_contig_size;
	dev->last.attrs_known = !!(dev->info.flags & DMABENCH_INFO_ATTRS);
	return -err;
}

/* One ioctl; on failure remember what it was for. */
static int do_ioctl(struct bench_device *dev, enum failed_call call,
		    unsigned long cmd, void *arg)
{
	if (ioctl(dev->fd, cmd, arg) == 0)
		return 0;
	return failed(dev, call, errno);
}

int device_open(struct bench_device *dev, const char *path)
{
	int ret;

	memset(dev, 0, sizeof(*dev));
	dev->path = path;
	dev->fd = open(path, O_RDWR | O_CLOEXEC);
	if (dev->fd < 0)
		return failed(dev, CALL_OPEN, errno);

	ret = device_get_info(dev);
	if (ret == 0 && dev->info.abi_version != DMABENCH_ABI_VERSION) {
		uint32_t abi = dev->info.abi_version;

		ret = failed(dev, CALL_ABI, EPROTO);
		dev->last.module_abi = abi;
	}
	if (ret) {
		close(dev->fd);
		dev->fd = -1;
	}
	return ret;
}

void device_close(struct bench_device *dev)
{
	if (dev->fd >= 0)
		close(dev->fd);
	dev->fd = -1;
}

size_t device_error_sentence(const struct bench_device *dev,
			     char *buf, size_t len)
{
	return error_sentence(&dev->last, buf, len);
}

int device_complain(const struct bench_device *dev)
{
	char sentence[512];

	device_error_sentence(dev, sentence, sizeof(sentence));
	complain("%s", sentence);
	return EXIT_USAGE;
}

int device_get_info(struct bench_device *dev)
{
	struct dmabench_info info;
	int ret;

	memset(&info, 0, sizeof(info));
	ret = do_ioctl(dev, CALL_GET_INFO, DMABENCH_IOC_GET_INFO, &info);
	if (ret == 0)
		dev->info = info;
	return ret;
}

int device_set_device(struct bench_device *dev, uint32_t which)
{
	struct dmabench_set_device sd = { .device = which };
	int ret = do_ioctl(dev, CALL_SET_DEVICE, DMABENCH_IOC_SET_DEVICE, &sd);

	if (ret)
		dev->last.device = which;
	return ret;
}

/*
 * An ENOMEM sentence names the bytes the file holds: ask the module now
 * rather than trust the GET_INFO answer from open time.
 */
static void note_request(struct bench_device *dev, int ret, uint32_t kind,
			 uint64_t size)
{
	struct dmabench_info now;

	memset(&now, 0, sizeof(now));
	if (ret == -ENOMEM &&
	    ioctl(dev->fd, DMABENCH_IOC_GET_INFO, &now) == 0) {
		dev->last.byte_cap = now.byte_cap;
		dev->last.bytes_held = now.bytes_held;
	}
	dev->last.kind = kind;
	dev->last.size = size;
}

int device_alloc(struct bench_device *dev, struct dmabench_alloc *a)
{
	int ret = do_ioctl(dev, CALL_ALLOC, DMABENCH_IOC_ALLOC, a);

	if (ret) {
		note_request(dev, ret, a->kind, a->size);
		dev->last.attrs = a->flags;
	}
	return ret;
}

int device_userptr(struct bench_device *dev, struct dmabench_userptr *u)
{
	int ret = do_ioctl(dev, CALL_USERPTR, DMABENCH_IOC_USERPTR, u);

	if (ret)
		note_request(dev, ret, DMABENCH_KIND_USERPTR, u->size);
	return ret;
}

int device_free(struct bench_device *dev, uint32_t handle)
{
	struct dmabench_handle h = { .handle = handle };

	return do_ioctl(dev, CALL_FREE, DMABENCH_IOC_FREE, &h);
}

int device_map(struct bench_device *dev, struct dmabench_map *m)
{
	int ret = do_ioctl(dev, CALL_MAP, DMABENCH_IOC_MAP, m);

	if (ret)
		dev->last.attrs = m->flags;
	return ret;
}

int device_unmap(struct bench_device *dev, uint32_t handle)
{
	struct dmabench_handle h = { .handle = handle };

	return do_ioctl(dev, CALL_UNMAP, DMABENCH_IOC_UNMAP, &h);
}

int device_sync(struct bench_device *dev, struct dmabench_sync *s)
{
	return do_ioctl(dev, CALL_SYNC, DMABENCH_IOC_SYNC, s);
}

int device_move(struct bench_device *dev, struct dmabench_move *m)
{
	return do_ioctl(dev, CALL_MOVE, DMABENCH_IOC_MOVE, m);
}

int device_pattern(struct bench_device *dev, struct dmabench_pattern *p)
{
	return do_ioctl(dev, CALL_PATTERN, DMABENCH_IOC_PATTERN, p);
}

int device_bench(struct bench_device *dev, struct dmabench_bench *b)
{
	int ret = do_ioctl(dev, CALL_BENCH, DMABENCH_IOC_BENCH, b);

	if (ret) {
		note_request(dev, ret, b->kind, b->size);
		dev->last.attrs = b->flags;
		dev->last.op = b->op;
	}
	return ret;
}

int device_device_dma(struct bench_device *dev, struct dmabench_device_dma *d)
{
	return do_ioctl(dev, CALL_DEVICE_DMA, DMABENCH_IOC_DEVICE_DMA, d);
}

int device_facts(struct bench_device *dev, struct dmabench_facts *f)
{
	memset(f, 0, sizeof(*f));
	return do_ioctl(dev, CALL_FACTS, DMABENCH_IOC_FACTS, f);
}

int device_buf_info(struct bench_device *dev, uint32_t handle,
		    struct dmabench_buf_info *bi)
{
	memset(bi, 0, sizeof(*bi));
	bi->handle = handle;
	return do_ioctl(dev, CALL_BUF_INFO, DMABENCH_IOC_BUF_INFO, bi);
}

void *device_mmap(struct bench_device *dev, const struct dmabench_alloc *a,
		  int prot)
{
	void *p;

	if (a->size > SIZE_MAX || a->mmap_offset > (uint64_t)INT64_MAX) {
		failed(dev, CALL_MMAP, EOVERFLOW);
		return NULL;
	}
	p = mmap(NULL, (size_t)a->size, prot, MAP_SHARED, dev->fd,
		 (off_t)a->mmap_offset);
	if (p == MAP_FAILED) {
		note_request(dev, failed(dev, CALL_MMAP, errno), a->kind,
			     a->size);
		dev->last.attrs = a->flags;
		return NULL;
	}
	return p;
}

int device_export(struct bench_device *dev, struct dmabench_export *e)
{
	e->fd = -1;
	return do_ioctl(dev, CALL_EXPORT, DMABENCH_IOC_EXPORT, e);
}

int device_import(struct bench_device *dev, struct dmabench_import *i)
{
	int ret = do_ioctl(dev, CALL_IMPORT, DMABENCH_IOC_IMPORT, i);

	if (ret)
		note_request(dev, ret, DMABENCH_KIND_IMPORT, 0);
	return ret;
}

int device_dmabuf_sync(struct bench_device *dev, int fd, uint64_t flags)
{
	struct dma_buf_sync s = { .flags = flags };

	if (ioctl(fd, DMA_BUF_IOCTL_SYNC, &s) == 0)
		return 0;
	return failed(dev, CALL_DMABUF_SYNC, errno);
}

void *device_dmabuf_mmap(struct bench_device *dev, int fd, uint64_t size, int prot)
{
	void *p;

	if (size > SIZE_MAX) {
		failed(dev, CALL_MMAP, EOVERFLOW);
		return NULL;
	}
	p = mmap(NULL, (size_t)size, prot, MAP_SHARED, fd, 0);
	if (p == MAP_FAILED) {
		failed(dev, CALL_MMAP, errno);
		dev->last.size = size;
		return NULL;
	}
	return p;
}

int device_udmabuf(struct bench_device *dev, uint64_t size, int *fd)
{
	struct udmabuf_create c = { .flags = UDMABUF_FLAGS_CLOEXEC, .size = size };
	int ufd, mfd, err;

	*fd = -1;
	ufd = open("/dev/udmabuf", O_RDWR | O_CLOEXEC);
	if (ufd < 0)
		return failed(dev, CALL_UDMABUF, errno);
	mfd = memfd_create("dmabench-udmabuf", MFD_CLOEXEC | MFD_ALLOW_SEALING);
	if (mfd < 0 || ftruncate(mfd, (off_t)size) ||
	    fcntl(mfd, F_ADD_SEALS, F_SEAL_SHRINK)) {
		err = errno;
		if (mfd >= 0)
			close(mfd);
		close(ufd);
		return failed(dev, CALL_UDMABUF, err);
	}
	c.memfd = (uint32_t)mfd;
	*fd = ioctl(ufd, UDMABUF_CREATE, &c);
	err = errno;
	/* The dma-buf holds the memfd's pages: neither fd is needed past this. */
	close(mfd);
	close(ufd);
	if (*fd < 0) {
		*fd = -1;
		return failed(dev, CALL_UDMABUF, err);
	}
	return 0;
}

int device_heap_alloc(struct bench_device *dev, const char *heap, uint64_t size, int *fd)
{
	struct dma_heap_allocation_data a = {
		.len = size, .fd_flags = O_RDWR | O_CLOEXEC,
	};
	int hfd = open(heap, O_RDONLY | O_CLOEXEC), err;

	*fd = -1;
	if (hfd < 0)
		return failed(dev, CALL_HEAP, errno);
	if (ioctl(hfd, DMA_HEAP_IOCTL_ALLOC, &a)) {
		err = errno;
		close(hfd);
		return failed(dev, CALL_HEAP, err);
	}
	close(hfd);
	*fd = (int)a.fd;
	return 0;
}

int device_munmap(void *addr, uint64_t size)
{
	return munmap(addr, (size_t)size) ? -errno : 0;
}
