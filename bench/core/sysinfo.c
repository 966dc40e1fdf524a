// SPDX-License-Identifier: GPL-2.0
/* Host facts from hwloc, /proc/meminfo and uname(); see sysinfo.h. */
#include "core/sysinfo.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

/* /proc files report size 0, so read until EOF instead of trusting stat. */
char *read_text_file(const char *path)
{
	size_t cap = 4096, used = 0;
	char *buf = NULL;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return NULL;
	for (;;) {
		ssize_t n;

		if (!buf || used + 1 >= cap) {
			size_t want = buf ? cap * 2 : cap;
			char *bigger = realloc(buf, want);

			if (!bigger)
				goto fail;
			buf = bigger;
			cap = want;
		}
		n = read(fd, buf + used, cap - used - 1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			goto fail;
		if (n == 0)
			break;
		used += (size_t)n;
	}
	buf[used] = '\0';
	close(fd);
	return buf;
fail:
	{
		int err = errno;

		free(buf);
		close(fd);
		errno = err;
		return NULL;
	}
}

/* The value of "key<blanks>:" when @line starts with exactly @key. */
static const char *value_of(const char *line, const char *key)
{
	size_t klen = strlen(key);
	const char *p = line + klen;

	if (strncmp(line, key, klen) != 0)
		return NULL;
	while (*p == ' ' || *p == '\t')
		p++;
	if (*p != ':')
		return NULL;
	p++;
	while (*p == ' ' || *p == '\t')
		p++;
	return p;
}

/* The first line keyed exactly @key, its value trimmed into @out. */
static bool find_field(const char *text, const char *key,
		       char *out, size_t len)
{
	const char *line = text;

	while (line && *line) {
		const char *p = value_of(line, key), *end;

		if (p) {
			end = p + strcspn(p, "\n");
			while (end > p && isspace((unsigned char)end[-1]))
				end--;
			if ((size_t)(end - p) >= len)
				end = p + len - 1;
			memcpy(out, p, (size_t)(end - p));
			out[end - p] = '\0';
			return true;
		}
		line = strchr(line, '\n');
		if (line)
			line++;
	}
	return false;
}

bool parse_mem_total(const char *meminfo, uint64_t *bytes)
{
	char value[64], *end;
	unsigned long long kib;

	if (!find_field(meminfo, "MemTotal", value, sizeof(value)))
		return false;
	errno = 0;
	kib = strtoull(value, &end, 10);
	if (errno || end == value || strcmp(end, " kB") != 0 ||
	    kib > UINT64_MAX / 1024)
		return false;
	*bytes = (uint64_t)kib * 1024;
	return true;
}

/* CPU model and CPU count: hwloc's, which has parsed CPUID or /proc/cpuinfo already. */
static void cpu_facts(struct host_facts *h, struct topology *t)
{
	struct topology *own = t ? NULL : topology_load();
	struct topology *use = t ? t : own;
	long cpus;

	if (!use || !topology_cpu_model(use, h->cpu_model, sizeof(h->cpu_model)))
		snprintf(h->cpu_model, sizeof(h->cpu_model), "unknown");
	h->cpu_cores = use ? topology_pus(use) : 0;
	h->numa_memory_bytes = use ? topology_numa_memory(use) : 0;
	if (!h->cpu_cores) {
		cpus = sysconf(_SC_NPROCESSORS_ONLN);
		h->cpu_cores = cpus > 0 ? (unsigned int)cpus : 0;
	}
	topology_free(own);
}

void host_facts_read(struct host_facts *h, struct topology *t)
{
	struct utsname u;
	char *text;

	memset(h, 0, sizeof(*h));
	snprintf(h->kernel, sizeof(h->kernel), "unknown");
	cpu_facts(h, t);

	/* hwloc has no figure for the machine's RAM, only its NUMA nodes' (sysinfo.h). */
	text = read_text_file("/proc/meminfo");
	if (!text || !parse_mem_total(text, &h->memory_bytes))
		h->memory_bytes = 0;
	free(text);

	if (uname(&u) == 0)
		snprintf(h->kernel, sizeof(h->kernel), "%s", u.release);
}

int parse_dma_api_debug(const char *disabled, const char *config)
{
	if (disabled && (disabled[0] == 'N' || disabled[0] == 'Y'))
		return disabled[0] == 'N';
	if (!config)
		return -1;
	for (const char *l = config; l && *l; l = strchr(l, '\n'), l = l ? l + 1 : NULL) {
		if (!strncmp(l, "CONFIG_DMA_API_DEBUG=y", 22) && (l[22] == '\n' || !l[22]))
			return 1;
		if (!strncmp(l, "# CONFIG_DMA_API_DEBUG is not set", 33))
			return 0;
	}
	return -1;
}

int dma_api_debug_state(void)
{
	char *disabled = read_text_file("/sys/kernel/debug/dma-api/disabled");
	char *config = NULL;
	struct utsname u;
	int state;

	if (!disabled && !uname(&u)) {
		char path[sizeof(u.release) + 16];

		snprintf(path, sizeof(path), "/boot/config-%s", u.release);
		config = read_text_file(path);
	}
	state = parse_dma_api_debug(disabled, config);
	free(disabled);
	free(config);
	return state;
}
