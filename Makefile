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

.PHONY: all setup kmod dmabench bench check-kmod test test-host test-lab run clean fuzz
.PHONY: $(KMOD_SERIES) $(addprefix check-,$(KMOD_SERIES)) $(addprefix test-,$(LAB_SERIES))
.PHONY: dkms-src test-dkms

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

test-host: all check-kmod
	$(MAKE) -C tests host

test-lab: all $(KMOD_SERIES)
	$(MAKE) -C tests lab

# The lab tests of every preset of a series, e.g. make test-6.12.
$(addprefix test-,$(LAB_SERIES)): test-%: all kmod-%
	LAB_SCRIPT_TESTS=0 $(MAKE) -C tests lab \
		LAB_PRESETS="$$(scripts/lab --list | sed -n 's/^\([^ :]*@$*\):.*/\1/p' | tr '\n' ' ')"

test: setup
	$(MAKE) test-host
	$(MAKE) test-lab

run: setup all $(KMOD_SERIES)
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
