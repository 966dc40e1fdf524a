# shellcheck shell=bash
# console-scan.sh: lab_scan_log FILE...: finds what must fail a lab run in a
# kernel log.  Prints "kernel log: LINE" for the first such line and returns 1;
# returns 0 for a clean log.  Missing files are skipped.

# Case matters: "report a bug" or "This is not a bug." in a clean boot are fine.
# "detected stall" is RCU's stall report (self-detected or on other CPUs); no
# input to the module may wake the OOM killer either.
readonly LAB_PROBLEM_RE='WARNING:|BUG[: ]|Oops|general protection fault|Kernel panic|KASAN|UBSAN:|Call Trace:|soft lockup|hard LOCKUP|blocked for more than|detected stall|invoked oom-killer'

lab_scan_log() {
	local file line
	for file in "$@"; do
		[[ -r $file ]] || continue
		line=$(tr -d '\r' <"$file" | grep -a -E -m1 "$LAB_PROBLEM_RE") || continue
		echo "kernel log: $line"
		return 1
	done
	return 0
}
