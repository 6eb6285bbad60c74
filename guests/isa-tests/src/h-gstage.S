/* h-gstage.S -- two-stage translation: Sv39x4 G-stage (16 KiB root, 11-bit top index),
   guests with vsatp = Bare (GPA = GVA) and with Sv39 VS-stage tables that live in
   guest-physical memory; guest-page faults (20/21/23) taken in M (mtval = GVA,
   mtval2 = GPA >> 2, mstatus.GVA/MPV) and in HS (stval, htval, hstatus.GVA/SPV/SPVP);
   G-stage leaf without U; GPA bits above 40; a G-stage fault on a VS-stage PTE read
   (htval = the PTE's GPA >> 2; htinst/mtinst = 0 or the pseudo-instruction 0x3000, both
   allowed by the spec for an RV64 implicit read); hardware A/D update in both stages;
   HFENCE.GVMA.
   Spec note: htval/mtval2 may legally be zero for any guest-page fault; VirtLab reports the
   GPA, so the checks require it. */
#include "test.h"
#include "priv.h"

#define GPA_PG(i)  (0xC0000000 + (i) * 0x1000)   /* G-stage 4K pages (gl0[i]) */
#define VS_GPA     GPA_PG(6)                     /* the VS root table, as a GPA */
#define GVA_RW     0x140000000   /* VS gigapage -> GPA 0xC0000000, RW A D */
#define GVA_AD     0x180000000   /* VS gigapage -> GPA 0xC0000000, RW, A = D = 0 */
#define GVA_BAD    0x1C0000000   /* VS pointer to a table at unmapped GPA_PG(3) */
#define GVA_BAD_VA (GVA_BAD + 5 * 0x200000)      /* VPN[1] = 5 */
#define GVA_PTE_AD 0x200000000  /* VS pointer to a table that is read-only in the G-stage */
#define BAD_PTE    (GPA_PG(3) + 5 * 8)           /* GPA of the PTE the walk reads */
#define GUEST_S    ((MODE_S << 11) | MSTATUS_MPV | MSTATUS_GVA)

/* A fault on a VS-stage PTE access is reported for the original access type (spec,
   "Guest Physical Address Translation"); QEMU 7.2 always reports a load guest-page fault. */
#ifdef QEMU_REF
#define IMPLICIT_STORE_GPF CAUSE_LOAD_GPF
#define IMPLICIT_FETCH_GPF CAUSE_LOAD_GPF
#else
#define IMPLICIT_STORE_GPF CAUSE_STORE_GPF
#define IMPLICIT_FETCH_GPF CAUSE_FETCH_GPF
#endif

/* gl0[i] = leaf for the physical address in `pa` with flags */
        .macro gleaf i, pa, flags
        srli t1, \pa, 12
        slli t1, t1, 10
        ori t1, t1, \flags
        sd t1, (\i * 8)(s1)
        .endm

/* `insn` (using t2 = gva) in VS traps to M with `cause`: mepc = insn, mtval = gva,
   mtval2 = gpa >> 2, mstatus.GVA = 1, MPV = 1, MPP = S */
        .macro vs_gpf n, cause, gva, gpa, insn:vararg
        li t2, \gva
        la s10, 9002f
        GOTO_V(MODE_S, 9001f)
9001:   \insn
        ecall
9002:   li TESTNUM, \n
        li t6, \cause
        bne s2, t6, fail
        la t6, 9001b
        bne s3, t6, fail
        li t6, \gva
        bne s4, t6, fail
        csrr t5, mtval2
        li t6, (\gpa) >> 2
        bne t5, t6, fail
        li t6, MSTATUS_GVA | MSTATUS_MPV | MSTATUS_MPP
        and t5, s5, t6
        li t6, GUEST_S
        bne t5, t6, fail
        .endm

/* the same with medeleg set: the trap goes to HS; scause, sepc, stval, htval,
   hstatus.GVA/SPV/SPVP, sstatus.SPP are checked; htinst left in a2 */
        .macro hs_gpf n, cause, gva, gpa, insn:vararg
        li t2, \gva
        la s9, 9003f
        GOTO_V(MODE_S, 9001f)
9001:   \insn
        ecall
9003:   mv s0, s2
        mv s1, s3
        mv s8, s4
        mv s11, s5
        csrr a0, htval
        csrr a1, hstatus
        csrr a2, htinst
        la s10, 9002f
        ecall
9002:   li TESTNUM, \n
        li t6, CAUSE_ECALL_S
        bne s2, t6, fail
        li t6, \cause
        bne s0, t6, fail
        la t6, 9001b
        bne s1, t6, fail
        li t6, \gva
        bne s8, t6, fail
        li t6, (\gpa) >> 2
        bne a0, t6, fail
        li t6, HSTATUS_GVA | HSTATUS_SPV | HSTATUS_SPVP
        and t5, a1, t6
        bne t5, t6, fail
        andi t5, s11, MSTATUS_SPP
        beqz t5, fail
        la s1, gl0
        .endm

