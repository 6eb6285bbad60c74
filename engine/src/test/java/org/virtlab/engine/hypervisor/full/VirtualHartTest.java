package org.virtlab.engine.hypervisor.full;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.virtlab.engine.cpu.CsrNames.*;

import org.junit.jupiter.api.Test;
import org.virtlab.engine.cpu.Privilege;
import org.virtlab.engine.devices.HartInterruptPins;

/**
 * The virtual CSR file: reset and firmware-boot values, WARL masks, the sstatus/sie/sip views,
 * interrupt lines, Sstc's STIP, counters, PMP storage and snapshots. References: privileged
 * spec, "Machine-Level CSRs", "Supervisor-Level CSRs", "CSR Field Specifications"; Sstc; Zicntr.
 */
class VirtualHartTest {
    private static final long UXL_SXL = (2L << 32) | (2L << 34);

    // ---- reset and boot ------------------------------------------------------------------------

    @Test
    void machineResetStartsInMWithResetValues() {
        VcpuFixture f = VcpuFixture.machine();
        VirtualHart v = VirtualHart.atMachineReset(3, () -> 0, () -> 0);
        assertEquals(Privilege.M, v.priv());
        assertEquals(3, v.hartId());
        assertEquals(3, v.csr(MHARTID));
        assertEquals(UXL_SXL, v.mstatus(), "mstatus resets to 0 apart from the read-only UXL/SXL");
        for (int csr : new int[] {MEDELEG, MIDELEG, MIE, MIP, MTVEC, MEPC, MCAUSE, MTVAL, MSCRATCH, MCOUNTEREN,
                MENVCFG, SATP, SCOUNTEREN, SENVCFG, STVEC, SEPC})
            assertEquals(0, v.csr(csr), () -> name(csr) + " must reset to 0");
        assertEquals(-1L, v.csr(STIMECMP));
        assertEquals(ShadowContext.BARE, VirtualTraps.shadowContext(f.v));
        assertFalse(v.platformOwnsMachineMode());
    }

    @Test
    void misaIsRv64ImacSuAndIgnoresWrites() {
        VirtualHart v = VcpuFixture.machine().v;
        long expected = (2L << 62) | 1 | (1 << 2) | (1 << 8) | (1 << 12) | (1 << 18) | (1 << 20);   // A C I M S U
        assertEquals(expected, v.csr(MISA));
        v.setCsr(MISA, 0);
        assertEquals(expected, v.csr(MISA));
    }

    @Test
    void bootedBySbiMirrorsTheFirmwaresMachineModeSetup() {
        VirtualHart v = VcpuFixture.sbi().v;
        assertEquals(Privilege.S, v.priv());
        assertTrue(v.platformOwnsMachineMode());
        assertEquals(0xB109L, v.csr(MEDELEG), "misaligned fetch, breakpoint, ecall from U, three page faults");
        assertEquals(0x222L, v.csr(MIDELEG), "SSIP, STIP, SEIP");
        assertEquals(0xFFFF_FFFFL, v.csr(MCOUNTEREN));
        assertEquals(1L << 63, v.csr(MENVCFG), "STCE");
        assertEquals(0x1FL, v.csr(PMPCFG0));
        assertEquals(0x3F_FFFF_FFFF_FFFFL, v.csr(PMPADDR0));
        assertEquals(Privilege.S, (int) (v.mstatus() >>> 11) & 3, "MPP = S");
        assertEquals(0, v.csr(SATP));
        assertEquals(0, v.csr(SSTATUS) & 2, "SIE = 0");
    }

    // ---- mstatus / sstatus ---------------------------------------------------------------------

    @Test
    void mstatusKeepsOnlyImplementedBits() {
        VirtualHart v = VcpuFixture.machine().v;
        v.setCsr(MSTATUS, -1L);
        // SIE MIE SPIE MPIE SPP MPP MPRV SUM MXR TVM TW TSR; no FS/XS/SD/UBE/MBE/SBE; UXL=SXL=2.
        long writable = 0x2 | 0x8 | 0x20 | 0x80 | 0x100 | 0x1800 | (1 << 17) | (1 << 18) | (1 << 19)
                | (1 << 20) | (1 << 21) | (1 << 22);
        assertEquals(writable | UXL_SXL, v.mstatus());
        v.setCsr(MSTATUS, 0);
        assertEquals(UXL_SXL, v.mstatus(), "UXL/SXL are read-only 64-bit");
    }

