/* trapvec.S - trap entry and return. One vector for traps from user and kernel mode.
 *
 * Convention: sscratch holds the running process's trapframe while the hart is in user
 * mode and 0 while it is in the kernel. A trap swaps sp with sscratch; a non-zero result
 * means we came from user mode and sp now points at the trapframe (layout in arch.h).
 * Kernel traps (only interrupts in the idle loop, or a kernel bug) save the caller-saved
 * registers on the current stack and call kernel_trap().
 */
    .file   "trapvec.S"   /* a fixed name: no temporary file name in the symbol table */
#define R(i) (24 + 8 * (i))
    .section .text
    .globl  trap_vector
    .balign 4
trap_vector:
    csrrw   sp, sscratch, sp
    bnez    sp, from_user
    csrrw   sp, sscratch, sp
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
    sd      x1, R(1)(sp)
    sd      x3, R(3)(sp)
    sd      x4, R(4)(sp)
    sd      x5, R(5)(sp)
    sd      x6, R(6)(sp)
    sd      x7, R(7)(sp)
    sd      x8, R(8)(sp)
    sd      x9, R(9)(sp)
    sd      x10, R(10)(sp)
    sd      x11, R(11)(sp)
    sd      x12, R(12)(sp)
    sd      x13, R(13)(sp)
    sd      x14, R(14)(sp)
    sd      x15, R(15)(sp)
    sd      x16, R(16)(sp)
    sd      x17, R(17)(sp)
    sd      x18, R(18)(sp)
    sd      x19, R(19)(sp)
    sd      x20, R(20)(sp)
    sd      x21, R(21)(sp)
    sd      x22, R(22)(sp)
    sd      x23, R(23)(sp)
    sd      x24, R(24)(sp)
    sd      x25, R(25)(sp)
    sd      x26, R(26)(sp)
    sd      x27, R(27)(sp)
    sd      x28, R(28)(sp)
    sd      x29, R(29)(sp)
    sd      x30, R(30)(sp)
    sd      x31, R(31)(sp)
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
