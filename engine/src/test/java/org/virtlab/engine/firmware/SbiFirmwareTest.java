package org.virtlab.engine.firmware;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.virtlab.engine.firmware.GuestCode.A0;
import static org.virtlab.engine.firmware.GuestCode.A1;
import static org.virtlab.engine.firmware.GuestCode.T0;
import static org.virtlab.engine.firmware.GuestCode.T1;
import static org.virtlab.engine.firmware.GuestCode.a0;
import static org.virtlab.engine.firmware.GuestCode.a1;

import org.junit.jupiter.api.Test;
import org.virtlab.engine.cpu.CsrNames;
import org.virtlab.engine.cpu.Hart;
import org.virtlab.engine.cpu.Privilege;
import org.virtlab.engine.machine.Machine;
import org.virtlab.engine.machine.MachineConfig;
import org.virtlab.engine.machine.RunResult;
import org.virtlab.engine.machine.StopReason;

/**
 * The built-in SBI against small S-mode programs: every extension's functions, their result
 * registers and error codes as SBI spec v2.0 gives them (the numbers are written out here, not
 * taken from the firmware's constants, so the test checks the code against the spec).
 */
class SbiFirmwareTest {
    static final long ENTRY = 0x8000_0000L;
    static final long FDT = 0x8700_0000L;
    static final long SECONDARY = 0x8000_4000L;
    static final long BUFFER = 0x8010_8000L;

    static final long BASE = 0x10, TIME = 0x54494D45L, IPI = 0x735049L, RFENCE = 0x52464E43L,
            HSM = 0x48534DL, SRST = 0x53525354L, DBCN = 0x4442434EL;

    Machine machine;
    RecordingPlatform platform;
    BuiltinSbi sbi;

    private void boot(GuestCode code, boolean h) {
        machine = new Machine(MachineConfig.builder().harts(2).memoryMiB(128).hExtension(h).sliceInstructions(100).build());
        platform = new RecordingPlatform(machine);
        sbi = new BuiltinSbi(machine, platform);
        code.loadInto(machine, ENTRY);
        sbi.boot(0, ENTRY, FDT);
    }

    private RunResult run(GuestCode code) {
        boot(code, true);
        return machine.runToCompletion(200_000);
    }

    @Test
    void bootEntersSupervisorModeOnTheBootHartOnly() {
        boot(new GuestCode().halt(), true);
        Hart h0 = machine.hart(0), h1 = machine.hart(1);
        assertEquals(Privilege.S, h0.privilege());
        assertFalse(h0.virtualMode());
        assertEquals(ENTRY, h0.pc());
        assertEquals(0, h0.x(10));
        assertEquals(FDT, h0.x(11));
        assertFalse(h0.isHalted());
        assertTrue(h1.isHalted());
        for (Hart h : new Hart[] {h0, h1}) {
            assertEquals(0xB109L | 0xF00400L, h.readCsr(CsrNames.MEDELEG), "medeleg: 0,3,8,12,13,15 + H 10,20-23");
            assertEquals(0x222L, h.readCsr(CsrNames.MIDELEG) & 0x222L);
            assertEquals(0xFFFF_FFFFL, h.readCsr(CsrNames.MCOUNTEREN));
            assertEquals(1L << 63, h.readCsr(CsrNames.MENVCFG) & (1L << 63));
            assertEquals(0x3F_FFFF_FFFF_FFFFL, h.readCsr(CsrNames.PMPADDR0));
            assertEquals(0x1FL, h.readCsr(CsrNames.PMPCFG0) & 0xFF);
            assertEquals(1L << 11, h.readCsr(CsrNames.MSTATUS) & (3L << 11), "MPP = S");
        }
        assertEquals(0, h0.readCsr(CsrNames.SATP));
        assertEquals(0, h0.readCsr(CsrNames.SSTATUS) & 2, "sstatus.SIE clear");
    }

    @Test
    void withoutTheHExtensionOnlyTheBaseDelegationsAreSet() {
        boot(new GuestCode().halt(), false);
        assertEquals(0xB109L, machine.hart(0).readCsr(CsrNames.MEDELEG));
        assertEquals(0x222L, machine.hart(0).readCsr(CsrNames.MIDELEG));
    }

    @Test
    void bootRefusesAMissingHartOrAnEntryOutsideMemory() {
        Machine m = new Machine(MachineConfig.builder().harts(2).build());
        BuiltinSbi s = new BuiltinSbi(m, new RecordingPlatform(m));
        assertThrows(IllegalArgumentException.class, () -> s.boot(2, ENTRY, FDT));
        assertThrows(IllegalArgumentException.class, () -> s.boot(0, 0x1000, FDT));
    }

