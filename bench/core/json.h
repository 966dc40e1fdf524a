/* SPDX-License-Identifier: GPL-2.0 */
/*
 * All JSON the harness writes goes through here: the same formatting
 * (2-space indent, keys in insertion order, trailing newline) everywhere,
 * and the conversions jansson lacks (it has no unsigned 64-bit integer).
 */
#ifndef DMABENCH_JSON_H
#define DMABENCH_JSON_H

#include <stdint.h>
#include <stdio.h>

#include <jansson.h>

/* An integer, or null when @v does not fit jansson's signed json_int_t. */
json_t *json_u64_or_null(uint64_t v);

/* "0xffffffffffffffff": masks read best in hex and never lose bits. */
json_t *json_hex64(uint64_t v);

/* Print @root to @f as the harness formats JSON; 0 or a negative errno. */
int json_print(FILE *f, const json_t *root);

/*
 * A command's JSON answer: print @doc (reference stolen) to @f and flush.
 * NULL @doc (a failed json_pack or set) is -ENOMEM.  0 or -errno.
 */
int json_print_answer(FILE *f, json_t *doc);

/* Replace @path with @root atomically (see atomicfile.h). */
int json_save(const char *path, const json_t *root);

#endif /* DMABENCH_JSON_H */
