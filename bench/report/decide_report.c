// SPDX-License-Identifier: GPL-2.0
/* The driver's view in the reports; see decide_report.h. */
#include "report/decide_report.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/decide.h"
#include "core/names.h"
#include "report/fmt.h"
#include "report/verdict_dmabuf.h"
#include "results/decide_input.h"

/* Is @row a share of this module's memory in one of @kinds' kinds? */
static bool chosen_share(const struct dmabuf_row *row, uint32_t kinds)
{
	unsigned int k;

	if (!row->kind || !row->source || strcmp(row->source, "dmabench") || !row->outcome)
		return false;
	return name_parse(&kind_names, row->kind, &k) && (kinds & (1U << k));
}

/* "edu" or "edu, platform": the importers of the chosen shares, once each. */
static void add_name(char *buf, size_t len, const char *name)
{
	size_t used = strlen(buf);

	if (!name || strstr(buf, name))
		return;
	snprintf(buf + used, len - used, "%s%s", used ? ", " : "", name);
}

/*
 * What exporting the choice's memory showed, in one sentence.  The
 * question a driver has (the seed thread's "memory associated with a
 * struct device may not be exportable"): does the importer see the CPU's
 * data only through DMA_BUF_IOCTL_SYNC (its mapping bounces), or not at
 * all (refused)?  Stale without the syncs in some of a few tries is a
 * finding; none stale is only what those tries saw, and it says so.
 */
static void sharing_line(const struct rd_run *run, const struct decision *d, char *buf,
			 size_t len)
{
	struct dmabuf_rows *r = malloc(sizeof(*r));
	unsigned int n = 0, ok = 0, refused = 0, tried = 0, stale = 0;
	char kinds[96] = "", importers[64] = "";
	const char *refusal = NULL;

	if (!r) {
		snprintf(buf, len, "not known (out of memory)");
		return;
	}
	dmabuf_rows_of(run, r);
	for (size_t i = 0; i < r->n; i++) {
		const struct dmabuf_row *x = &r->row[i];

		if (!chosen_share(x, d->kinds))
			continue;
		n++;
		add_name(kinds, sizeof(kinds), x->kind);
		add_name(importers, sizeof(importers), x->importer);
		ok += !strcmp(x->outcome, "data ok");
		if (!strncmp(x->outcome, "refused", 7)) {
			refused++;
			refusal = refusal ? refusal : x->outcome;
		}
		tried += x->stale_without_sync >= 0;
		stale += x->stale_without_sync == 1;
	}
	if (!n) {
		snprintf(buf, len, "not measured (%s)", r->skipped && r->skip_why ? r->skip_why :
			 "the run has no dmabuf round trip of this choice's kinds");
	} else {
		size_t u = fmt_append(buf, len, 0, "%s exported to %s: %u of %u shares data ok "
				      "with DMA_BUF_IOCTL_SYNC around the CPU's access", kinds,
				      importers, ok, n);

		if (tried && stale)
			u = fmt_append(buf, len, u, "; %u of %u stale without it, so an importer "
				       "(or the CPU) that skips those syncs reads stale data here",
				       stale, tried);
		else if (tried)
			u = fmt_append(buf, len, u, "; none of %u stale without it (what these "
				       "tries saw, not a promise)", tried);
		if (refused)
			u = fmt_append(buf, len, u, "; %u refused (%s)", refused, refusal);
		if (n - ok - refused)
			fmt_append(buf, len, u, "; %u stale or failed even with the syncs",
				   n - ok - refused);
	}
	free(r);
}

void decide_report_of(const struct rd_run *run, struct decide_report *r)
{
	struct dmabench_facts f;
	struct decide_evidence e;
	struct decision d;
	char why[256];

	memset(r, 0, sizeof(*r));
	r->title[0] = "Verdict";
	if (!decide_run(run, &f, &e, &d, why, sizeof(why))) {
		snprintf(r->line[0], sizeof(r->line[0]), "Not known for this run: %s.", why);
		return;
	}
	r->known = true;
	decide_sentence(&f, &e, &d, r->line[0], sizeof(r->line[0]));
	r->title[1] = "TTM's choice";
	decide_choice_text(&d, r->line[1], sizeof(r->line[1]));
	if (d.refuse_load)
		return;
	r->title[2] = "The facts say";
	snprintf(r->line[2], sizeof(r->line[2]), "%s: %s",
		 d.predicted_stale ? "stale without syncs" : "no sync needed", d.predicted_why);
	r->title[3] = "The device's DMA showed";
	snprintf(r->line[3], sizeof(r->line[3]), "%s%s",
		 d.observed_stale < 0 ? "nothing for this choice (not measured)" : d.observed_what,
		 d.disagrees ? " (the facts predicted otherwise)" : "");
	r->title[4] = "Shared with a second device (dma-buf)";
	sharing_line(run, &d, r->line[4], sizeof(r->line[4]));
}

void decide_report_cell(const struct rd_run *run, char *buf, size_t len)
{
	struct dmabench_facts f;
	struct decide_evidence e;
	struct decision d;
	char why[256], choice[160], safety[64];

	if (!decide_run(run, &f, &e, &d, why, sizeof(why))) {
		snprintf(buf, len, "not recorded");
		return;
	}
	decide_choice_text(&d, choice, sizeof(choice));
	decide_safety_text(&d, safety, sizeof(safety));
	if (d.refuse_load)
		snprintf(buf, len, "%s", safety);
	else
		snprintf(buf, len, "%s: %s", choice, safety);
}
