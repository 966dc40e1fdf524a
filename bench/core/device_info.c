// SPDX-License-Identifier: GPL-2.0
/* The info document and its text form; see device_info.h. */
#include "core/device_info.h"

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdbool.h>
#include <string.h>

#include "core/coherence.h"
#include "core/json.h"
#include "core/names.h"
#include "core/units.h"

/*
 * The module's strings are fixed arrays: NUL termination is not
 * guaranteed and bytes are not promised to be UTF-8, which jansson
 * rejects.  Copy the printable ASCII part.
 */
static void copy_kernel_string(char *out, const char *in, size_t in_len)
{
	size_t n = strnlen(in, in_len);

	for (size_t i = 0; i < n; i++)
		out[i] = (in[i] >= 0x20 && in[i] < 0x7f) ? in[i] : '?';
	out[n] = '\0';
}

#define KSTR(out, field) \
	char out[sizeof(field) + 1]; \
	copy_kernel_string(out, field, sizeof(field))

static bool flag(const struct dmabench_info *info, uint32_t bit)
{
	return info->flags & bit;
}

static const char *device_kind(const struct dmabench_info *info)
{
	const char *name = name_of(&device_names, info->device);

	return name ? name : "unknown";
}

static const char *iommu_mode(const struct dmabench_info *info)
{
	const char *name = name_of(&iommu_names, info->iommu);

	return name ? name : "other";
}

/* SIZE_MAX from dma_max_mapping_size() means "no limit". */
static bool unlimited(uint64_t bytes)
{
	return bytes == UINT64_MAX;
}

static bool has_opt_size(const struct dmabench_info *info)
{
	return flag(info, DMABENCH_INFO_HAS_OPT_SIZE) &&
	       !unlimited(info->opt_mapping_size);
}

/* Adds @value under @key, consuming it; false if anything was NULL. */
static bool put(json_t *obj, const char *key, json_t *value)
{
	if (!obj) {
		json_decref(value);
		return false;
	}
	return json_object_set_new(obj, key, value) == 0;
}

static json_t *device_json(const struct dmabench_info *info)
{
	json_t *o = json_object();
	bool ok = true;
	KSTR(name, info->dev_name);
	KSTR(bus, info->bus);
	KSTR(driver, info->driver);

	ok &= put(o, "name", json_string(name));
	ok &= put(o, "bus", json_string(bus));
	ok &= put(o, "driver", json_string(driver));
	ok &= put(o, "kind", json_string(device_kind(info)));
	ok &= put(o, "dma_mask", json_hex64(info->dma_mask));
	ok &= put(o, "coherent_dma_mask", json_hex64(info->coherent_dma_mask));
	if (!ok) {
		json_decref(o);
		return NULL;
	}
	return o;
}

/* Kind names for each bit; bits this harness does not know keep a name. */
static json_t *kinds_json(uint32_t kinds)
{
	json_t *a = json_array();

	for (unsigned int bit = 0; a && bit < 32; bit++) {
		const char *name = name_of(&kind_names, bit);
		char unknown[16];

		if (!(kinds & (1U << bit)))
			continue;
		if (!name) {
			snprintf(unknown, sizeof(unknown), "kind-%u", bit);
			name = unknown;
		}
		if (json_array_append_new(a, json_string(name))) {
			json_decref(a);
			return NULL;
		}
	}
	return a;
}

static json_t *counters_json(const struct dmabench_info *info)
{
	json_t *o = json_object();
	bool ok = true;

	ok &= put(o, "live_buffers", json_u64_or_null(info->live_buffers));
	ok &= put(o, "live_bytes", json_u64_or_null(info->live_bytes));
	ok &= put(o, "live_mmaps", json_u64_or_null(info->live_mmaps));
	ok &= put(o, "live_files", json_u64_or_null(info->live_files));
	if (!ok) {
		json_decref(o);
		return NULL;
	}
	return o;
}

static json_t *cpu_json(const struct host_facts *host)
{
	json_t *o = json_object();

	if (!put(o, "model", json_string(host->cpu_model)) ||
	    !put(o, "cores", json_integer(host->cpu_cores))) {
		json_decref(o);
		return NULL;
	}
	return o;
}

