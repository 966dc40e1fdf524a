#!/bin/sh
# guest-tests.sh PRESET: the lab's checks inside the guest (busybox sh), as TAP.
#
# Run by tests/lab/run-lab-tests.sh through `scripts/lab PRESET --no-module`:
# it loads the module itself so that it can take MemAvailable before insmod and
# compare after rmmod.  Needs $LAB_MODULE (set by the lab's /init), dmabench and
# kmod_test on PATH.  Prints `ok N - PRESET: what` / `not ok N - PRESET: what #
# detail`, a plan at the end, and exits 1 when anything failed.

PRESET=${1:-${LAB_PRESET:-unknown}}
# The platform the checks depend on: the preset without its kernel (direct@6.12 -> direct).
BASE=${PRESET%@*}
N=0
FAILED=0
WORK=/tmp/guest-tests
# Memory the module may legitimately keep across insmod/rmmod (slab, page
# tables of the direct map split by set_pages_array_wc/uc).
MEM_MARGIN_KB=8192
# Plus one-time costs that grow with RAM and do not come back on later runs,
# so no leak, 1/512 of RAM:
#  - the first insmod, kmod_test, rmmod (measured at 6 GiB: 8.0 MB; 0.07 MB
#    more after each of the next two);
#  - the past-RAM check (guest-fuzz.sh oom_checks), which drives the page
#    allocator to its limit once: at 6 GiB MemAvailable plus the per-CPU
#    lists stayed 10.7 MB down after the first run, and a second run gave
#    1.6 MB back instead of losing more.
MEM_MARGIN_KB=$((MEM_MARGIN_KB + $(sed -n 's/^MemTotal: *\([0-9]*\) kB$/\1/p' /proc/meminfo) / 512))
# KASAN (the debug preset's kernel) holds freed objects in its quarantine, up
# to 1/32 of RAM, and no interface drains it: MemAvailable stays down by
# what the tests freed last (measured: 33 MB).  kmemleak is the leak check
# there (debug_kernel_checks).
if [ "${PRESET%@*}" = debug ]; then
	MEM_MARGIN_KB=$((MEM_MARGIN_KB + $(sed -n 's/^MemTotal: *\([0-9]*\) kB$/\1/p' /proc/meminfo) / 32))
fi

ok() {
	N=$((N + 1))
	echo "ok $N - $PRESET: $1"
}

not_ok() {
	N=$((N + 1))
	FAILED=$((FAILED + 1))
	echo "not ok $N - $PRESET: $1${2:+ # $2}"
}

# The OOM killer must never pick this script: it holds the TAP of the test
# that is running, and every check still to come (stop 9's CI lost 1290
# checks when it was the first victim of a fuzzer-driven OOM).  So the script
# is exempt (-1000) and the programs that use memory run at the default
# score again: kmod_test, dmabench and the fuzzer through these wrappers
# (`exec` looks the name up on PATH, not among the functions).
protect_from_oom() {
	echo -1000 >/proc/$$/oom_score_adj
}

unprotected() {
	(echo 0 >/proc/self/oom_score_adj && exec "$@")
}

kmod_test() { unprotected kmod_test "$@"; }
dmabench() { unprotected dmabench "$@"; }

# check WHAT DETAIL CMD...: one TAP line from CMD's status.
check() {
	what=$1
	detail=$2
	shift 2
	if "$@"; then ok "$what"; else not_ok "$what" "$detail"; fi
}

# MemAvailable leaves out the free pages parked in the per-CPU page lists,
# and after kmod_test frees a GiB those lists alone hold tens of MB (measured:
# 32 MB on 2 CPUs), so they are added back (zoneinfo counts them in pages).
mem_available_kb() {
	avail=$(sed -n 's/^MemAvailable: *\([0-9]*\) kB$/\1/p' /proc/meminfo)
	page_kb=$(sed -n 's/^KernelPageSize: *\([0-9]*\) kB$/\1/p' /proc/self/smaps | head -n1)
	pcp=$(awk '$1 == "count:" { n += $2 } END { print n + 0 }' /proc/zoneinfo)
	echo $((avail + pcp * ${page_kb:-4}))
}

# Page cache and slab caches move MemAvailable; drop them before each reading.
settle_memory() {
	sync
	echo 3 >/proc/sys/vm/drop_caches
}

