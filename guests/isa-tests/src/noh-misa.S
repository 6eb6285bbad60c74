/* noh-misa.S -- runs on a machine without the H extension: misa.H = 0 and H CSRs and
   instructions raise illegal instruction; mstatus.MPV/GVA read as zero. */
#include "test.h"
#include "priv.h"

TEST_BEGIN
        PRIV_INIT
        csrr a0, misa
        CHECK_BITS(1, a0, (1 << 7), 0)
        CHECK_BITS(2, a0, (1 << 18) | (1 << 20), (1 << 18) | (1 << 20))
        mtrap 3, CAUSE_ILLEGAL, csrr a0, hstatus
        mtrap 4, CAUSE_ILLEGAL, csrr a0, hgatp
        mtrap 5, CAUSE_ILLEGAL, csrr a0, vsstatus
        mtrap 6, CAUSE_ILLEGAL, csrw hedeleg, zero
        mtrap 7, CAUSE_ILLEGAL, csrr a0, mtval2
        mtrap 8, CAUSE_ILLEGAL, csrr a0, mtinst
        la a1, data
        mtrap 9, CAUSE_ILLEGAL, hlv.w a0, (a1)
        mtrap 10, CAUSE_ILLEGAL, hsv.d a0, (a1)
        mtrap 11, CAUSE_ILLEGAL, hfence.gvma
        mtrap 12, CAUSE_ILLEGAL, hfence.vvma
        mode_trap 13, MODE_S, CAUSE_ILLEGAL, hlv.d a0, (a1)
        li a1, MSTATUS_MPV | MSTATUS_GVA
        csrs mstatus, a1
        csrr a0, mstatus
#ifndef QEMU_REF  /* QEMU 7.2 lets MPV/GVA be written on RV64 even without H */
        CHECK_BITS(14, a0, MSTATUS_MPV | MSTATUS_GVA, 0)
#endif
        csrc mstatus, a1
        li a1, -1
        csrw mideleg, a1
        csrr a0, mideleg
#ifndef QEMU_REF  /* QEMU 7.2 keeps VS interrupt bits in mideleg without H */
        CHECK_BITS(15, a0, 0x1444, 0)
#endif
        csrw mideleg, zero
        j pass
PRIV_END
        .data
data:   .dword 0
