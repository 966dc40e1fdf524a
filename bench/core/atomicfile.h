/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Write a file so that readers see either the old content or the whole new
 * content, never a truncated mix: write DIR/.NAME.tmp.PID, fsync it, rename
 * it over DIR/NAME, fsync DIR.  An interrupted run leaves the old file (and
 * at worst a hidden temp file, never a half-written NAME).
 */
#ifndef DMABENCH_ATOMICFILE_H
#define DMABENCH_ATOMICFILE_H

#include <stddef.h>
#include <stdio.h>

/* Writes the content to @f; returns 0 or a negative errno. */
typedef int (*atomicfile_writer)(FILE *f, void *arg);

/*
 * Replace @path with what @writer produces.  Returns 0 or a negative errno;
 * on failure the temp file is removed and @path is untouched.
 */
int atomicfile_write(const char *path, atomicfile_writer writer, void *arg);

/* The same for a buffer already in memory. */
int atomicfile_write_bytes(const char *path, const void *data, size_t len);

/* The temp file name for @path ("dir/.name.tmp.PID"); snprintf-like. */
size_t atomicfile_temp_name(const char *path, long pid, char *buf, size_t len);

/* mkdir -p @dir (mode 0777 before the umask); 0 or -errno. */
int mkdir_p(const char *dir);

#endif /* DMABENCH_ATOMICFILE_H */
