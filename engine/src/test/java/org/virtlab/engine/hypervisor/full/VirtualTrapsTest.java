package org.virtlab.engine.hypervisor.full;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.virtlab.engine.cpu.CsrNames.*;
import static org.virtlab.engine.cpu.Privilege.M;
import static org.virtlab.engine.cpu.Privilege.S;
import static org.virtlab.engine.cpu.Privilege.U;
import static org.virtlab.engine.hypervisor.full.VcpuFixture.M_VECTOR;
import static org.virtlab.engine.hypervisor.full.VcpuFixture.S_VECTOR;

import org.junit.jupiter.api.Test;
import org.virtlab.engine.cpu.Cause;
import org.virtlab.engine.devices.HartInterruptPins;

/**
 * Virtual interrupts and trap entry: priority, global enables, delegation, the xPP/xPIE/xIE
 * stack, vectored mode, the WFI wake rule, and what the hypervisor derives from the virtual
 * state (shadow context, native counter enables, the Sstc deadline). References: privileged
 * spec, "Machine Trap Delegation Registers", "Machine Interrupt Registers", "Machine Trap-Vector
 * Base-Address Register", "Wait for Interrupt"; Sstc; Zicntr.
 */
class VirtualTrapsTest {
    private static final long INT = Cause.INTERRUPT;
    private static final long ALL = 0xAAAL;           // SSI, MSI, STI, MTI, SEI, MEI

    private static VcpuFixture allPending(int priv) {
        VcpuFixture f = VcpuFixture.at(priv);
        f.v.setInterruptLine(HartInterruptPins.MSIP, true);
        f.v.setInterruptLine(HartInterruptPins.MTIP, true);
        f.v.setInterruptLine(HartInterruptPins.MEIP, true);
        f.v.setCsr(MIP, 0x222);
        return f;
    }

    // ---- pendingInterrupt: priority ------------------------------------------------------------

    @Test
    void priorityIsMeiMsiMtiSeiSsiSti() {
        VcpuFixture f = allPending(U);
        int[] expected = {11, 3, 7, 9, 1, 5};
        long enabled = ALL;
        for (int cause : expected) {
            f.v.setCsr(MIE, enabled);
            assertEquals(INT | cause, VirtualTraps.pendingInterrupt(f.v), "with mie = 0x" + Long.toHexString(enabled));
            enabled &= ~(1L << cause);
        }
        f.v.setCsr(MIE, 0);
        assertEquals(-1, VirtualTraps.pendingInterrupt(f.v));
    }

    @Test
    void pendingButNotEnabledInMieIsNotTaken() {
        VcpuFixture f = allPending(U);
        f.v.setCsr(MIE, 0);
        assertEquals(-1, VirtualTraps.pendingInterrupt(f.v));
        VcpuFixture g = VcpuFixture.at(U);
        g.v.setCsr(MIE, ALL);
        assertEquals(-1, VirtualTraps.pendingInterrupt(g.v), "enabled but nothing pending");
    }

    @Test
    void machineLevelInterruptsComeBeforeDelegatedOnesOfHigherPriority() {
        VcpuFixture f = VcpuFixture.at(U);
        f.v.setCsr(MIDELEG, 0x200);                          // SEI delegated
        f.v.setCsr(MIE, ALL);
        f.v.setCsr(MIP, 0x200 | 0x2);                        // SEI (to S), SSI (to M)
        assertEquals(INT | 1, VirtualTraps.pendingInterrupt(f.v), "the M-level SSI goes first");
    }

    // ---- pendingInterrupt: global enables -------------------------------------------------------

    @Test
    void machineInterruptsNeedMieOnlyInM() {
        VcpuFixture f = allPending(M);
        f.v.setCsr(MIE, 1L << 7);
        assertEquals(-1, VirtualTraps.pendingInterrupt(f.v), "in M with MIE = 0");
        f.v.setCsr(MSTATUS, 0x8);
        assertEquals(INT | 7, VirtualTraps.pendingInterrupt(f.v));
        for (int priv : new int[] {S, U}) {
            VcpuFixture g = allPending(priv);
            g.v.setCsr(MIE, 1L << 7);
            assertEquals(INT | 7, VirtualTraps.pendingInterrupt(g.v), "below M, whatever MIE");
        }
    }

