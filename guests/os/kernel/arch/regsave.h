/* regsave.h - the register saves shared by the native and the paravirtual trap entries
 * (arch/trapvec.S, arch-pv/trapvec.S). Assembler only: include it from a .S file.
 * R(i) is register xi's slot in struct trapframe (arch.h). */
#ifndef REGSAVE_H
#define REGSAVE_H
#define R(i) (24 + 8 * (i))

/* Every register but sp (x2) into the trap frame at sp. */
.macro SAVE_USER_REGS
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
.endm

/* A trap in kernel mode: ra, t0-t6 and a0-a7 (what a C call may clobber) on a new 144-byte frame. */
.macro SAVE_CALLER_SAVED
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
.endm
#endif
