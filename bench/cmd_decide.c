// SPDX-License-Identifier: GPL-2.0
/*
 * `dmabench decide`: what a TTM-based driver would choose for each device
 * here, beside what the device's own DMA showed (core/decide.h), live from
 * the module or from a run's results.json.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "core/decide.h"
#include "core/device.h"
#include "core/json.h"
#include "core/names.h"
#include "results/decide_input.h"
#include "results/query.h"
#include "suites/device_transfer_plan.h"
#include "suites/verify.h"

struct decide_args {
	bool json;
	bool verify;		/* run verify on devices with an engine */
	bool device_given;
	unsigned int device;	/* enum dmabench_dev */
	const char *dir;	/* a run's folder instead of the module */
};

/* One device's answer. */
struct decide_one {
	struct dmabench_facts facts;
	struct decide_evidence evidence;
	struct decision decision;
};

void decide_usage(FILE *f)
{
	fprintf(f,
		"usage: dmabench decide [--json] [--device platform|edu|pci] [--no-verify]\n"
		"       dmabench decide [--json] RUN_DIR\n"
		"\n"
		"What a TTM-based GPU driver would choose for its memory on each DMA device\n"
		"here (dma_alloc_coherent backing, DMA32 pages, WC or cached pool pages, or\n"
		"refuse to load), from the facts such drivers decide from (FACTS ioctl:\n"
		"dev_is_dma_coherent, dma_need_sync, dma_addressing_limited, swiotlb, the\n"
		"IOMMU domain, drm_need_swiotlb, drm_arch_can_wc_memory), beside what the\n"
		"device's own DMA showed without syncs (`dmabench verify`, edu only), and\n"
		"one sentence: would a driver that assumes coherent streaming read stale data\n"
		"here, or be correct, and at what cost.\n"
		"\n"
		"  --json           one JSON object: {\"devices\": [...]}\n"
		"  --device NAME    this device only (default: every device the module has)\n"
		"  --no-verify      do not run the device's DMA (the decision then rests on\n"
		"                   the facts alone)\n"
		"  RUN_DIR          decide from a run's results.json (its driver_facts,\n"
		"                   verify and transfer figures) instead of the module\n"
		"  -h, --help       show this help\n"
		"\n"
		"Exit status: 0 ok (whatever the verdict), 1 a device round trip failed,\n"
		"2 bad usage, the module/device or the run's facts are not available.\n");
}

static int parse_args(int argc, char **argv, struct decide_args *a)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "device", required_argument, NULL, 'd' },
		{ "no-verify", no_argument, NULL, 'n' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	opterr = 0;
	while ((c = getopt_long(argc, argv, ":jd:nh", opts, NULL)) != -1) {
		switch (c) {
		case 'j':
			a->json = true;
			break;
		case 'd':
			if (!name_parse(&device_names, optarg, &a->device))
				return usage_error("decide", "unknown device '%s'", optarg);
			a->device_given = true;
			break;
		case 'n':
			a->verify = false;
			break;
		case 'h':
			decide_usage(stdout);
			return -1;
		default:
			return bad_option("decide", c, argv);
		}
	}
	if (optind < argc)
		a->dir = argv[optind++];
	if (optind < argc)
		return usage_error("decide", "unexpected argument '%s'", argv[optind]);
	if (a->dir && (a->device_given || !a->verify))
		return usage_error("decide", "a run's folder has its own device and verify result");
	return EXIT_OK;
}

static void evidence_of_verify(const struct verify_result *r, struct decide_evidence *e)
{
	const char *dev = name_of(&device_names, r->device);

	e->measured = true;
	snprintf(e->by, sizeof(e->by), "%s %.64s", dev ? dev : "the device", r->dev_name);
	for (unsigned int k = 0; k < DMABENCH_KIND_COUNT; k++) {
		const struct verify_kind *v = &r->kinds[k];

		if (!v->tested)
			continue;
		e->roundtrip[k] = v->roundtrip_ok;
		if (v->stale_measured)
			e->stale[k] = v->stale;
	}
}

