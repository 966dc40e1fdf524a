/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The device_transfer test (device_transfer.c): a transfer by edu's DMA
 * engine timed end to end from user space, for the registry in suite.c.
 */
#ifndef DMABENCH_DEVICE_TRANSFER_H
#define DMABENCH_DEVICE_TRANSFER_H

#include "suite.h"

extern const struct test_def device_transfer_test;

#endif /* DMABENCH_DEVICE_TRANSFER_H */
