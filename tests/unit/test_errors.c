// SPDX-License-Identifier: GPL-2.0
/* errors.c: the sentence for each errno and context. */
#include "unit.h"

#include <errno.h>
#include <stdio.h>

#include "dmabench.h"
#include "core/errors.h"

static char out[1024];

static const char *sentence(const struct call_error *e)
{
	size_t need = error_sentence(e, out, sizeof(out));

	assert_true(need < sizeof(out));
	assert_int_equal(need, strlen(out));
	/* One sentence: the caller adds the period, we add no newline. */
	assert_null(strchr(out, '\n'));
	return out;
}

static void test_open_enoent(void **state)
{
	struct call_error e = { .call = CALL_OPEN, .err = ENOENT };

	(void)state;
	assert_string_equal(sentence(&e),
		"module not loaded: run `insmod kmod/dmabench.ko` (or `make run`, which uses the lab when this kernel cannot load modules)");
	e.path = "/dev/other";
	assert_string_equal(sentence(&e),
		"module not loaded: /dev/other does not exist; run `insmod kmod/dmabench.ko` (or `make run`, which uses the lab when this kernel cannot load modules)");
}

static void test_open_permission(void **state)
{
	struct call_error e = { .call = CALL_OPEN, .err = EACCES };
	const char *want = "permission denied: /dev/dmabench is root-only (mode 0600); run as root";

	(void)state;
	assert_string_equal(sentence(&e), want);
	e.err = EPERM;
	assert_string_equal(sentence(&e), want);
}

static void test_abi_mismatch(void **state)
{
	struct call_error e = { .call = CALL_ABI, .err = EPROTO,
				.module_abi = DMABENCH_ABI_VERSION + 6 };
	char want[160];

	(void)state;
	snprintf(want, sizeof(want),
		 "ABI mismatch: module speaks version %u, dmabench expects %u; rebuild both with make",
		 DMABENCH_ABI_VERSION + 6, DMABENCH_ABI_VERSION);
	assert_string_equal(sentence(&e), want);
}

static void test_get_info_not_dmabench(void **state)
{
	struct call_error e = { .call = CALL_GET_INFO, .err = ENOTTY,
				.path = "/dev/null" };

	(void)state;
	assert_contains(sentence(&e),
			"/dev/null does not answer dmabench's GET_INFO");
}

static void test_alloc_enomem_names_cap(void **state)
{
	struct call_error e = {
		.call = CALL_ALLOC, .err = ENOMEM,
		.kind = DMABENCH_KIND_STREAMING, .size = 1ULL << 30,
		.byte_cap = 536870912, .bytes_held = 4096,
		.max_contig = 4 << 20,
	};

	(void)state;
	assert_string_equal(sentence(&e),
		"out of memory in the module: a streaming buffer of 1073741824 bytes did not fit (the module's byte cap on all files is 536870912 bytes, this file held 4096)");
}

/* Above MAX_ORDER a contiguous kind fails for another reason: say so. */
static void test_alloc_enomem_contiguous(void **state)
{
	struct call_error e = {
		.call = CALL_ALLOC, .err = ENOMEM,
		.kind = DMABENCH_KIND_COHERENT, .size = 8 << 20,
		.byte_cap = 1 << 30, .max_contig = 4 << 20,
	};

	(void)state;
	assert_contains(sentence(&e), "out of memory in the module: a coherent buffer of 8388608 bytes");
	assert_contains(out, "(the module's byte cap on all files is 1073741824 bytes");
	assert_contains(out, "coherent buffers are physically contiguous and stop at 4194304 bytes without CMA");
	e.size = 2 << 20;	/* below the limit: not the reason */
	assert_null(strstr(sentence(&e), "contiguous"));
}

static void test_bench_enomem(void **state)
{
	struct call_error e = { .call = CALL_BENCH, .err = ENOMEM,
				.kind = DMABENCH_KIND_WC, .size = 65536,
				.byte_cap = 1 << 20, .bytes_held = 1 << 20 };

	(void)state;
	assert_contains(sentence(&e), "out of memory in the module: a wc buffer");
	assert_contains(out, "(the module's byte cap on all files is 1048576 bytes, this file held 1048576)");
}

static void test_set_device(void **state)
{
	struct call_error e = { .call = CALL_SET_DEVICE, .err = ENODEV,
				.device = DMABENCH_DEV_EDU };

	(void)state;
	assert_contains(sentence(&e), "no edu device: start QEMU with -device edu");
	e.device = DMABENCH_DEV_PCI;
	assert_contains(sentence(&e), "no pci device: load the module with pci=");
	e.err = EBUSY;
	assert_string_equal(sentence(&e),
		"cannot switch to the pci device while this file holds buffers: free them first");
	e.err = EINVAL;
	e.device = 7;
	assert_contains(sentence(&e), "the module does not know device 7");
}

