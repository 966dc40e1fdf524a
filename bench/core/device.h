/* SPDX-License-Identifier: GPL-2.0 */
/*
 * /dev/dmabench: open it and every ioctl.  This is the only file in the
 * harness that calls ioctl(), so ABI handling lives in one place.
 *
 * Every wrapper returns 0 or a negative errno and, on failure, records
 * what it was doing in dev->last so that device_error_sentence() can
 * explain it (see errors.h).
 */
#ifndef DMABENCH_DEVICE_H
#define DMABENCH_DEVICE_H

#include <stddef.h>
#include <stdint.h>

#include "dmabench.h"
#include "core/errors.h"

struct bench_device {
	int fd;
	const char *path;
	struct dmabench_info info;	/* last GET_INFO answer */
	struct call_error last;		/* the last failure */
};

/*
 * The node to open: $DMABENCH_DEVICE when set (a renamed node, or a test
 * pointing at something that is not dmabench), else /dev/dmabench.
 */
const char *device_default_path(void);

/*
 * Open @path and check the ABI version before anything else: a module
 * speaking another version fails with -EPROTO (call CALL_ABI).  On success
 * dev->info holds GET_INFO's answer.
 */
int device_open(struct bench_device *dev, const char *path);
void device_close(struct bench_device *dev);

/* The sentence for dev->last. */
size_t device_error_sentence(const struct bench_device *dev,
			     char *buf, size_t len);

/* That sentence on stderr (complain()); returns EXIT_USAGE for the caller. */
int device_complain(const struct bench_device *dev);

int device_get_info(struct bench_device *dev);
int device_set_device(struct bench_device *dev, uint32_t which);
int device_alloc(struct bench_device *dev, struct dmabench_alloc *a);
/* USERPTR: pin the caller's memory @u->addr as a buffer of the userptr kind. */
int device_userptr(struct bench_device *dev, struct dmabench_userptr *u);
int device_free(struct bench_device *dev, uint32_t handle);
/* @m->flags: DMABENCH_ATTRS_MAP (SKIP_CPU_SYNC), 0 for a plain map. */
int device_map(struct bench_device *dev, struct dmabench_map *m);
int device_unmap(struct bench_device *dev, uint32_t handle);
int device_sync(struct bench_device *dev, struct dmabench_sync *s);
int device_move(struct bench_device *dev, struct dmabench_move *m);
int device_pattern(struct bench_device *dev, struct dmabench_pattern *p);
/* @a->flags, @b->flags: DMABENCH_ATTR_* as dmabench.h allows them, else 0. */
int device_bench(struct bench_device *dev, struct dmabench_bench *b);
int device_device_dma(struct bench_device *dev, struct dmabench_device_dma *d);
/* FACTS for the current device; -ENOTTY from a module without it. */
int device_facts(struct bench_device *dev, struct dmabench_facts *f);

/*
 * BUF_INFO of @handle into @bi (zeroed first): what the DMA layer made of
 * it.  -ENOTTY from a module without DMABENCH_INFO_ATTRS.
 */
int device_buf_info(struct bench_device *dev, uint32_t handle,
		    struct dmabench_buf_info *bi);

/*
 * EXPORT @e->handle as a dma-buf: @e->fd its new fd (the caller closes it),
 * @e->ns the module's time for it.  -EBUSY while an earlier export lives.
 */
int device_export(struct bench_device *dev, struct dmabench_export *e);

/*
 * IMPORT the dma-buf @i->fd on the file's device in @i->dir: @i->handle
 * (kind import; FREE it), size, nents, dma_addr, attach_ns and map_ns out.
 */
int device_import(struct bench_device *dev, struct dmabench_import *i);

/*
 * DMA_BUF_IOCTL_SYNC on the dma-buf @fd with @flags (DMA_BUF_SYNC_*), as
 * every CPU access of a dma-buf's mmap is bracketed; dev->last on failure.
 */
int device_dmabuf_sync(struct bench_device *dev, int fd, uint64_t flags);

/* mmap(2) of a dma-buf fd at offset 0 (its exporter's mmap); NULL on failure. */
void *device_dmabuf_mmap(struct bench_device *dev, int fd, uint64_t size, int prot);

/*
 * Dma-bufs made by other code, for the importer to measure the same way:
 * a udmabuf of a fresh sealed memfd of @size bytes (/dev/udmabuf), and a
 * buffer of the dma-heap @heap ("/dev/dma_heap/system").  0 and *@fd, or
 * -errno (-ENOENT: the kernel has no such node) with dev->last set.
 */
int device_udmabuf(struct bench_device *dev, uint64_t size, int *fd);
int device_heap_alloc(struct bench_device *dev, const char *heap, uint64_t size, int *fd);

/* mmap(2) of a buffer at its mmap_offset; NULL on failure (dev->last). */
void *device_mmap(struct bench_device *dev, const struct dmabench_alloc *a,
		  int prot);
int device_munmap(void *addr, uint64_t size);

#endif /* DMABENCH_DEVICE_H */
