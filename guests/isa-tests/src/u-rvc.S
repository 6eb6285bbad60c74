/*
 * u-rvc.S -- every RV64C integer instruction, written with explicit c. mnemonics under
 * .option rvc so each one really is a 16-bit instruction: C.ADDI4SPN, C.LD, C.LW, C.SD, C.SW,
 * C.NOP, C.ADDI, C.ADDIW, C.LI, C.ADDI16SP, C.LUI, C.SRLI, C.SRAI, C.ANDI, C.SUB, C.XOR, C.OR,
 * C.AND, C.SUBW, C.ADDW, C.J, C.BEQZ, C.BNEZ, C.SLLI, C.LDSP, C.LWSP, C.JR, C.MV, C.EBREAK
 * (breakpoint trap, cause 3), C.JALR (link = pc + 2), C.ADD, C.SDSP, C.SWSP; immediates at
 * their limits and sign extension; 32-bit instructions at 2-byte-aligned addresses; the
 * all-zero 16-bit parcel is an illegal instruction (cause 2, mtval 0).
 */
#include "test.h"

        .option rvc
TEST_BEGIN
        la t0, trap_handler
        csrw mtvec, t0
        la sp, stack            /* 1 KiB, 16-aligned; sp points into its middle */
        addi sp, sp, 512
        mv s6, sp

        /* C.ADDI4SPN */
        c.addi4spn a0, sp, 4
        sub a0, a0, s6
        CHECK(1, a0, 4)
        c.addi4spn s1, sp, 1020
        sub s1, s1, s6
        CHECK(2, s1, 1020)
        /* C.ADDI16SP */
        c.addi16sp sp, -512
        sub a0, sp, s6
        CHECK(3, a0, -512)
        c.addi16sp sp, 496
        sub a0, sp, s6
        CHECK(4, a0, -16)
        c.addi16sp sp, 16
        CHECK_EQ(5, sp, s6)

        /* C.LI / C.NOP / C.ADDI */
        c.li a0, -32
        CHECK(6, a0, -32)
        c.li a5, 31
        CHECK(7, a5, 31)
        c.li t2, 0
        CHECK(8, t2, 0)
        li a1, 7
        c.nop
        CHECK(9, a1, 7)
        c.addi a1, -32
        CHECK(10, a1, -25)
        c.addi a1, 31
        CHECK(11, a1, 6)
        li t3, 0x7fffffffffffffff
        c.addi t3, 1
        CHECK(12, t3, 0x8000000000000000)
        /* C.ADDIW: 32-bit add, sign-extended; imm 0 is sext.w */
        li a2, 0x7fffffff
        c.addiw a2, 1
        CHECK(13, a2, 0xffffffff80000000)
        li a2, 0x1234567880000000
        c.addiw a2, 0
        CHECK(14, a2, 0xffffffff80000000)
        li a2, 0
        c.addiw a2, -32
        CHECK(15, a2, -32)
        li t4, 0xffffffff
        c.addiw t4, 1
        CHECK(16, t4, 0)
        /* C.LUI: sign-extended from bit 17 of the immediate */
        c.lui a3, 1
        CHECK(17, a3, 0x1000)
        c.lui a3, 0x1f
        CHECK(18, a3, 0x1f000)
        c.lui a3, 0xfffff
        CHECK(19, a3, -4096)
        c.lui t5, 0xfffe0
        CHECK(20, t5, 0xfffffffffffe0000)

        /* C.SRLI / C.SRAI / C.ANDI / C.SLLI */
        li a4, 0x8000000000000000
        c.srli a4, 63
        CHECK(21, a4, 1)
        li a4, -1
        c.srli a4, 32
        CHECK(22, a4, 0xffffffff)
        li a4, 0x8000000000000000
        c.srai a4, 63
        CHECK(23, a4, -1)
        li a4, 0x8000000000000000
        c.srai a4, 1
        CHECK(24, a4, 0xc000000000000000)
        li a5, 0x1234
        c.srai a5, 4
        CHECK(25, a5, 0x123)
        li s0, 0x123456789abcdeff
        c.andi s0, -32
        CHECK(26, s0, 0x123456789abcdee0)
        li s0, 0x123456789abcdeff
        c.andi s0, 31
        CHECK(27, s0, 0x1f)
        li s0, -1
        c.andi s0, 0
        CHECK(28, s0, 0)
        li t1, 1
        c.slli t1, 63
        CHECK(29, t1, 0x8000000000000000)
        li t1, 0x0123456789abcdef
        c.slli t1, 32
        CHECK(30, t1, 0x89abcdef00000000)
        li ra, 3
        c.slli ra, 1
        CHECK(31, ra, 6)

        /* C.SUB / C.XOR / C.OR / C.AND / C.SUBW / C.ADDW (x8-x15) */
        li s0, 0
        li s1, 1
        c.sub s0, s1
        CHECK(32, s0, -1)
        li a0, 0xff00ff00ff00ff00
        li a1, 0x0ff00ff00ff00ff0
        c.xor a0, a1
        CHECK(33, a0, 0xf0f0f0f0f0f0f0f0)
        li a2, 0xff00ff00ff00ff00
        c.or a2, a1
        CHECK(34, a2, 0xfff0fff0fff0fff0)
        li a3, 0xff00ff00ff00ff00
        c.and a3, a1
        CHECK(35, a3, 0x0f000f000f000f00)
        li a4, 0
        li a5, 0x80000000
        c.subw a4, a5
        CHECK(36, a4, 0xffffffff80000000)
        li a4, 0x1234567800000000
        li a5, 1
        c.subw a4, a5
        CHECK(37, a4, -1)
        li s1, 0x7fffffff
        li s0, 1
        c.addw s1, s0
        CHECK(38, s1, 0xffffffff80000000)
        li s1, 0xffffffff00000005
        li s0, 0x0000000100000003
        c.addw s1, s0
        CHECK(39, s1, 8)

        /* C.MV / C.ADD (any registers) */
        li t6, 0
        li t2, 0x5555
        c.mv t3, t2
        CHECK(40, t3, 0x5555)
        c.mv ra, sp
        CHECK_EQ(41, ra, sp)
        li t4, 0x7fffffffffffffff
        li t5, 1
        c.add t4, t5
        CHECK(42, t4, 0x8000000000000000)
        li t4, 20
        c.add t4, t4
        CHECK(43, t4, 40)

        /* Loads and stores, register-based: C.SD / C.LD / C.SW / C.LW */
        la s0, buf
        li a0, 0x8877665544332211
        c.sd a0, 0(s0)
        c.ld a1, 0(s0)
        CHECK(44, a1, 0x8877665544332211)
        li a2, 0x0123456789abcdef
        c.sd a2, 248(s0)
        ld a3, 248(s0)
        CHECK(45, a3, 0x0123456789abcdef)
        c.ld a4, 248(s0)
        CHECK(46, a4, 0x0123456789abcdef)
        c.lw a5, 4(s0)
        CHECK(47, a5, 0xffffffff88776655)
        c.lw a5, 0(s0)
        CHECK(48, a5, 0x44332211)
        li s1, 0x80000000
        c.sw s1, 124(s0)
        lwu a0, 124(s0)
        CHECK(49, a0, 0x80000000)
        c.lw a1, 124(s0)
        CHECK(50, a1, 0xffffffff80000000)
        li s1, 0xaabbccdd
        c.sw s1, 8(s0)
        ld a0, 8(s0)
        li t0, 0xffffffff
        and a0, a0, t0
        CHECK(51, a0, 0xaabbccdd)
        /* stack-pointer-based: C.SDSP / C.LDSP / C.SWSP / C.LWSP */
        li t0, 0x1122334455667788
        c.sdsp t0, 0(sp)
        c.ldsp t1, 0(sp)
        CHECK(52, t1, 0x1122334455667788)
        li ra, 0xfedcba9876543210
        c.sdsp ra, 504(sp)
        ld t2, 504(sp)
        CHECK(53, t2, 0xfedcba9876543210)
        c.ldsp gp, 504(sp)
        mv t3, gp
        CHECK(54, t3, 0xfedcba9876543210)
        li t0, 0x80000001
        c.swsp t0, 252(sp)
        lwu t1, 252(sp)
        CHECK(55, t1, 0x80000001)
        c.lwsp t2, 252(sp)
        CHECK(56, t2, 0xffffffff80000001)
        c.lwsp t2, 4(sp)
        CHECK(57, t2, 0x11223344)

        /* C.J forward and backward */
        li a0, 0
        c.j 2f
        j fail
