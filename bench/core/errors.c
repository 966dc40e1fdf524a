// SPDX-License-Identifier: GPL-2.0
/* errno + context -> one sentence; see errors.h. */
#include "core/errors.h"

#include <errno.h>
#include <stdbool.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "dmabench.h"
#include "core/names.h"

/* Bounded appender: keeps counting past the end so callers learn the need. */
struct sentence {
	char *buf;
	size_t len;
	size_t need;
};

__attribute__((format(printf, 2, 3)))
static void say(struct sentence *s, const char *fmt, ...)
{
	size_t off = s->need < s->len ? s->need : s->len;
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(s->buf ? s->buf + off : NULL, s->len - off, fmt, ap);
	va_end(ap);
	if (n > 0)
		s->need += (size_t)n;
}

static const char *const call_names[] = {
	[CALL_NONE] = "call",
	[CALL_OPEN] = "open",
	[CALL_ABI] = "GET_INFO",
	[CALL_GET_INFO] = "GET_INFO",
	[CALL_SET_DEVICE] = "SET_DEVICE",
	[CALL_ALLOC] = "ALLOC",
	[CALL_FREE] = "FREE",
	[CALL_MAP] = "MAP",
	[CALL_UNMAP] = "UNMAP",
	[CALL_SYNC] = "SYNC",
	[CALL_MOVE] = "MOVE",
	[CALL_PATTERN] = "PATTERN",
	[CALL_BENCH] = "BENCH",
	[CALL_MMAP] = "mmap",
	[CALL_DEVICE_DMA] = "DEVICE_DMA",
	[CALL_FACTS] = "FACTS",
	[CALL_USERPTR] = "USERPTR",
	[CALL_BUF_INFO] = "BUF_INFO",
	[CALL_EXPORT] = "EXPORT",
	[CALL_IMPORT] = "IMPORT",
	[CALL_DMABUF_SYNC] = "DMA_BUF_IOCTL_SYNC",
	[CALL_UDMABUF] = "UDMABUF_CREATE",
	[CALL_HEAP] = "DMA_HEAP_IOCTL_ALLOC",
};

const char *failed_call_name(enum failed_call call)
{
	if ((unsigned int)call < sizeof(call_names) / sizeof(call_names[0]))
		return call_names[call];
	return "call";
}

static const char *node(const struct call_error *e)
{
	return e->path ? e->path : DMABENCH_DEVICE_PATH;
}

static const char *kind_or(const struct call_error *e)
{
	const char *name = name_of(&kind_names, e->kind);

	return name ? name : "unknown-kind";
}

/* The fallback when nothing more specific is known. */
static void generic(struct sentence *s, const struct call_error *e)
{
	say(s, "%s on %s failed: %s (errno %d)", failed_call_name(e->call),
	    node(e), strerror(e->err), e->err);
}

static void open_failed(struct sentence *s, const struct call_error *e)
{
	switch (e->err) {
	case ENOENT:
		say(s, "module not loaded: ");
		if (e->path && strcmp(e->path, DMABENCH_DEVICE_PATH) != 0)
			say(s, "%s does not exist; ", e->path);
		say(s, "run `insmod kmod/dmabench.ko` (or `make run`, which uses the lab when this kernel cannot load modules)");
		break;
	case EACCES:
	case EPERM:
		say(s, "permission denied: %s is root-only (mode 0600); run as root",
		    node(e));
		break;
	case ENXIO:
	case ENODEV:
		say(s, "%s exists but no driver is behind it (the module was unloaded): run `insmod kmod/dmabench.ko` again",
		    node(e));
		break;
	default:
		generic(s, e);
	}
}

static void set_device_failed(struct sentence *s, const struct call_error *e)
{
	const char *dev = name_of(&device_names, e->device);

	switch (e->err) {
	case ENODEV:
		if (e->device == DMABENCH_DEV_EDU)
			say(s, "no edu device: start QEMU with -device edu (every lab preset does)");
		else if (e->device == DMABENCH_DEV_PCI)
			say(s, "no pci device: load the module with pci=DDDD:BB:DD.F naming a device no other driver is bound to");
		else
			say(s, "the module has no %s device: see dmesg for why it was not registered",
			    dev ? dev : "such");
		break;
	case EBUSY:
		say(s, "cannot switch to the %s device while this file holds buffers: free them first",
		    dev ? dev : "requested");
		break;
	case EINVAL:
		say(s, "the module does not know device %u: dmabench and the module disagree, rebuild both with make",
		    e->device);
		break;
	default:
		generic(s, e);
	}
}

