/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Page faults taken by the calling thread (getrusage RUSAGE_THREAD,
 * ru_minflt).  A TTM-style MOVE must zap the user PTEs so the next access
 * re-faults with the new caching; the mappings are VM_PFNMAP, which
 * /proc/self/pagemap does not walk, so counting faults is how a test sees
 * the zap.  Counts, not timings: deterministic for a single thread.
 */
#ifndef KMOD_TEST_FAULTS_H
#define KMOD_TEST_FAULTS_H

#include <stdint.h>

uint64_t thread_minor_faults(void);

#endif /* KMOD_TEST_FAULTS_H */
