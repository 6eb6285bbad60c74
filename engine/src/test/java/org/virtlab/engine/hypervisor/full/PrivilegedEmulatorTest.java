package org.virtlab.engine.hypervisor.full;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.virtlab.engine.cpu.CsrNames.*;
import static org.virtlab.engine.cpu.Privilege.M;
import static org.virtlab.engine.cpu.Privilege.S;
import static org.virtlab.engine.cpu.Privilege.U;
import static org.virtlab.engine.hypervisor.full.SystemEncoding.*;
import static org.virtlab.engine.hypervisor.full.VcpuFixture.PC;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.virtlab.engine.cpu.Cause;
import org.virtlab.engine.devices.HartInterruptPins;

/**
 * Trap-and-emulate of CSR instructions, MRET, SRET, WFI and SFENCE.VMA against the virtual
 * privilege, and the reflection of everything else as a virtual illegal-instruction trap.
 * References: Zicsr, "CSR Instructions"; privileged spec, "CSR Address Mapping Conventions",
 * "Virtualization Support in mstatus Register" (TVM, TW, TSR), "Trap-Return Instructions",
 * "Wait for Interrupt", "Supervisor Memory-Management Fence Instruction"; Sstc; Zicntr.
 */
class PrivilegedEmulatorTest {
    private static final long SUM = 1L << 18, MXR = 1L << 19, MPRV = 1L << 17;
    private static final long TVM = 1L << 20, TW = 1L << 21, TSR = 1L << 22;

    // ---- the six CSR instruction forms ---------------------------------------------------------

    @Test
    void csrrwSwapsRegisterAndCsr() {
        VcpuFixture f = VcpuFixture.machine();
        f.v.setCsr(MSCRATCH, 0x1111);
        f.regs.setX(5, 0x2222);
        Emulation e = f.ok(csrrw(6, MSCRATCH, 5));
        assertEquals(Emulation.Kind.CSR, e.kind());
        assertEquals(MSCRATCH, e.csr());
        assertEquals(0x1111, f.regs.x(6));
        assertEquals(0x2222, f.v.csr(MSCRATCH));
        assertEquals("csrrw mscratch <- 0x2222 (was 0x1111)", e.description());
        assertTrue(e.retired());
    }

    @Test
    void csrrwReadsTheSourceBeforeWritingRd() {
        VcpuFixture f = VcpuFixture.machine();
        f.v.setCsr(MSCRATCH, 7);
        f.regs.setX(5, 9);
        f.ok(csrrw(5, MSCRATCH, 5));
        assertEquals(7, f.regs.x(5));
        assertEquals(9, f.v.csr(MSCRATCH));
    }

    @Test
    void csrrsAndCsrrcSetAndClearBits() {
        VcpuFixture f = VcpuFixture.machine();
        f.v.setCsr(MSCRATCH, 0xF0);
        f.regs.setX(1, 0x0F);
        f.ok(csrrs(2, MSCRATCH, 1));
        assertEquals(0xF0, f.regs.x(2));
        assertEquals(0xFF, f.v.csr(MSCRATCH));
        f.regs.setX(1, 0x3C);
        f.ok(csrrc(2, MSCRATCH, 1));
        assertEquals(0xFF, f.regs.x(2));
        assertEquals(0xC3, f.v.csr(MSCRATCH));
    }

    @Test
    void immediateFormsUseTheZeroExtendedUimm() {
        VcpuFixture f = VcpuFixture.machine();
        f.regs.setX(31, -1L);                                  // must not be used: the field is uimm 31
        f.ok(csrrwi(1, MSCRATCH, 31));
        assertEquals(31, f.v.csr(MSCRATCH));
        f.ok(csrrci(1, MSCRATCH, 0b00101));
        assertEquals(26, f.v.csr(MSCRATCH));
        assertEquals(31, f.regs.x(1));
        Emulation e = f.ok(csrrsi(1, MSCRATCH, 1));
        assertEquals(27, f.v.csr(MSCRATCH));
        assertEquals("csrrsi mscratch <- 0x1b (was 0x1a)", e.description());
    }

    @Test
    void rdX0IsNeverWritten() {
        VcpuFixture f = VcpuFixture.machine();
        f.v.setCsr(MSCRATCH, 5);
        f.ok(csrrs(0, MSCRATCH, 0));
        assertEquals(0, f.regs.x(0));
    }

