/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The report tables' cells as text, shared by the HTML and the Markdown
 * writers so both say the same thing: every measurement, the platform
 * facts, and the few facts compare puts side by side.
 */
#ifndef DMABENCH_REPORT_TABLES_H
#define DMABENCH_REPORT_TABLES_H

#include <stddef.h>

#include "results/query.h"

enum { MT_COLS = 15 };
#define MT_CELL	320

extern const char *const mt_headers[MT_COLS];
/* Its columns' alignment for doc_table(): numbers right. */
extern const char mt_align[];

/* The measurement table's cells for @it ("" where not applicable). */
void mt_cells(const struct rd_item *it, char cells[MT_COLS][MT_CELL]);

/* The timing floor: "p50 54 ns (CI 54..55, min 52, p99 90.8, n 133)". */
void floor_text(const struct rd_run *run, char *buf, size_t len);

/* The facts compare shows side by side, by row. */
enum { PF_COUNT = 15 };

/*
 * ", 10 repetitions: ..." for a combined run (`run --repeat`), "" for a
 * single run: what the run line and the platforms table append.
 */
const char *reps_text(const struct rd_run *run, char *buf, size_t len);
extern const char *const pf_names[PF_COUNT];
void pf_value(const struct rd_run *run, int row, char *buf, size_t len);

/* Every scalar of platform (nested keys joined with '.'), in file order. */
typedef void (*pf_visit)(void *arg, const char *key, const char *value);
void pf_flatten(const struct rd_run *run, pf_visit fn, void *arg);

#endif /* DMABENCH_REPORT_TABLES_H */
