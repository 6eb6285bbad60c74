/* p-csr-warl.S -- WARL and access rules of the machine/supervisor CSRs. */
#include "test.h"
#include "priv.h"

TEST_BEGIN
        PRIV_INIT

        /* misa: RV64 and I, M, A, C, S, U, H */
        csrr a0, misa
        srli a1, a0, 62
        CHECK(1, a1, 2)
        CHECK_BITS(2, a0, 0x1105 | (1 << 18) | (1 << 20) | (1 << 7), 0x1105 | (1 << 18) | (1 << 20) | (1 << 7))

        /* mhartid = 0, mconfigptr readable, mvendorid readable */
        csrr a0, mhartid
        CHECK(3, a0, 0)
        li TESTNUM, 4
        csrr a0, mconfigptr
        csrr a0, mvendorid
        csrr a0, marchid
        csrr a0, mimpid

        /* mstatus.UXL = SXL = 2, read-only */
        csrr a0, mstatus
        CHECK_BITS(5, a0, (0xf << 32), (0xa << 32))
        li a1, (0xf << 32)
        csrc mstatus, a1
        csrr a0, mstatus
        CHECK_BITS(6, a0, (0xf << 32), (0xa << 32))

        /* MPP: only 0, 1, 3 */
        li a1, MSTATUS_MPP
        csrc mstatus, a1
        csrr a0, mstatus
        CHECK_BITS(7, a0, MSTATUS_MPP, 0)
        li a1, (1 << 11)
        csrs mstatus, a1
        csrr a0, mstatus
        CHECK_BITS(8, a0, MSTATUS_MPP, (1 << 11))
        li a1, MSTATUS_MPP
        csrs mstatus, a1
        csrr a0, mstatus
        CHECK_BITS(9, a0, MSTATUS_MPP, (3 << 11))
        li a1, MSTATUS_MPP
        csrc mstatus, a1
        li a1, (2 << 11)
        csrs mstatus, a1          /* reserved value 2 */
        csrr a0, mstatus
        srli a0, a0, 11
        andi a0, a0, 3
#ifndef QEMU_REF  /* QEMU 7.2 keeps the reserved MPP value 2 */
        li TESTNUM, 10
        li t6, 2
        beq a0, t6, fail
#endif

        /* SD summarises FS/VS/XS: SD = 1 iff one of them is 3 */
        li a1, MSTATUS_FS
        csrs mstatus, a1
        csrr a0, mstatus
        srli a2, a0, 63           /* SD */
        srli a3, a0, 13
        andi a3, a3, 3            /* FS */
        srli a4, a0, 15
        andi a4, a4, 3            /* XS */
        srli a5, a0, 9
        andi a5, a5, 3            /* VS */
        li t1, 0
        li t2, 3
        bne a3, t2, 1f
        li t1, 1
1:      bne a4, t2, 1f
        li t1, 1
1:      bne a5, t2, 1f
        li t1, 1
