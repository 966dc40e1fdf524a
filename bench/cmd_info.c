// SPDX-License-Identifier: GPL-2.0
/*
 * `dmabench info`: what the module reports about the DMA device, the host
 * around it, and whether streaming DMA is coherent here.
 */
#include <errno.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

#include "cli.h"
#include "core/device.h"
#include "core/device_info.h"
#include "core/json.h"
#include "core/names.h"
#include "core/sysinfo.h"
#include "suites/verify.h"

struct info_args {
	bool json;
	bool device_given;
	bool verify;		/* add `dmabench verify`'s result */
	unsigned int device;	/* enum dmabench_dev */
};

void info_usage(FILE *f)
{
	char devices[64];

	name_join(&device_names, "|", devices, sizeof(devices));
	fprintf(f,
		"usage: dmabench info [--json] [--device %s] [--verify]\n"
		"\n"
		"Show what the dmabench module reports for a DMA device (masks, mapping\n"
		"limits, swiotlb, IOMMU mode, dma_need_sync), the host's CPU, memory and\n"
		"kernel, and whether streaming DMA is coherent for the device, and why.\n"
		"\n"
		"  --json           print one JSON object instead of aligned text\n"
		"  --device NAME    ask about this device (default: platform, the\n"
		"                   module's private platform device)\n"
		"  --verify         also run `dmabench verify` on edu (device DMA through\n"
		"                   every kind, ~1.5 s in the lab; implies --device edu):\n"
		"                   its table, or its JSON as \"verify\", the same object\n"
		"                   `dmabench run` stores in results.json\n"
		"  -h, --help       show this help\n"
		"\n"
		"The module's node is %s, or $DMABENCH_DEVICE when set.\n"
		"Exit status: 0 ok, 1 a --verify round trip failed, 2 bad usage or the\n"
		"module/device is not available.\n",
		devices, DMABENCH_DEVICE_PATH);
}

static int parse_args(int argc, char **argv, struct info_args *a)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "device", required_argument, NULL, 'd' },
		{ "verify", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	char devices[64];
	int c;

	opterr = 0;
	while ((c = getopt_long(argc, argv, ":jd:vh", opts, NULL)) != -1) {
		switch (c) {
		case 'j':
			a->json = true;
			break;
		case 'd':
			if (!name_parse(&device_names, optarg, &a->device)) {
				name_join(&device_names, ", ", devices,
					  sizeof(devices));
				return usage_error("info", "unknown device '%s' (known: %s)",
						   optarg, devices);
			}
			a->device_given = true;
			break;
		case 'v':
			a->verify = true;
			break;
		case 'h':
			info_usage(stdout);
			return -1;
		default:
			return bad_option("info", c, argv);
		}
	}
	if (optind < argc)
		return usage_error("info", "unexpected argument '%s'",
				   argv[optind]);
	/* As `dmabench run`: the device with the engine unless another is named. */
	if (a->verify && !a->device_given) {
		a->device = DMABENCH_DEV_EDU;
		a->device_given = true;
	}
	if (a->verify && a->device != DMABENCH_DEV_EDU)
		return usage_error("info", "--verify needs --device edu (the only device with a DMA engine)");
	return EXIT_OK;
}

/* Open, switch device if asked, and leave the answer in dev->info. */
static int query_module(struct bench_device *dev, const struct info_args *a)
{
	if (device_open(dev, device_default_path()))
		return device_complain(dev);
	if (a->device_given &&
	    (device_set_device(dev, a->device) || device_get_info(dev))) {
		int ret = device_complain(dev);

		device_close(dev);
		return ret;
	}
	return EXIT_OK;
}

/* @verify: `dmabench verify`'s result to add, or NULL. */
static int print_info(const struct dmabench_info *info, bool json,
		      const struct verify_result *verify)
{
	struct host_facts host;
	json_t *doc;
	int ret;

	host_facts_read(&host, NULL);
	if (!json) {
		ret = info_print_text(stdout, info, &host);
		if (ret == 0 && verify) {
			fputc('\n', stdout);
			ret = verify_print_text(stdout, verify);
		}
	} else {
		doc = info_json(info, &host);
		if (doc && verify &&
		    json_object_set_new(doc, "verify", verify_json(verify))) {
			json_decref(doc);
			doc = NULL;
		}
		ret = json_print_answer(stdout, doc);
	}
	if (ret) {
		complain("cannot write the info to stdout");
		return EXIT_USAGE;
	}
	return EXIT_OK;
}

int info_main(int argc, char **argv)
{
	struct info_args args = { .json = false };
	struct verify_result verify;
	struct bench_device dev;
	int ret = parse_args(argc, argv, &args);

	if (ret < 0)
		return EXIT_OK;		/* --help */
	if (ret)
		return ret;
	ret = query_module(&dev, &args);
	if (ret)
		return ret;
	if (args.verify) {
		ret = verify_run(&dev, args.device, &verify);
		if (ret) {
			device_close(&dev);
			return ret;
		}
	}
	ret = print_info(&dev.info, args.json, args.verify ? &verify : NULL);
	device_close(&dev);
	if (ret == EXIT_OK && args.verify && !verify_all_ok(&verify))
		return EXIT_PROBLEM;
	return ret;
}
