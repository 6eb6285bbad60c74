#!/usr/bin/env bash
# mkcpio.sh OUT DIR - packs DIR into a cpio "newc" archive (the initramfs format), with
# fixed inode numbers, owners, times and a sorted file order, so the bytes depend only on
# the contents. Directories become mode 040755, files 0100755.
set -euo pipefail
out=$1; dir=$2
ino=1
pad() { local n=$(( (4 - $1 % 4) % 4 )); head -c "$n" /dev/zero; }
entry() {   # name mode size file
  local name=$1 mode=$2 size=$3 file=$4 namesize=$(( ${#1} + 1 ))
  printf '070701%08x%08x%08x%08x%08x%08x%08x%08x%08x%08x%08x%08x%08x' \
    "$ino" "$mode" 0 0 1 0 "$size" 0 0 0 0 "$namesize" 0
  printf '%s\0' "$name"
  pad $(( 110 + namesize ))
  if [ -n "$file" ]; then cat "$file"; pad "$size"; fi
  ino=$((ino + 1))
}
{
  (cd "$dir" && find . -mindepth 1 | LC_ALL=C sort) | while read -r path; do
    name=${path#./}
    if [ -d "$dir/$path" ]; then entry "$name" $((0040755)) 0 ""
    else entry "$name" $((0100755)) "$(stat -c %s "$dir/$path")" "$dir/$path"; fi
  done
  ino=0
  entry "TRAILER!!!" 0 0 ""
} > "$out"
