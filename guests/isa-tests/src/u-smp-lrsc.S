/*
 * u-smp-lrsc.S -- LR/SC and AMOs between two harts (run with 2 harts and short slices).
 * The harts coordinate through flags in memory (no WFI, no interrupts): hart 0 publishes a
 * round number in `go`, hart 1 acknowledges it in `ack`; waits are for "at least k".
 * Phase 1: hart 0 takes a reservation with LR, hart 1 then writes the reserved location
 * (plain SD; AMOADD.W; a 4-byte SW into half of a reserved doubleword), and hart 0's SC must
 * fail and leave hart 1's value in memory.
 * Phase 2: each hart adds 1 to three shared counters 1000 times each (AMOADD.W, an LR.D/SC.D
 * loop, an LR.W/SC.W loop); every counter must end at exactly 2000.
 * Hart 0 reports; hart 1 records any problem of its own in h1_error, which hart 0 checks.
 */
#include "test.h"

#define ROUNDS 1000

        .option norvc
        .section .text.init
        .globl _start
_start:
        la t0, smp_trap
        csrw mtvec, t0
        li TESTNUM, 0
        csrr a0, mhartid
        beqz a0, hart0
        li t0, 1
        beq a0, t0, hart1
park:   wfi
        j park

        .align 2
smp_trap:
        csrr t0, mhartid
        bnez t0, 1f
        li TESTNUM, 0x7ff
        j fail
1:      la t0, h1_error
        li t1, 0x7ff
        sd t1, 0(t0)
        j park

/* ---------------- hart 0 ---------------- */
        .text
hart0:
        la s0, resv
        la s1, go               /* hart 0 -> hart 1: round number */
        la s2, ack              /* hart 1 -> hart 0: round number done */

        /* round 1: LR.D, hart 1 stores with SD */
        li t0, 0x1111
        sd t0, 0(s0)
        lr.d a0, (s0)
        CHECK(1, a0, 0x1111)
        li t0, 1
        sd t0, 0(s1)
1:      ld t0, 0(s2)
        li t1, 1
        bltu t0, t1, 1b
        li a1, 0x2222
        sc.d a2, a1, (s0)
        li TESTNUM, 2
        beqz a2, fail
        ld a0, 0(s0)
        CHECK(3, a0, 0x5151)

        /* round 2: LR.W, hart 1 does AMOADD.W */
        lr.w a0, (s0)
        CHECK(4, a0, 0x5151)
        li t0, 2
        sd t0, 0(s1)
1:      ld t0, 0(s2)
        li t1, 2
        bltu t0, t1, 1b
        li a1, 0x3333
        sc.w a2, a1, (s0)
        li TESTNUM, 5
        beqz a2, fail
        ld a0, 0(s0)
        CHECK(6, a0, 0x5152)

        /* round 3: LR.D, hart 1 writes the upper word with SW */
        lr.d a0, (s0)
        CHECK(7, a0, 0x5152)
        li t0, 3
        sd t0, 0(s1)
1:      ld t0, 0(s2)
        li t1, 3
        bltu t0, t1, 1b
        li a1, 0x4444
        sc.d a2, a1, (s0)
        li TESTNUM, 8
        beqz a2, fail
        ld a0, 0(s0)
        CHECK(9, a0, 0x0000000700005152)

        /* round 4 (control): after hart 1 is done, LR/SC without interference succeeds */
        li t0, 4
        sd t0, 0(s1)
1:      ld t0, 0(s2)
        li t1, 4
        bltu t0, t1, 1b
        lr.d a0, (s0)
        li a1, 0x6666
        sc.d a2, a1, (s0)
        CHECK(10, a2, 0)
        ld a0, 0(s0)
        CHECK(11, a0, 0x6666)

        /* phase 2: counting (both harts at once) */
        li t0, 5
        sd t0, 0(s1)
        jal ra, count
        /* wait for hart 1 */
1:      ld t0, 0(s2)
        li t1, 5
        bltu t0, t1, 1b
        fence
        la t0, cnt_amo
        lw a0, 0(t0)
        CHECK(12, a0, 2 * ROUNDS)
        la t0, cnt_lrsc_d
        ld a0, 0(t0)
        CHECK(13, a0, 2 * ROUNDS)
        la t0, cnt_lrsc_w
        lw a0, 0(t0)
        CHECK(14, a0, 2 * ROUNDS)
        la t0, h1_error
        ld a0, 0(t0)
        CHECK(15, a0, 0)
        j pass

/* Adds 1 to each counter ROUNDS times. Clobbers t0-t5, a3-a5. */
count:
        la t3, cnt_amo
        la t4, cnt_lrsc_d
        la t5, cnt_lrsc_w
        li a3, ROUNDS
        li a4, 1
1:      amoadd.w zero, a4, (t3)
2:      lr.d a5, (t4)
        addi a5, a5, 1
        sc.d t0, a5, (t4)
        bnez t0, 2b
3:      lr.w.aq a5, (t5)
        addi a5, a5, 1
        sc.w.rl t0, a5, (t5)
        bnez t0, 3b
        addi a3, a3, -1
        bnez a3, 1b
        ret

/* ---------------- hart 1 ---------------- */
hart1:
        la s0, resv
        la s1, go
        la s2, ack
        /* round 1: plain SD of a new value */
1:      ld t0, 0(s1)
        li t1, 1
        bltu t0, t1, 1b
        li t0, 0x5151
        sd t0, 0(s0)
        fence
        li t0, 1
        sd t0, 0(s2)
        /* round 2: AMOADD.W */
1:      ld t0, 0(s1)
        li t1, 2
        bltu t0, t1, 1b
        li t0, 1
        amoadd.w t2, t0, (s0)
        li t1, 0x5151
        beq t2, t1, 2f
        li t0, 21
        la t1, h1_error
        sd t0, 0(t1)
2:      fence
        li t0, 2
        sd t0, 0(s2)
        /* round 3: SW into the upper half */
1:      ld t0, 0(s1)
        li t1, 3
        bltu t0, t1, 1b
        li t0, 7
        sw t0, 4(s0)
        fence
        li t0, 3
        sd t0, 0(s2)
        /* round 4: just acknowledge */
1:      ld t0, 0(s1)
        li t1, 4
        bltu t0, t1, 1b
        li t0, 4
        sd t0, 0(s2)
        /* phase 2 */
1:      ld t0, 0(s1)
        li t1, 5
        bltu t0, t1, 1b
        jal ra, count
        fence
        li t0, 5
        sd t0, 0(s2)
        j park

        .data
        .align 6
resv:   .dword 0
        .align 6
go:     .dword 0
        .align 6
ack:    .dword 0
        .align 6
cnt_amo:        .dword 0
        .align 6
cnt_lrsc_d:     .dword 0
        .align 6
cnt_lrsc_w:     .dword 0
        .align 6
h1_error:       .dword 0
TEST_END
