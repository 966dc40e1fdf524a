// SPDX-License-Identifier: GPL-2.0
/* sysinfo.c and units.c: /proc parsing and human-readable sizes. */
#include "unit.h"

#include <stdio.h>
#include <stdlib.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "core/sysinfo.h"
#include "core/units.h"

static const char x86_cpuinfo[] =
	"processor\t: 0\n"
	"vendor_id\t: AuthenticAMD\n"
	"cpu family\t: 25\n"
	"model\t\t: 17\n"
	"model name\t: AMD EPYC 9654 96-Core Processor   \n"
	"cpu MHz\t\t: 2596.138\n"
	"\n"
	"processor\t: 1\n"
	"model name\t: second CPU, not reported\n";

/* arm64 has no "model name" at all. */
static const char arm_cpuinfo[] =
	"processor\t: 0\n"
	"BogoMIPS\t: 50.00\n"
	"CPU implementer\t: 0x41\n"
	"Hardware\t: BCM2835\n"
	"Model\t\t: Raspberry Pi 4 Model B Rev 1.4\n";

static void test_cpu_model(void **state)
{
	char out[128];

	(void)state;
	assert_true(parse_cpu_model(x86_cpuinfo, out, sizeof(out)));
	assert_string_equal(out, "AMD EPYC 9654 96-Core Processor");
	assert_true(parse_cpu_model(arm_cpuinfo, out, sizeof(out)));
	assert_string_equal(out, "Raspberry Pi 4 Model B Rev 1.4");
	assert_false(parse_cpu_model("processor\t: 0\ncpu MHz : 1\n", out,
				     sizeof(out)));
	assert_false(parse_cpu_model("", out, sizeof(out)));
	assert_true(parse_cpu_model("processor\t: 0\nBogoMIPS\t: 125.00\n"
				    "CPU implementer\t: 0x41\nCPU architecture: 8\n"
				    "CPU part\t: 0xd0c\n", out, sizeof(out)));
	assert_string_equal(out, "arm64 implementer 0x41 part 0xd0c");
}

static void test_cpu_model_truncates(void **state)
{
	char out[8];

	(void)state;
	assert_true(parse_cpu_model(x86_cpuinfo, out, sizeof(out)));
	assert_string_equal(out, "AMD EPY");
}

static void test_mem_total(void **state)
{
	uint64_t bytes = 0;

	(void)state;
	assert_true(parse_mem_total("MemTotal:        2035180 kB\n"
				    "MemFree:          112233 kB\n", &bytes));
	assert_true(bytes == 2035180ULL * 1024);
	assert_true(parse_mem_total("MemFree: 1 kB\nMemTotal: 4 kB", &bytes));
	assert_true(bytes == 4096);
	assert_false(parse_mem_total("MemFree: 1 kB\n", &bytes));
	assert_false(parse_mem_total("MemTotal: lots\n", &bytes));
	assert_false(parse_mem_total("MemTotal: 12 MB\n", &bytes));
	assert_false(parse_mem_total("MemTotal: 99999999999999999999 kB\n", &bytes));
}

/* Longer than read_text_file's first buffer, so it has to grow. */
static void test_read_text_file(void **state)
{
	char path[] = "/tmp/dmabench-text-XXXXXX", want[10000], *got;
	int fd = mkstemp(path);

	(void)state;
	assert_true(fd >= 0);
	for (size_t i = 0; i < sizeof(want) - 1; i++)
		want[i] = (char)('a' + i % 26);
	want[sizeof(want) - 1] = '\0';
	assert_int_equal(write(fd, want, strlen(want)), (ssize_t)strlen(want));
	close(fd);
	got = read_text_file(path);
	assert_non_null(got);
	assert_string_equal(got, want);
	free(got);
	unlink(path);
	assert_null(read_text_file(path));
}

/* On this machine: what /proc and uname() say, read the same way. */
static void test_host_facts(void **state)
{
	struct host_facts h;
	struct utsname u;

	(void)state;
	host_facts_read(&h);
	assert_int_equal(uname(&u), 0);
	assert_string_equal(h.kernel, u.release);
	assert_int_equal(h.cpu_cores, sysconf(_SC_NPROCESSORS_ONLN));
	assert_true(h.memory_bytes > 0);
	assert_true(h.memory_bytes % 1024 == 0);
	assert_true(h.cpu_model[0] != '\0');
}

/* One reduction, two forms: exact binary units only, up to TiB. */
static void test_units_size_label(void **state)
{
	char buf[32];

	(void)state;
	assert_string_equal(units_size(4096, buf, sizeof(buf)), "4 KiB");
	assert_string_equal(units_size(16 << 20, buf, sizeof(buf)), "16 MiB");
	assert_string_equal(units_size(1000, buf, sizeof(buf)), "1000 B");
	assert_string_equal(units_size(1536, buf, sizeof(buf)), "1536 B");
	assert_string_equal(units_size(1ULL << 50, buf, sizeof(buf)), "1024 TiB");
	assert_string_equal(units_label(4096, buf, sizeof(buf)), "4K");
	assert_string_equal(units_label(1ULL << 30, buf, sizeof(buf)), "1G");
	assert_string_equal(units_label(6144, buf, sizeof(buf)), "6K");
	assert_string_equal(units_label(1536, buf, sizeof(buf)), "1536");
	assert_string_equal(units_label(512, buf, sizeof(buf)), "512");
	assert_string_equal(units_label(0, buf, sizeof(buf)), "0");
}

static void test_format_bytes(void **state)
{
	char buf[64];

	(void)state;
	format_bytes(0, buf, sizeof(buf));
	assert_string_equal(buf, "0 (0 B)");
	format_bytes(1000, buf, sizeof(buf));
	assert_string_equal(buf, "1000 (1000 B)");
	format_bytes(4096, buf, sizeof(buf));
	assert_string_equal(buf, "4096 (4 KiB)");
	format_bytes(262144, buf, sizeof(buf));
	assert_string_equal(buf, "262144 (256 KiB)");
	format_bytes(4 << 20, buf, sizeof(buf));
	assert_string_equal(buf, "4194304 (4 MiB)");
	format_bytes(1536, buf, sizeof(buf));
	assert_string_equal(buf, "1536 (1.5 KiB)");
	format_bytes(2084044800, buf, sizeof(buf));
	assert_string_equal(buf, "2084044800 (1.9 GiB)");
	format_bytes(UINT64_MAX, buf, sizeof(buf));
	assert_string_equal(buf, "18446744073709551615 (16.0 EiB)");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cpu_model),
		cmocka_unit_test(test_cpu_model_truncates),
		cmocka_unit_test(test_mem_total),
		cmocka_unit_test(test_read_text_file),
		cmocka_unit_test(test_host_facts),
		cmocka_unit_test(test_format_bytes),
		cmocka_unit_test(test_units_size_label),
	};

	return cmocka_run_group_tests_name("sysinfo", tests, NULL, NULL);
}
