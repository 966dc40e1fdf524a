#!/bin/sh
# text-poke-stress.sh [N]: patch the kernel's text N times (the function
# tracer switched on and off: ftrace's text_poke_bp batches over some 40,000
# call sites) while the other vCPU runs user code, then say "patched N".
# Under QEMU 7.2's MTTCG (a thread per vCPU) the running vCPU keeps executing
# the int3 the patcher left and already took back, and the guest livelocks in
# RCU stalls; lab-script-tests.sh runs it to hold scripts/lab to one thread.
yes >/dev/null &
busy=$!
mount -t tracefs tracefs /sys/kernel/tracing 2>/dev/null
for _ in $(seq "${1:-8}"); do
	echo function >/sys/kernel/tracing/current_tracer || exit 1
	echo nop >/sys/kernel/tracing/current_tracer || exit 1
done
kill "$busy"
echo "patched ${1:-8}"