    @Test
    void csrrwWithRdX0DoesNotRead() {
        VcpuFixture f = VcpuFixture.machine();
        f.regs.setX(3, 0x44);
        Emulation e = f.ok(csrrw(0, MSCRATCH, 3));
        assertEquals("csrrw mscratch <- 0x44", e.description(), "no read, so no old value");
    }

    @Test
    void csrrsWithX0OnlyReadsSoReadOnlyCsrsAreReadable() {
        VcpuFixture f = VcpuFixture.machine();
        Emulation e = f.ok(csrrs(7, MHARTID, 0));
        assertEquals(0, f.regs.x(7));
        assertEquals("csrrs mhartid -> 0x0", e.description());
        f.ok(csrrci(7, MVENDORID, 0));
        f.ok(csrrsi(7, MIMPID, 0));
    }

    @Test
    void writingAReadOnlyCsrIsIllegal() {
        VcpuFixture.machine().illegal(csrrw(0, MHARTID, 1));
        VcpuFixture.machine().illegal(csrrwi(1, MVENDORID, 0));   // CSRRW always writes, even uimm 0
        VcpuFixture.machine().illegal(csrrsi(1, CYCLE, 1));
        VcpuFixture f = VcpuFixture.machine();
        f.regs.setX(1, 0);                                       // rs1 != x0 counts as a write even if zero
        f.illegal(csrrs(2, TIME, 1));
    }

    @ParameterizedTest
    @ValueSource(ints = {FFLAGS, FCSR, 0x7C0, 0x5C0, HSTATUS, HGATP, VSSTATUS, MTINST, 0x747, PMPCFG0 + 1, 0xC20})
    void unimplementedCsrsAreIllegalEvenInM(int csr) {
        VcpuFixture f = VcpuFixture.machine();
        Emulation e = f.illegal(csrrs(1, csr, 0));
        assertEquals(csr, e.csr());
    }

    @Test
    void mipReadModifyWriteUsesOnlyTheSoftwareSeip() {
        VcpuFixture f = VcpuFixture.machine();
        f.v.setInterruptLine(HartInterruptPins.SEIP, true);
        f.ok(csrrsi(1, MIP, 2));                                 // set SSIP
        assertEquals(0x200, f.regs.x(1) & 0x200, "the read shows the line");
        f.v.setInterruptLine(HartInterruptPins.SEIP, false);
        assertEquals(0x2, f.v.mip(), "the line's SEIP was not copied into the software bit");
    }

    // ---- privilege checks ----------------------------------------------------------------------

    @Test
    void machineCsrsAreIllegalBelowM() {
        VcpuFixture.at(S).illegal(csrrs(1, MSTATUS, 0));
        VcpuFixture.at(U).illegal(csrrs(1, MSCRATCH, 0));
        VcpuFixture.at(S).illegal(csrrs(1, MCYCLE, 0));
        VcpuFixture.at(S).illegal(csrrs(1, MHARTID, 0));
    }

    @Test
    void supervisorCsrsAreIllegalInU() {
        VcpuFixture.at(U).illegal(csrrs(1, SSTATUS, 0));
        VcpuFixture.at(U).illegal(csrrw(0, SATP, 0));
        VcpuFixture f = VcpuFixture.at(S);
        f.ok(csrrs(1, SSTATUS, 0));
        f.ok(csrrw(0, SSCRATCH, 1));
        f.ok(csrrs(1, SSTATUS, 0));
    }

    @Test
    void tvmTrapsSatpInSButNotInM() {
        VcpuFixture f = VcpuFixture.at(S);
        f.v.setCsr(MSTATUS, TVM);
        f.illegal(csrrs(1, SATP, 0));
        VcpuFixture m = VcpuFixture.machine();
        m.v.setCsr(MSTATUS, TVM);
        m.ok(csrrs(1, SATP, 0));
    }

    @Test
    void stimecmpNeedsStceAndMcounterenTmBelowM() {
        VcpuFixture f = VcpuFixture.at(S);
        f.illegal(csrrs(1, STIMECMP, 0));                       // STCE = 0
        f = VcpuFixture.at(S);
        f.v.setCsr(MENVCFG, 1L << 63);
        f.illegal(csrrs(1, STIMECMP, 0));                       // STCE = 1, TM = 0
        f = VcpuFixture.at(S);
        f.v.setCsr(MENVCFG, 1L << 63);
        f.v.setCsr(MCOUNTEREN, 2);
        f.ok(csrrw(0, STIMECMP, 0));
        VcpuFixture.machine().ok(csrrs(1, STIMECMP, 0));        // M needs neither
        f = VcpuFixture.at(U);
        f.v.setCsr(MENVCFG, 1L << 63);
        f.v.setCsr(MCOUNTEREN, 2);
        f.illegal(csrrs(1, STIMECMP, 0));                       // a supervisor CSR
    }

