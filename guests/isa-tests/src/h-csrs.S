/* h-csrs.S -- the hypervisor CSRs: hstatus fields, hedeleg/hideleg WARL, mideleg read-only
   ones, hvip and its views in hip/mip/vsip, hie and vsie as views of mie, hgeie/hgeip,
   htimedelta, hgatp (WARL MODE, PPN[1:0], VMID), the vs* CSRs as plain storage, and with
   V = 1 the S CSRs reaching their vs* copies, time = time + htimedelta in VS.
   Spec notes: an unsupported hgatp MODE is WARL (not ignored as for satp), so the check only
   requires that a reserved MODE never reads back; VGEIN is WLRL and may be read-only zero when
   GEILEN = 0 (VirtLab: GEILEN = 0, read-only zero); mideleg[12] is only required to be
   read-only one when GEILEN != 0, so it is not checked. */
#include "test.h"
#include "priv.h"

#define HS_RW    (HSTATUS_GVA | HSTATUS_SPV | HSTATUS_SPVP | HSTATUS_HU | HSTATUS_VTVM | \
                  HSTATUS_VTW | HSTATUS_VTSR)
#define VSXL     0x300000000
#define VSXL64   0x200000000
#define VGEIN    (0x3f << 12)
#define VS_INTS  0x444
#define S_INTS   0x222
#define DELTA    0x100000000000
#define HGATP_PPN_MASK 0x00000fffffffffff

/* hstatus must read back `val` in the fields of HS_RW (VSXL stays 2) after writing `val` */
        .macro hs_field n, val
        li a1, \val
        csrw hstatus, a1
        csrr a0, hstatus
        CHECK_BITS(\n, a0, HS_RW | VSXL, \val | VSXL64)
        .endm

TEST_BEGIN
        PRIV_INIT
        csrw menvcfg, zero            /* no Sstc: VSTIP only from hvip */
        csrw mie, zero
        csrw hvip, zero
        csrw hideleg, zero
        csrw medeleg, zero

        /* ---- hstatus ---- */
        csrw hstatus, zero
        csrr a0, hstatus
        CHECK_BITS(1, a0, VSXL, VSXL64)              /* VSXL read-only 2 (64-bit) */
        CHECK_BITS(2, a0, HS_RW | VGEIN | (1 << 5), 0)
        li a1, HS_RW
        csrw hstatus, a1
        csrr a0, hstatus
        CHECK_BITS(3, a0, HS_RW | VSXL, HS_RW | VSXL64)
        hs_field 4, HSTATUS_GVA
        hs_field 5, HSTATUS_SPV
        hs_field 6, HSTATUS_SPVP
        hs_field 7, HSTATUS_HU
        hs_field 8, HSTATUS_VTVM
        hs_field 9, HSTATUS_VTW
        hs_field 10, HSTATUS_VTSR
        li a1, 0x100000000            /* VSXL = 1 (32-bit) is not supported */
        csrw hstatus, a1
        csrr a0, hstatus
        CHECK_BITS(11, a0, VSXL, VSXL64)
#ifndef QEMU_REF  /* QEMU 7.2 keeps VGEIN values up to its own GEILEN */
        li a1, (1 << 12)              /* VGEIN: GEILEN = 0, read-only zero */
        csrw hstatus, a1
        csrr a0, hstatus
        CHECK_BITS(12, a0, VGEIN, 0)
