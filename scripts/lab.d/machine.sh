# shellcheck shell=bash
# machine.sh: the lab's QEMU machine and kernel, by arch and kernel name.
# Sourced by scripts/lab; needs LAB_ROOT and LAB_CACHE.

# TCG by default: emulated timings prove function, not speed, and KVM inside
# some VMs asserts in QEMU (MSR 0x10a) or hangs.  LAB_ACCEL=kvm opts in.
LAB_ACCEL=${LAB_ACCEL:-tcg}

# lab_abi [--kernel SERIES]: the ABI of Debian's default (or SERIES) kernel.
lab_abi() {
	"$LAB_ROOT/scripts/kernel-abi" "$@"
}

# lab_debug_tree: the debug kernel's build tree (scripts/build-debug-kernel),
# its image and the module's headers at once.
lab_debug_tree() {
	echo "$LAB_CACHE/debug-kernel/linux-source-6.1"
}

# lab_kernel_release KERNEL: the release (uname -r) of a preset's kernel.
lab_kernel_release() {
	case $1 in
	debug) cat "$(lab_debug_tree)/include/config/kernel.release" 2>/dev/null ;;
	debian) echo "$(lab_abi)-amd64" ;;
	debian-[0-9]*.[0-9]*) echo "$(lab_abi --kernel "${1#debian-}")-amd64" ;;
	debian-arm64) echo "$(lab_abi)-arm64" ;;
	*) return 1 ;;
	esac
}

# lab_arm64_root RELEASE: where scripts/setup unpacked an arm64 kernel's packages.
lab_arm64_root() {
	echo "$LAB_CACHE/arm64/${1%-arm64}"
}

# lab_kernel_image KERNEL: the bzImage QEMU boots.
lab_kernel_image() {
	local release
	[[ $1 == debug ]] && { echo "$(lab_debug_tree)/arch/x86/boot/bzImage"; return; }
	release=$(lab_kernel_release "$1") || return 1
	# arm64's vmlinuz is an uncompressed Image.
	[[ $release == *-arm64 ]] && { echo "$(lab_arm64_root "$release")/boot/vmlinuz-$release"; return; }
	echo "$LAB_CACHE/kernel/${release%-amd64}/boot/vmlinuz-$release"
}

# lab_kernel_modules_dir KERNEL: the kernel's own modules, unpacked with its image.
lab_kernel_modules_dir() {
	local release
	# The debug kernel has what it needs built in (modules_prepare only).
	[[ $1 == debug ]] && { echo "$(lab_debug_tree)/no-modules"; return; }
	release=$(lab_kernel_release "$1") || return 1
	[[ $release == *-arm64 ]] && { echo "$(lab_arm64_root "$release")/lib/modules/$release"; return; }
	echo "$LAB_CACHE/kernel/${release%-amd64}/lib/modules/$release"
}

# lab_kernel_module KERNEL: where the module built for a preset's kernel is
# (make kmod builds kmod/dmabench.ko for the default one, make kmod-6.12 the
# other series, each against its own headers; make kmod-debug the debug kernel's).
lab_kernel_module() {
	case $1 in
	debug) echo "$LAB_ROOT/build/kmod-debug/dmabench.ko" ;;
	debian) echo "$LAB_ROOT/kmod/dmabench.ko" ;;
	debian-[0-9]*.[0-9]*) echo "$LAB_ROOT/build/kmod-${1#debian-}/dmabench.ko" ;;
	debian-arm64) echo "$LAB_ROOT/build/arm64/kmod/dmabench.ko" ;;
	*) return 1 ;;
	esac
}

# lab_kernel_args ARCH: the command line every preset starts from.  panic=-1
# with QEMU's -no-reboot turns a panic into QEMU exiting at once.  TCG vCPUs
# starved by a busy host stall for tens of seconds; watchdog_thresh=60 moves
# the soft-lockup report to 120 s so that only a real lockup fails a run.
# sysrq_always_enabled, unknown_nmi_panic and panic_print=0x40 (every CPU's
# backtrace at a panic) let the stall watch (lab.d/stall.sh) ask a silent
# guest where it is.
lab_kernel_args() {
	case $1 in
	x86_64) echo "console=ttyS0,115200 rdinit=/init panic=-1 tsc=reliable watchdog_thresh=60" \
		"sysrq_always_enabled unknown_nmi_panic panic_print=0x40" ;;
	aarch64) echo "console=ttyAMA0 rdinit=/init panic=-1 watchdog_thresh=60 sysrq_always_enabled" ;;
	*) return 1 ;;
	esac
}

