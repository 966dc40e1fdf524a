// SPDX-License-Identifier: GPL-2.0
/* Enum <-> name tables; see names.h. */
#include "core/names.h"

#include <stdio.h>
#include <string.h>

#include "dmabench.h"

#define TABLE(var, desc, arr) \
	const struct name_table var = { \
		.what = desc, \
		.names = arr, \
		.count = sizeof(arr) / sizeof(arr[0]), \
	}

static const char *const kinds[] = {
	[DMABENCH_KIND_COHERENT] = "coherent",
	[DMABENCH_KIND_STREAMING] = "streaming",
	[DMABENCH_KIND_WC] = "wc",
	[DMABENCH_KIND_UC] = "uc",
	[DMABENCH_KIND_NONCOHERENT] = "noncoherent",
	[DMABENCH_KIND_USERPTR] = "userptr",
	[DMABENCH_KIND_NONCONTIG] = "noncontig",
};
_Static_assert(sizeof(kinds) / sizeof(kinds[0]) == DMABENCH_KIND_COUNT,
	       "a kind has no name");

/* Spelled like the kernel's enum dma_data_direction, in lower case. */
static const char *const dirs[] = {
	[DMABENCH_DIR_BIDI] = "bidirectional",
	[DMABENCH_DIR_TO_DEVICE] = "to_device",
	[DMABENCH_DIR_FROM_DEVICE] = "from_device",
};

static const char *const devices[] = {
	[DMABENCH_DEV_PLATFORM] = "platform",
	[DMABENCH_DEV_EDU] = "edu",
	[DMABENCH_DEV_PCI] = "pci",
};
_Static_assert(sizeof(devices) / sizeof(devices[0]) == DMABENCH_DEV_COUNT,
	       "a device has no name");

static const char *const iommus[] = {
	[DMABENCH_IOMMU_NONE] = "none",
	[DMABENCH_IOMMU_STRICT] = "strict",
	[DMABENCH_IOMMU_LAZY] = "lazy",
	[DMABENCH_IOMMU_IDENTITY] = "identity",
	[DMABENCH_IOMMU_OTHER] = "other",
};

static const char *const ops[] = {
	[DMABENCH_OP_EMPTY] = "empty",
	[DMABENCH_OP_ALLOC_FREE] = "alloc_free",
	[DMABENCH_OP_MAP_SINGLE] = "map_single",
	[DMABENCH_OP_MAP_PAGE] = "map_page",
	[DMABENCH_OP_MAP_SG] = "map_sg",
	[DMABENCH_OP_SYNC_FOR_CPU] = "sync_for_cpu",
	[DMABENCH_OP_SYNC_FOR_DEVICE] = "sync_for_device",
	[DMABENCH_OP_CACHING] = "caching",
	[DMABENCH_OP_KREAD] = "kread",
	[DMABENCH_OP_KWRITE] = "kwrite",
	[DMABENCH_OP_KCOPY] = "kcopy",
	[DMABENCH_OP_SG_ITER_PAGE] = "sg_iter_page",
	[DMABENCH_OP_SG_ITER_DMA] = "sg_iter_dma",
	[DMABENCH_OP_PIN] = "pin",
	[DMABENCH_OP_PIN_SGT] = "pin_sgt",
	[DMABENCH_OP_POOL_FRESH] = "pool_fresh",
	[DMABENCH_OP_POOL_HIT] = "pool_hit",
	[DMABENCH_OP_CACHING_RANGE] = "caching_range",
};
_Static_assert(sizeof(ops) / sizeof(ops[0]) == DMABENCH_OP_COUNT,
	       "an op has no name");

static const char *const cachings[] = {
	[DMABENCH_CACHING_WB] = "wb",
	[DMABENCH_CACHING_WC] = "wc",
	[DMABENCH_CACHING_UC] = "uc",
};

static const char *const cache_states[] = {
	[DMABENCH_CACHE_ANY] = "any",
	[DMABENCH_CACHE_HOT] = "hot",
	[DMABENCH_CACHE_COLD] = "cold",
};

static const char *const sync_tos[] = {
	[DMABENCH_SYNC_FOR_CPU] = "for_cpu",
	[DMABENCH_SYNC_FOR_DEVICE] = "for_device",
};

/* By bit number: DMABENCH_ATTR_WRITE_COMBINE is 1 << 0. */
static const char *const attrs[] = {
	"write_combine", "no_kernel_mapping", "force_contiguous",
	"alloc_single_pages", "skip_cpu_sync",
};
_Static_assert(sizeof(attrs) / sizeof(attrs[0]) == ATTR_BITS, "an attribute has no name");
_Static_assert(DMABENCH_ATTR_WRITE_COMBINE == 1U << 0 &&
	       DMABENCH_ATTR_NO_KERNEL_MAPPING == 1U << 1 &&
	       DMABENCH_ATTR_FORCE_CONTIGUOUS == 1U << 2 &&
	       DMABENCH_ATTR_ALLOC_SINGLE_PAGES == 1U << 3 &&
	       DMABENCH_ATTR_SKIP_CPU_SYNC == 1U << 4, "attribute names are by bit");

