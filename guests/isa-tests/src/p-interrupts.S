/* p-interrupts.S -- supervisor software/timer interrupts (mip.SSIP, Sstc stimecmp),
   delegation, global enable rules, priority, WFI, and the TW/TSR/TVM traps. */
#include "test.h"
#include "priv.h"

TEST_BEGIN
        PRIV_INIT
        SET_STRAP
        csrw mideleg, zero
        csrw medeleg, zero
        csrw mie, zero
        li s6, 0
        li s7, 0

        /* SSIP, not delegated, in M with MIE = 0: not taken */
        csrw mie, 2
        csrsi mip, 2
        nop
        nop
        CHECK(1, s6, 0)
        csrr a0, mip
        CHECK_BITS(2, a0, 2, 2)
        /* MIE = 1: taken in M, mepc = the next instruction */
        la s10, 2f
        csrsi mstatus, MSTATUS_MIE
1:      nop
        FAIL_HERE(3)
2:      li a1, INTR | 1
        CHECK_EQ(4, s2, a1)
        la a1, 1b
        CHECK_EQ(5, s3, a1)
        CHECK(6, s4, 0)
        CHECK_BITS(7, s5, MSTATUS_MIE | MSTATUS_MPIE | MSTATUS_MPP, MSTATUS_MPIE | MSTATUS_MPP)
        /* not delegated, MIE = 0, running in S: M-level traps are always enabled below M */
        la s10, 2f
        GOTO(MODE_S, 1f)
1:      nop
        nop
        FAIL_HERE(8)
2:      li a1, INTR | 1
        CHECK_EQ(9, s2, a1)
        CHECK_BITS(10, s5, MSTATUS_MPP, (1 << 11))

        /* delegated to S: taken in S when SIE = 1 */
        li a1, 2
        csrw mideleg, a1
        li s6, 0
        la s9, 2f
        GOTO(MODE_S, 1f)
1:      nop
        nop
        csrsi sstatus, MSTATUS_SIE    /* taken right after this */
3:      nop
        FAIL_HERE(11)
2:      csrr a0, scause
        csrr a1, sepc
        csrr a2, sstatus
        la s10, 4f
        ecall
4:      li a3, INTR | 1
        CHECK_EQ(12, a0, a3)
        la a3, 3b
        CHECK_EQ(13, a1, a3)
        CHECK_BITS(14, a2, MSTATUS_SIE | MSTATUS_SPIE | MSTATUS_SPP, MSTATUS_SPIE | MSTATUS_SPP)
        CHECK(15, s6, 1)              /* only the ecall reached M */
        /* delegated, in S with SIE = 0: not taken */
        li a1, MSTATUS_SIE
        csrc mstatus, a1
        mode_ok 16, MODE_S, nop; nop; nop
        /* delegated, in U with SIE = 0: taken (S interrupts always enabled in U) */
        li s7, 0
        la s9, 2f
        GOTO(MODE_U, 1f)
1:      nop
        nop
        FAIL_HERE(17)
2:      csrr a0, scause
        csrr a2, sstatus
        csrci sip, 2
        la s10, 4f
        ecall
4:      li a3, INTR | 1
        CHECK_EQ(18, a0, a3)
        CHECK_BITS(19, a2, MSTATUS_SPP, 0)
        csrr a0, mip
        CHECK_BITS(20, a0, 2, 0)

        /* Sstc: STCE = 0 -> stimecmp illegal from S (mcounteren.TM = 1 is needed too) */
        li a1, 7
        csrw mcounteren, a1
        li a1, (1 << 63)
        csrc menvcfg, a1
        mode_trap 21, MODE_S, CAUSE_ILLEGAL, csrr a0, stimecmp
        li a1, (1 << 63)
        csrs menvcfg, a1
        csrr a0, menvcfg
        CHECK_BITS(22, a0, (1 << 63), (1 << 63))
        mode_ok 23, MODE_S, csrr a0, stimecmp
        csrci mcounteren, 2
        mode_trap 49, MODE_S, CAUSE_ILLEGAL, csrr a0, stimecmp
        csrsi mcounteren, 2
        /* STIP follows time >= stimecmp; it is read-only in mip while STCE = 1 */
        csrw stimecmp, zero
        csrr a0, mip
        CHECK_BITS(24, a0, 0x20, 0x20)
        li a1, -1
        csrw stimecmp, a1
        csrr a0, mip
        CHECK_BITS(25, a0, 0x20, 0)
        csrsi mip, 0x10               /* no effect on bit 5 either way */
        li a1, 0x20
        csrs mip, a1
        csrr a0, mip
        CHECK_BITS(26, a0, 0x20, 0)

        /* timer interrupt delegated to S */
        li a1, 0x22
        csrw mideleg, a1
        csrw mie, a1
        li s7, 0
        la s9, 2f
        GOTO(MODE_S, 1f)