    @Test
    void baseExtension() {
        GuestCode g = new GuestCode();
        g.call(BASE, 0).record(0);
        g.call(BASE, 1).record(1);
        g.call(BASE, 2).record(2);
        long[] eids = {BASE, TIME, IPI, RFENCE, HSM, SRST, DBCN, 0, 1, 2, 3, 4, 5, 6, 7, 8};
        for (int i = 0; i < eids.length; i++) g.call(BASE, 3, eids[i]).record(3 + i);
        g.call(BASE, 3, 0x12345678L).record(20);
        g.call(BASE, 3, 9).record(21);
        g.call(BASE, 4).record(22);
        g.call(BASE, 5).record(23);
        g.call(BASE, 6).record(24);
        g.halt();
        run(g);
        assertEquals(0, a0(machine, 0));
        assertEquals(0x0200_0000L, a1(machine, 0), "spec version 2.0");
        assertEquals(0x564C4142L, a1(machine, 1), "impl id");
        assertEquals(0x10000L, a1(machine, 2), "impl version 1.0");
        for (int i = 0; i < eids.length; i++) {
            assertEquals(0, a0(machine, 3 + i));
            assertEquals(1, a1(machine, 3 + i), "probe 0x" + Long.toHexString(eids[i]));
        }
        assertEquals(0, a1(machine, 20), "unknown extension");
        assertEquals(0, a1(machine, 21), "reserved legacy EID");
        for (int s = 22; s <= 24; s++) {
            assertEquals(0, a0(machine, s));
            assertEquals(0, a1(machine, s));
        }
        assertEquals(1, sbi.counters().calls("BASE", "get_spec_version"));
        assertEquals(18, sbi.counters().calls("BASE", "probe_extension"));
    }

    @Test
    void unknownExtensionsAndFunctionsAreNotSupported() {
        GuestCode g = new GuestCode();
        g.li(A1, 77).call(0x0A000000L, 0).record(0);
        g.call(BASE, 7).record(1);
        g.call(TIME, 1).record(2);
        g.call(HSM, 4).record(3);
        g.call(DBCN, 3).record(4);
        g.call(0x09, 0).record(5);
        g.halt();
        run(g);
        for (int s = 0; s <= 5; s++) assertEquals(-2, a0(machine, s), "slot " + s);
        assertEquals(6, sbi.counters().unsupportedCalls());
    }

    @Test
    void setTimerFiresASupervisorTimerInterrupt() {
        GuestCode g = new GuestCode();
        g.li(T0, ENTRY + 0x1000).csrw(CsrNames.STVEC, T0);
        g.li(T0, 0x20).csrs(CsrNames.SIE, T0);                   // sie.STIE
        g.csrr(T1, CsrNames.TIME).addi(T1, T1, 100);
        g.mv(A0, T1).li(GuestCode.A6, 0).li(GuestCode.A7, TIME).ecall().record(0);
        g.csrr(T1, CsrNames.SIP).recordReg(1, T1);                  // not yet pending
        g.li(T0, 2).csrs(CsrNames.SSTATUS, T0);                     // sstatus.SIE
        g.halt();
        while (g.bytes().length < 0x1000) g.word(0x13);             // nop up to the handler
        g.csrr(T1, CsrNames.SCAUSE).recordReg(2, T1);
        g.csrr(T1, CsrNames.SIP).recordReg(3, T1);
        g.call(TIME, 0, -1).record(4);                              // far future: STIP clears
        g.csrr(T1, CsrNames.SIP).recordReg(5, T1);
        g.call(SRST, 0, 0, 0);
        RunResult r = run(g);
        assertEquals(StopReason.POWER_OFF, r.reason());
        assertEquals(0, a0(machine, 0));
        assertEquals(0, a0(machine, 1) & 0x20, "STIP before the deadline");
        assertEquals(0x8000_0000_0000_0005L, a0(machine, 2), "scause: supervisor timer interrupt");
        assertEquals(0x20, a0(machine, 3) & 0x20, "STIP visible in the handler");
        assertEquals(0, a0(machine, 4));
        assertEquals(0, a0(machine, 5) & 0x20, "STIP cleared by a future deadline");
    }

