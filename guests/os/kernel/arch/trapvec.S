/* trapvec.S - trap entry and return. One vector for traps from user and kernel mode.
 *
 * Convention: sscratch holds the running process's trapframe while the hart is in user
 * mode and 0 while it is in the kernel. A trap swaps sp with sscratch; a non-zero result
 * means we came from user mode and sp now points at the trapframe (layout in arch.h).
 * Kernel traps (only interrupts in the idle loop, or a kernel bug) save the caller-saved
 * registers on the current stack and call kernel_trap().
 */
#include "arch/regsave.h"
    .file   "trapvec.S"   /* a fixed name: no temporary file name in the symbol table */
    .section .text
    .globl  trap_vector
    .balign 4
trap_vector:
    csrrw   sp, sscratch, sp
    bnez    sp, from_user
    csrrw   sp, sscratch, sp
    SAVE_CALLER_SAVED
    call    kernel_trap
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
    addi    sp, sp, 144
    sret

from_user:
    SAVE_USER_REGS
    csrr    t0, sscratch
    sd      t0, R(2)(sp)
    csrw    sscratch, zero
    csrr    t0, sepc
    sd      t0, 16(sp)
    ld      tp, 8(sp)
    mv      a0, sp
    ld      sp, 0(sp)
    call    user_trap
1:  j       1b

    /* arch_return_to_user(tf): sepc and sstatus are already set up */
    .globl  trap_return_asm
trap_return_asm:
    csrw    sscratch, a0
    ld      t0, 16(a0)
    csrw    sepc, t0
    ld      x1, R(1)(a0)
    ld      x2, R(2)(a0)
    ld      x3, R(3)(a0)
    ld      x4, R(4)(a0)
    ld      x5, R(5)(a0)
    ld      x6, R(6)(a0)
    ld      x7, R(7)(a0)
    ld      x8, R(8)(a0)
    ld      x9, R(9)(a0)
    ld      x11, R(11)(a0)
    ld      x12, R(12)(a0)
    ld      x13, R(13)(a0)
    ld      x14, R(14)(a0)
    ld      x15, R(15)(a0)
    ld      x16, R(16)(a0)
    ld      x17, R(17)(a0)
    ld      x18, R(18)(a0)
    ld      x19, R(19)(a0)
    ld      x20, R(20)(a0)
    ld      x21, R(21)(a0)
    ld      x22, R(22)(a0)
    ld      x23, R(23)(a0)
    ld      x24, R(24)(a0)
    ld      x25, R(25)(a0)
    ld      x26, R(26)(a0)
    ld      x27, R(27)(a0)
    ld      x28, R(28)(a0)
    ld      x29, R(29)(a0)
    ld      x30, R(30)(a0)
    ld      x31, R(31)(a0)
    ld      x10, R(10)(a0)
    sret
