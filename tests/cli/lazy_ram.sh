#!/usr/bin/env bash
# lazy_ram.sh RVEMU ELF: guest RAM costs host memory only as the guest
# touches it: a 16 GiB machine running a small loop stays under 64 MiB
# of resident memory (bookkeeping included).
set -euo pipefail
rvemu=$1 elf=$2
[ -x /usr/bin/time ] || { echo "SKIP: /usr/bin/time (package time) is not installed"; exit 77; }
out=$(mktemp)
trap 'rm -f "$out"' EXIT
status=0
/usr/bin/time -f '%M' -o "$out" "$rvemu" -m 16G --max-insns 2000000 "$elf" 2>/dev/null || status=$?
[ "$status" -eq 3 ] || { echo "FAIL: rvemu exited $status, want 3 (--max-insns)"; exit 1; }
kib=$(tail -n 1 "$out")
echo "peak RSS with -m 16G: $kib KiB"
[ "$kib" -lt 65536 ] || { echo "FAIL: $kib KiB resident for an untouched 16 GiB guest"; exit 1; }
