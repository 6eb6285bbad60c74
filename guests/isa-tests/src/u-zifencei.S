/*
 * u-zifencei.S -- FENCE.I and self-modifying code: code that has already run (so any decode
 * cache holds it) is overwritten with a store, FENCE.I is executed and the next execution must
 * run the new instruction. Covers a patched subroutine, an instruction patched in the same
 * straight-line block right after the FENCE.I, a loop re-patching an immediate 16 times, a
 * 16-bit instruction replaced with a halfword store, and a 32-bit instruction replaced by two
 * 16-bit ones.
 */
#include "test.h"

        .option norvc
TEST_BEGIN
        /* 1-2: patch a subroutine after running it */
        li a0, 0
        jal ra, patch_me
        CHECK(1, a0, 1)
        la t0, patch_me
        la t1, insn_li_a0_2
        lw t1, 0(t1)
        sw t1, 0(t0)
        fence.i
        jal ra, patch_me
        CHECK(2, a0, 2)

        /* 3: patch the instruction that immediately follows the FENCE.I */
        li s1, 0
        la s0, next_insn
        la t1, insn_li_a0_3
        lw s2, 0(t1)
        /* first pass: run next_insn unmodified (a0 = 1), then patch it and go round again */
again:
        li a0, 0
        beqz s1, 1f
        sw s2, 0(s0)
        fence.i
1:
next_insn:
        addi a0, zero, 1
        bnez s1, 2f
        CHECK(3, a0, 1)
        li s1, 1
        j again
2:      CHECK(4, a0, 3)

        /* 5: a loop rewriting the immediate of an ADDI on every iteration */
        la s0, counted
        lw s2, 0(s0)            /* addi a1, a1, 0 */
        li s3, 0                /* iteration i: patch the immediate to i */
        li a1, 0
        li s4, 16
loop:
        slli t0, s3, 20
        or t0, t0, s2
        sw t0, 0(s0)
        fence.i
counted:
        addi a1, a1, 0
        addi s3, s3, 1
        bne s3, s4, loop
        CHECK(5, a1, 120)       /* 0 + 1 + ... + 15 */

        /* 6: a 16-bit instruction replaced with a halfword store */
        jal ra, patch16
        CHECK(6, a0, 5)
        la t0, patch16
        la t1, insn_c_li_a0_9
        lhu t1, 0(t1)
        sh t1, 0(t0)
        fence.i
        jal ra, patch16
        CHECK(7, a0, 9)

        /* 8: one 32-bit instruction replaced by two 16-bit ones (one word store) */
        li a0, 0
        jal ra, patch_split
        CHECK(8, a0, 7)
        la t0, patch_split
        la t1, insn_two_c
        lw t1, 0(t1)
        sw t1, 0(t0)
        fence.i
        li a0, 0
        jal ra, patch_split
        CHECK(9, a0, 12)        /* c.li a0, 4 ; c.addi a0, 8 */
        j pass

        .align 2
patch_me:
        addi a0, zero, 1
        ret
        .align 2
patch16:
        .option push
        .option rvc
        c.li a0, 5
        .option pop
        ret
        .align 2
patch_split:
        addi a0, zero, 7
        ret

        .data
        .align 2
insn_li_a0_2:   addi a0, zero, 2
insn_li_a0_3:   addi a0, zero, 3
        .option push
        .option rvc
insn_c_li_a0_9: c.li a0, 9
        .balign 4
insn_two_c:     c.li a0, 4
                c.addi a0, 8
        .option pop
TEST_END
