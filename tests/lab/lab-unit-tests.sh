#!/usr/bin/env bash
# lab-unit-tests.sh: host-side checks of scripts/lab and scripts/kernel-abi that
# boot nothing (fast; part of `make -C tests host`).  TAP; exits 1 on a failure.
set -uo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
readonly ROOT LAB=$ROOT/scripts/lab
TMP=$(mktemp -d "${TMPDIR:-/tmp}/dmabench-labunit.XXXXXX")
trap 'rm -rf "$TMP"' EXIT

TAP_PREFIX=""
# shellcheck source=tests/lab/tap.bash
. "$ROOT/tests/lab/tap.bash"

# both CMD1... -- CMD2...: true when both commands are.
both() {
	local first=()
	while [[ $1 != -- ]]; do
		first+=("$1")
		shift
	done
	shift
	"${first[@]}" && "$@"
}

contains() {
	[[ $1 == *"$2"* ]]
}

not_contains() {
	! contains "$@"
}

is_abi() {
	[[ $1 =~ ^[0-9]+\.[0-9]+\.[0-9]+-[0-9]+$ ]]
}

# scan FILE: what scripts/lab --scan-log says (status in SCAN_RC).
scan() {
	SCAN_OUT=$("$LAB" --scan-log "$1")
	SCAN_RC=$?
}

clean_log_passes() {
	printf '%s\n' '[    0.1] PCI: Using host bridge windows from ACPI; if necessary, use "pci=nocrs" and report a bug' \
		'[    0.2] AMD-Vi: AMD IOMMUv2 functionality not available - This is not a bug.' \
		'lab-init: exit status 0' >"$TMP/clean.log"
	scan "$TMP/clean.log"
	check "scan-log: a clean boot log passes" "rc $SCAN_RC: $SCAN_OUT" [ "$SCAN_RC" -eq 0 ]
}

