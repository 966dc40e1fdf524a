/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the device_transfer test runs and how it checks the data: the
 * transfer lengths, which phases each kind has, whether the run's device
 * has a DMA engine, and the byte pattern.  Pure functions, unit-tested
 * without the module (tests/unit/test_device_transfer.c).
 */
#ifndef DMABENCH_DEVICE_TRANSFER_PLAN_H
#define DMABENCH_DEVICE_TRANSFER_PLAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dmabench.h"

#define DT_MAX_LENS	8

/*
 * One transfer, in the order the phases run.  Each direction uses the
 * subset its kind needs (dt_phase_applies):
 *   to   (the device reads the buffer):  cpu, map | sync_for_device,
 *        device_dma, unmap | sync_for_cpu
 *   from (the device writes the buffer): map | sync_for_device,
 *        device_dma, unmap | sync_for_cpu, cpu
 */
enum dt_phase {
	DT_PH_CPU_BEFORE,	/* to: the CPU copies the data into the buffer */
	DT_PH_MAP,		/* page kinds: dma_map_sgtable (hands over to the device) */
	DT_PH_SYNC_DEV,		/* noncoherent: dma_sync_*_for_device */
	DT_PH_DEVICE,		/* DEVICE_DMA: edu's engine, until idle */
	DT_PH_SYNC_CPU,		/* noncoherent: dma_sync_*_for_cpu */
	DT_PH_UNMAP,		/* page kinds: dma_unmap_sgtable (hands back to the CPU) */
	DT_PH_CPU_AFTER,	/* from: the CPU copies the data out of the buffer */
	DT_PH_COUNT
};

enum dt_dir { DT_TO, DT_FROM, DT_DIRS };

/*
 * Transfer lengths, ascending: 64, 256, 1024 and 4095 bytes (edu's engine
 * reaches DMABENCH_EDU_DMA_LIMIT bytes); the quick suite takes the two
 * ends, 64 and 4095, since every transfer costs edu's timer (100 ms in
 * QEMU 7.2).  Returns the count (<= @cap).
 */
unsigned int dt_lengths(bool quick, uint32_t *out, unsigned int cap);

/* Does a transfer of @kind in @dir have @phase? */
bool dt_phase_applies(unsigned int kind, enum dt_dir dir, enum dt_phase phase);

/* The op name of @phase in results.json: "cpu_write", "map", "device_dma", ... */
const char *dt_phase_op(enum dt_phase phase);

/* "to" or "from", as results.json spells directions. */
const char *dt_dir_name(enum dt_dir dir);

/* enum dmabench_dir of @dir: the mapping or allocation direction. */
uint32_t dt_dma_dir(enum dt_dir dir);

/* The note of the "total" item of @kind in @dir: what the total includes. */
const char *dt_total_note(unsigned int kind, enum dt_dir dir);

/*
 * NULL when the module drives a DMA engine on the file's device (@info's
 * device, enum dmabench_dev), else why not, as a sentence fragment.  The
 * pci= device may or may not be an edu: the first transfer tells.
 */
const char *dt_engine_missing(const struct dmabench_info *info);

/*
 * The pattern: byte i of a transfer is byte (i % 8) of the little-endian
 * word (seed ^ (i & ~7)), the module's PATTERN cut to any length, so a
 * transfer of 4095 bytes is checked to its last byte.
 */
void dt_pattern_fill(uint8_t *buf, size_t len, uint64_t seed);

/* Bytes of @buf that differ from the pattern; *first_bad = the first, or len. */
size_t dt_pattern_check(const uint8_t *buf, size_t len, uint64_t seed,
			size_t *first_bad);

/* The seed of transfer number @i: consecutive seeds differ in every byte. */
uint64_t dt_seed(uint64_t i);

#endif /* DMABENCH_DEVICE_TRANSFER_PLAN_H */
