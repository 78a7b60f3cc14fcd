#!/bin/bash
# make_bad_elves.sh - derive broken ELF files from a valid one.
#
#   make_bad_elves.sh GOOD.elf OUTDIR
#
# Writes to OUTDIR:
#   trunc_header.elf   the first 40 bytes (inside the ELF header)
#   trunc_phdrs.elf    ELF header plus part of the program header table
#   trunc_segment.elf  cut one byte into the first PT_LOAD's data
#   bad_phoff.elf      e_phoff pointing far beyond the end of the file
set -euo pipefail
good=$1 out=$2
mkdir -p "$out"

# Little-endian unsigned field of `size` bytes at `off` (ELF64 layout).
field() { od -An -t "u$2" -j "$1" -N "$2" "$good" | tr -d ' \n'; }

phoff=$(field 32 8)
phentsize=$(field 54 2)
phnum=$(field 56 2)
seg_off=
for ((k = 0; k < phnum; k++)); do
    base=$((phoff + k * phentsize))
    if [ "$(field "$base" 4)" -eq 1 ]; then          # PT_LOAD
        seg_off=$(field $((base + 8)) 8)               # p_offset
        break
    fi
done
[ -n "$seg_off" ] || { echo "make_bad_elves.sh: $good has no PT_LOAD" >&2; exit 1; }

head -c 40 "$good" >"$out/trunc_header.elf"
head -c $((phoff + phentsize / 2)) "$good" >"$out/trunc_phdrs.elf"
head -c $((seg_off + 1)) "$good" >"$out/trunc_segment.elf"
cp "$good" "$out/bad_phoff.elf"
chmod u+w "$out/bad_phoff.elf"
# e_phoff = 0x00ffffff, little-endian, at offset 32.
printf '\377\377\377\000\000\000\000\000' |
    dd of="$out/bad_phoff.elf" bs=1 seek=32 conv=notrunc status=none
