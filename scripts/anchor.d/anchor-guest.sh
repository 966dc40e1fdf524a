#!/bin/sh
# anchor-guest.sh SECONDS ITERS SETTING...: in a `debug` lab guest (scripts/anchor),
# the kernel's dma_map_benchmark and dmabench's map_scaling with the same
# knobs, one after the other, for each SETTING "THREADS:GRANULE:DIR" (DIR to,
# from or bidi).  Writes /results/NAME/mb.txt (dma_map_benchmark's output) and
# /results/NAME/db/ (dmabench's results), NAME being the setting with _ for :.
#
# dma_map_benchmark needs a PCI device of its own: the preset has two edus and
# dmabench.ko (loaded by the lab) drives one, so the other is bound to the
# kernel's dma_map_benchmark driver through driver_override.
set -u
SECONDS_PER_RUN=$1
ITERS=$2
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

run_setting() {
	threads=${1%%:*}
	rest=${1#*:}
	granule=${rest%%:*}
	dir=${rest#*:}
	name=$(echo "$1" | tr : _)
	d=$(dir_number "$dir") || { echo "anchor: bad direction in '$1'" >&2; return 1; }
	mkdir -p "/results/$name"
	echo "anchor: $name: dma_map_benchmark -t $threads -s $SECONDS_PER_RUN -g $granule -d $d -b 64" >&2
	dma_map_benchmark -t "$threads" -s "$SECONDS_PER_RUN" -g "$granule" -d "$d" -b 64 \
		>"/results/$name/mb.txt" 2>&1 || { cat "/results/$name/mb.txt" >&2; return 1; }
	echo "anchor: $name: dmabench run --tests map_scaling --threads $threads --granule $granule --dirs $dir --iters $ITERS" >&2
	dmabench run --tests map_scaling --device edu --threads "$threads" --granule "$granule" \
		--dirs "$dir" --iters "$ITERS" --out "/results/$name/db" >/dev/null 2>"/results/$name/db.err" ||
		{ cat "/results/$name/db.err" >&2; return 1; }
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
