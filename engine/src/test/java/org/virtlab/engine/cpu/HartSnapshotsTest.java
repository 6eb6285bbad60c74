package org.virtlab.engine.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.virtlab.engine.machine.Machine;
import org.virtlab.engine.machine.MachineConfig;

/** A hart's state survives save and restore field by field, and derived state is rebuilt. */
class HartSnapshotsTest {

    private static Machine machine(int harts, boolean h) {
        return new Machine(MachineConfig.builder().harts(harts).memoryMiB(2).hExtension(h).build());
    }

    /** Gives every saved field of {@code h} a distinct non-reset value. */
    private static void scribble(Hart h) {
        for (int r = 1; r < 32; r++) h.x[r] = 0x1111_0000_0000_0000L * (r % 15) + r;
        h.pc = 0x8000_1234L;
        h.priv = Privilege.S;
        h.virt = true;
        h.mstatus = Csrs.MSTATUS_SUM | Csrs.MSTATUS_MXR | Csrs.MSTATUS_MPV | Csrs.MSTATUS_SPP;
        h.medeleg = 0xB1FF;
        h.mideleg |= 0x222;
        h.mie = 0xAAA;
        h.mipSoftware = 0x2;
        h.mipLines = 0x80;
        h.mtvec = 0x8000_0100L;
        h.mepc = 0x8000_0200L;
        h.mcause = 7;
        h.mtval = 0xdead;
        h.mscratch = 0x5C;
        h.mtval2 = 0x1234 >> 2;
        h.mtinst = 0x3000;
        h.menvcfg = 1L << 63;
        h.mcounteren = 7;
        h.stvec = 0x8000_0300L;
        h.sepc = 0x8000_0400L;
        h.scause = 13;
        h.stval = 0xbeef;
        h.sscratch = 0x55;
        h.senvcfg = 0;
        h.scounteren = 5;
        h.stimecmp = 123_456;
        h.hstatus = Csrs.HSTATUS_SPV | Csrs.HSTATUS_SPVP;
        h.hedeleg = 0x1FF;
        h.hideleg = 0x444;
        h.hvip = 0x4;
        h.henvcfg = 1L << 63;
        h.htval = 0x44;
        h.htinst = 0x3020;
        h.htimedelta = -5000;
        h.hcounteren = 3;
        h.vsstatus = Csrs.MSTATUS_SUM;
        h.vstvec = 0x8000_0500L;
        h.vsepc = 0x8000_0600L;
        h.vscause = 2;
        h.vstval = 0x77;
        h.vsscratch = 0x99;
        h.vstimecmp = 987_654;
        h.instretOffset = -17;
        h.cycleOffset = 42;
        h.mmu.writeSatp(8L << 60 | 0x0123L << 44 | 0x80100, false);
        h.mmu.writeSatp(8L << 60 | 0x0042L << 44 | 0x80200, true);
        h.mmu.writeHgatp(8L << 60 | 0x0007L << 44 | 0x80400);
        for (int e = 0; e < 16; e++) h.pmp.writeAddr(e, 0x2000_0000L + e * 0x100);
        h.pmp.writeCfg(0, 0x0F0B_0A09_1F1D_1B99L);            // entry 0 locked (0x80 | TOR | R)
        h.pmp.writeCfg(2, 0x0000_0000_0000_001FL);
        h.waiting = true;
        h.reservations.reserve(h.id, 0x8000_8008L);
        h.retiredBefore = 1_000_000;
        h.counters.retiredByMode[HartCounters.MODE_VS] = 77;
        h.counters.exceptions[Cause.ECALL_FROM_VS] = 3;
        h.counters.interrupts[Cause.SUPERVISOR_TIMER] = 4;
        h.counters.platformTraps = 5;
        h.counters.tlbMisses = 6;
        h.counters.pageWalks = 7;
        h.counters.mmioAccesses = 8;
        h.setHalted(true);
    }

