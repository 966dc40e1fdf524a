/* SPDX-License-Identifier: GPL-2.0 */
/*
 * One /proc/meminfo field, for the test programs (tests/kmod, tests/fuzz):
 * header-only, so that each static program takes it without a library.
 */
#ifndef DMABENCH_TESTS_MEMINFO_H
#define DMABENCH_TESTS_MEMINFO_H

#include <stdint.h>
#include <stdio.h>
#include <string.h>

/* Field @key ("MemTotal", "MemAvailable", "CmaFree") in bytes; 0 when absent. */
static inline uint64_t meminfo_bytes(const char *key)
{
	FILE *f = fopen("/proc/meminfo", "r");
	size_t klen = strlen(key);
	unsigned long long kib = 0;
	char line[128];

	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f)) {
		if (!strncmp(line, key, klen) && line[klen] == ':' &&
		    sscanf(line + klen + 1, " %llu kB", &kib) == 1)
			break;
		kib = 0;
	}
	fclose(f);
	return (uint64_t)kib * 1024;
}

#endif
