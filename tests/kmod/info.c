// SPDX-License-Identifier: GPL-2.0
/* Check 1: GET_INFO and the device node. */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "checks.h"
#include "device.h"

static const char *const iommu_names[] = {
	[DMABENCH_IOMMU_NONE] = "none", [DMABENCH_IOMMU_STRICT] = "strict",
	[DMABENCH_IOMMU_LAZY] = "lazy", [DMABENCH_IOMMU_IDENTITY] = "identity",
	[DMABENCH_IOMMU_OTHER] = "other",
};

static bool terminated(const char *s, size_t n)
{
	return memchr(s, '\0', n) != NULL;
}

static void describe(const struct dmabench_info *info)
{
	tap_diag("device %u %s/%s driver %s, iommu %s, flags %#x, release %s",
		 info->device, info->bus, info->dev_name, info->driver,
		 info->iommu <= DMABENCH_IOMMU_OTHER ? iommu_names[info->iommu] : "?",
		 info->flags, info->release);
	tap_diag("dma_mask %#" PRIx64 " coherent %#" PRIx64 " max_mapping %s opt_mapping %s",
		 (uint64_t)info->dma_mask, (uint64_t)info->coherent_dma_mask,
		 kt_size(info->max_mapping_size), kt_size(info->opt_mapping_size));
	tap_diag("max_contig %s byte_cap %s", kt_size(info->max_contig_size),
		 kt_size(info->byte_cap));
}

/* The design says: a misc device, mode 0600. */
static void check_node(void)
{
	struct stat st;

	if (stat(DMABENCH_DEVICE_PATH, &st)) {
		tap_ok(false, tap_fmt("stat failed: %s", tap_errname(errno)),
		       "%s is a character device, mode 0600", DMABENCH_DEVICE_PATH);
		return;
	}
	tap_ok(S_ISCHR(st.st_mode) && (st.st_mode & 07777) == 0600,
	       tap_fmt("mode %#o", st.st_mode),
	       "%s is a character device, mode 0600", DMABENCH_DEVICE_PATH);
}

static void check_strings(const struct dmabench_info *info)
{
	struct utsname uts;
	bool ok;

	ok = terminated(info->release, sizeof(info->release)) &&
	     terminated(info->dev_name, sizeof(info->dev_name)) &&
	     terminated(info->bus, sizeof(info->bus)) &&
	     terminated(info->driver, sizeof(info->driver));
	tap_ok(ok, NULL, "GET_INFO: release, dev_name, bus, driver are NUL-terminated");
	if (!ok)
		return;
	uname(&uts);
	tap_ok(!strcmp(info->release, uts.release),
	       tap_fmt("got '%s', uname says '%s'", info->release, uts.release),
	       "GET_INFO: release is the running kernel's");
	tap_ok(info->dev_name[0] && info->bus[0], NULL,
	       "GET_INFO: dev_name and bus are set");
}

static bool all_zero(const void *p, size_t n)
{
	const unsigned char *b = p;

	for (size_t i = 0; i < n; i++)
		if (b[i])
			return false;
	return true;
}

/* 6.12 and later have dev->dma_skip_sync (and dma_dev_need_sync()). */
static bool kernel_has_skip_sync(const char *release)
{
	unsigned int major = 0, minor = 0;

	return sscanf(release, "%u.%u", &major, &minor) == 2 &&
	       (major > 6 || (major == 6 && minor >= 12));
}

/*
 * GET_INFO's own dma_map_page() probe must not change what later runs
 * measure: on 6.12 a bounce would clear dma_skip_sync for good.  The flags
 * are read before the probe, so two reads in a row agree when it did not.
 */
static void check_skip_sync(int fd, const struct dmabench_info *info)
{
	const uint32_t flags = DMABENCH_INFO_HAS_SKIP_SYNC | DMABENCH_INFO_SKIP_SYNC |
			       DMABENCH_INFO_DEV_NEED_SYNC;
	struct dmabench_info again;
	bool has = info->flags & DMABENCH_INFO_HAS_SKIP_SYNC;

	tap_ok(has == kernel_has_skip_sync(info->release), tap_fmt("flags %#x", info->flags),
	       "GET_INFO: dma_skip_sync reported exactly where the kernel (%s) has it",
	       info->release);
	if (!has)
		return;
	/* DMA-API debug kernels sync whatever dma_skip_sync says. */
	tap_ok((info->flags & DMABENCH_INFO_SKIP_SYNC) ||
	       (info->flags & DMABENCH_INFO_DEV_NEED_SYNC), tap_fmt("flags %#x", info->flags),
	       "GET_INFO: dma_dev_need_sync() wherever dma_skip_sync is clear");
	if (tap_errno(kt_info(fd, &again), 0, "GET_INFO again"))
		tap_u64(again.flags & flags, info->flags & flags,
			"GET_INFO: dma_skip_sync unchanged by GET_INFO's own probe");
}

static unsigned int mask_bits(uint64_t mask)
{
	return mask ? 64 - (unsigned int)__builtin_clzll(mask) : 0;
}

/* GET_INFO's flag @info_bit and FACTS' @fact_bit say the same. */
static void same_flag(const struct dmabench_info *info, uint32_t info_bit,
		      const struct dmabench_facts *f, uint32_t fact_bit, const char *what)
{
	tap_ok(!(info->flags & info_bit) == !(f->flags & fact_bit),
	       tap_fmt("GET_INFO flags %#x, FACTS flags %#x", info->flags, f->flags),
	       "FACTS: %s as GET_INFO says", what);
}

