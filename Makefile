# dmabench: top-level build.  `make run` does the main job, `make test` tests.
#
# Where things live:
#   kmod/    the kernel module (Kbuild)        bench/    the dmabench harness
#   scripts/ setup, lab, run-benchmarks        tests/    unit, kmod and lab tests
#   include/uapi/dmabench.h  the ioctl ABI, shared by both sides

SHELL := /bin/bash
export DMABENCH_CACHE ?= $(HOME)/.cache/dmabench

# The module is built for the running kernel when its headers are installed,
# else for the lab's Debian kernel (resolved by scripts/kernel-abi, never fixed here).
KDIR ?= $(shell scripts/kernel-abi --kdir)

# Other Debian kernel series the lab boots (presets NAME@6.12, scripts/setup fetches
# them): `make kmod-6.12` builds build/kmod-6.12/dmabench.ko against that series'
# headers, `make check-kmod-6.12` checks the module there.
LAB_SERIES := 6.12
KMOD_SERIES := $(addprefix kmod-,$(LAB_SERIES))

.PHONY: all setup kmod dmabench bench bench-report bench-gate check-kmod test test-host test-lab run clean fuzz
.PHONY: $(KMOD_SERIES) $(addprefix check-,$(KMOD_SERIES)) $(addprefix test-,$(LAB_SERIES))
.PHONY: dkms-src test-dkms test-browser test-host-path

all: kmod dmabench

setup:
	scripts/setup

kmod:
	$(MAKE) -C kmod KDIR=$(KDIR)

dmabench:
	$(MAKE) -C bench

$(KMOD_SERIES): kmod-%:
	$(MAKE) -C kmod KDIR=$$(scripts/kernel-abi --kernel $* --lab-kdir) OUT=$(CURDIR)/build/kmod-$*

# A benchmark, not a test: dmabench's cached copy against perf bench mem memcpy.
bench: dmabench
	scripts/bench-baseline

# A benchmark, not a test: `report` of 7.5k/15k/30k items and `compare` of
# 8 runs x 1.25k/2.5k/5k, wall and CPU seconds (bench/tools/bench-report).
bench-report: dmabench
	$(MAKE) -C bench bench-report

# A benchmark, not a test: the regression gate's false alarms on identical
# builds and its catch rate of a planted x1.25 slowdown, on this host with the
# tests that need no module (scripts/bench-gate; GATE_ARGS= e.g. "--trials 5"),
# or with LAB=PRESET on kernel ops in one lab boot, slowed by the module's
# plant_ops (kmod/plant.c).
bench-gate: $(if $(LAB),all,dmabench)
	scripts/bench-gate $(if $(LAB),--lab $(LAB)) $(GATE_ARGS)

# Kernel-style checks: W=1 warnings as errors, sparse, checkpatch --strict.
check-kmod:
	$(MAKE) -C kmod KDIR=$(KDIR) check

# The DKMS source tree of the module (kmod/dkms.conf), for `dkms add`:
# build/dkms/dmabench-<version>.  test-dkms runs tests/dkms-test.sh.
dkms-src:
	scripts/dkms-source build/dkms

test-dkms:
	$(MAKE) -C tests dkms

$(addprefix check-,$(KMOD_SERIES)): check-kmod-%:
	$(MAKE) -C kmod KDIR=$$(scripts/kernel-abi --kernel $* --lab-kdir) OUT=$(CURDIR)/build/kmod-$* check

test-host: all check-kmod $(addprefix check-,$(KMOD_SERIES))
	$(MAKE) -C tests host

test-lab: all $(KMOD_SERIES) arm64
	$(MAKE) -C tests lab

# The lab tests of every preset of a series, e.g. make test-6.12.
$(addprefix test-,$(LAB_SERIES)): test-%: all kmod-%
	LAB_SCRIPT_TESTS=0 $(MAKE) -C tests lab \
		LAB_PRESETS="$$(scripts/lab --list | sed -n 's/^\([^ :]*@$*\):.*/\1/p' | tr '\n' ' ')"

test: setup
	$(MAKE) test-host
	$(MAKE) test-lab

# make run's host path (build, load, run, unload, report; --pci and the
# device given back) in a lab guest chrooted into this machine's root
# (scripts/lab --hostroot); test-lab runs it too.  About 5 minutes.
test-host-path: dmabench
	$(MAKE) -C tests host-path

# The debug kernel (scripts/build-debug-kernel: linux-source-6.1 with KASAN,
# kmemleak, DMA-API debugging, lockdep and dma_map_benchmark, built in
# $(DMABENCH_CACHE)/debug-kernel; 5-16 min on 2 cores; not in make test, see README),
# the module built against its tree, and the lab tests on the `debug` preset
# (guest-tests.sh ends there with a kmemleak scan and dma-api/error_count).
# make anchor: dmabench's map_scaling beside the kernel's dma_map_benchmark in
# one debug boot, into results/anchor-DATE/anchor.json (scripts/anchor).
DEBUG_KDIR = $(shell scripts/build-debug-kernel --print)
.PHONY: debug-kernel kmod-debug test-debug anchor