/* The mapping limits and the coherence answer, the point of the command. */
static bool put_dma_facts(json_t *o, const struct dmabench_info *info)
{
	struct coherence_facts facts = coherence_facts_of(info);
	struct coherence_verdict v = coherence_verdict(&facts);
	char reason[512];
	bool ok = true;

	coherence_reason(&v, reason, sizeof(reason));
	ok &= put(o, "dma_need_sync", json_boolean(facts.need_sync));
	ok &= put(o, "max_mapping_size", json_u64_or_null(info->max_mapping_size));
	ok &= put(o, "opt_mapping_size", has_opt_size(info) ?
		  json_u64_or_null(info->opt_mapping_size) : json_null());
	ok &= put(o, "swiotlb", json_boolean(flag(info, DMABENCH_INFO_SWIOTLB_ACTIVE)));
	ok &= put(o, "swiotlb_force", json_boolean(facts.swiotlb_force));
	ok &= put(o, "iommu", json_string(iommu_mode(info)));
	ok &= put(o, "dev_coherent", json_boolean(facts.dev_coherent));
	ok &= put(o, "streaming_coherent", json_boolean(v.coherent));
	ok &= put(o, "streaming_coherent_reason", json_string(reason));
	return ok;
}

static bool put_memory_facts(json_t *o, const struct dmabench_info *info)
{
	bool ok = true;

	ok &= put(o, "page_size", json_integer(info->page_size));
	ok &= put(o, "max_contig_size", json_u64_or_null(info->max_contig_size));
	ok &= put(o, "byte_cap", json_u64_or_null(info->byte_cap));
	ok &= put(o, "bytes_held", json_u64_or_null(info->bytes_held));
	ok &= put(o, "cma", json_boolean(flag(info, DMABENCH_INFO_CMA)));
	ok &= put(o, "set_pages_array",
		  json_boolean(flag(info, DMABENCH_INFO_SET_PAGES_ARRAY)));
	ok &= put(o, "kinds", kinds_json(info->kinds));
	ok &= put(o, "counters", counters_json(info));
	return ok;
}

json_t *info_json(const struct dmabench_info *info,
		  const struct host_facts *host)
{
	json_t *o = json_object();
	bool ok = true;
	KSTR(release, info->release);

	ok &= put(o, "abi", json_integer(info->abi_version));
	ok &= put(o, "kernel", json_string(release));
	ok &= put(o, "device", device_json(info));
	ok &= put(o, "edu_present", json_boolean(flag(info, DMABENCH_INFO_EDU_PRESENT)));
	ok &= put(o, "pci_present", json_boolean(flag(info, DMABENCH_INFO_PCI_PRESENT)));
	ok &= put_dma_facts(o, info);
	ok &= put_memory_facts(o, info);
	ok &= put(o, "cpu", cpu_json(host));
	ok &= put(o, "memory_bytes", json_u64_or_null(host->memory_bytes));
	ok &= put(o, "host_kernel", json_string(host->kernel));
	if (!ok) {
		json_decref(o);
		return NULL;
	}
	return o;
}

/* Text output: rows collected first so the keys can be aligned. */
#define ROWS_MAX	32
#define VALUE_LEN	192

struct rows {
	const char *key[ROWS_MAX];
	char value[ROWS_MAX][VALUE_LEN];
	unsigned int n;
};

__attribute__((format(printf, 3, 4)))
static void row(struct rows *r, const char *key, const char *fmt, ...)
{
	va_list ap;

	if (r->n >= ROWS_MAX)
		return;
	r->key[r->n] = key;
	va_start(ap, fmt);
	vsnprintf(r->value[r->n], VALUE_LEN, fmt, ap);
	va_end(ap);
	r->n++;
}

static void row_bytes(struct rows *r, const char *key, uint64_t bytes)
{
	char buf[64];

	format_bytes(bytes, buf, sizeof(buf));
	row(r, key, "%s", buf);
}

static const char *yes_no(bool b)
{
	return b ? "yes" : "no";
}

