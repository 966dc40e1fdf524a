// SPDX-License-Identifier: GPL-2.0
/*
 * suites/device_transfer_plan.c: the lengths, which phases each kind has, the
 * engine check and the byte pattern every transfer is checked against;
 * report/device_transfer_table.c: the reports' table from the fixtures.
 */
#include "unit.h"

#include <limits.h>
#include <stdio.h>

#include "suites/device_transfer_plan.h"
#include "report/device_transfer_table.h"

static void test_lengths(void **state)
{
	uint32_t l[DT_MAX_LENS];

	(void)state;
	assert_int_equal(dt_lengths(false, l, DT_MAX_LENS), 4);
	assert_int_equal(l[0], 64);
	assert_int_equal(l[1], 256);
	assert_int_equal(l[2], 1024);
	/* edu's engine stops one byte short of its 4 KiB buffer (QEMU 7.2) */
	assert_int_equal(l[3], DMABENCH_EDU_DMA_LIMIT);
	assert_int_equal(l[3], 4095);
	assert_int_equal(dt_lengths(true, l, DT_MAX_LENS), 2);
	assert_int_equal(l[0], 64);
	assert_int_equal(l[1], 4095);
	assert_int_equal(dt_lengths(false, l, 1), 1);
}

/* Which phases apply: "ma" map+unmap, "sy" syncs, "--" neither. */
static void expect_kind(unsigned int kind, bool maps, bool syncs)
{
	for (int d = 0; d < DT_DIRS; d++) {
		enum dt_dir dir = (enum dt_dir)d;

		assert_int_equal(dt_phase_applies(kind, dir, DT_PH_MAP), maps);
		assert_int_equal(dt_phase_applies(kind, dir, DT_PH_UNMAP), maps);
		assert_int_equal(dt_phase_applies(kind, dir, DT_PH_SYNC_DEV), syncs);
		assert_int_equal(dt_phase_applies(kind, dir, DT_PH_SYNC_CPU), syncs);
		assert_true(dt_phase_applies(kind, dir, DT_PH_DEVICE));
		assert_int_equal(dt_phase_applies(kind, dir, DT_PH_CPU_BEFORE), dir == DT_TO);
		assert_int_equal(dt_phase_applies(kind, dir, DT_PH_CPU_AFTER), dir == DT_FROM);
		assert_false(dt_phase_applies(kind, dir, DT_PH_COUNT));
	}
}

static void test_phases(void **state)
{
	(void)state;
	expect_kind(DMABENCH_KIND_COHERENT, false, false);
	expect_kind(DMABENCH_KIND_STREAMING, true, false);
	expect_kind(DMABENCH_KIND_WC, true, false);
	expect_kind(DMABENCH_KIND_UC, true, false);
	expect_kind(DMABENCH_KIND_NONCOHERENT, false, true);
	assert_string_equal(dt_phase_op(DT_PH_CPU_BEFORE), "cpu_write");
	assert_string_equal(dt_phase_op(DT_PH_MAP), "map");
	assert_string_equal(dt_phase_op(DT_PH_SYNC_DEV), "sync_for_device");
	assert_string_equal(dt_phase_op(DT_PH_DEVICE), "device_dma");
	assert_string_equal(dt_phase_op(DT_PH_SYNC_CPU), "sync_for_cpu");
	assert_string_equal(dt_phase_op(DT_PH_UNMAP), "unmap");
	assert_string_equal(dt_phase_op(DT_PH_CPU_AFTER), "cpu_read");
	assert_string_equal(dt_dir_name(DT_TO), "to");
	assert_string_equal(dt_dir_name(DT_FROM), "from");
	assert_int_equal(dt_dma_dir(DT_TO), DMABENCH_DIR_TO_DEVICE);
	assert_int_equal(dt_dma_dir(DT_FROM), DMABENCH_DIR_FROM_DEVICE);
	assert_contains(dt_total_note(DMABENCH_KIND_STREAMING, DT_TO),
			"cpu_write + map + device_dma + unmap, mapped per transfer");
	assert_contains(dt_total_note(DMABENCH_KIND_NONCOHERENT, DT_FROM),
			"sync_for_device + device_dma + sync_for_cpu + cpu_read");
	assert_contains(dt_total_note(DMABENCH_KIND_COHERENT, DT_FROM),
			"device_dma + cpu_read");
}

static void test_engine(void **state)
{
	struct dmabench_info info;

	(void)state;
	memset(&info, 0, sizeof(info));
	info.device = DMABENCH_DEV_EDU;
	assert_null(dt_engine_missing(&info));
	info.device = DMABENCH_DEV_PCI;		/* maybe an edu: the transfer says */
	assert_null(dt_engine_missing(&info));
	info.device = DMABENCH_DEV_PLATFORM;
	assert_contains(dt_engine_missing(&info), "platform device, which has no DMA engine");
}

