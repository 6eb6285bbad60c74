/*
 * u-rv64i-loadstore.S -- LB/LH/LW/LD/LBU/LHU/LWU and SB/SH/SW/SD: sign and zero extension,
 * positive and negative offsets, stores touch exactly their bytes (little-endian), and
 * MISALIGNED ordinary loads and stores, which VirtLab performs in hardware without a trap
 * (the privileged spec allows either; our engine and this test require no trap), including
 * accesses that straddle an 8-byte boundary and a page boundary.
 */
#include "test.h"

        .option norvc
TEST_BEGIN
        la s0, pattern          /* 0x8877665544332211 ... see below */
        /* 1-8: sign extension */
        lb a0, 7(s0)
        CHECK(1, a0, 0xffffffffffffff88)
        lbu a0, 7(s0)
        CHECK(2, a0, 0x88)
        lb a0, 0(s0)
        CHECK(3, a0, 0x11)
        lh a0, 6(s0)
        CHECK(4, a0, 0xffffffffffff8877)
        lhu a0, 6(s0)
        CHECK(5, a0, 0x8877)
        lw a0, 4(s0)
        CHECK(6, a0, 0xffffffff88776655)
        lwu a0, 4(s0)
        CHECK(7, a0, 0x88776655)
        ld a0, 0(s0)
        CHECK(8, a0, 0x8877665544332211)
        /* 9-12: positive values are not sign-extended */
        lh a0, 0(s0)
        CHECK(9, a0, 0x2211)
        lw a0, 0(s0)
        CHECK(10, a0, 0x44332211)
        lwu a0, 0(s0)
        CHECK(11, a0, 0x44332211)
        ld a0, 8(s0)
        CHECK(12, a0, 0x7f00ff80ff7ffe01)
        /* 13-17: negative offsets */
        addi s1, s0, 16
        ld a0, -16(s1)
        CHECK(13, a0, 0x8877665544332211)
        lb a0, -9(s1)
        CHECK(14, a0, -128 + 8)   /* 0x88 */
        lbu a0, -1(s1)
        CHECK(15, a0, 0x7f)
        lhu a0, -4(s1)
        CHECK(16, a0, 0xff80)
        lw a0, -8(s1)
        CHECK(17, a0, 0xffffffffff7ffe01)
        /* 18-19: the largest offsets */
        addi s1, s0, -2047
        ld a0, 2047(s1)
        CHECK(18, a0, 0x8877665544332211)
        li t0, 2048
        add s1, s0, t0
        ld a0, -2048(s1)
        CHECK(19, a0, 0x8877665544332211)
        /* 20: load into the base register */
        mv a0, s0
        ld a0, 0(a0)
        CHECK(20, a0, 0x8877665544332211)

        /* 21-28: stores change exactly their bytes */
        la s2, buf
        li t0, -1
        sd t0, 0(s2)
        sd t0, 8(s2)
        li t1, 0x0123456789abcdef
        sb t1, 1(s2)
        ld a0, 0(s2)
        CHECK(21, a0, 0xffffffffffffefff)
        sh t1, 2(s2)
        ld a0, 0(s2)
        CHECK(22, a0, 0xffffffffcdefefff)
        sw t1, 4(s2)
        ld a0, 0(s2)
        CHECK(23, a0, 0x89abcdefcdefefff)
        ld a0, 8(s2)
        CHECK(24, a0, -1)
        sd t1, 8(s2)
        ld a0, 8(s2)
        CHECK(25, a0, 0x0123456789abcdef)
        lbu a0, 8(s2)
        CHECK(26, a0, 0xef)
        lbu a0, 15(s2)
        CHECK(27, a0, 0x01)
        addi s3, s2, 16
        sb zero, -16(s3)
        sh zero, -14(s3)
        lwu a0, 0(s2)
        CHECK(28, a0, 0x0000ef00)

        /* MISALIGNED loads (no trap) */
        lh a0, 1(s0)
        CHECK(29, a0, 0x3322)
        lhu a0, 7(s0)           /* crosses the 8-byte boundary: 0x01 0x88 */
        CHECK(30, a0, 0x0188)
        lh a0, 7(s0)
        CHECK(31, a0, 0x0188)
        lh a0, 11(s0)           /* bytes 0xff 0x80 -> 0x80ff sign-extended */
        CHECK(32, a0, 0xffffffffffff80ff)
        lw a0, 1(s0)
        CHECK(33, a0, 0x55443322)
        lw a0, 2(s0)
        CHECK(34, a0, 0x66554433)
        lw a0, 3(s0)
        CHECK(35, a0, 0x77665544)
        lw a0, 5(s0)            /* crosses: 66 77 88 01 */
        CHECK(36, a0, 0x01887766)
        lw a0, 6(s0)            /* 77 88 01 fe -> 0xfe018877 sign-extended */
        CHECK(37, a0, 0xfffffffffe018877)
        lwu a0, 6(s0)
        CHECK(38, a0, 0xfe018877)
        ld a0, 1(s0)
        CHECK(39, a0, 0x0188776655443322)
        ld a0, 3(s0)
        CHECK(40, a0, 0x7ffe018877665544)
        ld a0, 7(s0)
        CHECK(41, a0, 0x00ff80ff7ffe0188)
        ld a0, 4(s0)
        CHECK(42, a0, 0xff7ffe0188776655)

        /* MISALIGNED stores (no trap) */
        li t0, -1
        sd t0, 0(s2)
        sd t0, 8(s2)
        sd t0, 16(s2)
        li t1, 0x0123456789abcdef
        sh t1, 1(s2)
        ld a0, 0(s2)
        CHECK(43, a0, 0xffffffffffcdefff)
        sh t1, 7(s2)            /* crosses into the next dword */
        ld a0, 0(s2)
        CHECK(44, a0, 0xefffffffffcdefff)
        ld a0, 8(s2)
        CHECK(45, a0, 0xffffffffffffffcd)
        sw t1, 13(s2)           /* 13..16 */
        ld a0, 8(s2)
        CHECK(46, a0, 0xabcdefffffffffcd)
        ld a0, 16(s2)
        CHECK(47, a0, 0xffffffffffffff89)
        sd t1, 3(s2)
        ld a0, 0(s2)
        CHECK(48, a0, 0x6789abcdefcdefff)
        ld a0, 8(s2)
        CHECK(49, a0, 0xabcdefffff012345)
        sd t1, 17(s2)
        ld a0, 16(s2)
        CHECK(50, a0, 0x23456789abcdef89)
        ld a0, 24(s2)
        CHECK(51, a0, 0x01)
        ld a0, 17(s2)
        CHECK(52, a0, 0x0123456789abcdef)
        lw a0, 19(s2)
        CHECK(53, a0, 0x456789ab)

        /* Accesses straddling a page boundary */
        la s4, page_edge        /* page-aligned */
        li t1, 0x1122334455667788
        sd t1, -3(s4)
        ld a0, -3(s4)
        CHECK(54, a0, 0x1122334455667788)
        lw a0, -2(s4)
        CHECK(55, a0, 0x44556677)
        lbu a0, -1(s4)
        CHECK(56, a0, 0x66)
        lbu a0, 0(s4)
        CHECK(57, a0, 0x55)
        lhu a0, -1(s4)
        CHECK(58, a0, 0x5566)
        sh zero, -1(s4)
        ld a0, -3(s4)
        CHECK(59, a0, 0x1122334400007788)
        li t1, 0xa1b2c3d4
        sw t1, -1(s4)
        lwu a0, -1(s4)
        CHECK(60, a0, 0xa1b2c3d4)
        lw a0, -1(s4)
        CHECK(61, a0, 0xffffffffa1b2c3d4)
        ld a0, -3(s4)
        CHECK(62, a0, 0x1122a1b2c3d47788)

        j pass

        .data
        .align 3
pattern:
        .byte 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88
        .byte 0x01, 0xfe, 0x7f, 0xff, 0x80, 0xff, 0x00, 0x7f
        .dword 0
        .align 3
buf:    .skip 64
        .align 12
        .skip 4096 - 16
        .skip 16
page_edge:
        .skip 64
TEST_END
