// SPDX-License-Identifier: GPL-2.0
/*
 * The counter group; see counters.h.
 *
 * libperf (6.1) opens the group: one perf_evlist, perf_evlist__set_leader(),
 * PERF_FORMAT_GROUP.  Its perf_evsel__read() of a group returns the leader's
 * value only ("This reads only the leader event intentionally",
 * tools/lib/perf/evsel.c) and it exports no file descriptor, so the group
 * is read with one read() of the leader's descriptor, found among the
 * process's perf descriptors by the leader's id (PERF_EVENT_IOC_ID), which
 * libperf's own read does give.
 */
#include "core/counters.h"

#include <dirent.h>
#include <errno.h>
#include <linux/perf_event.h>
#include <math.h>
#include <perf/core.h>
#include <perf/evlist.h>
#include <perf/evsel.h>
#include <perf/threadmap.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#define HW_CACHE(cache, op, result) \
	((cache) | ((op) << 8) | ((result) << 16))

#define GROUP_FORMAT	(PERF_FORMAT_GROUP | PERF_FORMAT_TOTAL_TIME_ENABLED | \
			 PERF_FORMAT_TOTAL_TIME_RUNNING | PERF_FORMAT_ID)
/* {nr, enabled, running} then {value, id} per member. */
#define GROUP_WORDS(n)	(3 + 2 * (n))

static const struct {
	const char *name;
	__u32 type;
	__u64 config;
} events[CNT_COUNT] = {
	[CNT_CYCLES] = { "cycles", PERF_TYPE_HARDWARE, PERF_COUNT_HW_CPU_CYCLES },
	[CNT_INSTRUCTIONS] = { "instructions", PERF_TYPE_HARDWARE, PERF_COUNT_HW_INSTRUCTIONS },
	[CNT_CACHE_MISSES] = { "cache_misses", PERF_TYPE_HARDWARE, PERF_COUNT_HW_CACHE_MISSES },
	[CNT_DTLB_MISSES] = { "dtlb_misses", PERF_TYPE_HW_CACHE,
			      HW_CACHE(PERF_COUNT_HW_CACHE_DTLB, PERF_COUNT_HW_CACHE_OP_READ,
				       PERF_COUNT_HW_CACHE_RESULT_MISS) },
	[CNT_TASK_CLOCK] = { "task_clock_ns", PERF_TYPE_SOFTWARE, PERF_COUNT_SW_TASK_CLOCK },
	[CNT_PAGE_FAULTS] = { "page_faults", PERF_TYPE_SOFTWARE, PERF_COUNT_SW_PAGE_FAULTS },
	[CNT_CONTEXT_SWITCHES] = { "context_switches", PERF_TYPE_SOFTWARE,
				   PERF_COUNT_SW_CONTEXT_SWITCHES },
};

struct counters {
	struct perf_thread_map *threads;
	struct perf_evlist *group;	/* NULL: nothing could be counted */
	int leader_fd;			/* libperf's; never closed here */
	uint64_t leader_id;
	enum counter_id member[CNT_COUNT];	/* group read order */
	size_t nmembers;
	int err[CNT_COUNT];		/* why a counter is not a member (errno) */
	struct counter_group_read base;
};

/* libperf prints its own warnings by default; the result file says it instead. */
static int quiet(enum libperf_print_level level, const char *fmt, va_list ap)
{
	(void)level;
	(void)fmt;
	(void)ap;
	return 0;
}

const char *counter_name(enum counter_id id)
{
	return id < CNT_COUNT ? events[id].name : "?";
}

const char *counters_reason(int err)
{
	switch (err) {
	case ENOENT:
	case EOPNOTSUPP:
	case ENODEV:
	case ENXIO:
		return "no PMU event for it here (a VM without a virtual PMU, or a PMU without this event)";
	case EACCES:
	case EPERM:
		return "not permitted by /proc/sys/kernel/perf_event_paranoid (run as root or lower it)";
	case ENOSYS:
		return "this kernel has no perf events";
	case EINVAL:
		return "the kernel refused it in one group with the others (EINVAL)";
	default:
		return strerror(err);
	}
}

static bool is_hardware(enum counter_id id)
{
	return events[id].type != PERF_TYPE_SOFTWARE;
}

static struct perf_evsel *new_evsel(enum counter_id id)
{
	struct perf_event_attr attr = {
		.type = events[id].type,
		.size = sizeof(attr),
		.config = events[id].config,
		.read_format = GROUP_FORMAT,
	};

	return perf_evsel__new(&attr);
}

/* Can this thread count @id at all?  0 or a positive errno. */
static int probe(enum counter_id id, struct perf_thread_map *threads)
{
	struct perf_evsel *e = new_evsel(id);
	int ret;

	if (!e)
		return ENOMEM;
	ret = perf_evsel__open(e, NULL, threads);
	if (!ret)
		perf_evsel__close(e);
	perf_evsel__delete(e);
	return ret < 0 ? -ret : 0;
}

