// SPDX-License-Identifier: GPL-2.0
/* `dmabench run` options; see run_args.h. */
#include "run_args.h"

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "dmabench.h"
#include "core/names.h"

void run_opts_default(struct run_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->suite = SUITE_QUICK;
	o->kinds = KINDS_BUFFERS;
	o->size_min = RUN_SIZE_MIN;
	o->size_max = 1ULL << 30;
	o->dirs = (1U << DMABENCH_DIR_TO_DEVICE) | (1U << DMABENCH_DIR_FROM_DEVICE);
	o->cpu = -1;
	o->node = -1;
	o->granule = 1;
	o->device = DMABENCH_DEV_PLATFORM;
}

static int unit_shift(char c)
{
	switch (c) {
	case 'K': case 'k':
		return 10;
	case 'M': case 'm':
		return 20;
	case 'G': case 'g':
		return 30;
	default:
		return -1;
	}
}

int parse_size(const char *s, uint64_t *out)
{
	unsigned long long v;
	int shift = 0;
	char *end;

	if (!s || *s < '0' || *s > '9')
		return -EINVAL;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno)
		return -EINVAL;
	if (*end) {
		shift = unit_shift(*end);
		/* "4K", "4KiB" and "4KB" all mean 4096: sizes here are binary. */
		if (shift < 0 || (end[1] && strcmp(end + 1, "iB") &&
				  strcmp(end + 1, "B")))
			return -EINVAL;
	}
	if (v > (RUN_SIZE_MAX >> shift))
		return -EINVAL;
	v <<= shift;
	if (v < RUN_SIZE_MIN || (v & (v - 1)))
		return -EINVAL;
	*out = v;
	return 0;
}

int parse_size_range(const char *s, uint64_t *lo, uint64_t *hi)
{
	const char *dash = strchr(s, '-');
	char first[32];

	if (!dash)
		return parse_size(s, lo) ? -EINVAL : (*hi = *lo, 0);
	if ((size_t)(dash - s) >= sizeof(first))
		return -EINVAL;
	memcpy(first, s, (size_t)(dash - s));
	first[dash - s] = '\0';
	if (parse_size(first, lo) || parse_size(dash + 1, hi) || *lo > *hi)
		return -EINVAL;
	return 0;
}

/* Comma list of names; @lookup maps one word to its bit number. */
static int parse_list(const char *s, uint32_t *mask,
		      bool (*lookup)(const char *word, unsigned int *bit))
{
	char word[32];
	uint32_t m = 0;

	while (s && *s) {
		size_t len = strcspn(s, ",");
		unsigned int bit;

		if (len == 0 || len >= sizeof(word))
			return -EINVAL;
		memcpy(word, s, len);
		word[len] = '\0';
		if (!lookup(word, &bit))
			return -EINVAL;
		m |= 1U << bit;
		s += len;
		if (*s == ',' && !*++s)
			return -EINVAL;		/* trailing comma */
	}
	if (!m)
		return -EINVAL;
	*mask = m;
	return 0;
}

/* The import kind is IMPORT's alone (the dmabuf test): no --kinds word. */
static bool kind_word(const char *word, unsigned int *bit)
{
	return name_parse(&kind_names, word, bit) && KIND_IS_BUFFER(*bit);
}

/* "coherent, streaming, ..." : the --kinds words. */
static void kind_words(char *buf, size_t len)
{
	size_t used = 0;

	buf[0] = '\0';
	for (unsigned int k = 0; k < DMABENCH_KIND_COUNT && used < len; k++) {
		int n;

		if (!KIND_IS_BUFFER(k))
			continue;
		n = snprintf(buf + used, len - used, "%s%s", used ? ", " : "",
			     name_of(&kind_names, k));
		if (n < 0)
			break;
		used += (size_t)n;
	}
}

static bool dir_word(const char *word, unsigned int *bit)
{
	for (unsigned int d = 0; dir_short_name(d); d++) {
		if (!strcmp(word, dir_short_name(d))) {
			*bit = d;
			return true;
		}
	}
	return name_parse(&dir_names, word, bit);
}

int parse_kind_list(const char *s, uint32_t *mask)
{
	return parse_list(s, mask, kind_word);
}

int parse_dir_list(const char *s, uint32_t *mask)
{
	return parse_list(s, mask, dir_word);
}

