/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The compare page's tables of cells and how HTML and Markdown write them
 * (compare_page.c says what is in them).  A cell is plain text, an
 * optional link and an optional HTML class; the writers escape.
 *
 * Kept to the compare page until the report's one document model (one
 * document, two emitters) can carry it; then these become its blocks.
 */
#ifndef DMABENCH_COMPARE_EMIT_H
#define DMABENCH_COMPARE_EMIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#define CP_TEXT	320
#define CP_HREF	512
#define CP_MAX_COLS	20

struct cp_cell {
	char text[CP_TEXT];
	char href[CP_HREF];	/* "" for no link */
	const char *cls;	/* "slower", "faster" or NULL */
};

struct cp_table {
	size_t ncols, nrows, cap;
	char align[CP_MAX_COLS + 1];	/* per column 'l' or 'r' (numbers) */
	struct cp_cell *cells;		/* row 0 is the header */
	bool oom;
};

/* An empty table of @ncols (<= CP_MAX_COLS) columns aligned as @align ("lrr"; NULL: left). */
void cp_table_init(struct cp_table *t, size_t ncols, const char *align);
void cp_table_free(struct cp_table *t);

/* A new row of ncols empty cells (the first one is the header), or NULL when out of memory. */
struct cp_cell *cp_row(struct cp_table *t);

__attribute__((format(printf, 2, 3)))
void cp_set(struct cp_cell *c, const char *fmt, ...);

/* HTML: <table> with @id (NULL for none); text escaped; right-aligned numbers. */
void cp_html_table(FILE *f, const struct cp_table *t, const char *id);
void cp_html_text(FILE *f, const char *s);

/* Markdown: a pipe table ('|' escaped, alignment in the rule row). */
void cp_md_table(FILE *f, const struct cp_table *t);

#endif /* DMABENCH_COMPARE_EMIT_H */