#endif
        csrw hstatus, zero

        /* ---- hedeleg: 0-8, 12, 13, 15 writable; 9, 10, 11, 20-23 read-only 0 ---- */
        li a1, -1
        csrw hedeleg, a1
        csrr a0, hedeleg
        CHECK_BITS(13, a0, 0xf0bfff, 0xb1ff)
        csrw hedeleg, zero
        csrr a0, hedeleg
        CHECK(14, a0, 0)

        /* ---- hideleg: only 2, 6, 10 ---- */
        li a1, -1
        csrw hideleg, a1
        csrr a0, hideleg
        CHECK(15, a0, VS_INTS)
        csrw hideleg, zero
        csrr a0, hideleg
        CHECK(16, a0, 0)

        /* ---- mideleg: 2, 6, 10 read-only one; S bits writable ---- */
        csrw mideleg, zero
        csrr a0, mideleg
        CHECK_BITS(17, a0, VS_INTS | S_INTS, VS_INTS)
        li a1, -1
        csrw mideleg, a1
        csrr a0, mideleg
        CHECK_BITS(18, a0, VS_INTS | S_INTS, VS_INTS | S_INTS)
        csrw mideleg, zero

        /* ---- hvip and its views ---- */
        li a1, -1
        csrw hvip, a1
        csrr a0, hvip
        CHECK(19, a0, VS_INTS)
        csrr a0, hip
        CHECK_BITS(20, a0, 0xffff, VS_INTS)
        csrr a0, mip
        CHECK_BITS(21, a0, VS_INTS, VS_INTS)
        csrr a0, sip                  /* VS bits never show in sip */
        CHECK_BITS(22, a0, VS_INTS, 0)
        csrr a0, vsip                 /* hideleg = 0: vsip reads 0 */
        CHECK(23, a0, 0)
        li a1, VS_INTS
        csrw hideleg, a1
#ifndef QEMU_REF  /* QEMU 7.2's vsip shows only SSIP, not the STIP/SEIP aliases */
        csrr a0, vsip                 /* shifted view through hideleg */
        CHECK(24, a0, S_INTS)
        li a1, (1 << 6)
        csrw hideleg, a1
        csrr a0, vsip
        CHECK(25, a0, (1 << 5))
#endif
        /* hip: only VSSIP is writable (alias of hvip.VSSIP) */
        csrw hvip, zero
        li a1, VS_INTS
        csrw hideleg, a1
        csrs hip, a1
        csrr a0, hvip
        CHECK(26, a0, 4)
        csrc hip, a1
        csrr a0, hvip
        CHECK(27, a0, 0)
        /* mip.VSSIP is the same bit; mip.VSTIP/VSEIP are read-only like in hip */
        li a1, 4
        csrs mip, a1
        csrr a0, hvip
        CHECK(28, a0, 4)
        csrc mip, a1
        csrr a0, hvip
        CHECK(29, a0, 0)
#ifndef QEMU_REF  /* QEMU 7.2 lets mip writes reach hvip.VSTIP/VSEIP */
        li a1, 0x440
        csrs mip, a1
        csrr a0, hvip
        CHECK(92, a0, 0)
        csrw hvip, zero
