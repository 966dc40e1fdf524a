// SPDX-License-Identifier: GPL-2.0
/* arm64's access kernels: LDNP/STNP; see access_isa.h. */
#include "suites/access_isa.h"

#include <string.h>

/* ---- arm64: LDNP/STNP, 64 bytes per iteration (len is a multiple of 64) ---- */

/*
 * STNP hints that the line will not be reused, so it need not be allocated
 * in the cache: arm64's counterpart of MOVNTDQ.  Unlike x86 there is no
 * fence to order them; the DMB ensures they are visible before we return,
 * as the SFENCE does on x86.
 */
static uint64_t nt_store_a64(void *buf, void *other, size_t len, uint64_t seed)
{
	char *p = buf;

	(void)other;
	for (size_t i = 0; i < len; i += 64)
		__asm__ volatile("stnp %1, %1, [%0]\n\t"
				 "stnp %1, %1, [%0, #16]\n\t"
				 "stnp %1, %1, [%0, #32]\n\t"
				 "stnp %1, %1, [%0, #48]"
				 : : "r"(p + i), "r"(seed) : "memory");
	__asm__ volatile("dmb ishst" : : : "memory");
	return seed;
}

/*
 * LDNP: the non-temporal load, the closest arm64 has to MOVNTDQA.  On
 * Normal-NC (write-combined) mappings it is what a GPU driver's readback
 * path would use; the sum keeps the loads alive.
 */
static uint64_t stream_load_a64(void *buf, void *other, size_t len, uint64_t seed)
{
	const char *p = buf;
	uint64_t s0 = seed, s1 = 0;

	(void)other;
	for (size_t i = 0; i < len; i += 64) {
		uint64_t a, b, c, d, e, f, g, h;

		__asm__ volatile("ldnp %0, %1, [%8]\n\t"
				 "ldnp %2, %3, [%8, #16]\n\t"
				 "ldnp %4, %5, [%8, #32]\n\t"
				 "ldnp %6, %7, [%8, #48]"
				 : "=&r"(a), "=&r"(b), "=&r"(c), "=&r"(d),
				   "=&r"(e), "=&r"(f), "=&r"(g), "=&r"(h)
				 : "r"(p + i) : "memory");
		s0 += a + c + e + g;
		s1 += b + d + f + h;
	}
	return s0 + s1;
}

/*
 * A copy with STNP stores: LDP loads (unaligned sources are fine on Normal
 * memory), STNP stores to 64-byte-aligned destination lines, the head and
 * the tail through memcpy.  A candidate for the reference copy
 * (copy_ref.h): beyond the caches it may beat memcpy, as MOVNTDQ does on x86.
 */
static void copy_stnp_a64(void *dst, const void *src, size_t len)
{
	size_t head = (64 - ((uintptr_t)dst & 63)) & 63, lines;
	const char *s = (const char *)src + head;
	char *d = (char *)dst + head;

	if (len < head + 64) {
		memcpy(dst, src, len);
		return;
	}
	memcpy(dst, src, head);
	lines = (len - head) / 64;
	for (size_t i = 0; i < lines; i++) {
		uint64_t a, b, c, e, f, g, h, k;

		__asm__ volatile("ldp %0, %1, [%8]\n\t"
				 "ldp %2, %3, [%8, #16]\n\t"
				 "ldp %4, %5, [%8, #32]\n\t"
				 "ldp %6, %7, [%8, #48]\n\t"
				 "stnp %0, %1, [%9]\n\t"
				 "stnp %2, %3, [%9, #16]\n\t"
				 "stnp %4, %5, [%9, #32]\n\t"
				 "stnp %6, %7, [%9, #48]"
				 : "=&r"(a), "=&r"(b), "=&r"(c), "=&r"(e),
				   "=&r"(f), "=&r"(g), "=&r"(h), "=&r"(k)
				 : "r"(s + i * 64), "r"(d + i * 64) : "memory");
	}
	__asm__ volatile("dmb ishst" : : : "memory");
	memcpy(d + lines * 64, s + lines * 64, len - head - lines * 64);
}

static int always(void)
{
	return 1;
}

const struct copy_kernel access_arch_copies[] = {
	{ "stnp", copy_stnp_a64, always },
};
const size_t access_arch_ncopies = sizeof(access_arch_copies) / sizeof(access_arch_copies[0]);

const access_fn access_arch_kernels[ACCESS_COUNT][ISA_COUNT] = {
	[ACCESS_NT_STORE] = { [ISA_A64NT] = nt_store_a64 },
	[ACCESS_STREAM_LOAD] = { [ISA_A64NT] = stream_load_a64 },
};

/* LDNP/STNP are base A64: every arm64 CPU has them. */
int access_arch_supported(enum access_isa isa)
{
	return isa == ISA_A64NT;
}
