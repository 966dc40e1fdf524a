// SPDX-License-Identifier: GPL-2.0
/* The FACTS answer as JSON and back; see driver_facts.h. */
#include "core/driver_facts.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/json.h"
#include "core/names.h"

/* Keys and flag bits, one table for both directions. */
static const struct {
	const char *key;
	uint32_t bit;
} flag_keys[] = {
	{ "dev_coherent", DMABENCH_FACT_DEV_COHERENT },
	{ "dma_need_sync_pages", DMABENCH_FACT_NEED_SYNC_PAGES },
	{ "dma_need_sync_noncoherent", DMABENCH_FACT_NEED_SYNC_NONCOH },
	{ "dma_addressing_limited", DMABENCH_FACT_ADDRESSING_LIMITED },
	{ "swiotlb_active", DMABENCH_FACT_SWIOTLB_ACTIVE },
	{ "swiotlb_force", DMABENCH_FACT_SWIOTLB_FORCE },
	{ "drm_need_swiotlb", DMABENCH_FACT_DRM_NEED_SWIOTLB },
	{ "drm_arch_can_wc_memory", DMABENCH_FACT_DRM_CAN_WC },
	{ "mem_encrypt", DMABENCH_FACT_MEM_ENCRYPT },
	{ "xen_pv", DMABENCH_FACT_XEN_PV },
};

#define N_FLAG_KEYS	(sizeof(flag_keys) / sizeof(flag_keys[0]))

static const char *const domains[] = {
	[DMABENCH_IOMMU_NONE] = "none",
	[DMABENCH_IOMMU_STRICT] = "dma",
	[DMABENCH_IOMMU_LAZY] = "dma-fq",
	[DMABENCH_IOMMU_IDENTITY] = "identity",
	[DMABENCH_IOMMU_OTHER] = "other",
	[DMABENCH_IOMMU_BLOCKED] = "blocked",
};

#define N_DOMAINS	(sizeof(domains) / sizeof(domains[0]))

const char *driver_facts_domain_name(uint32_t iommu)
{
	return iommu < N_DOMAINS ? domains[iommu] : "other";
}

static const char *pages_zone(const struct dmabench_facts *f)
{
	if (f->flags & DMABENCH_FACT_PAGES_DMA)
		return "dma";
	if (f->flags & DMABENCH_FACT_PAGES_DMA32)
		return "dma32";
	return "any";
}

/* SIZE_MAX (no limit) becomes null. */
static json_t *size_or_null(uint64_t v)
{
	return v == UINT64_MAX ? json_null() : json_u64_or_null(v);
}

static bool put(json_t *o, const char *key, json_t *v)
{
	return v && json_object_set_new(o, key, v) == 0;
}

json_t *driver_facts_json(const struct dmabench_facts *f)
{
	const char *dev = name_of(&device_names, f->device);
	json_t *o = json_object();
	bool ok = o != NULL;

	ok = ok && put(o, "device", dev ? json_string(dev) : json_null());
	for (size_t i = 0; ok && i < N_FLAG_KEYS; i++)
		ok = put(o, flag_keys[i].key, json_boolean(f->flags & flag_keys[i].bit));
	ok = ok && put(o, "dma_dev_need_sync",
		       f->flags & DMABENCH_FACT_HAS_DEV_NEED_SYNC ?
		       json_boolean(f->flags & DMABENCH_FACT_DEV_NEED_SYNC) : json_null());
	ok = ok && put(o, "iommu_domain", json_string(driver_facts_domain_name(f->iommu)));
	ok = ok && put(o, "dma_bits", json_integer(f->dma_bits));
	ok = ok && put(o, "dma_mask", json_hex64(f->dma_mask));
	ok = ok && put(o, "coherent_dma_mask", json_hex64(f->coherent_dma_mask));
	ok = ok && put(o, "bus_dma_limit", f->bus_dma_limit ?
		       json_hex64(f->bus_dma_limit) : json_null());
	ok = ok && put(o, "required_mask", json_hex64(f->required_mask));
	ok = ok && put(o, "pages_zone", json_string(pages_zone(f)));
	ok = ok && put(o, "max_mapping_size", size_or_null(f->max_mapping_size));
	/* Absent where the kernel has no dma_opt_mapping_size(). */
	if (ok && (f->flags & DMABENCH_FACT_HAS_OPT_SIZE))
		ok = put(o, "opt_mapping_size", size_or_null(f->opt_mapping_size));
	ok = ok && put(o, "swiotlb_bytes", size_or_null(f->swiotlb_bytes));
	ok = ok && put(o, "swiotlb_max_mapping_size",
		       size_or_null(f->swiotlb_max_mapping_size));
	ok = ok && put(o, "max_iomem", json_hex64(f->max_iomem));
	if (!ok) {
		json_decref(o);
		return NULL;
	}
	return o;
}

static int missing(const char *key, const char *what, char *why, size_t len)
{
	snprintf(why, len, "driver_facts.%s is not %s", key, what);
	return -1;
}

