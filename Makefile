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

.PHONY: all setup kmod dmabench bench check-kmod test test-host test-lab run clean fuzz

all: kmod dmabench

setup:
	scripts/setup

kmod:
	$(MAKE) -C kmod KDIR=$(KDIR)

dmabench:
	$(MAKE) -C bench

# A benchmark, not a test: dmabench's cached copy against perf bench mem memcpy.
bench: dmabench
	scripts/bench-baseline

# Kernel-style checks: W=1 warnings as errors, sparse, checkpatch --strict.
check-kmod:
	$(MAKE) -C kmod KDIR=$(KDIR) check

test-host: all check-kmod
	$(MAKE) -C tests host

test-lab: all
	$(MAKE) -C tests lab

test: setup
	$(MAKE) test-host
	$(MAKE) test-lab

run: setup all
	scripts/run-benchmarks

# The fuzzer in one lab boot: make fuzz [OPS=1000000] [PRESET=direct] [SEED=n]
# (tests/fuzz/guest-fuzz.sh: the run, then counters, memory, access, byte cap).
fuzz: all
	$(MAKE) -C tests/fuzz
	ops=$(or $(OPS),1000000); scripts/lab $(or $(PRESET),direct) \
		--timeout $$((900 + ops / 100)) --add tests/bin/dmabench_fuzz \
		--add tests/fuzz/guest-fuzz.sh -- guest-fuzz.sh $$ops $(SEED)

clean:
	$(MAKE) -C kmod KDIR=$(KDIR) clean || true
	$(MAKE) -C bench clean
	$(MAKE) -C tests clean
