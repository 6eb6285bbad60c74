/*
 * common.h -- pieces shared by the two start files of the CPU benchmark.
 *
 * Exit codes (HTIF: tohost = (code << 1) | 1, code 0 = pass):
 *   1..0xff   a failed check of the workload (see the enum in workload.c)
 *   0x200|c   unexpected trap taken in S-mode, c = scause & 0xff (start-s.S)
 *   0x300     the Sv39 satp value did not stick (no Sv39 support)   (start-s.S)
 *   0x400|c   unexpected trap taken in M-mode, c = mcause & 0xff
 */
#ifndef VIRTLAB_BENCH_COMMON_H
#define VIRTLAB_BENCH_COMMON_H

/* The C function the start files call; the measurement build (`make measure`) replaces it. */
#ifndef BENCH_ENTRY
#define BENCH_ENTRY bench_main
#endif

#define EXIT_S_TRAP   0x200
#define EXIT_NO_SV39  0x300
#define EXIT_M_TRAP   0x400

/* Zeroes .bss (8 bytes at a time; the linker script aligns both ends to 16). */
#define ZERO_BSS                                    \
        la t0, _bss_start;                          \
        la t1, _bss_end;                            \
1:      bgeu t0, t1, 2f;                            \
        sd zero, 0(t0);                             \
        addi t0, t0, 8;                             \
        j 1b;                                       \
2:

/* exit_a0: reports a0 as the exit code through HTIF and spins. Also defines the mailbox
   (with symbol sizes: QEMU's spike board refuses a `tohost` that is not 8 bytes). */
#define EXIT_AND_MAILBOX                            \
        .globl exit_a0;                             \
exit_a0:                                            \
        slli a0, a0, 1;                             \
        ori a0, a0, 1;                              \
        la t1, tohost;                              \
        fence;                                      \
        sd a0, 0(t1);                               \
3:      j 3b;                                       \
        .section .tohost, "aw", @progbits;          \
        .align 6;                                   \
        .globl tohost;                              \
        .type tohost, @object;                      \
        .size tohost, 8;                            \
tohost: .dword 0;                                   \
        .align 6;                                   \
        .globl fromhost;                            \
        .type fromhost, @object;                    \
        .size fromhost, 8;                          \
fromhost: .dword 0;

#endif
