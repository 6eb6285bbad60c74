package org.virtlab.engine.hypervisor.hw;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.virtlab.engine.cpu.Cause;
import org.virtlab.engine.cpu.CsrNames;
import org.virtlab.engine.cpu.Hart;
import org.virtlab.engine.cpu.Privilege;
import org.virtlab.engine.cpu.Trap;
import org.virtlab.engine.hypervisor.DomainMemory;
import org.virtlab.engine.hypervisor.MmioAccess;
import org.virtlab.engine.machine.Machine;
import org.virtlab.engine.machine.MachineConfig;

/** Decoding the access behind a guest-page fault: from mtinst, or from the guest's own instruction bytes. */
class FaultingAccessTest {
    private static final long LW_A0 = 0x0000_2503L;            // lw a0, 0(x0): transformed (address fields zero)
    private static final long SD_A1 = 0x00B0_3023L;            // sd a1, 0(x0)
    private static final long C_LW_A0 = 0x0000_2501L;          // c.lw a0 expanded to lw, bit 1 cleared

    @Test
    void aTransformedLoadOrStoreGivesSizeRegisterAndLength() {
        assertEquals(new MmioAccess(false, 4, true, 10, 4), FaultingAccess.fromTransformed(LW_A0));
        assertEquals(new MmioAccess(true, 8, false, 11, 4), FaultingAccess.fromTransformed(SD_A1));
        assertEquals(new MmioAccess(false, 4, true, 10, 2), FaultingAccess.fromTransformed(C_LW_A0),
                "a compressed original advances the pc by 2");
        assertNull(FaultingAccess.fromTransformed(0x0000_202FL | 1), "an AMO is no MMIO access");
    }

    @Test
    void pseudoInstructionsMarkTheGuestsOwnPageTableWalk() {
        assertTrue(FaultingAccess.isImplicit(0x3000));
        assertTrue(FaultingAccess.isImplicit(0x3020));
        assertFalse(FaultingAccess.isImplicit(0));
        assertFalse(FaultingAccess.isImplicit(LW_A0));
        assertFalse(FaultingAccess.isImplicit(C_LW_A0));
    }

    @Test
    void withoutMtinstTheInstructionIsReadThroughBothStages() {
        Machine m = new Machine(MachineConfig.builder().harts(1).memoryBytes(32L << 20).build());
        Hart hart = m.hart(0);
        hart.writeCsr(CsrNames.PMPADDR0, 0x3F_FFFF_FFFF_FFFFL);
        hart.writeCsr(CsrNames.PMPCFG0, 0x1F);
        DomainMemory memory = new DomainMemory(m.ram(), m.ram().base() + (4L << 20), 4L << 20);
        GStageTables g = GStageTables.build(memory, m.ram().base() + (16L << 20), 16);
        hart.writeCsr(CsrNames.HGATP, g.hgatp(1));
        hart.writeCsr(CsrNames.VSATP, 0);                     // guest paging off: gva = gpa
        long gpa = DomainMemory.GUEST_RAM_BASE + 0x1000;
        long hpa = memory.hostAddress(gpa, 8);
        m.ram().write(hpa, 4, 0x0085_3023L);                   // sd s0, 0(a0)
        m.ram().write(hpa + 4, 2, 0x4108);                     // c.lw a0, 0(a0)

        Trap store = new Trap(Cause.STORE_GUEST_PAGE_FAULT, 0x1000_0000L, 0x1000_0000L >>> 2, 0, gpa, Privilege.S, true, true);
        assertEquals(new MmioAccess(true, 8, false, 8, 4), FaultingAccess.decode(store, hart, memory));
        Trap load = new Trap(Cause.LOAD_GUEST_PAGE_FAULT, 0x1000_0000L, 0x1000_0000L >>> 2, 0, gpa + 4, Privilege.S, true, true);
        assertEquals(new MmioAccess(false, 4, true, 10, 2), FaultingAccess.decode(load, hart, memory));
        assertEquals(-1, FaultingAccess.fetch(hart, 0x1000_0000L, Privilege.S, memory), "a pc outside RAM cannot be read");
    }
}
