#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Load dmabench's HTML reports in headless Chromium (Debian's `chromium`) and
# fail on any console message (JavaScript errors, parse problems Chromium
# reports), on any request the page makes to the network (the reports must be
# self-contained), or when the loaded DOM lacks the page's inline SVG charts.
#
#   tests/browser/check-report.sh            report + compare of the fixtures
#   tests/browser/check-report.sh FILE.html  those pages instead
#
# Not part of `make test` (a browser start costs seconds): `make test-browser`.
# It first checks a page with a script error and a remote image, which must
# fail, so a checker that can no longer see problems does not pass quietly.
set -u

TOP=$(cd "$(dirname "$0")/../.." && pwd)
BIN=${DMABENCH_BIN:-$TOP/bench/dmabench}
CHROMIUM=${CHROMIUM:-chromium}
TMP=$(mktemp -d /tmp/dmabench-browser-XXXXXX)
trap 'rm -rf "$TMP"' EXIT

if ! command -v "$CHROMIUM" >/dev/null; then
	echo "check-report: $CHROMIUM not found: install Debian's chromium (apt-get install chromium)" >&2
	exit 2
fi

# Chromium's own pings (updates, accounts, spelling) are not the page's.
BROWSER_HOSTS='(google\.com|googleapis\.com|gvt1\.com|gstatic\.com)/'

# load PAGE: 0 when clean; prints what is wrong otherwise.
load() {
	local page=$1 log=$TMP/console.log net=$TMP/net.json dom=$TMP/dom.html
	local bad=0 want got

	rm -f "$net"
	timeout 120 "$CHROMIUM" --headless --no-sandbox --disable-gpu \
		--disable-background-networking --disable-component-update \
		--disable-sync --no-first-run --disable-default-apps \
		--host-resolver-rules="MAP * ~NOTFOUND" --virtual-time-budget=3000 \
		--enable-logging=stderr --v=0 --log-net-log="$net" \
		--dump-dom "file://$page" >"$dom" 2>"$log"
	if grep -q ':CONSOLE' "$log"; then
		echo "$page: console messages:"
		grep ':CONSOLE' "$log" | sed 's/^/    /'
		bad=1
	fi
	if grep -o '"url":"[a-z]*://[^"]*"' "$net" 2>/dev/null |
	   grep -v '"url":"file://' | grep -Ev "$BROWSER_HOSTS" | sort -u | grep .; then
		echo "$page: requests to the network (above)"
		bad=1
	fi
	want=$(grep -o '<svg' "$page" | wc -l)
	got=$(grep -o '<svg' "$dom" | wc -l)
	if [ "$got" -ne "$want" ]; then
		echo "$page: the loaded page has $got <svg> elements, the file $want"
		bad=1
	fi
	return $bad
}

self_test() {
	local page=$TMP/broken.html

	printf '<!DOCTYPE html><html><head><meta charset="utf-8"><title>t</title></head><body>%s%s</body></html>\n' \
		'<img src="http://example.invalid/a.png">' \
		'<script>undefined_function();</script>' >"$page"
	if load "$page" >"$TMP/self.out"; then
		echo "check-report: the broken self-test page passed: the checker is blind" >&2
		exit 1
	fi
	grep -q 'undefined_function' "$TMP/self.out" && grep -q 'example.invalid' "$TMP/self.out" || {
		echo "check-report: the self-test did not see both problems:" >&2
		cat "$TMP/self.out" >&2
		exit 1
	}
}

fixture_pages() {
	local f=$TOP/tests/fixtures/report

	for run in direct swiotlb; do
		mkdir -p "$TMP/$run"
		cp "$f/$run"/* "$TMP/$run/"
	done
	"$BIN" report "$TMP/direct" >/dev/null || exit 1
	"$BIN" compare "$TMP/direct" "$TMP/swiotlb" --out "$TMP/compare" \
		>/dev/null 2>"$TMP/compare.err" || { cat "$TMP/compare.err" >&2; exit 1; }
	PAGES=("$TMP/direct/report.html" "$TMP/compare/compare.html")
}

self_test
if [ $# -gt 0 ]; then
	PAGES=()
	for p in "$@"; do PAGES+=("$(cd "$(dirname "$p")" && pwd)/$(basename "$p")"); done
else
	fixture_pages
fi
failed=0
for page in "${PAGES[@]}"; do
	if load "$page"; then
		echo "ok: $page loads in headless Chromium without console messages or network requests"
	else
		failed=$((failed + 1))
	fi
done
[ $failed -eq 0 ] || { echo "check-report: $failed page(s) failed" >&2; exit 1; }