/* ENOMEM from ALLOC or BENCH: name the limits that were probably hit. */
static void out_of_memory(struct sentence *s, const struct call_error *e)
{
	bool contiguous = e->kind == DMABENCH_KIND_COHERENT ||
			  e->kind == DMABENCH_KIND_NONCOHERENT ||
			  e->kind == DMABENCH_KIND_NONCONTIG;

	say(s, "out of memory in the module: a %s buffer of %llu bytes did not fit",
	    kind_or(e), (unsigned long long)e->size);
	if (e->byte_cap)
		say(s, " (the module's byte cap on all files is %llu bytes, this file held %llu",
		    (unsigned long long)e->byte_cap,
		    (unsigned long long)e->bytes_held);
	else
		say(s, " (byte cap unknown");
	if (contiguous && e->max_contig && e->size > e->max_contig)
		say(s, "; %s buffers are physically contiguous and stop at %llu bytes without CMA",
		    kind_or(e), (unsigned long long)e->max_contig);
	say(s, ")");
}

/* Errors that mean the same whatever ioctl returned them. */
static bool common_errno(struct sentence *s, const struct call_error *e)
{
	const char *call = failed_call_name(e->call);

	switch (e->err) {
	case ENOTTY:
		say(s, "the module does not know the %s ioctl: it was built from another ABI header; rebuild both with make",
		    call);
		return true;
	case EFAULT:
		say(s, "the module could not access the memory passed to %s (EFAULT): this is a dmabench bug",
		    call);
		return true;
	case EINTR:
		say(s, "%s was interrupted by a signal", call);
		return true;
	case EOPNOTSUPP:
		say(s, "%s is not supported on this machine (EOPNOTSUPP): switching page caching needs x86",
		    call);
		return true;
	case ENOENT:
		say(s, "%s: unknown buffer handle (never allocated, or already freed)",
		    call);
		return true;
	default:
		return false;
	}
}

/* DEVICE_DMA: the errors that are about the device, not the buffer. */
static bool device_dma_failed(struct sentence *s, const struct call_error *e)
{
	switch (e->err) {
	case EOPNOTSUPP:
		say(s, "the file's DMA device has no DMA engine the module can drive: only QEMU's edu has one; use --device edu");
		return true;
	case ENODEV:
		say(s, "the edu device went away (unbound from the module): reload the module");
		return true;
	case ETIMEDOUT:
		say(s, "edu's DMA engine did not finish a transfer in 5 s: the device is stuck; see dmesg");
		return true;
	case EBUSY:
		say(s, "edu's DMA engine is still busy with an earlier transfer that timed out");
		return true;
	case EINVAL:
		say(s, "DEVICE_DMA was rejected (EINVAL): the range must lie within one 4 KiB chunk of the buffer and of edu's buffer, the buffer must be mapped, and its direction must allow the transfer");
		return true;
	default:
		return false;
	}
}

/* EBUSY from a userptr DMA mapping (USERPTR's MAP flag, MAP, BENCH MAP_SG). */
#define OVERLAP_WHY "another live userptr mapping of the module, not to_device, holds some of its pages " \
	"(or the range holds a page twice): two such mappings of one page break cache maintenance on a " \
	"non-coherent device and the DMA API forbids them; map it to_device, with skip_cpu_sync, or after the other's UNMAP or FREE"

/* USERPTR: what pinning the caller's memory can say (see dmabench.h). */
static bool userptr_failed(struct sentence *s, const struct call_error *e)
{
	switch (e->err) {
	case EINVAL:
		say(s, "USERPTR was rejected (EINVAL): the address and the length must be page aligned, the length non-zero, flags, pad and reserved words zero");
		return true;
	case EOVERFLOW:
		say(s, "USERPTR was rejected (EOVERFLOW): address + length wraps around the address space");
		return true;
	case ENOMEM:
		say(s, "cannot pin %llu bytes of user memory: pinned pages count against the module's byte cap on all files (%llu bytes, this file held %llu)",
		    (unsigned long long)e->size, (unsigned long long)e->byte_cap,
		    (unsigned long long)e->bytes_held);
		return true;
	case EFAULT:
		say(s, "the kernel would not pin this user memory (EFAULT): part of the range is not mapped, or it is read-only and the device is to write it (pin it to_device)");
		return true;
	case EOPNOTSUPP:
		say(s, "the kernel does not allow a long-term pin of this memory (EOPNOTSUPP): file-backed memory other than shmem/memfd (or DAX) cannot be pinned FOLL_LONGTERM");
		return true;
	case ERANGE:
		say(s, "the device cannot reach this user memory (ERANGE): its DMA mask is below the pages and there is neither an IOMMU nor swiotlb to bounce them");
		return true;
	case EBUSY:
		say(s, "USERPTR would not DMA-map this memory (EBUSY): " OVERLAP_WHY);
		return true;
	default:
		return false;
	}
}