static void test_pattern(void **state)
{
	uint8_t buf[4095];
	size_t first;
	uint64_t w;

	(void)state;
	dt_pattern_fill(buf, sizeof(buf), 0x1122334455667788ULL);
	/* the module's PATTERN: little-endian (seed ^ offset of the word) */
	memcpy(&w, buf + 8, 8);
	assert_true(w == (0x1122334455667788ULL ^ 8));
	assert_int_equal(buf[4094], (uint8_t)((0x1122334455667788ULL ^ 4088) >> 48));
	assert_int_equal(dt_pattern_check(buf, sizeof(buf), 0x1122334455667788ULL, &first), 0);
	assert_int_equal(first, sizeof(buf));
	/* the last byte counts: 4095 is not a multiple of 8 */
	buf[4094] ^= 1;
	buf[100] ^= 0x80;
	assert_int_equal(dt_pattern_check(buf, sizeof(buf), 0x1122334455667788ULL, &first), 2);
	assert_int_equal(first, 100);
}

/* Old data left by the previous transfer never passes for the new. */
static void test_seeds(void **state)
{
	uint8_t a[64], b[64];
	size_t first;

	(void)state;
	for (uint64_t i = 0; i < 600; i++) {
		uint64_t x = dt_seed(i) ^ dt_seed(i + 1);

		for (int byte = 0; byte < 8; byte++)
			if (!((x >> (8 * byte)) & 0xff))
				fail_msg("seeds %llu and %llu share byte %d",
					 (unsigned long long)i, (unsigned long long)i + 1, byte);
		dt_pattern_fill(a, sizeof(a), dt_seed(i));
		dt_pattern_fill(b, sizeof(b), dt_seed(i + 1));
		assert_int_equal(dt_pattern_check(a, sizeof(a), dt_seed(i + 1), &first),
				 sizeof(a));
		assert_int_equal(dt_pattern_check(b, sizeof(b), dt_seed(i + 1), &first), 0);
	}
}

static const char *fixture(const char *name)
{
	static char path[PATH_MAX];
	const char *src = __FILE__;
	const char *slash = strrchr(src, '/');

	snprintf(path, sizeof(path), "%.*s/../fixtures/report/%s",
		 (int)(slash - src), src, name);
	return path;
}

/* make-fixtures.py: CPU copy 500 + len/4, map 1000, unmap 1500, ioctls 1000. */
static void test_table(void **state)
{
	static struct dtr_row rows[DTR_MAX_ROWS];
	struct rd_run run;
	char why[512];
	size_t n;

	(void)state;
	assert_int_equal(rd_load(fixture("direct"), &run, why, sizeof(why)), 0);
	n = dtr_rows(&run, rows, DTR_MAX_ROWS);
	assert_int_equal(n, 5 * 2 * 2);		/* kinds x lengths x directions */
	assert_int_equal(dtr_rows(&run, rows, 3), n);	/* the count, whatever fits */
	assert_string_equal(rows[0].cells[0], "coherent");
	assert_string_equal(rows[0].cells[1], "to");
	assert_string_equal(rows[0].cells[2], "64");
	assert_string_equal(rows[0].cells[3], "516 ns");
	assert_string_equal(rows[0].cells[4], "-");
	assert_string_equal(rows[0].cells[6], "-");
	assert_string_equal(rows[0].cells[8], "1.52 us");
	/* streaming from 4095: read 1523.75, map 1000, unmap 1500 */
	assert_string_equal(rows[7].cells[0], "streaming");
	assert_string_equal(rows[7].cells[1], "from");
	assert_string_equal(rows[7].cells[2], "4095");
	assert_string_equal(rows[7].cells[3], "1.52 us");
	assert_string_equal(rows[7].cells[4], "1.00 us");
	assert_string_equal(rows[7].cells[5], "100 ms");
	assert_string_equal(rows[7].cells[6], "1.50 us");
	assert_string_equal(rows[7].cells[8], "5.02 us");
	/* noncoherent syncs, 500 ns each */
	assert_string_equal(rows[16].cells[0], "noncoherent");
	assert_string_equal(rows[16].cells[4], "500 ns");
	assert_string_equal(rows[16].cells[6], "500 ns");
	rd_free(&run);
	/* a run without device transfers has no table */
	assert_int_equal(rd_load(fixture("no-p50"), &run, why, sizeof(why)), -1);
	rd_free(&run);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lengths),
		cmocka_unit_test(test_phases),
		cmocka_unit_test(test_engine),
		cmocka_unit_test(test_pattern),
		cmocka_unit_test(test_seeds),
		cmocka_unit_test(test_table),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