edu_present() {
	for dev in /sys/bus/pci/devices/*; do
		[ "$(cat "$dev/vendor" 2>/dev/null):$(cat "$dev/device" 2>/dev/null)" = \
			0x1234:0x11e8 ] && return 0
	done
	return 1
}

# json_get FILE KEY: the value of a key that occurs once in a JSON document
# (strings without their quotes).  The harness writes one key per line.
json_get() {
	tr -d '\n' <"$1" |
		sed -nE 's/.*"'"$2"'"[[:space:]]*:[[:space:]]*("[^"]*"|[^,}]*).*/\1/p' |
		sed -E 's/[[:space:]]+$//; s/^"(.*)"$/\1/'
}

# --- 0. the machine is what the preset says (no module needed) -----------

iommu_units() {
	# shellcheck disable=SC2012 # sysfs names are plain
	ls /sys/class/iommu 2>/dev/null | tr '\n' ' ' | sed 's/ $//'
}

swiotlb_slabs() {
	cat /sys/kernel/debug/swiotlb/io_tlb_nslabs 2>/dev/null
}

# The policy line the IOMMU core prints: "strict mode" or "lazy mode".
tlb_policy() {
	dmesg | sed -n 's/.*DMA domain TLB invalidation policy: \([a-z]*\) mode.*/\1/p' | head -n1
}

# The default domain type the IOMMU core prints ("Translated", "Passthrough").
default_domain() {
	dmesg | sed -n 's/.*iommu: Default domain type: \([A-Za-z]*\).*/\1/p' | head -n1
}

preset_checks() {
	units=$(iommu_units)
	case $PRESET in
	*@*)
		check "the kernel is ${PRESET#*@}.x (uname -r)" "got '$(uname -r)'" \
			[ "${PRESET#*@}" = "$(uname -r | cut -d. -f1-2)" ]
		;;
	esac
	case $BASE in
	direct | swiotlb | debug)
		check "no IOMMU unit in /sys/class/iommu" "found '$units'" [ -z "$units" ]
		;;
	arm64)
		check "the machine is aarch64 (uname -m)" "got '$(uname -m)'" [ "$(uname -m)" = aarch64 ]
		check "no IOMMU unit in /sys/class/iommu" "found '$units'" [ -z "$units" ]
		;;
	arm64-smmuv3*)
		check "the machine is aarch64 (uname -m)" "got '$(uname -m)'" [ "$(uname -m)" = aarch64 ]
		check "an SMMUv3 unit (smmu3.*) in /sys/class/iommu" "found '$units'" \
			[ "${units#smmu3.}" != "$units" ]
		want=strict
		[ "$BASE" = arm64-smmuv3-lazy ] && want=lazy
		check "IOMMU TLB invalidation policy is $want" "got '$(tlb_policy)'" \
			[ "$(tlb_policy)" = "$want" ]
		;;
	edu-stock)
		check "no IOMMU unit in /sys/class/iommu" "found '$units'" [ -z "$units" ]
		total=$(sed -n 's/^MemTotal: *\([0-9]*\) kB$/\1/p' /proc/meminfo)
		check "RAM reaches well above edu's 256 MiB (MemTotal > 1 GiB)" "MemTotal $total kB" \
			[ "$total" -gt 1048576 ]
		;;
	iommu-pt)
		check "an Intel IOMMU unit (dmar*) in /sys/class/iommu" "found '$units'" \
			[ "${units#dmar}" != "$units" ]
		check "the IOMMU's default domain is passthrough" "got '$(default_domain)'" \
			[ "$(default_domain)" = Passthrough ]
		;;
	amd-iommu-strict)
		check "an AMD IOMMU unit (ivhd*) in /sys/class/iommu" "found '$units'" \
			[ "${units#ivhd}" != "$units" ]
		check "IOMMU TLB invalidation policy is strict" "got '$(tlb_policy)'" \
			[ "$(tlb_policy)" = strict ]
		;;
	virtio-iommu-*)
		check "the virtio_iommu driver is loaded" "$(cat /proc/modules)" \
			grep -q '^virtio_iommu ' /proc/modules
		check "a virtio-iommu unit in /sys/class/iommu" "found '$units'" \
			[ -n "$units" ]
		want=${BASE#virtio-iommu-}
		check "IOMMU TLB invalidation policy is $want" "got '$(tlb_policy)'" \
			[ "$(tlb_policy)" = "$want" ]
		;;
	iommu-*)
		check "an Intel IOMMU unit (dmar*) in /sys/class/iommu" "found '$units'" \
			[ "${units#dmar}" != "$units" ]
		want=${BASE#iommu-}
		check "IOMMU TLB invalidation policy is $want" "got '$(tlb_policy)'" \
			[ "$(tlb_policy)" = "$want" ]
		;;
	esac
	if [ "$BASE" = narrow-mask ]; then
		check "no IOMMU unit in /sys/class/iommu" "found '$units'" [ -z "$units" ]
		total=$(sed -n 's/^MemTotal: *\([0-9]*\) kB$/\1/p' /proc/meminfo)
		check "RAM reaches above 4 GiB (MemTotal > 4 GiB)" "MemTotal $total kB" \
			[ "$total" -gt 4194304 ]
		check "swiotlb not forced (the kernel chose it)" "$(cat /proc/cmdline)" \
			sh -c '! grep -q "swiotlb=[^ ]*force" /proc/cmdline'
		check "swiotlb pool is set up" "got '$(swiotlb_slabs)'" [ "$(swiotlb_slabs)" -gt 0 ]
	fi
	if [ "$BASE" = swiotlb ]; then
		check "swiotlb forced on the kernel command line" "$(cat /proc/cmdline)" \
			grep -q 'swiotlb=[0-9]*,force' /proc/cmdline
		check "swiotlb pool is 131072 slabs (256 MiB)" "got '$(swiotlb_slabs)'" \
			[ "$(swiotlb_slabs)" = 131072 ]
	fi
	check "an edu device (1234:11e8) is on the PCI bus" "" edu_present
}