    @Test
    void hartStartRunsTheSecondaryAndGetStatusFollowsIt() {
        GuestCode g = new GuestCode();
        g.call(HSM, 2, 1).record(0);                                 // STOPPED
        g.call(HSM, 0, 1, SECONDARY, 0x1234).record(1);
        g.call(HSM, 2, 1).record(2);                                 // STARTED
        g.call(HSM, 0, 1, SECONDARY, 0).record(3);                   // already available
        g.call(HSM, 0, 5, SECONDARY, 0).record(4);                   // no such hart
        g.call(HSM, 2, 7).record(5);
        g.call(HSM, 0, 0, SECONDARY, 0).record(6);                   // the caller itself is started
        g.label("wait").call(HSM, 2, 1).li(T1, 1).bne(A1, T1, "wait").record(7);
        g.call(HSM, 3, 0).record(8);                                 // retentive suspend
        g.call(HSM, 3, 0x80000000L, ENTRY, 0).record(9);             // non-retentive
        g.call(HSM, 3, 1).record(10);                                // reserved type
        g.call(HSM, 0, 1, 0x1000, 0).record(11);                     // not memory
        g.halt();
        GuestCode second = new GuestCode();
        second.recordReg(12, A0).recordReg(13, A1);
        second.csrr(T1, CsrNames.SATP).recordReg(14, T1);
        second.csrr(T1, CsrNames.SSTATUS).recordReg(15, T1);
        second.call(HSM, 1);                                         // stop: never returns
        second.li(T1, 0xBAD).recordReg(16, T1).halt();
        boot(g, true);
        second.loadInto(machine, SECONDARY);
        machine.runToCompletion(200_000);
        assertEquals(1, a1(machine, 0));
        assertEquals(0, a0(machine, 1));
        assertEquals(0, a1(machine, 2));
        assertEquals(-6, a0(machine, 3));
        assertEquals(-3, a0(machine, 4));
        assertEquals(-3, a0(machine, 5));
        assertEquals(-6, a0(machine, 6));
        assertEquals(0, a0(machine, 7));
        assertEquals(1, a1(machine, 7), "STOPPED after hart_stop");
        assertEquals(0, a0(machine, 8));
        assertEquals(-2, a0(machine, 9));
        assertEquals(-3, a0(machine, 10));
        assertEquals(-5, a0(machine, 11));
        assertEquals(1, a0(machine, 12), "a0 = hartid");
        assertEquals(0x1234, a0(machine, 13), "a1 = opaque");
        assertEquals(0, a0(machine, 14), "satp = 0");
        assertEquals(0, a0(machine, 15) & 2, "sstatus.SIE = 0");
        assertEquals(0, a0(machine, 16), "hart_stop returned");
        assertTrue(machine.hart(1).isHalted());
    }

    @Test
    void sendIpiSetsSsipOnTheTargetsOnly() {
        GuestCode g = new GuestCode();
        g.call(HSM, 0, 1, SECONDARY, 0).record(0);
        g.call(IPI, 0, 0b10, 0).record(1);
        g.call(IPI, 0, 0b100, 0).record(2);                          // hart 2 does not exist
        g.call(IPI, 0, 1, 2).record(3);                              // base 2: hart 2
        g.call(IPI, 0, 0, 0).record(4);                              // empty mask
        g.csrr(T1, CsrNames.SIP).recordReg(5, T1);
        g.call(IPI, 0, 0, -1).record(6);                             // every hart
        g.csrr(T1, CsrNames.SIP).recordReg(7, T1);
        g.call(3, 0).recordReg(8, A0);                               // legacy clear_ipi
        g.call(3, 0).recordReg(9, A0);
        g.halt();
        boot(g, true);
        new GuestCode().halt().loadInto(machine, SECONDARY);
        machine.run(20_000);
        assertEquals(0, a0(machine, 0));
        assertEquals(0, a0(machine, 1));
        assertEquals(-3, a0(machine, 2));
        assertEquals(-3, a0(machine, 3));
        assertEquals(0, a0(machine, 4));
        assertEquals(0, a0(machine, 5) & 2, "the sender was not a target");
        assertEquals(0, a0(machine, 6));
        assertEquals(2, a0(machine, 7) & 2, "base -1 reached the sender too");
        assertEquals(1, a0(machine, 8), "an IPI was pending");
        assertEquals(0, a0(machine, 9), "none pending any more");
        assertEquals(2, machine.hart(1).readCsr(CsrNames.SIP) & 2, "SSIP on hart 1");
    }

    @Test
    void remoteFences() {
        GuestCode g = new GuestCode();
        g.call(RFENCE, 0, 0b11, 0).record(0);
        g.call(RFENCE, 1, 0b11, 0, 0, 0).record(1);
        g.call(RFENCE, 2, -1, -1, 0x1000, 0x1000, 3).record(2);
        for (int f = 3; f <= 6; f++) g.call(RFENCE, f, 1, 0, 0, 0, 0).record(f);
        g.call(RFENCE, 1, 0b1000, 0, 0, 0).record(7);
        g.call(RFENCE, 7, 1, 0).record(8);
        g.halt();
        run(g);
        for (int s = 0; s <= 6; s++) assertEquals(0, a0(machine, s), "slot " + s);
        assertEquals(-3, a0(machine, 7));
        assertEquals(-2, a0(machine, 8));
    }