/*
 * FACTS writes every byte (the caller's garbage must not come back) and
 * agrees with GET_INFO on what both report.
 */
static void check_facts(int fd, const struct dmabench_info *info)
{
	struct dmabench_facts f;

	memset(&f, 0xa5, sizeof(f));
	if (!tap_errno(ioctl(fd, DMABENCH_IOC_FACTS, &f) ? errno : 0, 0, "FACTS"))
		return;
	tap_diag("FACTS flags %#x iommu %u dma_bits %u required %#" PRIx64 " max_iomem %#" PRIx64
		 " swiotlb %s max bounce %s", f.flags, f.iommu, f.dma_bits,
		 (uint64_t)f.required_mask, (uint64_t)f.max_iomem, kt_size(f.swiotlb_bytes),
		 kt_size(f.swiotlb_max_mapping_size));
	tap_ok(all_zero(f.reserved, sizeof(f.reserved)), NULL, "FACTS: reserved is zero");
	tap_u64(f.device, info->device, "FACTS: device is the file's");
	tap_u64(f.dma_mask, info->dma_mask, "FACTS: dma_mask as GET_INFO");
	tap_u64(f.dma_bits, mask_bits(info->dma_mask), "FACTS: dma_bits is the mask's width");
	tap_u64(f.max_mapping_size, info->max_mapping_size, "FACTS: max_mapping_size as GET_INFO");
	tap_ok(f.iommu == info->iommu ||
	       (f.iommu == DMABENCH_IOMMU_BLOCKED && info->iommu == DMABENCH_IOMMU_OTHER),
	       tap_fmt("FACTS %u, GET_INFO %u", f.iommu, info->iommu),
	       "FACTS: IOMMU domain as GET_INFO");
	same_flag(info, DMABENCH_INFO_DEV_COHERENT, &f, DMABENCH_FACT_DEV_COHERENT,
		  "dev_is_dma_coherent()");
	same_flag(info, DMABENCH_INFO_NEED_SYNC, &f, DMABENCH_FACT_NEED_SYNC_PAGES,
		  "dma_need_sync() of the page kinds");
	same_flag(info, DMABENCH_INFO_SWIOTLB_ACTIVE, &f, DMABENCH_FACT_SWIOTLB_ACTIVE,
		  "swiotlb active");
	same_flag(info, DMABENCH_INFO_SWIOTLB_FORCE, &f, DMABENCH_FACT_SWIOTLB_FORCE,
		  "swiotlb forced");
	same_flag(info, DMABENCH_INFO_HAS_SKIP_SYNC, &f, DMABENCH_FACT_HAS_DEV_NEED_SYNC,
		  "dma_dev_need_sync() known");
	tap_ok(!(f.flags & DMABENCH_FACT_SWIOTLB_ACTIVE) ==
	       !(f.swiotlb_bytes && f.swiotlb_max_mapping_size), NULL,
	       "FACTS: swiotlb sizes exactly when swiotlb is active");
	tap_ok(!(f.flags & DMABENCH_FACT_ADDRESSING_LIMITED) ==
	       !(f.dma_mask < f.required_mask || (f.bus_dma_limit && f.bus_dma_limit < f.required_mask)) ||
	       info->iommu != DMABENCH_IOMMU_NONE,
	       tap_fmt("mask %#" PRIx64 " required %#" PRIx64, (uint64_t)f.dma_mask,
		       (uint64_t)f.required_mask),
	       "FACTS: dma_addressing_limited() where the mask is below the required mask");
}

bool check_info(int fd, struct dmabench_info *info)
{
	int err;

	check_node();
	err = kt_info(fd, info);
	if (!tap_errno(err, 0, "GET_INFO"))
		return false;
	if (!tap_u64(info->abi_version, DMABENCH_ABI_VERSION, "GET_INFO: abi_version"))
		return false;
	describe(info);
	tap_u64(info->page_size, (uint64_t)sysconf(_SC_PAGESIZE),
		"GET_INFO: page_size equals sysconf(_SC_PAGESIZE)");
	tap_u64(info->kinds & KT_ALL_KINDS, KT_ALL_KINDS,
		"GET_INFO: kinds has every kind");
	if (kt_cfg.device >= 0)
		tap_u64(info->device, (uint64_t)kt_cfg.device,
			"GET_INFO: device is the one SET_DEVICE chose");
	tap_u64(info->bytes_held, 0, "GET_INFO: a new file holds 0 bytes");
	tap_ok(info->live_files >= 1, NULL, "GET_INFO: live_files counts this file");
	tap_ok(info->max_contig_size >= info->page_size, NULL,
	       "GET_INFO: max_contig_size is at least a page");
	tap_ok(all_zero(info->reserved, sizeof(info->reserved)), NULL,
	       "GET_INFO: reserved is zero");
	check_strings(info);
	check_skip_sync(fd, info);
	/* make bench-gate's plant_ops: never on in a load the tests measure. */
	tap_ok(!(info->flags & DMABENCH_INFO_PLANTED), tap_fmt("flags %#x", info->flags),
	       "GET_INFO: no planted slowdown (plant_ops) in this load");
	check_facts(fd, info);
	return true;
}
