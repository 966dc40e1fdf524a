#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# bench-gate-guest.sh TRIALS REPS PLANT_OPS PLANT_PCT -- RUN_ARGS...
#
# scripts/bench-gate --lab runs this in a lab guest (busybox sh, scripts/lab
# --no-module): for each trial, REPS rounds of three runs, A and B on the
# module as the lab loads it, P on the module loaded with plant_ops=PLANT_OPS
# plant_pct=PLANT_PCT (kmod/plant.c: those BENCH ops really take PLANT_PCT %
# of their time), interleaved so that whatever the emulator's host does falls
# on all three alike, in an order drawn afresh each round (a fixed A B P
# gives A and B different neighbours, A always right after P's load, and
# under TCG what ran before shows in what runs next).  Each run is `dmabench run RUN_ARGS
# --out /results/trial-K/SET/rep-I`; the host combines and compares them.
# Progress on stderr, one line per round.

TRIALS=$1 REPS=$2 PLANT_OPS=$3 PLANT_PCT=$4
shift 4
[ "$1" = -- ] && shift

# load [PARAMS...]: the module fresh, as the lab loads it plus PARAMS.
load() {
	grep -q '^dmabench ' /proc/modules && rmmod dmabench
	# shellcheck disable=SC2086 # parameters are words on purpose
	insmod "$LAB_MODULE" $LAB_MODPARAMS "$@"
}

start=$(date +%s)
k=1
while [ "$k" -le "$TRIALS" ]; do
	i=1
	while [ "$i" -le "$REPS" ]; do
		# shellcheck disable=SC3028 # busybox sh has RANDOM
		case $((RANDOM % 6)) in
		0) order="A B P" ;; 1) order="A P B" ;; 2) order="B A P" ;;
		3) order="B P A" ;; 4) order="P A B" ;; *) order="P B A" ;;
		esac
		for set in $order; do
			if [ "$set" = P ]; then
				load plant_ops="$PLANT_OPS" plant_pct="$PLANT_PCT" || exit 1
			else
				load || exit 1
			fi
			out=/results/trial-$k/$set/rep-$i
			mkdir -p "${out%/*}"
			if ! dmabench run "$@" --out "$out" >/dev/null 2>/tmp/gate-run.err; then
				echo "bench-gate-guest: trial $k $set rep $i failed:" >&2
				tail -n 3 /tmp/gate-run.err >&2
				exit 1
			fi
			# The gate reads results.json only; the rest would only
			# lengthen the copy home over the serial line.
			rm -f "$out/samples.csv" "$out/topology.xml"
		done
		echo "bench-gate-guest: trial $k/$TRIALS, round $i/$REPS ($(($(date +%s) - start)) s)" >&2
		i=$((i + 1))
	done
	k=$((k + 1))
done
grep -q '^dmabench ' /proc/modules && rmmod dmabench
exit 0