static bool dmabuf_op(uint32_t op)
{
	return op == DMABENCH_OP_DMABUF_ATTACH || op == DMABENCH_OP_DMABUF_MAP;
}

#define CANNOT_REACH_DMABUF "the importer's device cannot reach the dma-buf's memory (ERANGE): " \
	"its DMA mask is below the pages and neither swiotlb nor an IOMMU bounces or translates them"

/* EXPORT, IMPORT, BENCH's DMABUF_* and the dma-buf calls of other code (dmabench.h). */
static bool dmabuf_failed(struct sentence *s, const struct call_error *e)
{
	if (e->call == CALL_EXPORT) {
		switch (e->err) {
		case EBUSY:
			say(s, "the buffer is already exported: one dma-buf per buffer at a time (close the earlier dma-buf's fd and every import of it first)");
			return true;
		case EINVAL:
			say(s, "EXPORT was rejected (EINVAL): only coherent, streaming, wc, uc, noncoherent and noncontig buffers are exported (never userptr, import or a NO_KERNEL_MAPPING coherent one), flags must be DMABENCH_EXPORT_FLAGS, pad and reserved zero");
			return true;
		case EMFILE:
		case ENFILE:
			say(s, "EXPORT found no free file descriptor (%s): close some, or raise ulimit -n",
			    e->err == EMFILE ? "EMFILE" : "ENFILE");
			return true;
		default:
			return false;
		}
	}
	if (e->call == CALL_IMPORT || (e->call == CALL_BENCH && dmabuf_op(e->op))) {
		const char *call = failed_call_name(e->call);

		switch (e->err) {
		case EBADF:
			say(s, "%s: the dma-buf's file descriptor is not open (EBADF)", call);
			return true;
		case EINVAL:
			say(s, "%s was rejected (EINVAL): the fd is no dma-buf, or the direction, size, flags, pad or reserved words are not as dmabench.h says", call);
			return true;
		case ERANGE:
			say(s, CANNOT_REACH_DMABUF);
			return true;
		case ENOMEM:
			say(s, "importing the dma-buf passes the module's byte cap on all files (%llu bytes, this file held %llu), or the exporter ran out of memory mapping it",
			    (unsigned long long)e->byte_cap, (unsigned long long)e->bytes_held);
			return true;
		default:
			return false;
		}
	}
	switch (e->call) {
	case CALL_DMABUF_SYNC:
		say(s, "DMA_BUF_IOCTL_SYNC failed (%s): %s", strerror(e->err),
		    e->err == EINVAL ? "the flags are not START or END with READ, WRITE or both" :
		    "the exporter's begin/end_cpu_access refused it");
		return true;
	case CALL_UDMABUF:
		say(s, "UDMABUF_CREATE failed (%s): %s", strerror(e->err),
		    e->err == EINVAL ? "udmabuf needs a memfd sealed against shrinking (F_SEAL_SHRINK, not F_SEAL_WRITE) and a page-aligned size" :
		    e->err == ENOENT || e->err == ENODEV ? "the kernel has no /dev/udmabuf (CONFIG_UDMABUF)" :
		    "the kernel would not make a dma-buf of the memfd");
		return true;
	case CALL_HEAP:
		say(s, "DMA_HEAP_IOCTL_ALLOC failed (%s): %s", strerror(e->err),
		    e->err == ENOENT || e->err == ENODEV ? "the kernel has no /dev/dma_heap/system (CONFIG_DMABUF_HEAPS_SYSTEM)" :
		    e->err == ENOMEM ? "the system heap is out of memory" : "the heap refused the allocation");
		return true;
	default:
		return false;
	}
}

static bool map_op(uint32_t op)
{
	return op == DMABENCH_OP_MAP_SINGLE || op == DMABENCH_OP_MAP_PAGE ||
	       op == DMABENCH_OP_MAP_SG;
}

