/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The userptr verdict sentence: what handing user memory to the device
 * costs (pin, sg table, map) and what THP changes, from the userptr test's
 * medians at one size.  Pure, for the lead to wire into the verdict.
 */
#ifndef DMABENCH_REPORT_VERDICT_USERPTR_H
#define DMABENCH_REPORT_VERDICT_USERPTR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Medians in ns per op of the "userptr" rows at @size; NAN where not measured. */
struct userptr_figures {
	uint64_t size;
	double pin_4k, pin_thp;		/* pin, MADV_NOHUGEPAGE / MADV_HUGEPAGE */
	double sgt_4k;			/* sgt_build, MADV_NOHUGEPAGE */
	double map_4k;			/* map, MADV_NOHUGEPAGE */
	bool emulated;			/* TCG: shape only, never a hardware finding */
};

/* The sentence (no trailing newline); returns the length needed, as snprintf. */
size_t verdict_userptr(const struct userptr_figures *f, char *buf, size_t len);

#endif /* DMABENCH_REPORT_VERDICT_USERPTR_H */
