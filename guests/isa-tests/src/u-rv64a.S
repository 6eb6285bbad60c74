/*
 * u-rv64a.S -- RV64A on one hart: LR/SC .W and .D (success, failure after a completed SC,
 * SC without a reservation, SC to another address), every AMO in .W and .D form with the old
 * value returned (sign-extended for .W) and the new value stored, .W forms ignoring the upper
 * half of rs2 and leaving the neighbouring word alone, signed versus unsigned AMOMIN/AMOMAX.
 * Misaligned LR raises load address misaligned (cause 4), misaligned SC and AMOs raise
 * store/AMO address misaligned (cause 6), with mtval = the address and memory untouched.
 */
#include "test.h"

/* n, n+1, n+2: `op` on a word holding init with rs2 = src: rd = sext(old), mem = new,
   the upper neighbour word unchanged. */
#define AMOW(n, op, init, src, new) \
        la s0, amo_area; li t0, 0x5a5a5a5a5a5a5a5a; sd t0, 0(s0); li t0, init; sw t0, 0(s0); \
        li a1, src; op a0, a1, (s0); \
        li t0, init; sext.w t0, t0; CHECK_EQ(n, a0, t0); \
        lwu a2, 0(s0); li t0, new; slli t0, t0, 32; srli t0, t0, 32; CHECK_EQ((n) + 1, a2, t0); \
        lwu a2, 4(s0); CHECK((n) + 2, a2, 0x5a5a5a5a)
/* n, n+1: `op` on a doubleword. */
#define AMOD(n, op, init, src, new) \
        la s0, amo_area; li t0, init; sd t0, 0(s0); \
        li a1, src; op a0, a1, (s0); CHECK(n, a0, init); \
        ld a2, 0(s0); CHECK((n) + 1, a2, new)
/* n..n+3: `insn` must trap with cause and mtval = s0 + off, rd (a0) unchanged, mepc at it. */
#define MISALIGNED(n, cause, off, ...) \
        la s0, amo_area; addi s0, s0, off; li a0, 0x77; li s10, -1; li s11, -1; \
        la s8, 1f; 1: __VA_ARGS__; CHECK(n, s10, cause); CHECK_EQ((n) + 1, s11, s0); \
        CHECK((n) + 2, a0, 0x77); CHECK_EQ((n) + 3, s9, s8)

        .option norvc