    @Test
    void delegatedInterruptsNeedSieInSAreAlwaysOnInUAndNeverInM() {
        for (int priv : new int[] {M, S, U}) {
            VcpuFixture f = VcpuFixture.at(priv);
            f.v.setCsr(MIDELEG, 0x222);
            f.v.setCsr(MIE, 0x20);
            f.v.setCsr(MIP, 0x20);                          // STI, delegated
            f.v.setCsr(MSTATUS, 0x8);                       // MIE only
            long withoutSie = VirtualTraps.pendingInterrupt(f.v);
            f.v.setCsr(MSTATUS, 0x8 | 0x2);                 // MIE and SIE
            long withSie = VirtualTraps.pendingInterrupt(f.v);
            switch (priv) {
                case M -> {
                    assertEquals(-1, withoutSie);
                    assertEquals(-1, withSie, "delegated interrupts are never taken in M");
                }
                case S -> {
                    assertEquals(-1, withoutSie);
                    assertEquals(INT | 5, withSie);
                }
                default -> {
                    assertEquals(INT | 5, withoutSie);
                    assertEquals(INT | 5, withSie);
                }
            }
        }
    }

    @Test
    void sbiGuestsNeverSeeMachineLevelInterrupts() {
        VcpuFixture f = VcpuFixture.sbi();
        f.v.setInterruptLine(HartInterruptPins.MTIP, true);
        f.v.setCsr(MIE, ALL);
        f.v.setCsr(MSTATUS, f.v.mstatus() | 0x2 | 0x8);
        assertEquals(-1, VirtualTraps.pendingInterrupt(f.v));
        f.v.setInterruptLine(HartInterruptPins.SEIP, true);
        assertEquals(INT | 9, VirtualTraps.pendingInterrupt(f.v));
    }

    @Test
    void sstcStipIsDeliveredWhenTimeReachesStimecmp() {
        VcpuFixture f = VcpuFixture.sbi();
        f.v.setCsr(SIE, 0x20);
        f.v.setCsr(SSTATUS, 0x2);
        f.v.setCsr(STIMECMP, 100);
        f.now = 99;
        assertEquals(-1, VirtualTraps.pendingInterrupt(f.v));
        assertEquals(100, VirtualTraps.nextTimerDeadline(f.v));
        f.now = 100;
        assertEquals(INT | 5, VirtualTraps.pendingInterrupt(f.v));
        assertEquals(Long.MAX_VALUE, VirtualTraps.nextTimerDeadline(f.v), "already pending: nothing to wait for");
    }

    // ---- enterTrap -------------------------------------------------------------------------------

    @Test
    void exceptionFromUNotDelegatedEntersM() {
        VcpuFixture f = VcpuFixture.at(U);
        f.v.setCsr(MSTATUS, 0x8);                            // MIE
        long pc = VirtualTraps.enterTrap(f.v, Cause.LOAD_PAGE_FAULT, 0xDEAD, 0x1001);
        assertEquals(M_VECTOR, pc);
        assertEquals(M, f.v.priv());
        assertEquals(Cause.LOAD_PAGE_FAULT, f.v.csr(MCAUSE));
        assertEquals(0xDEAD, f.v.csr(MTVAL));
        assertEquals(0x1000, f.v.csr(MEPC), "mepc bit 0 is zero");
        long ms = f.v.mstatus();
        assertEquals(0, ms & 0x1800, "MPP = U");
        assertEquals(0x80, ms & 0x88, "MPIE := MIE, MIE := 0");
    }

    @Test
    void exceptionFromSDelegatedEntersSWithSppS() {
        VcpuFixture f = VcpuFixture.at(S);
        f.v.setCsr(MEDELEG, 1L << Cause.BREAKPOINT);
        long pc = VirtualTraps.enterTrap(f.v, Cause.BREAKPOINT, 0x4000, 0x4000);
        assertEquals(S_VECTOR, pc);
        assertEquals(S, f.v.priv());
        assertEquals(Cause.BREAKPOINT, f.v.csr(SCAUSE));
        assertEquals(0x4000, f.v.csr(SEPC));
        assertEquals(0x4000, f.v.csr(STVAL));
        assertEquals(0x100, f.v.mstatus() & 0x122, "SPP = S, SPIE := SIE = 0, SIE = 0");
        assertEquals(0, f.v.csr(MCAUSE), "M untouched");
    }

