// SPDX-License-Identifier: GPL-2.0
/*
 * kmod_test: drives /dev/dmabench with raw ioctls and reports TAP.
 *
 *   kmod_test [--device platform|edu|pci] [--max-size BYTES] [--quick]
 *             [--only GROUP[,GROUP...]] [--timeout-check]
 *
 * Exit status 0 iff every check passed.  Meant to run as root in the lab
 * guest (static binary, no libraries) or on a host with the module loaded.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "checks.h"
#include "device.h"
#include "pattern.h"

static void usage(FILE *out)
{
	fprintf(out,
		"usage: kmod_test [--device platform|edu|pci] [--max-size BYTES[K|M|G]] [--quick]\n"
		"  --device    SET_DEVICE on every file before use (default: module default)\n"
		"  --max-size  largest buffer of the per-kind checks (default 64M)\n"
		"  --quick     sizes up to 16M and shorter concurrency loops\n"
		"  --only      run only these groups (kinds, syncs, bad_ioctls, bench_ops,\n"
		"              lifetime, concurrency, byte_cap, device_dma, userptr, pool,\n"
		"              attrs, dmabuf)\n"
		"  --timeout-check  only the stuck-engine check (module loaded with a\n"
		"              short edu_timeout_us; switches edu's engine off)\n");
}

struct check_group {
	const char *name;
	void (*run)(int fd, const struct dmabench_info *info);
};

static const struct check_group groups[] = {
	{ "kinds", check_kinds },
	{ "syncs", check_syncs },
	{ "bad_ioctls", check_bad_ioctls },
	{ "bench_ops", check_bench_ops },
	{ "lifetime", check_lifetime },
	{ "concurrency", check_concurrency },
	{ "byte_cap", check_byte_cap },
	{ "device_dma", check_device_dma },
	{ "userptr", check_userptr },
	{ "pool", check_pool },
	{ "attrs", check_attrs },
	{ "dmabuf", check_dmabuf },
};

#define GROUP_COUNT (sizeof(groups) / sizeof(groups[0]))

/* --only's choice, a bit per group; all when not given. */
static unsigned int only = (1U << GROUP_COUNT) - 1;
static bool timeout_check;

/* "syncs,device_dma": false on an unknown name. */
static bool parse_only(char *list)
{
	only = 0;
	for (char *name = strtok(list, ","); name; name = strtok(NULL, ",")) {
		size_t i;

		for (i = 0; i < GROUP_COUNT && strcmp(name, groups[i].name); i++)
			;
		if (i == GROUP_COUNT)
			return false;
		only |= 1U << i;
	}
	return only != 0;
}

static int parse_device(const char *s)
{
	for (int i = 0; i < DMABENCH_DEV_COUNT; i++)
		if (!strcmp(s, kt_device_name(i)))
			return i;
	return -1;
}

/* "65536", "64K", "64M", "1G"; 0 on a malformed value. */
static uint64_t parse_size(const char *s)
{
	char *end;
	unsigned long long v;

	errno = 0;
	v = strtoull(s, &end, 0);
	if (errno || end == s)
		return 0;
	switch (*end) {
	case 'K': case 'k':
		v <<= 10, end++;
		break;
	case 'M': case 'm':
		v <<= 20, end++;
		break;
	case 'G': case 'g':
		v <<= 30, end++;
		break;
	default:
		break;
	}
	return *end ? 0 : v;
}

static void parse_args(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "device", required_argument, NULL, 'd' },
		{ "max-size", required_argument, NULL, 's' },
		{ "quick", no_argument, NULL, 'q' },
		{ "only", required_argument, NULL, 'o' },
		{ "timeout-check", no_argument, NULL, 't' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	while ((c = getopt_long(argc, argv, "d:s:qh", opts, NULL)) != -1) {
		switch (c) {
		case 'd':
			kt_cfg.device = parse_device(optarg);
			if (kt_cfg.device < 0)
				goto bad;
			break;
		case 's':
			kt_cfg.max_size = parse_size(optarg);
			if (!kt_cfg.max_size)
				goto bad;
			break;
		case 'q':
			kt_cfg.quick = true;
			break;
		case 'o':
			if (!parse_only(optarg))
				goto bad;
			break;
		case 't':
			timeout_check = true;
			break;
		case 'h':
			usage(stdout);
			exit(0);
		default:
			goto bad;
		}
	}
	if (optind == argc)
		return;
bad:
	usage(stderr);
	exit(2);
}

int main(int argc, char **argv)
{
	struct dmabench_info info;
	struct kt_counters base;
	int fd;

	parse_args(argc, argv);
	pat_guard_install();
	fd = kt_open();
	if (!tap_ok(fd >= 0, tap_fmt("%s", tap_errname(-fd)), "open %s%s%s",
		    DMABENCH_DEVICE_PATH, kt_cfg.device >= 0 ? " and SET_DEVICE " : "",
		    kt_cfg.device >= 0 ? kt_device_name(kt_cfg.device) : ""))
		return tap_finish();
	if (!check_info(fd, &info))
		return tap_finish();
	kt_counters(fd, &base);
	if (timeout_check) {
		check_device_dma_timeout(fd, &info);
	} else {
		for (size_t i = 0; i < GROUP_COUNT; i++)
			if (only & (1U << i))
				groups[i].run(fd, &info);
	}
	tap_counters(fd, &base, "end: live counters back to the baseline");
	close(fd);
	return tap_finish();
}
