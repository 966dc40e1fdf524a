// SPDX-License-Identifier: GPL-2.0
/* Rows in words; see row_words.h. */
#include "results/row_words.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "core/names.h"
#include "core/units.h"

/* The operation as a driver writer says it: test and op together. */
static const struct {
	const char *test, *op, *words;
} phrases[] = {
	{ "empty", "empty", "empty op (kernel timing floor)" },
	{ "empty", "clock_gettime", "clock_gettime pair (user timing floor)" },
	{ "alloc_free", "alloc", "alloc" },
	{ "alloc_free", "free", "free" },
	{ "map_single", "map", "map single" },
	{ "map_single", "unmap", "unmap single" },
	{ "map_single", "map+unmap", "map+unmap single" },
	{ "map_page", "map", "map page" },
	{ "map_page", "unmap", "unmap page" },
	{ "map_page", "map+unmap", "map+unmap page" },
	{ "map_sg", "map", "map sg" },
	{ "map_sg", "unmap", "unmap sg" },
	{ "map_sg", "map+unmap", "map+unmap sg" },
	{ "sync", "sync_for_device", "sync for device" },
	{ "sync", "sync_for_cpu", "sync for CPU" },
	{ "caching", "set_wc", "caching to WC" },
	{ "caching", "set_uc", "caching to UC" },
	{ "caching", "set_wb", "caching back to WB" },
	{ "caching", "set_wc+set_wb", "caching to WC and back" },
	{ "caching", "set_uc+set_wb", "caching to UC and back" },
	/* CACHING_RANGE: qualifiers() says ", one contiguous range" */
	{ "caching", "set_memory_wc", "caching to WC" },
	{ "caching", "set_memory_uc", "caching to UC" },
	{ "caching", "set_memory_wb", "caching back to WB" },
	{ "caching", "set_memory_wc+set_memory_wb", "caching to WC and back" },
	{ "caching", "set_memory_uc+set_memory_wb", "caching to UC and back" },
	{ "kernel_access", "kread", "kernel read" },
	{ "kernel_access", "kwrite", "kernel write" },
	{ "kernel_access", "kcopy", "kernel copy" },
	{ "sg_iter", "sg_iter_page", "sg walk by page" },
	{ "sg_iter", "sg_iter_dma", "sg walk by DMA address" },
	{ "fault", "fault_read", "fault-in on read" },
	{ "fault", "fault_write", "fault-in on write" },
	{ "fault", "mmap", "mmap" },
	{ "map_scaling", "map_thread", "map per thread" },
	{ "map_scaling", "unmap_thread", "unmap per thread" },
	{ "map_scaling", "map", "map, threads pooled" },
	{ "map_scaling", "unmap", "unmap, threads pooled" },
	{ "transfer", "total", "round trip total" },
	{ "device_transfer", "total", "device transfer total" },
	{ "device_transfer", "device_dma", "device transfer: the device's DMA" },
	{ "device_transfer", "host_side", "device transfer: host side" },
	{ "dmabuf", "export", "dma-buf export" },
	{ "dmabuf", "import_attach", "dma-buf import: attach" },
	{ "dmabuf", "import_map", "dma-buf import: map" },
	{ "dmabuf", "dmabuf_attach", "dma-buf attach" },
	{ "dmabuf", "dmabuf_detach", "dma-buf detach" },
	{ "dmabuf", "dmabuf_attach+dmabuf_detach", "dma-buf attach+detach" },
	{ "dmabuf", "dmabuf_map", "dma-buf map" },
	{ "dmabuf", "dmabuf_unmap", "dma-buf unmap" },
	{ "dmabuf", "dmabuf_map+dmabuf_unmap", "dma-buf map+unmap" },
	{ "dmabuf", "sync_start", "dma-buf CPU access start (DMA_BUF_IOCTL_SYNC)" },
	{ "dmabuf", "sync_end", "dma-buf CPU access end (DMA_BUF_IOCTL_SYNC)" },
	{ "attrs", "alloc", "alloc" },
	{ "attrs", "free", "free" },
	{ "attrs", "alloc+free", "alloc+free" },
	{ "attrs", "map_single", "map single" },
	{ "attrs", "unmap_single", "unmap single" },
	{ "attrs", "map_single+unmap_single", "map+unmap single" },
	{ "attrs", "map_sg", "map sg" },
	{ "attrs", "unmap_sg", "unmap sg" },
	{ "attrs", "map_sg+unmap_sg", "map+unmap sg" },
	{ "attrs", "kread", "kernel read" },
	{ "attrs", "kwrite", "kernel write" },
};

