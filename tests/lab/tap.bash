# shellcheck shell=bash
# tap.bash: the TAP count and check() of the host-side test scripts
# (lab/lab-unit-tests.sh, lab/lab-script-tests.sh, dkms-test.sh).  Source it
# after setting TAP_PREFIX, the words before every check's name ("dkms: ").
N=0
FAILED=0

# check WHAT DETAIL CMD...: one TAP line, ok when CMD succeeds; DETAIL goes
# after a # on failure.
check() {
	local what=$1 detail=$2
	shift 2
	N=$((N + 1))
	if "$@"; then
		echo "ok $N - ${TAP_PREFIX:-}$what"
	else
		FAILED=$((FAILED + 1))
		echo "not ok $N - ${TAP_PREFIX:-}$what${detail:+ # $detail}"
	fi
}
