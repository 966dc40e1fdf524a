// SPDX-License-Identifier: GPL-2.0
/* The driver's view in the reports; see decide_report.h. */
#include "report/decide_report.h"

#include <stdio.h>
#include <string.h>

#include "core/decide.h"
#include "results/decide_input.h"

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
