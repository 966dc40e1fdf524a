// SPDX-License-Identifier: GPL-2.0
/*
 * `dmabench run`.
 *
 * Everything that can refuse the run (arguments, module, device, CPU,
 * output folder) is checked before the folder is created, so a refused
 * run leaves nothing behind (exit 2).  Once measuring, a failed test is
 * recorded and the run goes on; Ctrl-C stops at the next chunk.
 */
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "core/driver_facts.h"
#include "core/names.h"
#include "core/plant.h"
#include "core/platform.h"
#include "core/progress.h"
#include "results/repeat.h"
#include "run_args.h"
#include "core/sysinfo.h"
#include "suites/suite.h"
#include "suites/user_plan.h"

static volatile sig_atomic_t caught_signal;

static void on_signal(int sig)
{
	caught_signal = sig;
	measure_interrupted = 1;
}

/* SA_RESETHAND: a second Ctrl-C kills at once, for a stuck ioctl. */
static void catch_signals(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sa.sa_flags = SA_RESETHAND;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
}

/* The tests to run, in registry order; returns how many. */
static unsigned int select_tests(const struct run_opts *o,
				 const struct test_def **out, unsigned int max,
				 bool *needs_module)
{
	unsigned int n = 0;

	*needs_module = false;
	for (const struct test_def *const *t = all_tests; *t && n < max; t++) {
		if (!suite_selected(o->tests, (*t)->name))
			continue;
		/* Patterns pick from every test; the quick suite's own list otherwise. */
		if (!o->tests && o->suite == SUITE_QUICK && !(*t)->quick)
			continue;
		out[n++] = *t;
		*needs_module |= (*t)->needs_module;
	}
	return n;
}

/* Open the module and pick the device: asked for, else edu when there. */
static int open_module(const struct run_opts *o, struct bench_device *dev)
{
	uint32_t want = o->device;

	if (device_open(dev, device_default_path()))
		return device_complain(dev);
	if (!o->device_given)
		want = dev->info.flags & DMABENCH_INFO_EDU_PRESENT ?
		       DMABENCH_DEV_EDU : DMABENCH_DEV_PLATFORM;
	if (want != dev->info.device &&
	    (device_set_device(dev, want) || device_get_info(dev))) {
		int ret = device_complain(dev);

		device_close(dev);
		return ret;
	}
	return EXIT_OK;
}

/* The PCI bus id of the DMA device, for hwloc; NULL when not PCI. */
static const char *pci_busid(const struct bench_device *dev, char *buf, size_t len)
{
	if (!dev || strncmp(dev->info.bus, "pci", sizeof(dev->info.bus)))
		return NULL;
	snprintf(buf, len, "%.*s", (int)sizeof(dev->info.dev_name), dev->info.dev_name);
	return buf;
}

/* --cpu, else near the device (or --node), else where we run now. */
static int choose_cpu(const struct run_opts *o, struct topology *topo,
		      const struct bench_device *dev)
{
	char busid[80];
	const char *bus = pci_busid(dev, busid, sizeof(busid));
	int cpu = o->cpu;

	if (cpu < 0 && topo && (bus || o->node >= 0))
		cpu = topology_cpu_near(topo, bus, o->node);
	if (cpu < 0)
		cpu = sched_getcpu();
	return cpu;
}

static int pin(const struct run_opts *o, struct topology *topo, int cpu)
{
	int ret = topo ? topology_pin_cpu(topo, cpu) : -ENOSYS;

	if (ret && o->cpu >= 0) {
		complain("cannot pin to CPU %d: %s", cpu, strerror(-ret));
		return EXIT_USAGE;
	}
	if (ret)
		fprintf(stderr, "dmabench: warning: not pinned (%s); timings may move between CPUs.\n",
			strerror(-ret));
	return EXIT_OK;
}

static int check_out_dir(const char *dir)
{
	char path[4200];
	struct stat st;

	snprintf(path, sizeof(path), "%s/results.json", dir);
	if (stat(path, &st) == 0) {
		complain("%s already holds a run: give another --out", dir);
		return EXIT_USAGE;
	}
	return EXIT_OK;
}

static json_t *list_json(uint32_t mask, const char *(*name)(unsigned int), unsigned int max)
{
	json_t *a = json_array();

	for (unsigned int i = 0; i < max; i++)
		if (mask & (1U << i))
			json_array_append_new(a, json_string(name(i)));
	return a;
}

static const char *kind_name(unsigned int k)
{
	return name_of(&kind_names, k);
}