# Each line is something a real kernel prints; each must fail the run.
problem_lines_fail() {
	local line
	while IFS= read -r line; do
		printf '[    1.0] booting\r\n%s\r\n[    2.0] more\r\n' "$line" >"$TMP/bad.log"
		scan "$TMP/bad.log"
		check "scan-log: detects '$line'" "rc $SCAN_RC: $SCAN_OUT" \
			both [ "$SCAN_RC" -ne 0 ] -- contains "$SCAN_OUT" "$line"
	done <<'EOF'
[    3.1] WARNING: CPU: 1 PID: 97 at kmod/buffer.c:42 dmabench_free+0x10/0x20 [dmabench]
[    3.1] BUG: kernel NULL pointer dereference, address: 0000000000000008
[    3.1] Oops: 0000 [#1] PREEMPT SMP NOPTI
[    3.1] kernel BUG at mm/slub.c:379!
[    3.1] general protection fault, probably for non-canonical address 0xdead000000000100
[    3.1] Kernel panic - not syncing: Fatal exception
[    3.1] BUG: KASAN: use-after-free in dmabench_ioctl+0x42/0x100
[    3.1] UBSAN: shift-out-of-bounds in kmod/bench.c:12:7
[    3.1] Call Trace:
[    3.1] BUG kmalloc-64 (Tainted: G           OE     ): Redzone overwritten
[    3.1] watchdog: BUG: soft lockup - CPU#0 stuck for 22s! [kmod_test:99]
[    3.1] INFO: task kmod_test:99 blocked for more than 120 seconds.
[    3.1] rcu: INFO: rcu_preempt self-detected stall on CPU
[    3.1] rcu: INFO: rcu_sched detected stalls on CPUs/tasks:
[    3.1] kmod_test invoked oom-killer: gfp_mask=0x140dca(GFP_HIGHUSER_MOVABLE|__GFP_COMP|__GFP_ZERO), order=0, oom_score_adj=0
EOF
}

first_problem_is_reported() {
	printf '%s\n' 'ok' '[ 1.0] WARNING: CPU: 0 PID: 1 at a.c:1 f+0x1/0x2' '[ 1.1] Call Trace:' >"$TMP/two.log"
	scan "$TMP/two.log"
	check "scan-log: reports the first problem line" "$SCAN_OUT" \
		[ "$SCAN_OUT" = "kernel log: [ 1.0] WARNING: CPU: 0 PID: 1 at a.c:1 f+0x1/0x2" ]
}

kernel_abi_is_resolved() {
	local abi want
	abi=$("$ROOT/scripts/kernel-abi")
	check "kernel-abi prints an ABI like 6.1.0-56" "got '$abi'" is_abi "$abi"
	want=$(apt-cache depends linux-headers-amd64 2>/dev/null |
		sed -n 's/.*Depends: linux-headers-\(.*\)-amd64$/\1/p' | head -n1)
	check "kernel-abi agrees with apt-cache depends linux-headers-amd64" \
		"apt-cache: '$want', kernel-abi: '$abi'" [ -z "$want" -o "$want" = "$abi" ]
	check "kernel-abi --lab-kdir is the lab kernel's headers" \
		"$("$ROOT/scripts/kernel-abi" --lab-kdir)" \
		[ "$("$ROOT/scripts/kernel-abi" --lab-kdir)" = "/usr/src/linux-headers-$abi-amd64" ]
	check "kernel-abi --kdir names a directory" "$("$ROOT/scripts/kernel-abi" --kdir)" \
		[ -n "$("$ROOT/scripts/kernel-abi" --kdir)" ]
}

# The cache must answer when apt cannot (offline, no lists).
kernel_abi_works_from_cache() {
	local got
	mkdir -p "$TMP/cache"
	echo "0.0-test 9.9.9-99" >"$TMP/cache/abi"
	touch -d '+1 hour' "$TMP/cache/abi"
	got=$(DMABENCH_CACHE=$TMP/cache "$ROOT/scripts/kernel-abi")
	check "kernel-abi answers from a fresh cache without apt" "got '$got'" [ "$got" = 9.9.9-99 ]
}

lab_usage_errors() {
	local rc
	"$LAB" no-such-preset -- true 2>"$TMP/err"
	rc=$?
	check "lab: unknown preset exits 2 naming the presets" "rc $rc: $(cat "$TMP/err")" \
		both [ "$rc" -eq 2 ] -- grep -q 'iommu-strict' "$TMP/err"
	"$LAB" direct 2>/dev/null
	rc=$?
	check "lab: a missing command exits 2" "rc $rc" [ "$rc" -eq 2 ]
	"$LAB" direct --timeout abc -- true 2>/dev/null
	rc=$?
	check "lab: a bad --timeout exits 2" "rc $rc" [ "$rc" -eq 2 ]
	for n in 0 9 two; do
		"$LAB" direct --smp "$n" -- true 2>"$TMP/err"
		rc=$?
		check "lab: --smp $n exits 2 with a sentence" "rc $rc: $(cat "$TMP/err")" \
			both [ "$rc" -eq 2 ] -- grep -q "bad --smp '$n' (1 to 8 vCPUs)" "$TMP/err"
	done
}

# --smp N reaches QEMU's -smp on both architectures; 2 unless told.
lab_smp_args() {
	local arch args
	for arch in x86_64 aarch64; do
		args=$(bash -c '. "$0/scripts/lab.d/machine.sh"; lab_machine_args "$1" 2048 1' \
			"$ROOT" "$arch")
		check "lab: $arch machine with 1 vCPU has -smp 1" "$args" contains "$args" ' -smp 1 '
		args=$(bash -c '. "$0/scripts/lab.d/machine.sh"; lab_machine_args "$1" 2048' \
			"$ROOT" "$arch")
		check "lab: $arch machine by default has -smp 2" "$args" contains "$args" ' -smp 2 '
	done
}

lab_lists_presets() {
	local name
	"$LAB" --list >"$TMP/list"
	for name in direct swiotlb iommu-strict iommu-lazy; do
		check "lab --list has $name" "" grep -q "^$name:" "$TMP/list"
	done
	check "lab --list: swiotlb forces a 256 MiB pool" "" grep -q 'swiotlb=131072,force' "$TMP/list"
	grep -A3 '^iommu-strict:' "$TMP/list" >"$TMP/strict"
	check "lab --list: iommu-strict has intel-iommu and iommu.strict=1" "" \
		both grep -q 'device intel-iommu' "$TMP/strict" -- grep -q 'iommu.strict=1' "$TMP/strict"
	check "lab --list: every preset but lab.edu=stock ones widens edu's DMA mask" "" \
		[ "$(grep -c 'edu,dma_mask=0xffffffffffffffff' "$TMP/list")" -eq \
			"$(($(grep -c '^  qemu: ' "$TMP/list") - $(grep -c '^  append: .*lab\.edu=stock' "$TMP/list")))" ]
	block=$(preset_block edu-stock)
	check "lab --list: edu-stock has QEMU's own edu (no dma_mask)" "$block" \
		both contains "$block" '-device edu' -- not_contains "$block" 'dma_mask='
	for name in iommu-pt arm64-smmuv3 arm64-smmuv3-lazy; do
		check "lab --list has $name" "" grep -q "^$name:" "$TMP/list"
	done
	block=$(preset_block iommu-pt)
	check "lab --list: iommu-pt has intel-iommu and iommu.passthrough=1" "$block" \
		both contains "$block" 'device intel-iommu' -- contains "$block" iommu.passthrough=1
	block=$(preset_block arm64-smmuv3)
	check "lab --list: arm64-smmuv3 is virt with iommu=smmuv3, iommu.strict=1" "$block" \
		both contains "$block" '-machine virt -accel tcg' -- contains "$block" '-machine iommu=smmuv3'
	block=$(preset_block arm64-smmuv3-lazy)
	check "lab --list: arm64-smmuv3-lazy has iommu.strict=0" "$block" contains "$block" iommu.strict=0
	# One TCG thread for x86's vCPUs (lab.d/machine.sh says why); arm64 keeps MTTCG.
	check "lab --list: every x86 preset runs its vCPUs on one TCG thread" "" \
		[ "$(grep -c '^  qemu:   qemu-system-x86_64 ' "$TMP/list")" -eq \
			"$(grep -c '^  qemu:   qemu-system-x86_64 .* -accel tcg,thread=single ' "$TMP/list")" ]
	block=$(preset_block arm64)
	check "lab --list: arm64 keeps a TCG thread per vCPU" "$block" \
		both contains "$block" '-accel tcg ' -- not_contains "$block" 'thread=single'
}

# preset_block NAME: the preset's lines in lab --list's output ($TMP/list).
preset_block() {
	sed -n "/^$1:/,/^  module:/p" "$TMP/list"
}

# The 6.12 presets boot 6.12 and load the module built for it; the other IOMMUs.
lab_lists_more_platforms() {
	local name abi block
	abi=$("$ROOT/scripts/kernel-abi" --kernel 6.12)
	for name in direct swiotlb iommu-strict iommu-lazy virtio-iommu-strict virtio-iommu-lazy; do
		block=$(preset_block "$name@6.12")
		check "lab --list: $name@6.12 boots vmlinuz-$abi-amd64 with build/kmod-6.12's module" \
			"$block" both contains "$block" "/boot/vmlinuz-$abi-amd64 (debian-6.12)" -- \
			contains "$block" "module: $ROOT/build/kmod-6.12/dmabench.ko"
	done
	block=$(preset_block direct)
	check "lab --list: direct boots the default kernel with kmod/dmabench.ko" "$block" \
		both contains "$block" "vmlinuz-$("$ROOT/scripts/kernel-abi")-amd64 (debian)" -- \
		contains "$block" "module: $ROOT/kmod/dmabench.ko"
	block=$(preset_block amd-iommu-strict)
	check "lab --list: amd-iommu-strict puts amd-iommu before edu, iommu.strict=1" "$block" \
		both contains "$block" 'device amd-iommu,intremap=off -device edu' -- \
		contains "$block" iommu.strict=1
	block=$(preset_block virtio-iommu-lazy@6.12)
	check "lab --list: virtio-iommu-lazy@6.12 has virtio-iommu-pci, its module, iommu.strict=0" \
		"$block" both contains "$block" 'device virtio-iommu-pci -device edu' -- \
		contains "$block" 'lab.kmods=virtio-iommu iommu.strict=0'
}

kernel_abi_series() {
	local abi want rc
	abi=$("$ROOT/scripts/kernel-abi" --kernel 6.12)
	check "kernel-abi --kernel 6.12 prints an ABI like 6.12.117+deb12" "got '$abi'" \
		grep -qE '^6\.12\.[0-9]+\+deb[0-9]+$' <<<"$abi"
	want=$(apt-cache depends linux-headers-6.12-amd64 2>/dev/null |
		sed -n 's/.*Depends: linux-headers-\(.*\)-amd64$/\1/p' | head -n1)
	check "kernel-abi --kernel 6.12 agrees with apt-cache depends linux-headers-6.12-amd64" \
		"apt-cache: '$want', kernel-abi: '$abi'" [ -z "$want" -o "$want" = "$abi" ]
	check "kernel-abi --kernel 6.12 --lab-kdir is its headers dir" "" \
		[ "$("$ROOT/scripts/kernel-abi" --kernel 6.12 --lab-kdir)" = "/usr/src/linux-headers-$abi-amd64" ]
	mkdir -p "$TMP/cache612"
	echo "0.0-test 9.9.9-99" >"$TMP/cache612/abi"
	echo "0.0-test 6.12.999+deb12" >"$TMP/cache612/abi-6.12"
	touch -d '+1 hour' "$TMP/cache612/abi" "$TMP/cache612/abi-6.12"
	check "kernel-abi keeps one cache per series" "" both \
		[ "$(DMABENCH_CACHE=$TMP/cache612 "$ROOT/scripts/kernel-abi")" = 9.9.9-99 ] -- \
		[ "$(DMABENCH_CACHE=$TMP/cache612 "$ROOT/scripts/kernel-abi" --kernel 6.12)" = 6.12.999+deb12 ]
	"$ROOT/scripts/kernel-abi" --kernel 'x;y' >/dev/null 2>&1
	rc=$?
	check "kernel-abi --kernel with a bad series exits 2" "rc $rc" [ "$rc" -eq 2 ]
}

# The module built for 6.1 is refused by a 6.12 preset, naming the make target.
lab_refuses_other_series_module() {
	local rc
	if [[ ! -f $ROOT/kmod/dmabench.ko ]]; then
		check "lab: direct@6.12 refuses kmod/dmabench.ko # SKIP kmod/dmabench.ko not built" "" true
		return
	fi
	"$LAB" direct@6.12 --module "$ROOT/kmod/dmabench.ko" -- true 2>"$TMP/err"
	rc=$?
	check "lab: direct@6.12 refuses a module built for another kernel, naming make kmod-6.12" \
		"rc $rc: $(cat "$TMP/err")" both [ "$rc" -eq 125 ] -- grep -q 'make kmod-6.12' "$TMP/err"
}

# lab.kmods=: a kernel's own module staged uncompressed, with its load order.
lab_stages_kernel_modules() {
	local dir
	dir=$(LAB_ROOT=$ROOT LAB_CACHE=${DMABENCH_CACHE:-$HOME/.cache/dmabench} bash -c \
		'. "$0/scripts/lab.d/machine.sh"; lab_kernel_modules_dir debian-6.12' "$ROOT")
	# shellcheck source=scripts/lab.d/initramfs.sh
	(LAB_D=$ROOT/scripts/lab.d; . "$LAB_D/initramfs.sh"
		lab_stage_kmods "$TMP/stage" "$dir" virtio-iommu) 2>"$TMP/err"
	check "lab: lab.kmods=virtio-iommu stages virtio_iommu.ko (6.12) and its load order" \
		"$(cat "$TMP/err")" both [ "$(modinfo -F name "$TMP/stage/lib/modules/kernel/virtio_iommu.ko" 2>&1)" = virtio_iommu ] -- \
		[ "$(cat "$TMP/stage/lib/modules/kernel/order" 2>&1)" = virtio_iommu ]
	# shellcheck source=scripts/lab.d/initramfs.sh
	(LAB_D=$ROOT/scripts/lab.d; . "$LAB_D/initramfs.sh"
		lab_stage_kmods "$TMP/stage2" "$dir" no-such-module) 2>"$TMP/err"
	check "lab: an unknown lab.kmods module fails staging" "$(cat "$TMP/err")" \
		grep -q 'no kernel module no_such_module' "$TMP/err"
}

# A module built for another kernel is refused before booting.
lab_refuses_foreign_module() {
	local rc
	printf 'not a module' >"$TMP/fake.ko"
	"$LAB" direct --module "$TMP/fake.ko" -- true 2>"$TMP/err"
	rc=$?
	check "lab: a module not built for the lab kernel fails early (125)" \
		"rc $rc: $(cat "$TMP/err")" both [ "$rc" -eq 125 ] -- grep -q 'was built for' "$TMP/err"
}

# arm64: virt with Debian's arm64 Image, the cross-built module, one PL011 and
# virtio-serial ports for the command's channels; x86 keeps its four UARTs.
lab_lists_arm64() {
	local abi block channels
	abi=$("$ROOT/scripts/kernel-abi")
	block=$(preset_block arm64)
	check "lab --list: arm64 boots vmlinuz-$abi-arm64 on virt with build/arm64's module" \
		"$block" both contains "$block" "/boot/vmlinuz-$abi-arm64 (debian-arm64)" -- \
		both contains "$block" 'qemu-system-aarch64 -machine virt' -- \
		contains "$block" "module: $ROOT/build/arm64/kmod/dmabench.ko"
	check "lab --list: arm64's console is ttyAMA0" "$block" contains "$block" 'console=ttyAMA0'
	channels=$(LAB_ROOT=$ROOT LAB_CACHE=$TMP bash -c \
		'. "$0/scripts/lab.d/machine.sh"; lab_channel_args aarch64 /W' "$ROOT")
	check "lab: arm64's stdout, stderr and results are named virtio-serial ports" "$channels" \
		both [ "$(grep -o 'virtserialport,chardev=[a-z]*,name=lab\.[a-z]*' <<<"$channels" | wc -l)" -eq 3 ] -- \
		[ "$(grep -o -- '-serial ' <<<"$channels" | wc -l)" -eq 1 ]
	channels=$(LAB_ROOT=$ROOT LAB_CACHE=$TMP bash -c \
		'. "$0/scripts/lab.d/machine.sh"; lab_channel_args x86_64 /W' "$ROOT")
	check "lab: x86's channels are four serial ports" "$channels" \
		[ "$(grep -o -- '-serial ' <<<"$channels" | wc -l)" -eq 4 ]
}

# The x86 module is refused by the arm64 preset, naming the make target.
lab_refuses_x86_module_on_arm64() {
	local rc
	if [[ ! -f $ROOT/kmod/dmabench.ko ]]; then
		check "lab: arm64 refuses kmod/dmabench.ko # SKIP kmod/dmabench.ko not built" "" true
		return
	fi
	"$LAB" arm64 --module "$ROOT/kmod/dmabench.ko" -- true 2>"$TMP/err"
	rc=$?
	check "lab: arm64 refuses the x86 module, naming make arm64" \
		"rc $rc: $(cat "$TMP/err")" both [ "$rc" -eq 125 ] -- grep -q 'make arm64' "$TMP/err"
}

# A dynamically linked arm64 program comes with its loader and libraries
# (host ldd cannot read it), found in the multiarch directories.
lab_stages_arm64_program() {
	local bin=$ROOT/build/arm64/bench/dmabench
	if [[ ! -x $bin ]]; then
		check "lab: stages arm64 dmabench's libraries # SKIP $bin not built (make arm64)" "" true
		return
	fi
	# shellcheck source=scripts/lab.d/initramfs.sh
	(LAB_D=$ROOT/scripts/lab.d; . "$LAB_D/initramfs.sh"
		mkdir -p "$TMP/stage64$LAB_GUEST_BIN"; lab_stage_program "$TMP/stage64" "$bin") 2>"$TMP/err"
	check "lab: arm64 dmabench staged with ld-linux-aarch64, libjansson, libhwloc, libudev" \
		"$(cat "$TMP/err"; find "$TMP/stage64" -type f)" both \
		[ -f "$TMP/stage64/lib/ld-linux-aarch64.so.1" ] -- both \
		[ -n "$(find "$TMP/stage64" -name 'libjansson.so.4')" ] -- both \
		[ -n "$(find "$TMP/stage64" -name 'libhwloc.so.15')" ] -- \
		[ -n "$(find "$TMP/stage64" -path '*aarch64-linux-gnu*' -name 'libudev.so.1')" ]
}

# emulator_verdict REASON LOG: run-lab-tests.sh's emulator_failed on a boot
# that failed with REASON and left LOG.
emulator_verdict() {
	bash -c '. "$1"; BOOT_REASON=$2; emulator_failed "$3"' _ "$ROOT/tests/lab/run-lab-tests.sh" "$1" "$2"
}

fails() {
	! "$@"
}

# Only a boot the emulator failed is booted again: a stall the guest did not
# answer, or an int3 Oops with no frame of the module in its trace.
only_emulator_failures_are_retried() {
	local int3=$TMP/int3.log ours=$TMP/int3-dmabench.log
	printf '%s\n' '[   11.2] Oops: int3: 0000 [#1] PREEMPT SMP NOPTI' 'RIP: 0010:__schedule+0x339/0x8f0' \
		'Call Trace:' ' <TASK>' ' rcu_gp_kthread+0x6c/0x190' '---[ end trace 0000000000000000 ]---' >"$int3"
	sed 's/rcu_gp_kthread+0x6c\/0x190/dmabench_ioctl+0x3a\/0x200 [dmabench]/' "$int3" >"$ours"
	check "run-lab-tests: an emulator stall is booted again" "" \
		emulator_verdict "emulator stall: the guest printed nothing for 300 s and answered neither sysrq nor an NMI" /dev/null
	check "run-lab-tests: a stall the guest answered is not" "" \
		fails emulator_verdict "stall: the guest printed nothing for 300 s; poked (sysrq l/w, NMI), it answered" /dev/null
	check "run-lab-tests: an int3 Oops outside the module is booted again" "" \
		emulator_verdict "kernel log: [   11.2] Oops: int3: 0000 [#1] PREEMPT SMP NOPTI" "$int3"
	check "run-lab-tests: an int3 Oops with a dmabench frame is not" "" \
		fails emulator_verdict "kernel log: [   11.2] Oops: int3: 0000 [#1] PREEMPT SMP NOPTI" "$ours"
	check "run-lab-tests: another Oops is not" "" \
		fails emulator_verdict "kernel log: [   11.2] Oops: general protection fault" "$int3"
	check "run-lab-tests: a timeout is not" "" \
		fails emulator_verdict "timeout: the guest ran longer than 1200 s (qemu killed)" /dev/null
}

main() {
	clean_log_passes
	only_emulator_failures_are_retried
	problem_lines_fail
	first_problem_is_reported
	kernel_abi_is_resolved
	kernel_abi_works_from_cache
	lab_usage_errors
	lab_smp_args
	lab_lists_presets
	lab_refuses_foreign_module
	kernel_abi_series
	lab_lists_more_platforms
	lab_refuses_other_series_module
	lab_stages_kernel_modules
	lab_lists_arm64
	lab_refuses_x86_module_on_arm64
	lab_stages_arm64_program
	echo "1..$N"
	echo "lab scripts: $((N - FAILED)) passed, $FAILED failed"
	[[ $FAILED -eq 0 ]]
}

main "$@"
