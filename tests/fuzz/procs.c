// SPDX-License-Identifier: GPL-2.0
/*
 * Rounds of worker processes and threads on one shared file.
 *
 * Each round opens a fresh shared file and forks --procs workers, each in
 * its own process group, each running --threads threads on that file.
 * Some workers are killed with SIGKILL at a random point, together with
 * their own children (forked with live mappings).  The driver is the
 * children's subreaper, so after a round every process that held the file
 * or a mapping of it has been waited for; the module's live counters must
 * then be back to nothing but the file that reads them.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "fuzz.h"

#define MAX_PROCS 64
#define MAX_THREADS 64

static __thread struct fz_thread *current;

/* This worker process's forked children (fuzz.h): events counts forks and reaps. */
static _Atomic uint64_t kid_events;
static _Atomic int kids_live;

uint64_t fz_kids_window(void)
{
	uint64_t events = atomic_load(&kid_events);

	return events << 1 | (atomic_load(&kids_live) > 0);
}

/* A child lived at either end of the window, or one was forked or reaped within it. */
bool fz_kids_maybe(uint64_t before)
{
	uint64_t now = fz_kids_window();

	return (before & 1) || (now & 1) || before >> 1 != now >> 1;
}

static uint64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

/* A crash of the fuzzer itself: say where, count it, leave. */
static void on_fatal(int sig)
{
	struct fz_thread *t = current;
	char msg[256];
	int n;

	atomic_fetch_add(&fz_stats->failures, 1);
	n = snprintf(msg, sizeof(msg),
		     "FAIL: seed %" PRIu64 ": signal %d in round %u worker %u thread %u op %"
		     PRIu64 " (%s)\n", fz_cfg.seed, sig, t ? t->round : 0, t ? t->worker : 0,
		     t ? t->tid : 0, t ? t->op : 0, t && t->what ? t->what : "-");
	if (n > 0 && write(STDERR_FILENO, msg, (size_t)n) < 0)
		n = 0;
	_exit(100 + sig);
}