/* `insn` runs in VS without trapping */
        .macro vs_run n, insn:vararg
        la s10, 9002f
        GOTO_V(MODE_S, 9001f)
9001:   \insn
        ecall
9002:   CHECK(\n, s2, CAUSE_ECALL_VS)
        .endm

/* check n: a tinst value in `reg` is 0 or the RV64 VS-stage PTE-write pseudo-instruction */
        .macro tinst_pte_write n, reg
        li TESTNUM, \n
        beqz \reg, 9001f
        li t6, 0x3020
        bne \reg, t6, fail
9001:
        .endm

/* check n: a tinst value in `reg` is 0 or the RV64 VS-stage PTE-read pseudo-instruction */
        .macro tinst_pte_read n, reg
        li TESTNUM, \n
        beqz \reg, 9001f
        li t6, 0x3000
        bne \reg, t6, fail
9001:
        .endm

TEST_BEGIN
        PRIV_INIT
        csrw medeleg, zero
        csrw hedeleg, zero
        csrw hstatus, zero
        la s0, groot
        la s1, gl0
        /* clear the tables (groot 16K, gl1, gl0, vsroot) */
        mv a0, s0
        li a1, 8 * 4096               /* groot 16K, gl1, gl0, vsroot, vsl1 */
1:      sd zero, 0(a0)
        addi a0, a0, 8
        addi a1, a1, -8
        bnez a1, 1b
        la a0, pg0
        li a1, 0x1111
        sd a1, 0(a0)
        la a0, pg1
        li a1, 0x2222
        sd a1, 0(a0)
        la a0, pg2
        li a1, 0x3333
        sd a1, 0(a0)
        la a0, pg3
        li a1, 0x4444
        sd a1, 0(a0)

        /* G-stage root: [2] identity gigapage of DRAM (U RWX A D), [3] -> gl1,
           [514] (GPA bit 39) and [1026] (GPA bit 40) also -> DRAM */
        li t1, (0x80000 << 10) | 0xdf
        sd t1, 2 * 8(s0)
        li t2, 514 * 8
        add t2, t2, s0
        sd t1, 0(t2)
        li t2, 1026 * 8
        add t2, t2, s0
        sd t1, 0(t2)
        la a0, gl1
        srli t1, a0, 12
        slli t1, t1, 10
        ori t1, t1, PTE_V
        sd t1, 3 * 8(s0)
        srli t1, s1, 12               /* gl1[0] -> gl0 */
        slli t1, t1, 10
        ori t1, t1, PTE_V
        sd t1, 0(a0)
        /* gl0 */
        la a0, pg0
        la a1, pg1
        la a2, pg2
        la a3, pg3
        la a4, vsroot
        gleaf 1, a0, 0xd7             /* U RW A D */
        gleaf 2, a1, 0xc7             /* RW A D, no U */
        gleaf 4, a2, 0x17             /* U RW, A = D = 0 */
        gleaf 5, a3, 0xd7             /* remapped later */
        gleaf 6, a4, 0xd7             /* the VS root table */
        la a5, vsl1
        gleaf 7, a5, 0xd3             /* a VS level-1 table, read-only in the G-stage */
        /* VS-stage root (at GPA VS_GPA): [2] code gigapage, [5] GVA_RW, [6] GVA_AD, [7] bad */
        li t1, (0x80000 << 10) | 0xcf
        sd t1, 2 * 8(a4)
        li t1, (0xC0000 << 10) | 0xc7
        sd t1, 5 * 8(a4)
        li t1, (0xC0000 << 10) | 0x07
        sd t1, 6 * 8(a4)
        li t1, ((GPA_PG(3) >> 12) << 10) | PTE_V
        sd t1, 7 * 8(a4)
        li t1, ((GPA_PG(7) >> 12) << 10) | PTE_V    /* [8] -> VS table at GPA_PG(7) */
        sd t1, 8 * 8(a4)
        li t1, (0xC0000 << 10) | 0x07               /* vsl1[0]: 2M RW, A = D = 0 */
        sd t1, 0(a5)
        li t1, (0xC0000 << 10) | 0x47               /* vsl1[1]: 2M RW, A = 1, D = 0 */
        sd t1, 8(a5)

        srli t1, s0, 12
        li t2, (8 << 60)
        or t1, t1, t2
        csrw hgatp, t1
        csrw vsatp, zero
        hfence.gvma
        hfence.vvma

        /* ---- vsatp = Bare: GVA = GPA ---- */
        li t2, GPA_PG(1)
        vs_run 1, ld a0, 0(t2)
        CHECK(2, a0, 0x1111)
        /* 11-bit root index: GPA bits 39 and 40 select entries 514 and 1026 */
        la t2, pg0
        li t1, 0x8000000000
        add t2, t2, t1
        vs_run 3, ld a0, 0(t2)
        CHECK(4, a0, 0x1111)
