// SPDX-License-Identifier: GPL-2.0
/*
 * The run report's platform table: results.json's platform grouped by what
 * it describes (machine, kernel, DMA device, run), each fact once.  The
 * file records some facts twice (the kernel in platform, platform.info and
 * info.host_kernel; cores and memory in platform and info.cpu); the table
 * names the host kernel only where it differs.  See platform_table.h.
 */
#include "report/platform_table.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "core/units.h"

static json_t *fact(const struct rd_run *run, const char *key)
{
	json_t *v = json_object_get(run->info, key);

	return v ? v : json_object_get(run->platform, key);
}

static const char *yes_no(json_t *v)
{
	return json_is_boolean(v) ? (json_is_true(v) ? "yes" : "no") : "?";
}

struct pt {
	struct doc_table *t;
	const char *group;	/* printed on the group's first row only */
};

static void row(struct pt *p, const char *name, const char *value)
{
	const char *cells[] = { p->group, name, value };

	doc_row(p->t, cells);
	p->group = "";
}

static void size_row(struct pt *p, const char *name, json_t *v, const char *none)
{
	char buf[32];

	if (json_is_integer(v) && json_integer_value(v) > 0)
		row(p, name, units_size((uint64_t)json_integer_value(v), buf, sizeof(buf)));
	else
		row(p, name, none);
}

/* "L1d 64 KiB, L2 512 KiB, L3 16 MiB" (hwloc). */
static void caches(struct pt *p, const struct rd_run *run)
{
	static const char *const keys[][2] = { { "l1d", "L1d" }, { "l2", "L2" },
					       { "l3", "L3" } };
	json_t *c = json_object_get(json_object_get(run->platform, "topology"), "caches");
	char buf[160] = "", sz[32];
	size_t used = 0;

	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		json_t *v = json_object_get(c, keys[i][0]);

		if (json_is_integer(v) && used + 1 < sizeof(buf))
			used += snprintf(buf + used, sizeof(buf) - used, "%s%s %s",
					 used ? ", " : "", keys[i][1],
					 units_size((uint64_t)json_integer_value(v), sz,
						    sizeof(sz)));
	}
	row(p, "caches", used ? buf : "not recorded");
}

static void machine(struct pt *p, const struct rd_run *run)
{
	json_t *topo = json_object_get(run->platform, "topology");
	json_t *mem = fact(run, "memory_bytes");
	char buf[160];

	p->group = "machine";
	row(p, "CPU", rd_platform_str(run, "cpu_model"));
	snprintf(buf, sizeof(buf), "%" JSON_INTEGER_FORMAT " (%" JSON_INTEGER_FORMAT
		 " package, %" JSON_INTEGER_FORMAT " NUMA node)",
		 json_integer_value(json_object_get(run->platform, "cores")),
		 json_integer_value(json_object_get(topo, "packages")),
		 json_integer_value(json_object_get(topo, "numa_nodes")));
	row(p, "cores", buf);
	if (json_is_integer(mem))
		snprintf(buf, sizeof(buf), "%.2f GiB", (double)json_integer_value(mem) / (1 << 30));
	row(p, "memory", json_is_integer(mem) ? buf : "?");
	caches(p, run);
}

static void kernel(struct pt *p, const struct rd_run *run)
{
	const char *k = rd_platform_str(run, "kernel");
	const char *host = json_string_value(json_object_get(run->info, "host_kernel"));
	char buf[256];

	p->group = "kernel";
	if (host && strcmp(host, k))
		snprintf(buf, sizeof(buf), "%s (harness built on %s)", k, host);
	else
		snprintf(buf, sizeof(buf), "%s", k);
	row(p, "release", buf);
	size_row(p, "page size", fact(run, "page_size"), "?");
}

