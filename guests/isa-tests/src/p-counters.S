/* p-counters.S -- Zicntr: cycle/time/instret gated by mcounteren and scounteren;
   minstret and mcycle writes. */
#include "test.h"
#include "priv.h"

TEST_BEGIN
        PRIV_INIT

        /* M-mode always reads them */
        rdcycle a0
        rdtime a0
        rdinstret a0
        li TESTNUM, 1
        rdcycle a0
        rdcycle a1
        bltu a1, a0, fail

        /* all disabled: illegal from S and U */
        csrw mcounteren, zero
        csrw scounteren, zero
        mode_trap 2, MODE_S, CAUSE_ILLEGAL, rdcycle a0
        mode_trap 3, MODE_S, CAUSE_ILLEGAL, rdtime a0
        mode_trap 4, MODE_S, CAUSE_ILLEGAL, rdinstret a0
        mode_trap 5, MODE_U, CAUSE_ILLEGAL, rdcycle a0
        mode_trap 6, MODE_U, CAUSE_ILLEGAL, rdtime a0
        mode_trap 7, MODE_U, CAUSE_ILLEGAL, rdinstret a0
        li a1, 0xc0202573             /* rdinstret a0 */
        CHECK_EQ(8, s4, a1)

        /* mcounteren bits individually: CY = 0, TM = 1, IR = 2 */
        li a1, 1
        csrw mcounteren, a1
        mode_ok 9, MODE_S, rdcycle a0
        mode_trap 10, MODE_S, CAUSE_ILLEGAL, rdtime a0
        mode_trap 11, MODE_S, CAUSE_ILLEGAL, rdinstret a0
        li a1, 2
        csrw mcounteren, a1
        mode_trap 12, MODE_S, CAUSE_ILLEGAL, rdcycle a0
        mode_ok 13, MODE_S, rdtime a0
        mode_trap 14, MODE_S, CAUSE_ILLEGAL, rdinstret a0
        li a1, 4
        csrw mcounteren, a1
        mode_trap 15, MODE_S, CAUSE_ILLEGAL, rdcycle a0
        mode_trap 16, MODE_S, CAUSE_ILLEGAL, rdtime a0
        mode_ok 17, MODE_S, rdinstret a0

        /* U needs both mcounteren and scounteren */
        li a1, 7
        csrw mcounteren, a1
        mode_ok 18, MODE_S, rdcycle a0; rdtime a0; rdinstret a0
        mode_trap 19, MODE_U, CAUSE_ILLEGAL, rdcycle a0
        mode_trap 20, MODE_U, CAUSE_ILLEGAL, rdtime a0
        mode_trap 21, MODE_U, CAUSE_ILLEGAL, rdinstret a0
        li a1, 7
        csrw scounteren, a1
        mode_ok 22, MODE_U, rdcycle a0; rdtime a0; rdinstret a0
        li a1, 5
        csrw scounteren, a1
        mode_trap 23, MODE_U, CAUSE_ILLEGAL, rdtime a0
        mode_ok 24, MODE_U, rdcycle a0; rdinstret a0
        csrw mcounteren, zero
        li a1, 7
        csrw scounteren, a1
        mode_trap 25, MODE_U, CAUSE_ILLEGAL, rdcycle a0
        mode_trap 26, MODE_S, CAUSE_ILLEGAL, rdcycle a0
        /* the counter CSRs are read-only even in M */
        mtrap 27, CAUSE_ILLEGAL, csrw instret, zero
        mtrap 28, CAUSE_ILLEGAL, csrw time, zero

        /* minstret write: the next reads continue from the written value */
        li a1, 1000
        csrw minstret, a1
        rdinstret a0
#ifndef QEMU_REF  /* QEMU 7.2 without -icount counts host ticks, not instructions */
        li TESTNUM, 29
        bltu a0, a1, fail
        addi a1, a1, 20
        bgeu a0, a1, fail
#endif
        csrr a2, minstret
        li TESTNUM, 30
        bltu a2, a0, fail
        li a1, 0x100000000
        csrw minstret, a1
        csrr a0, minstret
        li TESTNUM, 31
        bltu a0, a1, fail
        /* mcycle write */
        li a1, 5000
        csrw mcycle, a1
        rdcycle a0
#ifndef QEMU_REF
        li TESTNUM, 32
        bltu a0, a1, fail
        li a1, 5000000
        bgeu a0, a1, fail
#endif
        /* instret counts retired instructions */
        rdinstret a0
        nop
        nop
        nop
        nop
        rdinstret a1
        sub a1, a1, a0
#ifndef QEMU_REF
        CHECK(33, a1, 5)
#endif

        j pass
PRIV_END
