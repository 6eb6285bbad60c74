#!/usr/bin/env bash
# Rebuilds the CPU benchmark programs from source in a scratch directory and compares them
# with the committed binaries and their manifest. Exits non-zero on any difference.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
committed="$here/../../engine/src/test/resources/bench"
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
make -s -C "$here" OUT="$scratch" all >/dev/null
(cd "$committed" && sha256sum -c --quiet SHA256SUMS)
if ! diff -u "$committed/SHA256SUMS" "$scratch/SHA256SUMS"; then
  echo "bench: committed binaries differ from a fresh build of guests/bench/src" >&2
  exit 1
fi
echo "bench: $(wc -l < "$scratch/SHA256SUMS") programs reproducible from source"
