// SPDX-License-Identifier: GPL-2.0
/* run_args.c: sizes, units, ranges, lists, and one sentence per error. */
#include "unit.h"

#include <math.h>
#include <stdio.h>

#include "dmabench.h"
#include "core/names.h"
#include "run_args.h"

static void test_sizes(void **state)
{
	uint64_t v = 0;

	(void)state;
	assert_int_equal(parse_size("4K", &v), 0);
	assert_true(v == 4096);
	assert_int_equal(parse_size("64M", &v), 0);
	assert_true(v == 64ULL << 20);
	assert_int_equal(parse_size("1G", &v), 0);
	assert_true(v == 1ULL << 30);
	assert_int_equal(parse_size("8k", &v), 0);
	assert_true(v == 8192);
	assert_int_equal(parse_size("16KiB", &v), 0);
	assert_true(v == 16384);
	assert_int_equal(parse_size("2MB", &v), 0);
	assert_true(v == 2ULL << 20);
	assert_int_equal(parse_size("65536", &v), 0);
	assert_true(v == 65536);
	assert_int_equal(parse_size("64G", &v), 0);
	assert_true(v == 64ULL << 30);
}

static void test_bad_sizes(void **state)
{
	static const char *const bad[] = {
		"", "K", "3K", "2K", "4096X", "4KK", "4Kb", "-4K", " 4K", "128G",
		"99999999999999999999", "1023", "6M", "4K-", "0",
	};
	uint64_t v = 7;

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (parse_size(bad[i], &v) == 0)
			fail_msg("'%s' was accepted", bad[i]);
	}
	assert_true(v == 7);	/* untouched on failure */
}

static void test_ranges(void **state)
{
	uint64_t lo = 0, hi = 0;

	(void)state;
	assert_int_equal(parse_size_range("4K-64M", &lo, &hi), 0);
	assert_true(lo == 4096 && hi == 64ULL << 20);
	assert_int_equal(parse_size_range("1M", &lo, &hi), 0);
	assert_true(lo == 1ULL << 20 && hi == 1ULL << 20);
	assert_int_equal(parse_size_range("64M-4K", &lo, &hi), -EINVAL);
	assert_int_equal(parse_size_range("4K-3M", &lo, &hi), -EINVAL);
	assert_int_equal(parse_size_range("-4K", &lo, &hi), -EINVAL);
	assert_int_equal(parse_size_range("4K-8K-16K", &lo, &hi), -EINVAL);
}

static void test_lists(void **state)
{
	uint32_t m = 0;

	(void)state;
	assert_int_equal(parse_kind_list("coherent,wc", &m), 0);
	assert_int_equal(m, (1U << DMABENCH_KIND_COHERENT) | (1U << DMABENCH_KIND_WC));
	assert_int_equal(parse_kind_list("noncoherent", &m), 0);
	assert_int_equal(m, 1U << DMABENCH_KIND_NONCOHERENT);
	assert_int_equal(parse_kind_list("coherent,", &m), -EINVAL);
	assert_int_equal(parse_kind_list(",wc", &m), -EINVAL);
	assert_int_equal(parse_kind_list("cached", &m), -EINVAL);
	/* The import kind is IMPORT's alone: never a --kinds word. */
	assert_int_equal(parse_kind_list("import", &m), -EINVAL);
	assert_int_equal(parse_kind_list("coherent,import", &m), -EINVAL);
	assert_int_equal(parse_kind_list("", &m), -EINVAL);

	assert_int_equal(parse_dir_list("to,from,bidi", &m), 0);
	assert_int_equal(m, 7);
	assert_int_equal(parse_dir_list("from", &m), 0);
	assert_int_equal(m, 1U << DMABENCH_DIR_FROM_DEVICE);
	assert_int_equal(parse_dir_list("to_device", &m), 0);
	assert_int_equal(m, 1U << DMABENCH_DIR_TO_DEVICE);
	assert_int_equal(parse_dir_list("sideways", &m), -EINVAL);
	assert_string_equal(dir_short_name(DMABENCH_DIR_BIDI), "bidi");
	assert_string_equal(dir_short_name(DMABENCH_DIR_TO_DEVICE), "to");
	assert_null(dir_short_name(3));
}

#define ARGV(...) ((char *[]){ "run", __VA_ARGS__, NULL })
#define ARGC(...) ((int)(sizeof((char *[]){ "run", __VA_ARGS__ }) / sizeof(char *)))
#define PARSE(o, err, ...) \
	run_args_parse(ARGC(__VA_ARGS__), ARGV(__VA_ARGS__), (o), (err), sizeof(err))