/* The process's perf descriptor whose event has @id; -1 when none. */
static int fd_of_id(uint64_t id)
{
	DIR *d = opendir("/proc/self/fd");
	struct dirent *de;
	int found = -1;

	if (!d)
		return -1;
	while (found < 0 && (de = readdir(d))) {
		char link[64], path[300];
		uint64_t fid;
		ssize_t n;
		int fd = atoi(de->d_name);

		snprintf(path, sizeof(path), "/proc/self/fd/%s", de->d_name);
		n = readlink(path, link, sizeof(link) - 1);
		if (n <= 0)
			continue;
		link[n] = '\0';
		if (strcmp(link, "anon_inode:[perf_event]"))
			continue;
		if (!ioctl(fd, PERF_EVENT_IOC_ID, &fid) && fid == id)
			found = fd;
	}
	closedir(d);
	return found;
}

static void drop_group(struct counters *c)
{
	if (!c->group)
		return;
	perf_evlist__close(c->group);
	perf_evlist__delete(c->group);	/* deletes its evsels */
	c->group = NULL;
	c->nmembers = 0;
}

/* Open @want as one group; 0 or a positive errno (then no group). */
static int open_group(struct counters *c, const bool want[CNT_COUNT])
{
	struct perf_counts_values leader;
	struct perf_evsel *first = NULL;
	int ret;

	c->group = perf_evlist__new();
	if (!c->group)
		return ENOMEM;
	for (int i = 0; i < CNT_COUNT; i++) {
		struct perf_evsel *e;

		if (!want[i])
			continue;
		e = new_evsel(i);
		if (!e) {
			drop_group(c);
			return ENOMEM;
		}
		perf_evlist__add(c->group, e);
		first = first ? first : e;
		c->member[c->nmembers++] = i;
	}
	if (!first) {
		drop_group(c);
		return ENOENT;
	}
	perf_evlist__set_maps(c->group, NULL, c->threads);
	perf_evlist__set_leader(c->group);
	ret = perf_evlist__open(c->group);
	if (ret < 0) {
		drop_group(c);
		return -ret;
	}
	if (perf_evsel__read(first, 0, 0, &leader) ||
	    (c->leader_fd = fd_of_id(leader.id)) < 0) {
		drop_group(c);
		return EBADF;
	}
	c->leader_id = leader.id;
	return 0;
}

/*
 * Which counters this thread can count, then all of them as one group; when
 * the kernel refuses that group (a PMU with fewer counters than asked), the
 * software counters alone.
 */
static void build_group(struct counters *c)
{
	bool want[CNT_COUNT] = { 0 };
	int ret;

	for (int i = 0; i < CNT_COUNT; i++) {
		c->err[i] = probe(i, c->threads);
		want[i] = !c->err[i];
	}
	ret = open_group(c, want);
	if (!ret)
		return;
	for (int i = 0; i < CNT_COUNT; i++) {
		if (want[i] && is_hardware(i)) {
			want[i] = false;
			c->err[i] = ret;
		}
	}
	ret = open_group(c, want);
	for (int i = 0; ret && i < CNT_COUNT; i++)
		if (want[i])
			c->err[i] = ret;
}

/*
 * One thread map for the process: pid 0 is whichever thread opens the
 * group.  Shared because libperf 6.1's perf_evsel__delete() drops no
 * reference to the evsel's thread map (tools/lib/perf/evsel.c), so a map
 * per group would leak one per counters_open().
 */
static struct perf_thread_map *self_map;
static pthread_once_t self_map_once = PTHREAD_ONCE_INIT;

static void make_self_map(void)
{
	libperf_init(quiet);
	self_map = perf_thread_map__new_dummy();
	if (self_map)
		perf_thread_map__set_pid(self_map, 0, 0);
}

struct counters *counters_open(void)
{
	struct counters *c;

	pthread_once(&self_map_once, make_self_map);
	if (!self_map)
		return NULL;
	c = calloc(1, sizeof(*c));
	if (!c)
		return NULL;
	c->leader_fd = -1;
	c->threads = self_map;
	build_group(c);
	return c;
}

void counters_close(struct counters *c)
{
	if (!c)
		return;
	drop_group(c);
	free(c);
}

bool counters_parse_group(const uint64_t *buf, size_t nwords,
			  const enum counter_id *member, size_t nmembers,
			  uint64_t leader_id, struct counter_group_read *out)
{
	*out = (struct counter_group_read){ 0 };
	if (!nmembers || nwords < GROUP_WORDS(nmembers) || buf[0] != nmembers ||
	    buf[4] != leader_id)
		return false;
	out->enabled = buf[1];
	out->running = buf[2];
	for (size_t i = 0; i < nmembers; i++) {
		if (member[i] >= CNT_COUNT || out->present[member[i]])
			return false;
		out->present[member[i]] = true;
		out->value[member[i]] = buf[3 + 2 * i];
	}
	out->valid = true;
	return true;
}

