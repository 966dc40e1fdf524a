// SPDX-License-Identifier: GPL-2.0
/*
 * The ioctl ABI's layout, checked at compile time for this word size: the
 * tests Makefile builds this file with -m64 and, where a 32-bit libc is
 * installed, -m32, so a field that 32-bit x86 would align differently (u64
 * on 4 bytes) shows up as a size mismatch.  Compiling is the test.
 */
#include <stddef.h>
#include "uapi/dmabench.h"

#define SIZE_IS(type, size) \
	_Static_assert(sizeof(struct type) == (size), #type " is not " #size " bytes")

SIZE_IS(dmabench_info, DMABENCH_INFO_SIZE);
SIZE_IS(dmabench_set_device, DMABENCH_SET_DEVICE_SIZE);
SIZE_IS(dmabench_alloc, DMABENCH_ALLOC_SIZE);
SIZE_IS(dmabench_handle, DMABENCH_HANDLE_SIZE);
SIZE_IS(dmabench_map, DMABENCH_MAP_SIZE);
SIZE_IS(dmabench_sync, DMABENCH_SYNC_SIZE);
SIZE_IS(dmabench_move, DMABENCH_MOVE_SIZE);
SIZE_IS(dmabench_pattern, DMABENCH_PATTERN_SIZE);
SIZE_IS(dmabench_bench, DMABENCH_BENCH_SIZE);
SIZE_IS(dmabench_device_dma, DMABENCH_DEVICE_DMA_SIZE);
SIZE_IS(dmabench_facts, DMABENCH_FACTS_SIZE);
SIZE_IS(dmabench_userptr, DMABENCH_USERPTR_SIZE);
SIZE_IS(dmabench_buf_info, DMABENCH_BUF_INFO_SIZE);
SIZE_IS(dmabench_export, DMABENCH_EXPORT_SIZE);
SIZE_IS(dmabench_import, DMABENCH_IMPORT_SIZE);

/* 64-bit fields must sit on 8-byte offsets for both word sizes to agree. */
#define ALIGNED8(type, field) \
	_Static_assert(offsetof(struct type, field) % 8 == 0, \
		       #type "." #field " is not 8-byte aligned")

ALIGNED8(dmabench_info, dma_mask);
ALIGNED8(dmabench_info, live_buffers);
ALIGNED8(dmabench_info, reserved);
ALIGNED8(dmabench_alloc, size);
ALIGNED8(dmabench_alloc, mmap_offset);
ALIGNED8(dmabench_alloc, dma_addr);
ALIGNED8(dmabench_map, dma_addr);
ALIGNED8(dmabench_sync, offset);
ALIGNED8(dmabench_move, zap_ns);
ALIGNED8(dmabench_pattern, seed);
ALIGNED8(dmabench_bench, size);
ALIGNED8(dmabench_facts, dma_mask);
ALIGNED8(dmabench_facts, reserved);
ALIGNED8(dmabench_bench, samples);
ALIGNED8(dmabench_bench, total_ns);
ALIGNED8(dmabench_bench, reserved);
ALIGNED8(dmabench_device_dma, offset);
ALIGNED8(dmabench_device_dma, dma_addr);
ALIGNED8(dmabench_device_dma, reserved);
ALIGNED8(dmabench_bench, uaddr);
ALIGNED8(dmabench_userptr, addr);
ALIGNED8(dmabench_userptr, size);
ALIGNED8(dmabench_userptr, dma_addr);
ALIGNED8(dmabench_userptr, pin_ns);
ALIGNED8(dmabench_userptr, reserved);
_Static_assert(offsetof(struct dmabench_bench, uaddr) == 88,
	       "dmabench_bench.uaddr must take the first reserved word's place");

/* The ioctl numbers encode the sizes, so they must not move either. */
_Static_assert(DMABENCH_IOC_BENCH == _IOWR('D', 0x09, struct dmabench_bench),
	       "DMABENCH_IOC_BENCH changed");
_Static_assert(DMABENCH_IOC_DEVICE_DMA ==
	       _IOWR('D', 0x0a, struct dmabench_device_dma),
	       "DMABENCH_IOC_DEVICE_DMA changed");
_Static_assert(DMABENCH_IOC_USERPTR == _IOWR('D', 0x0c, struct dmabench_userptr),
	       "DMABENCH_IOC_USERPTR changed");

int main(void)
{
	return 0;
}
