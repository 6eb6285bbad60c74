#!/usr/bin/env bash
# Proves the committed CPU benchmark programs are built from these sources.
exec "$(dirname "$0")/../reproducible.sh" bench engine/src/test/resources/bench
