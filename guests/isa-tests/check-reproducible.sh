#!/usr/bin/env bash
# Proves the committed ISA conformance programs are built from these sources.
exec "$(dirname "$0")/../reproducible.sh" isa-tests engine/src/test/resources/isa-tests
