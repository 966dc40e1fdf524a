// SPDX-License-Identifier: GPL-2.0
/* Human-readable sizes; see units.h. */
#include "core/units.h"

#include <stdio.h>

size_t format_bytes(uint64_t bytes, char *buf, size_t len)
{
	static const char *const unit[] = { "B", "KiB", "MiB", "GiB", "TiB",
					    "PiB", "EiB" };
	unsigned int u = 0;
	double v = (double)bytes;
	int n;

	while (v >= 1024.0 && u + 1 < sizeof(unit) / sizeof(unit[0])) {
		v /= 1024.0;
		u++;
	}
	/* Whole numbers print without a fraction: 4 MiB, not 4.0 MiB. */
	if (u == 0 || bytes % (1ULL << (10 * u)) == 0)
		n = snprintf(buf, len, "%llu (%.0f %s)",
			     (unsigned long long)bytes, v, unit[u]);
	else
		n = snprintf(buf, len, "%llu (%.1f %s)",
			     (unsigned long long)bytes, v, unit[u]);
	return n > 0 ? (size_t)n : 0;
}
