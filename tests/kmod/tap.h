/* SPDX-License-Identifier: GPL-2.0 */
/*
 * TAP output (Test Anything Protocol) for kmod_test.  Only the main thread
 * reports; worker threads and child processes collect their results and
 * hand them back.  The plan ("1..N") is printed last by tap_finish().
 */
#ifndef KMOD_TEST_TAP_H
#define KMOD_TEST_TAP_H

#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>

#define TAP_PRINTF(f, a) __attribute__((format(printf, f, a)))

/* One test line; @detail (may be NULL) is printed after '#' when it fails. */
TAP_PRINTF(3, 4) bool tap_ok(bool cond, const char *detail, const char *fmt, ...);
bool tap_vok(bool cond, const char *detail, const char *fmt, va_list ap);

/* Passes iff @got (0 or an errno value) equals @want; details name both. */
TAP_PRINTF(3, 4) bool tap_errno(int got, int want, const char *fmt, ...);

/* Passes iff @got == @want; details show both in decimal and hex. */
TAP_PRINTF(3, 4) bool tap_u64(uint64_t got, uint64_t want, const char *fmt, ...);

/* A check that cannot apply here, with the reason. */
TAP_PRINTF(2, 3) void tap_skip(const char *reason, const char *fmt, ...);

/* A "# ..." comment line, for context in the log. */
TAP_PRINTF(1, 2) void tap_diag(const char *fmt, ...);

/* Formats into a small rotating thread-local buffer, for details. */
TAP_PRINTF(1, 2) const char *tap_fmt(const char *fmt, ...);

/* Name of an errno value ("ENOMEM"), or "0" for success. */
const char *tap_errname(int err);

/* Prints the plan and returns the exit status: 0 iff nothing failed. */
int tap_finish(void);

#endif /* KMOD_TEST_TAP_H */
