/* SPDX-License-Identifier: GPL-2.0 */
/*
 * `dmabench run --repeat N`: N repetitions, each a complete run in
 * OUT/rep-1 .. OUT/rep-N, combined into OUT/results.json.
 *
 * The combined file is an ordinary results.json (same schema, readable by
 * every reader) whose items each carry "reps": the op's figure across the
 * repetitions (the median of the per-repetition medians, quartiles, IQR,
 * min..max, robust spread and every repetition's median), which is what
 * compare's regression gate tests.  Within-run fields ("stats", "gbps",
 * "counters") are those of the median repetition of that op
 * ("reps.stats_from"), so a reader that knows nothing of repetitions still
 * sees a typical run's figures, not a mix.  Top level "repetitions" says
 * how many were asked, combined and which were not (interrupted, failed).
 */
#ifndef DMABENCH_RESULTS_REPEAT_H
#define DMABENCH_RESULTS_REPEAT_H

#include <jansson.h>
#include <stddef.h>

/* "rep-3": the folder of repetition @i (1-based) inside OUT. */
void repeat_folder(unsigned int i, char *buf, size_t len);

/*
 * The combined document from @n repetition documents (borrowed), @names[i]
 * the folder of @docs[i].  Only complete repetitions are combined; the
 * others are listed in repetitions.not_combined.  @asked: repetitions the
 * user asked for; @why: NULL when every one ran, else why not (the
 * combined run is then "complete": false).  NULL with a sentence in @err
 * when no repetition is complete or memory ran out.
 */
json_t *repeat_combine(json_t *const *docs, const char *const *names, size_t n,
		       unsigned int asked, const char *why, char *err, size_t len);

/*
 * Read OUT/rep-1 .. OUT/rep-@done (those with a results.json), combine them
 * and write OUT/results.json atomically.  0, or -1 with a sentence in @err.
 */
int repeat_combine_dir(const char *out, unsigned int done, unsigned int asked,
		       const char *why, char *err, size_t len);

#endif /* DMABENCH_RESULTS_REPEAT_H */