    @Test
    void mppTwoIsNotAModeAndKeepsTheOldValue() {
        VirtualHart v = VcpuFixture.machine().v;
        v.setCsr(MSTATUS, 1L << 11);                    // MPP = S
        v.setCsr(MSTATUS, (2L << 11) | 0x8);            // MPP = 2 (reserved), MIE
        assertEquals(1, (v.mstatus() >>> 11) & 3);
        assertEquals(0x8, v.mstatus() & 0x8, "the rest of the write still takes effect");
    }

    @Test
    void sstatusIsARestrictedViewOfMstatus() {
        VirtualHart v = VcpuFixture.machine().v;
        v.setCsr(MSTATUS, -1L);
        assertEquals(0x2 | 0x20 | 0x100 | (1L << 18) | (1L << 19) | (2L << 32), v.csr(SSTATUS));
        v.setCsr(SSTATUS, 0);
        long m = v.mstatus();
        assertEquals(0, m & (0x2 | 0x20 | 0x100 | (1L << 18) | (1L << 19)), "sstatus clears its bits in mstatus");
        assertEquals(0x8 | 0x80 | 0x1800 | (1L << 17) | (7L << 20), m & (0x8 | 0x80 | 0x1800 | (1L << 17) | (7L << 20)),
                "sstatus writes leave the M-only bits alone");
        assertTrue(!v.sum() && !v.mxr());
        v.setCsr(SSTATUS, (1L << 18) | (1L << 19));
        assertTrue(v.sum() && v.mxr());
    }

    // ---- delegation, interrupts ----------------------------------------------------------------

    @Test
    void medelegCannotDelegateEcallFromMOrReservedCauses() {
        VirtualHart v = VcpuFixture.machine().v;
        v.setCsr(MEDELEG, -1L);
        assertEquals(0xB3FFL, v.csr(MEDELEG), "0-9, 12, 13, 15; not 10 (no H), 11 (ecall from M), 14");
    }

    @Test
    void midelegDelegatesOnlySupervisorInterrupts() {
        VirtualHart v = VcpuFixture.machine().v;
        v.setCsr(MIDELEG, -1L);
        assertEquals(0x222L, v.csr(MIDELEG));
    }

    @Test
    void mieHoldsTheSixStandardInterrupts() {
        VirtualHart v = VcpuFixture.machine().v;
        v.setCsr(MIE, -1L);
        assertEquals(0xAAAL, v.csr(MIE));
    }

    @Test
    void mipSoftwareBitsAreSsipStipSeipWithoutSstc() {
        VirtualHart v = VcpuFixture.machine().v;
        v.setCsr(MIP, -1L);
        assertEquals(0x222L, v.csr(MIP), "MSIP, MTIP, MEIP are read-only lines");
        v.setCsr(MIP, 0);
        assertEquals(0, v.csr(MIP));
    }

    @Test
    void withSstcStipFollowsStimecmpAndIsNotWritable() {
        VcpuFixture f = VcpuFixture.machine();
        VirtualHart v = f.v;
        v.setCsr(MENVCFG, 1L << 63);
        v.setCsr(STIMECMP, 1000);
        f.now = 999;
        v.setCsr(MIP, 1L << 5);
        assertEquals(0, v.csr(MIP) & 0x20, "STIP is read-only with STCE = 1 and time < stimecmp");
        f.now = 1000;
        assertEquals(0x20, v.csr(MIP) & 0x20, "STIP is pending once time >= stimecmp");
        v.setCsr(STIMECMP, -1L);
        assertEquals(0, v.csr(MIP) & 0x20, "stimecmp compares unsigned: all ones is never");
    }

    @Test
    void menvcfgAndSenvcfgMasks() {
        VirtualHart v = VcpuFixture.machine().v;
        v.setCsr(MENVCFG, -1L);
        assertEquals((1L << 63) | 1, v.csr(MENVCFG), "STCE and FIOM");
        v.setCsr(SENVCFG, -1L);
        assertEquals(1, v.csr(SENVCFG), "FIOM only");
    }

