#!/bin/sh
# guest-fuzz.sh [OPS [SEED]]: fuzzing and abuse checks in the lab guest (busybox sh), as TAP.
#
# Runs with the module loaded (by scripts/lab, or by tests/lab/guest-tests.sh)
# and dmabench_fuzz on PATH; leaves it loaded with $LAB_MODPARAMS.  Checks:
#   - dmabench_fuzz for OPS operations (default 20000; seed printed first, random
#     unless SEED is given), then from a fresh open the live counters are zero
#     (live_files 1), MemAvailable is back within a margin, no OOM kill happened;
#   - a user without access gets EACCES, and `dmabench info` tells them why;
#   - rmmod is refused while a file is open, and works once it is closed;
#   - with max_bytes=1 MiB every way of asking beyond the cap is ENOMEM, from
#     any file (the cap is module-wide), an IMPORT too;
#   - SIGKILL ends long BENCH samples promptly, dma-buf imports too (dmabench_fuzz
#     --kill-check);
#   - with max_bytes twice RAM, 16 files asking for more than RAM get ENOMEM,
#     no OOM kill, all freed after (dmabench_fuzz --oom-check).
# The kernel log (Oops, WARNING, BUG) is scanned by scripts/lab itself.
# Prints `ok N - PRESET: what` / `not ok N - PRESET: what # detail` and a plan;
# exits 1 when anything failed.

# Each line starts "PRESET: " unless GUEST_FUZZ_LABEL says otherwise (guest-tests.sh: "").
LABEL=${GUEST_FUZZ_LABEL-${LAB_PRESET:-unknown}: }
OPS=${1:-20000}
SEED=$2
N=0
FAILED=0
WORK=/tmp/guest-fuzz
# Slab and page tables split by set_pages_array_wc/uc may stay; buffers may not.
MEM_MARGIN_KB=8192
NOBODY=65534
CAP_BYTES=1048576

ok() {
	N=$((N + 1))
	echo "ok $N - $LABEL$1"
}

not_ok() {
	N=$((N + 1))
	FAILED=$((FAILED + 1))
	echo "not ok $N - $LABEL$1${2:+ # $2}"
}

check() {
	what=$1
	detail=$2
	shift 2
	if "$@"; then ok "$what"; else not_ok "$what" "$detail"; fi
}

# As guest-tests.sh: MemAvailable plus the per-CPU free page lists.
mem_available_kb() {
	avail=$(sed -n 's/^MemAvailable: *\([0-9]*\) kB$/\1/p' /proc/meminfo)
	pcp=$(awk '$1 == "count:" { n += $2 } END { print n + 0 }' /proc/zoneinfo)
	echo $((avail + pcp * 4))
}

settle_memory() {
	sync
	echo 3 >/proc/sys/vm/drop_caches
}

no_oom() {
	! dmesg | grep -q -E 'invoked oom-killer|Out of memory|oom-kill:'
}

# relay LABEL STATUS < TAP: renumber a program's TAP; a short run fails.
# A failing line carries the program's first "FAIL: ..." explanation (printed
# before it) as its detail: the summary that CI shows repeats only not-ok
# lines, and without it a seeded failure could not be rerun.
relay() {
	label=$1
	status=$2
	results=0
	plan=
	why=
	while IFS= read -r line; do
		case $line in
		"ok "*)
			results=$((results + 1))
			ok "$label: $(echo "$line" | sed -E 's/^ok [0-9]+ -? ?//')"
			;;
		"not ok "*)
			results=$((results + 1))
			not_ok "$label: $(echo "$line" | sed -E 's/^not ok [0-9]+ -? ?//')" "$why"
			;;
		FAIL:*)
			[ -n "$why" ] || why=$line
			echo "# $label: $line"
			;;
		1..*) plan=${line#1..} ;;
		\#*) echo "$line" ;;
		*) echo "# $label: $line" ;;
		esac
	done
	if [ -z "$plan" ] || [ "$plan" != "$results" ]; then
		not_ok "$label: complete run" "plan '${plan:-none}', $results results, exit $status"
	elif [ "$status" -ne 0 ] && [ "$FAILED" -eq 0 ]; then
		not_ok "$label: exit status" "exited $status with every check ok"
	fi
}

fuzz_run() {
	settle_memory
	before=$(mem_available_kb)
	# shellcheck disable=SC2086 # no seed: the fuzzer picks (and prints) one
	dmabench_fuzz --ops "$OPS" ${SEED:+--seed $SEED} >"$WORK/fuzz.tap" 2>&1
	relay dmabench_fuzz $? <"$WORK/fuzz.tap"
	counters=$(dmabench_fuzz --counters)
	status=$?
	check "live counters zero from a fresh open after the fuzz run (live_files 1)" \
		"${counters#\# }" [ "$status" -eq 0 ]
	settle_memory
	after=$(mem_available_kb)
	check "MemAvailable after the fuzz run within $MEM_MARGIN_KB kB of before" \
		"before $before kB, after $after kB" [ $((before - after)) -le "$MEM_MARGIN_KB" ]
	check "no OOM kill during the fuzz run" "$(dmesg | grep -m1 -i oom)" no_oom
}

