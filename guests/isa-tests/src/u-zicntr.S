/*
 * u-zicntr.S -- Zicntr and the machine counters: RDCYCLE, RDTIME and RDINSTRET read
 * increasing values; MINSTRET counts retired instructions exactly: a CSR read sees the count
 * before its own instruction, so two reads around k instructions differ by k + 1; a counted
 * loop adds exactly its instruction count; a write of MINSTRET replaces the increment of the
 * writing instruction (a read right after the write returns exactly the written value).
 */
#include "test.h"

        .option norvc
TEST_BEGIN
        csrw mcountinhibit, zero
        /* 1-3: the user-level counters increase across a short loop */
        rdcycle s0
        rdtime s1
        rdinstret s2
        li t0, 2000
1:      addi t0, t0, -1
        bnez t0, 1b
        rdcycle s3
        rdtime s4
        rdinstret s5
        li TESTNUM, 1
        bgeu s0, s3, fail
        li TESTNUM, 2
        bgeu s1, s4, fail
        li TESTNUM, 3
        bgeu s2, s5, fail
        /* 4: at least the 4001 loop instructions were retired */
        sub t0, s5, s2
        li TESTNUM, 4
        li t1, 4001
        bltu t0, t1, fail

        /* 5: exact count over straight-line code: 9 instructions between the reads, + 1 for the
           first read itself */
        csrr s0, minstret
        addi t0, zero, 1
        addi t0, t0, 1
        addi t0, t0, 1
        add t1, t0, t0
        xor t2, t1, t0
        nop
        nop
        lui t3, 1
        auipc t4, 0
        csrr s1, minstret
        sub a0, s1, s0
        CHECK(5, a0, 10)
        /* 6: instret and minstret are the same counter */
        csrr s0, minstret
        rdinstret s1
        sub a0, s1, s0
        CHECK(6, a0, 1)
        /* 7: a loop of 100 iterations x 2 instructions, its setup (1) and the first read (1) */
        csrr s0, minstret
        li t0, 100
1:      addi t0, t0, -1
        bnez t0, 1b
        csrr s1, minstret
        sub a0, s1, s0
        CHECK(7, a0, 202)
        /* 8: taken jumps, loads, stores and CSR accesses each count once */
        la s2, scratch
        csrr s0, minstret
        j 1f
        nop
1:      sd t0, 0(s2)
        ld t1, 0(s2)
        csrr t2, mscratch
        jal ra, 2f
        j 3f
2:      ret
3:      csrr s1, minstret
        sub a0, s1, s0
        CHECK(8, a0, 8)         /* j, sd, ld, csrr, jal, ret, j + 1 for the first csrr */
        /* 9: a write of minstret takes effect instead of the increment */
        li t0, 1000
        csrw minstret, t0
        csrr a0, minstret
        CHECK(9, a0, 1000)
        /* 10: the count goes on from the written value */
        li t0, 5000
        csrw minstret, t0
        nop
        nop
        csrr a0, minstret
        CHECK(10, a0, 5002)
        j pass

        .data
        .align 3
scratch: .dword 0
TEST_END
