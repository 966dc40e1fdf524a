// SPDX-License-Identifier: GPL-2.0
/* Differences outside the noise; see noise.h. */
#include "report/noise.h"

#include <math.h>
#include <stdio.h>

#include "report/fmt.h"

static double rel_or_zero(struct rd_spread s)
{
	return isfinite(s.rel) && s.rel > 0 ? s.rel : 0;
}

void noise_compare(double a, struct rd_spread sa, double b, struct rd_spread sb,
		   struct noise_cmp *out)
{
	double ra = rel_or_zero(sa), rb = rel_or_zero(sb);
	double rel = sqrt(ra * ra + rb * rb);

	out->spread = rd_spread_pair(sa, sb, rel);
	out->threshold = fmax(NOISE_SPREADS * rel, NOISE_MIN_DIFF);
	out->sign = 0;
	out->diff = NAN;
	if (!(a > 0) || !(b > 0) || !isfinite(a) || !isfinite(b))
		return;
	out->diff = a >= b ? a / b - 1 : -(b / a - 1);
	if (fabs(out->diff) > out->threshold)
		out->sign = out->diff > 0 ? 1 : -1;
}

void noise_compare_items(const struct rd_item *a, const struct rd_item *b,
			 struct noise_cmp *out)
{
	struct rd_spread none = { .rel = NAN };

	noise_compare(a ? a->stats.p50 : NAN, a ? rd_spread_of(a) : none,
		      b ? b->stats.p50 : NAN, b ? rd_spread_of(b) : none, out);
}

const char *noise_source_words(const struct noise_cmp *c, char *buf, size_t len)
{
	char pct[32];

	fmt_num(100 * c->spread.rel, pct, sizeof(pct));
	switch (c->spread.source) {
	case RD_SPREAD_REPS:
		snprintf(buf, len, "%s %% spread across %u repetitions", pct, c->spread.reps);
		break;
	case RD_SPREAD_WITHIN:
		snprintf(buf, len, "%s %% within-run spread, no repetitions", pct);
		break;
	default:
		snprintf(buf, len, "noise not recorded");
		break;
	}
	return buf;
}

/* @c's threshold and noise between @before and @after: the two sentences below. */
static const char *threshold_words(const struct noise_cmp *c, const char *before,
				   const char *between, const char *after, char *buf, size_t len)
{
	char pct[32], src[96];

	snprintf(buf, len, "%s%s %%%s%s%s", before, fmt_num(100 * c->threshold, pct, sizeof(pct)),
		 between, noise_source_words(c, src, sizeof(src)), after);
	return buf;
}

const char *noise_no_difference(const struct noise_cmp *c, char *buf, size_t len)
{
	return threshold_words(c, "no measurable difference at this noise (", ": ", ")", buf, len);
}

const char *noise_outside(const struct noise_cmp *c, char *buf, size_t len)
{
	return threshold_words(c, " [outside the noise: > ", ", ", "]", buf, len);
}
