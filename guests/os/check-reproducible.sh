#!/usr/bin/env bash
# Rebuilds virtlab-os (kernel and initramfs) from source in a scratch directory and compares
# it with the images committed in the engine and their manifest. Exits non-zero on any difference.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
committed="$here/../../engine/src/main/resources/org/virtlab/engine/images/virtlab-os"
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
make -s -C "$here" OUT="$scratch/out" BUILD="$scratch/build" all >/dev/null
(cd "$committed" && sha256sum -c --quiet SHA256SUMS)
if ! diff -u "$committed/SHA256SUMS" "$scratch/out/SHA256SUMS"; then
  echo "os: committed images differ from a fresh build of guests/os" >&2
  exit 1
fi
echo "os: $(wc -l < "$scratch/out/SHA256SUMS") images reproducible from source"
