#!/usr/bin/env bash
# Checks given to eval are single-quoted to expand when they run.
# shellcheck disable=SC2016
# host-path-guest.sh PCI_ADDR: the host path of `make run`, checked inside a
# lab guest that is a host (scripts/lab --hostroot: the host's root file system,
# its toolchain and kernel headers, chrooted into; the guest's kernel loads
# modules).  Run by tests/lab/host-path-test.sh from the work tree's top.
#
#  1. `make run` rebuilds the module against the running kernel's headers
#     (uname -r here is the lab kernel, whose headers the host has), loads it,
#     measures, unloads it and writes the report;
#  2. scripts/run-benchmarks --host --pci PCI_ADDR takes a PCI device from its
#     driver (virtio-pci), measures on it and gives it back;
#  3. also when the run fails, and when it is stopped by SIGTERM (as by Ctrl-C:
#     the whole process group gets it) in the middle of a measurement.
#
# TAP on stdout (no plan: the caller numbers the lines and counts), commands'
# output on stderr.  Results are copied to /results/host-path for the host.
set -uo pipefail

PCI=${1:?usage: host-path-guest.sh PCI_ADDR}
# The run must label itself as a host's, as on a real one: no lab preset.
unset LAB_PRESET DMABENCH_LAB_PRESET LAB_MODULE LAB_MODPARAMS
# The lab's edu is widened to 64 bits (lab.d/machine.sh); told nothing, the
# module takes QEMU's default 28 bits, which leave the page kinds ZONE_DMA's
# 16 MiB and make the quick suite's 16 MiB buffers fail.  A host owner with
# such a device tells the module the same way (run-benchmarks reads it).
export DMABENCH_MODPARAMS="pci_dma_bits=64${DMABENCH_MODPARAMS:+ $DMABENCH_MODPARAMS}"
# A short run: a few tests of the quick suite (the point is the path, not the numbers).
readonly RUN_TESTS=empty,map_single,sync,transfer
KREL=$(uname -r)
readonly KREL
LOGS=/tmp/host-path
mkdir -p "$LOGS" /results/host-path
N=0

check() {
	local what=$1 detail=$2
	shift 2
	if "$@"; then
		echo "ok - host-path: $what"
	else
		echo "not ok - host-path: $what${detail:+ # $detail}"
	fi
	N=$((N + 1))
}

module_gone() {
	[[ ! -e /sys/module/dmabench && ! -e /dev/dmabench ]]
}

# json_field FILE EXPR: a value of results.json (python: d is the document).
json_field() {
	python3 -c 'import json, sys; d = json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' \
		"$1" "$2" 2>/dev/null
}

pci_driver() {
	local link
	link=$(readlink "/sys/bus/pci/devices/$PCI/driver" 2>/dev/null) || return 0
	basename "$link"
}

# The last "<dir>/report.html" line run-benchmarks printed.
run_dir() {
	local line
	line=$(grep '/report\.html$' "$1" | tail -n1)
	dirname "$line" 2>/dev/null
}

# --- 1. make run ------------------------------------------------------------

make_run() {
	local start end rc dir vermagic
	# The module of the host's build must not be reused: rebuilt here, for uname -r.
	make -C kmod KDIR="/lib/modules/$KREL/build" clean >/dev/null 2>&1
	rm -f kmod/dmabench.ko
	check "before make run: no module loaded, none built" "" \
		eval '[[ ! -e kmod/dmabench.ko ]] && module_gone'
	start=$(date +%s)
	make run SUITE=quick RUN_ARGS="--tests $RUN_TESTS" >"$LOGS/make-run.out" 2>"$LOGS/make-run.err"
	rc=$?
	end=$(date +%s)
	echo "# make run took $((end - start)) s (module build $(build_seconds) s)"
	check "make run exits 0" "exit $rc: $(tail -n1 "$LOGS/make-run.err")" [ "$rc" -eq 0 ]
	check "make run took the host path (measuring on this host's kernel $KREL)" \
		"$(grep -m1 'run-benchmarks:' "$LOGS/make-run.err")" \
		grep -q "measuring on this host's kernel $KREL" "$LOGS/make-run.err"
	vermagic=$(modinfo -F vermagic kmod/dmabench.ko 2>/dev/null | cut -d' ' -f1)
	check "the module was rebuilt against the running kernel's headers ($KREL)" \
		"vermagic '${vermagic:-none}'" \
		eval '[[ $vermagic == "$KREL" && $(stat -c %Y kmod/dmabench.ko) -ge $start ]]'
	check "the module is unloaded after the run" "$(ls -d /sys/module/dmabench 2>&1)" module_gone
	dir=$(run_dir "$LOGS/make-run.out")
	check "the run wrote results.json and report.html" "dir '${dir:-none}'" \
		test -s "$dir/results.json" -a -s "$dir/report.html"
	check "the results say host, not lab, and the running kernel $KREL" \
		"$(json_field "$dir/results.json" '[d["platform"].get(k) for k in ("preset", "lab", "kernel")]')" \
		[ "$(json_field "$dir/results.json" \
			'"%s %s %s" % (d["platform"]["preset"], d["platform"]["lab"], d["platform"]["kernel"])')" \
			= "host False $KREL" ]
	check "the module was loaded for the run (results hold its info and timings)" "" \
		[ "$(json_field "$dir/results.json" \
			'bool(d["platform"]["info"]) and any(i.get("test") == "sync" for i in d["results"])')" \
			= True ]
	[[ -d $dir ]] && cp "$dir/results.json" "$dir/report.html" /results/host-path/
	cp "$LOGS"/make-run.* /results/host-path/
}