# --- 1. the module loads --------------------------------------------------

MEM_BEFORE=

load_module() {
	settle_memory
	MEM_BEFORE=$(mem_available_kb)
	if [ -z "$LAB_MODULE" ] || [ ! -f "$LAB_MODULE" ]; then
		not_ok "insmod dmabench.ko" "no module in the guest (make kmod)"
		return 1
	fi
	# shellcheck disable=SC2086 # parameters are words on purpose
	if ! out=$(insmod "$LAB_MODULE" $LAB_MODPARAMS 2>&1); then
		not_ok "insmod dmabench.ko" "$out"
		return 1
	fi
	ok "insmod dmabench.ko"
	mode=$(stat -c %A /dev/dmabench 2>/dev/null)
	check "/dev/dmabench is a root-only char device (crw-------)" "mode '${mode:-missing}'" \
		[ "$mode" = crw------- ]
}

# --- 2. dmabench info shows what the preset implies ------------------------

# expect_info DEVICE KEY WANT: dmabench info --json --device DEVICE has KEY == WANT.
expect_info() {
	json=$WORK/info-$1.json
	if [ ! -s "$json" ]; then
		if ! dmabench info --json --device "$1" >"$json" 2>"$WORK/info-$1.err"; then
			not_ok "dmabench info --json --device $1" "$(cat "$WORK/info-$1.err")"
			: >"$json"
			return
		fi
	fi
	got=$(json_get "$json" "$2")
	check "info --device $1: $2 is $3" "got '${got:-<missing>}'" [ "$got" = "$3" ]
}