/* The user-mapping ops, shared by user_access, baseline and transfer. */
static const struct {
	const char *op, *words;
} user_ops[] = {
	{ "read", "read" }, { "write", "write" }, { "copy_in", "copy in" },
	{ "copy_out", "copy out" }, { "nt_store", "non-temporal store" },
	{ "stream_load", "streaming load" }, { "random64", "random 64 B reads" },
	{ "fill", "fill" }, { "cpu_write", "CPU write" }, { "cpu_read", "CPU read" },
	{ "map", "map" }, { "unmap", "unmap" },
	{ "sync_for_device", "sync for device" }, { "sync_for_cpu", "sync for CPU" },
};

/* Families whose ops read as "<prefix> <op words>". */
static const struct {
	const char *test, *prefix;
} prefixes[] = {
	{ "user_access", "user" }, { "baseline", "user" },
	{ "transfer", "round trip:" }, { "device_transfer", "device transfer:" },
};

static const char *user_op(const char *op)
{
	for (size_t i = 0; i < sizeof(user_ops) / sizeof(user_ops[0]); i++)
		if (!strcmp(op, user_ops[i].op))
			return user_ops[i].words;
	return NULL;
}

/* Appends to @buf without overrunning it. */
__attribute__((format(printf, 3, 4)))
static void add(char *buf, size_t len, const char *fmt, ...)
{
	size_t used = strnlen(buf, len);
	va_list ap;

	if (used + 1 >= len)
		return;
	va_start(ap, fmt);
	vsnprintf(buf + used, len - used, fmt, ap);
	va_end(ap);
}

/* "move to WB: zap": move's ops are STEP_to_TARGET or refault_TARGET. */
static bool move_words(const char *op, char *buf, size_t len)
{
	static const char *const steps[][2] = {
		{ "zap_to_", "zap the user mapping" },
		{ "switch_to_", "caching switch" },
		{ "refault_", "refault" },
	};

	for (size_t i = 0; i < sizeof(steps) / sizeof(steps[0]); i++) {
		size_t n = strlen(steps[i][0]);
		char target[16];

		if (strncmp(op, steps[i][0], n))
			continue;
		snprintf(target, sizeof(target), "%s", op + n);
		for (char *c = target; *c; c++)
			*c = (char)(*c >= 'a' && *c <= 'z' ? *c - 'a' + 'A' : *c);
		add(buf, len, "move to %s: %s", target, steps[i][1]);
		return true;
	}
	return false;
}

/* Unknown ops: "test op" with the underscores as spaces, never lost. */
static void fallback(const char *test, const char *op, char *buf, size_t len)
{
	size_t start = strnlen(buf, len);

	if (strcmp(test, op))
		add(buf, len, "%s %s", test, op);
	else
		add(buf, len, "%s", op);
	for (char *c = buf + start; *c; c++)
		if (*c == '_')
			*c = ' ';
}

static void op_words(const struct rd_item *it, char *buf, size_t len)
{
	const char *test = it->test ? it->test : "?", *op = it->op ? it->op : "?";

	for (size_t i = 0; i < sizeof(phrases) / sizeof(phrases[0]); i++)
		if (!strcmp(test, phrases[i].test) && !strcmp(op, phrases[i].op)) {
			add(buf, len, "%s", phrases[i].words);
			return;
		}
	for (size_t i = 0; i < sizeof(prefixes) / sizeof(prefixes[0]); i++)
		if (!strcmp(test, prefixes[i].test) && user_op(op)) {
			add(buf, len, "%s %s", prefixes[i].prefix, user_op(op));
			return;
		}
	if (!strcmp(test, "move") && move_words(op, buf, len))
		return;
	fallback(test, op, buf, len);
}