# How long kbuild took, from its outputs' times: the earliest object to the .ko.
build_seconds() {
	local first last
	first=$(stat -c %Y kmod/*.o 2>/dev/null | sort -n | head -n1)
	last=$(stat -c %Y kmod/dmabench.ko 2>/dev/null)
	[[ -n $first && -n $last ]] || { echo '?'; return; }
	echo $((last - first))
}

# --- 2. run-benchmarks --host --pci -------------------------------------------

pci_give_back() {
	local before rc dir override
	before=$(pci_driver)
	check "PCI device $PCI is bound to virtio-pci before the run" "driver '${before:-none}'" \
		[ "$before" = virtio-pci ]
	scripts/run-benchmarks --host --pci "$PCI" --out-root /tmp/host-path-pci -- \
		--tests empty,map_single --sizes 4K >"$LOGS/pci.out" 2>"$LOGS/pci.err"
	rc=$?
	cp "$LOGS"/pci.* /results/host-path/
	check "run-benchmarks --host --pci $PCI exits 0" "exit $rc: $(tail -n1 "$LOGS/pci.err")" [ "$rc" -eq 0 ]
	dir=$(run_dir "$LOGS/pci.out")
	check "the run was made on the PCI device (results.json: device $PCI, kind pci, driver dmabench)" \
		"$(json_field "$dir/results.json" 'd["platform"]["info"]["device"]')" \
		[ "$(json_field "$dir/results.json" \
			'" ".join(d["platform"]["info"]["device"][k] for k in ("name", "kind", "driver"))')" \
			= "$PCI pci dmabench" ]
	check "the module is unloaded after the --pci run" "" module_gone
	check "PCI device $PCI is bound to $before again" "driver '$(pci_driver)'" \
		[ "$(pci_driver)" = "$before" ]
	override=$(cat "/sys/bus/pci/devices/$PCI/driver_override" 2>/dev/null)
	check "driver_override of $PCI is empty again" "'$override'" \
		eval '[[ -z $override || $override == "(null)" ]]'
	scripts/run-benchmarks --host --pci 0000:00:1e.7 >/dev/null 2>"$LOGS/nopci.err"
	rc=$?
	check "--pci of a missing device is refused in a sentence (exit 2)" \
		"exit $rc: $(tail -n1 "$LOGS/nopci.err")" \
		eval '[[ $rc -eq 2 ]] && grep -q "there is no PCI device 0000:00:1e.7" "$LOGS/nopci.err"'
}

# --- 3. a failed and a stopped run clean up too -------------------------------

# after_run WHAT: the module is gone and the device is back with virtio-pci.
after_run() {
	check "$1: the module is unloaded" "" module_gone
	check "$1: PCI device $PCI is bound to virtio-pci again" "driver '$(pci_driver)'" \
		[ "$(pci_driver)" = virtio-pci ]
}

failed_run() {
	local rc
	scripts/run-benchmarks --host --pci "$PCI" --out-root /tmp/host-path-fail -- \
		--tests no_such_test >/dev/null 2>"$LOGS/fail.err"
	rc=$?
	cp "$LOGS/fail.err" /results/host-path/
	check "a failing --pci run (unknown test) exits non-zero" "exit $rc" [ "$rc" -ne 0 ]
	after_run "after a failing run"
}

# In its own session, so that the signal reaches run-benchmarks and dmabench
# together, as Ctrl-C reaches a terminal's foreground process group.
stopped_run() {
	local pid rc tries=600 dir
	setsid scripts/run-benchmarks --host --pci "$PCI" --out-root /tmp/host-path-term -- \
		--tests sync --min-time 2 >"$LOGS/term.out" 2>"$LOGS/term.err" &
	pid=$!
	# Stopped in the middle of the run: once its first measurement is reported.
	until grep -q 'p50' "$LOGS/term.err" 2>/dev/null || ((tries-- == 0)); do
		sleep 0.2
	done
	kill -TERM -- "-$pid" 2>/dev/null
	wait "$pid"
	rc=$?
	cp "$LOGS"/term.* /results/host-path/
	check "a --pci run stopped by SIGTERM exits 143" "exit $rc: $(tail -n1 "$LOGS/term.err")" \
		[ "$rc" -eq 143 ]
	after_run "after a stopped run"
	dir=$(run_dir "$LOGS/term.out")
	check "the stopped run's results are kept, marked incomplete, with a report" \
		"complete: $(json_field "$dir/results.json" 'd["complete"]')" \
		eval '[[ $(json_field "$dir/results.json" "d[\"complete\"]") == False && -s $dir/report.html ]]'
}

make_run
pci_give_back
failed_run
stopped_run
echo "# host-path: $N checks"