info_checks() {
	if ! which dmabench >/dev/null; then
		not_ok "dmabench info" "dmabench is not in the guest (make bench)"
		return
	fi
	case $BASE in
	direct | debug)
		expect_info platform dma_need_sync false
		expect_info platform iommu none
		expect_info edu dma_need_sync false
		expect_info edu iommu none
		;;
	swiotlb)
		expect_info platform dma_need_sync true
		expect_info platform swiotlb_force true
		expect_info platform max_mapping_size 262144
		expect_info edu dma_need_sync true
		;;
	narrow-mask)
		# 32-bit edu: bounces above 4 GiB; the 64-bit platform device does not.
		expect_info edu dma_mask 0xffffffff
		expect_info edu dma_need_sync true
		expect_info edu swiotlb_force false
		expect_info platform dma_need_sync false
		;;
	iommu-strict)
		expect_info edu iommu strict
		expect_info platform iommu none
		;;
	iommu-lazy)
		expect_info edu iommu lazy
		expect_info platform iommu none
		;;
	amd-iommu-strict | virtio-iommu-strict)
		expect_info edu iommu strict
		expect_info platform iommu none
		;;
	virtio-iommu-lazy)
		expect_info edu iommu lazy
		expect_info platform iommu none
		;;
	iommu-pt)
		expect_info edu iommu identity
		expect_info edu dma_need_sync false
		expect_info platform iommu none
		;;
	edu-stock)
		# Not told otherwise, the module takes QEMU's default edu mask.
		expect_info edu dma_mask 0xfffffff
		expect_info edu iommu none
		expect_info platform dma_mask 0xffffffffffffffff
		;;
	arm64-smmuv3 | arm64-smmuv3-lazy)
		want=strict
		[ "$BASE" = arm64-smmuv3-lazy ] && want=lazy
		expect_info edu iommu "$want"
		expect_info edu dev_coherent true
		expect_info platform iommu none
		expect_info platform dev_coherent false
		expect_info platform dma_need_sync true
		;;
	arm64)
		# No dma-coherent for the platform device: syncs are cache maintenance.
		expect_info platform dev_coherent false
		expect_info platform dma_need_sync true
		expect_info platform streaming_coherent false
		expect_info platform set_pages_array false
		# virt's PCIe host is dma-coherent in the device tree.
		expect_info edu dev_coherent true
		expect_info edu dma_need_sync false
		;;
	*)
		not_ok "dmabench info" "no expectations for preset '$PRESET'"
		;;
	esac
	default_byte_cap_check
}

# cap_within_half CAP_BYTES AVAIL_KB: CAP at most half of AVAIL, 2 % slack for
# what settles between the reading and insmod.
cap_within_half() {
	[ -n "$1" ] && [ "$1" != null ] && [ $(($1 / 1024)) -le $(($2 * 51 / 100)) ]
}

# Without max_bytes= the module may hold half of what was available at load:
# half of RAM was more than a 2 GiB guest with a 256 MiB swiotlb pool and its
# initramfs could spare (the fuzzer woke the OOM killer inside vmap()).
default_byte_cap_check() {
	case " $LAB_MODPARAMS " in *" max_bytes="*) return ;; esac
	json=$WORK/info-platform.json
	[ -s "$json" ] || dmabench info --json --device platform >"$json" 2>/dev/null
	cap=$(json_get "$json" byte_cap)
	check "the default byte cap is at most half of MemAvailable before insmod" \
		"byte_cap ${cap:-missing} B, MemAvailable $MEM_BEFORE kB" cap_within_half "$cap" "$MEM_BEFORE"
}

# --- 3. the module's own test program ------------------------------------

# Renumber kmod_test's TAP into this script's sequence; a crash or a short
# run (fewer results than its plan) is a failure of its own.
merge_tap() {
	label=$1
	status=$2
	results=0
	failed_before=$FAILED
	plan=
	while IFS= read -r line; do
		case $line in
		"ok "*)
			results=$((results + 1))
			ok "$label: $(echo "$line" | sed -E 's/^ok [0-9]+ -? ?//')"
			;;
		"not ok "*)
			results=$((results + 1))
			rest=$(echo "$line" | sed -E 's/^not ok [0-9]+ -? ?//')
			not_ok "$label: ${rest%% # *}" "$(echo "$rest" | sed -n 's/^[^#]* # //p')"
			;;
		1..*) plan=${line#1..} ;;
		*) echo "# $label: $line" ;;
		esac
	done <"$WORK/tap"
	if [ -z "$plan" ] || [ "$plan" != "$results" ]; then
		not_ok "$label: complete run" "plan '${plan:-none}', $results results, exit $status"
	elif [ "$status" -ne 0 ] && [ "$FAILED" -eq "$failed_before" ]; then
		not_ok "$label: exit status" "exited $status with every check ok"
	fi
}

run_kmod_test() {
	kmod_test --device "$@" >"$WORK/tap"
	merge_tap "kmod_test --device $*" $?
}

kmod_tests() {
	if ! which kmod_test >/dev/null; then
		not_ok "kmod_test" "kmod_test is not in the guest (make -C tests/kmod)"
		return
	fi
	run_kmod_test platform
	if ! edu_present; then
		return
	fi
	# A 28-bit edu without an IOMMU reaches only ZONE_DMA (16 MiB): the
	# checks that fit, which are the ones that move data through edu.
	if [ "$BASE" = edu-stock ]; then
		run_kmod_test edu --only syncs,device_dma,dmabuf
	else
		run_kmod_test edu
	fi
}

