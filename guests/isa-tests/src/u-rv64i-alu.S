/*
 * u-rv64i-alu.S -- RV64I integer computational instructions: register-register, register-
 * immediate and the 32-bit W forms, LUI and AUIPC. Edge cases: signed overflow wraps, W results
 * are sign-extended from bit 31, shift amounts are masked (6 bits, 5 bits for W forms), the
 * immediates are sign-extended (also for SLTIU), rd == rs1 / rd == rs2.
 */
#include "test.h"

/* n: rd = op(v1, v2) must equal exp. */
#define RR(n, op, v1, v2, exp)  li a1, v1; li a2, v2; op a0, a1, a2; CHECK(n, a0, exp)
/* n: rd = op(v1, imm) must equal exp. */
#define RI(n, op, v1, imm, exp) li a1, v1; op a0, a1, imm; CHECK(n, a0, exp)
/* n: rd == rs1 and rd == rs2 forms. */
#define RR_SRC1(n, op, v1, v2, exp) li a0, v1; li a2, v2; op a0, a0, a2; CHECK(n, a0, exp)
#define RR_SRC2(n, op, v1, v2, exp) li a1, v1; li a0, v2; op a0, a1, a0; CHECK(n, a0, exp)

        .option norvc
TEST_BEGIN
        /* ADD */
        RR(1, add, 1, 1, 2)
        RR(2, add, 0x7fffffffffffffff, 1, 0x8000000000000000)
        RR(3, add, -1, 1, 0)
        RR(4, add, 0xffffffff, 1, 0x100000000)
        RR(5, add, 0x8000000000000000, 0x8000000000000000, 0)
        /* SUB */
        RR(6, sub, 0, 1, -1)
        RR(7, sub, 0x8000000000000000, 1, 0x7fffffffffffffff)
        RR(8, sub, 5, 5, 0)
        RR(9, sub, 0x100000000, 1, 0xffffffff)
        /* SLL: 6-bit shift amount, upper bits of rs2 ignored */
        RR(10, sll, 1, 63, 0x8000000000000000)
        RR(11, sll, 1, 64, 1)
        RR(12, sll, 1, 0x41, 2)
        RR(13, sll, 0x0123456789abcdef, 4, 0x123456789abcdef0)
        RR(14, sll, 1, 32, 0x100000000)
        RR(15, sll, 3, -1, 0x8000000000000000)
        /* SLT / SLTU */
        RR(16, slt, -1, 0, 1)
        RR(17, slt, 0, -1, 0)
        RR(18, slt, 5, 5, 0)
        RR(19, slt, 0x8000000000000000, 0x7fffffffffffffff, 1)
        RR(20, sltu, 0, -1, 1)
        RR(21, sltu, -1, 0, 0)
        RR(22, sltu, 7, 7, 0)
        RR(23, sltu, 0x7fffffffffffffff, 0x8000000000000000, 1)
        /* XOR / OR / AND */
        RR(24, xor, 0xff00ff00ff00ff00, 0x0ff00ff00ff00ff0, 0xf0f0f0f0f0f0f0f0)
        RR(25, or,  0xff00ff00ff00ff00, 0x0ff00ff00ff00ff0, 0xfff0fff0fff0fff0)
        RR(26, and, 0xff00ff00ff00ff00, 0x0ff00ff00ff00ff0, 0x0f000f000f000f00)
        RR(27, xor, -1, -1, 0)
        /* SRL / SRA */
        RR(28, srl, 0x8000000000000000, 63, 1)
        RR(29, srl, 0x8000000000000000, 64, 0x8000000000000000)
        RR(30, srl, 0x8000000000000000, 1, 0x4000000000000000)
        RR(31, srl, -1, 0x60, 0xffffffff)
        RR(32, sra, 0x8000000000000000, 63, -1)
        RR(33, sra, 0x8000000000000000, 1, 0xc000000000000000)
        RR(34, sra, 0x8000000000000000, 0x40, 0x8000000000000000)
        RR(35, sra, 0x7fffffffffffffff, 62, 1)
        RR(36, sra, -16, 0x7ff, -1)
        /* rd == rs1, rd == rs2 */
        RR_SRC1(37, add, 40, 2, 42)
        RR_SRC2(38, sub, 40, 2, 38)
        RR_SRC1(39, sll, 1, 4, 16)
        RR_SRC2(40, sra, -64, 3, -8)
        li a0, 21
        add a0, a0, a0
        CHECK(41, a0, 42)

        /* ADDI: 12-bit sign-extended immediate */
        RI(42, addi, 0, 2047, 2047)
        RI(43, addi, 0, -2048, -2048)
        RI(44, addi, 0x7fffffffffffffff, 1, 0x8000000000000000)
        RI(45, addi, 0, -1, -1)
        RI(46, addi, 0x800, -2048, 0)
        /* SLTI / SLTIU (immediate sign-extended, then compared unsigned for SLTIU) */
        RI(47, slti, -1, 0, 1)
        RI(48, slti, 0, -1, 0)
        RI(49, slti, -2049, -2048, 1)
        RI(50, sltiu, 0, -1, 1)
        RI(51, sltiu, -2, -1, 1)
        RI(52, sltiu, -1, -1, 0)
        RI(53, sltiu, 0, 1, 1)
        RI(54, sltiu, 1, 1, 0)
        RI(55, sltiu, 0x7fffffffffffffff, -2048, 1)
        /* XORI / ORI / ANDI */
        RI(56, xori, 0x00ff00ff00ff00ff, -1, 0xff00ff00ff00ff00)
        RI(57, xori, 0x00ff00ff00ff00ff, 0x0f0, 0x00ff00ff00ff000f)
        RI(58, ori, 0x1000000000000000, -2048, 0xfffffffffffff800)
        RI(59, ori, 0x1000000000000000, 0x7ff, 0x10000000000007ff)
        RI(60, andi, 0x123456789abcdef0, -16, 0x123456789abcdef0)
        RI(61, andi, 0x123456789abcdeff, 0x0f0, 0xf0)
        RI(62, andi, -1, -2048, 0xfffffffffffff800)
        /* SLLI / SRLI / SRAI: 6-bit shamt */
        RI(63, slli, 1, 63, 0x8000000000000000)
        RI(64, slli, 0x0123456789abcdef, 32, 0x89abcdef00000000)
        RI(65, slli, 7, 0, 7)
        RI(66, srli, 0x8000000000000000, 63, 1)
        RI(67, srli, -1, 32, 0xffffffff)
        RI(68, srli, -1, 0, -1)
        RI(69, srai, 0x8000000000000000, 63, -1)
        RI(70, srai, 0x8000000000000000, 32, 0xffffffff80000000)
        RI(71, srai, 0x4000000000000000, 62, 1)
        RI(72, srai, -3, 1, -2)

        /* ADDW / SUBW: low 32 bits, result sign-extended */
        RR(73, addw, 0x7fffffff, 1, 0xffffffff80000000)
        RR(74, addw, 0xffffffff00000001, 0, 1)
        RR(75, addw, 0x00000000ffffffff, 1, 0)
        RR(76, addw, 0x123456787fffffff, 0x8765432100000000, 0x7fffffff)
        RR(77, addw, 0x80000000, 0x80000000, 0)
        RR(78, subw, 0, 0x80000000, 0xffffffff80000000)
        RR(79, subw, 0x80000000, 1, 0x7fffffff)
        RR(80, subw, 0x1234567800000000, 1, -1)
        /* SLLW / SRLW / SRAW: 5-bit shift amount, sign-extended result */
        RR(81, sllw, 1, 31, 0xffffffff80000000)
        RR(82, sllw, 1, 32, 1)
        RR(83, sllw, 0xffffffff00000003, 1, 6)
        RR(84, sllw, 0x40000000, 1, 0xffffffff80000000)
        RR(85, srlw, 0x80000000, 31, 1)
        RR(86, srlw, 0x80000000, 0, 0xffffffff80000000)
        RR(87, srlw, 0x80000000, 1, 0x40000000)
        RR(88, srlw, 0x123456780000000f, 32, 0xf)
        RR(89, srlw, 0xffffffffffffffff, 33, 0x7fffffff)
        RR(90, sraw, 0x80000000, 31, -1)
        RR(91, sraw, 0x80000000, 33, 0xffffffffc0000000)
        RR(92, sraw, 0x7fffffff, 30, 1)
        RR(93, sraw, 0x00000000f0000000, 4, 0xffffffffff000000)
        RR(94, sraw, 0xffffffff7fffffff, 0, 0x7fffffff)
        /* ADDIW / SLLIW / SRLIW / SRAIW */
        RI(95, addiw, 0x7fffffff, 1, 0xffffffff80000000)
        RI(96, addiw, 0x123456789abcdef0, 0, 0xffffffff9abcdef0)
        RI(97, addiw, 0, -2048, -2048)
        RI(98, addiw, 0xffffffff, 1, 0)
        RI(99, addiw, 0x80000000, -1, 0x7fffffff)
        RI(100, slliw, 1, 31, 0xffffffff80000000)
        RI(101, slliw, 0xffffffff00000001, 0, 1)
        RI(102, slliw, 0x0000000100000001, 4, 0x10)
        RI(103, srliw, 0x80000000, 31, 1)
        RI(104, srliw, 0x80000000, 0, 0xffffffff80000000)
        RI(105, srliw, -1, 4, 0x0fffffff)
        RI(106, sraiw, 0x80000000, 31, -1)
        RI(107, sraiw, 0x80000000, 4, 0xfffffffff8000000)
        RI(108, sraiw, 0x123456787fffffff, 0, 0x7fffffff)
        RI(109, sraiw, 0x0000000170000000, 28, 7)

        /* LUI: 20-bit immediate << 12, sign-extended from bit 31 */
        lui a0, 0x80000
        CHECK(110, a0, 0xffffffff80000000)
        lui a0, 0x7ffff
        CHECK(111, a0, 0x7ffff000)
        lui a0, 0xfffff
        CHECK(112, a0, -4096)
        lui a0, 0
        CHECK(113, a0, 0)
        li a0, -1
        lui a0, 1
        CHECK(114, a0, 0x1000)

        /* AUIPC: pc + (imm << 12, sign-extended) */
1:      auipc a0, 0
        la a1, 1b
        CHECK_EQ(115, a0, a1)
2:      auipc a0, 1
        la a1, 2b
        li t0, 0x1000
        add a1, a1, t0
        CHECK_EQ(116, a0, a1)
3:      auipc a0, 0x80000
        la a1, 3b
        li t0, 0xffffffff80000000
        add a1, a1, t0
        CHECK_EQ(117, a0, a1)
4:      auipc a0, 0xfffff
        la a1, 4b
        addi a1, a1, -2048
        addi a1, a1, -2048
        CHECK_EQ(118, a0, a1)

        j pass
TEST_END
