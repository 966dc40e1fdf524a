// SPDX-License-Identifier: GPL-2.0
/* A planted slowdown for the gate's benchmark; see plant.h. */
#include "core/plant.h"

#include <fnmatch.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"

/* One "PATTERN:FACTOR" of @len bytes: its factor if @label matches, else 1. */
static double one_entry(const char *entry, size_t len, const char *label)
{
	char buf[256], *colon, *end;
	double factor;

	if (len == 0 || len >= sizeof(buf))
		return -1.0;
	memcpy(buf, entry, len);
	buf[len] = '\0';
	colon = strrchr(buf, ':');
	if (!colon || colon == buf)
		return -1.0;
	*colon = '\0';
	factor = strtod(colon + 1, &end);
	if (end == colon + 1 || *end || !(factor >= 1.0 && factor <= 100.0))
		return -1.0;
	return fnmatch(buf, label, 0) == 0 ? factor : 1.0;
}

double plant_factor(const char *spec, const char *label)
{
	double found = 1.0;

	if (!spec || !*spec)
		return 1.0;
	/* every entry is checked, so a malformed one is caught even after a match */
	while (*spec) {
		size_t len = strcspn(spec, ",");
		double f = one_entry(spec, len, label);

		if (f < 0)
			return -1.0;
		if (found == 1.0)
			found = f;
		spec += len;
		if (*spec == ',')
			spec++;
	}
	return found;
}

double plant_factor_for(const char *test, const char *kind, const char *op,
			uint64_t size)
{
	char label[256];

	snprintf(label, sizeof(label), "%s/%s/%s/%" PRIu64, test ? test : "-",
		 kind ? kind : "-", op ? op : "-", size);
	return plant_factor(getenv(PLANT_ENV), label);
}

uint64_t plant_stretch(uint64_t t0, uint64_t t1, double factor)
{
	uint64_t until, now = t1;

	if (!(factor > 1.0) || t1 <= t0)
		return t1;
	until = t0 + (uint64_t)llround((double)(t1 - t0) * factor);
	while (now < until)
		now = now_ns();
	return now;
}
