#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Load dmabench's HTML reports in headless Chromium (Debian's `chromium`) and
# fail on any console message (JavaScript errors, parse problems Chromium
# reports), on any request the page makes to the network (the reports must be
# self-contained), or when the loaded DOM lacks the page's inline SVG charts.
# Then inspect-page.mjs lays each page out at 1400x2000 px and fails on a
# broken <img>, an inline SVG chart that draws no data, a dangling #link, a
# relative link to a file that is not there, or a run report without its
# key-numbers table (compare pages have none); and prints the page's height in
# screens of 2000 px, with a warning for a page over its goal (run report 8,
# compare page 15), a failure with CHECK_HEIGHTS=strict.
#
#   tests/browser/check-report.sh            the fixtures' report and compare
#                                            pages, and the shipped example's
#   tests/browser/check-report.sh FILE.html  those pages instead
#
# Not part of `make test` (a browser start costs seconds): `make test-browser`.
# It first checks pages with a script error and a remote image, and with each
# fault inspect-page.mjs looks for, which must fail, so a checker that can no
# longer see problems does not pass quietly.
set -u

TOP=$(cd "$(dirname "$0")/../.." && pwd)
BIN=${DMABENCH_BIN:-$TOP/bench/dmabench}
CHROMIUM=${CHROMIUM:-chromium}
NODE=${NODE:-node}
INSPECT=$TOP/tests/browser/inspect-page.mjs
SHIPPED=$TOP/results/20261202-234403-vm
TMP=$(mktemp -d /tmp/dmabench-browser-XXXXXX)
trap 'rm -rf "$TMP"' EXIT

if ! command -v "$CHROMIUM" >/dev/null; then
	echo "check-report: $CHROMIUM not found: install Debian's chromium (apt-get install chromium)" >&2
	exit 2
fi
if ! command -v "$NODE" >/dev/null; then
	echo "check-report: $NODE not found: install Debian's nodejs (apt-get install nodejs)" >&2
	exit 2
fi
# inspect-page.mjs starts the same browser.
CHROMIUM=$(command -v "$CHROMIUM")
export CHROMIUM

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

# inspect PAGE: inspect-page.mjs's lines for PAGE, indented; 0 when it passes.
inspect() {
	local rc

	"$NODE" "$INSPECT" "$1" >"$TMP/inspect.out" 2>&1
	rc=$?
	sed 's/^/    /' "$TMP/inspect.out"
	[ $rc -le 1 ] || echo "check-report: inspect-page.mjs could not drive $CHROMIUM (exit $rc)" >&2
	return $rc
}

# A page with every fault inspect-page.mjs looks for, and a tall one: each
# must be seen, and the height must fail only with CHECK_HEIGHTS=strict.
inspect_self_test() {
	local page=$TMP/faults.html tall=$TMP/tall.html want

	printf '<!DOCTYPE html><html><head><meta charset="utf-8"><title>dmabench report: t</title></head><body>%s%s%s%s%s</body></html>\n' \
		'<img src="no-such-image.png">' '<a href="#nowhere">x</a>' \
		'<a href="no-such-results.json">y</a>' \
		'<figure id="chart-empty"><svg width="100" height="50"><g id="gnuplot_plot_1"></g><rect width="100" height="50"/></svg></figure>' \
		'<figure id="chart-flat"><svg width="100" height="50"><g id="gnuplot_plot_1"><path d="M10,10"/><polyline points=""/><rect width="0" height="0"/></g></svg></figure>' \
		>"$page"
	if "$NODE" "$INSPECT" "$page" >"$TMP/self.out" 2>&1; then
		echo "check-report: the faulty self-test page passed inspect-page.mjs: it is blind" >&2
		cat "$TMP/self.out" >&2
		exit 1
	fi
	for want in 'broken image: <img src="no-such-image.png">' \
		    'link #nowhere (1x): no element with that id' \
		    'link no-such-results.json: no such file' \
		    'chart svg 1 (#chart-empty) draws no data' \
		    'chart svg 2 (#chart-flat) draws no data' \
		    'no key-numbers table'; do
		grep -qF "FAIL: $want" "$TMP/self.out" && continue
		echo "check-report: inspect-page.mjs did not see: $want" >&2
		cat "$TMP/self.out" >&2
		exit 1
	done
	printf '<!DOCTYPE html><html><head><meta charset="utf-8"><title>dmabench compare: t</title></head><body>%s</body></html>\n' \
		'<div style="height:32000px"></div>' >"$tall"
	if ! CHECK_HEIGHTS='' "$NODE" "$INSPECT" "$tall" >"$TMP/self.out" 2>&1 ||
	   ! grep -q 'warning: over the goal: 16\.[0-9]* screens > 15' "$TMP/self.out" ||
	   CHECK_HEIGHTS=strict "$NODE" "$INSPECT" "$tall" >>"$TMP/self.out" 2>&1; then
		echo "check-report: a 16-screen compare page is not over its goal of 15 (a warning, a failure when strict):" >&2
		cat "$TMP/self.out" >&2
		exit 1
	fi
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

# The example under results/ as shipped (its relative links must resolve there).
shipped_pages() {
	PAGES+=("$SHIPPED"-lab-*/report.html "$SHIPPED-compare/compare.html")
}

self_test
inspect_self_test
if [ $# -gt 0 ]; then
	PAGES=()
	for p in "$@"; do PAGES+=("$(cd "$(dirname "$p")" && pwd)/$(basename "$p")"); done
else
	fixture_pages
	shipped_pages
fi
failed=0
for page in "${PAGES[@]}"; do
	bad=0
	load "$page" || bad=1
	inspect "$page" || bad=1
	if [ $bad -eq 0 ]; then
		echo "ok: $page loads in headless Chromium without console messages or network requests, broken images or charts, dangling links; key numbers where due"
	else
		echo "FAILED: $page"
		failed=$((failed + 1))
	fi
done
[ $failed -eq 0 ] || { echo "check-report: $failed page(s) failed" >&2; exit 1; }