    @Test
    void hfenceIsNotSupportedWithoutTheHExtension() {
        GuestCode g = new GuestCode();
        for (int f = 3; f <= 6; f++) g.call(RFENCE, f, 1, 0, 0, 0, 0).record(f);
        g.call(RFENCE, 1, 1, 0, 0, 0).record(0);
        g.halt();
        boot(g, false);
        machine.run(20_000);
        for (int f = 3; f <= 6; f++) assertEquals(-2, a0(machine, f));
        assertEquals(0, a0(machine, 0));
    }

    @Test
    void debugConsoleWritesAndReadsGuestMemory() {
        GuestCode g = new GuestCode();
        String hello = "hello, sbi\n";
        for (int i = 0; i < hello.length(); i++) g.li(T1, hello.charAt(i)).li(T0, BUFFER + i).sb(T1, T0, 0);
        g.call(DBCN, 0, hello.length(), BUFFER, 0).record(0);
        g.call(DBCN, 2, '!').record(1);
        g.call(DBCN, 0, 4, 0x1000, 0).record(2);                     // not memory
        g.call(DBCN, 0, 4, BUFFER, 1).record(3);                     // above 64 bits
        g.call(DBCN, 0, 0, 0, 0).record(4);                          // nothing
        g.call(2, 0).recordReg(9, A0);                               // legacy getchar: 'z'
        g.call(DBCN, 1, 8, BUFFER + 0x100, 0).record(5);             // reads "xy"
        g.call(DBCN, 1, 8, BUFFER + 0x100, 0).record(6);             // nothing waiting
        g.call(DBCN, 1, 8, 0x0C00_0000L, 0).record(7);               // not memory
        g.call(1, 0, 'L').recordReg(8, A0);                          // legacy putchar
        g.call(2, 0).recordReg(10, A0);                              // none: -1
        g.halt();
        boot(g, true);
        platform.type("zxy");
        machine.run(50_000);
        assertEquals("hello, sbi\n!L", platform.console.toString());
        assertEquals(0, a0(machine, 0));
        assertEquals(hello.length(), a1(machine, 0));
        assertEquals(0, a0(machine, 1));
        assertEquals(-3, a0(machine, 2));
        assertEquals(-3, a0(machine, 3));
        assertEquals(0, a0(machine, 4));
        assertEquals(0, a1(machine, 4));
        assertEquals(0, a0(machine, 5));
        assertEquals(2, a1(machine, 5));
        assertEquals('x', machine.ram().read(BUFFER + 0x100, 1));
        assertEquals('y', machine.ram().read(BUFFER + 0x101, 1));
        assertEquals(0, a1(machine, 6));
        assertEquals(-3, a0(machine, 7));
        assertEquals(0, a0(machine, 8));
        assertEquals('z', a0(machine, 9));
        assertEquals(-1, a0(machine, 10));
    }

    @Test
    void systemResetShutsDownWithTheReason() {
        GuestCode g = new GuestCode();
        g.call(SRST, 0, 3, 0).record(0);                             // reserved type
        g.call(SRST, 0, 0, 2).record(1);                             // reserved reason
        g.call(SRST, 0, 0xF0000000L, 0).record(2);                   // vendor type
        g.call(SRST, 0, 1, 0).record(3);                             // cold reboot: platform refuses
        g.call(SRST, 0, 0, 1).record(4);                             // shutdown, system failure
        g.halt();
        RunResult r = run(g);
        assertEquals(-3, a0(machine, 0));
        assertEquals(-3, a0(machine, 1));
        assertEquals(-3, a0(machine, 2));
        assertEquals(1, platform.reboots);
        assertEquals(-1, a0(machine, 3), "the reboot did not happen: SBI_ERR_FAILED");
        assertEquals(java.util.List.of(1), platform.shutdowns);
        assertEquals(StopReason.POWER_OFF, r.reason());
        assertEquals(1, r.exitCode());
        assertEquals(0, a0(machine, 4), "shutdown never returned");
    }

    @Test
    void normalShutdownAndLegacyShutdown() {
        run(new GuestCode().call(SRST, 0, 0, 0));
        assertEquals(java.util.List.of(0), platform.shutdowns);
        assertEquals(0, machine.exitCode());
        assertTrue(machine.isPoweredOff());
        run(new GuestCode().call(8, 0));
        assertEquals(java.util.List.of(0), platform.shutdowns);
        assertTrue(machine.isPoweredOff());
        assertEquals(1, sbi.counters().calls("LEGACY", "shutdown"));
    }