#ifndef QEMU_REF  /* QEMU 7.2 raises a guest-page fault for GPAs with bit 40 set */
        la t2, pg1
        li t1, 0x10000000000
        add t2, t2, t1
        vs_run 5, ld a0, 0(t2)
        CHECK(6, a0, 0x2222)
#endif
        /* G-stage miss: load / store guest-page fault in M */
        vs_gpf 7, CAUSE_LOAD_GPF, GPA_PG(3) + 0x10, GPA_PG(3) + 0x10, ld a0, 0(t2)
        vs_gpf 8, CAUSE_STORE_GPF, GPA_PG(3) + 0x18, GPA_PG(3) + 0x18, sd a0, 0(t2)
        /* G-stage leaf without U */
        vs_gpf 9, CAUSE_LOAD_GPF, GPA_PG(2) + 8, GPA_PG(2) + 8, ld a0, 0(t2)
        vs_gpf 10, CAUSE_STORE_GPF, GPA_PG(2), GPA_PG(2), sd a0, 0(t2)
        /* GPA with bit 41 set: beyond Sv39x4's 41-bit guest-physical space */
        vs_gpf 11, CAUSE_LOAD_GPF, 0x20080001000, 0x20080001000, ld a0, 0(t2)
        /* instruction guest-page fault */
        li t2, GPA_PG(3)
        la s10, 2f
        GOTO_V(MODE_S, 1f)
1:      jr t2
2:      CHECK(12, s2, CAUSE_FETCH_GPF)
        CHECK_EQ(13, s3, t2)
        CHECK_EQ(14, s4, t2)
        csrr a0, mtval2
        CHECK(15, a0, GPA_PG(3) >> 2)
        CHECK_BITS(16, s5, MSTATUS_GVA | MSTATUS_MPV | MSTATUS_MPP, GUEST_S)

        /* hardware A/D update in the G-stage */
        li t2, GPA_PG(4)
        vs_run 17, ld a0, 0(t2)
        CHECK(18, a0, 0x3333)
        ld a1, 4 * 8(s1)
        CHECK_BITS(19, a1, PTE_A | PTE_D, PTE_A)
        vs_run 20, sd a0, 8(t2)
        ld a1, 4 * 8(s1)
        CHECK_BITS(21, a1, PTE_A | PTE_D, PTE_A | PTE_D)

        /* HFENCE.GVMA makes a changed G-stage mapping visible */
        li t2, GPA_PG(5)
        vs_run 22, ld a0, 0(t2)
        CHECK(23, a0, 0x4444)
        la a0, pg0
        gleaf 5, a0, 0xd7
        hfence.gvma zero, zero
        vs_run 24, ld a0, 0(t2)
        CHECK(25, a0, 0x1111)
        la a0, pg3
        gleaf 5, a0, 0xd7
        srli a1, t2, 2                /* rs1 = GPA >> 2 */
        hfence.gvma a1, zero
        vs_run 26, ld a0, 0(t2)
        CHECK(27, a0, 0x4444)

        /* ---- delegated to HS: medeleg 20, 21, 23 ---- */
        SET_STRAP
        li a0, (1 << 20) | (1 << 21) | (1 << 23)
        csrw medeleg, a0
        hs_gpf 28, CAUSE_LOAD_GPF, GPA_PG(3) + 0x20, GPA_PG(3) + 0x20, ld a0, 0(t2)
        hs_gpf 29, CAUSE_STORE_GPF, GPA_PG(3) + 0x28, GPA_PG(3) + 0x28, sw a0, 0(t2)
        hs_gpf 30, CAUSE_LOAD_GPF, GPA_PG(2), GPA_PG(2), lw a0, 0(t2)
        /* instruction guest-page fault in HS */
        li t2, GPA_PG(3)
        la s9, 3f
        GOTO_V(MODE_S, 1f)
1:      jr t2
3:      mv s0, s2
        mv s1, s3
        mv s8, s4
        csrr a0, htval
        csrr a1, hstatus
        la s10, 2f
        ecall
