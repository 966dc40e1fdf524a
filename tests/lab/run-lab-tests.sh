#!/usr/bin/env bash
# run-lab-tests.sh [PRESET...]: the lab tests, one guest boot per preset.
#
# First tests/lab/lab-script-tests.sh checks scripts/lab itself (LAB_SCRIPT_TESTS=0
# skips that, and the host-path test at the end: tests/lab/host-path-test.sh,
# make run's host path in a guest booted with scripts/lab --hostroot, which
# LAB_HOST_PATH_TESTS=0 skips alone).
# Then each boot runs tests/lab/guest-tests.sh (with bench/dmabench and
# tests/bin/kmod_test) under scripts/lab; its TAP lines are renumbered into one
# stream as they arrive.  A boot that fails (panic, WARN in the kernel log,
# timeout, ...) or stops short is a failing test of its own.  Ends with a plan
# and `lab: N passed, N failed`; exits 1 when anything failed.
#
# PRESET "all" is every preset scripts/lab --list prints.  The default presets
# (DEFAULT_PRESETS) keep the run under about 20 minutes; the other 6.12 and
# IOMMU variants are run by name (make test-6.12, LAB_PRESETS=...).
#
# A boot the emulator failed, not the guest (scripts/lab's "emulator stall": the
# guest answered neither sysrq nor an NMI; or an int3 Oops outside the module,
# the trace of a TCG vCPU running code a text_poke had already rewritten) is
# booted once more, said so in the stream and in the summary; only the second
# boot's TAP counts, and its failure fails.
#
# Environment: LAB_TEST_TIMEOUT (seconds per boot, default 1200),
# LAB_TEST_STALL (seconds of guest silence, default 300).
set -uo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
readonly ROOT
readonly DEFAULT_PRESETS=(direct swiotlb iommu-strict iommu-lazy
	direct@6.12 amd-iommu-strict virtio-iommu-strict@6.12 arm64 narrow-mask
	iommu-pt edu-stock arm64-smmuv3)
readonly TIMEOUT=${LAB_TEST_TIMEOUT:-1200}
# A guest silent this long is asked why and stopped (scripts/lab --stall):
# above the kernel's own lockup reports (120 s), below a normal boot's length.
readonly STALL=${LAB_TEST_STALL:-300}

TOTAL=0
PASSED=0
FAILED=0
FAILED_BOOTS=()
RETRIED=()
TMP=$(mktemp -d "${TMPDIR:-/tmp}/dmabench-labtests.XXXXXX")
trap 'rm -rf "$TMP"' EXIT

emit() {
	local verdict=$1 what=$2
	TOTAL=$((TOTAL + 1))
	if [[ $verdict == ok ]]; then
		PASSED=$((PASSED + 1))
		echo "ok $TOTAL - $what"
	else
		FAILED=$((FAILED + 1))
		echo "not ok $TOTAL - $what"
		echo "not ok $TOTAL - $what" >>"$TMP/failures"
	fi
}

# A long run's log is often read from its tail only (CI keeps the last
# lines): the failures again, and the end of the kernel log of each boot that
# failed, just above the summary.
failure_summary() {
	local preset retried
	for retried in "${RETRIED[@]}"; do
		echo "# booted twice (the emulator failed the first boot): $retried" | cut -c1-400
	done
	[[ -s $TMP/failures ]] || return 0
	echo "# failures, repeated from above:"
	cut -c1-400 "$TMP/failures" | sed 's/^/#   /'
	for preset in "${FAILED_BOOTS[@]}"; do
		echo "# $preset: the kernel log's last lines (lab-out/tests/$preset/console.log):"
		tail -n 8 "$ROOT/lab-out/tests/$preset/console.log" 2>/dev/null | cut -c1-200 | sed 's/^/#   | /'
	done
}