static void device_rows(struct rows *r, const struct dmabench_info *info)
{
	KSTR(release, info->release);
	KSTR(name, info->dev_name);
	KSTR(bus, info->bus);
	KSTR(driver, info->driver);

	row(r, "abi", "%u", info->abi_version);
	row(r, "kernel", "%s", release);
	row(r, "device", "%s (kind %s, bus %s, driver %s)", name,
	    device_kind(info), bus, driver);
	row(r, "dma_mask", "0x%" PRIx64, (uint64_t)info->dma_mask);
	row(r, "coherent_dma_mask", "0x%" PRIx64,
	    (uint64_t)info->coherent_dma_mask);
	row(r, "devices", "edu %s, pci %s",
	    flag(info, DMABENCH_INFO_EDU_PRESENT) ? "present" : "absent",
	    flag(info, DMABENCH_INFO_PCI_PRESENT) ? "present" : "absent");
}

static void dma_rows(struct rows *r, const struct dmabench_info *info)
{
	row(r, "dma_need_sync", "%s", yes_no(flag(info, DMABENCH_INFO_NEED_SYNC)));
	if (unlimited(info->max_mapping_size))
		row(r, "max_mapping_size", "unlimited");
	else
		row_bytes(r, "max_mapping_size", info->max_mapping_size);
	if (has_opt_size(info))
		row_bytes(r, "opt_mapping_size", info->opt_mapping_size);
	else
		row(r, "opt_mapping_size", "none");
	row(r, "swiotlb", "%s%s",
	    flag(info, DMABENCH_INFO_SWIOTLB_ACTIVE) ? "active" : "inactive",
	    flag(info, DMABENCH_INFO_SWIOTLB_FORCE) ? ", forced" : "");
	row(r, "iommu", "%s", iommu_mode(info));
	row(r, "dev_coherent", "%s", yes_no(flag(info, DMABENCH_INFO_DEV_COHERENT)));
}

static void memory_rows(struct rows *r, const struct dmabench_info *info)
{
	char kinds[128] = "";
	size_t used = 0;

	row_bytes(r, "page_size", info->page_size);
	row_bytes(r, "max_contig_size", info->max_contig_size);
	row_bytes(r, "byte_cap", info->byte_cap);
	row_bytes(r, "bytes_held", info->bytes_held);
	row(r, "cma", "%s", yes_no(flag(info, DMABENCH_INFO_CMA)));
	row(r, "set_pages_array", "%s",
	    yes_no(flag(info, DMABENCH_INFO_SET_PAGES_ARRAY)));
	for (unsigned int k = 0; k < kind_names.count; k++) {
		if ((info->kinds & (1U << k)) && used < sizeof(kinds))
			used += (size_t)snprintf(kinds + used,
						 sizeof(kinds) - used, "%s%s",
						 used ? " " : "",
						 name_of(&kind_names, k));
	}
	row(r, "kinds", "%s", used ? kinds : "none");
	row(r, "counters", "%" PRIu64 " buffers, %" PRIu64 " bytes, %" PRIu64
	    " mmaps, %" PRIu64 " files", (uint64_t)info->live_buffers,
	    (uint64_t)info->live_bytes, (uint64_t)info->live_mmaps,
	    (uint64_t)info->live_files);
}

static void host_rows(struct rows *r, const struct host_facts *host)
{
	row(r, "cpu", "%s (%u cores)", host->cpu_model, host->cpu_cores);
	if (host->memory_bytes)
		row_bytes(r, "memory", host->memory_bytes);
	else
		row(r, "memory", "unknown");
	row(r, "host_kernel", "%s", host->kernel);
}

int info_print_text(FILE *f, const struct dmabench_info *info,
		    const struct host_facts *host)
{
	struct coherence_facts facts = coherence_facts_of(info);
	struct coherence_verdict v = coherence_verdict(&facts);
	struct rows r = { .n = 0 };
	char sentence[640];
	int width = 0;

	device_rows(&r, info);
	dma_rows(&r, info);
	memory_rows(&r, info);
	host_rows(&r, host);
	for (unsigned int i = 0; i < r.n; i++)
		if ((int)strlen(r.key[i]) > width)
			width = (int)strlen(r.key[i]);
	errno = 0;
	for (unsigned int i = 0; i < r.n; i++)
		fprintf(f, "%s:%*s %s\n", r.key[i],
			width - (int)strlen(r.key[i]), "", r.value[i]);
	coherence_sentence(&v, sentence, sizeof(sentence));
	fprintf(f, "\n%s\n", sentence);
	if (fflush(f) || ferror(f))
		return errno ? -errno : -EIO;
	return 0;
}