/* The stopping rule in words, and the hard cap behind "stopped": "time_cap". */
static void method_add_stopping(json_t *method, const struct measure_cfg *c)
{
	double cap = c->max_time * MEASURE_HARD_FACTOR;

	json_object_set_new(method, "hard_time_s", isfinite(cap) ? json_real(cap) : json_null());
	json_object_set_new(method, "stopping", json_string(
		"stop when stable (see stability), else at max_samples, else at max_time once "
		"min_samples are in; below min_samples the time budget grows up to hard_time_s "
		"(user-side: 4x the user budget), where the item says \"stopped\": \"time_cap\". "
		"p99 is null where n < 100 (the max stands in)"));
}

static json_t *method_json(const struct run_ctx *ctx, int cpu)
{
	const struct run_opts *o = ctx->opts;
	const struct measure_cfg *c = &ctx->mcfg;
	uint64_t sizes[SUITE_MAX_SIZES];
	unsigned int ns = suite_sizes(o, sizes, SUITE_MAX_SIZES);
	json_t *js = json_array();

	for (unsigned int i = 0; i < ns; i++)
		json_array_append_new(js, json_integer((json_int_t)sizes[i]));
	return json_pack("{s:s, s:o, s:o, s:o, s:s?, s:o, s:i, s:i, s:i, s:i, s:f, s:o, s:f, s:f, s:s, s:s, s:o, s:i, s:o, s:o, s:i, s:i}",
			 "suite", o->suite == SUITE_QUICK ? "quick" : "full",
			 "sizes", js,
			 "kinds", list_json(o->kinds, kind_name, DMABENCH_KIND_COUNT),
			 "dirs", list_json(o->dirs, dir_short_name, 3),
			 "tests", o->tests,
			 "device", ctx->dev ? json_string(name_of(&device_names, ctx->dev->info.device)) : json_null(),
			 "warmup", (int)c->warmup, "chunk", (int)c->chunk,
			 "min_samples", (int)c->min_samples, "max_samples", (int)c->max_samples,
			 "min_time_s", c->min_time,
			 "max_time_s", isfinite(c->max_time) ? json_real(c->max_time) : json_null(),
			 "rel_tol", c->rel_tol, "cheap_ns", 2000.0,
			 "stability", "median of all samples moved less than rel_tol since it was last checked (at 4/5 of the samples)",
			 "counters", "per op: counter deltas around whole BENCH calls (warm-up and per-call setup included) divided by the ops they ran",
			 "cpu", cpu >= 0 ? json_integer(cpu) : json_null(),
			 "threads", (int)o->threads,
			 "node", o->node >= 0 ? json_integer(o->node) : json_null(),
			 "dma_bits", o->dma_bits ? json_integer(o->dma_bits) : json_null(),
			 "granule", (int)o->granule, "trans_delay_ns", (int)o->trans_delay_ns);
}

struct run_env {
	struct run_opts opts;
	const struct test_def *tests[64];
	unsigned int ntests;
	bool needs_module;
	struct bench_device dev;
	bool dev_open;
	struct topology *topo;
	int cpu;
	char out[4096];
};

/* Everything that may refuse the run; nothing is written yet. */
static int prepare(struct run_env *e, int argc, char **argv)
{
	char err[512], host[256] = "unknown";
	enum run_args_status st = run_args_parse(argc, argv, &e->opts, err, sizeof(err));
	int ret;

	if (st == RUN_ARGS_HELP)
		return -1;
	if (st != RUN_ARGS_OK)
		return usage_error("run", "%s", err);
	if (plant_factor(getenv(PLANT_ENV), "") < 0)
		return usage_error("run", "bad %s '%s': give PATTERN:FACTOR[,...] with "
				   "a factor from 1 to 100", PLANT_ENV, getenv(PLANT_ENV));
	e->ntests = select_tests(&e->opts, e->tests, 64, &e->needs_module);
	if (!e->ntests)
		return usage_error("run", "no test matches '%s' (see `dmabench list`)",
				   e->opts.tests ? e->opts.tests : "");
	if (e->needs_module) {
		ret = open_module(&e->opts, &e->dev);
		if (ret)
			return ret;
		e->dev_open = true;
	}
	e->topo = topology_load();
	e->cpu = choose_cpu(&e->opts, e->topo, e->dev_open ? &e->dev : NULL);
	ret = pin(&e->opts, e->topo, e->cpu);
	if (ret)
		return ret;
	gethostname(host, sizeof(host) - 1);
	if (e->opts.out)
		snprintf(e->out, sizeof(e->out), "%s", e->opts.out);
	else
		platform_default_out(time(NULL), host, platform_preset(), e->out, sizeof(e->out));
	return check_out_dir(e->out);
}

