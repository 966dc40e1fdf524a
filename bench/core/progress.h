/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Progress of a run on stderr: a one-line bar rewritten in place on a
 * terminal, plain lines otherwise (logs, the lab's serial console).
 */
#ifndef DMABENCH_PROGRESS_H
#define DMABENCH_PROGRESS_H

#include <stdio.h>

#include <stddef.h>

/* Start a run of @ntests tests, writing to @f (stderr in the binary). */
void progress_begin(FILE *f, unsigned int ntests);

/* Test @index (0-based) named @name starts. */
void progress_test(unsigned int index, const char *name);

/* An item @what was recorded (p50 and sample count): every family reports. */
void progress_item(const char *what, double p50_ns, size_t n);

/* A line that must not be lost under the bar (errors, skips). */
__attribute__((format(printf, 1, 2)))
void progress_say(const char *fmt, ...);

void progress_end(void);

#endif /* DMABENCH_PROGRESS_H */