/* One read() of the whole group. */
static void read_group(const struct counters *c, struct counter_group_read *out)
{
	uint64_t buf[GROUP_WORDS(CNT_COUNT)];
	size_t want = GROUP_WORDS(c->nmembers) * sizeof(uint64_t);
	ssize_t got;

	*out = (struct counter_group_read){ 0 };
	if (!c->group)
		return;
	got = read(c->leader_fd, buf, want);
	if (got == (ssize_t)want)
		counters_parse_group(buf, GROUP_WORDS(c->nmembers), c->member,
				     c->nmembers, c->leader_id, out);
}

/* libperf has no reset: each window is the difference of two group reads. */
void counters_start(struct counters *c)
{
	if (c)
		read_group(c, &c->base);
}

void counters_window(const struct counter_group_read *a, const struct counter_group_read *b,
		     struct counter_values *out)
{
	uint64_t ena, run;
	double scale = 1;

	*out = (struct counter_values){ 0 };
	if (!a->valid || !b->valid || b->running < a->running || b->enabled < a->enabled)
		return;
	ena = b->enabled - a->enabled;
	run = b->running - a->running;
	/* Never scheduled in the window: the PMU could not count it, not zero. */
	if (!run)
		return;
	/* Multiplexed: the group ran for part of the time; scale up as perf does. */
	if (run < ena)
		scale = (double)ena / (double)run;
	for (int i = 0; i < CNT_COUNT; i++) {
		if (!a->present[i] || !b->present[i] || b->value[i] < a->value[i])
			continue;
		out->supported[i] = true;
		out->value[i] = (double)(b->value[i] - a->value[i]) * scale;
	}
}

void counters_stop(struct counters *c, struct counter_values *out)
{
	struct counter_group_read now;

	*out = (struct counter_values){ 0 };
	if (!c)
		return;
	read_group(c, &now);
	counters_window(&c->base, &now, out);
}

void counters_per_op(struct counter_values *v, double ops)
{
	for (int i = 0; ops > 0 && i < CNT_COUNT; i++)
		if (v->supported[i])
			v->value[i] /= ops;
}

double counters_ipc(const struct counter_values *v)
{
	if (!v->supported[CNT_CYCLES] || !v->supported[CNT_INSTRUCTIONS] ||
	    v->value[CNT_CYCLES] <= 0)
		return NAN;
	return v->value[CNT_INSTRUCTIONS] / v->value[CNT_CYCLES];
}

double counters_misses_per_kib(const struct counter_values *v, double bytes_per_op)
{
	if (!v->supported[CNT_CACHE_MISSES] || !(bytes_per_op > 0))
		return NAN;
	return v->value[CNT_CACHE_MISSES] / (bytes_per_op / 1024);
}

/* "a, b, c" of the counters left out for reason @err (0: any reason). */
static size_t names_with(const struct counters *c, int err, char *buf, size_t len)
{
	size_t used = 0, n = 0;

	buf[0] = '\0';
	for (int i = 0; i < CNT_COUNT; i++) {
		if (!c->err[i] || (err && c->err[i] != err))
			continue;
		used += (size_t)snprintf(buf + used, used < len ? len - used : 0, "%s%s",
					 n++ ? ", " : "", events[i].name);
	}
	return n;
}

void counters_missing_line(const struct counters *c, char *buf, size_t len)
{
	char names[256];
	int first = 0;
	size_t missing, same;

	buf[0] = '\0';
	if (!c)
		return;
	for (int i = 0; i < CNT_COUNT && !first; i++)
		first = c->err[i];
	if (!first)
		return;
	if (!c->nmembers) {
		snprintf(buf, len, "counters not available: %s", counters_reason(first));
		return;
	}
	missing = names_with(c, 0, names, sizeof(names));
	same = names_with(c, first, names, sizeof(names));
	if (same == missing) {
		snprintf(buf, len, "counters not available: %s: %s", names, counters_reason(first));
		return;
	}
	names_with(c, 0, names, sizeof(names));
	snprintf(buf, len, "counters not available: %s (see method.counters.unsupported)", names);
}

json_t *counters_describe(const struct counters *c)
{
	json_t *group = json_array(), *unsupported = json_object(), *o;
	char line[512];

	if (!group || !unsupported) {
		json_decref(group);
		json_decref(unsupported);
		return NULL;
	}
	for (size_t i = 0; c && i < c->nmembers; i++)
		json_array_append_new(group, json_string(events[c->member[i]].name));
	for (int i = 0; c && i < CNT_COUNT; i++)
		if (c->err[i])
			json_object_set_new(unsupported, events[i].name,
					    json_string(counters_reason(c->err[i])));
	o = json_pack("{s:s, s:o, s:o}",
		      "read", "one perf group (libperf perf_evlist with a leader, PERF_FORMAT_GROUP) "
		      "read once before and once after each measured window; per op: the deltas "
		      "divided by the ops the window ran (warm-up and per-call setup included); "
		      "ipc and cache_misses_per_kib from the same group reads",
		      "group", group, "unsupported", unsupported);
	counters_missing_line(c, line, sizeof(line));
	if (o && line[0])
		json_object_set_new(o, "note", json_string(line));
	return o;
}
