// SPDX-License-Identifier: GPL-2.0
/* The verdict's userptr part; see verdict_userptr.h. */
#include "report/verdict_userptr.h"

#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "core/names.h"
#include "core/units.h"
#include "report/fmt.h"
#include "report/noise.h"
#include "results/row_words.h"

/* Is @x a row on @memory (a UMEM_* name)? */
static bool on_memory(const struct rd_item *x, const char *memory)
{
	const char *m = rd_row_memory(x);

	return m && !strcmp(m, memory);
}

/* The per-op row of userptr's @op on @memory at @size (0: any size). */
static const struct rd_item *umem_row(const struct rd_run *run, const char *op,
				      const char *memory, uint64_t size)
{
	for (size_t i = 0; i < run->nitems; i++) {
		const struct rd_item *x = &run->items[i];

		if (!strcmp(x->test, "userptr") && !strcmp(x->op, op) && on_memory(x, memory) &&
		    (!size || x->size == size) && x->batch <= 1 &&
		    isfinite(x->stats.p50))
			return x;
	}
	return NULL;
}

static uint64_t largest_pinned(const struct rd_run *run)
{
	uint64_t size = 0;

	for (size_t i = 0; i < run->nitems; i++) {
		const struct rd_item *x = &run->items[i];

		if (!strcmp(x->test, "userptr") && !strcmp(x->op, "pin") &&
		    on_memory(x, UMEM_ANON_4K) && isfinite(x->stats.p50) && x->size > size)
			size = x->size;
	}
	return size;
}

void userptr_rows_of(const struct rd_run *run, struct userptr_rows *r)
{
	uint64_t size = largest_pinned(run);

	memset(r, 0, sizeof(*r));
	if (!size)
		return;
	r->size = size;
	r->pin = umem_row(run, "pin", UMEM_ANON_4K, size);
	r->sgt = umem_row(run, "sgt_build", UMEM_ANON_4K, size);
	r->map = umem_row(run, "map", UMEM_ANON_4K, size);
	r->unpin = umem_row(run, "unpin", UMEM_ANON_4K, size);
	r->sgt_free = umem_row(run, "sgt_free", UMEM_ANON_4K, size);
	r->unmap = umem_row(run, "unmap", UMEM_ANON_4K, size);
	r->pin_thp = umem_row(run, "pin", UMEM_ANON_THP, size);
	r->pin_memfd = umem_row(run, "pin", UMEM_MEMFD, size);
}

static double p50(const struct rd_item *it)
{
	return it ? it->stats.p50 : NAN;
}

double userptr_total_ns(const struct userptr_rows *r)
{
	return p50(r->pin) + p50(r->sgt) + p50(r->map);
}

/* " With MADV_HUGEPAGE the pin takes 19.0 us: 34.2x faster [outside the noise: ...]." */
static size_t pin_against(char *buf, size_t len, size_t used, const char *what,
			  const struct rd_item *other, const struct rd_item *pin)
{
	struct noise_cmp c;
	char a[32], x[32], t[192];

	if (!other)
		return used;
	noise_compare_items(other, pin, &c);
	used = fmt_append(buf, len, used, " %s the pin takes %s", what,
		   fmt_ns(p50(other), a, sizeof(a)));
	if (c.sign < 0)
		return fmt_append(buf, len, used, ": %sx faster%s.",
			   fmt_num(p50(pin) / p50(other), x, sizeof(x)),
			   noise_outside(&c, t, sizeof(t)));
	if (c.sign > 0)
		return fmt_append(buf, len, used, ": %sx slower%s.",
			   fmt_num(p50(other) / p50(pin), x, sizeof(x)),
			   noise_outside(&c, t, sizeof(t)));
	return fmt_append(buf, len, used, ": %s.", noise_no_difference(&c, t, sizeof(t)));
}

size_t verdict_userptr(const struct userptr_rows *r, char *buf, size_t len)
{
	double total = userptr_total_ns(r);
	double undo = p50(r->unmap) + p50(r->sgt_free) + p50(r->unpin);
	char sz[32], a[32], b[32], c[32], d[32], e[32], f[32];
	size_t used = 0;

	if (len)
		buf[0] = '\0';
	if (!isfinite(total))
		return fmt_append(buf, len, 0, "Not measured in this run (the userptr test did not "
			   "run or did not finish: see Skipped and Errors).");
	used = fmt_append(buf, len, used, "Handing %s of anonymous user memory (no THP) to the "
		   "device, p50: the pin %s, its sg table %s, the DMA map %s: %s in all, "
		   "%s %% of it the pin.", units_size(r->size, sz, sizeof(sz)),
		   fmt_ns(p50(r->pin), a, sizeof(a)), fmt_ns(p50(r->sgt), b, sizeof(b)),
		   fmt_ns(p50(r->map), c, sizeof(c)), fmt_ns(total, d, sizeof(d)),
		   fmt_num(100 * p50(r->pin) / total, e, sizeof(e)));
	if (isfinite(undo))
		used = fmt_append(buf, len, used, " Undoing it (unmap, sg table free, unpin) takes %s.",
			   fmt_ns(undo, f, sizeof(f)));
	used = pin_against(buf, len, used, "With MADV_HUGEPAGE", r->pin_thp, r->pin);
	return pin_against(buf, len, used, "From a memfd (shmem)", r->pin_memfd, r->pin);
}