    @Test
    void everyFieldOfAHartWithTheHExtensionRoundTrips() {
        Hart original = machine(2, true).hart(1);
        scribble(original);
        HartState saved = HartSnapshots.save(original);

        Hart fresh = machine(2, true).hart(1);
        HartSnapshots.restore(fresh, saved);
        assertEquals(saved, HartSnapshots.save(fresh));

        assertEquals(0x8000_1234L, fresh.pc());
        assertEquals(Privilege.S, fresh.privilege());
        assertTrue(fresh.virtualMode());
        assertEquals(-5000, fresh.htimedelta);
        assertEquals(987_654, fresh.vstimecmp);
        assertEquals(original.mmu.vsatp(), fresh.mmu.vsatp());
        assertEquals(original.mmu.hgatp(), fresh.mmu.hgatp());
        assertEquals(original.pmp.readCfg(0), fresh.pmp.readCfg(0));
        assertEquals(0x2000_0000L, fresh.pmp.readAddr(0), "addresses restored before the lock");
        assertTrue(fresh.reservations.holds(1));
        assertEquals(0x8000_8008L, fresh.reservations.address(1));
        assertTrue(fresh.isHalted());
        assertTrue(fresh.isWaiting());
        assertEquals(original.retired(), fresh.retired());
        assertEquals(original.readCsr(CsrNames.MINSTRET), fresh.readCsr(CsrNames.MINSTRET));
        assertEquals(77, fresh.counters().retiredByMode[HartCounters.MODE_VS]);
        assertEquals(HartState.CSR_NAMES.size(), saved.csrs().length);
    }

    @Test
    void restoredDataContextFollowsTheRestoredStatusBits() {
        Hart original = machine(1, true).hart(0);
        scribble(original);
        Hart fresh = machine(1, true).hart(0);
        HartSnapshots.restore(fresh, HartSnapshots.save(original));
        // modeChanged ran: VS-mode with vsstatus.SUM and mstatus.MXR selects the SUM context and MXR flags.
        assertEquals(Privilege.S, fresh.dataPriv);
        assertTrue(fresh.dataVirt);
        assertEquals(original.dataFlags | org.virtlab.engine.mmu.Mmu.SUM | org.virtlab.engine.mmu.Mmu.MXR
                | org.virtlab.engine.mmu.Mmu.G_MXR, fresh.dataFlags);
    }

    @Test
    void aHartWithoutReservationOrHExtensionRoundTrips() {
        Hart original = machine(1, false).hart(0);
        original.x[5] = 55;
        original.mstatus = Csrs.MSTATUS_MPP;
        HartState saved = HartSnapshots.save(original);
        assertFalse(saved.reserved());
        Hart fresh = machine(1, false).hart(0);
        HartSnapshots.restore(fresh, saved);
        assertEquals(saved, HartSnapshots.save(fresh));
        assertEquals(0, fresh.reservations.active);
    }

    @Test
    void aStateForAnotherHartOrExtensionSetIsRefused() {
        HartState h1 = HartSnapshots.save(machine(2, true).hart(1));
        assertThrows(IllegalArgumentException.class, () -> HartSnapshots.restore(machine(2, true).hart(0), h1));
        HartState withH = HartSnapshots.save(machine(1, true).hart(0));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> HartSnapshots.restore(machine(1, false).hart(0), withH));
        assertTrue(e.getMessage().contains("H extension"), e.getMessage());
    }

    @Test
    void aRegisterThatRefusesItsSavedValueMakesTheStateDamaged() {
        HartState good = HartSnapshots.save(machine(1, true).hart(0));
        long[] csrs = good.csrs();
        csrs[HartState.CSR_NAMES.indexOf("satp")] = 9L << 60;     // Sv48: not implemented, a write is ignored
        HartState bad = new HartState(0, true, good.pc(), good.privilege(), false, good.x(), csrs, false, false,
                false, 0, 0, good.counters());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> HartSnapshots.restore(machine(1, true).hart(0), bad));
        assertTrue(e.getMessage().contains("satp"), e.getMessage());
    }

    @Test
    void namesAreUniqueAndCoverHExtensionAndPmp() {
        List<String> names = HartState.CSR_NAMES;
        assertEquals(names.size(), names.stream().distinct().count());
        for (String n : List.of("vsatp", "hgatp", "htimedelta", "vstimecmp", "pmpaddr15", "pmpcfg2", "mip-lines"))
            assertTrue(names.contains(n), n);
    }
}
