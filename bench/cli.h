/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What every subcommand shares: exit codes, its entry points, and the
 * one-sentence messages on stderr.
 */
#ifndef DMABENCH_CLI_H
#define DMABENCH_CLI_H

#include <stdio.h>

#include "core/errors.h"	/* the exit codes, complain() */

struct command {
	const char *name;
	const char *summary;		/* one line for `dmabench help` */
	int (*run)(int argc, char **argv);	/* argv[0] is the name */
	void (*usage)(FILE *f);
};

int info_main(int argc, char **argv);
void info_usage(FILE *f);
int run_main(int argc, char **argv);
void run_usage(FILE *f);
int list_main(int argc, char **argv);
void list_usage(FILE *f);
int report_main(int argc, char **argv);
void report_usage(FILE *f);
int compare_main(int argc, char **argv);
void compare_usage(FILE *f);
int combine_main(int argc, char **argv);
void combine_usage(FILE *f);
int verify_main(int argc, char **argv);
void verify_usage(FILE *f);
int decide_main(int argc, char **argv);
void decide_usage(FILE *f);

/* Unknown option, missing argument, stray argument: say which, exit 2. */
int usage_error(const char *cmd, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/*
 * Report getopt_long's '?' or ':' for @cmd (opterr must be 0 and the
 * optstring start with ':').  Returns EXIT_USAGE.
 */
int bad_option(const char *cmd, int c, char **argv);

#endif /* DMABENCH_CLI_H */
