// SPDX-License-Identifier: GPL-2.0
/* The reference copy, chosen by measuring; see copy_ref.h. */
#include "suites/copy_ref.h"

#include <errno.h>
#include <math.h>

#include "core/clock.h"
#include "core/stats.h"
#include "suites/access_kernels.h"

/*
 * Timed passes per candidate.  The candidates take turns pass by pass, so
 * a burst of load from another process hits all of them, not one.
 */
#define COPY_REF_PASSES	5

int copy_ref_fastest(const struct copy_trial *t, size_t n)
{
	int best = -1;

	for (size_t i = 0; i < n; i++) {
		if (!isfinite(t[i].gbps) || t[i].gbps <= 0)
			continue;
		if (best < 0 || t[i].gbps > t[best].gbps)
			best = (int)i;
	}
	return best;
}

static double median_gbps(double *ns, size_t n, uint64_t size)
{
	double mid;

	stats_sort(ns, n);
	mid = n % 2 ? ns[n / 2] : (ns[n / 2 - 1] + ns[n / 2]) / 2;
	return mid > 0 ? (double)size / mid : 0;
}

const struct copy_kernel *copy_ref_choose(void *dst, const void *src, uint64_t size,
					  struct copy_choice *c)
{
	const struct copy_kernel *k[COPY_REF_MAX];
	double ns[COPY_REF_MAX][COPY_REF_PASSES];

	c->size = size;
	c->n = access_copy_kernels(k, COPY_REF_MAX);
	for (size_t i = 0; i < c->n; i++)
		k[i]->copy(dst, src, (size_t)size);	/* warm-up: caches, TLB, frequency */
	for (int p = 0; p < COPY_REF_PASSES; p++) {
		for (size_t i = 0; i < c->n; i++) {
			uint64_t t0 = now_ns();

			k[i]->copy(dst, src, (size_t)size);
			ns[i][p] = (double)(now_ns() - t0);
		}
	}
	for (size_t i = 0; i < c->n; i++) {
		c->trial[i].k = k[i];
		c->trial[i].gbps = median_gbps(ns[i], COPY_REF_PASSES, size);
	}
	c->winner = copy_ref_fastest(c->trial, c->n);
	return c->winner >= 0 ? c->trial[c->winner].k : NULL;
}

static json_t *choice_json(const struct copy_choice *c)
{
	json_t *cands = json_object();
	json_t *o;

	if (!cands)
		return NULL;
	for (size_t i = 0; i < c->n; i++)
		json_object_set_new(cands, c->trial[i].k->name, json_real(c->trial[i].gbps));
	o = json_pack("{s:I, s:s?, s:o, s:o}", "size", (json_int_t)c->size,
		      "winner", c->winner >= 0 ? c->trial[c->winner].k->name : NULL,
		      "gbps", c->winner >= 0 ? json_real(c->trial[c->winner].gbps) : json_null(),
		      "candidates", cands);
	return o;
}

static json_t *reference_copy_json(void)
{
	return json_pack("{s:s, s:s, s:[]}",
			 "bytes_counted", "once",
			 "how", "at each size the baseline measures, every copy this CPU offers "
			 "(glibc memcpy, rep movsb where ERMS/FSRM, non-temporal stores) is timed "
			 "in turns (5 passes after a warm-up, median) and the fastest becomes the "
			 "baseline's copy_in/copy_out, the copy every \"% of a copy\" compares with; "
			 "GB/s = bytes copied / time, each byte counted once (STREAM counts 2x)",
			 "sizes");
}

int copy_ref_record(json_t *method, const struct copy_choice *c)
{
	json_t *ref = json_object_get(method, "reference_copy");
	json_t *entry;

	if (!ref) {
		ref = reference_copy_json();
		if (!ref || json_object_set_new(method, "reference_copy", ref))
			return -ENOMEM;
	}
	entry = choice_json(c);
	if (!entry || json_array_append_new(json_object_get(ref, "sizes"), entry))
		return -ENOMEM;
	return 0;
}
