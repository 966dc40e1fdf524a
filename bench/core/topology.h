/* SPDX-License-Identifier: GPL-2.0 */
/* The machine's topology through hwloc: where to pin, what to record. */
#ifndef DMABENCH_TOPOLOGY_H
#define DMABENCH_TOPOLOGY_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct topology;

struct topology *topology_load(void);
/* A saved topology (a run's topology.xml) instead of this machine's; NULL: this machine. */
struct topology *topology_load_xml(const char *xml);
void topology_free(struct topology *t);

/* Pin the calling thread to logical CPU @cpu (OS index).  0 or -errno. */
int topology_pin_cpu(struct topology *t, int cpu);

/*
 * The first CPU of the NUMA locality of PCI device @busid ("0000:00:03.0"),
 * or of NUMA node @node when busid is NULL; -1 when hwloc cannot tell.
 */
int topology_cpu_near(struct topology *t, const char *busid, int node);

/* Summary for results.json: packages, cores, PUs, NUMA nodes, caches. */
json_t *topology_summary(struct topology *t);

/* The last-level cache's bytes (the first of L3, L2, L1d hwloc knows); 0 when none or @t is NULL. */
unsigned long long topology_llc_bytes(struct topology *t);

/* Write the full hwloc XML export to @path. 0 or -1. */
int topology_export_xml(struct topology *t, const char *path);

/* ---- host facts hwloc knows (sysinfo.c asks here, not /proc/cpuinfo) ---- */

/*
 * The CPU model hwloc found (its "CPUModel" info, from CPUID on x86 and
 * /proc/cpuinfo elsewhere; arm64 without one: "arm64 implementer X part Y"
 * from CPUImplementer/CPUPart).  False when hwloc has none.
 */
bool topology_cpu_model(struct topology *t, char *out, size_t len);

/* Logical CPUs (PUs) this process may run on. */
unsigned int topology_pus(struct topology *t);

/*
 * Memory of the NUMA nodes, summed: what the nodes' zones manage now
 * (/sys/devices/system/node/node*\/meminfo), 0 when unknown.  Not the
 * machine's RAM where the kernel has not handed all of it to the zones yet
 * (see sysinfo.h).
 */
uint64_t topology_numa_memory(struct topology *t);

#endif
