// SPDX-License-Identifier: GPL-2.0
/* TAP output for kmod_test; see tap.h. */
#include "tap.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

static unsigned int tap_count;
static unsigned int tap_failed;

/* Enough for several details in one printf without them overwriting each other. */
#define TAP_FMT_SLOTS 8
#define TAP_FMT_LEN 256

const char *tap_fmt(const char *fmt, ...)
{
	static _Thread_local char slots[TAP_FMT_SLOTS][TAP_FMT_LEN];
	static _Thread_local unsigned int next;
	char *buf = slots[next++ % TAP_FMT_SLOTS];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, TAP_FMT_LEN, fmt, ap);
	va_end(ap);
	return buf;
}

const char *tap_errname(int err)
{
	const char *name;

	if (err == 0)
		return "0";
	name = strerrorname_np(err);
	return name ? name : tap_fmt("errno %d", err);
}

bool tap_vok(bool cond, const char *detail, const char *fmt, va_list ap)
{
	char name[256];

	vsnprintf(name, sizeof(name), fmt, ap);
	tap_count++;
	if (cond) {
		printf("ok %u - %s\n", tap_count, name);
	} else {
		tap_failed++;
		printf("not ok %u - %s%s%s\n", tap_count, name,
		       detail ? " # " : "", detail ? detail : "");
	}
	/* The lab reads stdout from a serial line: keep it in step with the kernel log. */
	fflush(stdout);
	return cond;
}

bool tap_ok(bool cond, const char *detail, const char *fmt, ...)
{
	va_list ap;
	bool ret;

	va_start(ap, fmt);
	ret = tap_vok(cond, detail, fmt, ap);
	va_end(ap);
	return ret;
}

bool tap_errno(int got, int want, const char *fmt, ...)
{
	const char *detail;
	va_list ap;
	bool ret;

	detail = tap_fmt("got %s, expected %s", tap_errname(got), tap_errname(want));
	va_start(ap, fmt);
	ret = tap_vok(got == want, detail, fmt, ap);
	va_end(ap);
	return ret;
}

bool tap_u64(uint64_t got, uint64_t want, const char *fmt, ...)
{
	const char *detail;
	va_list ap;
	bool ret;

	detail = tap_fmt("got %" PRIu64 " (%#" PRIx64 "), expected %" PRIu64 " (%#" PRIx64 ")",
			 got, got, want, want);
	va_start(ap, fmt);
	ret = tap_vok(got == want, detail, fmt, ap);
	va_end(ap);
	return ret;
}

void tap_skip(const char *reason, const char *fmt, ...)
{
	char name[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(name, sizeof(name), fmt, ap);
	va_end(ap);
	printf("ok %u - %s # SKIP %s\n", ++tap_count, name, reason);
	fflush(stdout);
}

void tap_diag(const char *fmt, ...)
{
	va_list ap;

	fputs("# ", stdout);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	fflush(stdout);
}

int tap_finish(void)
{
	printf("1..%u\n", tap_count);
	if (tap_failed)
		printf("# %u of %u checks failed\n", tap_failed, tap_count);
	fflush(stdout);
	return tap_failed ? 1 : 0;
}
