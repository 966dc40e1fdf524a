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

# lab_kernel_release KERNEL: the release (uname -r) of a preset's kernel.
lab_kernel_release() {
	case $1 in
	debian) echo "$(lab_abi)-amd64" ;;
	debian-[0-9]*.[0-9]*) echo "$(lab_abi --kernel "${1#debian-}")-amd64" ;;
	*) return 1 ;;
	esac
}

# lab_kernel_image KERNEL: the bzImage QEMU boots.
lab_kernel_image() {
	local release
	release=$(lab_kernel_release "$1") || return 1
	echo "$LAB_CACHE/kernel/${release%-amd64}/boot/vmlinuz-$release"
}

# lab_kernel_modules_dir KERNEL: the kernel's own modules, unpacked with its image.
lab_kernel_modules_dir() {
	local release
	release=$(lab_kernel_release "$1") || return 1
	echo "$LAB_CACHE/kernel/${release%-amd64}/lib/modules/$release"
}

# lab_kernel_module KERNEL: where the module built for a preset's kernel is
# (make kmod builds kmod/dmabench.ko for the default one, make kmod-6.12 the
# other series, each against its own headers).
lab_kernel_module() {
	case $1 in
	debian) echo "$LAB_ROOT/kmod/dmabench.ko" ;;
	debian-[0-9]*.[0-9]*) echo "$LAB_ROOT/build/kmod-${1#debian-}/dmabench.ko" ;;
	*) return 1 ;;
	esac
}

# lab_kernel_args ARCH: the command line every preset starts from.  panic=-1
# with QEMU's -no-reboot turns a panic into QEMU exiting at once.
lab_kernel_args() {
	case $1 in
	x86_64) echo "console=ttyS0,115200 rdinit=/init panic=-1 tsc=reliable" ;;
	*) return 1 ;;
	esac
}

# lab_machine_args ARCH MEM_MB: the QEMU binary and machine.
lab_machine_args() {
	local cpu=max accel=$LAB_ACCEL
	[[ $accel == kvm ]] && cpu=host
	case $1 in
	x86_64) echo "qemu-system-x86_64 -machine q35 -accel $accel -cpu $cpu -smp 2 -m $2" ;;
	*) return 1 ;;
	esac
}

# lab_device_args ARCH: the devices every preset has.  edu's DMA mask defaults
# to 28 bits and QEMU silently truncates addresses above it, so it is widened.
lab_device_args() {
	case $1 in
	x86_64) echo "-device edu,dma_mask=0xffffffffffffffff" ;;
	*) return 1 ;;
	esac
}
