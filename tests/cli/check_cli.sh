#!/bin/bash
# check_cli.sh - run rvemu once and check its exit status and output.
#
#   check_cli.sh RC STDERR STDOUT -- COMMAND [ARGS...]
#
# RC      the exit status COMMAND must return.
# STDERR  EMPTY: stderr must be empty; otherwise an extended regex that
#         stderr must match, and stderr must be exactly one line starting
#         with "rvemu: " (one clear message, no sanitizer report, no crash
#         dump).
# STDOUT  ANY: not checked; EMPTY: must be empty; otherwise an extended
#         regex stdout must match.
#
# Prints what it ran and what it got, so a ctest failure explains itself.
set -euo pipefail

if [ $# -lt 5 ] || [ "$4" != "--" ]; then
    echo "usage: check_cli.sh RC STDERR STDOUT -- COMMAND [ARGS...]" >&2
    exit 2
fi
want_rc=$1 want_err=$2 want_out=$3
shift 4

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

set +e
"$@" >"$tmp/out" 2>"$tmp/err" </dev/null
rc=$?
set -e

cmd=("$@")
fail() {
    echo "FAIL: $*"
    echo "ran:     $(printf '%q ' "${cmd[@]}")"
    echo "exit:    $rc (want $want_rc)"
    echo "--- stderr ---"; head -c 4000 "$tmp/err"
    echo "--- stdout ---"; head -c 2000 "$tmp/out"
    exit 1
}

[ "$rc" -eq "$want_rc" ] || fail "exit status $rc, want $want_rc"

if [ "$want_err" = EMPTY ]; then
    [ ! -s "$tmp/err" ] || fail "stderr should be empty"
else
    lines=$(wc -l <"$tmp/err")
    [ "$lines" -eq 1 ] && [ "$(tail -c 1 "$tmp/err" | od -An -c | tr -d ' ')" = '\n' ] ||
        fail "stderr should be exactly one line, has $lines"
    grep -q '^rvemu: ' "$tmp/err" || fail "stderr should start with 'rvemu: '"
    grep -Eq -- "$want_err" "$tmp/err" || fail "stderr does not match /$want_err/"
fi

case "$want_out" in
ANY) ;;
EMPTY) [ ! -s "$tmp/out" ] || fail "stdout should be empty" ;;
*) grep -Eq -- "$want_out" "$tmp/out" || fail "stdout does not match /$want_out/" ;;
esac
echo "ok: exit $rc"
