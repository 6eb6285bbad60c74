/* h-ecall.S -- ecall from VS (cause 10) to M and to HS; ecall from VU (cause 8) delegated
   through medeleg + hedeleg to VS. Guest runs with vsatp = hgatp = 0 (bare). */
#include "test.h"
#include "priv.h"

TEST_BEGIN
        PRIV_INIT
        csrw hgatp, zero
        csrw vsatp, zero
        csrw medeleg, zero
        csrw hedeleg, zero
        /* VS ecall -> M, cause 10, MPV = 1, MPP = S */
        la s10, 2f
        GOTO_V(MODE_S, 1f)
1:      ecall
2:      CHECK(1, s2, CAUSE_ECALL_VS)
        la a1, 1b
        CHECK_EQ(2, s3, a1)
        CHECK_BITS(3, s5, MSTATUS_MPV | MSTATUS_MPP, MSTATUS_MPV | (1 << 11))
        /* VU ecall -> M, cause 8, MPV = 1, MPP = U */
        la s10, 2f
        GOTO_V(MODE_U, 1f)
1:      ecall
2:      CHECK(4, s2, CAUSE_ECALL_U)
        CHECK_BITS(5, s5, MSTATUS_MPV | MSTATUS_MPP, MSTATUS_MPV)
        /* medeleg bit 10: VS ecall -> HS; hstatus.SPV = 1, sstatus.SPP = S, scause 10 */
        SET_STRAP
        li a1, (1 << 10)
        csrw medeleg, a1
        li s7, 0
        la s9, 2f
        GOTO_V(MODE_S, 1f)
1:      ecall
2:      csrr a0, hstatus
        csrr a2, sstatus
        la s10, 3f
        ecall                         /* from HS: cause 9 to M */
3:      CHECK(6, s2, CAUSE_ECALL_S)
        CHECK_BITS(7, s5, MSTATUS_MPV, 0)
        CHECK(8, s7, 1)
        csrr a1, scause
        CHECK(9, a1, CAUSE_ECALL_VS)
        csrr a1, sepc
        la a3, 1b
        CHECK_EQ(10, a1, a3)
        CHECK_BITS(11, a0, HSTATUS_SPV, HSTATUS_SPV)
        CHECK_BITS(12, a2, MSTATUS_SPP, MSTATUS_SPP)
        /* VU ecall with medeleg[8] and hedeleg[8]: to VS; vscause 8, vsstatus.SPP = U */
        li a1, (1 << 8)
        csrw medeleg, a1
        csrw hedeleg, a1
        la a1, strap_rec
        csrw vstvec, a1
        li s7, 0
        la s9, 2f
        GOTO_V(MODE_U, 1f)
1:      ecall
2:      csrr a0, scause               /* in VS: this is vscause */
        la s10, 3f
        ecall                         /* VS ecall: 10, not delegated now -> M */
3:      CHECK(13, s2, CAUSE_ECALL_VS)
        CHECK(14, a0, CAUSE_ECALL_U)
        CHECK(15, s7, 1)
        csrr a1, vscause
        CHECK(16, a1, CAUSE_ECALL_U)
        csrr a1, vsepc
        la a3, 1b
        CHECK_EQ(17, a1, a3)
        csrr a1, vsstatus
        CHECK_BITS(18, a1, MSTATUS_SPP, 0)
        csrr a1, scause               /* HS scause untouched (still 10) */
        CHECK(19, a1, CAUSE_ECALL_VS)
        /* hedeleg bit 10 is read-only zero: VS ecalls never go to VS */
        li a1, -1
        csrw hedeleg, a1
        csrr a0, hedeleg
        CHECK_BITS(20, a0, (1 << 10) | (1 << 9) | (1 << 11), 0)
        csrw hedeleg, zero
        csrw medeleg, zero
        j pass
PRIV_END
