// SPDX-License-Identifier: GPL-2.0
/*
 * Architectures without kernels of their own: the portable C ones alone;
 * see access_isa.h.
 */
#include "suites/access_isa.h"

const access_fn access_arch_kernels[ACCESS_COUNT][ISA_COUNT];

int access_arch_supported(enum access_isa isa)
{
	(void)isa;
	return 0;
}
