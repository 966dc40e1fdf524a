// SPDX-License-Identifier: GPL-2.0
/*
 * dmabench: the harness's entry point.  Finds the subcommand and hands it
 * the rest of the command line; everything else lives in one file per
 * command.
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "dmabench.h"
#include "core/version.h"

static int help_main(int argc, char **argv);
static void help_usage(FILE *f);

static const struct command commands[] = {
	{ "info", "what the module and host report; is streaming DMA coherent?",
	  info_main, info_usage },
	{ "list", "every test `run` knows, and what it measures",
	  list_main, list_usage },
	{ "run", "measure: results.json, samples.csv, topology.xml",
	  run_main, run_usage },
	{ "report", "a run's verdict, charts and tables: report.html, report.md",
	  report_main, report_usage },
	{ "compare", "one report across runs; --fail-above: a regression gate",
	  compare_main, compare_usage },
	{ "combine", "repetitions made one by one -> one results.json for the gate",
	  combine_main, combine_usage },
	{ "verify", "device DMA through every kind: round trips and stale data",
	  verify_main, verify_usage },
	{ "decide", "what a TTM driver would choose per device, and is it safe here",
	  decide_main, decide_usage },
	{ "help", "help for dmabench or one of its commands",
	  help_main, help_usage },
};

#define N_COMMANDS	(sizeof(commands) / sizeof(commands[0]))

static const struct command *find_command(const char *name)
{
	for (size_t i = 0; i < N_COMMANDS; i++)
		if (strcmp(commands[i].name, name) == 0)
			return &commands[i];
	return NULL;
}

static void main_usage(FILE *f)
{
	fprintf(f,
		"usage: dmabench <command> [options]\n"
		"       dmabench --version | --help\n"
		"\n"
		"Measures and explains coherent vs streaming DMA through the dmabench\n"
		"kernel module (%s).\n"
		"\n"
		"commands:\n", DMABENCH_DEVICE_PATH);
	for (size_t i = 0; i < N_COMMANDS; i++)
		fprintf(f, "  %-8s %s\n", commands[i].name, commands[i].summary);
	fprintf(f,
		"\n"
		"Run `dmabench <command> --help` for a command's options.\n"
		"Exit status: 0 ok, 1 ran but found a problem, 2 bad usage or the\n"
		"environment is not ready (module not loaded, device missing).\n");
}

static void help_usage(FILE *f)
{
	fprintf(f, "usage: dmabench help [command]\n");
}

static int help_main(int argc, char **argv)
{
	const struct command *cmd;

	if (argc < 2) {
		main_usage(stdout);
		return EXIT_OK;
	}
	if (argc > 2)
		return usage_error("help", "expected at most one command");
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		help_usage(stdout);
		return EXIT_OK;
	}
	cmd = find_command(argv[1]);
	if (!cmd)
		return usage_error("help", "unknown command '%s'", argv[1]);
	cmd->usage(stdout);
	return EXIT_OK;
}

int main(int argc, char **argv)
{
	const struct command *cmd;

	if (argc < 2) {
		main_usage(stderr);
		return EXIT_USAGE;
	}
	if (strcmp(argv[1], "--version") == 0) {
		printf("dmabench %s (ABI %d)\n", DMABENCH_VERSION,
		       DMABENCH_ABI_VERSION);
		return EXIT_OK;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		main_usage(stdout);
		return EXIT_OK;
	}
	cmd = find_command(argv[1]);
	if (!cmd) {
		complain("unknown command '%s'; run `dmabench help` for the list",
			 argv[1]);
		return EXIT_USAGE;
	}
	return cmd->run(argc - 1, argv + 1);
}