static void release(struct run_env *e)
{
	if (e->dev_open)
		device_close(&e->dev);
	topology_free(e->topo);
}

/*
 * The kernel's direct map by page size (/proc/meminfo DirectMap4k/2M/1G,
 * kB; x86 only): switching pages to WC/UC splits huge direct-map pages for
 * good, which slows every later access through the linear map, so the run
 * records what each test left.  NULL where the kernel does not say.
 */
static json_t *direct_map_json(const char *after)
{
	static const char *const keys[] = { "DirectMap4k", "DirectMap2M", "DirectMap1G" };
	char *text = read_text_file("/proc/meminfo");
	json_t *o = json_pack("{s:s}", "after", after);

	for (size_t k = 0; text && o && k < sizeof(keys) / sizeof(keys[0]); k++) {
		const char *at = strstr(text, keys[k]);
		unsigned long long kb;

		if (at && sscanf(at + strlen(keys[k]), ": %llu kB", &kb) == 1)
			json_object_set_new(o, keys[k], json_integer((json_int_t)kb));
	}
	free(text);
	if (o && json_object_size(o) == 1) {
		json_decref(o);
		return NULL;
	}
	return o;
}

/* Appends what the direct map is now to the run's method.direct_map. */
static void note_direct_map(json_t *method, const char *after)
{
	json_t *list = method ? json_object_get(method, "direct_map") : NULL;
	json_t *now = direct_map_json(after);

	if (!now)
		return;
	if (!list) {
		list = json_array();
		if (!list || json_object_set_new(method, "direct_map", list)) {
			json_decref(now);
			return;
		}
	}
	json_array_append_new(list, now);
}

/* What the counter group holds, once per run; and one line when some are missing. */
static void note_counters(json_t *method, const struct counters *cnt)
{
	json_t *d = counters_describe(cnt);
	char line[512];

	if (d)
		json_object_set_new(method, "counters", d);
	counters_missing_line(cnt, line, sizeof(line));
	if (line[0])
		fprintf(stderr, "dmabench: %s.\n", line);
}

/* Run every test; false when one failed without being recorded. */
static void run_tests(struct run_env *e, struct run_ctx *ctx, json_t *method)
{
	note_direct_map(method, "start");
	progress_begin(stderr, e->ntests);
	for (unsigned int i = 0; i < e->ntests && !measure_interrupted; i++) {
		size_t errors = results_error_count(ctx->res);
		int ret;

		progress_test(i, e->tests[i]->name);
		ret = e->tests[i]->run(ctx);
		note_direct_map(method, e->tests[i]->name);
		if (ret && ret != -EINTR && results_error_count(ctx->res) == errors) {
			char msg[256];

			snprintf(msg, sizeof(msg), "the test failed: %s", strerror(-ret));
			results_add_error(ctx->res, e->tests[i]->name, msg);
			progress_say("%s: %s", e->tests[i]->name, msg);
		}
	}
	progress_end();
}

static int finish(struct run_env *e, struct results *res)
{
	size_t errors = results_error_count(res);
	char why[128] = "";
	int ret, status = EXIT_OK;

	if (caught_signal) {
		snprintf(why, sizeof(why), "stopped by %s", strsignal(caught_signal));
		status = 128 + caught_signal;
	} else if (errors) {
		snprintf(why, sizeof(why), "%zu measurement%s failed (see \"errors\")",
			 errors, errors == 1 ? "" : "s");
		status = EXIT_PROBLEM;
	}
	ret = results_finish(res, !caught_signal, why);
	if (ret) {
		complain("cannot write %s/results.json: %s", e->out, strerror(-ret));
		return EXIT_PROBLEM;
	}
	fprintf(stderr, "dmabench: %zu results, %zu errors%s%s; wrote %s\n",
		results_count(res), errors, *why ? ": " : "", why, e->out);
	printf("%s\n", e->out);
	return status;
}

/* A results_listener: every item recorded shows in the progress. */
static void show_item(void *arg, const struct result_item *item)
{
	char what[160];

	(void)arg;
	results_item_label(item, what, sizeof(what));
	progress_item(what, item->stats.p50, item->stats.n);
}