static void test_defaults(void **state)
{
	struct run_opts o;
	char err[256] = "";
	char *argv[] = { "run", NULL };

	(void)state;
	assert_int_equal(run_args_parse(1, argv, &o, err, sizeof(err)), RUN_ARGS_OK);
	assert_int_equal(o.suite, SUITE_QUICK);
	/* Every kind but import (never ALLOCed, never reported as a buffer kind). */
	assert_int_equal(o.kinds, ((1U << DMABENCH_KIND_COUNT) - 1) & ~(1U << DMABENCH_KIND_IMPORT));
	assert_false(o.sizes_given);
	assert_int_equal(o.cpu, -1);
	assert_int_equal(o.node, -1);
	assert_int_equal(o.iters, 0);
	assert_false(o.threads_exact);
	assert_null(o.out);
	assert_false(o.device_given);
}

static void test_every_option(void **state)
{
	struct run_opts o;
	char err[256] = "";

	(void)state;
	assert_int_equal(PARSE(&o, err, "--suite", "full", "--tests", "map_*",
			       "--kinds", "streaming,uc", "--sizes", "4K-64M",
			       "--dirs", "bidi", "--iters", "100", "--cpu", "1",
			       "--threads", "4", "--exact-threads", "--node", "0", "--dma-bits", "32",
			       "--granule", "16", "--trans-delay", "1000",
			       "--device", "edu", "--out", "/tmp/x"), RUN_ARGS_OK);
	assert_int_equal(o.suite, SUITE_FULL);
	assert_string_equal(o.tests, "map_*");
	assert_int_equal(o.kinds, (1U << DMABENCH_KIND_STREAMING) | (1U << DMABENCH_KIND_UC));
	assert_true(o.sizes_given && o.size_min == 4096 && o.size_max == 64ULL << 20);
	assert_int_equal(o.dirs, 1U << DMABENCH_DIR_BIDI);
	assert_int_equal(o.iters, 100);
	assert_int_equal(o.cpu, 1);
	assert_int_equal(o.threads, 4);
	assert_true(o.threads_exact);
	assert_int_equal(o.node, 0);
	assert_int_equal(o.dma_bits, 32);
	assert_int_equal(o.granule, 16);
	assert_int_equal(o.trans_delay_ns, 1000);
	assert_int_equal(o.device, DMABENCH_DEV_EDU);
	assert_true(o.device_given);
	assert_string_equal(o.out, "/tmp/x");

	assert_int_equal(PARSE(&o, err, "--min-time", "0.5"), RUN_ARGS_OK);
	assert_true(fabs(o.min_time - 0.5) < 1e-12);
	assert_int_equal(o.repeat, 0);
	/* the last --repeat wins: how run --repeat N starts each repetition */
	assert_int_equal(PARSE(&o, err, "--repeat", "10", "--repeat", "1"), RUN_ARGS_OK);
	assert_int_equal(o.repeat, 1);
}

/* Each bad value: refused with a sentence naming the option and value. */
static void test_errors(void **state)
{
	struct run_opts o;
	char err[256];

	(void)state;
#define REFUSED(needle, ...) do { \
	err[0] = '\0'; \
	assert_int_equal(PARSE(&o, err, __VA_ARGS__), RUN_ARGS_BAD); \
	assert_contains(err, needle); \
} while (0)
	REFUSED("bad --suite 'slow'", "--suite", "slow");
	REFUSED("bad --sizes '5K'", "--sizes", "5K");
	REFUSED("bad --kinds 'gpu'", "--kinds", "gpu");
	REFUSED("coherent, streaming, wc, uc, noncoherent", "--kinds", "gpu");
	REFUSED("bad --dirs 'up'", "--dirs", "up");
	REFUSED("bad --iters '0'", "--iters", "0");
	REFUSED("bad --iters '1x'", "--iters", "1x");
	REFUSED("bad --min-time '-1'", "--min-time", "-1");
	REFUSED("bad --cpu 'a'", "--cpu", "a");
	REFUSED("bad --dma-bits '8'", "--dma-bits", "8");
	REFUSED("bad --trans-delay '20000000'", "--trans-delay", "20000000");
	REFUSED("bad --device 'gpu'", "--device", "gpu");
	REFUSED("bad --granule '0'", "--granule", "0");
	REFUSED("bad --threads '0'", "--threads", "0");
	REFUSED("bad --repeat '0'", "--repeat", "0");
	REFUSED("bad --repeat '1001'", "--repeat", "1001");
	REFUSED("exclude each other", "--iters", "5", "--min-time", "1");
	REFUSED("unknown option '--fast'", "--fast");
	REFUSED("needs a value", "--sizes");
	REFUSED("unexpected argument 'extra'", "extra");
#undef REFUSED
}

static void test_parse_twice(void **state)
{
	struct run_opts o;
	char err[256];

	(void)state;
	/* getopt state must not leak from one parse into the next. */
	assert_int_equal(PARSE(&o, err, "--iters", "3"), RUN_ARGS_OK);
	assert_int_equal(PARSE(&o, err, "--iters", "4"), RUN_ARGS_OK);
	assert_int_equal(o.iters, 4);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sizes),
		cmocka_unit_test(test_bad_sizes),
		cmocka_unit_test(test_ranges),
		cmocka_unit_test(test_lists),
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_every_option),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_parse_twice),
	};

	return cmocka_run_group_tests_name("run_args", tests, NULL, NULL);
}
