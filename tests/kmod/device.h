/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Access to /dev/dmabench for kmod_test: opening (with the --device
 * choice applied), raw ioctls returning an errno, one-call helpers for the
 * common commands, and the kind properties the checks derive outcomes from.
 */
#ifndef KMOD_TEST_DEVICE_H
#define KMOD_TEST_DEVICE_H

#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>

#include "uapi/dmabench.h"
#include "tap.h"

#define KIB ((uint64_t)1 << 10)
#define MIB ((uint64_t)1 << 20)
#define GIB ((uint64_t)1 << 30)

/* What ALLOC and USERPTR make, as GET_INFO's kinds: an import comes from IMPORT. */
#define KT_ALL_KINDS (((1U << DMABENCH_KIND_COUNT) - 1) & ~(1U << DMABENCH_KIND_IMPORT))

struct kt_config {
	int device;		/* enum dmabench_dev, or -1 for the module's default */
	uint64_t max_size;	/* largest buffer the kind checks allocate */
	bool quick;		/* fewer sizes and loops */
};

extern struct kt_config kt_cfg;

/* Opens the device and applies --device; returns an fd or -errno. */
int kt_open(void);

/* ioctl(2) returning 0 or the errno value. */
int kt_ioctl(int fd, unsigned long cmd, void *arg);

int kt_info(int fd, struct dmabench_info *info);
int kt_alloc(int fd, uint32_t kind, uint64_t size, struct dmabench_alloc *out);
int kt_free(int fd, uint32_t handle);
int kt_map(int fd, uint32_t handle, uint32_t dir, struct dmabench_map *out);
int kt_unmap(int fd, uint32_t handle);
int kt_sync(int fd, uint32_t handle, uint32_t to, uint64_t offset, uint64_t len);
int kt_move(int fd, uint32_t handle, uint32_t caching);
int kt_pattern(int fd, uint32_t handle, uint32_t op, uint64_t seed,
	       uint64_t offset, uint64_t len, struct dmabench_pattern *out);

/* DEVICE_DMA of [offset, offset + len) (edu); *@out gets the answer when not NULL. */
int kt_device_dma(int fd, uint32_t handle, uint32_t op, uint64_t offset, uint32_t len,
		  uint32_t edu_offset, uint32_t flags, struct dmabench_device_dma *out);
/* PATTERN FILL of [offset, offset + len) with @seed. */
int kt_fill(int fd, uint32_t handle, uint64_t seed, uint64_t offset, uint64_t len);

/*
 * What the CPU sees of a streaming mapping's data the other side wrote,
 * with no sync between: forced swiotlb bounces every map (stale); an
 * unforced one only the pages a narrow mask cannot reach, which user space
 * cannot tell apart (either, as long as a range is all one); else fresh.
 */
enum kt_sees { KT_SEES_FRESH, KT_SEES_STALE, KT_SEES_EITHER };
enum kt_sees kt_streaming_sees(const struct dmabench_info *info);

/* mmap(2) of a whole buffer, shared and read/write; NULL with *err set on failure. */
void *kt_mmap(int fd, uint64_t offset, uint64_t len, int *err);

/* "platform", "edu", "pci". */
const char *kt_device_name(int device);

/* Kind properties (see DESIGN.md, "The buffer kinds"). */
const char *kt_kind_name(uint32_t kind);
bool kt_kind_allocs(uint32_t kind);	/* ALLOC makes it: all but userptr, import */
uint32_t kt_alloc_kind_count(void);	/* how many kinds ALLOC makes */
bool kt_kind_dma_maps(uint32_t kind);	/* MAP/UNMAP apply: streaming, wc, uc */
bool kt_kind_syncs(uint32_t kind);	/* SYNC applies: all but coherent */
bool kt_kind_moves(uint32_t kind);	/* MOVE applies: wc, uc */
uint32_t kt_kind_caching(uint32_t kind);	/* wc/uc's own caching mode */

/* "64 KiB" (thread-local buffer). */
const char *kt_size(uint64_t bytes);

/* The module-wide live counters of GET_INFO: what leak checks compare. */
struct kt_counters {
	uint64_t buffers, bytes, mmaps, files;
};

int kt_counters(int fd, struct kt_counters *c);

/* One TAP line: the counters read on @fd equal @base. */
TAP_PRINTF(3, 4) bool tap_counters(int fd, const struct kt_counters *base, const char *fmt, ...);

/* One TAP line: PATTERN CHECK of [offset, offset + len) finds only @seed's words. */
TAP_PRINTF(6, 7) bool tap_pattern(int fd, uint32_t handle, uint64_t seed, uint64_t offset,
				  uint64_t len, const char *fmt, ...);

/* One TAP line: the file @fd holds @want bytes (GET_INFO bytes_held). */
TAP_PRINTF(3, 4) bool tap_bytes_held(int fd, uint64_t want, const char *fmt, ...);

#endif /* KMOD_TEST_DEVICE_H */
