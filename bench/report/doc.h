/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A page as a list of blocks, built once and written by two emitters:
 * html.c (report_html_write: one self-contained HTML file) and md.c
 * (report_md_write: the same in Markdown).  A page builder (run_page.c,
 * compare_page.c, anchor_report.c) says *what* the page holds; the
 * emitters alone know HTML and Markdown, so both files always say the
 * same, but for the blocks a builder gives to one file (doc_for()).
 *
 * Every text handed to a block is plain text (the emitters escape it) and
 * is copied: builders may pass stack buffers.  An allocation failure is
 * remembered (doc->oom) rather than returned by every call, so builders
 * need not check each one; the writers fail with -ENOMEM on such a doc.
 *
 * Blocks:
 *   section   a level-2 heading with a stable id (HTML: <section id>, closed
 *             at the next section or the end)
 *   heading   level 3 or 4, id optional; a heading with an id gets a
 *             permalink (HTML: a "#" link beside it; Markdown: <a id>)
 *   para      a paragraph: an optional bold lead, the text, an optional
 *             caveat said right after it (DOC_VERDICT: the boxed style of
 *             the verdict, DOC_NOTE: small print)
 *   table     an optional header row, cells with an optional link and a
 *             per-column alignment ('r' for numbers); an id optional
 *   item      consecutive items form one bullet list (lead, text, link)
 *   chart     a chart by name: inline SVG from chart_dir in HTML, the PNG
 *             under chart_rel in Markdown; an optional note beneath it
 *   details   collapsed content up to doc_details_end() (HTML <details>,
 *             Markdown a heading and the content)
 *   toc       the table of contents: every section and details with an id
 *   links     links on one line after a bold lead ("Files: a · b")
 *
 * A block is for both files unless doc_for() said otherwise when it was
 * added (the compare page's table of every operation: HTML only).
 */
#ifndef DMABENCH_REPORT_DOC_H
#define DMABENCH_REPORT_DOC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

enum doc_kind {
	DOC_SECTION, DOC_HEADING, DOC_PARA, DOC_TABLE, DOC_ITEM, DOC_CHART,
	DOC_DETAILS, DOC_DETAILS_END, DOC_TOC, DOC_LINKS,
};

enum doc_style { DOC_PLAIN, DOC_VERDICT, DOC_NOTE };

/*
 * Which file a block is written to.  compare.html collapses a table of
 * every operation with its interval (hundreds of rows, one cell per run);
 * compare.md, pasted into a thread, lists only the significant ones, the
 * ratio alone, and says where the rest is: the same page, two cuts of one
 * part.
 */
enum doc_for { DOC_FOR_BOTH, DOC_FOR_HTML, DOC_FOR_MD };

/*
 * A cell's class: "slower" or "no" (HTML: red; Markdown: bold) and
 * "faster" (green; italic).  The compare page marks only significant
 * differences, and Markdown, without colours, must still tell a
 * significant slowdown from a significant speed-up.
 */
struct doc_cell {
	const char *text;
	const char *href;	/* NULL: no link; "#id" within the page; a file */
	const char *cls;	/* "slower", "faster", "no", or NULL */
	const char *note;	/* small print under the text (its noise), or NULL */
};

struct doc_table {
	size_t ncols, nrows;
	char **headers;			/* ncols, or NULL: no header row */
	char *align;			/* ncols of 'l' / 'r' */
	bool row_heads;			/* the first column is a header */
	struct doc_cell *cells;		/* nrows x ncols, strings owned */
	size_t cap;			/* rows allocated */
	bool oom;			/* a row or cell was lost */
};

struct doc_block {
	enum doc_kind kind;
	int level;		/* heading 2..4; details: its Markdown level */
	enum doc_style style;
	char *id;		/* section, heading, table, details; may be NULL */
	char *text;		/* heading, para, item, chart title, summary */
	char *lead;		/* para, item: bold lead-in, may be NULL */
	char *note;		/* para: caveat after the text; chart: beneath it */
	char *href;		/* item: link target, may be NULL */
	char *name;		/* chart: charts/NAME.svg|png */
	bool drawn;		/* chart: false: "not measured in this run" */
	bool note_drawn;	/* chart: its file shows the note (and nothing else) */
	enum doc_for only;	/* which file the block is written to */
	struct doc_table *table;	/* table; links: (text, href) rows */
};

struct doc {
	char *title;		/* <title> and <h1> */
	const char *chart_dir;	/* where the SVGs are, for inlining */
	const char *chart_rel;	/* the same relative to the page (Markdown) */
	size_t n, cap;
	struct doc_block *b;
	enum doc_for only;	/* given to the blocks added now (doc_for) */
	bool oom;
};

/* A new, empty page; NULL when out of memory. */
struct doc *doc_new(const char *title);
void doc_free(struct doc *d);

void doc_section(struct doc *d, const char *id, const char *title);
void doc_heading(struct doc *d, int level, const char *id, const char *text);

__attribute__((format(printf, 2, 3)))
void doc_para(struct doc *d, const char *fmt, ...);
void doc_para_full(struct doc *d, enum doc_style style, const char *lead,
		   const char *text, const char *note);

/*
 * A table of @ncols columns; @headers NULL for none, @align NULL for all
 * left ("llrr": numbers right).  Rows follow with doc_row*(); NULL when
 * out of memory (the doc_row* calls accept NULL).
 */
struct doc_table *doc_table(struct doc *d, const char *id, size_t ncols,
			    const char *const *headers, const char *align);
void doc_row(struct doc_table *t, const char *const *cells);
void doc_row_cells(struct doc_table *t, const struct doc_cell *cells);

void doc_item(struct doc *d, const char *lead, const char *text, const char *href);
void doc_chart(struct doc *d, const char *name, const char *title, bool drawn);

/*
 * A sentence beneath the chart just added (its caveat), or nothing for an
 * empty @note.  @in_chart: the chart's file is that sentence (charts.h's
 * chart_draw_note: edu's flat timer is not drawn as data), so the HTML,
 * which inlines the SVG as text, does not say it twice; the Markdown, which
 * links a PNG, an image, still writes it out.
 */
void doc_chart_note(struct doc *d, const char *note, bool in_chart);
void doc_details(struct doc *d, const char *id, int md_level, const char *summary);
void doc_details_end(struct doc *d);
void doc_toc(struct doc *d);
void doc_links(struct doc *d, const char *lead, size_t n, const char *const *text,
	       const char *const *href);

/* The blocks added from now on are written to @only's file(s) (see enum doc_for). */
void doc_for(struct doc *d, enum doc_for only);

/*
 * The block with id @id (a chart's is chart-NAME), or NULL: tests check
 * that every link resolves.
 */
const struct doc_block *doc_find_id(const struct doc *d, const char *id);

/* Was anything lost to an allocation failure?  (The writers check.) */
bool doc_failed(const struct doc *d);

/* atomicfile writers (void *arg is the struct doc). 0 or -errno. */
int report_html_write(FILE *f, void *doc);
int report_md_write(FILE *f, void *doc);

#endif /* DMABENCH_REPORT_DOC_H */
