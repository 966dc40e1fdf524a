/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Every test family `dmabench run` knows, by the file that measures it;
 * suite.c lists them in the order they run.
 */
#ifndef DMABENCH_FAMILIES_H
#define DMABENCH_FAMILIES_H

#include "suites/suite.h"

/* kernel.c: what BENCH times in the kernel, per op. */
extern const struct test_def empty_test, alloc_free_test, map_single_test,
	map_page_test, map_sg_test, sync_test, caching_test, pool_test,
	kernel_access_test, sg_iter_test, userptr_test;

/* attrs.c: what the DMA attributes change (a probe, and BENCH ops with them). */
extern const struct test_def attrs_test;

/* dmabuf.c: sharing a buffer with a second device (dma-buf export and import). */
extern const struct test_def dmabuf_test;

/* access.c: the access kernels through each kind's mmap, and plain memory. */
extern const struct test_def user_access_test, baseline_test;

/* fault.c: faulting a mapping in, and a TTM-style move. */
extern const struct test_def fault_test, move_test;

/* map_scaling.c: map_benchmark's threads. */
extern const struct test_def map_scaling_test;

/* transfer.c: a driver's round trip, timed from user space. */
extern const struct test_def transfer_test;

/* device_transfer.c: edu's DMA engine end to end. */
extern const struct test_def device_transfer_test;

/* verify.c: edu's DMA engine through every kind, data checked. */
extern const struct test_def verify_test;

#endif /* DMABENCH_FAMILIES_H */