#endif
        /* vsip.SSIP aliases hvip.VSSIP when hideleg[2] = 1; STIP/SEIP read-only */
        li a1, S_INTS
        csrs vsip, a1
        csrr a0, hvip
        CHECK(30, a0, 4)
        csrc vsip, a1
        csrr a0, hvip
        CHECK(31, a0, 0)
        csrw hideleg, zero            /* ... and is read-only zero when hideleg[2] = 0 */
        csrs vsip, a1
        csrr a0, hvip
        CHECK(32, a0, 0)

        /* ---- hie: view of mie bits 2, 6, 10 (12) ---- */
        csrw mie, zero
        li a1, -1
        csrw hie, a1
        csrr a0, hie
        CHECK_BITS(33, a0, ~0x1000, VS_INTS)
        csrr a2, mie
        CHECK_BITS(34, a2, VS_INTS | S_INTS, VS_INTS)
        srli a0, a0, 12               /* SGEIE: whatever hie shows is what mie holds */
        andi a0, a0, 1
        srli a3, a2, 12
        andi a3, a3, 1
        CHECK_EQ(35, a0, a3)
        csrw hie, zero
        csrr a0, mie
        CHECK_BITS(36, a0, 0x1444, 0)
        li a1, VS_INTS | S_INTS
        csrw mie, a1
        csrr a0, hie
        CHECK(37, a0, VS_INTS)
        csrr a0, sie                  /* VS bits never show in sie */
        CHECK_BITS(38, a0, VS_INTS, 0)

        /* ---- vsie: mie bits 2, 6, 10 shifted right by one, through hideleg ---- */
        li a1, VS_INTS
        csrw mie, a1
        csrw hideleg, zero
        csrr a0, vsie
        CHECK(39, a0, 0)
        li a1, VS_INTS
        csrw hideleg, a1
        csrr a0, vsie
        CHECK(40, a0, S_INTS)
        li a1, (1 << 10)
        csrw hideleg, a1
        csrr a0, vsie
        CHECK(41, a0, (1 << 9))
        csrw mie, zero
        li a1, VS_INTS
        csrw hideleg, a1
        li a1, S_INTS
        csrw vsie, a1
        csrr a0, mie
        CHECK(42, a0, VS_INTS)
        csrw mie, zero
        li a1, 4
        csrw hideleg, a1
        li a1, -1
        csrw vsie, a1                 /* only the delegated bit reaches mie */
        csrr a0, mie
        CHECK(43, a0, 4)
        csrw mie, zero
        csrw hideleg, zero
        csrw hvip, zero

        /* ---- hgeie / hgeip: GEILEN = 0 ---- */
        li a1, -1
        csrw hgeie, a1
        csrr a0, hgeie
        CHECK(44, a0, 0)
        csrr a0, hgeip
        CHECK(45, a0, 0)

        /* ---- htimedelta: full 64 bits ---- */
        li a1, 0x123456789abcdef0
        csrw htimedelta, a1
        csrr a0, htimedelta
        CHECK_EQ(46, a0, a1)
        li a1, 0xfedcba9876543210
        csrw htimedelta, a1
        csrr a0, htimedelta
        CHECK_EQ(47, a0, a1)
        csrw htimedelta, zero

        /* ---- hgatp ---- */
        csrw hgatp, zero
#ifndef QEMU_REF  /* QEMU 7.2 stores any hgatp value, reserved MODEs included */
        li a1, (5 << 60) | 0x80000    /* reserved MODE: WARL, never reads back as 5 */
        csrw hgatp, a1
        csrr a0, hgatp
        srli a0, a0, 60
        li TESTNUM, 48
        li t6, 5
        beq a0, t6, fail
        li t6, 0
        beq a0, t6, 1f
        li t6, 8
        bltu a0, t6, fail
        li t6, 10
        bgtu a0, t6, fail
1:      csrw hgatp, zero
#endif
        li a1, (8 << 60) | 0x80003    /* Sv39x4: PPN[1:0] read as zero */
        csrw hgatp, a1
        csrr a0, hgatp
#ifndef QEMU_REF  /* QEMU 7.2 keeps PPN[1:0] */
        CHECK(49, a0, (8 << 60) | 0x80000)
#endif
        srli a0, a0, 60
        CHECK(50, a0, 8)
        li a1, (8 << 60) | (0x3fff << 44) | 0x80000   /* VMID: low bits implemented first */
        csrw hgatp, a1
        csrr a0, hgatp
        CHECK_BITS(51, a0, 0xf0000fffffffffff, (8 << 60) | 0x80000)
        srli a0, a0, 44
        li t1, 0x3fff
        and a0, a0, t1
        addi a1, a0, 1
        and a1, a1, a0
        CHECK(52, a1, 0)
        csrw hgatp, zero
        csrr a0, hgatp
        CHECK(53, a0, 0)

        /* ---- vs* CSRs as plain storage (V = 0) ---- */
        li a1, 0x5a5a5a5a12345678
        csrw vsscratch, a1
        csrr a0, vsscratch
        CHECK_EQ(54, a0, a1)
        li a1, 0x80001234
        csrw vsepc, a1
        csrr a0, vsepc
        CHECK_EQ(55, a0, a1)
#ifndef QEMU_REF  /* QEMU 7.2 keeps vsepc[0] */
        li a1, 0x80001235             /* like sepc, bit 0 always reads zero */
        csrw vsepc, a1
        csrr a0, vsepc
        CHECK(56, a0, 0x80001234)
