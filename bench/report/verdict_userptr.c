// SPDX-License-Identifier: GPL-2.0
/* The userptr verdict sentence; see verdict_userptr.h. */
#include "report/verdict_userptr.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>

/* A THP difference under this is not worth a clause (one run's noise). */
#define THP_MIN_RATIO	1.5

/* Appends, counting past the end so the caller learns the length needed. */
__attribute__((format(printf, 4, 5)))
static size_t add(char *buf, size_t len, size_t used, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(used < len ? buf + used : NULL, used < len ? len - used : 0, fmt, ap);
	va_end(ap);
	return n > 0 ? used + (size_t)n : used;
}

size_t verdict_userptr(const struct userptr_figures *f, char *buf, size_t len)
{
	double mib = (double)f->size / (1 << 20);
	double total = f->pin_4k + f->sgt_4k + f->map_4k;
	size_t used = 0;

	if (len)
		buf[0] = '\0';
	if (!(total > 0))
		return add(buf, len, 0, "userptr: not measured");
	used = add(buf, len, used, "Handing %g MiB of user memory to the device costs %.0f us", mib,
		   total / 1000);
	used = add(buf, len, used, ", %.0f%% of it the pin", 100 * f->pin_4k / total);
	if (isfinite(f->pin_thp) && f->pin_thp > 0 &&
	    f->pin_4k / f->pin_thp >= THP_MIN_RATIO)
		used = add(buf, len, used, "; backed by THP the pin is %.1fx cheaper (%.0f us)",
			   f->pin_4k / f->pin_thp, f->pin_thp / 1000);
	if (f->emulated)
		used = add(buf, len, used, " (emulated: shape only, not a hardware figure)");
	return used;
}
