package org.virtlab.engine.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** RAM images: only non-zero pages, equal pages once, and restores that share pages copy-on-write. */
class RamSnapshotTest {
    static final long BASE = 0x8000_0000L;
    static final long SIZE = 16L << 20;

    private static Ram ramWithPages() {
        Ram ram = new Ram(BASE, SIZE);
        ram.write(BASE, 8, 0x1122_3344_5566_7788L);          // page 0
        ram.write(BASE + 0x1000, 8, 42);                       // page 1
        ram.write(BASE + 0x5000, 8, 42);                       // page 5: equal to page 1
        ram.read(BASE + 0x9000, 8);                            // page 9: touched, all zero
        return ram;
    }

    @Test
    void captureTakesEveryTouchedPageAndDeduplicationKeepsNonZeroPagesOnce() {
        RamImage captured = ramWithPages().capture();
        assertEquals(4, captured.pageCount(), "pages 0, 1, 5 and the touched zero page 9");
        RamImage image = captured.deduplicated();
        assertEquals(3, image.pageCount());
        assertEquals(2, image.distinctPages());
        assertEquals(0, image.index(0));
        assertEquals(1, image.index(1));
        assertEquals(5, image.index(2));
        assertSame(image.page(1), image.page(2));
    }

    @Test
    void captureIsACopy() {
        Ram ram = ramWithPages();
        RamImage image = ram.capture();
        ram.write(BASE, 8, 0);
        Ram restored = new Ram(BASE, SIZE);
        restored.restore(image);
        assertEquals(0x1122_3344_5566_7788L, restored.read(BASE, 8));
    }

    @Test
    void restoredPagesAreSharedUntilWrittenAndWritesStayPrivate() {
        RamImage image = ramWithPages().capture();
        Ram a = new Ram(BASE, SIZE);
        Ram b = new Ram(BASE, SIZE);
        a.restore(image);
        b.restore(image);
        assertEquals(4, a.sharedPages(), "pages 0, 1, 5 and the zero page 9 the original had touched");
        assertSame(a.page(BASE).data, b.page(BASE).data, "both forks read the snapshot's array");
        assertEquals(0, a.copiedPages());

        a.write(BASE + 8, 8, 0xAAAA);
        assertEquals(1, a.copiedPages());
        assertFalse(a.page(BASE).isShared());
        assertNotSame(a.page(BASE).data, b.page(BASE).data);
        assertEquals(0xAAAA, a.read(BASE + 8, 8));
        assertEquals(0, b.read(BASE + 8, 8), "the other fork does not see the write");
        assertEquals(0, image.page(0)[8], "the snapshot does not change");

        a.write(BASE + 16, 8, 1);                               // the same page again: no second copy
        assertEquals(1, a.copiedPages());
        // Page 1 and page 5 share one array in the image; writing one leaves the other alone.
        a.write(BASE + 0x1000, 8, 7);
        assertEquals(42, a.read(BASE + 0x5000, 8));
        assertEquals(42, b.read(BASE + 0x1000, 8));
    }

    @Test
    void pageForWriteKeepsTheSamePageObjectSoCachedReferencesSeeThePrivateCopy() {
        Ram ram = new Ram(BASE, SIZE);
        ram.restore(ramWithPages().capture());
        RamPage before = ram.page(BASE);                       // e.g. held by a load TLB
        RamPage writable = ram.pageForWrite(BASE);
        assertSame(before, writable);
        writable.data[0] = 1;
        assertEquals(1, before.data[0]);
    }

    @Test
    void dmaWritesAndByteCopiesUnshareToo() {
        Ram ram = new Ram(BASE, SIZE);
        ram.restore(ramWithPages().capture());
        ram.writeBytes(BASE + 0xFFE, new byte[] {1, 2, 3, 4}, 0, 4);   // crosses pages 0 and 1
        assertEquals(2, ram.copiedPages());
        assertEquals(2, ram.sharedPages(), "pages 5 and 9 are still the snapshot's");
    }

    @Test
    void aCaptureOfARestoredRamReusesTheSharedArrays() {
        RamImage image = ramWithPages().capture();
        Ram ram = new Ram(BASE, SIZE);
        ram.restore(image);
        RamImage again = ram.capture();
        assertSame(image.page(0), again.page(0));
    }

    @Test
    void restoreNeedsAnUntouchedRamOfTheSameShape() {
        RamImage image = ramWithPages().capture();
        Ram touched = new Ram(BASE, SIZE);
        touched.write(BASE, 1, 1);
        assertThrows(IllegalStateException.class, () -> touched.restore(image));
        assertThrows(IllegalArgumentException.class, () -> new Ram(BASE, SIZE * 2).restore(image));
        assertTrue(new Ram(BASE, SIZE).allocatedPages() == 0);
    }
}
