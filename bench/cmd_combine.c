// SPDX-License-Identifier: GPL-2.0
/*
 * `dmabench combine DIR`: combine repetitions made one by one (DIR/rep-1,
 * DIR/rep-2, ..., each a `dmabench run --out DIR/rep-I`) into
 * DIR/results.json, as `run --repeat N` does after its own.  For
 * repetitions that `run --repeat` cannot make: a new boot each in the lab,
 * or two builds' repetitions interleaved (make bench-gate).
 */
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "results/repeat.h"

void combine_usage(FILE *f)
{
	fprintf(f,
		"usage: dmabench combine DIR\n"
		"\n"
		"Combines DIR/rep-1 .. DIR/rep-N (each a `dmabench run --out DIR/rep-I`)\n"
		"into DIR/results.json, as `dmabench run --repeat N` does: per op the\n"
		"median of the repetitions' p50s, their spread and each p50, for\n"
		"`compare --fail-above`.  N is the highest rep-I there; a missing or\n"
		"incomplete one is listed as not combined and makes the result\n"
		"incomplete.\n"
		"\n"
		"Exit status: 0 combined, 2 bad usage or nothing to combine.\n");
}

int combine_main(int argc, char **argv)
{
	char path[PATH_MAX], name[32], err[1024];
	unsigned int last = 0;

	if (argc == 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
		combine_usage(stdout);
		return EXIT_OK;
	}
	if (argc != 2)
		return usage_error("combine", "expected one folder holding rep-1, rep-2, ...");
	for (unsigned int i = 1; i <= 1000; i++) {
		repeat_folder(i, name, sizeof(name));
		snprintf(path, sizeof(path), "%s/%s/results.json", argv[1], name);
		if (!access(path, F_OK))
			last = i;
	}
	if (!last) {
		complain("%s holds no rep-1/results.json (nor any rep-I): nothing to combine",
			 argv[1]);
		return EXIT_USAGE;
	}
	if (repeat_combine_dir(argv[1], last, last, NULL, err, sizeof(err))) {
		complain("%s", err);
		return EXIT_USAGE;
	}
	printf("%s\n", argv[1]);
	return EXIT_OK;
}
