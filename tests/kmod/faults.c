// SPDX-License-Identifier: GPL-2.0
/* Fault counts of the calling thread; see faults.h. */
#include "faults.h"

#include <sys/resource.h>

uint64_t thread_minor_faults(void)
{
	struct rusage ru;

	if (getrusage(RUSAGE_THREAD, &ru))
		return 0;
	return (uint64_t)ru.ru_minflt;
}
