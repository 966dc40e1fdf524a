// SPDX-License-Identifier: GPL-2.0
/*
 * `dmabench verify`: edu's DMA engine reads and writes a buffer of every
 * kind (suites/verify.c); this prints what it showed, as a table or JSON.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "core/device.h"
#include "core/json.h"
#include "core/names.h"
#include "suites/verify.h"

struct verify_args {
	bool json;
	unsigned int device;	/* enum dmabench_dev */
};

void verify_usage(FILE *f)
{
	fprintf(f,
		"usage: dmabench verify [--json] [--device edu]\n"
		"\n"
		"Let the device's own DMA engine (QEMU's edu) read and write a buffer of\n"
		"every kind: data checked after the proper syncs (round trip), and once\n"
		"with the sync for the CPU left out on purpose (stale data or not).  Stale\n"
		"data in a streaming mapping means streaming DMA is not coherent here.\n"
		"\n"
		"  --json           print one JSON object instead of the table\n"
		"  --device NAME    the device (default and only one with an engine: edu)\n"
		"  -h, --help       show this help\n"
		"\n"
		"Exit status: 0 every round trip ok, 1 a round trip failed, 2 bad usage\n"
		"or the module/device is not available.\n");
}

static int parse_args(int argc, char **argv, struct verify_args *a)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "device", required_argument, NULL, 'd' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	opterr = 0;
	while ((c = getopt_long(argc, argv, ":jd:h", opts, NULL)) != -1) {
		switch (c) {
		case 'j':
			a->json = true;
			break;
		case 'd':
			if (!name_parse(&device_names, optarg, &a->device))
				return usage_error("verify", "unknown device '%s'", optarg);
			break;
		case 'h':
			verify_usage(stdout);
			return -1;
		default:
			return bad_option("verify", c, argv);
		}
	}
	if (optind < argc)
		return usage_error("verify", "unexpected argument '%s'", argv[optind]);
	return EXIT_OK;
}

static int print_result(const struct verify_result *r, bool json)
{
	json_t *doc;
	int ret;

	if (!json) {
		ret = verify_print_text(stdout, r);
	} else {
		doc = verify_json(r);
		ret = json_print_answer(stdout, doc);
	}
	if (ret) {
		complain("cannot write the result to stdout");
		return EXIT_USAGE;
	}
	return verify_all_ok(r) ? EXIT_OK : EXIT_PROBLEM;
}

int verify_main(int argc, char **argv)
{
	struct verify_args args = { .device = DMABENCH_DEV_EDU };
	struct verify_result result;
	struct bench_device dev;
	int ret = parse_args(argc, argv, &args);

	if (ret < 0)
		return EXIT_OK;		/* --help */
	if (ret)
		return ret;
	if (device_open(&dev, device_default_path()))
		return device_complain(&dev);
	if (device_set_device(&dev, args.device) || device_get_info(&dev))
		ret = device_complain(&dev);
	else
		ret = verify_run(&dev, args.device, &result);
	device_close(&dev);
	return ret ? ret : print_result(&result, args.json);
}
