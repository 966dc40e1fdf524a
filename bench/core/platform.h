/* SPDX-License-Identifier: GPL-2.0 */
/*
 * results.json's "platform" object: where the numbers come from.  The
 * `dmabench info` document (when the module is there), the host facts,
 * the hwloc summary, the lab preset, the command line, the version.
 */
#ifndef DMABENCH_PLATFORM_H
#define DMABENCH_PLATFORM_H

#include <stddef.h>
#include <time.h>

#include <jansson.h>

#include "dmabench.h"
#include "core/topology.h"

struct platform_args {
	const struct dmabench_info *info;	/* NULL: module not used */
	struct topology *topo;			/* NULL: no summary */
	int argc;
	char **argv;				/* the whole command line */
	int cpu;				/* pinned CPU, -1 = not pinned */
};

/* $DMABENCH_LAB_PRESET, else the lab's $LAB_PRESET, else "host". */
const char *platform_preset(void);

/* The platform object (new reference; NULL when out of memory). */
json_t *platform_json(const struct platform_args *a);

/* "a 'b c' d": the command line, quoted where a word needs it. */
size_t platform_command_line(int argc, char **argv, char *buf, size_t len);

/*
 * results/<YYYYmmdd-HHMMSS>-<host>-<preset>; characters outside
 * [A-Za-z0-9._-] in host or preset become '_'.  snprintf-like.
 */
size_t platform_default_out(time_t when, const char *host, const char *preset,
			    char *buf, size_t len);

#endif /* DMABENCH_PLATFORM_H */
