/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What `dmabench info` prints, built from a GET_INFO answer and the host
 * facts: the JSON document and the aligned text.  Pure, so a synthetic
 * struct dmabench_info can be checked key by key in the unit tests.
 */
#ifndef DMABENCH_DEVICE_INFO_H
#define DMABENCH_DEVICE_INFO_H

#include <stdio.h>

#include <jansson.h>

#include "dmabench.h"
#include "core/sysinfo.h"

/* The info document (new reference; NULL only when out of memory). */
json_t *info_json(const struct dmabench_info *info,
		  const struct host_facts *host);

/* "key: value" lines, aligned, then the coherence sentence. 0 or -errno. */
int info_print_text(FILE *f, const struct dmabench_info *info,
		    const struct host_facts *host);

#endif /* DMABENCH_DEVICE_INFO_H */