void run_usage(FILE *f)
{
	fprintf(f,
		"usage: dmabench run [--suite quick|full] [--tests PATTERN] [--kinds LIST]\n"
		"                    [--sizes RANGE] [--dirs LIST] [--iters N | --min-time S]\n"
		"                    [--cpu N] [--threads N [--exact-threads]] [--node N]\n"
		"                    [--dma-bits N] [--granule PAGES] [--trans-delay NS]\n"
		"                    [--device platform|edu|pci] [--out DIR] [--repeat N]\n"
		"\n"
		"Measure what each way of sharing memory with a device costs, through the\n"
		"dmabench module, and write DIR/results.json, DIR/samples.csv and\n"
		"DIR/topology.xml.  `dmabench list` names every test.\n"
		"\n"
		"  --suite quick|full  quick: few sizes (4K 64K 1M 16M), short limits, a few\n"
		"                      minutes in the lab; full: 4K..1G, sg entries up to\n"
		"                      2^18, tighter stability (default quick)\n"
		"  --tests PATTERN     only tests whose name matches a shell pattern; several\n"
		"                      patterns separated by commas ('map_*,sync')\n"
		"  --kinds LIST        buffer kinds, comma-separated: coherent, streaming, wc,\n"
		"                      uc, noncoherent, noncontig, userptr (default all)\n"
		"  --sizes RANGE       bytes per buffer: one size (64K) or a range (4K-64M)\n"
		"                      measured at every power of two in it; units K, M, G\n"
		"                      (binary); sizes are powers of two of at least 4K\n"
		"                      (default: the suite's own sizes)\n"
		"  --dirs LIST         DMA directions: to, from, bidi (default to,from)\n"
		"  --iters N           exactly N samples per measurement (no stability rule)\n"
		"  --min-time S        measure each thing for at least S seconds, then until\n"
		"                      its median is stable\n"
		"  --cpu N             pin to CPU N (default: a CPU near the DMA device, from\n"
		"                      the hwloc topology)\n"
		"  --threads N         most threads in the map scaling series (default: CPUs)\n"
		"  --exact-threads     the scaling series at --threads N only, not at 1, 2, 4\n"
		"                      .. N threads (map_benchmark's -t)\n"
		"  --node N            NUMA node for the buffers' pages (default any)\n"
		"  --dma-bits N        DMA mask bits for the scaling series, as map_benchmark\n"
		"                      (recorded; the module keeps the device's mask)\n"
		"  --granule PAGES     pages per mapping in the scaling series, as map_benchmark\n"
		"                      (default 1)\n"
		"  --trans-delay NS    delay between map and unmap, as map_benchmark\n"
		"                      (per-op map samples only; at most 10000000)\n"
		"  --device NAME       the DMA device: platform, edu or pci (default: edu when\n"
		"                      the module has one, else platform)\n"
		"  --out DIR           results folder (default results/DATE-HOST-PLATFORM/,\n"
		"                      PLATFORM being $DMABENCH_LAB_PRESET or $LAB_PRESET in\n"
		"                      the lab, else host); it must not hold a results.json\n"
		"  --repeat N          N independent repetitions, each a new process, in\n"
		"                      DIR/rep-1 .. DIR/rep-N; DIR/results.json combines\n"
		"                      them: per op the median of the repetitions' medians,\n"
		"                      IQR, min..max and each repetition's median (what\n"
		"                      `compare --fail-above` gates on; at least 7 for\n"
		"                      ~100 ops, see compare --help)\n"
		"  -h, --help          show this help\n"
		"\n"
		"Ctrl-C (or SIGTERM) stops at the next chunk and keeps what was measured,\n"
		"marked \"complete\": false.\n"
		"Exit status: 0 every test ran; 1 a test failed or the run was stopped\n"
		"(130 after SIGINT, 143 after SIGTERM); 2 bad usage, module missing, not\n"
		"root, ABI mismatch or the module out of memory before anything ran.\n");
}

__attribute__((format(printf, 3, 4)))
static enum run_args_status bad(char *err, size_t len, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, len, fmt, ap);
	va_end(ap);
	return RUN_ARGS_BAD;
}

/* A whole decimal number in [lo, hi]. */
static int parse_long(const char *s, long lo, long hi, long *out)
{
	char *end;
	long v;

	if (!*s)
		return -EINVAL;
	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || *end || v < lo || v > hi)
		return -EINVAL;
	*out = v;
	return 0;
}

