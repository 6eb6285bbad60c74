#!/usr/bin/env bash
# Proves the committed virtlab-os images (kernel, initramfs) are built from these sources.
exec "$(dirname "$0")/../reproducible.sh" os engine/src/main/resources/org/virtlab/engine/images/virtlab-os