# --- 3e. what files cannot do to the drivers, what a stuck engine leaves ---

# Buffers stay mapped for the device while their files are open, so neither
# driver may be unbound through sysfs (suppress_bind_attrs: no unbind file).
unbind_checks() {
	for drv in /sys/bus/platform/drivers/dmabench /sys/bus/pci/drivers/dmabench; do
		check "$drv is there (the module's devices have a driver)" "" [ -d "$drv" ]
		# shellcheck disable=SC2012 # sysfs names are plain
		check "$drv refuses sysfs unbind (no unbind attribute)" "$(ls "$drv" 2>&1 | tr '\n' ' ')" \
			[ ! -e "$drv/unbind" ]
	done
}

# A mask the platform cannot do DMA with (20 bits: below every zone) fails
# the load with a sentence instead of a WARN at the first map.
bad_mask_checks() {
	# shellcheck disable=SC2086 # parameters are words on purpose
	if out=$(insmod "$LAB_MODULE" $LAB_MODPARAMS dma_bits=20 2>&1); then
		not_ok "insmod dmabench.ko dma_bits=20 fails (no zone is that low)" "it loaded"
		rmmod dmabench 2>/dev/null
		return
	fi
	ok "insmod dmabench.ko dma_bits=20 fails (no zone is that low)"
	said=$(dmesg | grep -m1 'dma_bits=20: the platform cannot do DMA with this mask')
	check "the kernel log says why (dma_bits=20: the platform cannot do DMA ...)" \
		"$(dmesg | tail -n3 | tr '\n' ' ')" [ -n "$said" ]
	check "/dev/dmabench is gone after the failed load" "" [ ! -e /dev/dmabench ]
}

# A transfer that outlasts edu_timeout_us: the late write must land nowhere.
# Needs its own load of the module (the engine stays off afterwards).
timeout_checks() {
	edu_present && which kmod_test >/dev/null || return 0
	# shellcheck disable=SC2086 # parameters are words on purpose
	if ! out=$(insmod "$LAB_MODULE" $LAB_MODPARAMS edu_timeout_us=1000 2>&1); then
		not_ok "insmod dmabench.ko edu_timeout_us=1000" "$out"
		return
	fi
	ok "insmod dmabench.ko edu_timeout_us=1000"
	kmod_test --device edu --timeout-check >"$WORK/tap"
	merge_tap "kmod_test --device edu --timeout-check" $?
	bad=$(dmesg | grep -E -m1 'WARNING:|BUG:|Oops|general protection|Call Trace')
	check "dmesg has no WARNING/BUG/Oops after the timeout" "$bad" [ -z "$bad" ]
	if ! out=$(rmmod dmabench 2>&1); then
		not_ok "rmmod dmabench after the timeout check" "$out"
		return
	fi
	ok "rmmod dmabench after the timeout check"
}

# The gate benchmark's planted slowdown (kmod/plant.c): out-of-range values
# (a percentage outside 100..400, a bit past the last BENCH op)
# refuse the load; a planted load says so in GET_INFO, and a run made on it
# warns and records it, so planted figures are never taken for measurements.
plant_checks() {
	for bad in plant_pct=401 plant_pct=99 plant_ops=$((1 << 31)); do
		# shellcheck disable=SC2086 # parameters are words on purpose
		if insmod "$LAB_MODULE" $LAB_MODPARAMS $bad 2>/dev/null; then
			not_ok "insmod dmabench.ko $bad is refused" "it loaded"
			rmmod dmabench 2>/dev/null
		else
			ok "insmod dmabench.ko $bad is refused"
		fi
	done
	# shellcheck disable=SC2086 # parameters are words on purpose
	if ! out=$(insmod "$LAB_MODULE" $LAB_MODPARAMS plant_ops=4 plant_pct=125 2>&1); then
		not_ok "insmod dmabench.ko plant_ops=4 plant_pct=125" "$out"
		return
	fi
	ok "insmod dmabench.ko plant_ops=4 plant_pct=125"
	dmabench run --tests map_single --sizes 4K --iters 3 --out "$WORK/planted" \
		>/dev/null 2>"$WORK/planted.err"
	status=$?
	check "dmabench run on a planted module exits 0" "exit $status: $(tail -n 2 "$WORK/planted.err")" \
		[ "$status" -eq 0 ]
	check "it warns that the module slows BENCH ops on purpose" "$(cat "$WORK/planted.err")" \
		grep -q 'planted slowdown (module plant_ops=0x4 plant_pct=125)' "$WORK/planted.err"
	check "results.json records the planted slowdown" "" \
		grep -q '"planted_kernel_slowdown": "module plant_ops=0x4 plant_pct=125"' \
		"$WORK/planted/results.json"
	if ! out=$(rmmod dmabench 2>&1); then
		not_ok "rmmod dmabench after the plant checks" "$out"
		return
	fi
	ok "rmmod dmabench after the plant checks"
}