static int parse_seconds(const char *s, double *out)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(s, &end);
	if (errno || end == s || *end || !isfinite(v) || v <= 0 || v > 86400)
		return -EINVAL;
	*out = v;
	return 0;
}

enum {
	OPT_SUITE = 1000, OPT_TESTS, OPT_KINDS, OPT_SIZES, OPT_DIRS, OPT_ITERS,
	OPT_MIN_TIME, OPT_CPU, OPT_THREADS, OPT_NODE, OPT_DMA_BITS, OPT_GRANULE,
	OPT_TRANS_DELAY, OPT_DEVICE, OPT_OUT, OPT_EXACT_THREADS, OPT_REPEAT,
};

static const struct option long_opts[] = {
	{ "suite", required_argument, NULL, OPT_SUITE },
	{ "tests", required_argument, NULL, OPT_TESTS },
	{ "kinds", required_argument, NULL, OPT_KINDS },
	{ "sizes", required_argument, NULL, OPT_SIZES },
	{ "dirs", required_argument, NULL, OPT_DIRS },
	{ "iters", required_argument, NULL, OPT_ITERS },
	{ "min-time", required_argument, NULL, OPT_MIN_TIME },
	{ "cpu", required_argument, NULL, OPT_CPU },
	{ "threads", required_argument, NULL, OPT_THREADS },
	{ "exact-threads", no_argument, NULL, OPT_EXACT_THREADS },
	{ "node", required_argument, NULL, OPT_NODE },
	{ "dma-bits", required_argument, NULL, OPT_DMA_BITS },
	{ "granule", required_argument, NULL, OPT_GRANULE },
	{ "trans-delay", required_argument, NULL, OPT_TRANS_DELAY },
	{ "device", required_argument, NULL, OPT_DEVICE },
	{ "out", required_argument, NULL, OPT_OUT },
	{ "repeat", required_argument, NULL, OPT_REPEAT },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

/* Options taking a whole number: range and what to call it. */
static enum run_args_status number_opt(int c, const char *arg,
				       struct run_opts *o, char *err, size_t len)
{
	long v;

	switch (c) {
	case OPT_ITERS:
		if (parse_long(arg, 1, DMABENCH_BENCH_MAX_ITERS, &v))
			return bad(err, len, "bad --iters '%s': give a whole number from 1 to %u",
				   arg, DMABENCH_BENCH_MAX_ITERS);
		o->iters = (unsigned int)v;
		return RUN_ARGS_OK;
	case OPT_CPU:
		if (parse_long(arg, 0, 4095, &v))
			return bad(err, len, "bad --cpu '%s': give a CPU number from 0 to 4095", arg);
		o->cpu = (int)v;
		return RUN_ARGS_OK;
	case OPT_THREADS:
		if (parse_long(arg, 1, 1024, &v))
			return bad(err, len, "bad --threads '%s': give a whole number from 1 to 1024", arg);
		o->threads = (unsigned int)v;
		return RUN_ARGS_OK;
	case OPT_NODE:
		if (parse_long(arg, 0, 1023, &v))
			return bad(err, len, "bad --node '%s': give a NUMA node number from 0 to 1023", arg);
		o->node = (int)v;
		return RUN_ARGS_OK;
	case OPT_DMA_BITS:
		if (parse_long(arg, 12, 64, &v))
			return bad(err, len, "bad --dma-bits '%s': give a mask width from 12 to 64", arg);
		o->dma_bits = (unsigned int)v;
		return RUN_ARGS_OK;
	case OPT_GRANULE:
		if (parse_long(arg, 1, 1024, &v))
			return bad(err, len, "bad --granule '%s': give pages per mapping from 1 to 1024", arg);
		o->granule = (unsigned int)v;
		return RUN_ARGS_OK;
	case OPT_REPEAT:
		if (parse_long(arg, 1, RUN_REPEAT_MAX, &v))
			return bad(err, len, "bad --repeat '%s': give a number of repetitions from 1 to %d",
				   arg, RUN_REPEAT_MAX);
		o->repeat = (unsigned int)v;
		return RUN_ARGS_OK;
	default:	/* OPT_TRANS_DELAY */
		if (parse_long(arg, 0, 10000000, &v))
			return bad(err, len, "bad --trans-delay '%s': give nanoseconds from 0 to 10000000", arg);
		o->trans_delay_ns = (unsigned int)v;
		return RUN_ARGS_OK;
	}
}

/* Options naming things: suite, lists, device, folder. */
static enum run_args_status word_opt(int c, const char *arg,
				     struct run_opts *o, char *err, size_t len)
{
	char known[96];

	switch (c) {
	case OPT_SUITE:
		if (strcmp(arg, "quick") && strcmp(arg, "full"))
			return bad(err, len, "bad --suite '%s': give quick or full", arg);
		o->suite = strcmp(arg, "quick") ? SUITE_FULL : SUITE_QUICK;
		return RUN_ARGS_OK;
	case OPT_TESTS:
		if (!*arg)
			return bad(err, len, "bad --tests '': give a test name or pattern (see `dmabench list`)");
		o->tests = arg;
		return RUN_ARGS_OK;
	case OPT_KINDS:
		if (!parse_kind_list(arg, &o->kinds))
			return RUN_ARGS_OK;
		kind_words(known, sizeof(known));
		return bad(err, len, "bad --kinds '%s': give a comma-separated list of %s",
			   arg, known);
	case OPT_SIZES:
		if (parse_size_range(arg, &o->size_min, &o->size_max))
			return bad(err, len, "bad --sizes '%s': give a size or a range like 4K-64M of powers of two from 4K to 64G (units K, M, G)",
				   arg);
		o->sizes_given = true;
		return RUN_ARGS_OK;
	case OPT_DIRS:
		if (parse_dir_list(arg, &o->dirs))
			return bad(err, len, "bad --dirs '%s': give a comma-separated list of to, from, bidi",
				   arg);
		return RUN_ARGS_OK;
	case OPT_DEVICE:
		if (name_parse(&device_names, arg, &o->device)) {
			o->device_given = true;
			return RUN_ARGS_OK;
		}
		name_join(&device_names, ", ", known, sizeof(known));
		return bad(err, len, "bad --device '%s': give one of %s", arg, known);
	default:	/* OPT_OUT */
		if (!*arg)
			return bad(err, len, "bad --out '': give a folder name");
		o->out = arg;
		return RUN_ARGS_OK;
	}
}

static enum run_args_status one_opt(int c, const char *arg, struct run_opts *o,
				    char *err, size_t len)
{
	switch (c) {
	case OPT_SUITE: case OPT_TESTS: case OPT_KINDS: case OPT_SIZES:
	case OPT_DIRS: case OPT_DEVICE: case OPT_OUT:
		return word_opt(c, arg, o, err, len);
	case OPT_EXACT_THREADS:
		o->threads_exact = true;
		return RUN_ARGS_OK;
	case OPT_MIN_TIME:
		if (parse_seconds(arg, &o->min_time))
			return bad(err, len, "bad --min-time '%s': give seconds, more than 0 and at most 86400",
				   arg);
		return RUN_ARGS_OK;
	default:
		return number_opt(c, arg, o, err, len);
	}
}

/* getopt's complaint, in our words. */
static enum run_args_status getopt_failed(int c, char **argv, char *err, size_t len)
{
	const char *word = optind > 0 ? argv[optind - 1] : "?";

	if (c == ':')
		return bad(err, len, "option '%s' needs a value", word);
	return bad(err, len, "unknown option '%s'", word);
}

enum run_args_status run_args_parse(int argc, char **argv, struct run_opts *o,
				    char *err, size_t errlen)
{
	enum run_args_status st;
	int c;

	run_opts_default(o);
	optind = 0;	/* glibc: full reinitialisation, so tests can parse twice */
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":h", long_opts, NULL)) != -1) {
		if (c == 'h') {
			run_usage(stdout);
			return RUN_ARGS_HELP;
		}
		if (c == '?' || c == ':')
			return getopt_failed(c, argv, err, errlen);
		st = one_opt(c, optarg, o, err, errlen);
		if (st != RUN_ARGS_OK)
			return st;
	}
	if (optind < argc)
		return bad(err, errlen, "unexpected argument '%s'", argv[optind]);
	if (o->iters && o->min_time > 0)
		return bad(err, errlen, "--iters and --min-time exclude each other: give one");
	return RUN_ARGS_OK;
}
