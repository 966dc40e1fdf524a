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

#endif /* DMABENCH_UNITS_H */