static void test_buffer_calls(void **state)
{
	struct call_error e = { .call = CALL_MAP, .err = EBUSY };

	(void)state;
	assert_contains(sentence(&e), "already DMA-mapped");
	e.call = CALL_MOVE;
	assert_contains(sentence(&e), "unmap it before moving it");
	e.call = CALL_FREE;
	e.err = ENOENT;
	assert_string_equal(sentence(&e),
		"FREE: unknown buffer handle (never allocated, or already freed)");
	e.call = CALL_BENCH;
	e.err = ENOTTY;
	assert_contains(sentence(&e), "does not know the BENCH ioctl");
	e.call = CALL_MOVE;
	e.err = EOPNOTSUPP;
	assert_contains(sentence(&e), "MOVE is not supported on this machine");
}

/* USERPTR's errnos: each says what to change. */
static void test_userptr(void **state)
{
	struct call_error e = { .call = CALL_USERPTR, .err = EINVAL };

	(void)state;
	assert_contains(sentence(&e), "page aligned");
	e.err = EOVERFLOW;
	assert_contains(sentence(&e), "wraps around");
	e.err = EFAULT;
	assert_contains(sentence(&e), "not mapped, or it is read-only");
	e.err = EOPNOTSUPP;
	assert_contains(sentence(&e), "FOLL_LONGTERM");
	e.err = ERANGE;
	assert_contains(sentence(&e), "neither an IOMMU nor swiotlb");
	e.err = ENOMEM;
	e.size = 8192;
	e.byte_cap = 4096;
	assert_contains(sentence(&e), "cannot pin 8192 bytes");
	e.call = CALL_MAP;
	e.err = ERANGE;
	assert_contains(sentence(&e), "cannot reach this user memory");
	e.err = EINTR;
	e.call = CALL_USERPTR;
	assert_contains(sentence(&e), "USERPTR was interrupted");
	/* A second live mapping of the same user pages, not to_device. */
	e.err = EBUSY;
	assert_contains(sentence(&e), "USERPTR would not DMA-map this memory (EBUSY)");
	assert_contains(sentence(&e), "break cache maintenance");
	e.call = CALL_MAP;
	assert_contains(sentence(&e), "already DMA-mapped");
	assert_contains(sentence(&e), "with skip_cpu_sync");
	e.call = CALL_BENCH;
	e.kind = DMABENCH_KIND_USERPTR;
	e.op = DMABENCH_OP_MAP_SG;
	assert_contains(sentence(&e), "BENCH map_sg of user memory could not map it (EBUSY)");
}

/* Anything without a special sentence still names the call and errno. */
static void test_generic_fallback(void **state)
{
	struct call_error e = { .call = CALL_SYNC, .err = EIO };

	(void)state;
	assert_string_equal(sentence(&e),
		"SYNC on /dev/dmabench failed: Input/output error (errno 5)");
	e.call = CALL_OPEN;
	e.err = EMFILE;
	assert_contains(sentence(&e), "open on /dev/dmabench failed: ");
	assert_contains(out, "(errno 24)");
}

static void test_truncation(void **state)
{
	struct call_error e = { .call = CALL_OPEN, .err = ENOENT };
	char small[10];
	size_t full = error_sentence(&e, NULL, 0);

	(void)state;
	assert_true(full > sizeof(small));
	assert_int_equal(error_sentence(&e, small, sizeof(small)), full);
	assert_string_equal(small, "module no");
}

/* DMA attributes: an older module, an attribute where dmabench.h does not allow it. */
static void test_attrs(void **state)
{
	struct call_error e = { .call = CALL_ALLOC, .err = EINVAL, .kind = DMABENCH_KIND_WC,
				.attrs = DMABENCH_ATTR_WRITE_COMBINE, .attrs_known = true };

	(void)state;
	assert_string_equal(sentence(&e), "ALLOC was rejected (EINVAL): the wc kind takes no DMA "
			    "attributes (coherent takes write_combine, no_kernel_mapping, "
			    "force_contiguous and alloc_single_pages; noncontig alloc_single_pages)");
	e.kind = DMABENCH_KIND_NONCONTIG;
	assert_contains(sentence(&e), "the noncontig kind takes DMA_ATTR_ALLOC_SINGLE_PAGES only");
	e.attrs = DMABENCH_ATTR_ALLOC_SINGLE_PAGES;	/* allowed: the size was the reason */
	assert_contains(sentence(&e), "the size must be a non-zero multiple of the page size");
	e.kind = DMABENCH_KIND_COHERENT;
	e.attrs = DMABENCH_ATTR_SKIP_CPU_SYNC;
	assert_string_equal(sentence(&e), "ALLOC was rejected (EINVAL): DMA_ATTR_SKIP_CPU_SYNC is "
			    "for MAP, not ALLOC");
	e.attrs = 1U << 9;
	assert_string_equal(sentence(&e), "ALLOC was rejected (EINVAL): 0x200 holds bits that are "
			    "no DMA attribute dmabench knows");
	/* a module from before the attributes refuses every flag */
	e.attrs = DMABENCH_ATTR_WRITE_COMBINE;
	e.attrs_known = false;
	assert_string_equal(sentence(&e), "ALLOC was rejected (EINVAL): the module does not know DMA "
			    "attributes (GET_INFO lacks DMABENCH_INFO_ATTRS: it predates them); "
			    "rebuild and reload it with make");
	/* no attributes asked for: the sentence it always was */
	e = (struct call_error){ .call = CALL_ALLOC, .err = EINVAL, .attrs_known = true };
	assert_contains(sentence(&e), "the size must be a non-zero multiple");
}