/* "64-bit" for a mask of N low ones, else the mask as recorded. */
static const char *mask_words(const char *mask, char *buf, size_t len)
{
	unsigned long long m;
	int bits = 0;

	if (!mask || sscanf(mask, "%llx", &m) != 1)
		return mask ? mask : "?";
	while (bits < 64 && (m >> bits) & 1)
		bits++;
	if (bits == 64 || (m >> bits) == 0)
		snprintf(buf, len, "%d-bit", bits);
	else
		snprintf(buf, len, "%s", mask);
	return buf;
}

static void device(struct pt *p, const struct rd_run *run)
{
	json_t *dev = json_object_get(run->info, "device");
	char buf[256], a[32], b[32];

	p->group = "DMA device";
	snprintf(buf, sizeof(buf), "%s %s (%s, driver %s)", rd_str(dev, "kind"),
		 rd_str(dev, "name"), rd_str(dev, "bus"), rd_str(dev, "driver"));
	row(p, "device", buf);
	snprintf(buf, sizeof(buf), "%s streaming, %s coherent",
		 mask_words(json_string_value(json_object_get(dev, "dma_mask")), a, sizeof(a)),
		 mask_words(json_string_value(json_object_get(dev, "coherent_dma_mask")), b,
			    sizeof(b)));
	row(p, "DMA masks", buf);
	row(p, "IOMMU", rd_platform_str(run, "iommu"));
	snprintf(buf, sizeof(buf), "%s%s", yes_no(fact(run, "swiotlb")),
		 json_is_true(fact(run, "swiotlb_force")) ? " (forced)" : "");
	row(p, "swiotlb", buf);
	row(p, "device DMA-coherent", yes_no(fact(run, "dev_coherent")));
	row(p, "dma_need_sync", yes_no(fact(run, "dma_need_sync")));
	size_row(p, "max mapping size", fact(run, "max_mapping_size"), "no limit reported");
	size_row(p, "largest contiguous buffer", fact(run, "max_contig_size"), "?");
}

static void kinds_text(const struct rd_run *run, char *buf, size_t len)
{
	json_t *list = json_object_get(run->info, "kinds"), *k;
	size_t i, used = 0;

	buf[0] = '\0';
	json_array_foreach(list, i, k)
		if (json_string_value(k) && used + 1 < len)
			used += snprintf(buf + used, len - used, "%s%s", used ? ", " : "",
					 json_string_value(k));
	if (!used)
		snprintf(buf, len, "?");
}

static void run_facts(struct pt *p, const struct rd_run *run)
{
	const char *cmd = json_string_value(json_object_get(run->platform, "command_line"));
	json_t *pin = json_object_get(run->platform, "pinned_cpu");
	char buf[256];

	p->group = "run";
	snprintf(buf, sizeof(buf), "%s%s", rd_platform_str(run, "preset"),
		 json_is_true(json_object_get(run->platform, "lab")) ?
		 " (lab: QEMU, TCG unless LAB_ACCEL=kvm)" : "");
	row(p, "platform", buf);
	kinds_text(run, buf, sizeof(buf));
	row(p, "buffer kinds", buf);
	if (cmd)
		row(p, "command", cmd);
	snprintf(buf, sizeof(buf), "dmabench %s, ABI %" JSON_INTEGER_FORMAT,
		 rd_platform_str(run, "version"),
		 json_integer_value(json_object_get(run->platform, "abi")));
	row(p, "harness", buf);
	if (json_is_integer(pin)) {
		snprintf(buf, sizeof(buf), "CPU %" JSON_INTEGER_FORMAT, json_integer_value(pin));
		row(p, "pinned to", buf);
	}
}

void platform_table(struct doc *d, const struct rd_run *run, const char *id)
{
	static const char *const hdr[] = { "", "fact", "value" };
	struct pt p = { .t = doc_table(d, id, 3, hdr, NULL) };

	if (!p.t)
		return;
	p.t->row_heads = true;
	machine(&p, run);
	kernel(&p, run);
	device(&p, run);
	run_facts(&p, run);
}
