#!/bin/sh
# anchor-guest.sh SECONDS REPS SETTING...: in a `debug` lab guest (scripts/anchor),
# the kernel's dma_map_benchmark and dmabench's map_scaling with the same
# knobs, REPS times each, for each SETTING "THREADS:GRANULE:DIR" (DIR to,
# from or bidi).  NAME being the setting with _ for :, repetition K writes
# /results/NAME/rK/mb.txt (dma_map_benchmark's output) and /results/NAME/rK/db/
# (dmabench's results.json and sums.csv: per op the sample count, the sum in
# ns and map_benchmark's sums of 100 ns units and of their squares).
#
# Why repetitions, and in this order: under TCG a sample's time is the host's
# wall time, so a busy host (other QEMUs, compilers) stretches whatever runs
# while its vCPU thread waits; one run of each tool, one after the other,
# compares two different host loads.  The tools alternate within a setting
# (mb db, db mb, mb db, ..: linear drift cancels), each run about SECONDS
# long (dmabench's samples per thread sized from the first map_benchmark run,
# so that both leave the same backlog of deferred kernel work: RCU callbacks,
# KASAN quarantine), with a second of rest before each run.
# Raw samples stay in the guest: the results travel over a serial port.
#
# dma_map_benchmark needs a PCI device of its own: the preset has two edus and
# dmabench.ko (loaded by the lab) drives one, so the other is bound to the
# kernel's dma_map_benchmark driver through driver_override.
set -u
SECONDS_PER_RUN=$1
REPS=$2
shift 2
MB_DRIVER=/sys/bus/pci/drivers/dma_map_benchmark

# The edu no driver has (dmabench refused it: it drives one edu).
free_edu() {
	for dev in /sys/bus/pci/devices/*; do
		[ "$(cat "$dev/vendor"):$(cat "$dev/device")" = 0x1234:0x11e8 ] || continue
		[ -e "$dev/driver" ] && continue
		basename "$dev"
		return 0
	done
	return 1
}

bind_map_benchmark() {
	if [ ! -d $MB_DRIVER ]; then
		echo "anchor: no $MB_DRIVER: the kernel lacks CONFIG_DMA_MAP_BENCHMARK" >&2
		return 1
	fi
	if ! slot=$(free_edu); then
		echo "anchor: no unbound edu for dma_map_benchmark (the preset needs two)" >&2
		return 1
	fi
	echo dma_map_benchmark >"/sys/bus/pci/devices/$slot/driver_override" &&
		echo "$slot" >$MB_DRIVER/bind || return 1
	echo "$slot" >/results/map_benchmark-device
	echo "anchor: dma_map_benchmark bound to $slot" >&2
}

# dma_map_benchmark's -d: 0 bidirectional, 1 to device, 2 from device.
dir_number() {
	case $1 in
	bidi) echo 0 ;;
	to) echo 1 ;;
	from) echo 2 ;;
	*) return 1 ;;
	esac
}

uptime_s() { cut -d' ' -f1 /proc/uptime; }

# Samples per dmabench thread for about SECONDS: map_benchmark's threads
# share min(THREADS, CPUs) CPUs, each pair taking its map+unmap mean.
iters_like() { # MB_TXT THREADS
	awk -v s="$SECONDS_PER_RUN" -v t="$2" -v c="$(nproc)" '
		/average map latency/ { sub(/.*latency\(us\):/, ""); m = $0 + 0 }
		/average unmap latency/ { sub(/.*latency\(us\):/, ""); u = $0 + 0 }
		END { pair = m + u; if (pair <= 0) pair = 1; busy = t < c ? t : c
		      n = int(s * 1e6 * busy / t / pair); if (n < 200) n = 200; if (n > 1000000) n = 1000000
		      print n }' "$1"
}

run_mb() { # DIR THREADS GRANULE DIRNUM
	sleep 1
	echo "mb $(uptime_s)" >>"$1/../order"
	dma_map_benchmark -t "$2" -s "$SECONDS_PER_RUN" -g "$3" -d "$4" -b 64 \
		>"$1/mb.txt" 2>&1 || { cat "$1/mb.txt" >&2; return 1; }
}

# dmabench's pooled samples reduced to what combine.py needs, then dropped.
db_sums() { # DBDIR THREADS
	awk -F, -v t="$2" '
		$1 == "map_scaling" && ($3 == "map" || $3 == "unmap") && $6 == t {
			u = int($11 / 100); n[$3]++; s[$3] += $11; su[$3] += u; sq[$3] += u * u }
		END { print "op,n,sum_ns,sum_100ns,sum_sq_100ns"
		      for (k in n) printf "%s,%d,%.0f,%.0f,%.0f\n", k, n[k], s[k], su[k], sq[k] }' \
		"$1/samples.csv" >"$1/sums.csv" && rm -f "$1/samples.csv" "$1/topology.xml"
}

run_db() { # DIR THREADS GRANULE DIRNAME ITERS
	sleep 1
	echo "db $(uptime_s)" >>"$1/../order"
	dmabench run --tests map_scaling --device edu --threads "$2" --exact-threads \
		--granule "$3" --dirs "$4" --iters "$5" --out "$1/db" >/dev/null 2>"$1/db.err" ||
		{ cat "$1/db.err" >&2; return 1; }
	db_sums "$1/db" "$2"
}

run_setting() {
	threads=${1%%:*}
	rest=${1#*:}
	granule=${rest%%:*}
	dir=${rest#*:}
	name=$(echo "$1" | tr : _)
	d=$(dir_number "$dir") || { echo "anchor: bad direction in '$1'" >&2; return 1; }
	iters=
	k=1
	while [ "$k" -le "$REPS" ]; do
		rep=/results/$name/r$k
		mkdir -p "$rep"
		echo "anchor: $name repetition $k of $REPS" >&2
		if [ $((k % 2)) -eq 1 ]; then
			run_mb "$rep" "$threads" "$granule" "$d" || return 1
			[ -n "$iters" ] || iters=$(iters_like "$rep/mb.txt" "$threads")
			run_db "$rep" "$threads" "$granule" "$dir" "$iters" || return 1
		else
			run_db "$rep" "$threads" "$granule" "$dir" "$iters" || return 1
			run_mb "$rep" "$threads" "$granule" "$d" || return 1
		fi
		k=$((k + 1))
	done
}

main() {
	mkdir -p /results
	uname -r >/results/kernel-release
	bind_map_benchmark || exit 1
	status=0
	for setting in "$@"; do
		run_setting "$setting" || status=1
	done
	exit $status
}

main "$@"
