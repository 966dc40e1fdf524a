/* SPDX-License-Identifier: GPL-2.0 */
/*
 * results.json's "verify" (what the device's own DMA showed, see
 * verify.h) as the reports read it back: counts and kind lists for the
 * verdict's sentence and compare's platform rows.  Pure, unit-tested on
 * the fixtures.
 */
#ifndef DMABENCH_VERIFY_SUMMARY_H
#define DMABENCH_VERIFY_SUMMARY_H

#include <stdbool.h>
#include <stddef.h>

#include "results/query.h"

struct verify_summary {
	bool present;		/* the run has a "verify" object */
	int observed;		/* streaming_coherent_observed: 1, 0; -1 unknown */
	unsigned int tested;	/* kinds the device tried */
	unsigned int ok;	/* of them, round trip ok */
	unsigned int measured;	/* kinds with stale_without_sync */
	unsigned int stale;	/* of them, stale */
	char device[96];	/* "edu 0000:00:01.0" */
	char stale_kinds[80];	/* "streaming, wc and uc"; "" for none */
	char failed_kinds[80];	/* kinds whose round trip failed; "" for none */
};

void verify_summary_of(const struct rd_run *run, struct verify_summary *s);

/* One kind's entry in verify's "kinds" object (kind in the ABI's numbering). */
struct verify_kind {
	bool tried;		/* the file has the kind */
	bool roundtrip_ok;	/* "roundtrip": "ok" */
	int stale;		/* stale_without_sync: 1, 0; -1 not measured */
};

struct verify_kind verify_kind_of(json_t *kinds, unsigned int kind);

/* compare's row: "yes: ...", "no: stale without sync in ...", "not measured". */
void verify_summary_coherent(const struct verify_summary *s, char *buf, size_t len);

/* compare's row: "ok in 5 of 5 kinds", "FAILED in wc; ok in 4 of 5 kinds". */
void verify_summary_roundtrips(const struct verify_summary *s, char *buf, size_t len);

#endif /* DMABENCH_VERIFY_SUMMARY_H */