# lab_machine_args ARCH MEM_MB [VCPUS]: the QEMU binary and machine (2 vCPUs unless told).
lab_machine_args() {
	local cpu=max accel=$LAB_ACCEL smp=${3:-2}
	[[ $accel == kvm ]] && cpu=host
	# x86 under TCG: one thread for both vCPUs.  With a thread per vCPU
	# (MTTCG, QEMU 7.2) a vCPU goes on running the old translation of code
	# the other vCPU has just patched through text_poke_bp (the function
	# tracer kmod_test uses, static calls, the perf_sched_events key):
	# it traps on an int3 the patcher already removed ("Oops: int3" in
	# __schedule) or spins on it while the patcher waits for it in
	# on_each_cpu(), an RCU stall and a guest silent until the timeout (seen
	# in CI on the VT-d, virtio-iommu and swiotlb presets).  arm64 patches
	# text under stop_machine() and keeps its thread per vCPU.
	# LAB_TCG_THREAD=multi brings MTTCG back.
	[[ $accel == tcg && $1 == x86_64 ]] && accel+=",thread=${LAB_TCG_THREAD:-single}"
	case $1 in
	x86_64) echo "qemu-system-x86_64 -machine q35 -accel $accel -cpu $cpu -smp $smp -m $2" ;;
	# TCG only (no arm64 host); impdef pointer authentication is much faster to emulate.
	aarch64) echo "qemu-system-aarch64 -machine virt -accel tcg -cpu max,pauth-impdef=on -smp $smp -m $2" ;;
	*) return 1 ;;
	esac
}

# lab_device_args ARCH EDU: the devices every preset has.  edu's DMA mask
# defaults to 28 bits and QEMU silently truncates addresses above it, so it
# is widened (EDU "wide", the default) and the module told so
# (lab_device_modparams); EDU "stock" (lab.edu=stock in a preset's kernel
# args) leaves QEMU's default, which the module assumes when not told.
lab_device_args() {
	case $1:${2:-wide} in
	x86_64:wide | aarch64:wide) echo "-device edu,dma_mask=0xffffffffffffffff" ;;
	x86_64:stock | aarch64:stock) echo "-device edu" ;;
	*) return 1 ;;
	esac
}

# lab_device_modparams EDU: the module parameters that match lab_device_args:
# the widened edu's mask (a preset's own dmabench.pci_dma_bits comes later
# and wins).
lab_device_modparams() {
	case ${1:-wide} in
	wide) echo "pci_dma_bits=64" ;;
	*) ;;
	esac
}

# lab_channel_args ARCH WORK: the kernel console (WORK/console.log), the
# command's stdout and stderr (FIFOs WORK/out and WORK/err, QEMU's pipe
# chardevs open NAME.in and NAME.out) and the results tar (WORK/results.bin).
# x86 has four UARTs, ttyS0..3.  virt has one PL011 (ttyAMA0, the console):
# the rest are virtio-serial ports the guest finds by name (lab.d/channels-virtio).
lab_channel_args() {
	local work=$2
	case $1 in
	x86_64)
		echo "-serial file:$work/console.log" \
			"-chardev pipe,id=out,path=$work/out -serial chardev:out" \
			"-chardev pipe,id=err,path=$work/err -serial chardev:err" \
			"-serial file:$work/results.bin" ;;
	aarch64)
		echo "-serial file:$work/console.log -device virtio-serial-device" \
			"-chardev pipe,id=out,path=$work/out -device virtserialport,chardev=out,name=lab.out" \
			"-chardev pipe,id=err,path=$work/err -device virtserialport,chardev=err,name=lab.err" \
			"-chardev file,id=res,path=$work/results.bin -device virtserialport,chardev=res,name=lab.results" ;;
	*) return 1 ;;
	esac
}

# lab_busybox ARCH: the static busybox the guest runs.
lab_busybox() {
	case $1 in
	x86_64) command -v busybox ;;
	aarch64) echo "$LAB_CACHE/arm64/busybox/bin/busybox" ;;
	*) return 1 ;;
	esac
}

# lab_harness ARCH: bench/dmabench built for the guest (make arm64 for aarch64).
lab_harness() {
	case $1 in
	x86_64) echo "$LAB_ROOT/bench/dmabench" ;;
	aarch64) echo "$LAB_ROOT/build/arm64/bench/dmabench" ;;
	*) return 1 ;;
	esac
}

# lab_guest_kmods ARCH: the kernel's own modules every guest of ARCH loads
# first (staged like a preset's lab.kmods=): Debian builds virtio-mmio and
# virtio-console as modules.
lab_guest_kmods() {
	case $1 in
	aarch64) echo "virtio_mmio virtio_console" ;;
	*) ;;
	esac
}

# lab_guest_channels ARCH: what sets up the command's channels in the guest,
# a file /init sources (none: ttyS1..3).
lab_guest_channels() {
	case $1 in
	aarch64) echo "$LAB_D/channels-virtio" ;;
	*) ;;
	esac
}

# --hostroot: the host's / for the guest, read-only over virtio-9p (tag
# hostroot); multidevs=remap because / spans several file systems (/proc,
# /sys, ...) whose inode numbers would otherwise collide in the guest.
lab_hostroot_args() {
	echo "-fsdev local,id=hostroot,path=/,security_model=none,readonly=on,multidevs=remap" \
		"-device virtio-9p-pci,fsdev=hostroot,mount_tag=hostroot"
}

# The guest kernel's modules --hostroot needs (Debian builds them as modules):
# the virtio PCI transport, 9p over it, and overlayfs for the writable layer.
# shellcheck disable=SC2034 # used by scripts/lab
readonly LAB_HOSTROOT_KMODS="virtio_pci 9pnet_virtio 9p overlay"
