/* SPDX-License-Identifier: GPL-2.0 */
/* compare's page (`dmabench compare`), as a document (doc.h). */
#ifndef DMABENCH_COMPARE_DOC_H
#define DMABENCH_COMPARE_DOC_H

#include "report/doc.h"
#include "report/page_parts.h"

/* The page of @in's runs and ratio table (in->cmp); NULL when out of memory. */
struct doc *compare_page(const struct report_doc *in);

#endif /* DMABENCH_COMPARE_DOC_H */
