/*
 * priv.h -- shared helpers of the privileged (p-*, h-*, noh-*) conformance programs.
 * Include after test.h. Written for VirtLab from the privileged specification.
 *
 * Register conventions (on top of test.h: gp = TESTNUM, t6 clobbered by CHECK):
 *   s2..s5  what the last recorded trap saw: cause, epc, tval, status
 *           (mcause/mepc/mtval/mstatus for M traps, scause/sepc/stval/sstatus for S traps)
 *   s6      count of M traps taken, s7 count of S traps taken
 *   s10     M resume address: the M handler `mtrap_rec` continues there IN M-MODE
 *           (no mret; it clears MPRV and MPV first) and zeroes s10. s10 == 0 means the trap
 *           was not expected: the program fails with code 0x400 | TESTNUM.
 *   s9      S resume address for the S handler `strap_rec` (continues in S-mode);
 *           unexpected S traps fail with code 0x800 | TESTNUM.
 *   t0      clobbered by the handlers and the mode-switch macros.
 * QEMU truncates the exit status to 8 bits, so check numbers stay below 256.
 */
#ifndef VIRTLAB_PRIV_H
#define VIRTLAB_PRIV_H

        .option arch, +h

#define MSTATUS_SIE   (1 << 1)
#define MSTATUS_MIE   (1 << 3)
#define MSTATUS_SPIE  (1 << 5)
#define MSTATUS_MPIE  (1 << 7)
#define MSTATUS_SPP   (1 << 8)
#define MSTATUS_MPP   (3 << 11)
#define MSTATUS_FS    (3 << 13)
#define MSTATUS_MPRV  (1 << 17)
#define MSTATUS_SUM   (1 << 18)
#define MSTATUS_MXR   (1 << 19)
#define MSTATUS_TVM   (1 << 20)
#define MSTATUS_TW    (1 << 21)
#define MSTATUS_TSR   (1 << 22)
#define MSTATUS_GVA   (1 << 38)
#define MSTATUS_MPV   (1 << 39)

#define HSTATUS_GVA   (1 << 6)
#define HSTATUS_SPV   (1 << 7)
#define HSTATUS_SPVP  (1 << 8)
#define HSTATUS_HU    (1 << 9)
#define HSTATUS_VTVM  (1 << 20)
#define HSTATUS_VTW   (1 << 21)
#define HSTATUS_VTSR  (1 << 22)

/* Sv39 PTE bits */
#define PTE_V (1 << 0)
#define PTE_R (1 << 1)
#define PTE_W (1 << 2)
#define PTE_X (1 << 3)
#define PTE_U (1 << 4)
#define PTE_G (1 << 5)
#define PTE_A (1 << 6)
#define PTE_D (1 << 7)

#define CAUSE_FETCH_ACCESS    1
#define CAUSE_ILLEGAL         2
#define CAUSE_BREAKPOINT      3
#define CAUSE_LOAD_MISALIGN   4
#define CAUSE_LOAD_ACCESS     5
#define CAUSE_STORE_MISALIGN  6
#define CAUSE_STORE_ACCESS    7
#define CAUSE_ECALL_U         8
#define CAUSE_ECALL_S         9
#define CAUSE_ECALL_VS        10
#define CAUSE_ECALL_M         11
#define CAUSE_FETCH_PF        12
#define CAUSE_LOAD_PF         13
#define CAUSE_STORE_PF        15
#define CAUSE_FETCH_GPF       20
#define CAUSE_LOAD_GPF        21
#define CAUSE_VIRTUAL_INST    22
#define CAUSE_STORE_GPF       23
#define INTR                  (1 << 63)

/* Sets mtvec to the recording M handler (direct mode). */
#define SET_MTRAP                                   \
        la t0, mtrap_rec;                           \
        csrw mtvec, t0

/* PMP entry 0 = NAPOT over the whole address space, RWX: S and U may access everything
   (with PMP implemented and no matching entry, S/U accesses fail). Clobbers t0. */
#define PMP_ALLOW_ALL                               \
        li t0, -1;                                  \
        csrw pmpaddr0, t0;                          \
        li t0, 0x1f;                                \
        csrw pmpcfg0, t0

/* The usual start of a privileged program: recording M handler, PMP open. */
#define PRIV_INIT                                   \
        SET_MTRAP;                                  \
        PMP_ALLOW_ALL

/* Sets stvec to the recording S handler (direct mode). */
#define SET_STRAP                                   \
        la t0, strap_rec;                           \
        csrw stvec, t0

/* Switches from M to `mode` (MODE_S/MODE_U), V = 0, at `target`. Clobbers t0. */
#define GOTO(mode, target)                          \
        li t0, MSTATUS_MPP | MSTATUS_MPV;           \
        csrc mstatus, t0;                           \
        li t0, ((mode) << 11);                      \
        csrs mstatus, t0;                           \
        la t0, target;                              \
        csrw mepc, t0;                              \
        mret