static void test_attrs_bench_map_mmap(void **state)
{
	struct call_error e = { .call = CALL_BENCH, .err = EINVAL, .kind = DMABENCH_KIND_COHERENT,
				.op = DMABENCH_OP_KREAD, .attrs = DMABENCH_ATTR_NO_KERNEL_MAPPING,
				.attrs_known = true };

	(void)state;
	assert_string_equal(sentence(&e), "BENCH kread was rejected (EINVAL): NO_KERNEL_MAPPING "
			    "buffers have no kernel or user mapping, so only alloc_free times them");
	e.attrs = DMABENCH_ATTR_WRITE_COMBINE;
	e.op = DMABENCH_OP_SYNC_FOR_CPU;
	assert_contains(sentence(&e), "BENCH sync_for_cpu was rejected (EINVAL): this op takes no "
			"DMA attributes");
	e.kind = DMABENCH_KIND_STREAMING;
	e.op = DMABENCH_OP_ALLOC_FREE;
	assert_string_equal(sentence(&e), "BENCH alloc_free was rejected (EINVAL): the streaming "
			    "kind takes no DMA attributes (coherent and noncontig do)");
	e.op = DMABENCH_OP_MAP_SG;
	assert_string_equal(sentence(&e), "BENCH map_sg was rejected (EINVAL): a map takes "
			    "DMA_ATTR_SKIP_CPU_SYNC only");
	e.op = DMABENCH_OP_KWRITE;
	e.attrs = DMABENCH_ATTR_SKIP_CPU_SYNC;
	assert_contains(sentence(&e), "DMA_ATTR_SKIP_CPU_SYNC is for map_single, map_page and "
			"map_sg only");

	e = (struct call_error){ .call = CALL_MAP, .err = EINVAL, .attrs_known = true,
				 .attrs = DMABENCH_ATTR_FORCE_CONTIGUOUS };
	assert_string_equal(sentence(&e), "MAP was rejected (EINVAL): MAP takes "
			    "DMA_ATTR_SKIP_CPU_SYNC only");
	e.attrs = DMABENCH_ATTR_SKIP_CPU_SYNC;	/* allowed: the kind was the reason */
	assert_contains(sentence(&e), "only streaming, wc, uc and userptr buffers are mapped");

	e = (struct call_error){ .call = CALL_MMAP, .err = EINVAL, .attrs_known = true,
				 .attrs = DMABENCH_ATTR_NO_KERNEL_MAPPING };
	assert_contains(sentence(&e), "mmap was refused (EINVAL): NO_KERNEL_MAPPING buffers have "
			"no kernel or user mapping");
}

/* BUF_INFO on a module from before it: ENOTTY says so, not "another ABI header". */
static void test_buf_info(void **state)
{
	struct call_error e = { .call = CALL_BUF_INFO, .err = ENOTTY };

	(void)state;
	assert_string_equal(sentence(&e), "the module has no BUF_INFO ioctl: it predates DMA "
			    "attributes (GET_INFO lacks DMABENCH_INFO_ATTRS); rebuild and reload it "
			    "with make");
	e.err = EINVAL;
	assert_contains(sentence(&e), "BUF_INFO was rejected (EINVAL)");
	e.err = ENOENT;
	assert_string_equal(sentence(&e), "BUF_INFO: unknown buffer handle (never allocated, or "
			    "already freed)");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_open_enoent),
		cmocka_unit_test(test_open_permission),
		cmocka_unit_test(test_abi_mismatch),
		cmocka_unit_test(test_get_info_not_dmabench),
		cmocka_unit_test(test_alloc_enomem_names_cap),
		cmocka_unit_test(test_alloc_enomem_contiguous),
		cmocka_unit_test(test_bench_enomem),
		cmocka_unit_test(test_set_device),
		cmocka_unit_test(test_userptr),
		cmocka_unit_test(test_buffer_calls),
		cmocka_unit_test(test_generic_fallback),
		cmocka_unit_test(test_truncation),
		cmocka_unit_test(test_attrs),
		cmocka_unit_test(test_attrs_bench_map_mmap),
		cmocka_unit_test(test_buf_info),
	};

	return cmocka_run_group_tests_name("errors", tests, NULL, NULL);
}