# One TAP line from the guest: renumbered; comments and other output kept as
# comments.  Sets GUEST_RESULTS / GUEST_PLAN.
relay() {
	local line=$1
	if [[ $line =~ ^ok\ [0-9]+\ -\ (.*)$ ]]; then
		GUEST_RESULTS=$((GUEST_RESULTS + 1))
		emit ok "${BASH_REMATCH[1]}"
	elif [[ $line =~ ^not\ ok\ [0-9]+\ -\ (.*)$ ]]; then
		GUEST_RESULTS=$((GUEST_RESULTS + 1))
		emit "not ok" "${BASH_REMATCH[1]}"
	elif [[ $line =~ ^1\.\.([0-9]+)$ ]]; then
		GUEST_PLAN=${BASH_REMATCH[1]}
	elif [[ $line == \#* ]]; then
		echo "$line"
	elif [[ $line == "EDU: clamping DMA "* ]]; then
		# QEMU's edu says so on its stdout when it truncates an address
		# above its dma_mask: that transfer went outside its buffer.
		EDU_CLAMPED=$((EDU_CLAMPED + 1))
		echo "# $line"
	else
		echo "# $line"
	fi
}

# The test programs built for a preset's machine: arm64's are cross-built
# into build/arm64/tests (make arm64), x86's into tests/bin.
test_bin_dir() {
	local arch
	arch=$(awk -F'|' -v p="$1" '{ gsub(/[ \t]/, "", $1); gsub(/[ \t]/, "", $2) }
		$1 == p { print $2 }' "$ROOT/scripts/lab.d/presets")
	case $arch in
	aarch64) echo "$ROOT/build/arm64/tests" ;;
	*) echo "$ROOT/tests/bin" ;;
	esac
}

lab_args() {
	local preset=$1 bin
	bin=$(test_bin_dir "$preset")
	LAB_ARGS=("$preset" --no-module --timeout "$TIMEOUT" --stall "$STALL"
		--add "$ROOT/tests/lab/guest-tests.sh")
	[[ -x $bin/kmod_test ]] && LAB_ARGS+=(--add "$bin/kmod_test")
	# The access kernels' unit test, where the host cannot run them (arm64).
	[[ $bin != "$ROOT/tests/bin" && -x $bin/test_access ]] && LAB_ARGS+=(--add "$bin/test_access")
	[[ -x $bin/dmabench_fuzz ]] &&
		LAB_ARGS+=(--add "$bin/dmabench_fuzz" --add "$ROOT/tests/fuzz/guest-fuzz.sh"
			--add "$ROOT/tests/fuzz/regression-seeds")
	# No --module: scripts/lab stages the module built for the preset's kernel.
	LAB_ARGS+=(--log "$ROOT/lab-out/tests/$preset/console.log" -- guest-tests.sh "$preset")
}

# keep_tap FILE PRESET: the boot's TAP into FILE, for after the boot (a boot
# booted again must not count), and meanwhile on stderr how far it got.
keep_tap() {
	local file=$1 preset=$2 line fd n=0
	exec {fd}>"$file"
	while IFS= read -r line; do
		printf '%s\n' "$line" >&"$fd"
		[[ $line == "ok "* || $line == "not ok "* ]] || continue
		n=$((n + 1))
		((n % 500)) || echo "# $preset: $n results so far" >&2
	done
	exec {fd}>&-
}

# boot_preset PRESET: one boot; its TAP in TMP/PRESET.tap, its stderr (shown
# as it comes) in TMP/PRESET.err, its status in TMP/PRESET.rc, and the reason
# scripts/lab gave for a failure in BOOT_REASON.
boot_preset() {
	local preset=$1
	"$ROOT/scripts/lab" "${LAB_ARGS[@]}" 2> >(tee "$TMP/$preset.err" >&2) |
		keep_tap "$TMP/$preset.tap" "$preset"
	echo "${PIPESTATUS[0]}" >"$TMP/$preset.rc"
	BOOT_REASON=$(grep -a "^lab: $preset: FAILED: " "$TMP/$preset.err" | tail -n1)
	BOOT_REASON=${BOOT_REASON#lab: "$preset": FAILED: }
}

# emulator_failed LOG: the last boot (BOOT_REASON, its kernel log LOG) failed
# through no fault of the guest's code (see the header).
emulator_failed() {
	local log=$1
	[[ $BOOT_REASON == "emulator stall:"* ]] && return 0
	[[ $BOOT_REASON == *"Oops: int3"* ]] || return 1
	! sed -n '/Oops: int3/,/end trace/p' "$log" | grep -q '\[dmabench\]'
}

run_preset() {
	local preset=$1 rc
	GUEST_RESULTS=0
	GUEST_PLAN=
	EDU_CLAMPED=0
	lab_args "$preset"
	echo "# $preset: scripts/lab ${LAB_ARGS[*]}"
	boot_preset "$preset"
	if emulator_failed "$ROOT/lab-out/tests/$preset/console.log"; then
		mv -f "$ROOT/lab-out/tests/$preset/console.log" "$ROOT/lab-out/tests/$preset/console.retried.log"
		echo "# $preset: the emulator failed this boot, not the guest: $BOOT_REASON"
		echo "# $preset: (its kernel log: lab-out/tests/$preset/console.retried.log); booting once more"
		RETRIED+=("$preset: $BOOT_REASON")
		boot_preset "$preset"
	fi
	while IFS= read -r line; do
		relay "$line"
	done <"$TMP/$preset.tap"
	rc=$(cat "$TMP/$preset.rc")
	# scripts/lab: 124 timeout or stall, 125 lab or kernel failure, with a reason line.
	if [[ $rc -eq 124 || $rc -eq 125 ]]; then
		emit "not ok" "$preset: boot and kernel log clean # $BOOT_REASON"
		FAILED_BOOTS+=("$preset")
	else
		emit ok "$preset: boot and kernel log clean"
	fi
	if [[ $EDU_CLAMPED -eq 0 ]]; then
		emit ok "$preset: QEMU's edu never truncated a DMA address (no transfer outside its buffer)"
	else
		emit "not ok" "$preset: QEMU's edu never truncated a DMA address (no transfer outside its buffer) # $EDU_CLAMPED 'EDU: clamping DMA' lines"
	fi
	if [[ $GUEST_PLAN != "$GUEST_RESULTS" ]]; then
		emit "not ok" "$preset: guest tests complete # plan '${GUEST_PLAN:-none}', $GUEST_RESULTS results, exit $rc"
	elif [[ $rc -ne 0 && $rc -ne 1 && $rc -ne 124 && $rc -ne 125 ]]; then
		emit "not ok" "$preset: guest tests exit status # $rc"
	fi
}

# run_relayed LABEL SCRIPT: a host-side test script's TAP, relayed like a
# preset's, with a short run (fewer results than its plan) a failure of its own.
# lab-script-tests.sh checks scripts/lab itself; host-path-test.sh is make run's
# host path in a guest that is a host (scripts/lab --hostroot; about 5 minutes,
# most of it gcc under TCG).
run_relayed() {
	local label=$1 script=$2 rc
	GUEST_RESULTS=0
	GUEST_PLAN=
	while IFS= read -r line; do
		relay "$line"
	done < <("$script"
		echo "$?" >"$TMP/$label.rc")
	rc=$(cat "$TMP/$label.rc")
	if [[ $GUEST_PLAN != "$GUEST_RESULTS" ]]; then
		emit "not ok" "$label: tests complete # plan '${GUEST_PLAN:-none}', $GUEST_RESULTS results, exit $rc"
	fi
}

# A short real run (the quick suite) whose results.json is checked on the
# host against bench/results.schema.json and against what a run must hold.
run_quick_suite() {
	local preset=$1 out=$TMP/run-$1 rc line device=()
	# arm64's point is its non-coherent platform device (edu is coherent there).
	[[ $preset == arm64 ]] && device=(--device platform)
	echo "# $preset: scripts/lab $preset --out $out -- dmabench run --suite quick ${device[*]} --out /results/q"
	"$ROOT/scripts/lab" "$preset" --timeout "$TIMEOUT" --stall "$STALL" --out "$out" \
		--log "$ROOT/lab-out/tests/$preset/run-console.log" -- \
		dmabench run --suite quick "${device[@]}" --out /results/q >/dev/null 2>"$TMP/$preset.run.err"
	rc=$?
	if [[ $rc -ne 0 ]]; then
		emit "not ok" "$preset: dmabench run --suite quick exits 0 # exit $rc: $(tail -n1 "$TMP/$preset.run.err")"
		return
	fi
	emit ok "$preset: dmabench run --suite quick exits 0"
	"$ROOT/tests/lab/check-results.py" "$out/q/results.json" "$preset" >"$TMP/$preset.check" 2>&1
	rc=$?
	while IFS= read -r line; do
		relay "$(sed -E 's/^(not )?ok - /\1ok 0 - /' <<<"$line")"
	done <"$TMP/$preset.check"
	if [[ $rc -ne 0 ]] && ! grep -q '^not ok' "$TMP/$preset.check"; then
		emit "not ok" "$preset: check-results.py ran # exit $rc"
	fi
	# The run recorded driver_facts: decide answers from it, with a verdict.
	if "$ROOT/bench/dmabench" decide "$out/q" >"$TMP/$preset.decide" 2>&1 &&
		grep -q '^A driver that assumes coherent streaming here' "$TMP/$preset.decide"; then
		emit ok "$preset: dmabench decide on the quick run's results.json"
	else
		emit "not ok" "$preset: dmabench decide on the quick run's results.json # $(tail -n1 "$TMP/$preset.decide")"
	fi
}

main() {
	local preset presets=("$@")
	[[ ${#presets[@]} -gt 0 ]] || presets=("${DEFAULT_PRESETS[@]}")
	if [[ ${presets[*]} == all ]]; then
		mapfile -t presets < <("$ROOT/scripts/lab" --list | sed -n 's/^\([^ :]*\):.*/\1/p')
	fi
	[[ ${LAB_SCRIPT_TESTS:-1} == 0 ]] || run_relayed lab-script "$ROOT/tests/lab/lab-script-tests.sh"
	for preset in "${presets[@]}"; do
		run_preset "$preset"
	done
	for preset in "${presets[@]}"; do
		case $preset in direct | swiotlb | arm64) run_quick_suite "$preset" ;; esac
	done
	[[ ${LAB_SCRIPT_TESTS:-1} == 0 || ${LAB_HOST_PATH_TESTS:-1} == 0 ]] || run_relayed host-path "$ROOT/tests/lab/host-path-test.sh"
	failure_summary
	echo "1..$TOTAL"
	echo "lab: $PASSED passed, $FAILED failed"
	[[ $FAILED -eq 0 && $TOTAL -gt 0 ]]
}

# Sourced (tests/lab/lab-unit-tests.sh tests emulator_failed), it runs nothing.
if [[ ${BASH_SOURCE[0]} == "$0" ]]; then
	main "$@"
fi
