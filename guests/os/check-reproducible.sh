#!/usr/bin/env bash
# Proves the committed virtlab-os images (kernel, initramfs) and those of its paravirtualized
# build, virtlab-os-pv (make PV=1), are built from these sources.
here=$(dirname "$0")
"$here/../reproducible.sh" os engine/src/main/resources/org/virtlab/engine/images/virtlab-os
exec "$here/../reproducible.sh" os engine/src/main/resources/org/virtlab/engine/images/virtlab-os-pv PV=1
