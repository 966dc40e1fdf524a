#!/usr/bin/env bash
# host-path-test.sh: the host path of `make run` (scripts/run-benchmarks on a
# machine that loads the module), in one lab boot whose guest is a host:
# scripts/lab --hostroot chroots into this machine's root file system (the work
# tree, toolchain and kernel headers, read-only with a tmpfs overlay) on the
# lab kernel, whose headers the host has, so `make run` there builds, loads,
# measures and unloads as on a real host.  A virtio-rng PCI device (driver
# virtio-pci) at HOST_PATH_PCI is the device --pci takes and gives back.
# tests/lab/host-path-guest.sh makes the checks; TAP on stdout, exit 1 on a
# failure.  About 6 minutes on an idle 2-core machine, most of it gcc under TCG.
#
# Environment: LAB_TEST_TIMEOUT (seconds, default 900).
set -uo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
readonly ROOT
readonly PRESET=direct
readonly PCI=0000:00:10.0
readonly TIMEOUT=${LAB_TEST_TIMEOUT:-900}
OUT=$ROOT/lab-out/tests/host-path
N=0
FAILED=0
TMP=$(mktemp -d "${TMPDIR:-/tmp}/dmabench-hostpath.XXXXXX")
trap 'rm -rf "$TMP"' EXIT

tap() {
	N=$((N + 1))
	case $1 in
	ok) echo "ok $N - $2" ;;
	*) FAILED=$((FAILED + 1)); echo "not ok $N - $2" ;;
	esac
}

# One boot: relays the guest's checks, sets RC and GUEST (how many ran).
run_guest() {
	local line
	GUEST=0
	while IFS= read -r line; do
		case $line in
		"ok - "*) GUEST=$((GUEST + 1)); tap ok "${line#ok - }" ;;
		"not ok - "*) GUEST=$((GUEST + 1)); tap "not ok" "${line#not ok - }" ;;
		*) echo "# $line" ;;
		esac
	done < <(scripts/lab "$PRESET" --hostroot --no-module --timeout "$TIMEOUT" \
		--device "virtio-rng-pci,addr=${PCI##*:00:}" --out "$OUT" --log "$OUT/console.log" -- \
		tests/lab/host-path-guest.sh "$PCI" 2>"$TMP/err"
		echo "$?" >"$TMP/rc")
	RC=$(cat "$TMP/rc")
}

main() {
	local rc start guest
	rm -rf "$OUT"
	mkdir -p "$OUT"
	start=$(date +%s)
	echo "# scripts/lab $PRESET --hostroot --no-module --device virtio-rng-pci,addr=${PCI##*:00:} -- tests/lab/host-path-guest.sh $PCI"
	# The guest runs in this directory of the host's tree: the work tree's top.
	cd "$ROOT" || exit 2
	run_guest
	# A --hostroot boot once hung before its command ran (1 of about 25; cause
	# not found yet): keep that console log and boot once more.
	if [[ $RC -eq 124 && $GUEST -eq 0 ]]; then
		cp "$OUT/console.log" "$ROOT/lab-out/tests/host-path-timeout-$$.log" 2>/dev/null
		echo "# the guest timed out before any check; console log kept in lab-out/tests/host-path-timeout-$$.log; booting again"
		rm -rf "$OUT"
		mkdir -p "$OUT"
		run_guest
	fi
	rc=$RC
	guest=$GUEST
	# The guest's checks write stderr (make's output) into files; what reaches
	# ours is the lab's own complaint.
	if [[ $rc -eq 124 || $rc -eq 125 ]]; then
		tap "not ok" "host-path: boot and kernel log clean # $(grep -a 'FAILED: ' "$TMP/err" | tail -n1)"
	else
		tap ok "host-path: boot and kernel log clean"
	fi
	[[ $guest -gt 0 ]] || tap "not ok" "host-path: the guest's checks ran # exit $rc: $(tail -n1 "$TMP/err")"
	echo "# host-path: boot and checks took $(($(date +%s) - start)) s; logs in $OUT"
	echo "1..$N"
	[[ $FAILED -eq 0 ]]
}

main "$@"
