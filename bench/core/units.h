/* SPDX-License-Identifier: GPL-2.0 */
/* Human-readable sizes for text output (JSON always carries raw bytes). */
#ifndef DMABENCH_UNITS_H
#define DMABENCH_UNITS_H

#include <stddef.h>
#include <stdint.h>

/*
 * "4194304 (4 MiB)", "262144 (256 KiB)", "1000 (1000 B)": the exact byte
 * count first, so nothing is lost by rounding, then binary units.
 */
size_t format_bytes(uint64_t bytes, char *buf, size_t len);

/*
 * The byte count in the largest binary unit that divides it exactly, for
 * labels and tables: "4 KiB", "16 MiB", "1536 B" (units_size), or the
 * short form of progress lines and chart labels: "4K", "16M", "1536"
 * (units_label).  Both return @buf.
 */
char *units_size(uint64_t bytes, char *buf, size_t len);
char *units_label(uint64_t bytes, char *buf, size_t len);

#endif /* DMABENCH_UNITS_H */
