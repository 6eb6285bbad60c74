/* h-interrupts.S -- VS-level interrupts: VSSIP from hvip (and from hip) delegated by hideleg
   to VS-mode, renumbered (vscause = interrupt | 1) at vstvec, masked by vsstatus.SIE in VS but
   not in VU; without hideleg the same interrupt goes to HS (scause = interrupt | 2,
   hstatus.SPV = 1); VSTIP from vstimecmp (menvcfg.STCE and henvcfg.STCE) compared against
   time + htimedelta (vscause = interrupt | 5); VSEIP from hvip bit 10 (vscause = interrupt | 9).
   The guest runs with hgatp = vsatp = 0; the recording S handler strap_rec serves as vstvec
   (it then runs in VS-mode and reads the vs* copies) and as stvec. */
#include "test.h"
#include "priv.h"

#define DELTA      0x100000000000
#define ENVCFG_STCE (1 << 63)
#ifdef QEMU_REF   /* QEMU's time runs at 10 MHz of host time: leave room for a busy host */
#define WAIT_TICKS 200000
#define WAIT_LOOPS 500000000
#else             /* VirtLab: one tick per 10 instructions */
#define WAIT_TICKS 200
#define WAIT_LOOPS 5000000
#endif

/* Enters VS (or VU) at 1f with s9 = 3f, s10 = 2f; the code after the macro supplies
   labels 1 (guest code), 3 (after the VS handler, still in VS) and 2 (back in M). */
        .macro enter_v mode
        li s7, 0
        li s0, 0
        la s9, 3f
        la s10, 2f
        GOTO_V(\mode, 1f)
        .endm

TEST_BEGIN
        PRIV_INIT
        csrw medeleg, zero
        csrw hedeleg, zero
        csrw mideleg, zero
        csrw hideleg, zero
        csrw hvip, zero
        csrw mie, zero
        csrw menvcfg, zero
        csrw henvcfg, zero
        csrw hgatp, zero
        csrw vsatp, zero
        csrw hstatus, zero
        la t1, strap_rec
        csrw vstvec, t1
        csrw stvec, t1
        li t1, 0x77
        csrw scause, t1

        /* ---- VSSIP via hvip, hideleg[2]: to VS with vscause = interrupt | 1 ---- */
        li t1, 4
        csrw mie, t1
        csrw hideleg, t1
        li t1, MSTATUS_SIE
        csrw vsstatus, t1
        li t1, 4
        csrw hvip, t1
        enter_v MODE_S
1:      nop
        nop
        ecall                         /* not reached if the interrupt is taken */
3:      mv s0, s2
        mv s1, s3
        mv s8, s5
        ecall
2:      CHECK(1, s2, CAUSE_ECALL_VS)
        CHECK(2, s7, 1)
        CHECK(3, s0, INTR | 1)
        la a0, 1b
        CHECK_EQ(4, s1, a0)
        CHECK_BITS(5, s8, MSTATUS_SIE | MSTATUS_SPIE | MSTATUS_SPP, MSTATUS_SPIE | MSTATUS_SPP)
        csrr a0, vscause
        CHECK(6, a0, INTR | 1)
        csrr a0, scause               /* HS untouched */
        CHECK(7, a0, 0x77)
        csrr a0, mip
        CHECK_BITS(8, a0, 4, 4)       /* still pending: software clears it */
        csrw hvip, zero

        /* ---- the same through hip.VSSIP ---- */
        li t1, MSTATUS_SIE
        csrw vsstatus, t1
        li t1, 4
        csrs hip, t1
        enter_v MODE_S
1:      nop
        nop
        ecall
3:      mv s0, s2
        mv s1, s3
        csrci sip, 2                  /* the guest clears it through its sip (vsip.SSIP) */
        ecall
2:      CHECK(9, s2, CAUSE_ECALL_VS)
        CHECK(10, s0, INTR | 1)
        la a0, 1b
        CHECK_EQ(11, s1, a0)
        csrr a0, hvip
        CHECK(12, a0, 0)

        /* ---- vsstatus.SIE = 0: not taken in VS ... ---- */
        csrw vsstatus, zero
        li t1, 4
        csrw hvip, t1
        enter_v MODE_S
1:      nop
        nop
4:      ecall
3:      FAIL_HERE(13)
2:      CHECK(14, s2, CAUSE_ECALL_VS)
        CHECK(15, s7, 0)
        la a0, 4b
        CHECK_EQ(16, s3, a0)
        /* ... but taken in VU (VS interrupts are always enabled there) */
        enter_v MODE_U