    @Test
    void countersAreGatedByMcounterenInSAndByBothInU() {
        for (int bit = 0; bit < 3; bit++) {
            int csr = CYCLE + bit;
            VcpuFixture.machine().ok(csrrs(1, csr, 0));
            VcpuFixture.at(S).illegal(csrrs(1, csr, 0));
            VcpuFixture s = VcpuFixture.at(S);
            s.v.setCsr(MCOUNTEREN, 1L << bit);
            s.ok(csrrs(1, csr, 0));
            VcpuFixture u = VcpuFixture.at(U);
            u.v.setCsr(MCOUNTEREN, 1L << bit);
            u.illegal(csrrs(1, csr, 0));
            u = VcpuFixture.at(U);
            u.v.setCsr(SCOUNTEREN, 1L << bit);
            u.illegal(csrrs(1, csr, 0));
            u = VcpuFixture.at(U);
            u.v.setCsr(MCOUNTEREN, 1L << bit);
            u.v.setCsr(SCOUNTEREN, 1L << bit);
            u.ok(csrrs(1, csr, 0));
            VcpuFixture other = VcpuFixture.at(S);
            other.v.setCsr(MCOUNTEREN, 7 & ~(1L << bit));
            other.illegal(csrrs(1, csr, 0));
        }
    }

    @Test
    void counterReadsComeFromTheSuppliers() {
        VcpuFixture f = VcpuFixture.at(S);
        f.v.setCsr(MCOUNTEREN, 7);
        f.retired = 1234;
        f.now = 56;
        f.ok(csrrs(1, CYCLE, 0));
        f.ok(csrrs(2, TIME, 0));
        f.ok(csrrs(3, INSTRET, 0));
        assertEquals(1234, f.regs.x(1));
        assertEquals(56, f.regs.x(2));
        assertEquals(1234, f.regs.x(3));
        f.illegal(csrrs(4, 0xC05, 0));                          // hpmcounter5: mcounteren bit 5 is clear
        VcpuFixture g = VcpuFixture.at(S);
        g.v.setCsr(MCOUNTEREN, 1L << 5);
        g.regs.setX(4, 99);
        g.ok(csrrs(4, 0xC05, 0));
        assertEquals(0, g.regs.x(4), "hpmcounters read zero");
    }

    // ---- MRET / SRET ---------------------------------------------------------------------------

    @Test
    void mretReturnsToMppAndRestoresMie() {
        VcpuFixture f = VcpuFixture.machine();
        f.v.setCsr(MSTATUS, (1L << 11) | 0x80 | MPRV);          // MPP = S, MPIE, MPRV
        f.v.setCsr(MEPC, 0x8020_0000L);
        Emulation e = f.ok(MRET);
        assertEquals(Emulation.Kind.MRET, e.kind());
        assertEquals(0x8020_0000L, e.nextPc());
        assertEquals(S, f.v.priv());
        long ms = f.v.mstatus();
        assertEquals(0x8, ms & 0x8, "MIE := MPIE");
        assertEquals(0x80, ms & 0x80, "MPIE := 1");
        assertEquals(0, ms & 0x1800, "MPP := U");
        assertEquals(0, ms & MPRV, "MPRV cleared when leaving M");
        assertTrue(e.contextChanged());
        assertTrue(e.interruptStateChanged());
        assertEquals(M, e.fromPriv());
        assertEquals(S, e.toPriv());
        assertEquals("mret -> S at 0x80200000", e.description());
    }

    @Test
    void mretBackToMKeepsMprv() {
        VcpuFixture f = VcpuFixture.machine();
        f.v.setCsr(MSTATUS, (3L << 11) | MPRV);
        f.v.setCsr(MEPC, 0x8000_0100L);
        f.ok(MRET);
        assertEquals(M, f.v.priv());
        assertEquals(MPRV, f.v.mstatus() & MPRV);
        assertEquals(0, f.v.mstatus() & 0x8, "MIE := MPIE = 0");
    }

