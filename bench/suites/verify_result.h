/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What `dmabench verify` showed (suites/verify.c measures it): per kind,
 * the round trip and whether the CPU read stale data without the sync,
 * and the answers, sentence, JSON and table made of it.  Pure.
 */
#ifndef DMABENCH_VERIFY_RESULT_H
#define DMABENCH_VERIFY_RESULT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include <jansson.h>

#include "dmabench.h"

/* What one kind showed. */
struct verify_kind {
	bool tested;		/* the module has the kind and the test ran */
	bool roundtrip_ok;	/* data correct after the proper syncs */
	bool stale_measured;	/* the no-sync step ran (kinds that sync) */
	bool stale;		/* without sync for_cpu the CPU read old data */
	uint64_t read_ns;	/* device read of 2 KiB, syncs included */
	uint64_t write_ns;	/* device write of 2 KiB, syncs included */
	char error[320];	/* why the round trip failed, or "" */
	char untested[200];	/* !tested: why the platform cannot test it, or "" */
};

struct verify_result {
	uint32_t device;		/* enum dmabench_dev */
	char dev_name[64];		/* dev_name() of the device */
	uint32_t info_flags;		/* GET_INFO flags: swiotlb, need_sync */
	struct verify_kind kinds[DMABENCH_KIND_COUNT];
};

/* Kinds whose memory is shared through the syncs (all but coherent). */
bool verify_kind_syncs(uint32_t kind);

/* Kinds DMA-mapped as streaming mappings: streaming, wc, uc. */
bool verify_kind_streaming(uint32_t kind);

/*
 * The empirical answer: every streaming-mapped kind that was measured
 * showed the device's data without a sync, and at least one was measured.
 */
bool verify_streaming_coherent(const struct verify_result *r);

/* Whether any streaming-mapped kind was measured at all. */
bool verify_answer_known(const struct verify_result *r);

/* Every tested kind's round trip was ok. */
bool verify_all_ok(const struct verify_result *r);

/* The answer as one sentence ending in a period. */
size_t verify_sentence(const struct verify_result *r, char *buf, size_t len);

/* The JSON document of `verify --json`; NULL when out of memory. */
json_t *verify_json(const struct verify_result *r);

/* The table and the sentence; 0 or a negative errno. */
int verify_print_text(FILE *f, const struct verify_result *r);

#endif /* DMABENCH_VERIFY_RESULT_H */
