// SPDX-License-Identifier: GPL-2.0
/* Human-readable sizes; see units.h. */
#include "core/units.h"

#include <inttypes.h>
#include <stdio.h>

static const char *const binary_units[] = { "B", "KiB", "MiB", "GiB", "TiB" };
#define EXACT_UNITS (sizeof(binary_units) / sizeof(binary_units[0]))

/* Divide @bytes by 1024 while it stays whole; how many times (up to TiB). */
static unsigned int exact_unit(uint64_t *bytes)
{
	unsigned int u = 0;

	while (u + 1 < EXACT_UNITS && *bytes >= 1024 && *bytes % 1024 == 0) {
		*bytes /= 1024;
		u++;
	}
	return u;
}

char *units_size(uint64_t bytes, char *buf, size_t len)
{
	unsigned int u = exact_unit(&bytes);

	snprintf(buf, len, "%" PRIu64 " %s", bytes, binary_units[u]);
	return buf;
}

char *units_label(uint64_t bytes, char *buf, size_t len)
{
	unsigned int u = exact_unit(&bytes);

	if (u)
		snprintf(buf, len, "%" PRIu64 "%c", bytes, binary_units[u][0]);
	else
		snprintf(buf, len, "%" PRIu64, bytes);
	return buf;
}

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