static void catch_fatal_signals(void)
{
	static const int sigs[] = { SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT };
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_fatal;
	for (size_t i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		sigaction(sigs[i], &sa, NULL);
}

/* --- children with live mappings ------------------------------------------- */

/* The forked child: read the inherited mappings, use the inherited file, exit. */
static void kid_main(struct fz_thread *t)
{
	struct dmabench_alloc a = { .kind = DMABENCH_KIND_STREAMING,
				    .size = fz_info.page_size, .node = -1 };
	struct dmabench_info info;
	struct dmabench_handle h;
	int n = 1 + (int)fz_below(&t->rng, 16);

	t->what = "forked child";
	/*
	 * The child's copy of pinned user memory: a FOLL_LONGTERM pin is
	 * COW-safe, so none of this reaches the parent's pinned pages, whose
	 * data the parent's model goes on checking.
	 */
	for (int b = 0; b < t->nbufs; b++)
		if (t->bufs[b].umem)
			memset(t->bufs[b].umem, 0xee, t->bufs[b].size);
	for (int i = 0; i < n; i++) {
		for (int m = 0; m < t->nmaps; m++)
			(void)*(volatile uint64_t *)(t->maps[m].addr +
						     fz_below(&t->rng, t->maps[m].len / 8) * 8);
		if (fz_chance(&t->rng, 2))
			(void)fz_ioctl(t->fd, DMABENCH_IOC_GET_INFO, &info);
		if (fz_chance(&t->rng, 3) && !fz_ioctl(t->fd, DMABENCH_IOC_ALLOC, &a)) {
			h = (struct dmabench_handle){ .handle = a.handle };
			(void)fz_ioctl(t->fd, DMABENCH_IOC_FREE, &h);
		}
		if (fz_chance(&t->rng, 4) && t->nmaps) {
			/* The child's copy only: the parent keeps its own. */
			munmap(t->maps[0].addr, t->maps[0].len);
			t->maps[0] = t->maps[--t->nmaps];
		}
	}
	_exit(0);
}

static void reap_kid(struct fz_thread *t, int i, bool kill_it)
{
	pid_t pid = t->kids[i];
	int status;

	if (kill_it) {
		kill(pid, SIGKILL);
		atomic_fetch_add(&fz_stats->kills, 1);
	}
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (WIFSIGNALED(status) && !(kill_it && WTERMSIG(status) == SIGKILL))
		fz_fail(t, "forked child died of signal %d", WTERMSIG(status));
	else if (WIFEXITED(status) && WEXITSTATUS(status))
		fz_fail(t, "forked child exited %d", WEXITSTATUS(status));
	t->kids[i] = t->kids[--t->nkids];
	atomic_fetch_sub(&kids_live, 1);
	atomic_fetch_add(&kid_events, 1);
}

void fz_reap_kids(struct fz_thread *t, bool kill_them)
{
	while (t->nkids)
		reap_kid(t, t->nkids - 1, kill_them);
}

/* fork with live mappings; the child is waited for or killed later. */
void fz_fork_op(struct fz_thread *t)
{
	pid_t pid;

	t->what = "fork";
	if (t->nkids == FZ_MAX_KIDS)
		reap_kid(t, (int)fz_below(&t->rng, t->nkids), fz_chance(&t->rng, 2));
	/* Counted before the child exists: it may hold dma-bufs from its first instant. */
	atomic_fetch_add(&kids_live, 1);
	atomic_fetch_add(&kid_events, 1);
	pid = fork();
	if (pid < 0) {
		atomic_fetch_sub(&kids_live, 1);
		atomic_fetch_add(&kid_events, 1);
		return;
	}
	if (pid == 0)
		kid_main(t);
	atomic_fetch_add(&fz_stats->forks, 1);
	t->kids[t->nkids++] = pid;
	/* Now and then kill it at once, in the middle of whatever it does. */
	if (fz_chance(&t->rng, 4)) {
		usleep((useconds_t)fz_below(&t->rng, 2000));
		reap_kid(t, t->nkids - 1, true);
	}
}

/* --- threads and workers --------------------------------------------------- */

struct worker_args {
	int fd;
	unsigned int round, worker;
	uint64_t budget;
};

static void thread_setup(struct fz_thread *t)
{
	uint64_t page = fz_info.page_size;

	t->chaos_fd = -1;
	t->guard = mmap(NULL, 3 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (t->guard == MAP_FAILED) {
		perror("mmap");
		_exit(2);
	}
	mprotect(t->guard + page, page, PROT_NONE);
	mprotect(t->guard + 2 * page, page, PROT_READ);
}

static void *thread_main(void *arg)
{
	struct fz_thread *t = arg;

	current = t;
	thread_setup(t);
	for (t->op = 0; t->op < t->budget; t->op++) {
		unsigned int r = (unsigned int)fz_below(&t->rng, 1000);

		if (r < 700)
			fz_model_op(t);
		else if (r < 997)
			fz_wild_op(t);
		else
			fz_fork_op(t);
		atomic_fetch_add_explicit(&fz_stats->ops, 1, memory_order_relaxed);
	}
	t->what = "teardown";
	fz_reap_kids(t, fz_chance(&t->rng, 2));
	fz_model_teardown(t);
	fz_chaos_teardown(t);
	munmap(t->guard, 3 * fz_info.page_size);
	return NULL;
}

static void worker_main(const struct worker_args *w)
{
	static struct fz_thread threads[MAX_THREADS];
	pthread_t ids[MAX_THREADS];

	catch_fatal_signals();
	for (unsigned int i = 0; i < fz_cfg.threads; i++) {
		struct fz_thread *t = &threads[i];

		memset(t, 0, sizeof(*t));
		fz_rng_init(&t->rng, fz_cfg.seed, w->round, w->worker, i);
		t->fd = w->fd;
		t->round = w->round;
		t->worker = w->worker;
		t->tid = i;
		t->budget = w->budget;
		if (pthread_create(&ids[i], NULL, thread_main, t)) {
			fz_fail(NULL, "pthread_create failed");
			_exit(2);
		}
	}
	for (unsigned int i = 0; i < fz_cfg.threads; i++)
		pthread_join(ids[i], NULL);
	_exit(0);
}

/* --- the driver ------------------------------------------------------------- */

struct round_state {
	pid_t pid[MAX_PROCS];
	uint64_t kill_at[MAX_PROCS];	/* ms, 0 = let it finish */
	bool killed[MAX_PROCS], done[MAX_PROCS];
	unsigned int left;
};

static int worker_index(const struct round_state *rs, pid_t pid)
{
	for (unsigned int i = 0; i < fz_cfg.procs; i++)
		if (rs->pid[i] == pid)
			return (int)i;
	return -1;
}

static void check_exit(const struct round_state *rs, int w, pid_t pid, int status)
{
	bool killed = w >= 0 ? rs->killed[w] : true;	/* grandchildren die with their group */

	if (WIFSIGNALED(status)) {
		if (WTERMSIG(status) != SIGKILL)
			fz_fail(NULL, "process %d (worker %d) died of signal %d", pid, w,
				WTERMSIG(status));
		else if (!killed)
			fz_fail(NULL, "worker %d was SIGKILLed by someone else (the OOM killer?)", w);
	} else if (WIFEXITED(status) && WEXITSTATUS(status) && WEXITSTATUS(status) < 100) {
		fz_fail(NULL, "process %d (worker %d) exited %d", pid, w, WEXITSTATUS(status));
	}
}

/* Waits for the workers, killing the chosen ones on time, then for orphans. */
static void wait_round(struct round_state *rs)
{
	int status;
	pid_t pid;

	while (rs->left) {
		uint64_t now = now_ms();

		for (unsigned int i = 0; i < fz_cfg.procs; i++) {
			if (rs->done[i] || rs->killed[i] || !rs->kill_at[i] || now < rs->kill_at[i])
				continue;
			kill(-rs->pid[i], SIGKILL);
			rs->killed[i] = true;
			atomic_fetch_add(&fz_stats->kills, 1);
		}
		pid = waitpid(-1, &status, WNOHANG);
		if (pid <= 0) {
			usleep(1000);
			continue;
		}
		int w = worker_index(rs, pid);

		check_exit(rs, w, pid, status);
		if (w >= 0 && !rs->done[w]) {
			rs->done[w] = true;
			rs->left--;
		}
	}
	while ((pid = waitpid(-1, &status, 0)) > 0 || (pid < 0 && errno == EINTR))
		if (pid > 0)
			check_exit(rs, worker_index(rs, pid), pid, status);
}

static void run_round(unsigned int round, uint64_t budget, struct fz_rng *rng,
		      uint64_t *round_ms)
{
	struct round_state rs;
	uint64_t t0 = now_ms();
	struct worker_args w;
	bool any_kill = false;
	int fd;

	memset(&rs, 0, sizeof(rs));
	fd = open(DMABENCH_DEVICE_PATH, O_RDWR);
	if (fd < 0) {
		fz_fail(NULL, "open %s: %s", DMABENCH_DEVICE_PATH, strerror(errno));
		return;
	}
	fflush(NULL);
	for (unsigned int i = 0; i < fz_cfg.procs; i++) {
		w = (struct worker_args){ .fd = fd, .round = round, .worker = i, .budget = budget };
		rs.pid[i] = fork();
		if (rs.pid[i] == 0) {
			setpgid(0, 0);
			worker_main(&w);
		}
		if (rs.pid[i] < 0) {
			fz_fail(NULL, "fork: %s", strerror(errno));
			rs.done[i] = true;
			continue;
		}
		setpgid(rs.pid[i], rs.pid[i]);
		rs.left++;
		/* A third of the workers die at a random point of the round. */
		if (fz_chance(rng, 3)) {
			rs.kill_at[i] = t0 + 1 + fz_below(rng, *round_ms);
			any_kill = true;
		}
	}
	wait_round(&rs);
	close(fd);
	if (!any_kill)
		*round_ms = now_ms() - t0 + 1;
}

int fz_run(void)
{
	uint64_t per_round = (uint64_t)fz_cfg.threads * fz_cfg.procs * fz_cfg.round_ops;
	uint64_t round_ms = 200, t0 = now_ms(), ops;
	unsigned int round = 0, counter_failures = 0;
	struct fz_rng rng;

	fz_rng_init(&rng, fz_cfg.seed, UINT64_MAX, 0, 0);
	prctl(PR_SET_CHILD_SUBREAPER, 1);
	while ((ops = atomic_load(&fz_stats->ops)) < fz_cfg.ops) {
		uint64_t left = fz_cfg.ops - ops;
		uint64_t budget = left >= per_round ? fz_cfg.round_ops :
			(left + fz_cfg.threads * fz_cfg.procs - 1) / (fz_cfg.threads * fz_cfg.procs);

		run_round(round, budget, &rng, &round_ms);
		if (fz_counters_check(false)) {
			counter_failures++;
			fz_fail(NULL, "after round %u the module's live counters are not zero", round);
			fz_counters_check(true);
		}
		if (fz_cfg.verbose)
			printf("# round %u: %" PRIu64 " ops so far\n", round,
			       atomic_load(&fz_stats->ops));
		round++;
	}
	printf("# %" PRIu64 " ops in %u rounds, %.1f s: %" PRIu64 " expected errors, %" PRIu64
	       " data checks, %" PRIu64 " forks, %" PRIu64 " kills, %" PRIu64
	       " device DMA transfers\n",
	       atomic_load(&fz_stats->ops), round, (double)(now_ms() - t0) / 1000,
	       atomic_load(&fz_stats->errnos), atomic_load(&fz_stats->checks),
	       atomic_load(&fz_stats->forks), atomic_load(&fz_stats->kills),
	       atomic_load(&fz_stats->device_dma));
	printf("%s 1 - %" PRIu64 " ops, no unexpected errno, signal or data corruption\n",
	       atomic_load(&fz_stats->failures) - counter_failures ? "not ok" : "ok",
	       atomic_load(&fz_stats->ops));
	printf("%s 2 - live counters back to zero after each of %u rounds\n",
	       counter_failures ? "not ok" : "ok", round);
	printf("%s 3 - data was checked (%" PRIu64 " checks)\n",
	       atomic_load(&fz_stats->checks) ? "ok" : "not ok", atomic_load(&fz_stats->checks));
	printf("1..3\n");
	return atomic_load(&fz_stats->failures) || !atomic_load(&fz_stats->checks);
}
