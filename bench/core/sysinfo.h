/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Facts about the machine the harness runs on (CPU, memory, kernel).  The
 * CPU model and count are hwloc's (topology.h); the RAM is /proc/meminfo's
 * MemTotal, the kernel uname()'s: hwloc has neither.
 *
 * Why not hwloc's memory: hwloc sums its NUMA nodes' local memory, which
 * Linux reports per node as the pages the node's zones manage
 * (/sys/devices/system/node/node*\/meminfo, the "managed" pages of
 * /proc/zoneinfo).  MemTotal (totalram_pages) also counts RAM the kernel
 * has not handed to the zones yet: on the VM this was written on (kernel
 * 6.18-fc, booted with deferred_init=lazy) node 0 and zoneinfo's managed
 * pages say 16.7 GB while MemTotal and the 192 online 128 MiB memory blocks
 * say 24.7 GB (25.8 GB of blocks less the kernel's own).  MemTotal is the
 * machine's RAM; the NUMA figure is kept beside it as numa_memory_bytes.
 * The parser takes the file's text so it can be tested without /proc.
 */
#ifndef DMABENCH_SYSINFO_H
#define DMABENCH_SYSINFO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/topology.h"

struct host_facts {
	char cpu_model[128];	/* hwloc's; "unknown" when it has none */
	unsigned int cpu_cores;	/* logical CPUs (hwloc PUs) this process may use */
	uint64_t memory_bytes;	/* /proc/meminfo MemTotal, 0 when unknown */
	uint64_t numa_memory_bytes;	/* hwloc: the NUMA nodes' managed memory, 0 = unknown */
	char kernel[65];	/* uname -r */
};

/*
 * Fill @h from the running system (hwloc from @t, or a topology loaded for
 * the call when @t is NULL); fields it cannot learn get defaults.
 */
void host_facts_read(struct host_facts *h, struct topology *t);

/* MemTotal of /proc/meminfo text, in bytes. */
bool parse_mem_total(const char *meminfo, uint64_t *bytes);

/*
 * Read a whole (proc) file into a malloc'd NUL-terminated string;
 * NULL on failure with errno set.  The caller frees it.
 */
char *read_text_file(const char *path);

/*
 * Whether the running kernel checks DMA API use (CONFIG_DMA_API_DEBUG, not
 * switched off at boot): 1 on, 0 off, -1 unknown.  Asked of debugfs's
 * dma-api/disabled first (it knows about dma_debug=off), then of the
 * kernel's config in /boot.  Such a kernel WARNs at misuse by any driver,
 * including other exporters' a suite drives (see suites/dmabuf.c).
 */
int dma_api_debug_state(void);

/* The answer from those files' text (either may be NULL): as above. */
int parse_dma_api_debug(const char *disabled, const char *config);

#endif /* DMABENCH_SYSINFO_H */