static const char *dir_words(const char *dir)
{
	if (!strcmp(dir, "to"))
		return "to device";
	if (!strcmp(dir, "from"))
		return "from device";
	if (!strcmp(dir, "bidi"))
		return "both directions";
	return dir;
}

static bool per_thread(const struct rd_item *it)
{
	size_t n = it->op ? strlen(it->op) : 0;

	return it->test && !strcmp(it->test, "map_scaling") && n > 7 &&
	       !strcmp(it->op + n - 7, "_thread");
}

/* The fields after the operation, kind and size: ", 16 entries, to device". */
static void qualifiers(const struct rd_item *it, char *buf, size_t len)
{
	bool caching = it->test && !strcmp(it->test, "caching");

	/* A share: who exports to whom ("platform -> edu"; other code's memory: "on edu"). */
	if (it->source && it->exporter && it->importer)
		add(buf, len, ", %s -> %s", it->exporter, it->importer);
	else if (it->source && it->importer)
		add(buf, len, ", on %s", it->importer);
	else if (it->source && it->exporter)
		add(buf, len, ", exported by %s", it->exporter);
	/* CACHING_RANGE's set_memory_* on one run against set_pages_array_* on its pages */
	if (caching && it->op && !strncmp(it->op, "set_memory_", 11))
		add(buf, len, ", one contiguous range");
	/* CACHING's @entries: pages per call, not sg entries */
	if (it->entries && caching)
		add(buf, len, ", %u %s a call", it->entries, it->entries == 1 ? "page" : "pages");
	else if (it->entries)
		add(buf, len, ", %u %s", it->entries, it->entries == 1 ? "entry" : "entries");
	if (it->dir)
		add(buf, len, ", %s", dir_words(it->dir));
	if (it->cache)
		add(buf, len, ", %s cache", it->cache);
	/* map_scaling's per-thread rows: the same key once per thread, in order */
	if (it->threads > 1 && per_thread(it))
		add(buf, len, ", thread %u of %u", it->occurrence + 1, it->threads);
	else if (it->threads > 1)
		add(buf, len, ", %u threads", it->threads);
	/*
	 * The DMA attributes an op ran with; the attrs test's plain rows say
	 * they had none, so they never read like alloc_free's or map_sg's own.
	 */
	if (it->attrs) {
		char a[160];

		add(buf, len, ", %s", attrs_join(&attr_words_names, it->attrs, ", ", a, sizeof(a)));
	} else if (it->test && !strcmp(it->test, "attrs")) {
		add(buf, len, ", no attribute");
	}
	if (it->batch != 1)
		add(buf, len, ", batched");
	if (it->occurrence && !(it->threads > 1 && per_thread(it)))
		add(buf, len, " (#%u)", it->occurrence + 1);
}

char *rd_row_words(const struct rd_item *it, char *buf, size_t len)
{
	char size[32];

	if (!len)
		return buf;
	buf[0] = '\0';
	op_words(it, buf, len);
	if (it->kind)
		add(buf, len, " %s", it->kind);
	/* memory made by other code: its maker stands for the kind */
	if (it->source && strcmp(it->source, "dmabench"))
		add(buf, len, " %s", !strcmp(it->source, "heap") ? "system-heap" : it->source);
	if (it->size)
		add(buf, len, " %s", units_size(it->size, size, sizeof(size)));
	qualifiers(it, buf, len);
	return buf;
}

const char *rd_row_memory(const struct rd_item *it)
{
	static const char *const memories[] = { UMEM_ANON_4K, UMEM_ANON_THP, UMEM_MEMFD };

	if (strcmp(it->test, "userptr") || !it->note)
		return NULL;
	for (size_t m = 0; m < sizeof(memories) / sizeof(memories[0]); m++) {
		size_t n = strlen(memories[m]);

		if (!strncmp(it->note, memories[m], n) && (!it->note[n] || it->note[n] == ';'))
			return memories[m];
	}
	return NULL;
}
