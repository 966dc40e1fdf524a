/* SPDX-License-Identifier: GPL-2.0 */
/* samples.csv read back for the p10 the charts draw; see samples.c. */
#ifndef DMABENCH_RESULTS_SAMPLES_H
#define DMABENCH_RESULTS_SAMPLES_H

#include "results/run.h"

/* Fill p10 from @path (samples.csv); 0, or -1 when it cannot be read. */
int rd_read_p10(struct rd_run *run, const char *path);

#endif /* DMABENCH_RESULTS_SAMPLES_H */
