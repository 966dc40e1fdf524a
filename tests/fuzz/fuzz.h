/* SPDX-License-Identifier: GPL-2.0 */
/*
 * dmabench_fuzz: a seeded fuzzer for /dev/dmabench (see main.c for usage).
 *
 * Every worker thread owns the buffers it allocates on the shared file and
 * keeps a model of them (mapped or not, the pattern seed their data must
 * follow), so that a wrong answer or corrupted data is told apart from the
 * errors the fuzzing provokes on purpose.  Handles it does not own are only
 * ever used in ways that cannot change them (see wild.c).
 */
#ifndef DMABENCH_FUZZ_H
#define DMABENCH_FUZZ_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/ioctl.h>
#include <sys/types.h>

#include "uapi/dmabench.h"

#define FZ_MAX_BUFS 8
#define FZ_MAX_MAPS 8
#define FZ_MAX_KIDS 2
/* Handles above this are never handed out: safe to send anywhere. */
#define FZ_FOREIGN_HANDLE_MIN 65536U

/* splitmix64 to seed, xorshift64* to draw. */
struct fz_rng {
	uint64_t s;
};

void fz_rng_init(struct fz_rng *r, uint64_t seed, uint64_t a, uint64_t b, uint64_t c);
uint64_t fz_rand(struct fz_rng *r);
uint64_t fz_below(struct fz_rng *r, uint64_t n);
bool fz_chance(struct fz_rng *r, unsigned int one_in);
uint64_t fz_u64_edge(struct fz_rng *r, uint64_t page);
uint32_t fz_u32_edge(struct fz_rng *r);

/* Run-wide settings and counters; counters live in memory shared by processes. */
struct fz_shared {
	_Atomic uint64_t ops;
	_Atomic uint64_t failures;
	_Atomic uint64_t errnos;	/* expected errors seen */
	_Atomic uint64_t checks;	/* pattern words/ranges verified */
	_Atomic uint64_t forks;
	_Atomic uint64_t kills;
	_Atomic uint64_t device_dma;	/* DEVICE_DMA transfers that ran */
};

struct fz_config {
	uint64_t seed;
	uint64_t ops;
	unsigned int threads;
	unsigned int procs;
	unsigned int round_ops;		/* ops per thread per round */
	bool verbose;
};

extern struct fz_config fz_cfg;
extern struct fz_shared *fz_stats;
extern struct dmabench_info fz_info;	/* from the first open */

/* A buffer of the thread's model. */
struct fz_buf {
	uint64_t id;
	uint32_t handle, kind, alloc_dir, map_dir;
	uint64_t size, mmap_offset, seed;
	uint32_t attrs;		/* DMABENCH_ATTR_* of its ALLOC */
	uint32_t map_attrs;	/* DMABENCH_ATTR_* of its MAP, while mapped */
	bool mapped;		/* DMA-mapped (MAP) */
	bool valid;		/* every word is seed ^ offset */
	uint8_t *umem;		/* userptr: the pinned memory's own mapping, or NULL */
	int dmabuf_fd;		/* EXPORT's dma-buf, while this thread has it open; else -1 */
	bool exported;		/* EXPORT worked once: a forked child may hold its dma-buf */
	uint64_t src_id;	/* import kind: the model buffer whose dma-buf it is, or 0 */
};

/* User memory a thread pins (USERPTR, BENCH's userptr ops), in pages. */
#define FZ_UMEM_PAGES 16

/* A user mapping; @buf_id names the model buffer (0: not ours, read only). */
struct fz_map {
	uint8_t *addr;
	uint64_t len;
	uint64_t buf_id;
	uint64_t buf_off;	/* offset of @addr in the buffer */
	bool writable;
	bool dmabuf;		/* a mapping of the buffer's dma-buf fd: holds the dma-buf */
};

struct fz_thread {
	struct fz_rng rng;
	int fd;			/* the file shared by every thread and process */
	int chaos_fd;		/* this thread's own file: anything goes, -1 if closed */
	bool chaos_edu;		/* the chaos file drives edu */
	unsigned int round, worker, tid;
	uint64_t budget;	/* ops this thread does in this round */
	uint64_t op;		/* ops done by this thread in this round */
	const char *what;	/* the op running, for failure messages */
	uint64_t next_id;
	struct fz_buf bufs[FZ_MAX_BUFS];
	int nbufs;
	struct fz_map maps[FZ_MAX_MAPS];
	int nmaps;
	struct fz_map chaos_maps[FZ_MAX_MAPS];
	int nchaos_maps;
	pid_t kids[FZ_MAX_KIDS];
	int nkids;
	uint64_t scratch[32];	/* BENCH samples: [0..16) and [16..32) */
	uint8_t *guard;		/* 3 pages: read-write, PROT_NONE, read-only */
	uint8_t *umem;		/* FZ_UMEM_PAGES of scratch user memory, or NULL */
};

