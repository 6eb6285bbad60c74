/* start-m.S - M-mode entry for C board tests: hart 0 gets a stack and runs main(hartid, fdt);
 * other harts park. The trap vector saves the caller-saved registers, calls trap() in C and
 * returns with mret. */
    .file   "start-m.S"
    .section .text.init
    .globl _start
_start:
    bnez    a0, park
    la      sp, stack_top
    la      t0, trap_entry
    csrw    mtvec, t0
    call    main
    li      t0, 0x100000             /* main must not return: fail with exit code 3 */
    li      t1, (3 << 16) | 0x3333
    sw      t1, 0(t0)
park:
    wfi
    j       park

    .text
    .balign 4
trap_entry:
    addi    sp, sp, -128
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
    call    trap
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
    ld      a7, 88(sp)
    ld      t3, 96(sp)
    ld      t4, 104(sp)
    ld      t5, 112(sp)
    ld      t6, 120(sp)
    addi    sp, sp, 128
    mret

    .bss
    .balign 16
    .space  4096
stack_top:
