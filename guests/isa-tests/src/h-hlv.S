/* h-hlv.S -- hypervisor virtual-machine loads and stores from HS-mode (V = 0):
   HLV.B/BU/H/HU/W/WU/D and HSV.B/H/W/D through the G-stage (vsatp Bare and Sv39), sign and
   zero extension, hstatus.SPVP = 1 (as VS: S pages, SUM) / 0 (as VU: U pages only),
   HLVX.HU/WU on execute-only pages (VS and G stage) where HLV faults, VS-stage faults (13)
   and G-stage faults (21/23) with mtval/stval = guest virtual address and GVA = 1, taken in M
   and in HS (hstatus.GVA = 1, SPV = 0, SPVP kept); hstatus.HU lets U-mode use them, HU = 0 is
   an illegal instruction, VS-mode gets a virtual-instruction exception. */
#include "test.h"
#include "priv.h"

#define PATTERN  0xf0e1d2c3b4a59687
#define XPATTERN 0x1122334455667788
#define GPA_PG(i) (0xC0000000 + (i) * 0x1000)
#define VS_GPA   GPA_PG(6)
#define GVA_S    0x100000000   /* VS gigapage -> GPA 0xC0000000: S RW */
#define GVA_U    0x140000000   /*                                 U RW */
#define GVA_SX   0x180000000   /*                                 S X only */
#define GVA_UX   0x1C0000000   /*                                 U X only */

#ifdef QEMU_REF  /* QEMU 7.2 leaves mstatus.GVA = 0 for HLV/HSV faults taken from HS into M */
#define M_GVA 0
#else
#define M_GVA MSTATUS_GVA
#endif

/* gl0[i] = leaf for the physical address in `pa` */
        .macro gleaf i, pa, flags
        srli t1, \pa, 12
        slli t1, t1, 10
        ori t1, t1, \flags
        sd t1, (\i * 8)(s1)
        .endm

/* `insn` runs in HS-mode without trapping */
        .macro hs_run n, insn:vararg
        la s10, 9002f
        GOTO(MODE_S, 9001f)
9001:   \insn
        ecall
9002:   CHECK(\n, s2, CAUSE_ECALL_S)
        .endm

/* `insn` (address in t2 = gva) in HS-mode traps to M with `cause`; mtval = gva,
   mstatus.GVA = 1, MPV = 0; mtval2 = gpa >> 2 (0 for a VS-stage page fault) */
        .macro hs_fault n, cause, gva, gpa, insn:vararg
        li t2, \gva
        mode_trap \n, MODE_S, \cause, \insn
        li t6, \gva
        bne s4, t6, fail
        li t6, M_GVA | MSTATUS_MPV
        and t5, s5, t6
        li t6, M_GVA
        bne t5, t6, fail
        csrr t5, mtval2
        li t6, (\gpa) >> 2
        bne t5, t6, fail
        .endm

TEST_BEGIN
        PRIV_INIT
        csrw medeleg, zero
        csrw hedeleg, zero
        csrw hstatus, zero
        csrw satp, zero
        la s0, groot
        la s1, gl0
        mv a0, s0
        li a1, 7 * 4096               /* groot 16K, gl1, gl0, vsroot */
