package org.virtlab.engine.hypervisor.hw;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.virtlab.engine.hypervisor.DomainMemory;
import org.virtlab.engine.machine.Machine;
import org.virtlab.engine.machine.MachineConfig;

/** A restored hw domain finds its G-stage tables where {@link GStageTables#build} put them, without writing. */
class GStageTablesInPoolTest {
    private static final long MiB = 1L << 20;

    @ParameterizedTest(name = "{0} KiB of guest RAM")
    @ValueSource(longs = {4, 2048, 2052, 32 * 1024, 1024 * 1024, 1024 * 1024 + 2048, 1024 * 1024 + 2060})
    void inPoolFindsWhatBuildBuilt(long kib) {
        Machine m = new Machine(MachineConfig.builder().memoryBytes(1280 * MiB).build());
        long pool = Machine.DRAM_BASE + 1200 * MiB;
        DomainMemory memory = new DomainMemory(m.ram(), Machine.DRAM_BASE, kib << 10);
        GStageTables built = GStageTables.build(memory, pool, 16);
        long allocated = m.ram().allocatedPages();
        GStageTables found = GStageTables.inPool(memory, pool, 16);
        assertEquals(built.root(), found.root());
        assertEquals(built.pagesUsed(), found.pagesUsed());
        assertEquals(built.hgatp(5), found.hgatp(5));
        assertEquals(allocated, m.ram().allocatedPages(), "finding the tables writes nothing");
    }

    @ParameterizedTest(name = "pool of {0} pages")
    @ValueSource(ints = {0, 4})
    void aPoolTooSmallForTheTablesIsRefused(int pages) {
        Machine m = new Machine(MachineConfig.builder().memoryBytes(64 * MiB).build());
        DomainMemory memory = new DomainMemory(m.ram(), Machine.DRAM_BASE, 3 * MiB);
        assertThrows(IllegalArgumentException.class, () -> GStageTables.inPool(memory, Machine.DRAM_BASE + 32 * MiB, pages));
    }
}