1:      CHECK_EQ(11, a2, t1)
        li a1, MSTATUS_FS
        csrc mstatus, a1
        csrr a0, mstatus
        CHECK_BITS(12, a0, MSTATUS_FS, 0)

        /* sstatus is a view of mstatus */
        li a1, MSTATUS_SUM
        csrs sstatus, a1
        csrr a0, mstatus
        CHECK_BITS(13, a0, MSTATUS_SUM, MSTATUS_SUM)
        csrc mstatus, a1
        csrr a0, sstatus
        CHECK_BITS(14, a0, MSTATUS_SUM, 0)
        li a1, MSTATUS_MIE | MSTATUS_MPIE | MSTATUS_TVM | MSTATUS_TSR | MSTATUS_TW
        csrs mstatus, a1          /* M-only bits are invisible in sstatus */
        csrr a0, sstatus
        li a2, MSTATUS_MIE | MSTATUS_MPIE | MSTATUS_MPP | MSTATUS_TVM | MSTATUS_TSR | MSTATUS_TW | MSTATUS_MPRV | (0xf << 32)
        CHECK_BITS(15, a0, (3 << 32), (2 << 32))   /* sstatus.UXL = 2 */
        li a3, MSTATUS_MPP | MSTATUS_TVM | MSTATUS_TSR | MSTATUS_TW | MSTATUS_MPRV | (3 << 34) | MSTATUS_MPV | MSTATUS_GVA
        CHECK_BITS(16, a0, MSTATUS_MPP | MSTATUS_TVM | MSTATUS_TSR | MSTATUS_TW | MSTATUS_MPRV | (3 << 34) | MSTATUS_MPV | MSTATUS_GVA, 0)
        csrc mstatus, a1
        csrw sstatus, zero        /* writing sstatus leaves M-only fields */
        li a1, MSTATUS_MPIE
        csrs mstatus, a1
        csrw sstatus, zero
        csrr a0, mstatus
        CHECK_BITS(17, a0, MSTATUS_MPIE | (0xf << 32), MSTATUS_MPIE | (0xa << 32))
        li a1, MSTATUS_SIE | MSTATUS_SPIE | MSTATUS_SPP
        csrs sstatus, a1
        csrr a0, mstatus
        CHECK_BITS(18, a0, MSTATUS_SIE | MSTATUS_SPIE | MSTATUS_SPP, MSTATUS_SIE | MSTATUS_SPIE | MSTATUS_SPP)
        csrw sstatus, zero
        li a1, MSTATUS_MPIE
        csrc mstatus, a1

        /* medeleg: only delegatable exceptions stick; ecall from M (11) never */
        li a1, -1
        csrw medeleg, a1
        csrr a0, medeleg
#ifndef QEMU_REF  /* QEMU 7.2 lets medeleg bit 11 (ecall from M) be set */
        CHECK_BITS(19, a0, (1 << 11), 0)
#endif
        CHECK_BITS(20, a0, 0xb30d, 0xb30d)  /* 0,2,3,8,9,12,13,15 */
        csrw medeleg, zero
        csrr a0, medeleg
        CHECK(21, a0, 0)

        /* mideleg: S interrupts delegatable; M interrupts (3, 7, 11) not */
        csrw mideleg, a1
        csrr a0, mideleg
        CHECK_BITS(22, a0, 0x222, 0x222)
        CHECK_BITS(23, a0, 0x888, 0)
        csrw mideleg, zero

        /* sie / sip are views of mie / mip masked by mideleg */
        li a1, 0x2a2                 /* SSIE, STIE, SEIE, MTIE */
        csrw mie, a1
        csrr a0, sie
        CHECK(24, a0, 0)             /* nothing delegated: read-only zero */
        li a1, 0x222
        csrw mideleg, a1
        csrr a0, sie
        CHECK(25, a0, 0x222)         /* MTIE is never visible in sie */
        li a1, 0x20
        csrc sie, a1
        csrr a0, mie
        CHECK(26, a0, 0x282)
        csrw mie, zero
        csrw mideleg, zero
        csrsi mip, 2                 /* SSIP */
        csrr a0, sip
        CHECK_BITS(27, a0, 2, 0)
        li a1, 2
        csrw mideleg, a1
        csrr a0, sip
        CHECK_BITS(28, a0, 2, 2)
        csrci sip, 2
        csrr a0, mip
        CHECK_BITS(29, a0, 2, 0)
        csrw mideleg, zero

        /* mtvec: mode 0 and 1 stick; reserved modes 2/3 read back as 0 or 1 */
        la a1, mtrap_rec
        ori a2, a1, 1
        csrw mtvec, a2
        csrr a0, mtvec
        CHECK_EQ(30, a0, a2)
        ori a2, a1, 2
        csrw mtvec, a2
        csrr a0, mtvec
        andi a0, a0, 3
        li TESTNUM, 31
        li t6, 2
        bgeu a0, t6, fail
        ori a2, a1, 3
        csrw mtvec, a2
        csrr a0, mtvec
        andi a0, a0, 3
        li TESTNUM, 32
        li t6, 2
        bgeu a0, t6, fail
        SET_MTRAP

        /* stvec likewise */
        la a1, strap_rec
        ori a2, a1, 3
        csrw stvec, a2
        csrr a0, stvec
        andi a0, a0, 3
        li TESTNUM, 33
        li t6, 2
        bgeu a0, t6, fail

        /* satp: Sv39 accepted; reserved/unsupported modes leave satp unchanged */
        li a1, (8 << 60) | 0x80123
        csrw satp, a1
        csrr a0, satp
        CHECK_EQ(34, a0, a1)
        li a2, (11 << 60) | 0x80456    /* mode 11 (Sv64) not supported */
        csrw satp, a2
        csrr a0, satp
        CHECK_EQ(35, a0, a1)
        li a2, (1 << 60) | 0x80456     /* mode 1: reserved */
        csrw satp, a2
        csrr a0, satp
        CHECK_EQ(36, a0, a1)
        li a2, (9 << 60) | 0x80456     /* Sv48: either implemented (sticks) or ignored */
        csrw satp, a2
        csrr a0, satp
        beq a0, a2, 1f
        CHECK_EQ(37, a0, a1)
