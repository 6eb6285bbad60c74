/* trapvec.S - trap entry and return of the paravirtualized kernel (docs/hypercalls.md,
 * "Bounces"). There is no stvec, sscratch or sret: the hypervisor "bounces" a trap to one of
 * the three entries registered with HC_SET_CALLBACKS, and HC_IRET is the way back.
 *
 * A bounce from user mode swaps sp with the info page's scratch word: the kernel leaves the
 * process's trap frame there (as native trapvec.S keeps it in sscratch), so the entry finds
 * sp = trap frame and the user's sp in scratch; epc, cause and tval are in the info page.
 * HC_IRET to user mode swaps them back. Events are masked from the bounce to the HC_IRET.
 */
#include "arch-pv/pv.h"
#include "arch/regsave.h"
    .file   "trapvec.S"   /* a fixed name: no temporary file name in the symbol table */

/* reg = this hart's info page (pv_info is an array of 4 KiB pages indexed by tp). */
.macro INFO reg, tmp
    la      \reg, pv_info
    slli    \tmp, tp, 12
    add     \reg, \reg, \tmp
.endm

/* Saves every user register but sp into the trap frame at sp; leaves t0 = info page. */
.macro SAVE_USER
    SAVE_USER_REGS
    ld      tp, 8(sp)                /* kernel_tp: the hart id */
    INFO    t0, t1
.endm

    .section .text
    /* A system call (ecall in user mode): the hypervisor writes no cause, we know it. */
    .globl  pv_syscall_entry
    .balign 4
pv_syscall_entry:
    SAVE_USER
    li      t1, 8                    /* EXC_ECALL_U */
    sd      t1, PV_INFO_CAUSE(t0)
    j       1f

    /* Any other trap from user mode: an exception or an event upcall. */
    .globl  pv_user_trap
    .balign 4
pv_user_trap:
    SAVE_USER
1:  ld      t1, PV_INFO_SCRATCH(t0)  /* the user's sp */
    sd      t1, R(2)(sp)
    ld      t1, PV_INFO_EPC(t0)
    sd      t1, 16(sp)
    mv      a0, sp
    ld      sp, 0(sp)
    call    user_trap
2:  j       2b

    /* pv_return_to_user(tf): back to the process whose registers tf holds. */
    .globl  pv_return_to_user
pv_return_to_user:
    INFO    t0, t1
    ld      t1, 16(a0)
    sd      t1, PV_INFO_EPC(t0)
    ld      t1, R(17)(a0)
    sd      t1, PV_INFO_A7(t0)
    ld      t1, R(2)(a0)
    sd      t1, PV_INFO_SCRATCH(t0)  /* HC_IRET swaps it with sp (= tf) */
    li      t1, PV_STATUS_SPIE       /* to user mode, events on */
    sd      t1, PV_INFO_STATUS(t0)
    mv      sp, a0
    ld      x1, R(1)(sp)
    ld      x3, R(3)(sp)
    ld      x4, R(4)(sp)
    ld      x5, R(5)(sp)
    ld      x6, R(6)(sp)
    ld      x7, R(7)(sp)
    ld      x8, R(8)(sp)
    ld      x9, R(9)(sp)
    ld      x10, R(10)(sp)
    ld      x11, R(11)(sp)
    ld      x12, R(12)(sp)
    ld      x13, R(13)(sp)
    ld      x14, R(14)(sp)
    ld      x15, R(15)(sp)
    ld      x16, R(16)(sp)
    ld      x18, R(18)(sp)
    ld      x19, R(19)(sp)
    ld      x20, R(20)(sp)
    ld      x21, R(21)(sp)
    ld      x22, R(22)(sp)
    ld      x23, R(23)(sp)
    ld      x24, R(24)(sp)
    ld      x25, R(25)(sp)
    ld      x26, R(26)(sp)
    ld      x27, R(27)(sp)
    ld      x28, R(28)(sp)
    ld      x29, R(29)(sp)
    ld      x30, R(30)(sp)
    ld      x31, R(31)(sp)
    li      a7, HC_IRET
    ecall

    /* A trap in kernel mode: an event while unmasked (the idle loop), or a kernel bug. */
    .globl  pv_kernel_trap
    .balign 4
pv_kernel_trap:
    SAVE_CALLER_SAVED
    call    kernel_trap
    INFO    t0, t1
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