static const char *const attr_words[] = {
	"write-combine", "no kernel mapping", "force contiguous",
	"single pages", "skip CPU sync",
};

static const char *const attr_macros[] = {
	"DMA_ATTR_WRITE_COMBINE", "DMA_ATTR_NO_KERNEL_MAPPING",
	"DMA_ATTR_FORCE_CONTIGUOUS", "DMA_ATTR_ALLOC_SINGLE_PAGES",
	"DMA_ATTR_SKIP_CPU_SYNC",
};

static const char *const kmaps[] = {
	[DMABENCH_KMAP_LINEAR] = "linear",
	[DMABENCH_KMAP_REMAPPED] = "remapped",
	[DMABENCH_KMAP_NONE] = "none",
};

static const char *const user_prots[] = {
	[DMABENCH_PROT_NOT_MAPPED] = "not_mapped",
	[DMABENCH_PROT_SAME] = "same",
	[DMABENCH_PROT_WC] = "wc",
	[DMABENCH_PROT_UC] = "uc",
	[DMABENCH_PROT_OTHER] = "other",
};

TABLE(kind_names, "kind", kinds);
TABLE(attr_names, "DMA attribute", attrs);
TABLE(attr_words_names, "DMA attribute", attr_words);
TABLE(attr_macro_names, "DMA attribute", attr_macros);
TABLE(kmap_names, "kernel mapping", kmaps);
TABLE(user_prot_names, "user mapping", user_prots);
TABLE(dir_names, "direction", dirs);
TABLE(device_names, "device", devices);
TABLE(iommu_names, "iommu mode", iommus);
TABLE(op_names, "op", ops);
TABLE(caching_names, "caching", cachings);
TABLE(cache_state_names, "cache state", cache_states);
TABLE(sync_to_names, "sync target", sync_tos);

const char *name_of(const struct name_table *t, unsigned int value)
{
	return value < t->count ? t->names[value] : NULL;
}

bool name_parse(const struct name_table *t, const char *s, unsigned int *value)
{
	for (unsigned int i = 0; i < t->count; i++) {
		if (t->names[i] && strcmp(t->names[i], s) == 0) {
			*value = i;
			return true;
		}
	}
	return false;
}

size_t name_join(const struct name_table *t, const char *sep,
		 char *buf, size_t len)
{
	size_t need = 0;

	if (len)
		buf[0] = '\0';
	for (unsigned int i = 0; i < t->count; i++) {
		int n = snprintf(buf ? buf + (need < len ? need : len) : NULL,
				 need < len ? len - need : 0, "%s%s",
				 i ? sep : "", t->names[i]);
		if (n > 0)
			need += (size_t)n;
	}
	return need;
}

char *attrs_join(const struct name_table *t, uint32_t attrs, const char *sep,
		 char *buf, size_t len)
{
	size_t used = 0;
	bool unknown = false;

	if (!len)
		return buf;
	buf[0] = '\0';
	for (unsigned int b = 0; b < 32; b++) {
		const char *name;
		int n;

		if (!(attrs & (1U << b)))
			continue;
		name = (1U << b) == ATTR_UNKNOWN ? NULL : name_of(t, b);
		if (!name) {
			unknown = true;
			continue;
		}
		n = snprintf(buf + used, len - used, "%s%s", used ? sep : "", name);
		if (n < 0 || (size_t)n >= len - used)
			return buf;
		used += (size_t)n;
	}
	if (unknown)
		snprintf(buf + used, len - used, "%sunknown", used ? sep : "");
	return buf;
}

uint32_t attr_bit(const char *name)
{
	unsigned int bit;

	return name && name_parse(&attr_names, name, &bit) ? 1U << bit : ATTR_UNKNOWN;
}

static const char *const short_dirs[] = {
	[DMABENCH_DIR_BIDI] = "bidi",
	[DMABENCH_DIR_TO_DEVICE] = "to",
	[DMABENCH_DIR_FROM_DEVICE] = "from",
};

const char *dir_short_name(unsigned int dir)
{
	return dir < sizeof(short_dirs) / sizeof(short_dirs[0]) ?
	       short_dirs[dir] : NULL;
}

const char *isa_stream_load_insn(const char *isa_name)
{
	return isa_name && !strcmp(isa_name, "a64-nt") ? "LDNP" : "MOVNTDQA";
}
