// SPDX-License-Identifier: GPL-2.0
/* Messages shared by the subcommands; see cli.h. */
#include "cli.h"

#include <getopt.h>
#include <stdarg.h>

int usage_error(const char *cmd, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "dmabench %s: ", cmd);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "; see `dmabench %s --help`.\n", cmd);
	return EXIT_USAGE;
}

int bad_option(const char *cmd, int c, char **argv)
{
	/* getopt leaves the offending word just before optind. */
	const char *word = optind > 0 ? argv[optind - 1] : "?";

	if (c == ':')
		return usage_error(cmd, "option '%s' needs a value", word);
	if (optopt)
		return usage_error(cmd, "unknown option '-%c'", optopt);
	return usage_error(cmd, "unknown option '%s'", word);
}