    @Test
    void delegationDoesNotApplyInM() {
        VcpuFixture f = VcpuFixture.machine();
        f.v.setCsr(MEDELEG, 0xB3FF);
        f.v.setCsr(MSTATUS, 3L << 11);
        assertEquals(M_VECTOR, VirtualTraps.enterTrap(f.v, Cause.ILLEGAL_INSTRUCTION, 0, 0x100));
        assertEquals(M, f.v.priv());
        assertEquals(3, (f.v.mstatus() >>> 11) & 3, "MPP = M");
    }

    @Test
    void delegatedInterruptFromUEntersSWithSppUAndSpieFromSie() {
        VcpuFixture f = VcpuFixture.at(U);
        f.v.setCsr(MIDELEG, 0x222);
        f.v.setCsr(MSTATUS, 0x2 | 0x100);                   // SIE = 1, SPP = S (stale)
        long pc = VirtualTraps.enterTrap(f.v, INT | 9, 0, 0x2000);
        assertEquals(S_VECTOR, pc, "direct mode: the base");
        assertEquals(INT | 9, f.v.csr(SCAUSE));
        assertEquals(0x20, f.v.mstatus() & 0x122, "SPP = U, SPIE = 1, SIE = 0");
    }

    @Test
    void vectoredModeOffsetsInterruptsOnly() {
        VcpuFixture f = VcpuFixture.at(S);
        f.v.setCsr(STVEC, S_VECTOR | 1);
        f.v.setCsr(MTVEC, M_VECTOR | 1);
        f.v.setCsr(MIDELEG, 0x222);
        f.v.setCsr(MEDELEG, 1L << Cause.ECALL_FROM_U);
        assertEquals(S_VECTOR + 4 * 5, VirtualTraps.enterTrap(f.v, INT | 5, 0, 0));
        f.v.priv = U;
        assertEquals(S_VECTOR, VirtualTraps.enterTrap(f.v, Cause.ECALL_FROM_U, 0, 0), "exceptions use the base");
        f.v.priv = S;
        assertEquals(M_VECTOR + 4 * 11, VirtualTraps.enterTrap(f.v, INT | 11, 0, 0));
        assertEquals(M_VECTOR, VirtualTraps.enterTrap(f.v, Cause.ILLEGAL_INSTRUCTION, 0, 0));
    }

    @Test
    void mppRecordsSAndMretRoundTrips() {
        VcpuFixture f = VcpuFixture.at(S);
        f.v.setCsr(MSTATUS, 0x8);                            // MIE: will be stacked in MPIE
        VirtualTraps.enterTrap(f.v, Cause.ECALL_FROM_HS, 0, VcpuFixture.PC);
        assertEquals(1, (f.v.mstatus() >>> 11) & 3);
        f.v.setCsr(MEPC, f.v.csr(MEPC) + 4);
        Emulation e = f.ok(SystemEncoding.MRET);
        assertEquals(VcpuFixture.PC + 4, e.nextPc());
        assertEquals(S, f.v.priv());
        assertEquals(0x8, f.v.mstatus() & 0x8, "MIE restored");
    }

    @Test
    void sbiGuestTrapsThatWouldEnterMAreRedirectedToS() {
        VcpuFixture f = VcpuFixture.sbi();
        f.v.priv = U;
        long pc = VirtualTraps.enterTrap(f.v, Cause.LOAD_ACCESS_FAULT, 0x10, 0x3000);
        assertEquals(S_VECTOR, pc);
        assertEquals(S, f.v.priv());
        assertEquals(Cause.LOAD_ACCESS_FAULT, f.v.csr(SCAUSE));
        assertEquals(0, f.v.mstatus() & 0x100, "SPP = U");
        assertEquals(0, f.v.csr(MCAUSE));
    }