#endif
        li a1, INTR | 5
        csrw vscause, a1
        csrr a0, vscause
        CHECK_EQ(57, a0, a1)
        li a1, 13
        csrw vscause, a1
        csrr a0, vscause
        CHECK(58, a0, 13)
        li a1, 0x12345678
        csrw vstval, a1
        csrr a0, vstval
        CHECK_EQ(59, a0, a1)
        li a1, 0x80004001             /* vectored */
        csrw vstvec, a1
        csrr a0, vstvec
        CHECK_EQ(60, a0, a1)
        li a1, 0x80004000
        csrw vstvec, a1
        csrr a0, vstvec
        CHECK_EQ(61, a0, a1)
        li a1, (8 << 60) | 0x80005
        csrw vsatp, a1
        csrr a0, vsatp
        CHECK_EQ(62, a0, a1)
        csrw vsatp, zero
        li a1, MSTATUS_SIE | MSTATUS_SPIE | MSTATUS_SPP | MSTATUS_SUM | MSTATUS_MXR
        csrw vsstatus, a1
        csrr a0, vsstatus
        CHECK_BITS(63, a0, MSTATUS_SIE | MSTATUS_SPIE | MSTATUS_SPP | MSTATUS_SUM | MSTATUS_MXR, MSTATUS_SIE | MSTATUS_SPIE | MSTATUS_SPP | MSTATUS_SUM | MSTATUS_MXR)
        csrr a0, mstatus              /* vsstatus is not sstatus */
        CHECK_BITS(64, a0, MSTATUS_SIE | MSTATUS_SPIE | MSTATUS_SPP | MSTATUS_SUM | MSTATUS_MXR, 0)
        csrw vsstatus, zero
        csrr a0, vsstatus
        CHECK_BITS(65, a0, MSTATUS_SIE | MSTATUS_SPIE | MSTATUS_SPP | MSTATUS_SUM | MSTATUS_MXR, 0)

        /* ---- V = 1: the S CSRs are the vs* copies ---- */
        la a0, vsroot                 /* VS-stage identity gigapage for the code */
        li a1, 4096
        mv a2, a0
1:      sd zero, 0(a2)
        addi a2, a2, 8
        addi a1, a1, -8
        bnez a1, 1b
        li a1, (0x80000 << 10) | 0xcf /* V R W X A D, gigapage 0x80000000 */
        sd a1, 16(a0)
        csrw hgatp, zero
        csrw vsatp, zero
        li a1, 0x1111
        csrw sscratch, a1
        li a1, 0x2222
        csrw vsscratch, a1
        li a1, 0x80000100
        csrw sepc, a1
        li a1, 0x80000200
        csrw vsepc, a1
        li a1, 0x80008000
        csrw stvec, a1
        li a1, 0x80009000
        csrw vstvec, a1
        li a1, 1
        csrw scause, a1
        li a1, 2
        csrw vscause, a1
        li a1, 0x3333
        csrw stval, a1
        li a1, 0x4444
        csrw vstval, a1
        li a1, (8 << 60) | 0x80007    /* HS satp: never used while V = 1 */
        csrw satp, a1
        li a1, MSTATUS_SUM | MSTATUS_MXR
        csrc mstatus, a1
        li a1, MSTATUS_SUM
        csrw vsstatus, a1
        li a1, 2                      /* TM */
        csrw mcounteren, a1
        csrw hcounteren, a1
        li a1, DELTA
        csrw htimedelta, a1
        la a1, vsroot
        srli a1, a1, 12
        li t1, (8 << 60)
        or s11, a1, t1                /* the vsatp value the guest installs */
        csrr s0, time
        la s10, 2f
        GOTO_V(MODE_S, 1f)
