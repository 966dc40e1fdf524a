#!/usr/bin/env bash
# dkms-test.sh [KERNEL_RELEASE...]: kmod/dkms.conf through DKMS, as TAP.
#
# Assembles the DKMS source tree (scripts/dkms-source) and runs dkms add, build,
# install, uninstall and remove for each kernel, in a private DKMS tree, source
# tree and install tree under a temp dir (--dkmstree, --sourcetree,
# --installtree, --no-depmod): nothing is loaded and /lib/modules, /usr/src and
# /var/lib/dkms/<modules> are left alone.  Default kernels: the lab's (Debian's
# default series and 6.12) whose headers are installed.  Then a tree with a
# broken source must fail to build.  Needs root and dkms; skips without them.
# (DKMS signs what it builds and makes its signing key in /var/lib/dkms once.)
set -uo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
readonly ROOT
TMP=$(mktemp -d "${TMPDIR:-/tmp}/dmabench-dkms.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
readonly TREES=(--dkmstree "$TMP/dkms" --sourcetree "$TMP/src" --installtree "$TMP/install")

TAP_PREFIX="dkms: "
# shellcheck source=tests/lab/tap.bash
. "$ROOT/tests/lab/tap.bash"

skip_all() {
	echo "1..0 # SKIP $*"
	exit 0
}

# dkms_ ARGS...: dkms on the private trees; its status in RC, its output in dkms.log.
dkms_() {
	dkms "$@" "${TREES[@]}" >"$TMP/dkms.log" 2>&1
	RC=$?
}

last_lines() {
	tail -n 5 "$TMP/dkms.log" | tr '\n' ' '
}

default_kernels() {
	local release
	for release in "$("$ROOT/scripts/kernel-abi")-amd64" \
		"$("$ROOT/scripts/kernel-abi" --kernel 6.12 2>/dev/null)-amd64"; do
		[[ -d /lib/modules/$release/build ]] && echo "$release"
	done
}

# "dmabench/1.0, 6.1.0-56-amd64, x86_64: installed" -> installed
status_of() {
	dkms status "${TREES[@]}" -m dmabench -v "$VERSION" -k "$1" 2>/dev/null |
		sed -n 's/.*: \([a-z]*\)$/\1/p' | head -n1
}

vermagic_release() {
	modinfo -F vermagic "$1" 2>/dev/null | cut -d' ' -f1
}

# module_file DIR: DIR/dmabench.ko, compressed (.ko.xz) where the kernel's
# config compresses modules (Debian's 6.12 does).
module_file() {
	local file
	for file in "$1"/dmabench.ko "$1"/dmabench.ko.*; do
		[[ -f $file ]] && { echo "$file"; return; }
	done
	echo "$1/dmabench.ko"
}

build_and_install() {
	local release=$1 built installed
	dkms_ build -m dmabench -v "$VERSION" -k "$release"
	check "dkms build for $release" "$(last_lines)" [ "$RC" -eq 0 ]
	built=$(module_file "$TMP/dkms/dmabench/$VERSION/$release/$(uname -m)/module")
	check "the built module is for $release (vermagic)" "got '$(vermagic_release "$built")'" \
		[ "$(vermagic_release "$built")" = "$release" ]
	check "dkms status says built for $release" "got '$(status_of "$release")'" \
		[ "$(status_of "$release")" = built ]
	# DKMS installs only into a kernel's existing modules dir.
	mkdir -p "$TMP/install/$release"
	dkms_ install --no-depmod -m dmabench -v "$VERSION" -k "$release"
	check "dkms install for $release" "$(last_lines)" [ "$RC" -eq 0 ]
	installed=$(module_file "$TMP/install/$release/updates/dkms")
	check "installed as updates/dkms/dmabench.ko, named dmabench, for $release" \
		"$(find "$TMP/install/$release" -type f)" \
		[ "$(modinfo -F name "$installed" 2>/dev/null)" = dmabench -a \
		"$(vermagic_release "$installed")" = "$release" ]
	check "dkms status says installed for $release" "got '$(status_of "$release")'" \
		[ "$(status_of "$release")" = installed ]
	dkms_ uninstall --no-depmod -m dmabench -v "$VERSION" -k "$release"
	check "dkms uninstall for $release removes the module" "$(last_lines)" \
		[ "$RC" -eq 0 -a ! -e "$installed" ]
}

# A source that does not compile must make dkms build fail: the test can fail.
broken_source_fails() {
	local tree release=$1
	tree=$("$ROOT/scripts/dkms-source" "$TMP/broken") || return
	sed -i 's/^PACKAGE_VERSION=.*/PACKAGE_VERSION="0.0-broken"/' "$tree/dkms.conf"
	echo 'this is not C;' >>"$tree/main.c"
	dkms_ add "$tree"
	dkms_ build -m dmabench -v 0.0-broken -k "$release"
	check "dkms build of a broken source fails" "$(last_lines)" [ "$RC" -ne 0 ]
}

main() {
	local tree release kernels
	[[ $(id -u) -eq 0 ]] || skip_all "needs root (dkms)"
	command -v dkms >/dev/null || skip_all "dkms is not installed (apt-get install dkms)"
	if [[ $# -gt 0 ]]; then kernels=("$@"); else mapfile -t kernels < <(default_kernels); fi
	[[ ${#kernels[@]} -gt 0 ]] || skip_all "no kernel headers installed (scripts/setup)"
	mkdir -p "$TMP/dkms" "$TMP/src" "$TMP/install"
	tree=$("$ROOT/scripts/dkms-source" "$TMP/stage")
	VERSION=${tree##*/dmabench-}
	dkms_ add "$tree"
	check "dkms add $tree" "$(last_lines)" [ "$RC" -eq 0 ]
	check "the source tree has dkms.conf, the sources and uapi/dmabench.h" "" \
		[ -f "$TMP/src/dmabench-$VERSION/dkms.conf" -a -f "$TMP/src/dmabench-$VERSION/main.c" -a \
		-f "$TMP/src/dmabench-$VERSION/uapi/dmabench.h" ]
	for release in "${kernels[@]}"; do
		build_and_install "$release"
	done
	dkms_ remove -m dmabench -v "$VERSION" --all
	check "dkms remove --all empties the DKMS tree" "$(last_lines)" \
		[ "$RC" -eq 0 -a ! -e "$TMP/dkms/dmabench/$VERSION" ]
	broken_source_fails "${kernels[0]}"
	echo "1..$N"
	echo "dkms: $((N - FAILED)) passed, $FAILED failed"
	[[ $FAILED -eq 0 ]]
}

main "$@"
