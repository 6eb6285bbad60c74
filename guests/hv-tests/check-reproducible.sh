#!/usr/bin/env bash
# Proves the committed hv-test guests are built from these sources.
exec "$(dirname "$0")/../reproducible.sh" hv-tests engine/src/test/resources/hv-tests