    @Test
    void interruptLinesDriveMipAndSeipIsOredWithSoftware() {
        VirtualHart v = VcpuFixture.machine().v;
        v.setInterruptLine(HartInterruptPins.MSIP, true);
        v.setInterruptLine(HartInterruptPins.MTIP, true);
        v.setInterruptLine(HartInterruptPins.MEIP, true);
        assertEquals(0x888L, v.csr(MIP));
        v.setInterruptLine(HartInterruptPins.SEIP, true);
        v.setCsr(MIP, 1L << 9);
        v.setInterruptLine(HartInterruptPins.SEIP, false);
        assertEquals(0x200, v.csr(MIP) & 0x200, "the software SEIP stays when the line drops");
        v.setCsr(MIP, 0);
        assertEquals(0, v.csr(MIP) & 0x200);
        v.setInterruptLine(HartInterruptPins.SEIP, true);
        v.setCsr(MIP, 0);
        assertEquals(0x200, v.csr(MIP) & 0x200, "software cannot clear the line");
        assertEquals(0xA88L, v.interruptLines());
        assertThrows(IllegalArgumentException.class, () -> v.setInterruptLine(5, true));
        assertThrows(IllegalArgumentException.class, () -> v.setInterruptLine(64, true));
    }

    @Test
    void sieAndSipShowOnlyDelegatedSupervisorBits() {
        VirtualHart v = VcpuFixture.machine().v;
        v.setCsr(MIE, -1L);
        v.setCsr(MIP, -1L);
        assertEquals(0, v.csr(SIE), "nothing delegated: sie reads zero");
        assertEquals(0, v.csr(SIP));
        v.setCsr(MIDELEG, 0x22);                       // SSIP, STIP
        assertEquals(0x22, v.csr(SIE));
        assertEquals(0x22, v.csr(SIP));
        v.setCsr(SIE, 0);
        assertEquals(0xAAAL & ~0x22L, v.csr(MIE), "sie writes only the delegated bits");
        v.setCsr(SIP, 0);
        assertEquals(0x220L, v.csr(MIP), "sip can clear only SSIP");
    }

    // ---- vectors, epc, satp, counters ----------------------------------------------------------

    @Test
    void tvecModesAreWarl() {
        VirtualHart v = VcpuFixture.machine().v;
        v.setCsr(MTVEC, 0x8000_0101L);
        assertEquals(0x8000_0101L, v.csr(MTVEC), "vectored");
        v.setCsr(MTVEC, 0x8000_0202L);
        assertEquals(0x8000_0201L, v.csr(MTVEC), "reserved mode 2 keeps the old mode");
        v.setCsr(STVEC, 0x8000_0403L);
        assertEquals(0x8000_0400L, v.csr(STVEC), "reserved mode 3 keeps the old (direct) mode");
    }

    @Test
    void epcBitZeroIsZero() {
        VirtualHart v = VcpuFixture.machine().v;
        v.setCsr(MEPC, 0x8000_0003L);
        v.setCsr(SEPC, 0x8000_0007L);
        assertEquals(0x8000_0002L, v.csr(MEPC));
        assertEquals(0x8000_0006L, v.csr(SEPC));
    }

    @Test
    void satpTakesBareAndSv39AndIgnoresOtherModes() {
        VirtualHart v = VcpuFixture.machine().v;
        long sv39 = (8L << 60) | (5L << 44) | 0x80123L;
        v.setCsr(SATP, sv39);
        assertEquals(sv39, v.satp());
        v.setCsr(SATP, (9L << 60) | 0x1);               // Sv48: unsupported, the whole write is ignored
        assertEquals(sv39, v.satp());
        v.setCsr(SATP, (1L << 60) | 0x1);
        assertEquals(sv39, v.satp());
        v.setCsr(SATP, 0);
        assertEquals(0, v.satp());
    }

    @Test
    void counteren32BitsAndCounterOffsets() {
        VcpuFixture f = VcpuFixture.machine();
        VirtualHart v = f.v;
        v.setCsr(MCOUNTEREN, -1L);
        v.setCsr(SCOUNTEREN, -1L);
        assertEquals(0xFFFF_FFFFL, v.csr(MCOUNTEREN));
        assertEquals(0xFFFF_FFFFL, v.csr(SCOUNTEREN));
        f.retired = 500;
        f.now = 77;
        assertEquals(500, v.csr(CYCLE));
        assertEquals(500, v.csr(INSTRET));
        assertEquals(77, v.csr(TIME));
        v.setCsr(MCYCLE, 10_000);
        v.setCsr(MINSTRET, 20);
        f.retired = 600;
        assertEquals(10_100, v.csr(CYCLE), "mcycle counts on from the written value");
        assertEquals(10_100, v.csr(MCYCLE));
        assertEquals(120, v.csr(INSTRET));
        assertEquals(0, v.csr(0xC03), "hpmcounter3 reads zero");
        v.setCsr(TIME, 5);
        assertEquals(77, v.csr(TIME), "time is read-only");
    }