/*
 * What a driver decides from, before any test maps a page (a 6.12 bounce
 * clears dma_skip_sync for good).  A module without FACTS leaves it out.
 */
static void record_driver_facts(struct bench_device *dev, struct results *res)
{
	struct dmabench_facts facts;
	char why[512];

	if (device_facts(dev, &facts)) {
		device_error_sentence(dev, why, sizeof(why));
		fprintf(stderr, "dmabench: warning: no driver facts recorded: %s\n", why);
		return;
	}
	if (results_set_driver_facts(res, driver_facts_json(&facts)))
		fprintf(stderr, "dmabench: warning: cannot record the driver facts\n");
}

/* One of the module's read-only parameters, or 0 where sysfs has none. */
static unsigned long module_param_value(const char *name)
{
	char path[128], line[64] = "";
	FILE *f;

	snprintf(path, sizeof(path), "/sys/module/dmabench/parameters/%s", name);
	f = fopen(path, "r");
	if (!f)
		return 0;
	if (!fgets(line, sizeof(line), f))
		line[0] = '\0';
	fclose(f);
	return strtoul(line, NULL, 0);
}

/*
 * A module loaded with plant_ops (make bench-gate) slows its BENCH ops on
 * purpose: say so on stderr and in the results, whose figures are then no
 * measurement of this machine.
 */
static void note_kernel_plant(json_t *method, const struct dmabench_info *info)
{
	char text[160];

	if (!(info->flags & DMABENCH_INFO_PLANTED))
		return;
	snprintf(text, sizeof(text), "module plant_ops=%#lx plant_pct=%lu",
		 module_param_value("plant_ops"), module_param_value("plant_pct"));
	json_object_set_new(method, "planted_kernel_slowdown", json_string(text));
	fprintf(stderr, "dmabench: warning: the module was loaded with a planted slowdown (%s): "
		"those BENCH ops are slowed on purpose, for make bench-gate; these results do not "
		"measure this machine.\n", text);
}

static int measure_all(struct run_env *e, int argc, char **argv)
{
	struct platform_args pa = {
		.info = e->dev_open ? &e->dev.info : NULL, .topo = e->topo,
		.argc = argc, .argv = argv, .cpu = e->cpu,
	};
	struct run_ctx ctx = {
		.opts = &e->opts, .dev = e->dev_open ? &e->dev : NULL, .topo = e->topo,
	};
	char xml[4200];
	json_t *method;

	_Static_assert(sizeof(xml) > sizeof(e->out) + 13, "xml path");
	int ret;

	suite_measure_cfg(&e->opts, &ctx.mcfg);
	ctx.res = results_create(e->out, platform_json(&pa));
	if (!ctx.res) {
		complain("cannot create %s: %s", e->out, strerror(errno));
		return EXIT_USAGE;
	}
	/* Borrowed: the results own it; run_tests() adds the direct map to it. */
	method = method_json(&ctx, e->cpu);
	if (getenv(PLANT_ENV) && *getenv(PLANT_ENV))	/* never passes for a real run */
		json_object_set_new(method, "planted_slowdown", json_string(getenv(PLANT_ENV)));
	if (e->dev_open)
		note_kernel_plant(method, &e->dev.info);
	method_add_stopping(method, &ctx.mcfg);
	json_object_set_new(method, "memory_bound_size",
			    json_integer((json_int_t)memory_bound_size(topology_llc_bytes(ctx.topo))));
	json_object_set_new(method, "memory_bound_rule", json_string(
		"STREAM's: at least 4x the last-level cache (hwloc), as a power of two, at most "
		"256 MiB (a pass over more would not fit the sample floor in the time cap); added "
		"to the user_access and baseline sizes"));
	results_set_method(ctx.res, method);
	if (e->dev_open)
		record_driver_facts(&e->dev, ctx.res);
	ctx.method = method;
	results_on_add(ctx.res, show_item, NULL);
	snprintf(xml, sizeof(xml), "%s/topology.xml", e->out);
	if (e->topo && topology_export_xml(e->topo, xml))
		fprintf(stderr, "dmabench: warning: cannot write %s.\n", xml);
	ctx.cnt = counters_open();
	note_counters(method, ctx.cnt);
	catch_signals();
	run_tests(e, &ctx, method);
	ret = finish(e, ctx.res);
	counters_close(ctx.cnt);
	results_free(ctx.res);
	return ret;
}

