package org.virtlab.engine.hypervisor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** The host allocator's free list as a snapshot keeps it, and the ranges a restore refuses. */
class HostMemoryFreeRangesTest {
    private static final long MIB = 1L << 20;
    private static final long BASE = 0x8000_0000L + 2 * MIB;

    @Test
    void aRestoredAllocatorHandsOutWhatTheSavedOneWould() {
        HostMemory a = new HostMemory(BASE, 30 * MIB);
        long x = a.allocate(4 * MIB);
        a.allocate(6 * MIB);
        a.release(x, 4 * MIB);
        HostMemory b = new HostMemory(BASE, 30 * MIB);
        b.restoreFree(a.freeRanges());
        assertArrayEquals(a.freeRanges(), b.freeRanges());
        assertEquals(a.allocate(2 * MIB), b.allocate(2 * MIB));
        assertEquals(a.allocate(8 * MIB), b.allocate(8 * MIB));
        assertEquals(a.freeBytes(), b.freeBytes());
    }

    @Test
    void rangesThatAreMisalignedOverlapOrLieOutsideAreRefused() {
        HostMemory m = new HostMemory(BASE, 30 * MIB);
        for (long[] bad : new long[][] {
                {BASE + 4096, 2 * MIB},                              // misaligned
                {BASE, 4 * MIB, BASE + 2 * MIB, 2 * MIB},            // overlapping
                {BASE + 4 * MIB, 2 * MIB, BASE, 2 * MIB},            // out of order
                {BASE + 28 * MIB, 4 * MIB},                          // past the end
                {BASE - 2 * MIB, 2 * MIB},                           // below the start
                {BASE, 0},                                           // empty
                {BASE}})                                             // half a pair
            assertThrows(IllegalArgumentException.class, () -> m.restoreFree(bad), java.util.Arrays.toString(bad));
        assertEquals(30 * MIB, m.freeBytes(), "a refused list changes nothing");
    }
}