1:      sd zero, 0(a0)
        addi a0, a0, 8
        addi a1, a1, -8
        bnez a1, 1b
        la a0, pga
        li a1, PATTERN
        sd a1, 0(a0)
        la a0, pgx
        li a1, XPATTERN
        sd a1, 0(a0)
        /* G-stage: root[2] identity DRAM (for the VS-mode code), root[3] -> gl1[0] -> gl0 */
        li t1, (0x80000 << 10) | 0xdf
        sd t1, 2 * 8(s0)
        la a0, gl1
        srli t1, a0, 12
        slli t1, t1, 10
        ori t1, t1, PTE_V
        sd t1, 3 * 8(s0)
        srli t1, s1, 12
        slli t1, t1, 10
        ori t1, t1, PTE_V
        sd t1, 0(a0)
        la a0, pga
        la a1, pgx
        la a2, vsroot
        gleaf 1, a0, 0xd7             /* U RW A D */
        gleaf 2, a1, 0xd9             /* U X only */
        gleaf 4, a1, 0xdb             /* U R X */
        gleaf 6, a2, 0xd7             /* VS root table */
        /* VS-stage: code gigapage, and gigapages onto GPA 0xC0000000 */
        li t1, (0x80000 << 10) | 0xcf
        sd t1, 2 * 8(a2)
        li t1, (0xC0000 << 10) | 0xc7
        sd t1, 4 * 8(a2)
        li t1, (0xC0000 << 10) | 0xd7
        sd t1, 5 * 8(a2)
        li t1, (0xC0000 << 10) | 0xc9
        sd t1, 6 * 8(a2)
        li t1, (0xC0000 << 10) | 0xd9
        sd t1, 7 * 8(a2)
        srli t1, s0, 12
        li t2, (8 << 60)
        or t1, t1, t2
        csrw hgatp, t1
        csrw vsatp, zero
        csrw vsstatus, zero
        hfence.gvma
        hfence.vvma

        /* ---- vsatp = Bare, SPVP = 1: loads with sign / zero extension ---- */
        li a0, HSTATUS_SPVP
        csrs hstatus, a0
        li t2, GPA_PG(1)
        hs_run 1, hlv.b a0, (t2); hlv.bu a1, (t2); hlv.h a2, (t2); hlv.hu a3, (t2); hlv.w a4, (t2); hlv.wu a5, (t2); hlv.d a6, (t2)
        CHECK(2, a0, 0xffffffffffffff87)
        CHECK(3, a1, 0x87)
        CHECK(4, a2, 0xffffffffffff9687)
        CHECK(5, a3, 0x9687)
        CHECK(6, a4, 0xffffffffb4a59687)
        CHECK(7, a5, 0xb4a59687)
        CHECK(8, a6, PATTERN)
        addi t3, t2, 4
        addi t4, t2, 7
        hs_run 9, hlv.w a0, (t3); hlv.wu a1, (t3); hlv.b a2, (t4); hlv.bu a3, (t4)
        CHECK(10, a0, 0xfffffffff0e1d2c3)
        CHECK(11, a1, 0xf0e1d2c3)
        CHECK(12, a2, 0xfffffffffffffff0)
        CHECK(13, a3, 0xf0)
        /* stores */
        li a6, PATTERN
        addi t3, t2, 8
        addi t4, t2, 16
        addi t5, t2, 24
        addi a7, t2, 32
        hs_run 14, hsv.d a6, (t3); hsv.b a6, (t4); hsv.h a6, (t5); hsv.w a6, (a7); hlv.d a0, (t3)
        CHECK(15, a0, PATTERN)
        la a1, pga
        ld a0, 8(a1)
        CHECK(16, a0, PATTERN)
        ld a0, 16(a1)
        CHECK(17, a0, 0x87)
        ld a0, 24(a1)
        CHECK(18, a0, 0x9687)
        ld a0, 32(a1)
        CHECK(19, a0, 0xb4a59687)
        /* execute-only G-stage page: HLVX reads it, HLV and HSV fault */
        li t2, GPA_PG(2)
#ifndef QEMU_REF  /* QEMU 7.2's HLVX requires G-stage read, not execute, permission */
        hs_run 20, hlvx.hu a0, (t2); hlvx.wu a1, (t2)
        CHECK(21, a0, 0x7788)
        CHECK(22, a1, 0x55667788)
#endif
        hs_fault 23, CAUSE_LOAD_GPF, GPA_PG(2) + 4, GPA_PG(2) + 4, hlv.w a0, (t2)
        hs_fault 24, CAUSE_STORE_GPF, GPA_PG(2) + 8, GPA_PG(2) + 8, hsv.d a0, (t2)
        /* unmapped GPA */
        hs_fault 25, CAUSE_LOAD_GPF, GPA_PG(3) + 2, GPA_PG(3) + 2, hlv.hu a0, (t2)

        /* ---- vsatp = Sv39 (tables in guest-physical memory) ---- */
        li t1, (8 << 60) | (VS_GPA >> 12)
        csrw vsatp, t1
        hfence.vvma
        /* SPVP = 1: as VS */
        li t2, GVA_S + 0x1000
        hs_run 26, hlv.d a0, (t2)
        CHECK(27, a0, PATTERN)
#ifndef QEMU_REF  /* QEMU 7.2 lets HLV with SPVP = 1 read U pages with vsstatus.SUM = 0 */
        hs_fault 28, CAUSE_LOAD_PF, GVA_U + 0x1000, 0, hlv.d a0, (t2)   /* U page, SUM = 0 */
#endif
        li a0, MSTATUS_SUM
        csrs vsstatus, a0
        li t2, GVA_U + 0x1000
        hs_run 29, hlv.d a0, (t2)
        CHECK(30, a0, PATTERN)
        li a0, MSTATUS_SUM
        csrc vsstatus, a0
#ifndef QEMU_REF  /* QEMU 7.2's HLVX checks R instead of X in the G-stage and raises an access
                     fault on VS-stage execute-only pages */
        li t2, GVA_SX + 0x4000        /* X only in the VS stage */
        hs_run 31, hlvx.wu a0, (t2)
        CHECK(32, a0, 0x55667788)
        li t2, GVA_SX + 0x2000        /* X only in both stages */
        hs_run 60, hlvx.wu a0, (t2)
        CHECK(61, a0, 0x55667788)
#endif
#ifndef QEMU_REF  /* QEMU 7.2 raises an access fault for HLV on a VS-stage execute-only page */
        hs_fault 33, CAUSE_LOAD_PF, GVA_SX + 0x4000, 0, hlv.w a0, (t2)
