# shellcheck shell=bash
# initramfs.sh: the guest's root file system, a busybox initramfs.
# Sourced by scripts/lab; needs LAB_D.

# Where the module lives in the guest.
readonly LAB_GUEST_MODULE=/lib/modules/dmabench.ko
readonly LAB_GUEST_BIN=/opt/dmabench/bin

lab_stage_skeleton() {
	local stage=$1
	mkdir -p "$stage"/{bin,sbin,usr/bin,usr/sbin,lib/modules,proc,sys,dev,tmp,root,results,etc,.lab}
	mkdir -p "$stage$LAB_GUEST_BIN"
	install -m 0755 "$LAB_D/init" "$stage/init"
}

# Debian's busybox-static: one binary, every applet a link to it.
# lab_stage_busybox STAGE [BUSYBOX]: the host's, or BUSYBOX (another
# architecture's, same Debian version: the host's names the applets).
lab_stage_busybox() {
	local stage=$1 busybox=${2:-} applet
	[[ -n $busybox ]] || busybox=$(command -v busybox) || return 1
	[[ -f $busybox ]] || { echo "lab: no busybox $busybox (run scripts/setup)" >&2; return 1; }
	cp "$busybox" "$stage/bin/busybox" || return 1
	for applet in $(busybox --list); do
		[[ -e $stage/bin/$applet ]] || ln -s busybox "$stage/bin/$applet"
	done
}

# lab_stage_program STAGE FILE: FILE on the guest's PATH, with the shared
# libraries (and the loader) it needs at the paths ldd names.
lab_stage_program() {
	local stage=$1 file=$2 lib libs
	[[ -f $file ]] || { echo "lab: no such file: $file" >&2; return 1; }
	install -m 0755 "$file" "$stage$LAB_GUEST_BIN/$(basename "$file")" || return 1
	# ldd fails on static binaries and scripts: nothing to copy then.  It
	# fails on another architecture's programs too: those must be static.
	if ! libs=$(ldd "$file" 2>/dev/null); then
		[[ -n $(lab_elf_interp "$file") ]] || return 0
		lab_stage_foreign_libs "$stage" "$file"
		return
	fi
	for lib in $(grep -o '/[^ ]*' <<<"$libs"); do
		lab_stage_lib "$stage" "$lib" || return 1
	done
}

lab_stage_lib() {
	local stage=$1 lib=$2
	[[ -e $stage$lib ]] && return 0
	mkdir -p "$stage$(dirname "$lib")"
	cp -L "$lib" "$stage$lib"
}

# The loader a dynamically linked ELF file names (empty: static, or no ELF).
lab_elf_interp() {
	LC_ALL=C readelf -l "$1" 2>/dev/null | sed -n 's/.*program interpreter: \(.*\)]$/\1/p'
}

# Another architecture's program (ldd cannot run its loader): its loader and
# the libraries it needs, recursively, from the host's multiarch directories
# of that architecture (dpkg --add-architecture; scripts/setup does arm64),
# at the same paths, which the guest's loader searches.
lab_stage_foreign_libs() {
	local stage=$1 file=$2 triplet machine soname
	machine=$(LC_ALL=C readelf -h "$file" | sed -n 's/^ *Machine: *//p')
	case $machine in
	AArch64) triplet=aarch64-linux-gnu ;;
	*) echo "lab: $file: cannot find libraries for a $machine program" >&2; return 1 ;;
	esac
	lab_stage_lib "$stage" "$(lab_elf_interp "$file")" || return 1
	for soname in $(lab_elf_needed "$file"); do
		lab_stage_foreign_lib "$stage" "$triplet" "$soname" || return 1
	done
}

lab_elf_needed() {
	LC_ALL=C readelf -d "$1" | sed -n 's/.*(NEEDED).*\[\(.*\)\]$/\1/p'
}

lab_stage_foreign_lib() {
	local stage=$1 triplet=$2 soname=$3 dir lib=
	for dir in /lib/$triplet /usr/lib/$triplet; do
		[[ -e $dir/$soname ]] && { lib=$dir/$soname; break; }
	done
	[[ -n $lib ]] || { echo "lab: no $triplet library $soname on the host" >&2; return 1; }
	[[ -e $stage$lib ]] && return 0
	lab_stage_lib "$stage" "$lib" || return 1
	for soname in $(lab_elf_needed "$lib"); do
		lab_stage_foreign_lib "$stage" "$triplet" "$soname" || return 1
	done
}

# Single-quotes one word for sh.
lab_quote() {
	printf "'%s'" "${1//\'/\'\\\'\'}"
}

# lab_write_conf STAGE PRESET LOAD_MODULE MODPARAMS CMD...: what /init reads.
lab_write_conf() {
	local stage=$1 preset=$2 load=$3 params=$4 word cmd=
	shift 4
	for word in "$@"; do
		cmd+="$(lab_quote "$word") "
	done
	{
		echo "LAB_PRESET=$(lab_quote "$preset")"
		echo "LAB_LOAD_MODULE=$load"
		echo "LAB_MODPARAMS=$(lab_quote "$params")"
		if [[ -f $stage$LAB_GUEST_MODULE ]]; then
			echo "LAB_MODULE=$LAB_GUEST_MODULE"
		else
			echo "LAB_MODULE="
		fi
	} >"$stage/.lab/conf"
	echo "exec $cmd" >"$stage/.lab/cmd"
}

# lab_write_hostroot_conf STAGE CWD HOME: /init chroots into the host's root
# (scripts/lab --hostroot) and runs the command in CWD with HOME.
lab_write_hostroot_conf() {
	{
		echo "LAB_HOSTROOT=1"
		echo "LAB_CWD=$(lab_quote "$2")"
		echo "LAB_HOME=$(lab_quote "$3")"
	} >>"$1/.lab/conf"
}

# An uncompressed newc archive: the kernel unpacks it fastest.
lab_pack() {
	(cd "$1" && find . -print0 | cpio --null -o -H newc --quiet) >"$2"
}

# Kernel modules a preset needs that Debian builds as modules (virtio-iommu):
# named by lab.kmods=a,b on the preset's kernel command line, staged uncompressed
# in LAB_GUEST_KMODS with what they depend on; /init loads them in the order of
# its file "order" (dependencies first) before anything else runs.
readonly LAB_GUEST_KMODS=/lib/modules/kernel

# lab_stage_kmods STAGE MODULES_DIR NAME...
lab_stage_kmods() {
	local stage=$1 dir=$2 name
	shift 2
	mkdir -p "$stage$LAB_GUEST_KMODS"
	for name in "$@"; do
		lab_stage_kmod "$stage" "$dir" "$name" || return 1
	done
}

lab_stage_kmod() {
	local stage=$1 dir=$2 name=${3//-/_} file dep out
	out=$stage$LAB_GUEST_KMODS/$name.ko
	[[ -f $out ]] && return 0
	# File names mix - and _ where module names have _: ? matches either.
	file=$(find "$dir/kernel" -name "${name//_/?}.ko*" 2>/dev/null | head -n1)
	[[ -n $file ]] || { echo "lab: no kernel module $name in $dir" >&2; return 1; }
	for dep in $(modinfo -F depends "$file" | tr , ' '); do
		lab_stage_kmod "$stage" "$dir" "$dep" || return 1
	done
	case $file in
	*.xz) xz -dc "$file" >"$out" ;;
	*.zst) zstd -qdc "$file" >"$out" ;;
	*.gz) gzip -dc "$file" >"$out" ;;
	*) cp "$file" "$out" ;;
	esac || return 1
	echo "$name" >>"$stage$LAB_GUEST_KMODS/order"
}
