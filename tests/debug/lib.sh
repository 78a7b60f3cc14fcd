# lib.sh - shared by the tests/debug scripts: start rvemu with the gdb
# stub on a port it chooses itself (tcp::0, printed on stderr), so tests
# running in parallel never collide, and clean up after it.
#
#   need_gdb                      exit 77 (skip) without gdb-multiarch
#   start_rvemu OUTDIR ARGS...    rvemu ARGS... -gdb tcp::0 in the
#                                 background; sets RVEMU_PID and PORT
#   wait_rvemu SECONDS            its exit status (124 if it outlives SECONDS)

need_gdb() {
  if ! command -v gdb-multiarch >/dev/null; then
    echo "SKIP: gdb-multiarch is not installed (bash scripts/install-deps installs it)"
    exit 77
  fi
}

start_rvemu() {
  local dir=$1; shift
  "$@" -gdb tcp::0 </dev/null >"$dir/console.log" 2>"$dir/rvemu.err" &
  RVEMU_PID=$!
  PORT=
  local i
  for i in $(seq 1 200); do
    PORT=$(sed -n 's/^rvemu: gdb stub listening on 127\.0\.0\.1:\([0-9]*\)$/\1/p' "$dir/rvemu.err")
    [ -n "$PORT" ] && return 0
    kill -0 "$RVEMU_PID" 2>/dev/null || break
    sleep 0.05
  done
  echo "FAIL: rvemu did not announce its gdb port"
  cat "$dir/rvemu.err"
  return 1
}

wait_rvemu() {
  local limit=$1 i
  for i in $(seq 1 $((limit * 10))); do
    kill -0 "$RVEMU_PID" 2>/dev/null || break
    sleep 0.1
  done
  if kill -0 "$RVEMU_PID" 2>/dev/null; then
    kill "$RVEMU_PID"
    wait "$RVEMU_PID" 2>/dev/null
    return 124
  fi
  wait "$RVEMU_PID"
}

stop_rvemu() {
  if [ -n "${RVEMU_PID:-}" ] && kill -0 "$RVEMU_PID" 2>/dev/null; then
    kill "$RVEMU_PID" 2>/dev/null
    wait "$RVEMU_PID" 2>/dev/null
  fi
}
