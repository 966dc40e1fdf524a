/* SPDX-License-Identifier: GPL-2.0 */
/*
 * `dmabench report DIR` on a folder written by scripts/anchor (DIR/anchor.json:
 * the kernel's dma_map_benchmark and dmabench's map_scaling, same boot, same
 * settings): the two side by side as DIR/report.html (self-contained) and
 * DIR/report.md, with a verdict in sentences and a bar chart (charts/).
 *
 * Agreement is judged as scripts/anchor.d/combine.py judges it: dmabench's
 * samples floored to map_benchmark's 100 ns units, their mean against
 * map_benchmark's, within the file's agreement_threshold (10 %).  The
 * ratios are recomputed here from the means, so the report never trusts a
 * yes/no the file could get wrong.
 */
#ifndef DMABENCH_ANCHOR_REPORT_H
#define DMABENCH_ANCHOR_REPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "results/anchor.h"

/*
 * Write @dir/report.html, @dir/report.md and @dir/charts/ for @dir's
 * anchor.json.  Nothing is written when the file is bad.  0, or -1 with a
 * sentence in @why.
 */
int anchor_report(const char *dir, char *why, size_t len);

#endif /* DMABENCH_ANCHOR_REPORT_H */