1:      csrsi sstatus, MSTATUS_SIE
        rdtime a0
        addi a0, a0, 50
        csrw stimecmp, a0
        li a1, 100000
3:      addi a1, a1, -1
        bnez a1, 3b
        FAIL_HERE(27)
2:      csrr a0, scause
        li a1, -1
        csrw stimecmp, a1
        la s10, 4f
        ecall
4:      li a3, INTR | 5
        CHECK_EQ(28, a0, a3)

        /* priority: SSI before STI when both are pending */
        csrw stimecmp, zero           /* STIP */
        csrsi mip, 2                  /* SSIP */
        li a1, MSTATUS_SIE
        csrs mstatus, a1
        li s7, 0
        la s9, 2f
        GOTO(MODE_S, 1f)
1:      nop
        FAIL_HERE(29)
2:      csrr a0, scause
        csrci sip, 2
        la s9, 5f
        csrsi sstatus, MSTATUS_SIE
        nop
        FAIL_HERE(30)
5:      csrr a1, scause
        li t1, -1
        csrw stimecmp, t1
        la s10, 4f
        ecall
4:      li a3, INTR | 1
        CHECK_EQ(31, a0, a3)
        li a3, INTR | 5
        CHECK_EQ(32, a1, a3)
        /* same order when taken in M (not delegated) */
        csrw mideleg, zero
        csrw stimecmp, zero
        csrsi mip, 2
        la s10, 1f
        csrsi mstatus, MSTATUS_MIE
        nop
        FAIL_HERE(33)
1:      li a3, INTR | 1
        CHECK_EQ(34, s2, a3)
        csrci mip, 2
        la s10, 1f
        csrsi mstatus, MSTATUS_MIE
        nop
        FAIL_HERE(35)
1:      li a3, INTR | 5
        CHECK_EQ(36, s2, a3)
        li a1, -1
        csrw stimecmp, a1

        /* WFI wakes on a pending, locally enabled interrupt with MIE = 0 and goes on */
        li s6, 0
        li a1, 0x20
        csrw mie, a1
        rdtime a0
        addi a0, a0, 100
        csrw stimecmp, a0
        wfi
        csrr a0, mip
        CHECK_BITS(37, a0, 0x20, 0x20)
        CHECK(38, s6, 0)
        li a1, -1
        csrw stimecmp, a1
        csrw mie, zero

        /* TW: WFI in S traps; TSR: SRET in S traps; TVM: satp and sfence.vma in S trap */
        li a1, MSTATUS_TW
        csrs mstatus, a1
        mode_trap 40, MODE_S, CAUSE_ILLEGAL, wfi
        li a1, 0x10500073
        CHECK_EQ(41, s4, a1)
        li a1, MSTATUS_TW
        csrc mstatus, a1
        li a1, MSTATUS_TSR
        csrs mstatus, a1
        mode_trap 42, MODE_S, CAUSE_ILLEGAL, sret
        li a1, MSTATUS_TSR
        csrc mstatus, a1
        li a1, MSTATUS_TVM
        csrs mstatus, a1
        mode_trap 43, MODE_S, CAUSE_ILLEGAL, csrr a0, satp
        mode_trap 44, MODE_S, CAUSE_ILLEGAL, csrw satp, zero
        mode_trap 45, MODE_S, CAUSE_ILLEGAL, sfence.vma
        mode_trap 46, MODE_S, CAUSE_ILLEGAL, sfence.vma a0, a1
        csrr a0, satp                 /* M is not affected */
        sfence.vma
        li a1, MSTATUS_TVM
        csrc mstatus, a1
        mode_ok 47, MODE_S, csrr a0, satp
        mode_ok 48, MODE_S, sfence.vma

        j pass
PRIV_END