1:      csrr a0, sscratch
        csrr a1, sepc
        csrr a2, stvec
        csrr a3, scause
        csrr a4, stval
        csrr a5, satp
        csrr a6, sstatus
        rdtime a7
        li t1, 0x5555
        csrw sscratch, t1
        li t1, 0x80000300
        csrw sepc, t1
        li t1, 0x8000a000
        csrw stvec, t1
        li t1, 3
        csrw scause, t1
        li t1, 0x6666
        csrw stval, t1
        li t1, MSTATUS_SUM
        csrc sstatus, t1
        li t1, MSTATUS_MXR
        csrs sstatus, t1
        csrw satp, s11
        sfence.vma
        csrr s1, satp
        ecall
2:      csrr s8, time
        CHECK(66, s2, CAUSE_ECALL_VS)
        CHECK(67, a0, 0x2222)
        CHECK(68, a1, 0x80000200)
        CHECK(69, a2, 0x80009000)
        CHECK(70, a3, 2)
        CHECK(71, a4, 0x4444)
        CHECK(72, a5, 0)
        CHECK_BITS(73, a6, MSTATUS_SUM | MSTATUS_MXR, MSTATUS_SUM)
        CHECK_EQ(74, s1, s11)
        /* the writes landed in the vs* CSRs; the HS copies kept their values */
        csrr a0, vsscratch
        CHECK(75, a0, 0x5555)
        csrr a0, sscratch
        CHECK(76, a0, 0x1111)
        csrr a0, vsepc
        CHECK(77, a0, 0x80000300)
        csrr a0, sepc
        CHECK(78, a0, 0x80000100)
        csrr a0, vstvec
        CHECK(79, a0, 0x8000a000)
        csrr a0, stvec
        CHECK(80, a0, 0x80008000)
        csrr a0, vscause
        CHECK(81, a0, 3)
        csrr a0, scause
        CHECK(82, a0, 1)
        csrr a0, vstval
        CHECK(83, a0, 0x6666)
        csrr a0, stval
        CHECK(84, a0, 0x3333)
        csrr a0, vsstatus
        CHECK_BITS(85, a0, MSTATUS_SUM | MSTATUS_MXR, MSTATUS_MXR)
        csrr a0, mstatus
        CHECK_BITS(86, a0, MSTATUS_SUM | MSTATUS_MXR, 0)
        csrr a0, vsatp
        CHECK_EQ(87, a0, s11)
        csrr a0, satp
        li a1, (8 << 60) | 0x80007
        CHECK_EQ(88, a0, a1)
        /* time in VS = time + htimedelta */
        li a1, DELTA
        sub a7, a7, a1
        li TESTNUM, 89
        bltu a7, s0, fail
        bltu s8, a7, fail
        /* hcounteren.TM = 0 (mcounteren.TM = 1): rdtime in VS is a virtual instruction */
        csrw hcounteren, zero
        la s10, 2f
        GOTO_V(MODE_S, 1f)
1:      rdtime a0
        ecall
2:      CHECK(90, s2, CAUSE_VIRTUAL_INST)
        la a1, 1b
        CHECK_EQ(91, s3, a1)

        /* sie / sip in VS are vsie / vsip */
        li a1, VS_INTS
        csrw hideleg, a1
        csrw mie, a1
        li a1, 4
        csrw hvip, a1
        la s10, 2f
        GOTO_V(MODE_S, 1f)
1:      csrr a0, sie
        csrr a1, sip
        csrw sie, zero
        csrci sip, 2
        ecall
2:      CHECK(93, s2, CAUSE_ECALL_VS)
#ifndef QEMU_REF  /* QEMU 7.2 reads sie and sip as 0 in VS-mode here */
        CHECK(94, a0, S_INTS)
        CHECK(95, a1, 2)
#endif
        csrr a0, mie
        CHECK(96, a0, 0)
        csrr a0, hvip
        CHECK(97, a0, 0)
        csrw hideleg, zero

        csrw vsatp, zero
        csrw satp, zero
        csrw htimedelta, zero
        csrw mcounteren, zero
        j pass
PRIV_END

        .section .bss
        .align 12
vsroot: .zero 4096