# --- 3b. device-side truth: edu's DMA engine through every kind -----------

# Round trips ok for every kind; stale data without the sync for the CPU in
# streaming mappings only where they bounce (swiotlb).  Values are read per
# kind from the JSON (one key per line, kinds at 4 spaces of indent).
verify_checks() {
	json=$WORK/verify.json
	dmabench verify --json --device edu >"$json" 2>"$WORK/verify.err"
	status=$?
	check "dmabench verify --json --device edu exits 0" \
		"exit $status: $(cat "$WORK/verify.err")" [ "$status" -eq 0 ]
	# shellcheck disable=SC2016 # an awk program, not shell
	field='/^    "[a-z]+": [{]$/ { cur = $1; gsub(/[":]/, "", cur) }
		cur == kind && $1 == "\"" key "\":" { v = $2; gsub(/[",]/, "", v); print v; exit }'
	for kind in coherent streaming wc uc noncoherent; do
		got=$(awk -v kind="$kind" -v key=roundtrip "$field" "$json")
		check "verify: $kind round trip ok" "got '${got:-<missing>}'" [ "$got" = ok ]
	done
	# Stock edu (28 bits, no swiotlb) cannot reach most user memory: USERPTR
	# says ERANGE and verify leaves the kind out, saying why, unless the
	# pages happened to lie low enough.
	got=$(awk -v kind=userptr -v key=roundtrip "$field" "$json")
	if [ "$BASE" = edu-stock ] && [ -z "$got" ]; then
		check "verify: userptr not testable on stock edu, said so (untested)" "$(cat "$json")" \
			grep -q '"userptr": "not testable here: the device cannot reach' "$json"
	else
		check "verify: userptr round trip ok" "got '${got:-<missing>}'" [ "$got" = ok ]
	fi
	got=$(awk -v kind=coherent -v key=stale_without_sync "$field" "$json")
	check "verify: coherent has no stale_without_sync (needs no sync)" "got '$got'" [ -z "$got" ]
	stale=false
	coherent=true
	# Forced bouncing, or a 32-bit device whose streaming pages lie above 4 GiB.
	if [ "$BASE" = swiotlb ] || [ "$BASE" = narrow-mask ]; then
		stale=true
		coherent=false
	fi
	got=$(awk -v kind=streaming -v key=stale_without_sync "$field" "$json")
	check "verify: streaming stale_without_sync is $stale" "got '${got:-<missing>}'" \
		[ "$got" = "$stale" ]
	got=$(json_get "$json" streaming_coherent_observed)
	check "verify: streaming_coherent_observed is $coherent" "got '${got:-<missing>}'" \
		[ "$got" = "$coherent" ]
	dmabench info --json --device edu --verify >"$WORK/info-verify.json" 2>"$WORK/verify.err"
	got=$(json_get "$WORK/info-verify.json" streaming_coherent_observed)
	check "info --device edu --verify: streaming_coherent_observed is $coherent" \
		"got '${got:-<missing>}': $(cat "$WORK/verify.err")" [ "$got" = "$coherent" ]
}

# --- 3b'. the driver's view: dmabench decide ------------------------------

# expect_decide DEVICE KEY WANT: `dmabench decide --json --device DEVICE` has
# KEY == WANT (one device per document, so every key occurs once).
expect_decide() {
	json=$WORK/decide-$1.json
	if [ ! -e "$json" ]; then
		flags=
		[ "$1" = platform ] && flags=--no-verify
		# shellcheck disable=SC2086 # $flags is one word or none
		if ! dmabench decide --json --device "$1" $flags >"$json" 2>"$WORK/decide-$1.err"; then
			not_ok "dmabench decide --json --device $1" "$(cat "$WORK/decide-$1.err")"
			: >"$json"
			return
		fi
	fi
	got=$(json_get "$json" "$2")
	check "decide --device $1: $2 is $3" "got '${got:-<missing>}'" [ "$got" = "$3" ]
}

# The facts as GET_INFO and the preset say, the decision as the verify step
# observed (verify_checks' $WORK/verify.json), and the same answer from a
# run's results.json.  Seconds: one verify per decide on edu.
decide_checks() {
	if ! dmabench decide >"$WORK/decide.txt" 2>&1; then
		not_ok "dmabench decide (every device) exits 0" "$(tail -n 3 "$WORK/decide.txt")"
	else
		ok "dmabench decide (every device) exits 0"
	fi
	case $BASE in
	arm64*)
		# No DMA engine on the platform device: the facts alone, non-coherent.
		expect_decide platform dev_coherent false
		expect_decide platform drm_arch_can_wc_memory false
		expect_decide platform safe false
		expect_decide platform from_observation false
		;;
	*)
		expect_decide platform drm_arch_can_wc_memory true
		;;
	esac
	edu_present || return
	json_get "$WORK/info-edu.json" dma_mask >/dev/null 2>&1 &&
		expect_decide edu dma_mask "$(json_get "$WORK/info-edu.json" dma_mask)"
	expect_decide edu swiotlb_force "$(json_get "$WORK/info-edu.json" swiotlb_force)"
	case $(json_get "$WORK/info-edu.json" iommu) in
	strict) domain=dma ;;
	lazy) domain=dma-fq ;;
	*) domain=$(json_get "$WORK/info-edu.json" iommu) ;;
	esac
	expect_decide edu iommu_domain "$domain"
	kind=streaming
	case $BASE in
	swiotlb) expect_decide edu swiotlb_active true ;;
	narrow-mask | edu-stock)
		# Narrow masks on q35: iomem above them, so drm_need_swiotlb().
		expect_decide edu dma_addressing_limited true
		expect_decide edu drm_need_swiotlb true
		kind=coherent
		;;
	arm64*) expect_decide edu wc_pages false ;;
	*) expect_decide edu drm_need_swiotlb false ;;
	esac
	expect_decide edu choice_kind "$kind"
	# What verify saw in the kind the choice uses is what decide says.
	stale=false
	if [ "$kind" = streaming ]; then
		stale=$(awk '/^    "streaming": [{]$/ { s = 1 } s && /"stale_without_sync":/ {
			v = $2; gsub(/[",]/, "", v); print v; exit }' "$WORK/verify.json")
	fi
	expect_decide edu observed_stale "${stale:-<none in verify.json>}"
	safe=true
	[ "$stale" = true ] && safe=false
	expect_decide edu safe "$safe"
	expect_decide edu from_observation true
	echo "# decide edu: $(json_get "$WORK/decide-edu.json" choice): $(json_get "$WORK/decide-edu.json" safety)"
	echo "# decide platform: $(json_get "$WORK/decide-platform.json" choice): $(json_get "$WORK/decide-platform.json" safety)"
	# The same decision from a run that recorded the facts.
	rm -rf "$WORK/decide-run"
	if dmabench run --tests verify --out "$WORK/decide-run" >/dev/null 2>"$WORK/decide-run.err" &&
		dmabench decide --json "$WORK/decide-run" >"$WORK/decide-run.json" 2>>"$WORK/decide-run.err"; then
		got=$(json_get "$WORK/decide-run.json" verdict)
		check "decide RUN_DIR: the live verdict from results.json's driver_facts" \
			"got '$got'" [ "$got" = "$(json_get "$WORK/decide-edu.json" verdict)" ]
	else
		not_ok "dmabench run --tests verify, then decide RUN_DIR" "$(tail -n 3 "$WORK/decide-run.err")"
	fi
}

# --- 3c. fuzzing and abuse (tests/fuzz/guest-fuzz.sh) ---------------------

# dmabench_fuzz's bounded run, counters, memory, access, busy rmmod, byte cap.
fuzz_tests() {
	if ! command -v guest-fuzz.sh >/dev/null; then
		not_ok "fuzz" "guest-fuzz.sh is not in the guest (make -C tests/fuzz)"
		return
	fi
	unprotected env GUEST_FUZZ_LABEL='' guest-fuzz.sh 20000 >"$WORK/tap" 2>&1
	merge_tap fuzz $?
}

# The unit test of the user-side access kernels, staged only for machines
# the host cannot run them on (arm64's LDNP/STNP); cmocka's summary is the detail.
access_kernel_tests() {
	command -v test_access >/dev/null || return 0
	if test_access >"$WORK/test_access" 2>&1; then
		ok "access kernels (tests/unit/test_access.c) on this CPU"
	else
		not_ok "access kernels (tests/unit/test_access.c) on this CPU" \
			"$(grep -E 'FAILED|Error' "$WORK/test_access" | head -n3 | tr '\n' ' ')"
	fi
}

# --- 3d. the debug kernel's own checkers (kmemleak, DMA-API debugging) -----

# The first kmemleak entry whose lines name dmabench (the module's functions
# in the backtrace, or a dmabench* process), on one line.
kmemleak_dmabench_entry() {
	awk '/^unreferenced object/ { if (hit) exit; entry = "" }
		{ entry = entry $0 " "; if ($0 ~ /dmabench/) hit = 1 }
		END { if (hit) print entry }' "$1" | tr -s ' ' | cut -c1-400
}

# Only kernels built with them have debugfs' kmemleak and dma-api (the debug
# preset's, scripts/build-debug-kernel); on others there is nothing to ask.
# Runs with the module still loaded and every test's file closed, so that a
# leak's backtrace still names the module's functions.  kmemleak reports an
# object only once it is 5 s old, hence the wait before the scan.
debug_kernel_checks() {
	leaks=/sys/kernel/debug/kmemleak
	errors=/sys/kernel/debug/dma-api/error_count
	if [ "$BASE" = debug ]; then
		check "debug kernel: debugfs has kmemleak" "no $leaks" [ -e "$leaks" ]
		check "debug kernel: debugfs has dma-api/error_count" "no $errors" [ -e "$errors" ]
	fi
	if [ -e "$errors" ]; then
		count=$(cat "$errors")
		check "dma-api: error_count is 0 after the tests" \
			"error_count '$count': $(dmesg | grep -m3 'DMA-API' | tr '\n' ' ')" [ "$count" = 0 ]
	fi
	[ -e "$leaks" ] || return 0
	sleep 6
	if ! out=$( (echo scan >"$leaks") 2>&1); then
		not_ok "kmemleak: scan" "$out"
		return
	fi
	cat "$leaks" >"$WORK/kmemleak"
	echo "# kmemleak: $(grep -c '^unreferenced object' "$WORK/kmemleak") unreferenced objects in all"
	entry=$(kmemleak_dmabench_entry "$WORK/kmemleak")
	check "kmemleak: no suspected leak names dmabench" "$entry" [ -z "$entry" ]
}

# --- 4. clean kernel log, clean unload, memory back ------------------------

final_checks() {
	bad=$(dmesg | grep -E -m1 'WARNING:|BUG:|Oops|general protection|Call Trace')
	check "dmesg has no WARNING/BUG/Oops" "$bad" [ -z "$bad" ]
	if ! out=$(rmmod dmabench 2>&1); then
		not_ok "rmmod dmabench" "$out"
		return
	fi
	ok "rmmod dmabench"
	settle_memory
	after=$(mem_available_kb)
	lost=$((MEM_BEFORE - after))
	check "MemAvailable after rmmod within $MEM_MARGIN_KB kB of before insmod" \
		"before $MEM_BEFORE kB, after $after kB, lost $lost kB" [ "$lost" -le "$MEM_MARGIN_KB" ]
}

# The exemption holds for this script only: what it runs scores as usual.
oom_exemption_checks() {
	got=$(cat /proc/$$/oom_score_adj)
	check "guest-tests.sh is exempt from the OOM killer" "oom_score_adj '$got'" [ "$got" = -1000 ]
	got=$(unprotected cat /proc/self/oom_score_adj)
	check "the programs it runs are not" "oom_score_adj '$got'" [ "$got" = 0 ]
}

main() {
	mkdir -p "$WORK"
	protect_from_oom
	oom_exemption_checks
	preset_checks
	if load_module; then
		info_checks
		unbind_checks
		kmod_tests
		fuzz_tests
		verify_checks
		decide_checks
		access_kernel_tests
		debug_kernel_checks
		final_checks
		bad_mask_checks
		timeout_checks
		plant_checks
	fi
	echo "1..$N"
	[ "$FAILED" -eq 0 ]
}

main
