/*
 * test.h -- the conventions every VirtLab ISA conformance program follows.
 *
 * A program starts at _start in M-mode on every hart (a0 = hart id). Hart 0 runs the test;
 * the others park in WFI unless the test wakes them (see TEST_SECONDARY_HARTS).
 * The result is reported through HTIF, the convention of the standard RISC-V test programs:
 * the program writes (code << 1) | 1 to the 64-bit word `tohost`; code 0 means pass, any other
 * code is the number of the check that failed (kept in gp while a check runs).
 *
 * Sources: guests/isa-tests/src/*.S; built by guests/isa-tests/Makefile into
 * engine/src/test/resources/isa-tests/, run by IsaConformanceTest.
 */
#ifndef VIRTLAB_TEST_H
#define VIRTLAB_TEST_H

#ifdef __ASSEMBLER__
/* Names the ELF's STT_FILE symbol after the source (as given on the command line, relative
   in the Makefile); without it gas uses gcc's random temporary file name and the built ELF
   differs on every build, which breaks check-reproducible.sh. */
        .file __BASE_FILE__
#endif

#define TESTNUM gp

/* Mode numbers as in mstatus.MPP. */
#define MODE_U 0
#define MODE_S 1
#define MODE_M 3

/* Begins the program. Sets mtvec to a handler that fails the test with code 0x7ff on any
   unexpected trap, clears the registers and jumps to `main_test` on hart 0. */
#define TEST_BEGIN                                  \
        .section .text.init;                        \
        .globl _start;                              \
_start:                                             \
        csrr a0, mhartid;                           \
        bnez a0, park_secondary;                    \
        la t0, unexpected_trap;                     \
        csrw mtvec, t0;                             \
        li TESTNUM, 0;                              \
        j main_test;                                \
park_secondary:                                     \
        wfi;                                        \
        j park_secondary;                           \
        .align 2;                                   \
unexpected_trap:                                    \
        li TESTNUM, 0x7ff;                          \
        j fail;                                     \
        .text;                                      \
main_test:

/* Ends the program: the pass and fail exits and the HTIF mailbox. */
#define TEST_END                                    \
pass:                                               \
        fence;                                      \
        li t0, 1;                                   \
        la t1, tohost;                              \
        sd t0, 0(t1);                               \
1:      j 1b;                                       \
fail:                                               \
        fence;                                      \
        slli t0, TESTNUM, 1;                        \
        ori t0, t0, 1;                              \
        la t1, tohost;                              \
        sd t0, 0(t1);                               \
1:      j 1b;                                       \
        .section .tohost, "aw", @progbits;          \
        .align 6;                                   \
        .globl tohost;                              \
tohost: .dword 0;                                   \
        .size tohost, 8;                            \
        .align 6;                                   \
        .globl fromhost;                            \
fromhost: .dword 0;                                 \
        .size fromhost, 8;

/* Check n: register `reg` must hold `expected` (clobbers t6). */
#define CHECK(n, reg, expected)                     \
        li TESTNUM, n;                              \
        li t6, expected;                            \
        bne reg, t6, fail

/* Check n: two registers must be equal. */
#define CHECK_EQ(n, a, b)                           \
        li TESTNUM, n;                              \
        bne a, b, fail

/* Fails with check n unconditionally (for paths that must not be reached). */
#define FAIL_HERE(n)                                \
        li TESTNUM, n;                              \
        j fail

/* Switches to privilege `mode` (MODE_S or MODE_U) at label `target` via MRET. Clobbers t0. */
#define ENTER_MODE(mode, target)                    \
        li t0, (3 << 11);                           \
        csrc mstatus, t0;                           \
        li t0, ((mode) << 11);                      \
        csrs mstatus, t0;                           \
        la t0, target;                              \
        csrw mepc, t0;                              \
        mret

#endif