1:      nop
        nop
        ecall                         /* VU ecall: cause 8 if the interrupt is not taken */
3:      mv s0, s2
        mv s1, s3
        mv s8, s5
        ecall
2:      CHECK(17, s2, CAUSE_ECALL_VS)
        CHECK(18, s0, INTR | 1)
        la a0, 1b
        CHECK_EQ(19, s1, a0)
        CHECK_BITS(20, s8, MSTATUS_SPP, 0)
        csrw hvip, zero

        /* ---- hideleg[2] = 0: the pending VS interrupt goes to HS (scause = interrupt | 2),
           whatever vsstatus.SIE and sstatus.SIE say, since V = 1 is less privileged ---- */
        csrw hideleg, zero
        csrw vsstatus, zero
        li t1, MSTATUS_SIE
        csrc mstatus, t1
        li t1, 4
        csrw hvip, t1
        enter_v MODE_S
1:      nop
        nop
        ecall
3:      mv s0, s2                     /* now in HS */
        mv s1, s3
        csrr a1, hstatus
        csrr a2, vscause
        ecall
2:      CHECK(21, s2, CAUSE_ECALL_S)
        CHECK(22, s0, INTR | 2)
        la a0, 1b
        CHECK_EQ(23, s1, a0)
        CHECK_BITS(24, a1, HSTATUS_SPV | HSTATUS_SPVP, HSTATUS_SPV | HSTATUS_SPVP)
        CHECK(25, a2, INTR | 1)       /* left over from the VU test: VS untouched */
        csrr a0, scause
        CHECK(26, a0, INTR | 2)
        csrw hvip, zero
        csrw mie, zero

        /* ---- VSEIP via hvip[10]: vscause = interrupt | 9 ---- */
        li t1, (1 << 10)
        csrw mie, t1
        csrw hideleg, t1
        li t1, MSTATUS_SIE
        csrw vsstatus, t1
        li t1, (1 << 10)
        csrw hvip, t1
        enter_v MODE_S
1:      nop
        nop
        ecall
3:      mv s0, s2
        mv s1, s3
        ecall
2:      CHECK(27, s2, CAUSE_ECALL_VS)
        CHECK(28, s0, INTR | 9)
        la a0, 1b
        CHECK_EQ(29, s1, a0)
        csrw hvip, zero
        csrw mie, zero

        /* ---- all three pending: VS sees SEI first, then SSI, then STI ---- */
        li t1, 0x444
        csrw mie, t1
        csrw hideleg, t1
        csrw hvip, t1
        li t1, MSTATUS_SIE
        csrw vsstatus, t1
        enter_v MODE_S
1:      nop
        nop
        ecall
3:      mv s0, s2
        ecall
2:      CHECK(44, s2, CAUSE_ECALL_VS)
#ifndef QEMU_REF  /* QEMU 7.2 delivers VSSI before VSEI in VS-mode */
        CHECK(45, s0, INTR | 9)
#endif
        li t1, 0x044                  /* SSI before STI */
        csrw hvip, t1
        li t1, MSTATUS_SIE
        csrw vsstatus, t1
        enter_v MODE_S
1:      nop
        nop
        ecall
3:      mv s0, s2
        ecall
2:      CHECK(46, s2, CAUSE_ECALL_VS)
        CHECK(47, s0, INTR | 1)
        li t1, 0x040
        csrw hvip, t1
        li t1, MSTATUS_SIE
        csrw vsstatus, t1
        enter_v MODE_S
1:      nop
        nop
        ecall
3:      mv s0, s2
        ecall
2:      CHECK(48, s0, INTR | 5)
        /* VS interrupt disabled in vsie (mie bit) is not taken */
        li t1, 0x404
        csrw hvip, t1
        li t1, 0x040
        csrw mie, t1
        li t1, MSTATUS_SIE
        csrw vsstatus, t1
        enter_v MODE_S
1:      nop
        nop
        ecall
3:      FAIL_HERE(49)
2:      CHECK(50, s2, CAUSE_ECALL_VS)
        CHECK(51, s7, 0)
        /* delegated VS interrupts are never taken in HS, even with sstatus.SIE = 1 */
        li t1, 0x444
        csrw mie, t1
        csrw hvip, t1
        la s9, 3f
        la s10, 2f
        li s7, 0
        GOTO(MODE_S, 1f)
1:      csrsi sstatus, MSTATUS_SIE
        nop
        nop
        ecall
