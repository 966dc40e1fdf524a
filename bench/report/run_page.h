/* SPDX-License-Identifier: GPL-2.0 */
/* The run report's page (`dmabench report`), as a document (doc.h). */
#ifndef DMABENCH_RUN_PAGE_H
#define DMABENCH_RUN_PAGE_H

#include "report/doc.h"
#include "report/page_parts.h"

/* The page of @in's one run; NULL when out of memory. */
struct doc *run_page(const struct report_doc *in);

#endif /* DMABENCH_RUN_PAGE_H */
