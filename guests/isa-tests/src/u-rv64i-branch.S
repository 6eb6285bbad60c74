/*
 * u-rv64i-branch.S -- BEQ/BNE/BLT/BGE/BLTU/BGEU, each taken and not taken, forward and
 * backward; signed versus unsigned comparison of the same bit patterns; x0 operands.
 */
#include "test.h"

/* n: `op v1, v2` must branch. */
#define TAKEN(n, op, v1, v2)  li TESTNUM, n; li a1, v1; li a2, v2; op a1, a2, 1f; j fail; 1:
/* n: `op v1, v2` must fall through. */
#define NOT_TAKEN(n, op, v1, v2) li TESTNUM, n; li a1, v1; li a2, v2; op a1, a2, 1f; j 2f; 1: j fail; 2:
/* n: backward branch taken exactly once: the second time the condition is false. */
#define BACK(n, op, v1, v2, v3) li TESTNUM, n; li a3, 0; li a1, v1; li a2, v2; j 2f; \
        1: addi a3, a3, 1; li a1, v3; j 3f; 2: op a1, a2, 1b; j fail; \
        3: op a1, a2, fail; li t6, 1; bne a3, t6, fail

        .option norvc
TEST_BEGIN
        TAKEN(1, beq, 0, 0)
        TAKEN(2, beq, -1, -1)
        TAKEN(3, beq, 0x8000000000000000, 0x8000000000000000)
        NOT_TAKEN(4, beq, 0, 1)
        NOT_TAKEN(5, beq, 0x100000000, 0)
        NOT_TAKEN(6, beq, -1, 0x7fffffffffffffff)

        TAKEN(7, bne, 0, 1)
        TAKEN(8, bne, 0x100000000, 0)
        TAKEN(9, bne, 0x8000000000000000, 0)
        NOT_TAKEN(10, bne, 5, 5)
        NOT_TAKEN(11, bne, -1, -1)

        TAKEN(12, blt, -1, 0)
        TAKEN(13, blt, 0x8000000000000000, 0x7fffffffffffffff)
        TAKEN(14, blt, 1, 2)
        TAKEN(15, blt, -2, -1)
        NOT_TAKEN(16, blt, 0, -1)
        NOT_TAKEN(17, blt, 3, 3)
        NOT_TAKEN(18, blt, 0x7fffffffffffffff, 0x8000000000000000)
        NOT_TAKEN(19, blt, 2, 1)

        TAKEN(20, bge, 0, -1)
        TAKEN(21, bge, 3, 3)
        TAKEN(22, bge, -1, -1)
        TAKEN(23, bge, 0x7fffffffffffffff, 0x8000000000000000)
        NOT_TAKEN(24, bge, -1, 0)
        NOT_TAKEN(25, bge, 0x8000000000000000, 0x7fffffffffffffff)
        NOT_TAKEN(26, bge, 1, 2)

        TAKEN(27, bltu, 0, -1)
        TAKEN(28, bltu, 0x7fffffffffffffff, 0x8000000000000000)
        TAKEN(29, bltu, 1, 2)
        TAKEN(30, bltu, 0xffffffff, 0x100000000)
        NOT_TAKEN(31, bltu, -1, 0)
        NOT_TAKEN(32, bltu, 3, 3)
        NOT_TAKEN(33, bltu, 0x8000000000000000, 0x7fffffffffffffff)

        TAKEN(34, bgeu, -1, 0)
        TAKEN(35, bgeu, 3, 3)
        TAKEN(36, bgeu, 0x8000000000000000, 0x7fffffffffffffff)
        TAKEN(37, bgeu, -1, -1)
        NOT_TAKEN(38, bgeu, 0, -1)
        NOT_TAKEN(39, bgeu, 1, 2)
        NOT_TAKEN(40, bgeu, 0x7fffffffffffffff, 0x8000000000000000)

        /* backward branches, each taken once and then not taken */
        BACK(41, beq, 7, 7, 8)
        BACK(42, bne, 7, 8, 8)
        BACK(43, blt, -5, 0, 0)
        BACK(44, bge, 0, -5, -6)
        BACK(45, bltu, 5, -1, -1)
        BACK(46, bgeu, -1, 5, 4)

        /* x0 as operand */
        li TESTNUM, 47
        beq x0, x0, 1f
        j fail
1:      li TESTNUM, 48
        bne x0, x0, fail
        li TESTNUM, 49
        li a1, -1
        blt a1, x0, 1f
        j fail
1:      li TESTNUM, 50
        bltu a1, x0, fail
        li TESTNUM, 51
        bgeu x0, x0, 1f
        j fail
1:      li TESTNUM, 52
        bge x0, a1, 1f
        j fail
1:
        /* a loop counted with a backward BNE: 100 iterations */
        li a0, 0
        li a1, 100
1:      addi a0, a0, 1
        bne a0, a1, 1b
        CHECK(53, a0, 100)
        /* far branch (beyond +-2 KiB, within +-4 KiB) */
        li TESTNUM, 54
        beq x0, x0, far_target
        j fail
        .skip 3000
far_target:
        li TESTNUM, 55
        bne x0, x0, fail
        j pass
TEST_END