/* Facts first: verify's bounces would change 6.12's dma_dev_need_sync(). */
static int decide_device(struct bench_device *dev, uint32_t devid, bool verify,
			 struct decide_one *one, bool *roundtrip_failed)
{
	static struct verify_result vr;

	decide_evidence_init(&one->evidence);
	if (device_set_device(dev, devid) || device_get_info(dev) ||
	    device_facts(dev, &one->facts))
		return device_complain(dev);
	if (verify && !dt_engine_missing(&dev->info)) {
		int ret = verify_collect(dev, devid, &vr);

		if (ret && ret != -EOPNOTSUPP)
			return device_complain(dev);
		if (!ret) {
			evidence_of_verify(&vr, &one->evidence);
			*roundtrip_failed |= !verify_all_ok(&vr);
		}
	}
	decide(&one->facts, &one->evidence, &one->decision);
	return EXIT_OK;
}

static int print_all(const struct decide_one *all, size_t n, bool json)
{
	json_t *doc, *devs;
	int ret = 0;

	if (!json) {
		for (size_t i = 0; i < n && !ret; i++) {
			if (i)
				fputc('\n', stdout);
			ret = decide_print_text(stdout, &all[i].facts, &all[i].evidence,
						&all[i].decision);
		}
	} else {
		doc = json_object();
		devs = json_array();
		for (size_t i = 0; doc && devs && i < n; i++)
			if (json_array_append_new(devs, decide_json(&all[i].facts, &all[i].evidence,
								    &all[i].decision)))
				ret = -ENOMEM;
		if (!doc || !devs || json_object_set_new(doc, "devices", devs))
			ret = -ENOMEM;
		else if (!ret)
			ret = json_print(stdout, doc);
		json_decref(doc);
		if (ret == 0 && fflush(stdout))
			ret = -errno;
	}
	if (ret) {
		complain("cannot write the decision to stdout");
		return EXIT_USAGE;
	}
	return EXIT_OK;
}

static int decide_live(const struct decide_args *a)
{
	static struct decide_one all[DMABENCH_DEV_COUNT];
	struct bench_device dev;
	bool failed = false;
	size_t n = 0;
	uint32_t flags;
	int ret = EXIT_OK;

	if (device_open(&dev, device_default_path()))
		return device_complain(&dev);
	flags = dev.info.flags;
	for (uint32_t d = 0; d < DMABENCH_DEV_COUNT && ret == EXIT_OK; d++) {
		bool present = d == DMABENCH_DEV_PLATFORM ||
			       (d == DMABENCH_DEV_EDU && (flags & DMABENCH_INFO_EDU_PRESENT)) ||
			       (d == DMABENCH_DEV_PCI && (flags & DMABENCH_INFO_PCI_PRESENT));

		if (a->device_given ? d != a->device : !present)
			continue;
		ret = decide_device(&dev, d, a->verify, &all[n++], &failed);
	}
	device_close(&dev);
	if (ret)
		return ret;
	ret = print_all(all, n, a->json);
	return ret == EXIT_OK && failed ? EXIT_PROBLEM : ret;
}

static int decide_from_run(const struct decide_args *a)
{
	static struct decide_one one;
	struct rd_run run;
	char why[512];
	int ret;

	if (rd_load(a->dir, &run, why, sizeof(why))) {
		complain("%s", why);
		return EXIT_USAGE;
	}
	if (!decide_run(&run, &one.facts, &one.evidence, &one.decision, why, sizeof(why))) {
		complain("%s: %s", a->dir, why);
		rd_free(&run);
		return EXIT_USAGE;
	}
	rd_free(&run);
	ret = print_all(&one, 1, a->json);
	return ret;
}

int decide_main(int argc, char **argv)
{
	struct decide_args args = { .verify = true };
	int ret = parse_args(argc, argv, &args);

	if (ret < 0)
		return EXIT_OK;		/* --help */
	if (ret)
		return ret;
	return args.dir ? decide_from_run(&args) : decide_live(&args);
}