    @Test
    void identificationCsrsReadZero() {
        VirtualHart v = VcpuFixture.machine().v;
        for (int csr : new int[] {MVENDORID, MARCHID, MIMPID, MCONFIGPTR, MCOUNTINHIBIT, 0xB03, 0x323})
            assertEquals(0, v.csr(csr), () -> name(csr));
        v.setCsr(MCOUNTINHIBIT, -1L);
        assertEquals(0, v.csr(MCOUNTINHIBIT));
    }

    // ---- PMP: stored, not enforced -------------------------------------------------------------

    @Test
    void pmpCsrsAreStoredWithTheirWarlRules() {
        VirtualHart v = VcpuFixture.machine().v;
        v.setCsr(PMPADDR0 + 15, -1L);
        assertEquals((1L << 54) - 1, v.csr(PMPADDR0 + 15), "pmpaddr holds bits 55:2");
        v.setCsr(PMPCFG0, 0x62L | (0x1FL << 8));       // entry 0: W only + reserved bits; entry 1: NAPOT RWX
        assertEquals(0x1F00L, v.csr(PMPCFG0), "R=0 W=1 reads W=0, bits 6:5 read zero");
        v.setCsr(PMPCFG0 + 2, 0x9FL << 56);             // entry 15: locked NAPOT RWX
        assertEquals(0x9FL << 56, v.csr(PMPCFG0 + 2));
        v.setCsr(PMPCFG0 + 2, 0);
        v.setCsr(PMPADDR0 + 15, 0);
        assertEquals(0x9FL << 56, v.csr(PMPCFG0 + 2), "a locked entry ignores writes");
        assertEquals((1L << 54) - 1, v.csr(PMPADDR0 + 15));
        v.setCsr(PMPCFG0 + 2, 0x8FL << 56);             // (ignored anyway)
        v.setCsr(PMPADDR0 + 16, 1);
        assertEquals(0, v.csr(PMPADDR0 + 16), "entries beyond 16 read zero");
        assertEquals(0, v.csr(PMPCFG0 + 4));
    }

    @Test
    void pmpaddrBelowALockedTorEntryIsLocked() {
        VirtualHart v = VcpuFixture.machine().v;
        v.setCsr(PMPADDR0 + 2, 0x100);
        v.setCsr(PMPCFG0, 0x89L << 24);                 // entry 3: locked, TOR, R
        v.setCsr(PMPADDR0 + 2, 0x200);
        assertEquals(0x100, v.csr(PMPADDR0 + 2));
    }

    // ---- snapshots -----------------------------------------------------------------------------

    @Test
    void stateRoundTripsThroughFromState() {
        VcpuFixture f = VcpuFixture.sbi();
        VirtualHart v = f.v;
        v.setCsr(SATP, (8L << 60) | 0x80000);
        v.setCsr(SSTATUS, 1L << 18);
        v.setCsr(STIMECMP, 12345);
        v.setCsr(SSCRATCH, 0xABCD);
        v.setCsr(MCYCLE, 99);
        v.setCsr(PMPADDR0 + 7, 0x42);
        v.setInterruptLine(HartInterruptPins.SEIP, true);
        VirtualHartState s = v.state();
        VirtualHart copy = VirtualHart.fromState(s, () -> f.now, () -> f.retired);
        assertEquals(s, copy.state());
        assertEquals(v.toString(), copy.toString());
        for (int csr = 0; csr < 0x1000; csr++) assertEquals(v.csr(csr), copy.csr(csr), name(csr));
        assertTrue(copy.platformOwnsMachineMode());
        long[] leaked = s.pmpaddr();
        leaked[7] = 0;
        assertEquals(0x42, s.pmpaddr()[7], "the state's array cannot be changed from outside");
        v.setCsr(SSCRATCH, 1);
        assertNotEquals(s, v.state());
    }
}