access_checks() {
	out=$(dmabench_fuzz --as-uid "$NOBODY" -- dmabench_fuzz --open-check 2>&1)
	status=$?
	check "uid $NOBODY opening /dev/dmabench gets EACCES" "$out" [ "$status" -eq 0 ]
	if ! command -v dmabench >/dev/null; then
		not_ok "dmabench info as uid $NOBODY" "dmabench is not in the guest"
		return
	fi
	out=$(dmabench_fuzz --as-uid "$NOBODY" -- dmabench info 2>&1)
	status=$?
	echo "$out" | sed 's/^/# dmabench info as uid 65534: /'
	check "dmabench info as uid $NOBODY fails" "exit $status" [ "$status" -ne 0 ]
	case $out in
	*"permission denied: /dev/dmabench is root-only (mode 0600); run as root"*)
		ok "dmabench info as uid $NOBODY says the device is root-only" ;;
	*) not_ok "dmabench info as uid $NOBODY says the device is root-only" "$out" ;;
	esac
}

module_loaded() {
	grep -q '^dmabench ' /proc/modules
}

busy_checks() {
	exec 3<>/dev/dmabench
	if out=$(rmmod dmabench 2>&1); then
		not_ok "rmmod with /dev/dmabench open is refused" "rmmod succeeded"
		exec 3>&-
		return 1
	fi
	ok "rmmod with /dev/dmabench open is refused (${out##*: })"
	check "the module is still loaded after the refused rmmod" "" module_loaded
	exec 3>&-
	if ! out=$(rmmod dmabench 2>&1); then
		not_ok "rmmod once the file is closed" "$out"
		return 1
	fi
	ok "rmmod once the file is closed"
}

# insmod_with PARAMS...: load the module again.
insmod_with() {
	# shellcheck disable=SC2068 # parameters are words on purpose
	if ! out=$(insmod "$LAB_MODULE" $@ 2>&1); then
		not_ok "insmod dmabench.ko${*:+ }$*" "$out"
		return 1
	fi
	ok "insmod dmabench.ko${*:+ }$*"
}

# Seeds that once found a bug (tests/fuzz/regression-seeds, in the guest
# beside this script): each must now pass.
regression_seeds() {
	seeds=$(dirname "$0")/regression-seeds
	if [ ! -r "$seeds" ]; then
		not_ok "dmabench_fuzz regression seeds" "$seeds is not in the guest"
		return
	fi
	# Read from a file, not a pipe, so relay's counts stay in this shell.
	grep -v '^#' "$seeds" >"$WORK/seeds.list"
	while read -r seed ops _; do
		[ -n "$seed" ] || continue
		dmabench_fuzz --ops "$ops" --seed "$seed" </dev/null >"$WORK/seed.tap" 2>&1
		relay "dmabench_fuzz --seed $seed" $? <"$WORK/seed.tap"
	done <"$WORK/seeds.list"
}

kill_checks() {
	dmabench_fuzz --kill-check >"$WORK/kill.tap" 2>&1
	relay "SIGKILL during long samples" $? <"$WORK/kill.tap"
}

# The module is loaded with a byte cap: run dmabench_fuzz FLAG, relay its TAP
# as LABEL, check that nothing was OOM-killed (WHAT), then reload the module
# as the lab loaded it.  WHERE names the checks in the rmmod line.
capped_fuzz() {
	label=$1 flag=$2 what=$3 where=$4
	dmabench_fuzz "$flag" >"$WORK/capped.tap" 2>&1
	relay "$label" $? <"$WORK/capped.tap"
	check "$what" "$(dmesg | grep -m1 -i oom)" no_oom
	if ! out=$(rmmod dmabench 2>&1); then
		not_ok "rmmod after the $where checks" "$out"
		return 1
	fi
	# shellcheck disable=SC2086 # parameters are words on purpose
	insmod_with $LAB_MODPARAMS
}

# Past RAM: the byte cap no longer protects, the allocation flags must.
oom_checks() {
	ram_kb=$(sed -n 's/^MemTotal: *\([0-9]*\) kB$/\1/p' /proc/meminfo)
	if ! out=$(rmmod dmabench 2>&1); then
		not_ok "rmmod before the past-RAM checks" "$out"
		return 1
	fi
	insmod_with max_bytes=$((ram_kb * 2048)) || return 1
	settle_memory
	capped_fuzz "max_bytes=2xRAM" --oom-check "no OOM kill with many files asking past RAM" past-RAM
}

cap_checks() {
	insmod_with max_bytes=$CAP_BYTES || return 1
	capped_fuzz "max_bytes=$CAP_BYTES" --cap-check "no OOM kill at the byte cap" "byte cap"
}

main() {
	mkdir -p "$WORK"
	if ! command -v dmabench_fuzz >/dev/null; then
		not_ok "dmabench_fuzz" "dmabench_fuzz is not in the guest (make -C tests/fuzz)"
	elif ! module_loaded; then
		not_ok "dmabench_fuzz" "the module is not loaded"
	else
		fuzz_run
		regression_seeds
		kill_checks
		access_checks
		busy_checks && [ -n "$LAB_MODULE" ] && cap_checks && oom_checks
	fi
	echo "1..$N"
	[ "$FAILED" -eq 0 ]
}

main
