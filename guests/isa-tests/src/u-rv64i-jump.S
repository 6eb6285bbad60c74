/*
 * u-rv64i-jump.S -- JAL and JALR: link value pc+4, forward and backward targets, rd = x0,
 * JALR offset added to rs1 and bit 0 of the sum cleared, negative offsets, rd == rs1 (the
 * target uses the old rs1), JALR through a computed address.
 */
#include "test.h"

        .option norvc
TEST_BEGIN
        /* 1-2: JAL forward, link = address of the next instruction */
        li ra, 0
        jal ra, 1f
2:      j fail
1:      la a1, 2b
        CHECK_EQ(1, ra, a1)
        /* JAL with another rd */
        jal t1, 1f
2:      j fail
1:      la a1, 2b
        CHECK_EQ(2, t1, a1)

        /* 3: JAL backward */
        li a3, 0
        j 2f
1:      addi a3, a3, 1
        j 3f
2:      jal x0, 1b
        j fail
3:      CHECK(3, a3, 1)

        /* 4: JAL rd = x0 writes nothing */
        jal x0, 1f
        j fail
1:      CHECK(4, x0, 0)

        /* 5-6: JALR with zero offset */
        la t0, 1f
        jalr ra, 0(t0)
2:      j fail
1:      la a1, 2b
        CHECK_EQ(5, ra, a1)
        la a1, 1b
        CHECK_EQ(6, t0, a1)

        /* 7: JALR positive offset */
        la t0, 1f
        addi t0, t0, -8
        jalr ra, 8(t0)
        j fail
1:      li TESTNUM, 7
        /* 8: JALR negative offset */
        la t0, 1f
        addi t0, t0, 100
        jalr ra, -100(t0)
        j fail
1:      li TESTNUM, 8
        /* 9: bit 0 of the target cleared (odd rs1) */
        la t0, 1f
        addi t0, t0, 1
        jalr ra, 0(t0)
        j fail
1:      li TESTNUM, 9
        /* 10: bit 0 cleared when the odd value comes from the offset */
        la t0, 1f
        jalr ra, 1(t0)
        j fail
1:      li TESTNUM, 10
        /* 11: odd rs1 + odd offset = even, not cleared further */
        la t0, 1f
        addi t0, t0, -3
        jalr ra, 3(t0)
        j fail
1:      li TESTNUM, 11
        /* 12: negative offset on an odd rs1: (t + 1) - 1 = t */
        la t0, 1f
        addi t0, t0, 1
        jalr ra, -1(t0)
        j fail
1:      li TESTNUM, 12

        /* 13-14: rd == rs1: the target uses the old value, rd gets the link */
        la t0, 1f
        jalr t0, 0(t0)
2:      j fail
1:      la a1, 2b
        CHECK_EQ(13, t0, a1)
        la ra, 1f
        jalr ra, 0(ra)
2:      j fail
1:      la a1, 2b
        CHECK_EQ(14, ra, a1)

        /* 15: JALR rd = x0 (ret-like) */
        la t0, 1f
        jalr x0, 0(t0)
        j fail
1:      CHECK(15, x0, 0)

        /* 16-17: call and return through a subroutine */
        li a0, 5
        jal ra, double_it
        CHECK(16, a0, 10)
        jal ra, double_it
        CHECK(17, a0, 20)

        /* 18: JAL far forward (beyond the 12-bit branch range) */
        li TESTNUM, 18
        jal ra, far_target
        j fail
back_from_far:
        j pass

double_it:
        add a0, a0, a0
        jalr x0, 0(ra)

        .skip 8192
far_target:
        /* 19: the link of the far JAL */
        li TESTNUM, 19
        la a1, back_from_far
        addi a1, a1, -4
        bne ra, a1, fail
        j back_from_far
TEST_END