TEST_BEGIN
        /* LR/SC word */
        la s0, lr_word
        li t0, 0x80000001
        sw t0, 0(s0)
        lr.w a0, (s0)
        CHECK(1, a0, 0xffffffff80000001)
        li a1, 0x12345678
        sc.w a2, a1, (s0)
        CHECK(2, a2, 0)
        lw a0, 0(s0)
        CHECK(3, a0, 0x12345678)
        /* SC again: the reservation is gone */
        li a1, 0x55
        sc.w a2, a1, (s0)
        li TESTNUM, 4
        beqz a2, fail
        lw a0, 0(s0)
        CHECK(5, a0, 0x12345678)
        /* LR/SC doubleword */
        la s0, lr_dword
        li t0, 0x8000000000000001
        sd t0, 0(s0)
        lr.d a0, (s0)
        CHECK(6, a0, 0x8000000000000001)
        li a1, 0x0123456789abcdef
        sc.d a2, a1, (s0)
        CHECK(7, a2, 0)
        ld a0, 0(s0)
        CHECK(8, a0, 0x0123456789abcdef)
        li a1, 1
        sc.d a2, a1, (s0)
        li TESTNUM, 9
        beqz a2, fail
        ld a0, 0(s0)
        CHECK(10, a0, 0x0123456789abcdef)
        /* SC without any preceding LR (the last SC cleared the reservation) */
        la s0, lr_word
        sc.w a2, a1, (s0)
        li TESTNUM, 11
        beqz a2, fail
        lw a0, 0(s0)
        CHECK(12, a0, 0x12345678)
        /* SC to an address other than the reserved one (another page) fails */
        la s0, lr_dword
        la s1, other_dword
        sd zero, 0(s1)
        lr.d a0, (s0)
        li a1, 99
        sc.d a2, a1, (s1)
        li TESTNUM, 13
        beqz a2, fail
        ld a0, 0(s1)
        CHECK(14, a0, 0)
        /* the aq/rl forms behave the same */
        la s0, lr_word
        lr.w.aq a0, (s0)
        CHECK(15, a0, 0x12345678)
        li a1, -1
        sc.w.rl a2, a1, (s0)
        CHECK(16, a2, 0)
        ld a0, 0(s0)
        li t0, 0xffffffff
        and a0, a0, t0
        CHECK(17, a0, 0xffffffff)
        lr.d.aqrl a0, (s0)
        sc.d.aqrl a2, zero, (s0)
        CHECK(18, a2, 0)
        ld a0, 0(s0)
        CHECK(19, a0, 0)

        /* AMO word forms (checks n, n+1, n+2) */
        AMOW(20, amoswap.w, 0x80000001, 1, 1)
        AMOW(23, amoswap.w, 1, 0xffffffff80000000, 0x80000000)
        AMOW(26, amoadd.w, 0x7fffffff, 1, 0x80000000)
        AMOW(29, amoadd.w, 0xffffffff, 0x0000000100000001, 0)
        AMOW(32, amoxor.w, 0xff00ff00, 0x0ff00ff0, 0xf0f0f0f0)
        AMOW(35, amoand.w, 0xff00ff00, 0x0ff00ff0, 0x0f000f00)
        AMOW(38, amoor.w, 0xff00ff00, 0x0ff00ff0, 0xfff0fff0)
        AMOW(41, amomin.w, 0x80000001, 1, 0x80000001)
        AMOW(44, amomin.w, 5, -3, 0xfffffffd)
        AMOW(47, amomin.w, 5, 0x00000001ffffffff, 0xffffffff)   /* rs2 low word = -1 */
        AMOW(50, amomax.w, 0x80000001, 1, 1)
        AMOW(53, amomax.w, 5, -3, 5)
        AMOW(56, amomax.w, 0xfffffffe, 0x7fffffff00000000, 0)   /* rs2 low word = 0 */
        AMOW(59, amominu.w, 0x80000001, 1, 1)
        AMOW(62, amominu.w, 5, -3, 5)
        AMOW(65, amominu.w, 0x80000000, 0xffffffff00000001, 1)
        AMOW(68, amomaxu.w, 0x80000001, 1, 0x80000001)
        AMOW(71, amomaxu.w, 5, -3, 0xfffffffd)
        AMOW(74, amomaxu.w, 0x80000000, 0x0000000100000001, 0x80000000)
        AMOW(77, amoadd.w.aqrl, 40, 2, 42)

        /* AMO doubleword forms (checks n, n+1) */
        AMOD(80, amoswap.d, 0x8000000000000001, 0x0123456789abcdef, 0x0123456789abcdef)
        AMOD(82, amoadd.d, 0x7fffffffffffffff, 1, 0x8000000000000000)
        AMOD(84, amoadd.d, 0x00000000ffffffff, 1, 0x0000000100000000)
        AMOD(86, amoxor.d, 0xff00ff00ff00ff00, 0x0ff00ff00ff00ff0, 0xf0f0f0f0f0f0f0f0)
        AMOD(88, amoand.d, 0xff00ff00ff00ff00, 0x0ff00ff00ff00ff0, 0x0f000f000f000f00)
        AMOD(90, amoor.d, 0xff00ff00ff00ff00, 0x0ff00ff00ff00ff0, 0xfff0fff0fff0fff0)
        AMOD(92, amomin.d, 0x8000000000000001, 1, 0x8000000000000001)
        AMOD(94, amomin.d, 5, -3, -3)
        AMOD(96, amomin.d, 0x00000000ffffffff, 0x0000000100000000, 0x00000000ffffffff)
        AMOD(98, amomax.d, 0x8000000000000001, 1, 1)
        AMOD(100, amomax.d, 5, -3, 5)
        AMOD(102, amominu.d, 0x8000000000000001, 1, 1)
        AMOD(104, amominu.d, 5, -3, 5)
        AMOD(106, amomaxu.d, 0x8000000000000001, 1, 0x8000000000000001)
        AMOD(108, amomaxu.d, 5, -3, -3)
        AMOD(110, amomaxu.d, 0x00000000ffffffff, 0x0000000100000000, 0x0000000100000000)
        AMOD(112, amoswap.d.aq, 7, 8, 8)

        /* 114-116: rd == rs2 and rd = x0 */
        la s0, amo_area
        li t0, 10
        sd t0, 0(s0)
        li a1, 5
        amoadd.d a1, a1, (s0)
        CHECK(114, a1, 10)
        ld a0, 0(s0)
        CHECK(115, a0, 15)
        amoswap.d x0, zero, (s0)
        ld a0, 0(s0)
        CHECK(116, a0, 0)

        /* Misaligned LR/SC/AMO must trap (checks n..n+3) */
        la t0, trap_handler
        csrw mtvec, t0
        la s0, amo_area
        li t0, 0x1111111111111111
        sd t0, 0(s0)
        sd t0, 8(s0)
        MISALIGNED(120, 4, 2, lr.w a0, (s0))
        MISALIGNED(124, 4, 4, lr.d a0, (s0))
        MISALIGNED(128, 4, 1, lr.d a0, (s0))
        MISALIGNED(132, 6, 2, amoadd.w a0, a0, (s0))
        MISALIGNED(136, 6, 1, amoswap.w a0, a0, (s0))
        MISALIGNED(140, 6, 4, amoswap.d a0, a0, (s0))
        MISALIGNED(144, 6, 3, amoor.d a0, a0, (s0))
        MISALIGNED(148, 6, 6, amomaxu.d a0, a0, (s0))
        MISALIGNED(152, 6, 2, amominu.w a0, a0, (s0))
        /* SC: make a (valid, aligned) reservation first so an implementation cannot skip the
           access; the misaligned SC must still trap */
        la s0, amo_area
        lr.d t0, (s0)
        MISALIGNED(156, 6, 4, sc.d a0, a0, (s0))
        la s0, amo_area
        lr.w t0, (s0)
        MISALIGNED(160, 6, 2, sc.w a0, a0, (s0))
        la s0, amo_area
        ld a0, 0(s0)
        CHECK(164, a0, 0x1111111111111111)
        ld a0, 8(s0)
        CHECK(165, a0, 0x1111111111111111)
        la t0, unexpected_trap
        csrw mtvec, t0
        j pass

        /* Records mcause/mtval/mepc in s10/s11/s9 and skips the trapping instruction. */
        .align 2
trap_handler:
        csrr s10, mcause
        csrr s11, mtval
        csrr s9, mepc
        lhu t4, 0(s9)
        andi t4, t4, 3
        li t3, 3
        addi t5, s9, 2
        bne t4, t3, 1f
        addi t5, t5, 2
1:      csrw mepc, t5
        mret

        .data
        .align 3
lr_word:        .dword 0
lr_dword:       .dword 0
        .align 4
amo_area:       .dword 0, 0, 0
        .align 12
other_dword:    .dword 0
TEST_END