debug-kernel:
	scripts/build-debug-kernel

kmod-debug: debug-kernel
	$(MAKE) -C kmod KDIR=$(DEBUG_KDIR) OUT=$(CURDIR)/build/kmod-debug

test-debug: all kmod-debug
	/usr/bin/python3 tests/lab/anchor-combine-test.py
	LAB_SCRIPT_TESTS=0 $(MAKE) -C tests lab LAB_PRESETS=debug

anchor: dmabench kmod-debug
	scripts/anchor

# PLATFORMS=direct,swiotlb,... or all; SUITE=quick|full; REPEAT=N repetitions
# each (run --repeat N, for compare --fail-above); PCI=DDDD:BB:DD.F (a
# device of this machine, given back to its driver afterwards); RUN_ARGS= more
# dmabench run arguments (e.g. RUN_ARGS="--tests sync,map_*").  The module is
# built by run-benchmarks --build for the way it measures: against the running
# kernel's headers here, or for the lab presets' kernels (the 6.12 module and
# the arm64 pieces only when a preset needs them): a host that loads the module
# builds nothing for the lab.  setup first, sequentially, even under make -j.
run:
	scripts/setup $(if $(PLATFORMS),,--run)
	$(MAKE) dmabench
	scripts/run-benchmarks --build $(if $(PLATFORMS),--platforms $(PLATFORMS)) \
		$(if $(SUITE),--suite $(SUITE)) $(if $(PCI),--pci $(PCI)) \
		$(if $(REPEAT),--repeat $(REPEAT)) $(if $(RUN_ARGS),-- $(RUN_ARGS))

# The fuzzer in one lab boot: make fuzz [OPS=1000000] [PRESET=direct] [SEED=n]
# (tests/fuzz/guest-fuzz.sh: the run, then counters, memory, access, byte cap).
fuzz: all
	$(MAKE) -C tests/fuzz
	ops=$(or $(OPS),1000000); scripts/lab $(or $(PRESET),direct) \
		--timeout $$((900 + ops / 100)) --add tests/bin/dmabench_fuzz \
		--add tests/fuzz/guest-fuzz.sh --add tests/fuzz/regression-seeds \
		-- guest-fuzz.sh $$ops $(SEED)

# arm64, the lab's arm64 preset: the module, the harness and kmod_test cross-built
# into build/arm64/ against what scripts/setup fetches (the arm64 headers of the
# x86 lab's kernel ABI, multiarch -dev packages, libperf-arm64).
ARM64_CROSS := aarch64-linux-gnu-
ARM64_ABI = $(shell scripts/kernel-abi)
ARM64_KDIR = $(DMABENCH_CACHE)/arm64/$(ARM64_ABI)/usr/src/linux-headers-$(ARM64_ABI)-arm64
ARM64_KMOD = $(MAKE) -C kmod KDIR=$(ARM64_KDIR) ARCH=arm64 CROSS_COMPILE=$(ARM64_CROSS) \
	OUT=$(CURDIR)/build/arm64/kmod

.PHONY: arm64 kmod-arm64 dmabench-arm64 check-kmod-arm64 test-arm64

arm64: kmod-arm64 dmabench-arm64
	$(MAKE) -C tests/kmod arm64
	$(MAKE) -C tests/fuzz CC=$(ARM64_CROSS)gcc BIN=$(CURDIR)/build/arm64/tests

kmod-arm64:
	$(ARM64_KMOD)

# W=1 and sparse for arm64 (checkpatch does not depend on the arch: check-kmod).
check-kmod-arm64:
	$(ARM64_KMOD) check-w1 check-sparse

# pkg-config reads the arm64 .pc files of the multiarch -dev packages.
dmabench-arm64:
	PKG_CONFIG_LIBDIR=/usr/lib/aarch64-linux-gnu/pkgconfig:/usr/share/pkgconfig \
		$(MAKE) -C bench CC=$(ARM64_CROSS)gcc LIBPERF=$(DMABENCH_CACHE)/libperf-arm64 \
		BUILD=$(CURDIR)/build/arm64/bench-obj BIN=$(CURDIR)/build/arm64/bench/dmabench \
		ACCESS_TEST=$(CURDIR)/build/arm64/tests/test_access all access-test

# The arm64 preset's lab tests alone (test-lab runs them too): ~2.5 min idle.
test-arm64: arm64
	LAB_SCRIPT_TESTS=0 tests/lab/run-lab-tests.sh arm64

clean:
	$(MAKE) -C kmod KDIR=$(KDIR) clean || true
	rm -rf $(addprefix build/kmod-,$(LAB_SERIES)) build/kmod-debug build/dkms
	$(MAKE) -C bench clean
	$(MAKE) -C tests clean

# Not in make test (chromium is large): the HTML reports load in headless
# Chromium with no console errors and no network requests.
test-browser: dmabench
	scripts/setup --browser
	tests/browser/check-report.sh