    @Test
    void legacyCallsReadTheHartMaskFromGuestMemory() {
        GuestCode g = new GuestCode();
        g.li(T0, ENTRY + 0x1000).csrw(CsrNames.STVEC, T0);
        g.call(HSM, 0, 1, SECONDARY, 0);
        g.li(T1, 0b10).li(T0, BUFFER).sd(T1, T0, 0);
        g.li(A1, 0x55).call(4, 0, BUFFER).record(0);                 // legacy send_ipi: a1 preserved
        g.call(5, 0, BUFFER).record(1);
        g.call(6, 0, BUFFER, 0, 0).record(2);
        g.call(7, 0, BUFFER, 0, 0, 1).record(3);
        g.call(0, 0, -1).record(4);                                  // legacy set_timer
        g.call(4, 0, 0x1000);                         // mask pointer outside memory
        g.halt();
        while (g.bytes().length < 0x1000) g.word(0x13);
        g.csrr(T1, CsrNames.SCAUSE).recordReg(5, T1);
        g.csrr(T1, CsrNames.STVAL).recordReg(6, T1);
        g.csrr(T1, CsrNames.SEPC).recordReg(7, T1);
        g.halt();
        boot(g, true);
        new GuestCode().halt().loadInto(machine, SECONDARY);
        machine.run(50_000);
        assertEquals(0, a0(machine, 0));
        assertEquals(0x55, a1(machine, 0), "legacy calls leave a1 alone");
        for (int s = 1; s <= 4; s++) assertEquals(0, a0(machine, s));
        assertEquals(2, machine.hart(1).readCsr(CsrNames.SIP) & 2);
        assertEquals(0, machine.hart(0).readCsr(CsrNames.SIP) & 2);
        assertEquals(5, a0(machine, 5), "load access fault");
        assertEquals(0x1000, a0(machine, 6));
        long ecallPc = machine.ram().read(GuestCode.RESULTS + 16 * 7, 8);
        assertEquals(0, machine.ram().read(ecallPc, 4) ^ 0x73, "sepc points at the ecall");
        assertEquals(2, sbi.counters().calls("LEGACY", "send_ipi"), "the faulting call counts too");
    }

    @Test
    void undelegatedExceptionsAreRedirectedToTheSupervisor() {
        GuestCode g = new GuestCode();
        g.li(T0, ENTRY + 0x1000).csrw(CsrNames.STVEC, T0);
        g.csrr(T1, CsrNames.MSTATUS);                                // illegal in S-mode
        g.halt();
        while (g.bytes().length < 0x1000) g.word(0x13);
        g.csrr(T1, CsrNames.SCAUSE).recordReg(0, T1);
        g.csrr(T1, CsrNames.SEPC).recordReg(1, T1);
        g.csrr(T1, CsrNames.SSTATUS).recordReg(2, T1);
        g.halt();
        run(g);
        assertEquals(2, a0(machine, 0), "illegal instruction");
        assertEquals(ENTRY + 5 * 4, a0(machine, 1), "after li (4 instructions) and csrw");
        assertEquals(1L << 8, a0(machine, 2) & (1L << 8), "SPP = S");
        assertEquals(Privilege.S, machine.hart(0).privilege());
        assertEquals(1, sbi.counters().redirectedTraps());
        assertFalse(machine.isPoweredOff());
    }

    @Test
    void aTrapThatCannotBeRedirectedPowersOffWithADiagnostic() {
        GuestCode g = new GuestCode().word(0);                       // illegal, and stvec is 0
        RunResult r = run(g);
        assertEquals(StopReason.POWER_OFF, r.reason());
        assertNotEquals(0, r.exitCode());
        String out = platform.console.toString();
        assertTrue(out.startsWith("virtlab-sbi: unexpected trap to M-mode on hart 0: instruction access fault at pc 0x0"), out);
        assertTrue(out.endsWith("\n"));
        assertEquals(1, sbi.counters().fatalTraps());
    }

    @Test
    void registersOtherThanA0AndA1ArePreserved() {
        GuestCode g = new GuestCode();
        g.li(A1 + 1, 0x77).li(T1, 0x66).call(BASE, 0).recordReg(0, A1 + 1).recordReg(1, T1).halt();
        run(g);
        assertEquals(0x77, a0(machine, 0));
        assertEquals(0x66, a0(machine, 1));
    }
}
