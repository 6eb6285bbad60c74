#!/usr/bin/env bash
# Proves the committed board-test guests are built from these sources.
exec "$(dirname "$0")/../reproducible.sh" board-tests engine/src/test/resources/board-tests
