/*
 * u-rv64m.S -- RV64M: MUL/MULH/MULHSU/MULHU/DIV/DIVU/REM/REMU and MULW/DIVW/DIVUW/REMW/REMUW.
 * Edge cases: signed/unsigned high halves, the most negative number, division by zero
 * (quotient all ones, remainder = dividend), signed overflow (quotient = dividend,
 * remainder 0), truncation toward zero, W forms use the low 32 bits and sign-extend.
 */
#include "test.h"

#define RR(n, op, v1, v2, exp)  li a1, v1; li a2, v2; op a0, a1, a2; CHECK(n, a0, exp)
#define MIN64 0x8000000000000000
#define MAX64 0x7fffffffffffffff

        .option norvc
TEST_BEGIN
        /* MUL */
        RR(1, mul, 3, 7, 21)
        RR(2, mul, -1, -1, 1)
        RR(3, mul, MIN64, -1, MIN64)
        RR(4, mul, 0x100000000, 0x100000000, 0)
        RR(5, mul, 0x0123456789abcdef, 0xfedcba9876543210, 0x2236d88fe5618cf0)
        RR(6, mul, -7, 3, -21)
        /* MULH (signed x signed) */
        RR(7, mulh, -1, -1, 0)
        RR(8, mulh, MIN64, MIN64, 0x4000000000000000)
        RR(9, mulh, -1, 1, -1)
        RR(10, mulh, MAX64, MAX64, 0x3fffffffffffffff)
        RR(11, mulh, MIN64, MAX64, 0xc000000000000000)
        RR(12, mulh, 0x0123456789abcdef, 0xfedcba9876543210, 0xfffeb49923cc0953)
        RR(13, mulh, 0x100000000, 0x100000000, 1)
        /* MULHU (unsigned x unsigned) */
        RR(14, mulhu, -1, -1, 0xfffffffffffffffe)
        RR(15, mulhu, MIN64, 2, 1)
        RR(16, mulhu, 0x0123456789abcdef, 0xfedcba9876543210, 0x0121fa00ad77d742)
        RR(17, mulhu, -1, 1, 0)
        /* MULHSU (signed rs1 x unsigned rs2) */
        RR(18, mulhsu, -1, -1, -1)
        RR(19, mulhsu, 2, -1, 1)
        RR(20, mulhsu, -2, 3, -1)
        RR(21, mulhsu, MIN64, -1, 0x8000000000000000)
        RR(22, mulhsu, MAX64, -1, 0x7ffffffffffffffe)
        RR(23, mulhsu, 0x0123456789abcdef, 0xfedcba9876543210, 0x0121fa00ad77d742)
        RR(24, mulhsu, 0xfedcba9876543210, 0x0123456789abcdef, 0xfffeb49923cc0953)
        RR(25, mulhsu, -1, 0, 0)
        /* MULW */
        RR(26, mulw, 0x7fffffff, 2, -2)
        RR(27, mulw, 0x123456700000003, 0xabcdef00000005, 15)
        RR(28, mulw, 0x10000, 0x8000, 0xffffffff80000000)
        RR(29, mulw, -1, -1, 1)
        RR(30, mulw, 0x80000000, -1, 0xffffffff80000000)

        /* DIV: truncation toward zero */
        RR(31, div, 20, 6, 3)
        RR(32, div, -20, 6, -3)
        RR(33, div, 20, -6, -3)
        RR(34, div, -20, -6, 3)
        RR(35, div, 20, 0, -1)
        RR(36, div, -20, 0, -1)
        RR(37, div, MIN64, -1, MIN64)
        RR(38, div, MIN64, 1, MIN64)
        RR(39, div, 0, 0, -1)
        /* DIVU */
        RR(40, divu, 20, 6, 3)
        RR(41, divu, -20, 6, 0x2aaaaaaaaaaaaaa7)
        RR(42, divu, 20, -6, 0)
        RR(43, divu, 20, 0, -1)
        RR(44, divu, MIN64, -1, 0)
        RR(45, divu, -1, -1, 1)
        /* REM: sign of the dividend */
        RR(46, rem, 20, 6, 2)
        RR(47, rem, -20, 6, -2)
        RR(48, rem, 20, -6, 2)
        RR(49, rem, -20, -6, -2)
        RR(50, rem, 20, 0, 20)
        RR(51, rem, -20, 0, -20)
        RR(52, rem, MIN64, -1, 0)
        RR(53, rem, MIN64, 0, MIN64)
        /* REMU */
        RR(54, remu, 20, 6, 2)
        RR(55, remu, -20, 6, 2)
        RR(56, remu, 20, -6, 20)
        RR(57, remu, 20, 0, 20)
        RR(58, remu, -1, 0, -1)
        RR(59, remu, MIN64, -1, MIN64)

        /* DIVW: low 32 bits, signed, sign-extended quotient */
        RR(60, divw, 20, 6, 3)
        RR(61, divw, -20, 6, -3)
        RR(62, divw, 0x100000014, 6, 3)
        RR(63, divw, 0x80000000, -1, 0xffffffff80000000)
        RR(64, divw, 20, 0, -1)
        RR(65, divw, 20, 0x100000000, -1)          /* low word of the divisor is zero */
        RR(66, divw, 0xffffffff, 1, -1)
        /* DIVUW */
        RR(67, divuw, 20, 6, 3)
        RR(68, divuw, -20, 6, 0x2aaaaaa7)
        RR(69, divuw, 0x80000000, 1, 0xffffffff80000000)
        RR(70, divuw, 20, 0, -1)
        RR(71, divuw, 0xffffffff, 0xffff0000ffffffff, 1)
        RR(72, divuw, 0x80000000, -1, 0)
        /* REMW */
        RR(73, remw, 20, 6, 2)
        RR(74, remw, -20, 6, -2)
        RR(75, remw, 0x80000000, -1, 0)
        RR(76, remw, 20, 0, 20)
        RR(77, remw, 0x80000000, 0, 0xffffffff80000000)
        RR(78, remw, 0x1234567800000011, 0x10, 1)
        RR(79, remw, 0xfffffffffffffff0, 0x100000000, -16)
        /* REMUW */
        RR(80, remuw, 20, 6, 2)
        RR(81, remuw, -20, 6, 2)
        RR(82, remuw, 0x80000000, 0, 0xffffffff80000000)
        RR(83, remuw, 0x1234567880000001, 0x80000000, 1)
        RR(84, remuw, 0xffffffff, 0x100000000, -1)
        RR(85, remuw, 0x80000005, 0x80000000, 5)

        /* 86-88: rd == rs1 / rd == rs2 */
        li a0, 6
        li a2, 7
        mul a0, a0, a2
        CHECK(86, a0, 42)
        li a0, 7
        li a1, 43
        div a0, a1, a0
        CHECK(87, a0, 6)
        li a0, -9
        mulh a0, a0, a0
        CHECK(88, a0, 0)
        j pass
TEST_END
