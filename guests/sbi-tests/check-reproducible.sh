#!/usr/bin/env bash
# Proves the committed SBI test programs are built from these sources.
exec "$(dirname "$0")/../reproducible.sh" sbi-tests engine/src/test/resources/sbi-tests