#endif
        hs_fault 34, CAUSE_LOAD_GPF, GVA_S + 0x2004, GPA_PG(2) + 4, hlv.w a0, (t2)
#ifndef QEMU_REF  /* QEMU 7.2's HLVX reads readable, non-executable pages */
        hs_fault 35, CAUSE_LOAD_PF, GVA_S + 0x1000, 0, hlvx.wu a0, (t2) /* not executable */
#endif
#ifndef QEMU_REF  /* as for check 33 */
        hs_fault 36, CAUSE_STORE_PF, GVA_SX + 0x4000, 0, hsv.w a0, (t2)
#endif
        /* SPVP = 0: as VU */
        li a0, HSTATUS_SPVP
        csrc hstatus, a0
        li t2, GVA_U + 0x1000
        hs_run 37, hlv.d a0, (t2)
        CHECK(38, a0, PATTERN)
#ifndef QEMU_REF  /* QEMU 7.2 lets HLV with SPVP = 0 read S pages */
        hs_fault 39, CAUSE_LOAD_PF, GVA_S + 0x1000, 0, hlv.d a0, (t2)
#endif
#ifndef QEMU_REF
        li t2, GVA_UX + 0x4000
        hs_run 40, hlvx.hu a0, (t2)
        CHECK(41, a0, 0x7788)
        li t2, GVA_UX + 0x2000
        hs_run 62, hlvx.hu a0, (t2)
        CHECK(63, a0, 0x7788)
#endif
        li a1, 0x5a5a
        li t2, GVA_U + 0x1040
        hs_run 42, hsv.h a1, (t2); hlv.hu a0, (t2)
        CHECK(43, a0, 0x5a5a)

        /* ---- HU: U-mode may use them only with HU = 1 ---- */
        li a0, HSTATUS_HU
        csrs hstatus, a0
        li t2, GVA_U + 0x1000
        la s10, 2f
        GOTO(MODE_U, 1f)
1:      hlv.d a0, (t2)
        ecall
2:      CHECK(44, s2, CAUSE_ECALL_U)
        CHECK(45, a0, PATTERN)
        li a0, HSTATUS_HU
        csrc hstatus, a0
        mode_trap 46, MODE_U, CAUSE_ILLEGAL, hlv.d a0, (t2)
        mode_trap 47, MODE_U, CAUSE_ILLEGAL, hsv.d a0, (t2)
        /* from VS: virtual instruction */
        la s10, 2f
        GOTO_V(MODE_S, 1f)
1:      hlv.d a0, (t2)
        ecall
2:      CHECK(48, s2, CAUSE_VIRTUAL_INST)
        la a0, 1b
        CHECK_EQ(49, s3, a0)

        /* ---- faults delegated to HS: stval = GVA, hstatus.GVA = 1, SPV = 0, SPVP kept ---- */
        SET_STRAP
        li a0, (1 << 13) | (1 << 21)
        csrw medeleg, a0
        li a0, HSTATUS_SPVP
        csrs hstatus, a0
        li t2, GVA_S + 0x2010         /* G-stage X only: load guest-page fault */
        la s9, 3f
        GOTO(MODE_S, 1f)
1:      hlv.d a0, (t2)
        ecall
3:      csrr a1, hstatus
        csrr a2, htval
        mv s0, s2
        mv s1, s3
        mv s8, s4
        la s10, 2f
        ecall
2:      CHECK(50, s2, CAUSE_ECALL_S)
        CHECK(51, s0, CAUSE_LOAD_GPF)
        la a0, 1b
        CHECK_EQ(52, s1, a0)
        CHECK_EQ(53, s8, t2)
        CHECK(54, a2, (GPA_PG(2) + 0x10) >> 2)
        CHECK_BITS(55, a1, HSTATUS_GVA | HSTATUS_SPV | HSTATUS_SPVP, HSTATUS_GVA | HSTATUS_SPVP)
#ifndef QEMU_REF  /* as for check 28 */
        li t2, GVA_U + 0x1008         /* SPVP = 1, SUM = 0: load page fault */
        la s9, 3f
        GOTO(MODE_S, 1f)
1:      hlv.w a0, (t2)
        ecall
3:      csrr a1, hstatus
        csrr a2, htval
        mv s0, s2
        mv s8, s4
        la s10, 2f
        ecall
2:      CHECK(56, s0, CAUSE_LOAD_PF)
        CHECK_EQ(57, s8, t2)
        CHECK(58, a2, 0)
        CHECK_BITS(59, a1, HSTATUS_GVA | HSTATUS_SPV, HSTATUS_GVA)
#endif
        csrw medeleg, zero

        csrw hstatus, zero
        csrw vsatp, zero
        csrw hgatp, zero
        hfence.gvma
        j pass
PRIV_END

        .section .bss
        .align 14
groot:  .zero 16384
gl1:    .zero 4096
gl0:    .zero 4096
vsroot: .zero 4096
pga:    .zero 4096
pgx:    .zero 4096
