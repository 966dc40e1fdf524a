/* SPDX-License-Identifier: GPL-2.0 */
/* The machine's topology through hwloc: where to pin, what to record. */
#ifndef DMABENCH_TOPOLOGY_H
#define DMABENCH_TOPOLOGY_H

#include <jansson.h>

struct topology;

struct topology *topology_load(void);
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

#endif