    @Test
    void mretIsIllegalBelowM() {
        VcpuFixture.at(S).illegal(MRET);
        VcpuFixture.at(U).illegal(MRET);
    }

    @Test
    void sretReturnsToSppAndRestoresSie() {
        VcpuFixture f = VcpuFixture.at(S);
        f.v.setCsr(MSTATUS, 0x20 | MPRV);                       // SPIE, SPP = U, MPRV
        f.v.setCsr(SEPC, 0x4000_0010L);
        Emulation e = f.ok(SRET);
        assertEquals(Emulation.Kind.SRET, e.kind());
        assertEquals(0x4000_0010L, e.nextPc());
        assertEquals(U, f.v.priv());
        long ms = f.v.mstatus();
        assertEquals(0x2, ms & 0x2, "SIE := SPIE");
        assertEquals(0x20, ms & 0x20, "SPIE := 1");
        assertEquals(0, ms & 0x100, "SPP := U");
        assertEquals(0, ms & MPRV, "SRET clears MPRV");
        assertEquals("sret -> U at 0x40000010", e.description());
    }

    @Test
    void sretToSAndFromM() {
        VcpuFixture f = VcpuFixture.machine();
        f.v.setCsr(MSTATUS, 0x100);                             // SPP = S, SPIE = 0
        f.v.setCsr(SEPC, 0x8000_0040L);
        f.ok(SRET);
        assertEquals(S, f.v.priv());
        assertEquals(0, f.v.mstatus() & 0x2, "SIE := SPIE = 0");
    }

    @Test
    void sretIsIllegalInUAndInSUnderTsr() {
        VcpuFixture.at(U).illegal(SRET);
        VcpuFixture f = VcpuFixture.at(S);
        f.v.setCsr(MSTATUS, TSR);
        f.illegal(SRET);
        VcpuFixture m = VcpuFixture.machine();
        m.v.setCsr(MSTATUS, TSR);
        m.ok(SRET);
    }

    // ---- WFI -----------------------------------------------------------------------------------

    @Test
    void wfiWaitsWhenNothingWouldWakeTheHart() {
        VcpuFixture f = VcpuFixture.at(S);
        Emulation e = f.ok(WFI);
        assertEquals(Emulation.Kind.WFI, e.kind());
        assertTrue(e.waits());
        f.v.setCsr(MIP, 0x2);
        assertTrue(f.ok(WFI).waits(), "pending but not enabled in mie: still waits");
        f.v.setCsr(MIE, 0x2);
        assertFalse(f.ok(WFI).waits(), "pending and enabled, global enables notwithstanding");
    }

    @Test
    void wfiIsIllegalInUAndUnderTwInS() {
        VcpuFixture.at(U).illegal(WFI);
        VcpuFixture f = VcpuFixture.at(S);
        f.v.setCsr(MSTATUS, TW);
        f.illegal(WFI);
        VcpuFixture m = VcpuFixture.machine();
        m.v.setCsr(MSTATUS, TW);
        assertTrue(m.ok(WFI).waits(), "TW does not apply to M-mode");
    }

    // ---- SFENCE.VMA ----------------------------------------------------------------------------

    @Test
    void sfenceVmaReportsAddressAndAsid() {
        VcpuFixture f = VcpuFixture.at(S);
        f.regs.setX(10, 0x4000_1234L);
        f.regs.setX(11, 0x1_0007L);
        Emulation e = f.ok(sfenceVma(10, 11));
        assertEquals(Emulation.Kind.SFENCE_VMA, e.kind());
        assertFalse(e.sfenceAllAddresses());
        assertFalse(e.sfenceAllAsids());
        assertEquals(0x4000_1234L, e.sfenceVa());
        assertEquals(7, e.sfenceAsid(), "ASIDLEN is 16");
        assertEquals("sfence.vma va=0x40001234 asid=0x7", e.description());
        e = f.ok(sfenceVma(0, 0));
        assertTrue(e.sfenceAllAddresses());
        assertTrue(e.sfenceAllAsids());
        assertEquals("sfence.vma va=all asid=all", e.description());
        f.regs.setX(12, 0);
        e = f.ok(sfenceVma(12, 0));
        assertFalse(e.sfenceAllAddresses(), "a register holding 0 is address 0, not 'all'");
    }