/* A "0x..." string, as json_hex64() writes it. */
static int get_hex(json_t *o, const char *key, __u64 *v, bool nullable,
		   char *why, size_t len)
{
	json_t *j = json_object_get(o, key);
	const char *s = json_string_value(j);
	char *end;

	if (nullable && json_is_null(j)) {
		*v = 0;
		return 0;
	}
	if (!s || strncmp(s, "0x", 2))
		return missing(key, "a hex string", why, len);
	errno = 0;
	*v = strtoull(s + 2, &end, 16);
	if (errno || end == s + 2 || *end)
		return missing(key, "a hex string", why, len);
	return 0;
}

/* An integer, or null for no limit; absent keys read as 0. */
static int get_size(json_t *o, const char *key, __u64 *v, char *why, size_t len)
{
	json_t *j = json_object_get(o, key);

	if (!j)
		*v = 0;
	else if (json_is_null(j))
		*v = UINT64_MAX;
	else if (json_is_integer(j) && json_integer_value(j) >= 0)
		*v = (uint64_t)json_integer_value(j);
	else
		return missing(key, "a size or null", why, len);
	return 0;
}

static int get_flags(json_t *o, struct dmabench_facts *f, char *why, size_t len)
{
	json_t *j;

	for (size_t i = 0; i < N_FLAG_KEYS; i++) {
		j = json_object_get(o, flag_keys[i].key);
		if (!json_is_boolean(j))
			return missing(flag_keys[i].key, "a boolean", why, len);
		if (json_is_true(j))
			f->flags |= flag_keys[i].bit;
	}
	j = json_object_get(o, "dma_dev_need_sync");
	if (json_is_boolean(j))
		f->flags |= DMABENCH_FACT_HAS_DEV_NEED_SYNC |
			    (json_is_true(j) ? DMABENCH_FACT_DEV_NEED_SYNC : 0);
	else if (!json_is_null(j))
		return missing("dma_dev_need_sync", "a boolean or null", why, len);
	if (json_object_get(o, "opt_mapping_size"))
		f->flags |= DMABENCH_FACT_HAS_OPT_SIZE;
	return 0;
}

static int get_names(json_t *o, struct dmabench_facts *f, char *why, size_t len)
{
	const char *zone = json_string_value(json_object_get(o, "pages_zone"));
	const char *dom = json_string_value(json_object_get(o, "iommu_domain"));
	const char *dev = json_string_value(json_object_get(o, "device"));
	unsigned int devid;
	size_t i;

	if (!zone || (strcmp(zone, "dma") && strcmp(zone, "dma32") && strcmp(zone, "any")))
		return missing("pages_zone", "dma, dma32 or any", why, len);
	f->flags |= !strcmp(zone, "dma") ? DMABENCH_FACT_PAGES_DMA :
		    !strcmp(zone, "dma32") ? DMABENCH_FACT_PAGES_DMA32 : 0;
	for (i = 0; dom && i < N_DOMAINS && strcmp(dom, domains[i]); i++)
		;
	if (!dom || i == N_DOMAINS)
		return missing("iommu_domain", "a domain type", why, len);
	f->iommu = (uint32_t)i;
	f->device = DMABENCH_DEV_COUNT;
	if (dev && name_parse(&device_names, dev, &devid))
		f->device = devid;
	return 0;
}

int driver_facts_from_json(json_t *o, struct dmabench_facts *f,
			   char *why, size_t len)
{
	json_t *bits = json_object_get(o, "dma_bits");

	memset(f, 0, sizeof(*f));
	if (!json_is_object(o)) {
		snprintf(why, len, "driver_facts is not an object");
		return -1;
	}
	if (!json_is_integer(bits) || json_integer_value(bits) < 0 ||
	    json_integer_value(bits) > 64)
		return missing("dma_bits", "0..64", why, len);
	f->dma_bits = (uint32_t)json_integer_value(bits);
	if (get_flags(o, f, why, len) || get_names(o, f, why, len) ||
	    get_hex(o, "dma_mask", &f->dma_mask, false, why, len) ||
	    get_hex(o, "coherent_dma_mask", &f->coherent_dma_mask, false, why, len) ||
	    get_hex(o, "bus_dma_limit", &f->bus_dma_limit, true, why, len) ||
	    get_hex(o, "required_mask", &f->required_mask, false, why, len) ||
	    get_hex(o, "max_iomem", &f->max_iomem, false, why, len) ||
	    get_size(o, "max_mapping_size", &f->max_mapping_size, why, len) ||
	    get_size(o, "opt_mapping_size", &f->opt_mapping_size, why, len) ||
	    get_size(o, "swiotlb_bytes", &f->swiotlb_bytes, why, len) ||
	    get_size(o, "swiotlb_max_mapping_size", &f->swiotlb_max_mapping_size,
		     why, len))
		return -1;
	return 0;
}
