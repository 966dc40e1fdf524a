/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A finished run as `dmabench decide` reads it: the facts the run recorded
 * ("driver_facts"), what the device's DMA showed ("verify", when it ran on
 * the same device) and what a transfer cost per kind ("transfer").  Pure,
 * unit-tested on documents.
 */
#ifndef DMABENCH_DECIDE_INPUT_H
#define DMABENCH_DECIDE_INPUT_H

#include <stddef.h>

#include "core/decide.h"
#include "results/query.h"

/*
 * 0, or -1 with the reason in @why when the run has no usable
 * "driver_facts" (a run by an older harness or module).
 */
int decide_input_of(const struct rd_run *run, struct dmabench_facts *f,
		    struct decide_evidence *e, char *why, size_t len);

/* decide() on that; false (and @why) when the run cannot answer. */
bool decide_run(const struct rd_run *run, struct dmabench_facts *f,
		struct decide_evidence *e, struct decision *d,
		char *why, size_t len);

#endif /* DMABENCH_DECIDE_INPUT_H */
