#!/usr/bin/env bash
# Proves that committed guest binaries come from their sources: rebuilds one guest project
# into a scratch directory and compares the result with the committed files and manifest.
# Exits non-zero on any difference. Each project's check-reproducible.sh calls this.
#
#   guests/reproducible.sh PROJECT COMMITTED-DIR [VARIABLE=VALUE ...]
#   (COMMITTED-DIR relative to the repository root; the variables go to make, e.g. PV=1)
set -euo pipefail
[ $# -ge 2 ] || { echo "usage: $0 PROJECT COMMITTED-DIR [VARIABLE=VALUE ...]" >&2; exit 2; }
project=$1
guests=$(cd "$(dirname "$0")" && pwd)
committed="$guests/../$2"
shift 2
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
# OUT receives the built files and their SHA256SUMS; BUILD holds intermediates (where used).
make -s -C "$guests/$project" OUT="$scratch/out" BUILD="$scratch/build" "$@" all >/dev/null
(cd "$committed" && sha256sum -c --quiet SHA256SUMS)
if ! diff -u "$committed/SHA256SUMS" "$scratch/out/SHA256SUMS"; then
  echo "$project: committed files differ from a fresh build of guests/$project" >&2
  exit 1
fi
echo "$project: $(wc -l < "$scratch/out/SHA256SUMS") files reproducible from source"
