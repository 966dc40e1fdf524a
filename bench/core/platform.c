// SPDX-License-Identifier: GPL-2.0
/* The platform object of results.json; see platform.h. */
#include "core/platform.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/device_info.h"
#include "core/json.h"
#include "core/sysinfo.h"
#include "core/version.h"

const char *platform_preset(void)
{
	const char *p = getenv("DMABENCH_LAB_PRESET");

	if (!p || !*p)
		p = getenv("LAB_PRESET");
	return p && *p ? p : "host";
}

static bool plain_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
}

static void sanitize(const char *in, char *out, size_t len)
{
	size_t i;

	for (i = 0; in[i] && i + 1 < len; i++)
		out[i] = plain_char(in[i]) ? in[i] : '_';
	out[i] = '\0';
	if (!i && len > 1)
		snprintf(out, len, "unknown");
}

size_t platform_default_out(time_t when, const char *host, const char *preset,
			    char *buf, size_t len)
{
	char stamp[32], h[64], p[64];
	struct tm tm;
	int n;

	localtime_r(&when, &tm);
	strftime(stamp, sizeof(stamp), "%Y%m%d-%H%M%S", &tm);
	sanitize(host, h, sizeof(h));
	sanitize(preset, p, sizeof(p));
	n = snprintf(buf, len, "results/%s-%s-%s", stamp, h, p);
	return n > 0 ? (size_t)n : 0;
}

/* Single-quote a word with anything a shell would split or expand. */
static bool needs_quotes(const char *w)
{
	if (!*w)
		return true;
	for (; *w; w++)
		if (!plain_char(*w) && !strchr("/=,:+@%", *w))
			return true;
	return false;
}

size_t platform_command_line(int argc, char **argv, char *buf, size_t len)
{
	size_t need = 0;

	if (len)
		buf[0] = '\0';
	for (int i = 0; i < argc; i++) {
		bool q = needs_quotes(argv[i]);
		size_t off = need < len ? need : len;
		int n = snprintf(buf + off, len - off, "%s%s%s%s", i ? " " : "",
				 q ? "'" : "", argv[i], q ? "'" : "");

		if (n > 0)
			need += (size_t)n;
	}
	return need;
}

static json_t *host_json(const struct host_facts *h)
{
	char name[256] = "unknown";

	if (gethostname(name, sizeof(name) - 1))
		snprintf(name, sizeof(name), "unknown");
	return json_pack("{s:s, s:s, s:i, s:o, s:s}", "hostname", name,
			 "cpu_model", h->cpu_model, "cores", (int)h->cpu_cores,
			 "memory_bytes", json_u64_or_null(h->memory_bytes),
			 "kernel", h->kernel);
}

static json_t *info_or_null(const struct dmabench_info *info, const struct host_facts *h)
{
	return info ? info_json(info, h) : json_null();
}

/* Where each host figure comes from, and hwloc's memory beside MemTotal (sysinfo.h). */
static void host_sources(json_t *o, const struct host_facts *h)
{
	json_object_set_new(o, "host_sources", json_pack("{s:s, s:s, s:s}",
		"cpu_model", "hwloc (CPUModel)", "cores", "hwloc (PUs this process may use)",
		"memory_bytes", "/proc/meminfo MemTotal: hwloc's NUMA total counts only what "
		"the nodes' zones manage, less where the kernel initialises memory late"));
	json_object_set_new(o, "numa_memory_bytes", json_u64_or_null(h->numa_memory_bytes));
}

json_t *platform_json(const struct platform_args *a)
{
	const char *preset = platform_preset();
	char args[4000], cmd[4096];
	struct host_facts h;
	json_t *o, *host;

	host_facts_read(&h, a->topo);
	host = host_json(&h);

	/* argv starts at the subcommand: say which program it was. */
	platform_command_line(a->argc, a->argv, args, sizeof(args));
	snprintf(cmd, sizeof(cmd), "dmabench %s", args);
	o = json_pack("{s:s, s:b, s:o, s:O, s:O, s:O, s:O, s:O, s:o, s:o, s:s, s:s, s:i}",
		      "preset", preset, "lab", strcmp(preset, "host") != 0,
		      "info", info_or_null(a->info, &h),
		      "hostname", json_object_get(host, "hostname"),
		      "cpu_model", json_object_get(host, "cpu_model"),
		      "cores", json_object_get(host, "cores"),
		      "memory_bytes", json_object_get(host, "memory_bytes"),
		      "kernel", json_object_get(host, "kernel"),
		      "topology", a->topo ? topology_summary(a->topo) : json_null(),
		      "pinned_cpu", a->cpu >= 0 ? json_integer(a->cpu) : json_null(),
		      "command_line", cmd, "version", DMABENCH_VERSION,
		      "abi", DMABENCH_ABI_VERSION);
	json_decref(host);
	if (o)
		host_sources(o, &h);
	return o;
}
