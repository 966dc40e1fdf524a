# shellcheck shell=bash
# stall.sh: the stall watch of scripts/lab --stall S.
#
# A guest that prints nothing for S seconds is asked why, and the answer says
# whose fault the silence is:
#  - the kernel's own detectors (soft lockup and hung task at 120 s with the
#    lab's watchdog_thresh=60, RCU stalls at 21 s) print long before S when the
#    guest kernel runs but is stuck, so S is well above them;
#  - the guest is then poked: sysrq l (every CPU's backtrace, through NMIs)
#    and w (the blocked tasks) on its keyboard, and on x86 an NMI, which the
#    lab's unknown_nmi_panic turns into a panic with the interrupted CPU's
#    backtrace (it gets through with interrupts off);
#  - a guest that answers is stuck in its own code: a failure, with the
#    backtraces in the console log;
#  - a guest that answers nothing, or a monitor that answers nothing, is the
#    emulator's fault (seen under TCG with the VT-d presets: a whole guest
#    silent from seconds after boot until the timeout, no detector firing):
#    "emulator stall", which tests/lab/run-lab-tests.sh retries once.
# A command silent for S seconds after the kernel logged a problem (its RCU
# stall or soft lockup reports keep the console going) is stopped as well.
# What was found is in WORK/stall (one line, the failure's reason) and
# WORK/stall.txt (the monitor's answers); the longest silence of every run in
# WORK/longest-silence.

# lab_output_bytes WORK: how much the guest has said so far, on every channel.
lab_output_bytes() {
	local total=0 size file
	for file in "$1/console.log" "$1/out.seen" "$1/err.seen"; do
		size=$(stat -c %s "$file" 2>/dev/null) || size=0
		total=$((total + size))
	done
	echo "$total"
}

# lab_hmp WORK CMD...: QEMU's human monitor, 10 s per answer.
lab_hmp() {
	local work=$1
	shift
	/usr/bin/python3 "$LAB_D/hmp.py" "$work/monitor.sock" 10 "$@"
}

# lab_poke_guest WORK ARCH QEMU_PID: asks a silent guest why; writes the class
# to WORK/stall.class: "guest" (it answered on its console), "emulator" (it or
# the monitor did not) or "unexplained" (an arm64 guest, which cannot be poked).
lab_poke_guest() {
	local work=$1 arch=$2 pid=$3 before i
	before=$(stat -c %s "$work/console.log" 2>/dev/null || echo 0)
	{
		echo "== info status"
		lab_hmp "$work" "info status" || { echo emulator >"$work/stall.class"; return 0; }
		echo "== info registers -a (first lines of each CPU)"
		lab_hmp "$work" "info registers -a" | grep -E '^(CPU#|RIP=|RAX=|EFL|PC=|PSTATE=)' || true
		# virt (arm64) has neither a keyboard nor an NMI to give.
		if [[ $arch != x86_64 ]]; then
			echo unexplained >"$work/stall.class"
			return 0
		fi
		echo "== sendkey alt-sysrq-l, alt-sysrq-w"
		lab_hmp "$work" "sendkey alt-sysrq-l" || true
		sleep 5
		lab_hmp "$work" "sendkey alt-sysrq-w" || true
		sleep 5
		echo "== nmi"
		lab_hmp "$work" nmi || true
	} >"$work/stall.txt" 2>&1
	[[ -s $work/stall.class ]] && return 0
	# The panic ends QEMU (panic=-1, -no-reboot); give the backtraces time.
	for ((i = 0; i < 30; i++)); do
		kill -0 "$pid" 2>/dev/null || break
		sleep 1
	done
	if [[ $(stat -c %s "$work/console.log" 2>/dev/null || echo 0) -gt $before ]]; then
		echo guest >"$work/stall.class"
	else
		echo emulator >"$work/stall.class"
	fi
}

# lab_watch_stall WORK STALL ARCH QEMU_PID: runs until QEMU ends; with STALL
# > 0 stops a guest silent for STALL seconds (see above).
lab_watch_stall() {
	local work=$1 stall=$2 arch=$3 pid=$4 bytes last=-1 since=$SECONDS longest=0 quiet
	local said last_said=-1 said_since=$SECONDS problem
	while kill -0 "$pid" 2>/dev/null; do
		sleep 2
		# A kernel that keeps reporting (an RCU stall every minute, soft
		# lockups) is not silent, but a command that has said nothing for
		# STALL s since the kernel logged a problem is not coming back: the
		# run fails on that line anyway, so stop it now, not at --timeout.
		said=$(($(stat -c %s "$work/out.seen" 2>/dev/null || echo 0) +
			$(stat -c %s "$work/err.seen" 2>/dev/null || echo 0)))
		if [[ $said != "$last_said" ]]; then
			last_said=$said
			said_since=$SECONDS
		elif [[ $stall -gt 0 && $((SECONDS - said_since)) -ge $stall ]] &&
			! problem=$(lab_scan_log "$work/console.log"); then
			echo "stall: the command printed nothing for $((SECONDS - said_since)) s after the kernel logged: ${problem#kernel log: }" >"$work/stall"
			kill "$pid" 2>/dev/null
			return 0
		fi
		bytes=$(lab_output_bytes "$work")
		if [[ $bytes != "$last" ]]; then
			last=$bytes
			since=$SECONDS
			continue
		fi
		quiet=$((SECONDS - since))
		((quiet > longest)) && longest=$quiet
		echo "$longest" >"$work/longest-silence"
		[[ $stall -gt 0 && $quiet -ge $stall ]] || continue
		lab_poke_guest "$work" "$arch" "$pid"
		case $(cat "$work/stall.class") in
		guest) echo "stall: the guest printed nothing for $quiet s; poked (sysrq l/w, NMI), it answered with backtraces (console log): it is stuck in its own code" ;;
		unexplained) echo "stall: the guest printed nothing for $quiet s (an $arch guest cannot be poked; the monitor's view of its CPUs: $work/stall.txt)" ;;
		*) echo "emulator stall: the guest printed nothing for $quiet s and answered neither sysrq nor an NMI (QEMU's monitor: $(sed -n 2p "$work/stall.txt"))" ;;
		esac >"$work/stall"
		kill "$pid" 2>/dev/null
		return 0
	done
}
