package org.virtlab.engine.hypervisor.hw;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.virtlab.engine.cpu.Cause;
import org.virtlab.engine.cpu.CsrNames;
import org.virtlab.engine.cpu.Hart;
import org.virtlab.engine.cpu.Privilege;
import org.virtlab.engine.hypervisor.DomainMemory;
import org.virtlab.engine.machine.Machine;
import org.virtlab.engine.machine.MachineConfig;
import org.virtlab.engine.mmu.Access;
import org.virtlab.engine.mmu.Mmu;

/** The G-stage tables, checked through the physical hart's own two-stage translation. */
class GStageTablesTest {
    private static final long MiB = 1L << 20;
    private static final long GUEST = DomainMemory.GUEST_RAM_BASE;

    private Machine machine;
    private Hart hart;

    @BeforeEach
    void setUp() {
        machine = new Machine(MachineConfig.builder().harts(1).memoryBytes(64 * MiB).build());
        hart = machine.hart(0);
        hart.writeCsr(CsrNames.PMPADDR0, 0x3F_FFFF_FFFF_FFFFL);   // NAPOT over everything, RWX
        hart.writeCsr(CsrNames.PMPCFG0, 0x1F);
    }

    /** A domain of {@code size} bytes at host {@code hostBase}, its tables in the pool at {@code pool}. */
    private GStageTables domain(long hostBase, long size, long pool) {
        return GStageTables.build(new DomainMemory(machine.ram(), hostBase, size), pool, 64);
    }

    private long translate(GStageTables g, int vmid, long gpa, int access) {
        hart.writeCsr(CsrNames.HGATP, g.hgatp(vmid));
        hart.writeCsr(CsrNames.VSATP, 0);
        return hart.mmu().translate(gpa, access, Privilege.S, true, 0);
    }

    @Test
    void everyGuestRamPageMapsToItsHostPageWithSuperpagesAndAFourKibTail() {
        long host = machine.ram().base() + 4 * MiB;
        long size = 5 * MiB + 12 * 1024;                         // two 2 MiB leaves, then 1 MiB + 12 KiB of 4 KiB leaves
        GStageTables g = domain(host, size, machine.ram().base() + 32 * MiB);
        assertEquals(4 + 1 + 1, g.pagesUsed(), "16 KiB root, one level-1 table, one level-0 table for the tail");
        for (long off = 0; off < size; off += 4096) {
            for (int access : new int[] {Access.FETCH, Access.LOAD, Access.STORE})
                assertEquals(host + off + 0x7F8, translate(g, 1, GUEST + off + 0x7F8, access), "gpa +0x" + Long.toHexString(off));
        }
    }

    @Test
    void anythingButRamIsAGuestPageFaultWithTheGuestPhysicalAddressInTval2() {
        long host = machine.ram().base() + 4 * MiB;
        GStageTables g = domain(host, 4 * MiB, machine.ram().base() + 32 * MiB);
        Mmu mmu = hart.mmu();
        long[] outside = {GUEST - 8, GUEST + 4 * MiB, 0x1000_0000L, 0x0C00_0000L, 0, 1L << 40, (1L << 41) + GUEST};
        for (long gpa : outside) {
            assertEquals(Mmu.FAULT, translate(g, 1, gpa, Access.STORE), "gpa 0x" + Long.toHexString(gpa));
            assertEquals(Cause.STORE_GUEST_PAGE_FAULT, mmu.faultCause);
            assertEquals(gpa >>> 2, mmu.faultTval2, "htval/mtval2 for 0x" + Long.toHexString(gpa));
        }
    }

    @Test
    void twoDomainsSeeTheirOwnMemoryAtTheSameGuestAddress() {
        long base = machine.ram().base();
        GStageTables a = domain(base + 2 * MiB, 4 * MiB, base + 32 * MiB);
        GStageTables b = domain(base + 8 * MiB, 4 * MiB, base + 48 * MiB);
        machine.ram().write(base + 2 * MiB + 0x100, 8, 0xAAAA);
        machine.ram().write(base + 8 * MiB + 0x100, 8, 0xBBBB);
        // switch back and forth as the hypervisor does, hgatp only (each domain its own VMID)
        for (int round = 0; round < 3; round++) {
            assertEquals(0xAAAA, machine.ram().read(translate(a, 1, GUEST + 0x100, Access.LOAD), 8));
            assertEquals(0xBBBB, machine.ram().read(translate(b, 2, GUEST + 0x100, Access.LOAD), 8));
        }
        assertTrue(a.hgatp(1) != b.hgatp(2));
        assertEquals(GStageTables.MODE_SV39X4 | 2L << 44 | (base + 48 * MiB) >>> 12, b.hgatp(2));
    }

    @Test
    void aPoolTooSmallOrMisalignedIsRefused() {
        DomainMemory m = new DomainMemory(machine.ram(), machine.ram().base() + 4 * MiB, 4 * MiB);
        assertThrows(IllegalArgumentException.class, () -> GStageTables.build(m, machine.ram().base() + 32 * MiB, 4));
        assertThrows(IllegalArgumentException.class, () -> GStageTables.build(m, machine.ram().base() + 32 * MiB + 4096, 64));
    }

    @Test
    void vmidsAreNonZeroAndDistinctForDistinctDomains() {
        assertEquals(1, HardwareVirtualization.vmidOf(0));
        assertEquals(2, HardwareVirtualization.vmidOf(1));
        for (int id = 0; id < 20_000; id++) {
            int v = HardwareVirtualization.vmidOf(id);
            assertTrue(v >= 1 && v < 1 << GStageTables.VMID_BITS, "VMID " + v);
        }
    }
}
