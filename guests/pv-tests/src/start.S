/* start.S - entry, trap entry and probes of the pv-test kernels (docs/hypercalls.md).
 * _start: a0 = vCPU id, a1 = device tree, a2 = machine address of RAM; calls pv_main(a2).
 * secondary_entry: where a test starts vCPU 1; calls pv_secondary(vcpu, arg).
 * kernel_trap_entry: every bounce (the tests never leave kernel mode) calls on_trap(info)
 * with caller-saved registers kept on the stack, then HC_IRET. */
#include "arch-pv/pv.h"
    .file   "start.S"
    .section .text.init
    .globl  _start
_start:
    la      sp, stack_top
    mv      a0, a2
    call    pv_main
1:  j       1b

    .section .text
    .globl  kernel_trap_entry
    .balign 4
kernel_trap_entry:
    addi    sp, sp, -144
    sd      ra, 0(sp)
    sd      t0, 8(sp)
    sd      t1, 16(sp)
    sd      t2, 24(sp)
    sd      a0, 32(sp)
    sd      a1, 40(sp)
    sd      a2, 48(sp)
    sd      a3, 56(sp)
    sd      a4, 64(sp)
    sd      a5, 72(sp)
    sd      a6, 80(sp)
    sd      a7, 88(sp)
    sd      t3, 96(sp)
    sd      t4, 104(sp)
    sd      t5, 112(sp)
    sd      t6, 120(sp)
    la      a0, info_page
    call    on_trap
    la      t0, info_page
    ld      t1, 88(sp)
    sd      t1, PV_INFO_A7(t0)
    ld      ra, 0(sp)
    ld      t0, 8(sp)
    ld      t1, 16(sp)
    ld      t2, 24(sp)
    ld      a0, 32(sp)
    ld      a1, 40(sp)
    ld      a2, 48(sp)
    ld      a3, 56(sp)
    ld      a4, 64(sp)
    ld      a5, 72(sp)
    ld      a6, 80(sp)
    ld      t3, 96(sp)
    ld      t4, 104(sp)
    ld      t5, 112(sp)
    ld      t6, 120(sp)
    addi    sp, sp, 144
    li      a7, HC_IRET
    ecall

    /* HC_VCPU_UP target of the tests that start a second vCPU: a0 = vCPU id, a1 = argument. */
    .globl  secondary_entry
    .balign 4
secondary_entry:
    la      sp, stack2_top
    call    pv_secondary
1:  j       1b

    /* probe_store(addr, value): one 4-byte store instruction, so a fault handler can skip it. */
    .globl  probe_store
    .option push
    .option norvc
probe_store:
    sd      a1, 0(a0)
    ret
    .option pop

    .bss
    .balign 4096
    .globl  info_page
info_page:
    .space  4096
    .balign 16
    .space  16384
stack_top:
    .space  4096
stack2_top:

    /* The PV ABI note: name "VirtLab", type 1, version 1. */
    .section .note.virtlab, "a", @note
    .balign 4
    .word   8, 4, 1
    .asciz  "VirtLab"
    .word   1