/*
 * --repeat N: each repetition is this binary again (/proc/self/exe), a new
 * process with a fresh address space, heap, page placement and module
 * file, so the repetitions are as independent as one boot allows; a loop
 * inside this process would share all of them and understate the noise.
 * The child gets the same arguments plus "--repeat 1 --out OUT/rep-I"
 * (getopt lets the last of an option win).  Returns the child's exit
 * status, 128 + signal when one killed it, or -1 when it could not start.
 */
static int run_repetition(int argc, char **argv, const char *dir)
{
	char **cargv = calloc((size_t)argc + 6, sizeof(*cargv));
	int status;
	pid_t pid;

	if (!cargv)
		return -1;
	cargv[0] = "dmabench";
	for (int i = 0; i < argc; i++)
		cargv[i + 1] = argv[i];
	cargv[argc + 1] = "--repeat";
	cargv[argc + 2] = "1";
	cargv[argc + 3] = "--out";
	cargv[argc + 4] = (char *)dir;
	fflush(NULL);
	pid = fork();
	if (pid == 0) {
		execv("/proc/self/exe", cargv);
		fprintf(stderr, "dmabench: cannot run /proc/self/exe: %s\n", strerror(errno));
		_exit(EXIT_USAGE);
	}
	free(cargv);
	if (pid < 0)
		return -1;
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

/* Combine what is there; a failure to combine is said, not fatal to the reps. */
static int combine_now(const char *out, unsigned int done, unsigned int asked,
		       const char *why)
{
	char err[1024];

	if (!repeat_combine_dir(out, done, asked, why, err, sizeof(err)))
		return 0;
	complain("%s", err);
	return -1;
}

static int repeat_all(struct run_env *e, int argc, char **argv)
{
	unsigned int asked = e->opts.repeat, done = 0, i;
	int status = EXIT_OK, failed = 0, combined = -1;
	char dir[4200], why[160];

	release(e);	/* each repetition opens the module and pins itself */
	e->dev_open = false;
	e->topo = NULL;
	catch_signals();
	for (i = 1; i <= asked && !caught_signal; i++) {
		char name[32];
		int ret;

		repeat_folder(i, name, sizeof(name));
		snprintf(dir, sizeof(dir), "%s/%s", e->out, name);
		fprintf(stderr, "dmabench: repetition %u/%u -> %s\n", i, asked, dir);
		ret = run_repetition(argc, argv, dir);
		if (ret == EXIT_PROBLEM) {
			status = EXIT_PROBLEM;	/* a test failed: recorded, go on */
		} else if (ret) {
			failed = ret;
			break;
		}
		done = i;
		snprintf(why, sizeof(why), "running: %u of %u repetitions done", done, asked);
		combined = combine_now(e->out, done, asked, done < asked ? why : NULL);
	}
	if (done == asked) {
		if (combined)	/* said by combine_now() */
			fprintf(stderr, "dmabench: the %u repetitions are in %s/rep-1..%u, "
				"not combined\n", asked, e->out, asked);
		else
			fprintf(stderr, "dmabench: %u repetitions combined into %s/results.json\n",
				asked, e->out);
		printf("%s\n", e->out);
		return combined ? EXIT_PROBLEM : status;
	}
	if (caught_signal || failed > 128)
		snprintf(why, sizeof(why), "stopped by a signal after %u of %u repetitions",
			 done, asked);
	else
		snprintf(why, sizeof(why), "repetition %u of %u could not run (exit %d)",
			 done + 1, asked, failed);
	/* done + 1: the stopped repetition's folder is listed as not combined */
	if (!combine_now(e->out, done + 1 > asked ? asked : done + 1, asked, why))
		fprintf(stderr, "dmabench: %s; %s/results.json combines the finished "
			"ones, marked incomplete\n", why, e->out);
	printf("%s\n", e->out);
	if (caught_signal)
		return 128 + caught_signal;
	return failed > 128 ? failed : EXIT_PROBLEM;
}

int run_main(int argc, char **argv)
{
	struct run_env *e = calloc(1, sizeof(*e));
	int ret;

	if (!e) {
		complain("out of memory");
		return EXIT_USAGE;
	}
	ret = prepare(e, argc, argv);
	if (ret < 0)
		ret = EXIT_OK;		/* --help */
	else if (ret == EXIT_OK && e->opts.repeat > 1)
		ret = repeat_all(e, argc, argv);
	else if (ret == EXIT_OK)
		ret = measure_all(e, argc, argv);
	release(e);
	free(e);
	return ret;
}