    @Test
    void sfenceVmaIsIllegalInUAndUnderTvmInS() {
        VcpuFixture.at(U).illegal(sfenceVma(0, 0));
        VcpuFixture f = VcpuFixture.at(S);
        f.v.setCsr(MSTATUS, TVM);
        f.illegal(sfenceVma(0, 0));
        VcpuFixture m = VcpuFixture.machine();
        m.v.setCsr(MSTATUS, TVM);
        m.ok(sfenceVma(0, 0));
    }

    @Test
    void sfenceVmaWithNonZeroRdIsIllegal() {
        VcpuFixture.machine().illegal(sfenceVma(0, 0) | (1L << 7));
    }

    // ---- everything else is reflected ----------------------------------------------------------

    @ParameterizedTest
    @ValueSource(longs = {ECALL, EBREAK, 0x3020_00F3L /* mret with rd */, 0x7020_0073L /* mnret */,
            0x1050_8073L /* wfi with rs1 */, 0x2200_0073L /* hfence.vvma */, 0x0000_0013L /* addi */,
            0x0000_0000L, 0xFFFF_FFFFL, 0x0000_4501L /* c.li (compressed) */, 0x1_3020_0073L /* not 32-bit */})
    void otherEncodingsAreReflectedAsIllegal(long insn) {
        VcpuFixture f = VcpuFixture.machine();
        Emulation e = f.illegal(insn);
        assertFalse(e.retired());
        assertEquals(-1, e.csr());
    }

    @Test
    void hypervisorInstructionsAreIllegal() {
        VcpuFixture.machine().illegal(hfenceVvma(0, 0));
        VcpuFixture.machine().illegal(hlvD(1, 2));
    }

    @Test
    void illegalFromUDelegatedGoesToS() {
        VcpuFixture f = VcpuFixture.at(U);
        f.v.setCsr(MEDELEG, 1L << Cause.ILLEGAL_INSTRUCTION);
        f.v.setCsr(MSTATUS, 0x2);                               // SIE
        Emulation e = f.run(csrrs(1, SSTATUS, 0));
        assertEquals(Emulation.Kind.ILLEGAL, e.kind());
        assertEquals(VcpuFixture.S_VECTOR, e.nextPc());
        assertEquals(S, f.v.priv());
        assertEquals(Cause.ILLEGAL_INSTRUCTION, f.v.csr(SCAUSE));
        assertEquals(csrrs(1, SSTATUS, 0), f.v.csr(STVAL));
        assertEquals(PC, f.v.csr(SEPC));
        assertEquals(0x20, f.v.mstatus() & 0x122, "SPP = U, SPIE := SIE, SIE := 0");
        assertTrue(e.contextChanged());
        assertTrue(e.interruptStateChanged());
        assertEquals(String.format("illegal instruction 0x%08x in U (sstatus) -> trap to S at 0x%x",
                csrrs(1, SSTATUS, 0), VcpuFixture.S_VECTOR), e.description());
    }

    @Test
    void sbiGuestsGetTheirIllegalInstructionsRedirectedToS() {
        VcpuFixture f = VcpuFixture.sbi();
        Emulation e = f.run(csrrs(1, MSTATUS, 0));              // not delegated: the firmware redirects it
        assertEquals(Emulation.Kind.ILLEGAL, e.kind());
        assertEquals(VcpuFixture.S_VECTOR, e.nextPc());
        assertEquals(S, f.v.priv());
        assertEquals(Cause.ILLEGAL_INSTRUCTION, f.v.csr(SCAUSE));
        assertEquals(0x100, f.v.mstatus() & 0x100, "SPP = S");
        assertEquals(0, f.v.csr(MCAUSE), "virtual M-mode was never entered");
        assertFalse(e.contextChanged(), "S to S: same shadow");
        assertTrue(VcpuFixture.sbi().run(MRET).kind() == Emulation.Kind.ILLEGAL);
    }

    // ---- flags for the hypervisor --------------------------------------------------------------

    @Test
    void sumAndMxrChangesChangeTheContext() {
        VcpuFixture f = VcpuFixture.at(S);
        f.regs.setX(1, SUM);
        Emulation e = f.ok(csrrs(0, SSTATUS, 1));
        assertTrue(e.contextChanged());
        assertFalse(e.mxrChanged());
        assertFalse(e.interruptStateChanged());
        e = f.ok(csrrs(0, SSTATUS, 1));
        assertFalse(e.contextChanged(), "SUM already set");
        f.regs.setX(1, MXR);
        e = f.ok(csrrs(0, SSTATUS, 1));
        assertTrue(e.contextChanged());
        assertTrue(e.mxrChanged());
        e = f.ok(csrrsi(0, SSTATUS, 2));                        // SIE
        assertFalse(e.contextChanged());
        assertTrue(e.interruptStateChanged());
    }

