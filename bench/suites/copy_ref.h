/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The reference copy: the yardstick every "% of a copy" sentence uses, so
 * it must be the fastest copy this CPU offers.  Which one that is depends on
 * the CPU and the size (rep movsb where ERMS/FSRM make it fast, non-temporal
 * stores beyond the last-level cache, glibc memcpy elsewhere), so it is
 * chosen by timing every candidate (access_copy_kernels()) on the buffers
 * and size about to be measured, and the choice is recorded in the run's
 * method ("reference_copy").
 *
 * Copy GB/s counts each byte copied once: bytes / time.  STREAM's "copy"
 * counts it twice (read + write); perf bench mem memcpy counts it once.
 */
#ifndef DMABENCH_COPY_REF_H
#define DMABENCH_COPY_REF_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "suites/access_isa.h"

#define COPY_REF_MAX	8	/* candidates at most */

struct copy_trial {
	const struct copy_kernel *k;
	double gbps;		/* median of the timed passes; 0 = not measured */
};

struct copy_choice {
	uint64_t size;
	struct copy_trial trial[COPY_REF_MAX];
	size_t n;
	int winner;		/* index into trial, -1 when nothing measured */
};

/*
 * The fastest of @n measured trials: the highest GB/s; a tie goes to the
 * earlier one (glibc memcpy is listed first).  -1 when none has a rate.
 */
int copy_ref_fastest(const struct copy_trial *t, size_t n);

/*
 * Time every candidate copying @size bytes from @src to @dst (interleaved
 * passes after a warm-up pass each, median per candidate) and fill @c.
 * Returns the winner's copy, or NULL when none could be timed.
 */
const struct copy_kernel *copy_ref_choose(void *dst, const void *src, uint64_t size,
					  struct copy_choice *c);

/*
 * Record @c in @method's "reference_copy" (created on first use):
 * {"bytes_counted": "once", "how": ..., "sizes": [{"size", "winner", "gbps",
 * "candidates": {name: gbps}}]}.  0 or -ENOMEM.
 */
int copy_ref_record(json_t *method, const struct copy_choice *c);

#endif
