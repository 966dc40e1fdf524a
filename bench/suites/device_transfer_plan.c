// SPDX-License-Identifier: GPL-2.0
/* The device_transfer test's plan and data pattern; see device_transfer_plan.h. */
#include "suites/device_transfer_plan.h"

#include "suites/user_plan.h"

unsigned int dt_lengths(bool quick, uint32_t *out, unsigned int cap)
{
	static const uint32_t full[] = { 64, 256, 1024, DMABENCH_EDU_DMA_LIMIT };
	static const uint32_t brief[] = { 64, DMABENCH_EDU_DMA_LIMIT };
	const uint32_t *src = quick ? brief : full;
	unsigned int n = quick ? 2 : 4, i;

	for (i = 0; i < n && i < cap; i++)
		out[i] = src[i];
	return i;
}

bool dt_phase_applies(unsigned int kind, enum dt_dir dir, enum dt_phase phase)
{
	/* Page kinds are mapped per transfer: the map and unmap are their syncs. */
	bool maps = kind_needs_map(kind);
	bool syncs = kind_needs_sync(kind) && !maps;

	switch (phase) {
	case DT_PH_CPU_BEFORE:
		return dir == DT_TO;
	case DT_PH_CPU_AFTER:
		return dir == DT_FROM;
	case DT_PH_MAP:
	case DT_PH_UNMAP:
		return maps;
	case DT_PH_SYNC_DEV:
	case DT_PH_SYNC_CPU:
		return syncs;
	case DT_PH_DEVICE:
		return true;
	default:
		return false;
	}
}

const char *dt_phase_op(enum dt_phase phase)
{
	static const char *const ops[DT_PH_COUNT] = {
		[DT_PH_CPU_BEFORE] = "cpu_write", [DT_PH_MAP] = "map",
		[DT_PH_SYNC_DEV] = "sync_for_device", [DT_PH_DEVICE] = "device_dma",
		[DT_PH_SYNC_CPU] = "sync_for_cpu", [DT_PH_UNMAP] = "unmap",
		[DT_PH_CPU_AFTER] = "cpu_read",
	};

	return (unsigned int)phase < DT_PH_COUNT ? ops[phase] : "?";
}

const char *dt_dir_name(enum dt_dir dir)
{
	return dir == DT_TO ? "to" : "from";
}

uint32_t dt_dma_dir(enum dt_dir dir)
{
	return dir == DT_TO ? DMABENCH_DIR_TO_DEVICE : DMABENCH_DIR_FROM_DEVICE;
}

const char *dt_total_note(unsigned int kind, enum dt_dir dir)
{
	static const char *const notes[3][DT_DIRS] = {
		{ "wall time in user space: cpu_write (memcpy in) + device_dma; coherent memory needs no hand-over",
		  "wall time in user space: device_dma + cpu_read (memcpy out); coherent memory needs no hand-over" },
		{ "wall time in user space: cpu_write + map + device_dma + unmap, mapped per transfer (map_benchmark's cost included), ioctl entry and exit included",
		  "wall time in user space: map + device_dma + unmap + cpu_read, mapped per transfer (map_benchmark's cost included), ioctl entry and exit included" },
		{ "wall time in user space: cpu_write + sync_for_device + device_dma + sync_for_cpu, ioctl entry and exit included",
		  "wall time in user space: sync_for_device + device_dma + sync_for_cpu + cpu_read, ioctl entry and exit included" },
	};
	int row = !kind_needs_sync(kind) ? 0 : kind_needs_map(kind) ? 1 : 2;

	return notes[row][dir == DT_TO ? 0 : 1];
}

const char *dt_engine_missing(const struct dmabench_info *info)
{
	if (info->device == DMABENCH_DEV_EDU)
		return NULL;
	if (info->device == DMABENCH_DEV_PCI)
		return NULL;	/* an edu given by pci=, or not: the first transfer says */
	return "the run's device is the module's platform device, which has no DMA "
	       "engine (only QEMU's edu has one: --device edu)";
}

/* Byte @i of the pattern of @seed. */
static uint8_t pattern_byte(size_t i, uint64_t seed)
{
	uint64_t word = seed ^ (uint64_t)(i & ~(size_t)7);

	return (uint8_t)(word >> (8 * (i & 7)));
}

void dt_pattern_fill(uint8_t *buf, size_t len, uint64_t seed)
{
	for (size_t i = 0; i < len; i++)
		buf[i] = pattern_byte(i, seed);
}

size_t dt_pattern_check(const uint8_t *buf, size_t len, uint64_t seed,
			size_t *first_bad)
{
	size_t bad = 0;

	*first_bad = len;
	for (size_t i = 0; i < len; i++) {
		if (buf[i] == pattern_byte(i, seed))
			continue;
		if (!bad)
			*first_bad = i;
		bad++;
	}
	return bad;
}

uint64_t dt_seed(uint64_t i)
{
	/* Every byte is (i % 255) + 1: never 0, and never the next seed's. */
	return 0x0101010101010101ULL * (i % 255 + 1);
}
