/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The FACTS ioctl's answer (what a driver decides its memory strategy
 * from, see include/uapi/dmabench.h) as JSON, both ways: `dmabench run`
 * records it as results.json's "driver_facts", `dmabench decide` and the
 * reports read it back into the same struct.  Pure.
 */
#ifndef DMABENCH_DRIVER_FACTS_H
#define DMABENCH_DRIVER_FACTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "dmabench.h"

/* The kernel's name of the IOMMU domain type: "dma", "dma-fq", "identity", ... */
const char *driver_facts_domain_name(uint32_t iommu);

/* The JSON object (new reference; NULL only when out of memory). */
json_t *driver_facts_json(const struct dmabench_facts *f);

/*
 * Back from that object: 0, or -1 when @o is not such an object (a key
 * missing or of the wrong type), naming the key in @why.
 */
int driver_facts_from_json(json_t *o, struct dmabench_facts *f,
			   char *why, size_t len);

#endif /* DMABENCH_DRIVER_FACTS_H */
