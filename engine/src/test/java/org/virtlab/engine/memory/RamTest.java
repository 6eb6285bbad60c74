package org.virtlab.engine.memory;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Guest RAM: lazy pages, little-endian accesses that may cross pages, and code-cache coherence. */
class RamTest {
    static final long BASE = 0x8000_0000L;

    /** A code cache that records every invalidation as {offset, length}. */
    static final class RecordingCache extends CodeCache {
        final List<int[]> calls = new ArrayList<>();

        @Override
        public boolean invalidate(int offset, int length) {
            calls.add(new int[] {offset, length});
            return false;
        }
    }

    @Test
    void pagesAreAllocatedOnFirstTouchOnly() {
        Ram ram = new Ram(BASE, 1L << 30);
        assertEquals(0, ram.allocatedPages());
        ram.write(BASE, 8, 1);
        ram.read(BASE + 0x10_0000, 4);
        ram.write(BASE + (1L << 30) - 8, 8, -1);
        ram.write(BASE + 8, 8, 2);                      // same page as the first
        assertEquals(3, ram.allocatedPages());
        assertSame(ram.page(BASE + 0x123), ram.page(BASE + 0xFFF));
        assertEquals(3, ram.allocatedPages());
    }

    @Test
    void untouchedMemoryReadsAsZero() {
        Ram ram = new Ram(BASE, 1 << 20);
        assertEquals(0, ram.read(BASE + 0x5555, 8));
    }

    @Test
    void readsAndWritesAreLittleEndianAndZeroExtended() {
        Ram ram = new Ram(BASE, 1 << 20);
        ram.write(BASE, 8, 0x8877_6655_4433_2211L);
        assertEquals(0x11, ram.read(BASE, 1));
        assertEquals(0x2211, ram.read(BASE, 2));
        assertEquals(0x4433_2211L, ram.read(BASE, 4));
        assertEquals(0x88, ram.read(BASE + 7, 1));
        assertEquals(0x8877, ram.read(BASE + 6, 2));
        ram.write(BASE + 1, 2, 0xFFFF_AABBL);           // only the low 2 bytes
        assertEquals(0x8877_6655_44AA_BB11L, ram.read(BASE, 8));
    }

    @Test
    void accessesMayCrossAPage() {
        Ram ram = new Ram(BASE, 1 << 20);
        long at = BASE + 0xFFD;
        ram.write(at, 8, 0x0102_0304_0506_0708L);
        assertEquals(0x0102_0304_0506_0708L, ram.read(at, 8));
        assertEquals(0x0506_0708L, ram.read(at, 4));
        assertEquals(0x08, ram.read(BASE + 0xFFD, 1));
        assertEquals(0x01, ram.read(BASE + 0x1004, 1));
        assertEquals(2, ram.allocatedPages());
        ram.write(BASE + 0x1FFF, 2, 0xBEEF);
        assertEquals(0xEF, ram.read(BASE + 0x1FFF, 1));
        assertEquals(0xBE, ram.read(BASE + 0x2000, 1));
    }

    @Test
    void bytesRoundTripAcrossPages() {
        Ram ram = new Ram(BASE, 1 << 20);
        byte[] src = new byte[3 * RamPage.SIZE + 100];
        for (int i = 0; i < src.length; i++) src[i] = (byte) (i * 7 + 3);
        ram.writeBytes(BASE + 0x0F00, src, 0, src.length);
        byte[] dst = new byte[src.length];
        ram.readBytes(BASE + 0x0F00, dst, 0, dst.length);
        assertArrayEquals(src, dst);
        assertEquals(src[0x100] & 0xFF, ram.read(BASE + 0x1000, 1));
    }

    @Test
    void bytesHonourArrayOffsets() {
        Ram ram = new Ram(BASE, 1 << 20);
        byte[] src = {9, 9, 1, 2, 3, 9};
        ram.writeBytes(BASE + 0x10, src, 2, 3);
        assertEquals(0x03_0201L, ram.read(BASE + 0x10, 4));
        byte[] dst = new byte[5];
        ram.readBytes(BASE + 0x10, dst, 1, 3);
        assertArrayEquals(new byte[] {0, 1, 2, 3, 0}, dst);
    }

