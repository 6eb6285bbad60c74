#!/usr/bin/env bash
# Fails if an ELF image contains a privileged instruction: a paravirtualized kernel asks the
# hypervisor by hypercall instead (docs/hypercalls.md). The Makefile runs it on every PV
# build; a failure names each instruction with its address and function.
#
#   tools/check-no-privileged.sh IMAGE.elf      (OBJDUMP=... to use another objdump)
#
# Privileged: every CSR instruction except reads of the unprivileged counters cycle, time and
# instret (Zicntr; the hypervisor lets U-mode read them), and SRET, MRET, MNRET, DRET, WFI,
# SFENCE.VMA, SINVAL.VMA, SFENCE.W.INVAL, SFENCE.INVAL.IR and the H extension's HFENCE,
# HINVAL, HLV, HLVX and HSV (RISC-V Privileged Architecture, "Instruction Listings"). ECALL and
# EBREAK are not privileged: ECALL is how a PV kernel makes a hypercall.
set -euo pipefail
[ $# -eq 1 ] || { echo "usage: $0 IMAGE.elf" >&2; exit 2; }
objdump=${OBJDUMP:-riscv64-unknown-elf-objdump}
listing=$("$objdump" -d -M no-aliases "$1")
bad=$(printf '%s\n' "$listing" | awk -F'\t' '
    /^[0-9a-f]+ <.*>:$/ { fn = $0; sub(/^[0-9a-f]+ /, "", fn); next }
    NF >= 3 {
        op = $3; gsub(/ /, "", op); args = $4
        if (op ~ /^csrr[wsc]i?$/) {
            n = split(args, a, ",")
            csr = a[2]
            if (op == "csrrs" && n == 3 && a[3] == "zero" && csr ~ /^(cycle|time|instret)h?$/) next
            addr = $1; gsub(/[ :]/, "", addr); print addr " " fn "\t" op " " args
        } else if (op ~ /^(sret|mret|mnret|dret|wfi|sfence\.vma|sinval\.vma|sfence\.w\.inval|sfence\.inval\.ir)$/ ||
                   op ~ /^(hfence\.|hinval\.|hlv|hlvx|hsv)/) {
            addr = $1; gsub(/[ :]/, "", addr); print addr " " fn "\t" op " " args
        }
    }')
if [ -n "$bad" ]; then
    echo "$1: privileged instructions in a paravirtualized image (use hypercalls, docs/hypercalls.md):" >&2
    printf '%s\n' "$bad" | sed 's/^/  /' >&2
    exit 1
fi
echo "$1: no privileged instructions"
