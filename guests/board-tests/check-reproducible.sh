#!/usr/bin/env bash
# Rebuilds every board-test guest from source in a scratch directory and compares
# it with the committed binaries and their manifest. Exits non-zero on any difference.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
committed="$here/../../engine/src/test/resources/board-tests"
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
make -s -C "$here" OUT="$scratch" all >/dev/null
(cd "$committed" && sha256sum -c --quiet SHA256SUMS)
if ! diff -u "$committed/SHA256SUMS" "$scratch/SHA256SUMS"; then
  echo "board-tests: committed binaries differ from a fresh build of guests/board-tests/src" >&2
  exit 1
fi
echo "board-tests: $(wc -l < "$scratch/SHA256SUMS") files reproducible from source"
