// SPDX-License-Identifier: GPL-2.0
/* `dmabench list`: every test `dmabench run` knows (suites/suite.c). */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "suites/suite.h"

void list_usage(FILE *f)
{
	fprintf(f,
		"usage: dmabench list\n"
		"\n"
		"Every test `dmabench run` knows, one line each: its name (what --tests\n"
		"matches) and what it measures.  Tests marked \"no module needed\" run on\n"
		"any machine.\n");
}

int list_main(int argc, char **argv)
{
	if (argc == 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
		list_usage(stdout);
		return EXIT_OK;
	}
	if (argc > 1)
		return usage_error("list", "unexpected argument '%s'", argv[1]);
	suite_list(stdout);
	return EXIT_OK;
}