    @Test
    void ecallCauseFollowsTheVirtualPrivilege() {
        assertEquals(Cause.ECALL_FROM_U, VirtualTraps.ecallCause(VcpuFixture.at(U).v));
        assertEquals(Cause.ECALL_FROM_HS, VirtualTraps.ecallCause(VcpuFixture.at(S).v));
        assertEquals(Cause.ECALL_FROM_M, VirtualTraps.ecallCause(VcpuFixture.at(M).v));
    }

    // ---- wakes -----------------------------------------------------------------------------------

    @Test
    void wfiWakesOnAnyPendingEnabledInterruptWhateverTheGlobalEnables() {
        VcpuFixture f = VcpuFixture.machine();
        assertFalse(VirtualTraps.wakes(f.v));
        f.v.setInterruptLine(HartInterruptPins.MTIP, true);
        assertFalse(VirtualTraps.wakes(f.v), "not enabled in mie");
        f.v.setCsr(MIE, 1L << 7);
        assertTrue(VirtualTraps.wakes(f.v), "MIE = 0 does not matter");
        assertEquals(-1, VirtualTraps.pendingInterrupt(f.v), "though it is not taken in M with MIE = 0");
        VcpuFixture g = VcpuFixture.machine();
        g.v.setCsr(MIDELEG, 0x222);
        g.v.setCsr(MIE, 0x2);
        g.v.setCsr(MIP, 0x2);
        assertTrue(VirtualTraps.wakes(g.v), "a delegated interrupt wakes M-mode too");
    }

    // ---- shadow context ------------------------------------------------------------------------

    @Test
    void shadowContextFollowsPrivilegeSatpAndSum() {
        VcpuFixture f = VcpuFixture.machine();
        f.v.setCsr(SATP, 8L << 60);
        assertEquals(ShadowContext.BARE, VirtualTraps.shadowContext(f.v), "M is always bare");
        f.v.setCsr(MSTATUS, (1L << 17) | (1L << 11));        // MPRV with MPP = S: not supported, still bare
        assertEquals(ShadowContext.BARE, VirtualTraps.shadowContext(f.v));
        f.v.priv = S;
        assertEquals(ShadowContext.S, VirtualTraps.shadowContext(f.v));
        f.v.setCsr(SSTATUS, 1L << 18);
        assertEquals(ShadowContext.S_SUM, VirtualTraps.shadowContext(f.v));
        f.v.priv = U;
        assertEquals(ShadowContext.U, VirtualTraps.shadowContext(f.v), "SUM does not matter in U");
        f.v.setCsr(SATP, 0);
        assertEquals(ShadowContext.BARE, VirtualTraps.shadowContext(f.v), "Bare satp in U");
        f.v.priv = S;
        assertEquals(ShadowContext.BARE, VirtualTraps.shadowContext(f.v), "Bare satp in S");
    }

    // ---- counters and timer ----------------------------------------------------------------------

    @Test
    void nativeCounterEnableByVirtualPrivilege() {
        VcpuFixture f = VcpuFixture.machine();
        f.v.setCsr(MCOUNTEREN, 0xFFFF_FFF5L);                // CY, IR and hpm bits
        f.v.setCsr(SCOUNTEREN, 0x3);                         // CY, TM
        assertEquals(7, VirtualTraps.nativeCounterEnable(f.v));
        f.v.priv = S;
        assertEquals(5, VirtualTraps.nativeCounterEnable(f.v));
        f.v.priv = U;
        assertEquals(1, VirtualTraps.nativeCounterEnable(f.v));
        assertEquals(7, VirtualTraps.nativeCounterEnable(VcpuFixture.sbi().v));
    }

    @Test
    void timerDeadlineNeedsSstc() {
        VcpuFixture f = VcpuFixture.machine();
        f.v.setCsr(STIMECMP, 500);
        assertEquals(Long.MAX_VALUE, VirtualTraps.nextTimerDeadline(f.v), "STCE = 0");
        f.v.setCsr(MENVCFG, 1L << 63);
        assertEquals(500, VirtualTraps.nextTimerDeadline(f.v));
        f.v.setCsr(STIMECMP, -1L);
        assertEquals(Long.MAX_VALUE, VirtualTraps.nextTimerDeadline(f.v), "all ones: never");
    }
}
