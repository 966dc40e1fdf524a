/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The groups of checks kmod_test runs, one file each.  Every group gets
 * the main file descriptor (already on the --device of the run, holding no
 * buffers) and the GET_INFO read at start, and leaves the fd as it found it.
 */
#ifndef KMOD_TEST_CHECKS_H
#define KMOD_TEST_CHECKS_H

#include <stdbool.h>

#include "uapi/dmabench.h"

/* info.c: GET_INFO; false when the ABI does not match (nothing else is meaningful). */
bool check_info(int fd, struct dmabench_info *info);
/* kinds.c: every kind at every size, data both ways, moves. */
void check_kinds(int fd, const struct dmabench_info *info);
/* syncs.c: directional mappings, syncs of a sub-range. */
void check_syncs(int fd, const struct dmabench_info *info);
/* bad_ioctls.c: the exact errno of every invalid request. */
void check_bad_ioctls(int fd, const struct dmabench_info *info);
/* bench_ops.c: every BENCH op once. */
void check_bench_ops(int fd, const struct dmabench_info *info);
/* lifetime.c: FREE while mmapped, close with buffers, SIGKILL, fork. */
void check_lifetime(int fd, const struct dmabench_info *info);
/* concurrency.c: threads sharing one fd. */
void check_concurrency(int fd, const struct dmabench_info *info);
/* byte_cap.c: allocating up to the per-file byte cap. */
void check_byte_cap(int fd, const struct dmabench_info *info);
/* device_dma.c: DEVICE_DMA's validation and data through every kind (edu). */
void check_device_dma(int fd, const struct dmabench_info *info);
/* userptr.c: the caller's own memory pinned by USERPTR. */
void check_userptr(int fd, const struct dmabench_info *info);
/* pool.c: BENCH POOL_FRESH/POOL_HIT (TTM's pool), CACHING's batch size, CACHING_RANGE. */
void check_pool(int fd, const struct dmabench_info *info);
/* attrs.c: DMA attributes in ALLOC, MAP and BENCH, and BUF_INFO. */
void check_attrs(int fd, const struct dmabench_info *info);
/* device_dma.c: a transfer that times out leaves no write behind (edu). */
void check_device_dma_timeout(int fd, const struct dmabench_info *info);

#endif /* KMOD_TEST_CHECKS_H */