1:      addi a0, a0, 1
        c.j 3f
2:      c.j 1b
        j fail
3:      CHECK(58, a0, 1)
        /* C.BEQZ / C.BNEZ taken and not taken */
        li TESTNUM, 59
        li s0, 0
        c.beqz s0, 1f
        j fail
1:      li TESTNUM, 60
        li s0, 1
        c.beqz s0, fail_near
        li TESTNUM, 61
        li s1, 0x8000000000000000
        c.bnez s1, 1f
        j fail
1:      li TESTNUM, 62
        li s1, 0
        c.bnez s1, fail_near
        li TESTNUM, 63       /* backward c.bnez loop */
        li a0, 5
1:      addi a0, a0, -1
        c.bnez a0, 1b
        bnez a0, fail
        c.j 1f
fail_near:
        j fail
1:
        /* C.JR / C.JALR */
        la t0, 1f
        c.jr t0
        j fail
1:      li TESTNUM, 64
        la a0, sub_add1
        li a1, 41
2:      c.jalr a0
        CHECK(65, a1, 42)
        la t0, 2b
        addi t0, t0, 2
        CHECK_EQ(66, ra, t0)       /* link is pc + 2 */
        /* a 32-bit instruction at an address that is only 2-aligned */
        .balign 4
        c.nop
        addi a1, a1, 100
        CHECK(67, a1, 142)
        /* C.JALR with rs1 = ra: target from the old ra */
        la ra, sub_add1
3:      c.jalr ra
        CHECK(68, a1, 143)
        la t0, 3b
        addi t0, t0, 2
        CHECK_EQ(69, ra, t0)

        /* C.EBREAK: breakpoint exception, cause 3, mepc at the instruction */
        li s10, -1
        la s8, 1f
1:      c.ebreak
        CHECK(70, s10, 3)
        CHECK_EQ(71, s9, s8)
        /* the all-zero parcel is illegal: cause 2, mtval 0 */
        li s10, -1
        li s11, -1
        la s8, 1f
1:      .half 0
        CHECK(72, s10, 2)
        CHECK(73, s11, 0)
        CHECK_EQ(74, s9, s8)
        la t0, unexpected_trap
        csrw mtvec, t0
        j pass

sub_add1:
        c.addi a1, 1
        c.jr ra

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
        .align 4
buf:    .skip 256
        .align 4
stack:  .skip 1024
TEST_END
