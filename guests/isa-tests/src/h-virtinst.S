/* h-virtinst.S -- virtual-instruction exceptions (22) vs illegal instruction (2) when V = 1:
   H CSRs and HLV from VS, S CSRs/SRET/WFI from VU, hstatus.VTSR/VTW/VTVM. */
#include "test.h"
#include "priv.h"

        .macro v_trap n, mode, cause, insn:vararg
        la s10, 9002f
        GOTO_V(\mode, 9001f)
9001:   \insn
        ecall
9002:   li TESTNUM, \n
        li t6, \cause
        bne s2, t6, fail
        la t6, 9001b
        bne s3, t6, fail
        .endm

        .macro v_ok n, mode, insn:vararg
        la s10, 9002f
        GOTO_V(\mode, 9001f)
9001:   \insn
        ecall
9002:   li TESTNUM, \n
        li t6, CAUSE_ECALL_VS - 2 * (1 - \mode)
        bne s2, t6, fail
        .endm

#ifdef QEMU_REF  /* QEMU 7.2 raises illegal instruction for S-level CSRs, SRET, SFENCE.VMA in VU */
#define VU_S_CSR CAUSE_ILLEGAL
#else
#define VU_S_CSR CAUSE_VIRTUAL_INST
#endif

TEST_BEGIN
        PRIV_INIT
        csrw hgatp, zero
        csrw vsatp, zero
        csrw hstatus, zero
        la a1, data
        /* H CSRs and H instructions from VS: virtual instruction */
        v_trap 1, MODE_S, CAUSE_VIRTUAL_INST, csrr a0, hstatus
        li a1, 0x60002573             /* csrr a0, hstatus */
        CHECK_EQ(2, s4, a1)
        v_trap 3, MODE_S, CAUSE_VIRTUAL_INST, csrw hgatp, zero
        v_trap 4, MODE_S, CAUSE_VIRTUAL_INST, csrr a0, vsstatus
        la a1, data
        v_trap 5, MODE_S, CAUSE_VIRTUAL_INST, hlv.w a0, (a1)
        v_trap 6, MODE_S, CAUSE_VIRTUAL_INST, hfence.gvma
        v_trap 7, MODE_S, CAUSE_VIRTUAL_INST, hfence.vvma
        /* M CSRs from VS: illegal (not legal in HS either) */
        v_trap 8, MODE_S, CAUSE_ILLEGAL, csrr a0, mstatus
        v_trap 9, MODE_S, CAUSE_ILLEGAL, mret
        /* S-level things from VU: virtual instruction */
        v_trap 10, MODE_U, VU_S_CSR, csrr a0, sstatus
        v_trap 11, MODE_U, VU_S_CSR, sret
        v_trap 12, MODE_U, VU_S_CSR, sfence.vma
        v_trap 13, MODE_U, CAUSE_VIRTUAL_INST, wfi
        v_trap 14, MODE_U, CAUSE_VIRTUAL_INST, csrr a0, hstatus
        v_trap 15, MODE_U, CAUSE_ILLEGAL, csrr a0, mscratch
        /* VS may use S CSRs, sfence.vma */
        v_ok 16, MODE_S, csrr a0, sstatus; csrw sscratch, a0; sfence.vma; csrr a0, satp
        /* VTVM: satp and sfence.vma from VS */
        li a1, HSTATUS_VTVM
        csrs hstatus, a1
#ifndef QEMU_REF  /* QEMU 7.2 ignores hstatus.VTVM for satp accesses */
        v_trap 17, MODE_S, CAUSE_VIRTUAL_INST, csrr a0, satp
#endif
        v_trap 18, MODE_S, CAUSE_VIRTUAL_INST, sfence.vma
        csrc hstatus, a1
        /* VTSR: sret from VS */
        li a1, HSTATUS_VTSR
        csrs hstatus, a1
        v_trap 19, MODE_S, CAUSE_VIRTUAL_INST, sret
        csrc hstatus, a1
        /* VTW: wfi from VS (TW = 0) */
        li a1, HSTATUS_VTW
        csrs hstatus, a1
        v_trap 20, MODE_S, CAUSE_VIRTUAL_INST, wfi
        csrc hstatus, a1
        /* TW = 1 wins over VTW: illegal instruction */
        li a1, MSTATUS_TW
        csrs mstatus, a1
        v_trap 21, MODE_S, CAUSE_ILLEGAL, wfi
        csrc mstatus, a1
        /* TVM (mstatus) applies to HS, not to VS: satp from VS is fine */
        li a1, MSTATUS_TVM
        csrs mstatus, a1
#ifndef QEMU_REF  /* QEMU 7.2 applies mstatus.TVM in VS-mode too */
        v_ok 22, MODE_S, csrr a0, satp
#endif
        mode_trap 23, MODE_S, CAUSE_ILLEGAL, csrr a0, satp
        csrc mstatus, a1
        /* hedeleg[22] sends virtual instructions to HS */
        SET_STRAP
        li a1, (1 << 22)
        csrw medeleg, a1
        la s9, 2f
        GOTO_V(MODE_S, 1f)
1:      csrr a0, hstatus
2:      csrr a0, scause
        csrr a1, stval
        la s10, 3f
        ecall
3:      CHECK(24, a0, CAUSE_VIRTUAL_INST)
        li a2, 0x60002573
        CHECK_EQ(25, a1, a2)
        csrw medeleg, zero
        j pass
PRIV_END
        .data
data:   .dword 0