/* BENCH with attributes on a coherent buffer: which op refused them, and why. */
static bool coherent_bench_attrs(struct sentence *s, const struct call_error *e,
				 const char *op)
{
	bool access = e->op == DMABENCH_OP_KREAD || e->op == DMABENCH_OP_KWRITE ||
		      e->op == DMABENCH_OP_KCOPY;

	if ((e->attrs & DMABENCH_ATTR_NO_KERNEL_MAPPING) && e->op != DMABENCH_OP_ALLOC_FREE) {
		say(s, "BENCH %s was rejected (EINVAL): NO_KERNEL_MAPPING buffers have no kernel or user mapping, so only alloc_free times them",
		    op);
		return true;
	}
	if (!access && e->op != DMABENCH_OP_ALLOC_FREE) {
		say(s, "BENCH %s was rejected (EINVAL): this op takes no DMA attributes (coherent takes them with alloc_free, kread, kwrite and kcopy)",
		    op);
		return true;
	}
	return false;
}

/* BENCH with DMABENCH_ATTR_*: the op and kind decide what is allowed (dmabench.h). */
static bool bench_attrs_failed(struct sentence *s, const struct call_error *e)
{
	const char *op = name_of(&op_names, e->op);

	op = op ? op : "op";
	if (map_op(e->op)) {
		if (e->attrs & ~DMABENCH_ATTRS_MAP) {
			say(s, "BENCH %s was rejected (EINVAL): a map takes DMA_ATTR_SKIP_CPU_SYNC only", op);
			return true;
		}
		return false;
	}
	if (e->attrs & DMABENCH_ATTR_SKIP_CPU_SYNC) {
		say(s, "BENCH %s was rejected (EINVAL): DMA_ATTR_SKIP_CPU_SYNC is for map_single, map_page and map_sg only",
		    op);
		return true;
	}
	if (e->kind == DMABENCH_KIND_COHERENT)
		return coherent_bench_attrs(s, e, op);
	if (e->kind == DMABENCH_KIND_NONCONTIG) {
		if (!(e->attrs & ~DMABENCH_ATTR_ALLOC_SINGLE_PAGES))
			return false;
		say(s, "BENCH %s was rejected (EINVAL): the noncontig kind takes DMA_ATTR_ALLOC_SINGLE_PAGES only (the one attribute dma_alloc_noncontiguous() takes)",
		    op);
		return true;
	}
	say(s, "BENCH %s was rejected (EINVAL): the %s kind takes no DMA attributes (coherent and noncontig do)",
	    op, kind_or(e));
	return true;
}

static bool alloc_attrs_failed(struct sentence *s, const struct call_error *e)
{
	if (e->kind == DMABENCH_KIND_COHERENT) {
		if (!(e->attrs & DMABENCH_ATTR_SKIP_CPU_SYNC))
			return false;
		say(s, "ALLOC was rejected (EINVAL): DMA_ATTR_SKIP_CPU_SYNC is for MAP, not ALLOC");
		return true;
	}
	if (e->kind == DMABENCH_KIND_NONCONTIG) {
		if (!(e->attrs & ~DMABENCH_ATTR_ALLOC_SINGLE_PAGES))
			return false;
		say(s, "ALLOC was rejected (EINVAL): the noncontig kind takes DMA_ATTR_ALLOC_SINGLE_PAGES only (the one attribute dma_alloc_noncontiguous() takes)");
		return true;
	}
	say(s, "ALLOC was rejected (EINVAL): the %s kind takes no DMA attributes (coherent takes write_combine, no_kernel_mapping, force_contiguous and alloc_single_pages; noncontig alloc_single_pages)",
	    kind_or(e));
	return true;
}

/*
 * EINVAL from a call that asked for DMA attributes, and BUF_INFO: an older
 * module, an attribute where dmabench.h does not allow it, or a buffer
 * without mappings.  False when the attributes are not the reason.
 */
static bool attrs_failed(struct sentence *s, const struct call_error *e)
{
	const char *call = failed_call_name(e->call);

	if (e->call == CALL_BUF_INFO && e->err == ENOTTY) {
		say(s, "the module has no BUF_INFO ioctl: it predates DMA attributes (GET_INFO lacks DMABENCH_INFO_ATTRS); rebuild and reload it with make");
		return true;
	}
	if (e->call == CALL_BUF_INFO && e->err == EINVAL) {
		say(s, "BUF_INFO was rejected (EINVAL): its pad and reserved words must be zero");
		return true;
	}
	if (e->err != EINVAL || !e->attrs)
		return false;
	if (!e->attrs_known) {
		say(s, "%s was rejected (EINVAL): the module does not know DMA attributes (GET_INFO lacks DMABENCH_INFO_ATTRS: it predates them); rebuild and reload it with make",
		    call);
		return true;
	}
	if (e->attrs & ~(DMABENCH_ATTRS_ALLOC | DMABENCH_ATTRS_MAP)) {
		say(s, "%s was rejected (EINVAL): 0x%x holds bits that are no DMA attribute dmabench knows",
		    call, e->attrs);
		return true;
	}
	switch (e->call) {
	case CALL_MMAP:
		if (!(e->attrs & DMABENCH_ATTR_NO_KERNEL_MAPPING))
			return false;
		say(s, "mmap was refused (EINVAL): NO_KERNEL_MAPPING buffers have no kernel or user mapping (the DMA layer may hand out unzeroed pages, which user space must never see)");
		return true;
	case CALL_MAP:
		if (!(e->attrs & ~DMABENCH_ATTRS_MAP))
			return false;
		say(s, "MAP was rejected (EINVAL): MAP takes DMA_ATTR_SKIP_CPU_SYNC only");
		return true;
	case CALL_ALLOC:
		return alloc_attrs_failed(s, e);
	case CALL_BENCH:
		return bench_attrs_failed(s, e);
	default:
		return false;
	}
}

