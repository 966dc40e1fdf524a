/* SPDX-License-Identifier: GPL-2.0 */
/*
 * `dmabench verify`: device-side truth.  edu's DMA engine reads and writes
 * a buffer of every kind; the CPU checks the data after the proper syncs
 * (the round trip) and once more with the sync for the CPU left out on
 * purpose (stale data or not).  Stale data in a streaming mapping is the
 * empirical "no" to "is streaming DMA coherent for this device".
 *
 * verify.c does the ioctls; what they showed, and its JSON and text forms,
 * are verify_result.h's (pure, unit-tested).
 */
#ifndef DMABENCH_VERIFY_H
#define DMABENCH_VERIFY_H

#include <stdint.h>

#include "suites/verify_result.h"

struct bench_device;

/*
 * Run the test on @dev's current device (enum dmabench_dev @device, for
 * the report).  EXIT_OK, or EXIT_USAGE after saying why when the device
 * cannot do DMA of its own (no engine, gone, stuck).
 */
int verify_run(struct bench_device *dev, uint32_t device, struct verify_result *r);

/*
 * The same without a word on stderr (for `dmabench run`): 0, or -errno
 * when the device cannot do DMA of its own; dev->last says why.
 */
int verify_collect(struct bench_device *dev, uint32_t device, struct verify_result *r);

#endif /* DMABENCH_VERIFY_H */
