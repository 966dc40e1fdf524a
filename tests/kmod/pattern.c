// SPDX-License-Identifier: GPL-2.0
/* User-side pattern writes and checks with a fault guard; see pattern.h. */
#include "pattern.h"

#include <endian.h>
#include <inttypes.h>
#include <setjmp.h>
#include <signal.h>
#include <string.h>

#include "tap.h"

/* Per thread: the concurrency checks touch mappings from several threads. */
static _Thread_local sigjmp_buf guard_env;
static _Thread_local volatile sig_atomic_t guard_armed;
static _Thread_local volatile uint64_t guard_page;

static void guard_handler(int sig)
{
	if (!guard_armed) {
		/* A fault outside a guarded access is a bug in this program. */
		signal(sig, SIG_DFL);
		raise(sig);
		return;
	}
	guard_armed = 0;
	siglongjmp(guard_env, sig);
}

void pat_guard_install(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = guard_handler;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGSEGV, &sa, NULL);
	sigaction(SIGBUS, &sa, NULL);
}

static void pat_reset(struct pat_result *r)
{
	memset(r, 0, sizeof(*r));
	r->first_bad = PAT_NONE;
}

/*
 * The words are accessed through volatile pointers so that each one is a
 * real load or store of the mapping, in order, as a driver's user would do.
 */
void pat_write_range(void *base, uint64_t from, uint64_t len, uint64_t seed,
		     struct pat_result *r)
{
	volatile uint64_t *w = base;
	int sig;

	pat_reset(r);
	sig = sigsetjmp(guard_env, 1);
	if (sig) {
		r->signal = sig;
		r->fault_page = guard_page;
		return;
	}
	guard_armed = 1;
	for (uint64_t off = from; off < from + len; off += 8) {
		if (off == from || !(off & 4095))
			guard_page = off & ~(uint64_t)4095;
		w[off / 8] = htole64(seed ^ off);
	}
	guard_armed = 0;
}

void pat_write(void *p, uint64_t len, uint64_t seed, struct pat_result *r)
{
	pat_write_range(p, 0, len, seed, r);
}

void pat_verify_range(const void *base, uint64_t from, uint64_t len, uint64_t seed,
		      struct pat_result *r)
{
	const volatile uint64_t *w = base;
	int sig;

	pat_reset(r);
	sig = sigsetjmp(guard_env, 1);
	if (sig) {
		r->signal = sig;
		r->fault_page = guard_page;
		return;
	}
	guard_armed = 1;
	for (uint64_t off = from; off < from + len; off += 8) {
		uint64_t got;

		if (off == from || !(off & 4095))
			guard_page = off & ~(uint64_t)4095;
		got = le64toh(w[off / 8]);
		if (got == (seed ^ off))
			continue;
		if (!r->mismatches++) {
			r->first_bad = off;
			r->first_got = got;
		}
	}
	guard_armed = 0;
}

void pat_verify(const void *p, uint64_t len, uint64_t seed, struct pat_result *r)
{
	pat_verify_range(p, 0, len, seed, r);
}

bool pat_ok(const struct pat_result *r)
{
	return !r->signal && !r->mismatches;
}

const char *pat_describe(const struct pat_result *r)
{
	if (r->signal)
		return tap_fmt("%s while accessing the page at offset %#" PRIx64,
			       sigabbrev_np(r->signal), r->fault_page);
	if (r->mismatches)
		return tap_fmt("%" PRIu64 " words differ, first at offset %#" PRIx64
			       " (got %#" PRIx64 ")",
			       r->mismatches, r->first_bad, r->first_got);
	return NULL;
}