static void buffer_call_failed(struct sentence *s, const struct call_error *e)
{
	if (attrs_failed(s, e))
		return;
	if (e->call == CALL_USERPTR && userptr_failed(s, e))
		return;
	if (dmabuf_failed(s, e))
		return;
	if ((e->call == CALL_MAP || e->call == CALL_BENCH) && e->err == ERANGE) {
		say(s, "the device cannot reach this user memory (ERANGE): its DMA mask is below the pages and there is neither an IOMMU nor swiotlb to bounce them");
		return;
	}
	if (e->call == CALL_DEVICE_DMA && device_dma_failed(s, e))
		return;
	if (e->err == ENOMEM &&
	    (e->call == CALL_ALLOC || e->call == CALL_BENCH))
		out_of_memory(s, e);
	else if (e->call == CALL_MAP && e->err == EBUSY)
		say(s, "the buffer is already DMA-mapped: unmap it first; or, for a userptr buffer, " OVERLAP_WHY);
	else if (e->call == CALL_BENCH && e->err == EBUSY && e->kind == DMABENCH_KIND_USERPTR)
		say(s, "BENCH %s of user memory could not map it (EBUSY): " OVERLAP_WHY,
		    name_of(&op_names, e->op) ? name_of(&op_names, e->op) : "op");
	else if (e->call == CALL_MAP && e->err == EINVAL)
		say(s, "MAP was rejected (EINVAL): only streaming, wc, uc and userptr buffers are mapped with MAP, and a userptr pinned to_device only to_device");
	else if (e->call == CALL_UNMAP && e->err == EINVAL)
		say(s, "UNMAP was rejected (EINVAL): the buffer is not DMA-mapped");
	else if (e->call == CALL_SYNC && e->err == EINVAL)
		say(s, "SYNC was rejected (EINVAL): the buffer must be mapped, the direction must be the mapping's and offset+len must lie inside the buffer");
	else if (e->call == CALL_MOVE && e->err == EBUSY)
		say(s, "the buffer is DMA-mapped: unmap it before moving it to another caching");
	else if (e->call == CALL_MOVE && e->err == EINVAL)
		say(s, "MOVE was rejected (EINVAL): only wc and uc buffers change caching");
	else if (e->call == CALL_ALLOC && e->err == EINVAL)
		say(s, "ALLOC was rejected (EINVAL): the size must be a non-zero multiple of the page size and the kind known to the module");
	else if (!common_errno(s, e))
		generic(s, e);
}

size_t error_sentence(const struct call_error *e, char *buf, size_t len)
{
	struct sentence s = { .buf = buf, .len = len, .need = 0 };

	if (len)
		buf[0] = '\0';
	switch (e->call) {
	case CALL_OPEN:
		open_failed(&s, e);
		break;
	case CALL_ABI:
		say(&s, "ABI mismatch: module speaks version %u, dmabench expects %u; rebuild both with make",
		    e->module_abi, DMABENCH_ABI_VERSION);
		break;
	case CALL_GET_INFO:
		if (e->err == ENOTTY || e->err == EINVAL)
			say(&s, "%s does not answer dmabench's GET_INFO: it is not a dmabench device, or its module was built from another ABI header; rebuild both with make",
			    node(e));
		else
			generic(&s, e);
		break;
	case CALL_SET_DEVICE:
		set_device_failed(&s, e);
		break;
	default:
		buffer_call_failed(&s, e);
	}
	return s.need;
}

int fail_why(char *why, size_t len, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, len, fmt, ap);
	va_end(ap);
	return -1;
}

void complain(const char *fmt, ...)
{
	va_list ap;

	fputs("dmabench: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputs(".\n", stderr);
}
