/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Facts about the machine the harness runs on (CPU, memory, kernel), read
 * from /proc and uname() only: the lab's busybox initramfs has nothing else.
 * The parsers take the file's text so they can be tested without /proc.
 */
#ifndef DMABENCH_SYSINFO_H
#define DMABENCH_SYSINFO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct host_facts {
	char cpu_model[128];	/* "unknown" when /proc/cpuinfo has none */
	unsigned int cpu_cores;	/* online CPUs */
	uint64_t memory_bytes;	/* MemTotal, 0 when unknown */
	char kernel[65];	/* uname -r */
};

/* Fill @h from the running system; fields it cannot learn get defaults. */
void host_facts_read(struct host_facts *h);

/* The first CPU model line of /proc/cpuinfo text, trimmed. */
bool parse_cpu_model(const char *cpuinfo, char *out, size_t len);

/* MemTotal of /proc/meminfo text, in bytes. */
bool parse_mem_total(const char *meminfo, uint64_t *bytes);

/*
 * Read a whole (proc) file into a malloc'd NUL-terminated string;
 * NULL on failure with errno set.  The caller frees it.
 */
char *read_text_file(const char *path);

#endif /* DMABENCH_SYSINFO_H */
