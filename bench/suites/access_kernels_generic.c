// SPDX-License-Identifier: GPL-2.0
/*
 * Architectures without kernels of their own: the portable C ones alone;
 * see access_isa.h.
 */
#include "suites/access_isa.h"

const access_fn access_arch_kernels[ACCESS_COUNT][ISA_COUNT];

/* No copy of its own: glibc memcpy is the only candidate here. */
const struct copy_kernel access_arch_copies[1];
const size_t access_arch_ncopies;

int access_arch_supported(enum access_isa isa)
{
	(void)isa;
	return 0;
}
