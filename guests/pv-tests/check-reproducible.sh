#!/usr/bin/env bash
# Proves the committed pv-test guests are built from these sources.
exec "$(dirname "$0")/../reproducible.sh" pv-tests engine/src/test/resources/pv-tests