    @Test
    void containsChecksBothEnds() {
        Ram ram = new Ram(BASE, 1 << 20);
        long end = BASE + (1 << 20);
        assertTrue(ram.contains(BASE, 1));
        assertTrue(ram.contains(BASE, 1 << 20));
        assertTrue(ram.contains(end - 8, 8));
        assertFalse(ram.contains(end - 4, 8), "runs past the end");
        assertFalse(ram.contains(end, 1));
        assertFalse(ram.contains(BASE - 1, 1));
        assertFalse(ram.contains(BASE - 1, 2), "starts below RAM although it ends inside");
        assertFalse(ram.contains(0, 1));
        assertFalse(ram.contains(-8L, 16), "wraps around the address space");
        assertFalse(ram.contains(BASE, -1L), "a huge (negative) length");
    }

    @Test
    void constructorRefusesUnalignedOrEmptyRam() {
        assertThrows(IllegalArgumentException.class, () -> new Ram(BASE + 1, 1 << 20));
        assertThrows(IllegalArgumentException.class, () -> new Ram(BASE, (1 << 20) + 1));
        assertThrows(IllegalArgumentException.class, () -> new Ram(BASE, 0));
    }

    @Test
    void writeTellsTheCodeCacheWhichBytesChanged() {
        Ram ram = new Ram(BASE, 1 << 20);
        RecordingCache cache = new RecordingCache();
        ram.page(BASE).code = cache;
        ram.write(BASE + 0x40, 4, 0x13);
        ram.write(BASE + 0x82, 2, 0x1);
        assertEquals(2, cache.calls.size());
        assertArrayEquals(new int[] {0x40, 4}, cache.calls.get(0));
        assertArrayEquals(new int[] {0x82, 2}, cache.calls.get(1));
    }

    @Test
    void writeBytesTellsEachPagesCodeCache() {
        Ram ram = new Ram(BASE, 1 << 20);
        RecordingCache first = new RecordingCache();
        RecordingCache second = new RecordingCache();
        ram.page(BASE).code = first;
        ram.page(BASE + 0x1000).code = second;
        ram.writeBytes(BASE + 0xFF0, new byte[0x20], 0, 0x20);
        assertEquals(1, first.calls.size());
        assertArrayEquals(new int[] {0xFF0, 0x10}, first.calls.get(0));
        assertEquals(1, second.calls.size());
        assertArrayEquals(new int[] {0, 0x10}, second.calls.get(0));
    }

    @Test
    void writeAcrossAPageInvalidatesBothPages() {
        Ram ram = new Ram(BASE, 1 << 20);
        RecordingCache first = new RecordingCache();
        RecordingCache second = new RecordingCache();
        ram.page(BASE).code = first;
        ram.page(BASE + 0x1000).code = second;
        ram.write(BASE + 0xFFE, 4, 0x1234_5678);
        int firstLow = first.calls.stream().mapToInt(c -> c[0]).min().orElse(-1);
        int firstHigh = first.calls.stream().mapToInt(c -> c[0] + c[1]).max().orElse(-1);
        int secondLow = second.calls.stream().mapToInt(c -> c[0]).min().orElse(-1);
        int secondHigh = second.calls.stream().mapToInt(c -> c[0] + c[1]).max().orElse(-1);
        assertEquals(0xFFE, firstLow);
        assertEquals(0x1000, firstHigh);
        assertEquals(0, secondLow);
        assertEquals(2, secondHigh);
    }

    @Test
    void readsNeverInvalidate() {
        Ram ram = new Ram(BASE, 1 << 20);
        RecordingCache cache = new RecordingCache();
        ram.page(BASE).code = cache;
        ram.read(BASE, 8);
        ram.readBytes(BASE, new byte[16], 0, 16);
        assertTrue(cache.calls.isEmpty());
    }

    @Test
    void writtenWithoutACodeCacheIsHarmless() {
        Ram ram = new Ram(BASE, 1 << 20);
        ram.page(BASE).written(0, 8);
        assertEquals(0, ram.read(BASE, 8));
    }
}
