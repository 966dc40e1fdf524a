/* SPDX-License-Identifier: GPL-2.0 */
/* The anchor report's verdict in sentences; see anchor_verdict.c. */
#ifndef DMABENCH_ANCHOR_VERDICT_H
#define DMABENCH_ANCHOR_VERDICT_H

#include <stddef.h>

#include "results/anchor.h"

/* The verdict, a few sentences per paragraph; "" for a paragraph not needed. */
struct anchor_verdict {
	char agree[512];	/* how many of N means agree */
	char differ[1024];	/* which differ and by how much */
	char threads[2048];	/* the multi-thread settings, honestly */
	char scope[384];	/* what the timings are */
};

void anchor_verdict_compute(const struct anchor_doc *a, struct anchor_verdict *v);

/* Means that agree (of 2 x n). */
size_t anchor_agreeing(const struct anchor_doc *a);

#endif /* DMABENCH_ANCHOR_VERDICT_H */