/* Switches from M to virtual `mode` (MODE_S = VS, MODE_U = VU) at `target`. Clobbers t0. */
#define GOTO_V(mode, target)                        \
        li t0, MSTATUS_MPP;                         \
        csrc mstatus, t0;                           \
        li t0, ((mode) << 11) | MSTATUS_MPV;        \
        csrs mstatus, t0;                           \
        la t0, target;                              \
        csrw mepc, t0;                              \
        mret

/* Check n: register holds the expected 64-bit value (like CHECK, any constant). */
#define CHECK_BITS(n, reg, mask, expected)          \
        li TESTNUM, n;                              \
        li t6, mask;                                \
        and t6, t6, reg;                            \
        li t5, expected;                            \
        bne t6, t5, fail

/* The recording trap handlers; place once in .text (e.g. just before TEST_END). */
#define PRIV_HANDLERS                               \
        .align 6;                                   \
mtrap_rec:                                          \
        csrr s2, mcause;                            \
        csrr s3, mepc;                              \
        csrr s4, mtval;                             \
        csrr s5, mstatus;                           \
        addi s6, s6, 1;                             \
        li t0, MSTATUS_MPRV | MSTATUS_MPV;          \
        csrc mstatus, t0;                           \
        beqz s10, 1f;                               \
        mv t0, s10;                                 \
        li s10, 0;                                  \
        jr t0;                                      \
1:      ori TESTNUM, TESTNUM, 0x400;                \
        j fail;                                     \
        .align 6;                                   \
strap_rec:                                          \
        csrr s2, scause;                            \
        csrr s3, sepc;                              \
        csrr s4, stval;                             \
        csrr s5, sstatus;                           \
        addi s7, s7, 1;                             \
        beqz s9, 1f;                                \
        mv t0, s9;                                  \
        li s9, 0;                                   \
        jr t0;                                      \
1:      li t0, 0x800;                               \
        or TESTNUM, TESTNUM, t0;                    \
        j fail

/* Ends a privileged program: handlers, TEST_END, and symbol sizes QEMU's HTIF needs.
   QEMU_REF builds (reference runs on qemu-system-riscv64 -machine virt, whose CLINT provides
   `time` and so Sstc, unlike -machine spike) report through the SiFive test finisher at
   0x100000 instead; they also skip the few checks where QEMU 7.2 departs from the spec. */
#ifndef QEMU_REF
#define PRIV_END                                    \
        PRIV_HANDLERS;                              \
        TEST_END                                    \
        .size tohost, 8;                            \
        .size fromhost, 8;
#else
#define PRIV_END                                    \
        PRIV_HANDLERS;                              \
pass:   li t0, 0x5555;                              \
        li t1, 0x100000;                            \
        sw t0, 0(t1);                               \
1:      j 1b;                                       \
fail:   slli t0, TESTNUM, 16;                       \
        li t1, 0x3333;                              \
        or t0, t0, t1;                              \
        li t1, 0x100000;                            \
        sw t0, 0(t1);                               \
1:      j 1b;
#endif

/*
 * Gas macros. All check numbers n: the cause is checked with n, the epc with n as well.
 *
 * mtrap n, cause, insn   -- in M-mode, `insn` must trap to M with `cause`, mepc = insn.
 * mode_trap n, mode, cause, insn -- from M, go to `mode`, run `insn`; it must trap to M with
 *                           `cause` and mepc = insn. If it does not trap, the following
 *                           ecall traps with an ecall cause and the check fails.
 * mode_ok n, mode, insn  -- `insn` must not trap in `mode` (the ecall after it must be the
 *                           trap seen, at its own address).
 */
        .macro mtrap n, cause, insn:vararg
        la s10, 9002f
9001:   \insn
        li TESTNUM, \n
        j fail
9002:   li TESTNUM, \n
        li t6, \cause
        bne s2, t6, fail
        la t6, 9001b
        bne s3, t6, fail
        .endm

        .macro mode_trap n, mode, cause, insn:vararg
        la s10, 9002f
        GOTO(\mode, 9001f)
9001:   \insn
        ecall
9002:   li TESTNUM, \n
        li t6, \cause
        bne s2, t6, fail
        la t6, 9001b
        bne s3, t6, fail
        .endm

        .macro mode_ok n, mode, insn:vararg
        la s10, 9002f
        GOTO(\mode, 9001f)
9001:   \insn
9003:   ecall
9002:   li TESTNUM, \n
        li t6, 8 + \mode
        bne s2, t6, fail
        la t6, 9003b
        bne s3, t6, fail
        .endm

#endif