/* errs.c: what each command may answer. */
enum fz_cmd {
	FZ_GET_INFO, FZ_SET_DEVICE, FZ_ALLOC, FZ_FREE, FZ_MAP, FZ_UNMAP,
	FZ_SYNC, FZ_MOVE, FZ_PATTERN, FZ_BENCH, FZ_DEVICE_DMA, FZ_FACTS, FZ_USERPTR,
	FZ_BUF_INFO, FZ_EXPORT, FZ_IMPORT, FZ_UNKNOWN,
	FZ_CMD_COUNT
};

extern const unsigned long fz_cmds[FZ_CMD_COUNT];
extern const char *const fz_cmd_names[FZ_CMD_COUNT];

/* ioctl(2) returning 0 or errno. */
int fz_ioctl(int fd, unsigned long cmd, void *arg);
/* Checks @err against @cmd's documented set; @bad_ptr allows EFAULT. */
void fz_expect(struct fz_thread *t, enum fz_cmd cmd, int err, bool bad_ptr);
void fz_fail(struct fz_thread *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
bool fz_mmap_errno_ok(int err);
bool fz_has_dmabuf(void);

/*
 * DMA_BUF_IOCTL_SYNC of <linux/dma-buf.h> (the uapi, written out: the arm64
 * cross build has no kernel uapi headers of its own).
 */
struct fz_dma_buf_sync {
	uint64_t flags;
};
#define FZ_DMA_BUF_SYNC_READ	(1ULL << 0)
#define FZ_DMA_BUF_SYNC_WRITE	(2ULL << 0)
#define FZ_DMA_BUF_SYNC_RW	(FZ_DMA_BUF_SYNC_READ | FZ_DMA_BUF_SYNC_WRITE)
#define FZ_DMA_BUF_SYNC_START	(0ULL << 2)
#define FZ_DMA_BUF_SYNC_END	(1ULL << 2)
#define FZ_DMA_BUF_IOCTL_SYNC	_IOW('b', 0, struct fz_dma_buf_sync)

/*
 * procs.c: forked children of this worker process, any thread's.  A child
 * holds copies of every dma-buf fd and mapping the process had when it
 * forked, so while one may live a dma-buf the model has closed may still
 * be open.  fz_kids_window() before and after a request says whether a
 * child can have lived during it.
 */
uint64_t fz_kids_window(void);
bool fz_kids_maybe(uint64_t before);

/* model.c: which DMABENCH_ATTR_* ALLOC of @kind and BENCH of @op on @kind take. */
uint32_t fz_alloc_attrs(uint32_t kind);
uint32_t fz_bench_attrs(uint32_t op, uint32_t kind);
uint32_t fz_pick_attrs(struct fz_rng *r);

/* model.c: ops on the thread's own buffers. */
void fz_model_op(struct fz_thread *t);
void fz_model_teardown(struct fz_thread *t);
struct fz_buf *fz_buf_by_id(struct fz_thread *t, uint64_t id);
uint8_t *fz_user_mem(struct fz_thread *t);
void fz_buf_forget_umem(struct fz_buf *b);
void fz_touch(struct fz_thread *t, const struct fz_map *m, bool write);
bool fz_dev_mapped(struct fz_thread *t, const struct fz_buf *b);
bool fz_dmabuf_busy(struct fz_thread *t, const struct fz_buf *b);
void fz_forget_buf(struct fz_thread *t, struct fz_buf *b);
bool fz_file_limited(int fd);

/* wild.c: random and boundary values, foreign handles, bad pointers, the chaos file. */
void fz_wild_op(struct fz_thread *t);
void fz_chaos_teardown(struct fz_thread *t);

/* procs.c: rounds, worker processes, threads, fork and kill. */
int fz_run(void);
void fz_fork_op(struct fz_thread *t);
void fz_reap_kids(struct fz_thread *t, bool kill_them);

/* tools.c: the lab's extra checks. */
int fz_counters_check(bool print);
int fz_cap_check(void);
int fz_open_check(void);
int fz_drop_to(uid_t uid, char **argv);

/* limits.c: bounded work (SIGKILL during long samples) and memory (past RAM). */
int fz_kill_check(void);
int fz_oom_check(void);

#endif /* DMABENCH_FUZZ_H */