    @Test
    void mprvAndMppWhileMprvChangeTheContext() {
        VcpuFixture f = VcpuFixture.machine();
        f.regs.setX(1, MPRV);
        assertTrue(f.ok(csrrs(0, MSTATUS, 1)).contextChanged());
        f.regs.setX(1, 1L << 11);
        assertTrue(f.ok(csrrs(0, MSTATUS, 1)).contextChanged(), "MPP changed while MPRV = 1");
        VcpuFixture g = VcpuFixture.machine();
        g.regs.setX(1, 1L << 11);
        assertFalse(g.ok(csrrs(0, MSTATUS, 1)).contextChanged(), "MPP without MPRV selects nothing");
    }

    @Test
    void satpWrittenIsReportedEvenForTheSameValue() {
        VcpuFixture f = VcpuFixture.at(S);
        f.regs.setX(1, (8L << 60) | 0x80100);
        Emulation e = f.ok(csrrw(0, SATP, 1));
        assertTrue(e.satpWritten());
        assertTrue(e.contextChanged());
        e = f.ok(csrrw(0, SATP, 1));
        assertTrue(e.satpWritten());
        assertFalse(e.contextChanged(), "same value: same shadow");
        e = f.ok(csrrs(2, SATP, 0));
        assertFalse(e.satpWritten(), "a read is not a write");
        assertEquals((8L << 60) | 0x80100, f.regs.x(2));
        f.regs.setX(1, 9L << 60);
        e = f.ok(csrrw(0, SATP, 1));
        assertTrue(e.satpWritten(), "an ignored write is still reported");
        assertEquals((8L << 60) | 0x80100, f.v.satp());
    }

    @Test
    void timerChangedOnStimecmpStceAndTimerEnables() {
        VcpuFixture f = VcpuFixture.machine();
        f.regs.setX(1, 500);
        Emulation e = f.ok(csrrw(0, STIMECMP, 1));
        assertTrue(e.timerChanged());
        assertTrue(e.interruptStateChanged());
        f.regs.setX(1, 1L << 63);
        assertTrue(f.ok(csrrs(0, MENVCFG, 1)).timerChanged());
        assertFalse(f.ok(csrrs(0, MENVCFG, 1)).timerChanged(), "STCE unchanged");
        assertTrue(f.ok(csrrsi(0, MIE, 0)).kind() == Emulation.Kind.CSR);
        f.regs.setX(1, 1L << 7);
        assertTrue(f.ok(csrrs(0, MIE, 1)).timerChanged(), "MTIE");
        f.regs.setX(1, 1L << 1);
        Emulation ssie = f.ok(csrrs(0, MIE, 1));
        assertFalse(ssie.timerChanged(), "SSIE is no timer bit");
        assertTrue(ssie.interruptStateChanged());
        VcpuFixture g = VcpuFixture.machine();
        g.regs.setX(1, 1L << 5);
        assertTrue(g.ok(csrrs(0, MIP, 1)).timerChanged(), "software STIP without Sstc");
        assertFalse(g.ok(csrrs(0, MSCRATCH, 1)).timerChanged());
    }

    @Test
    void midelegWriteChangesInterruptState() {
        VcpuFixture f = VcpuFixture.machine();
        assertTrue(f.ok(csrrwi(0, MIDELEG, 2)).interruptStateChanged());
        assertFalse(f.ok(csrrwi(0, MIDELEG, 2)).interruptStateChanged(), "same value");
    }

    @Test
    void csrOnlyInstructionsLeaveTheFlagsClear() {
        Emulation e = VcpuFixture.machine().ok(csrrs(1, MSCRATCH, 0));
        assertFalse(e.contextChanged() || e.mxrChanged() || e.satpWritten() || e.waits() || e.timerChanged()
                || e.interruptStateChanged());
        assertEquals(M, e.fromPriv());
        assertEquals(M, e.toPriv());
        assertEquals(csrrs(1, MSCRATCH, 0), e.insnBits());
    }
}