1:      csrw satp, zero
        csrr a0, satp
        CHECK(38, a0, 0)

        /* unimplemented CSRs are illegal instructions (mtval = the instruction) */
        mtrap 40, CAUSE_ILLEGAL, csrr a0, 0x5c0
        mtrap 41, CAUSE_ILLEGAL, csrw 0x0ff, a0
        mtrap 42, CAUSE_ILLEGAL, csrr a0, 0x7ff

        /* writing read-only CSRs is illegal, even with value unchanged */
        mtrap 43, CAUSE_ILLEGAL, csrw mvendorid, zero
        mtrap 44, CAUSE_ILLEGAL, csrw mhartid, zero
        mtrap 45, CAUSE_ILLEGAL, csrw cycle, zero
        mtrap 46, CAUSE_ILLEGAL, csrsi mimpid, 1
        mtrap 47, CAUSE_ILLEGAL, csrrw a0, mconfigptr, a0
        /* ... but csrrs/csrrc with rs1 = x0 do not write, so reading is fine */
        li TESTNUM, 48
        csrrs a0, mvendorid, zero
        csrrc a0, mhartid, zero
        csrrsi a0, cycle, 0

        /* M CSRs from S and U, S CSRs from U: illegal instruction */
        mode_trap 50, MODE_S, CAUSE_ILLEGAL, csrr a0, mstatus
        mode_trap 51, MODE_S, CAUSE_ILLEGAL, csrw mscratch, a0
        mode_trap 52, MODE_S, CAUSE_ILLEGAL, csrr a0, mhartid
        mode_trap 53, MODE_S, CAUSE_ILLEGAL, csrr a0, medeleg
        mode_trap 54, MODE_U, CAUSE_ILLEGAL, csrr a0, mstatus
        mode_trap 55, MODE_U, CAUSE_ILLEGAL, csrr a0, sstatus
        mode_trap 56, MODE_U, CAUSE_ILLEGAL, csrw sscratch, a0
        mode_trap 57, MODE_U, CAUSE_ILLEGAL, csrr a0, satp
        mode_ok 58, MODE_S, csrr a0, sstatus
        mode_ok 59, MODE_S, csrw sscratch, a0
        mode_ok 60, MODE_S, csrr a0, satp

        /* mscratch / sscratch hold full 64-bit values */
        li a1, 0x123456789abcdef0
        csrw mscratch, a1
        csrr a0, mscratch
        CHECK_EQ(61, a0, a1)
        csrw sscratch, a1
        csrr a0, sscratch
        CHECK_EQ(62, a0, a1)
#ifndef QEMU_REF  /* QEMU 7.2 keeps bit 0 of mepc/sepc (masks it only on xRET) */
        /* mepc / sepc: bit 0 always zero (IALIGN 16) */
        li a1, 0x80001003
        csrw mepc, a1
        csrr a0, mepc
        CHECK(63, a0, 0x80001002)
        csrw sepc, a1
        csrr a0, sepc
        CHECK(64, a0, 0x80001002)
#endif

        j pass
PRIV_END
