package org.virtlab.engine.hypervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class HostMemoryTest {
    private static final long MIB = 1L << 20;

    @Test
    void allocatesFirstFitIn2MiBStepsAndMergesWhatIsFreed() {
        HostMemory m = new HostMemory(0x8000_0000L + 2 * MIB, 14 * MIB);
        long a = m.allocate(3 * MIB);              // rounded up to 4 MiB
        long b = m.allocate(4 * MIB);
        long c = m.allocate(6 * MIB);
        assertEquals(0x8000_0000L + 2 * MIB, a);
        assertEquals(a + 4 * MIB, b);
        assertEquals(b + 4 * MIB, c);
        assertEquals(-1, m.allocate(2 * MIB), "14 MiB are all taken");
        m.release(b, 4 * MIB);
        assertEquals(-1, m.allocate(6 * MIB), "a 4 MiB hole does not hold 6 MiB");
        m.release(a, 3 * MIB);
        assertEquals(8 * MIB, m.freeBytes());
        assertEquals(a, m.allocate(8 * MIB), "the two freed neighbours merged into one range");
    }
}
