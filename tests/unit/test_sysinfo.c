// SPDX-License-Identifier: GPL-2.0
/* sysinfo.c and units.c: host facts (hwloc, /proc/meminfo) and human-readable sizes. */
#include "unit.h"

#include <stdio.h>
#include <stdlib.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "core/sysinfo.h"
#include "core/units.h"

/*
 * hwloc topologies as XML: one package of two PUs and a
 * NUMA node of 16 GiB, the package's infos given by the caller.
 */
static const char xml_head[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	"<!DOCTYPE topology SYSTEM \"hwloc2.dtd\">\n<topology version=\"2.0\">\n"
	"<object type=\"Machine\" os_index=\"0\" cpuset=\"0x3\" complete_cpuset=\"0x3\" "
	"allowed_cpuset=\"0x3\" nodeset=\"0x1\" complete_nodeset=\"0x1\" allowed_nodeset=\"0x1\" gp_index=\"1\">\n"
	"<object type=\"Package\" os_index=\"0\" cpuset=\"0x3\" complete_cpuset=\"0x3\" "
	"nodeset=\"0x1\" complete_nodeset=\"0x1\" gp_index=\"2\">\n";
static const char xml_tail[] =
	"<object type=\"NUMANode\" os_index=\"0\" cpuset=\"0x3\" complete_cpuset=\"0x3\" "
	"nodeset=\"0x1\" complete_nodeset=\"0x1\" gp_index=\"3\" local_memory=\"17179869184\"/>\n"
	"<object type=\"Core\" os_index=\"0\" cpuset=\"0x1\" complete_cpuset=\"0x1\" nodeset=\"0x1\" complete_nodeset=\"0x1\" gp_index=\"4\">\n"
	"<object type=\"PU\" os_index=\"0\" cpuset=\"0x1\" complete_cpuset=\"0x1\" nodeset=\"0x1\" complete_nodeset=\"0x1\" gp_index=\"5\"/></object>\n"
	"<object type=\"Core\" os_index=\"1\" cpuset=\"0x2\" complete_cpuset=\"0x2\" nodeset=\"0x1\" complete_nodeset=\"0x1\" gp_index=\"6\">\n"
	"<object type=\"PU\" os_index=\"1\" cpuset=\"0x2\" complete_cpuset=\"0x2\" nodeset=\"0x1\" complete_nodeset=\"0x1\" gp_index=\"7\"/></object>\n"
	"</object>\n</object>\n</topology>\n";

static struct topology *xml_topology(const char *infos)
{
	char path[] = "/tmp/dmabench-topo-XXXXXX";
	int fd = mkstemp(path);
	FILE *f;
	struct topology *t;

	assert_true(fd >= 0);
	f = fdopen(fd, "w");
	assert_non_null(f);
	fprintf(f, "%s%s%s", xml_head, infos, xml_tail);
	fclose(f);
	t = topology_load_xml(path);
	unlink(path);
	assert_non_null(t);
	return t;
}

/* The CPU model, CPU count and NUMA memory are hwloc's, however it learnt them. */
static void test_cpu_from_hwloc(void **state)
{
	struct topology *t = xml_topology(
		"<info name=\"CPUVendor\" value=\"AuthenticAMD\"/>\n"
		"<info name=\"CPUModel\" value=\"AMD EPYC 9654 96-Core Processor\"/>\n");
	struct host_facts h;
	char out[8];

	(void)state;
	host_facts_read(&h, t);
	assert_string_equal(h.cpu_model, "AMD EPYC 9654 96-Core Processor");
	assert_int_equal(h.cpu_cores, 2);
	assert_true(h.numa_memory_bytes == 17179869184ULL);
	/* MemTotal stays /proc/meminfo's, whatever the NUMA nodes say. */
	assert_true(h.memory_bytes > 0);
	assert_true(topology_cpu_model(t, out, sizeof(out)));
	assert_string_equal(out, "AMD EPY");
	topology_free(t);
}

/* arm64: no model name, only the MIDR fields. */
static void test_cpu_from_hwloc_arm64(void **state)
{
	struct topology *t = xml_topology("<info name=\"CPUImplementer\" value=\"0x41\"/>\n"
					  "<info name=\"CPUPart\" value=\"0xd0c\"/>\n");
	struct topology *none = xml_topology("");
	char out[128];

	(void)state;
	assert_true(topology_cpu_model(t, out, sizeof(out)));
	assert_string_equal(out, "arm64 implementer 0x41 part 0xd0c");
	assert_false(topology_cpu_model(none, out, sizeof(out)));
	topology_free(t);
	topology_free(none);
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

/* On this machine: what hwloc, /proc/meminfo and uname() say. */
static void test_host_facts(void **state)
{
	struct host_facts h;
	struct utsname u;

	(void)state;
	host_facts_read(&h, NULL);
	assert_int_equal(uname(&u), 0);
	assert_string_equal(h.kernel, u.release);
	assert_true(h.cpu_cores >= 1 && h.cpu_cores <= sysconf(_SC_NPROCESSORS_ONLN));
	/* hwloc's NUMA total leaves out huge pages and memory not yet in a zone. */
	if (h.numa_memory_bytes)
		assert_true(h.numa_memory_bytes <= h.memory_bytes);
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

/* debugfs first (it knows dma_debug=off), the /boot config second. */
static void test_dma_api_debug(void **state)
{
	(void)state;
	assert_int_equal(parse_dma_api_debug("N\n", NULL), 1);
	assert_int_equal(parse_dma_api_debug("Y\n", "CONFIG_DMA_API_DEBUG=y\n"), 0);
	assert_int_equal(parse_dma_api_debug(NULL, "CONFIG_A=y\nCONFIG_DMA_API_DEBUG=y\n"), 1);
	assert_int_equal(parse_dma_api_debug(NULL, "CONFIG_DMA_API_DEBUG=y"), 1);
	assert_int_equal(parse_dma_api_debug("", "# CONFIG_DMA_API_DEBUG is not set\n"), 0);
	/* A longer option's name is not this one. */
	assert_int_equal(parse_dma_api_debug(NULL, "CONFIG_DMA_API_DEBUG_SG=y\n"), -1);
	assert_int_equal(parse_dma_api_debug(NULL, NULL), -1);
	assert_int_equal(parse_dma_api_debug(NULL, ""), -1);
	{
		int on = dma_api_debug_state();

		assert_true(on >= -1 && on <= 1);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cpu_from_hwloc),
		cmocka_unit_test(test_cpu_from_hwloc_arm64),
		cmocka_unit_test(test_mem_total),
		cmocka_unit_test(test_read_text_file),
		cmocka_unit_test(test_host_facts),
		cmocka_unit_test(test_format_bytes),
		cmocka_unit_test(test_units_size_label),
		cmocka_unit_test(test_dma_api_debug),
	};

	return cmocka_run_group_tests_name("sysinfo", tests, NULL, NULL);
}
