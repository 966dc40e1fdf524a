/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Turn a failed call on /dev/dmabench (errno plus what we were doing) into
 * one sentence a user can act on.  Pure: no I/O, so every sentence is
 * unit-tested.
 */
#ifndef DMABENCH_ERRORS_H
#define DMABENCH_ERRORS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* What was being done when the error happened. */
enum failed_call {
	CALL_NONE = 0,
	CALL_OPEN,
	CALL_ABI,		/* GET_INFO answered with another ABI version */
	CALL_GET_INFO,
	CALL_SET_DEVICE,
	CALL_ALLOC,
	CALL_FREE,
	CALL_MAP,
	CALL_UNMAP,
	CALL_SYNC,
	CALL_MOVE,
	CALL_PATTERN,
	CALL_BENCH,
	CALL_MMAP,
	CALL_DEVICE_DMA,
	CALL_FACTS,
	CALL_USERPTR,		/* pinning user memory */
	CALL_BUF_INFO,		/* what the DMA layer made of a buffer */
	CALL_EXPORT,		/* a buffer shared as a dma-buf */
	CALL_IMPORT,		/* a dma-buf attached and mapped on the file's device */
	CALL_DMABUF_SYNC,	/* DMA_BUF_IOCTL_SYNC on a dma-buf fd */
	CALL_UDMABUF,		/* UDMABUF_CREATE of a memfd (/dev/udmabuf) */
	CALL_HEAP,		/* DMA_HEAP_IOCTL_ALLOC (/dev/dma_heap/...) */
};

/* Everything a sentence may need; fields a call does not use stay 0. */
struct call_error {
	enum failed_call call;
	int err;		/* positive errno */
	const char *path;	/* device node; NULL = DMABENCH_DEVICE_PATH */
	uint32_t module_abi;	/* CALL_ABI: what the module speaks */
	uint32_t device;	/* CALL_SET_DEVICE: enum dmabench_dev asked for */
	uint32_t kind;		/* CALL_ALLOC/BENCH: enum dmabench_kind */
	uint64_t size;		/* CALL_ALLOC/BENCH/MMAP: bytes asked for */
	uint64_t byte_cap;	/* module-wide cap from GET_INFO, 0 = unknown */
	uint64_t bytes_held;	/* bytes the file held when the call failed */
	uint64_t max_contig;	/* largest contiguous allocation, 0 = unknown */
	uint32_t attrs;		/* CALL_ALLOC/MAP/BENCH/MMAP: DMABENCH_ATTR_* asked for */
	uint32_t op;		/* CALL_BENCH: enum dmabench_op */
	bool attrs_known;	/* GET_INFO said DMABENCH_INFO_ATTRS */
};

/*
 * Write the sentence for @e into @buf (no trailing newline or period
 * beyond the sentence's own).  Returns the length it needed, like snprintf.
 */
/* Print @fmt into @why (a caller's error buffer of @len bytes); returns -1. */
__attribute__((format(printf, 3, 4)))
int fail_why(char *why, size_t len, const char *fmt, ...);

size_t error_sentence(const struct call_error *e, char *buf, size_t len);

/* The name of a call ("SET_DEVICE", "open"), for generic sentences. */
const char *failed_call_name(enum failed_call call);

/* Exit codes: scripts (and `compare`'s regression gate) rely on these. */
enum {
	EXIT_OK = 0,		/* done */
	EXIT_PROBLEM = 1,	/* ran, but found a problem (e.g. a regression) */
	EXIT_USAGE = 2,		/* bad usage, or the environment is not ready */
};

/* "dmabench: <sentence>.\n" on stderr. */
__attribute__((format(printf, 1, 2)))
void complain(const char *fmt, ...);

#endif /* DMABENCH_ERRORS_H */
