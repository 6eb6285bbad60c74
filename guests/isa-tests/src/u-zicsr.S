/*
 * u-zicsr.S -- Zicsr: CSRRW/CSRRS/CSRRC and CSRRWI/CSRRSI/CSRRCI on mscratch (old value
 * returned, new value written, immediates zero-extended 5-bit), rd = x0 (CSRRW without a read),
 * rd == rs1, and the rs1 = x0 / uimm = 0 rule: CSRRS/CSRRC with rs1 = x0 (and the immediate
 * forms with 0) do not write, so they may read a read-only CSR, while the same instruction with
 * a register holding 0 does attempt a write and raises an illegal-instruction exception.
 */
#include "test.h"

/* n..n+2: `insn` must trap as illegal instruction, with mepc at it, rd (a0) unchanged. */
#define ILLEGAL(n, ...) li s10, -1; li a0, 0x77; la s8, 1f; 1: __VA_ARGS__; \
        CHECK(n, s10, 2); CHECK_EQ((n) + 1, s9, s8); CHECK((n) + 2, a0, 0x77)
/* n: `insn` must not trap. */
#define NO_TRAP(n, ...) li s10, -1; __VA_ARGS__; CHECK(n, s10, -1)

        .option norvc
TEST_BEGIN
        /* CSRRW */
        li a1, 0x0123456789abcdef
        csrrw a0, mscratch, a1
        li a2, -1
        csrrw a0, mscratch, a2
        CHECK(1, a0, 0x0123456789abcdef)
        csrrw a0, mscratch, zero
        CHECK(2, a0, -1)
        csrr a0, mscratch
        CHECK(3, a0, 0)
        /* rd == rs1: swap */
        li a0, 0x5a
        csrw mscratch, a0
        li a0, 0xa5
        csrrw a0, mscratch, a0
        CHECK(4, a0, 0x5a)
        csrr a0, mscratch
        CHECK(5, a0, 0xa5)
        /* rd = x0 (csrw) */
        li a1, 0x1111
        csrrw x0, mscratch, a1
        csrr a0, mscratch
        CHECK(6, a0, 0x1111)

        /* CSRRS: set bits, return old */
        li a1, 0xf0f0
        csrrs a0, mscratch, a1
        CHECK(7, a0, 0x1111)
        csrr a0, mscratch
        CHECK(8, a0, 0xf1f1)
        /* rs1 = x0: pure read */
        csrrs a0, mscratch, x0
        CHECK(9, a0, 0xf1f1)
        csrr a0, mscratch
        CHECK(10, a0, 0xf1f1)
        li a1, 0x8000000000000000
        csrs mscratch, a1
        csrr a0, mscratch
        CHECK(11, a0, 0x800000000000f1f1)

        /* CSRRC */
        li a1, 0x8000000000001001
        csrrc a0, mscratch, a1
        CHECK(12, a0, 0x800000000000f1f1)
        csrr a0, mscratch
        CHECK(13, a0, 0xe1f0)
        csrrc a0, mscratch, x0
        CHECK(14, a0, 0xe1f0)
        csrr a0, mscratch
        CHECK(15, a0, 0xe1f0)
        li a1, -1
        csrc mscratch, a1
        csrr a0, mscratch
        CHECK(16, a0, 0)

        /* Immediate forms: 5-bit zero-extended uimm */
        csrrwi a0, mscratch, 31
        CHECK(17, a0, 0)
        csrr a0, mscratch
        CHECK(18, a0, 31)
        li a1, -1
        csrw mscratch, a1
        csrrwi a0, mscratch, 16          /* 16 is not sign-extended */
        CHECK(19, a0, -1)
        csrr a0, mscratch
        CHECK(20, a0, 16)
        csrrsi a0, mscratch, 5
        CHECK(21, a0, 16)
        csrr a0, mscratch
        CHECK(22, a0, 21)
        csrrsi a0, mscratch, 0           /* no write */
        CHECK(23, a0, 21)
        csrrci a0, mscratch, 17
        CHECK(24, a0, 21)
        csrr a0, mscratch
        CHECK(25, a0, 4)
        csrrci a0, mscratch, 0
        CHECK(26, a0, 4)
        csrrwi x0, mscratch, 0
        csrr a0, mscratch
        CHECK(27, a0, 0)

        /* Read-only CSR (mhartid): reads that do not write are fine ... */
        la t0, trap_handler
        csrw mtvec, t0
        NO_TRAP(30, csrrs a0, mhartid, x0)
        CHECK(31, a0, 0)
        NO_TRAP(32, csrrc a0, mhartid, x0)
        NO_TRAP(33, csrrsi a0, mhartid, 0)
        NO_TRAP(34, csrrci a0, mhartid, 0)
        NO_TRAP(35, csrr a0, mvendorid)
        /* ... but any write attempt is illegal, even of an unchanged value */
        li t1, 0
        ILLEGAL(40, csrrw a0, mhartid, t1)
        ILLEGAL(43, csrrs a0, mhartid, t1)
        ILLEGAL(46, csrrc a0, mhartid, t1)
        ILLEGAL(49, csrrwi a0, mhartid, 0)
        ILLEGAL(52, csrrsi a0, mhartid, 1)
        ILLEGAL(55, csrrw x0, mhartid, t1)
        /* an unimplemented CSR (0x8ff, custom user read/write space) is illegal even to read */
        ILLEGAL(58, csrrs a0, 0x8ff, x0)
        la t0, unexpected_trap
        csrw mtvec, t0
        j pass

        .align 2
trap_handler:
        csrr s10, mcause
        csrr s9, mepc
        addi t5, s9, 4
        csrw mepc, t5
        mret
TEST_END
