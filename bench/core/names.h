/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Names of the ABI's enums (kinds, directions, devices, ops, ...), one
 * table each, used by every command to parse arguments and to print.
 * Keeping the spelling in one place keeps results.json, the CLI and the
 * reports in agreement.
 */
#ifndef DMABENCH_NAMES_H
#define DMABENCH_NAMES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dmabench.h"

struct name_table {
	const char *what;		/* "kind", "direction", ...: for messages */
	const char *const *names;	/* indexed by the enum value */
	unsigned int count;
};

extern const struct name_table kind_names;	/* enum dmabench_kind */

/*
 * The kinds a user can ask for and a report lists: every kind but import,
 * which is a dma-buf attached by IMPORT (the dmabuf test's), never made by
 * ALLOC nor listed in GET_INFO's @kinds.
 */
#define KINDS_BUFFERS	(((1U << DMABENCH_KIND_COUNT) - 1) & ~(1U << DMABENCH_KIND_IMPORT))

/* Is @k a buffer kind (not import, not out of range)? */
#define KIND_IS_BUFFER(k)	((k) < DMABENCH_KIND_COUNT && (k) != DMABENCH_KIND_IMPORT)

/*
 * The kinds ALLOC makes (all but userptr, which is the caller's own memory
 * pinned by USERPTR, and import): what the ALLOC-based suites iterate over.
 */
#define KINDS_ALLOCATED	(KINDS_BUFFERS & ~(1U << DMABENCH_KIND_USERPTR))

/*
 * The user memory the userptr test pins, as its rows' "note" says: spelled
 * once for the suite that writes them and the verdict that reads them.
 */
#define UMEM_ANON_4K	"anonymous, MADV_NOHUGEPAGE"
#define UMEM_ANON_THP	"anonymous, MADV_HUGEPAGE"
#define UMEM_MEMFD	"memfd (shmem)"

extern const struct name_table dir_names;	/* enum dmabench_dir */
extern const struct name_table device_names;	/* enum dmabench_dev */
extern const struct name_table iommu_names;	/* enum dmabench_iommu */
extern const struct name_table op_names;	/* enum dmabench_op */
extern const struct name_table caching_names;	/* enum dmabench_caching */
extern const struct name_table cache_state_names; /* DMABENCH_CACHE_* */
extern const struct name_table sync_to_names;	/* DMABENCH_SYNC_FOR_* */

/*
 * DMA attributes (DMABENCH_ATTR_*, see dmabench.h), indexed by bit number:
 * "write_combine" for bit 0 is how results.json, the key and --help spell
 * it; attr_words_names "write-combine" how a row reads in words;
 * attr_macro_names "DMA_ATTR_WRITE_COMBINE" how a sentence names it.
 */
extern const struct name_table attr_names;
extern const struct name_table attr_words_names;
extern const struct name_table attr_macro_names;
#define ATTR_BITS	5	/* DMABENCH_ATTR_WRITE_COMBINE .. _SKIP_CPU_SYNC */
/* A bit results.json names but this build does not know: kept, never dropped. */
#define ATTR_UNKNOWN	(1U << 31)

/*
 * The names of @attrs' bits from @t, lowest first, joined with @sep
 * ("write_combine+skip_cpu_sync"); "" for none, "unknown" for ATTR_UNKNOWN
 * and bits without a name.  Returns @buf.
 */
char *attrs_join(const struct name_table *t, uint32_t attrs, const char *sep,
		 char *buf, size_t len);

/* The bit of attr_names' @name, or ATTR_UNKNOWN for a name this build does not know. */
uint32_t attr_bit(const char *name);

/* enum dmabench_kmap and enum dmabench_user_prot, as results.json spells them. */
extern const struct name_table kmap_names;
extern const struct name_table user_prot_names;

/* The name of @value, or NULL when the table has none. */
const char *name_of(const struct name_table *t, unsigned int value);

/* Parse @s (exact, case-sensitive) into @value; false when unknown. */
bool name_parse(const struct name_table *t, const char *s, unsigned int *value);

/*
 * Every name joined with @sep ("platform|edu|pci") for usage messages.
 * Returns the length it needed, like snprintf.
 */
size_t name_join(const struct name_table *t, const char *sep,
		 char *buf, size_t len);

/*
 * A direction's short name, as results.json and `run --dirs` spell it
 * ("bidi", "to", "from"); NULL past the last.
 */
const char *dir_short_name(unsigned int dir);

/*
 * The streaming-load instruction of an ISA, by the name results.json records
 * (the access kernels' access_isa_name()): LDNP for arm64's, else MOVNTDQA.
 */
const char *isa_stream_load_insn(const char *isa_name);

#endif /* DMABENCH_NAMES_H */