3:      FAIL_HERE(52)
2:      CHECK(53, s2, CAUSE_ECALL_S)
        CHECK(54, s7, 0)
        /* not delegated (hideleg = 0): taken in HS when sstatus.SIE = 1, as interrupt | 10 */
        csrw hideleg, zero
        li t1, 0x400
        csrw hvip, t1
        csrw mie, t1
        la s9, 3f
        la s10, 2f
        GOTO(MODE_S, 1f)
1:      csrsi sstatus, MSTATUS_SIE
        nop
        ecall
3:      mv s0, s2
        csrr a1, hstatus
        ecall
2:      CHECK(55, s2, CAUSE_ECALL_S)
        CHECK(56, s0, INTR | 10)
        CHECK_BITS(57, a1, HSTATUS_SPV, 0)
        csrw hvip, zero
        csrw mie, zero
        csrw hideleg, zero
        li t1, MSTATUS_SIE
        csrc mstatus, t1

        /* ---- VSTIP from vstimecmp (Sstc), offset by htimedelta ---- */
        li t1, -1
        csrw stimecmp, t1
        csrw vstimecmp, t1
        li t1, ENVCFG_STCE
        csrw menvcfg, t1
        csrw henvcfg, t1
        li t1, DELTA
        csrw htimedelta, t1
        /* vstimecmp = time + DELTA / 2: already reached in guest time (time + DELTA) */
        csrr a0, time
        li t1, DELTA / 2
        add a0, a0, t1
        csrw vstimecmp, a0
        csrr a0, hip
        CHECK_BITS(30, a0, (1 << 6), (1 << 6))
        csrr a0, mip
        CHECK_BITS(31, a0, (1 << 6), (1 << 6))
        csrr a0, hvip                 /* hvip only holds what software wrote */
        CHECK(32, a0, 0)
        /* far in the future of the guest */
        csrr a0, time
        li t1, DELTA + 0x10000000
        add a0, a0, t1
        csrw vstimecmp, a0
        csrr a0, hip
        CHECK_BITS(33, a0, (1 << 6), 0)
        /* henvcfg.STCE = 0: vstimecmp has no effect */
        csrw vstimecmp, zero
        csrw henvcfg, zero
#ifndef QEMU_REF  /* QEMU 7.2 keeps VSTIP latched from vstimecmp when STCE is cleared */
        csrr a0, hip
        CHECK_BITS(34, a0, (1 << 6), 0)
#endif
        li t1, ENVCFG_STCE
        csrw henvcfg, t1
        csrr a0, hip
        CHECK_BITS(35, a0, (1 << 6), (1 << 6))
        /* delivery to VS: vscause = interrupt | 5 */
        li t1, (1 << 6)
        csrw mie, t1
        csrw hideleg, t1
        li t1, MSTATUS_SIE
        csrw vsstatus, t1
        enter_v MODE_S
1:      nop
        nop
        ecall
3:      mv s0, s2
        mv s1, s3
        ecall
2:      CHECK(36, s2, CAUSE_ECALL_VS)
        CHECK(37, s0, INTR | 5)
        la a0, 1b
        CHECK_EQ(38, s1, a0)
        /* waiting for a deadline a little in the guest's future */
        li t1, 2
        csrw mcounteren, t1
        csrw hcounteren, t1
        li t1, MSTATUS_SIE
        csrw vsstatus, t1
        csrr a0, time
        li t1, DELTA + WAIT_TICKS
        add s11, a0, t1
        csrw vstimecmp, s11
        csrr a0, hip
        CHECK_BITS(39, a0, (1 << 6), 0)
        li a3, 0
        li a4, WAIT_LOOPS
        enter_v MODE_S
1:      addi a3, a3, 1
        bne a3, a4, 1b
        ecall                         /* gave up waiting */
3:      mv s0, s2
        rdtime a5                     /* guest time */
        ecall
2:      CHECK(40, s2, CAUSE_ECALL_VS)
        CHECK(41, s0, INTR | 5)
        li TESTNUM, 42
        bltu a5, s11, fail
        li t1, -1
        csrw vstimecmp, t1
        csrr a0, hip
        CHECK_BITS(43, a0, (1 << 6), 0)

        csrw mie, zero
        csrw hideleg, zero
        csrw htimedelta, zero
        csrw henvcfg, zero
        csrw menvcfg, zero
        csrw mcounteren, zero
        csrw hcounteren, zero
        j pass
PRIV_END