2:      CHECK(31, s0, CAUSE_FETCH_GPF)
        CHECK_EQ(32, s1, t2)
        CHECK_EQ(33, s8, t2)
        CHECK(34, a0, GPA_PG(3) >> 2)
        CHECK_BITS(35, a1, HSTATUS_GVA | HSTATUS_SPV, HSTATUS_GVA | HSTATUS_SPV)
        la s1, gl0
        csrw medeleg, zero

        /* ---- VS-stage Sv39 tables in guest-physical memory ---- */
        li t1, (8 << 60) | (VS_GPA >> 12)
        csrw vsatp, t1
        hfence.vvma
        li t2, GVA_RW + 0x1000
        vs_run 36, ld a0, 0(t2)
        CHECK(37, a0, 0x1111)
        li t2, GVA_RW + 0x4000
        vs_run 38, ld a0, 0(t2)
        CHECK(39, a0, 0x3333)
        /* hardware A/D update in the VS-stage PTE (written through the G-stage) */
        la a4, vsroot
        li t2, GVA_AD + 0x1000
        vs_run 40, ld a0, 0(t2)
        CHECK(41, a0, 0x1111)
        ld a1, 6 * 8(a4)
        CHECK_BITS(42, a1, PTE_A | PTE_D, PTE_A)
        vs_run 43, sd a0, 16(t2)
        ld a1, 6 * 8(a4)
        CHECK_BITS(44, a1, PTE_A | PTE_D, PTE_A | PTE_D)
        /* G-stage miss after a successful VS-stage walk: mtval = GVA, mtval2 = GPA >> 2 */
        vs_gpf 45, CAUSE_LOAD_GPF, GVA_RW + 0x3010, GPA_PG(3) + 0x10, ld a0, 0(t2)
        vs_gpf 46, CAUSE_STORE_GPF, GVA_RW + 0x2008, GPA_PG(2) + 0x8, sd a0, 0(t2)
        /* G-stage fault on the implicit read of a VS-stage PTE */
        vs_gpf 47, CAUSE_LOAD_GPF, GVA_BAD_VA, BAD_PTE, ld a0, 0(t2)
        csrr a0, mtinst
        tinst_pte_read 48, a0
        vs_gpf 49, IMPLICIT_STORE_GPF, GVA_BAD_VA + 8, BAD_PTE, sd a0, 0(t2)
        csrr a0, mtinst
        tinst_pte_read 50, a0
        li t2, GVA_BAD_VA
        la s10, 2f
        GOTO_V(MODE_S, 1f)
1:      jr t2
2:      CHECK(51, s2, IMPLICIT_FETCH_GPF)
        CHECK_EQ(52, s4, t2)
        csrr a0, mtval2
        CHECK(53, a0, BAD_PTE >> 2)
        csrr a0, mtinst
        tinst_pte_read 54, a0
        /* the same, delegated to HS */
        li a0, (1 << 20) | (1 << 21) | (1 << 23)
        csrw medeleg, a0
        hs_gpf 55, CAUSE_LOAD_GPF, GVA_BAD_VA + 0x40, BAD_PTE, ld a0, 0(t2)
        tinst_pte_read 56, a2
        hs_gpf 57, CAUSE_LOAD_GPF, GVA_RW + 0x3030, GPA_PG(3) + 0x30, ld a0, 0(t2)
        /* explicit access: htinst is 0 or the transformed `ld a0, 0(t2)` (rs1 field = address
           offset 0, immediate 0) */
        li TESTNUM, 58
        beqz a2, 1f
        li t6, 0x00003503
        bne a2, t6, fail
1:
        csrw medeleg, zero

        /* A/D update of a VS-stage PTE whose page is read-only in the G-stage: the implicit
           write faults; reported for the original access type, htval = the PTE's GPA >> 2,
           tinst = 0 or 0x3020 (RV64 implicit write for VS-stage translation) */
#ifndef QEMU_REF  /* QEMU 7.2 writes VS-stage A/D bits without G-stage write permission */
        vs_gpf 59, CAUSE_LOAD_GPF, GVA_PTE_AD + 0x1000, GPA_PG(7), ld a0, 0(t2)
        csrr a0, mtinst
        tinst_pte_write 60, a0
        vs_gpf 61, CAUSE_STORE_GPF, GVA_PTE_AD + 0x200000 + 0x1000, GPA_PG(7) + 8, sd a0, 0(t2)
        csrr a0, mtinst
        tinst_pte_write 62, a0
        la a5, vsl1                   /* neither PTE changed */
        ld a0, 0(a5)
        CHECK_BITS(63, a0, PTE_A | PTE_D, 0)
        ld a0, 8(a5)
        CHECK_BITS(64, a0, PTE_A | PTE_D, PTE_A)
#endif
        li t2, GVA_PTE_AD + 0x200000 + 0x1000       /* a load needs no update: fine */
        vs_run 65, ld a0, 0(t2)
        CHECK(66, a0, 0x1111)

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
vsl1:   .zero 4096
pg0:    .zero 4096
pg1:    .zero 4096
pg2:    .zero 4096
pg3:    .zero 4096
