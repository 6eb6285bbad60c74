package org.virtlab.engine.hypervisor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.virtlab.engine.memory.CodeCache;
import org.virtlab.engine.memory.Ram;

/** A domain's RAM at guest-physical addresses: translation, refusal outside, code-cache coherence. */
class GuestRamTest {
    private static final long MIB = 1L << 20;
    private static final long HOST_BASE = 0x8000_0000L;
    /** The domain's slice: host 0x8010_0000..0x8020_0000, guest 0x8000_0000..0x8010_0000. */
    private static final long SLICE = HOST_BASE + MIB;

    private final Ram host = new Ram(HOST_BASE, 4 * MIB);
    private final GuestRam guest = new GuestRam(new DomainMemory(host, SLICE, MIB));

    @Test
    void accessesLandAtTheTranslatedHostAddress() {
        guest.write(0x8000_0010L, 8, 0x1122_3344_5566_7788L);
        assertEquals(0x1122_3344_5566_7788L, host.read(SLICE + 0x10, 8));
        host.write(SLICE + 0xff8, 4, 0xcafe_f00dL);
        assertEquals(0xcafe_f00dL, guest.read(0x8000_0ff8L, 4));

        byte[] data = new byte[6000];                             // crosses a page
        for (int i = 0; i < data.length; i++) data[i] = (byte) (i * 7);
        guest.writeBytes(0x8000_2800L, data, 0, data.length);
        byte[] back = new byte[data.length];
        host.readBytes(SLICE + 0x2800, back, 0, back.length);
        assertArrayEquals(data, back);
        byte[] viaGuest = new byte[data.length];
        guest.readBytes(0x8000_2800L, viaGuest, 0, viaGuest.length);
        assertArrayEquals(data, viaGuest);
        assertEquals(0x8000_0000L, guest.base());
        assertEquals(MIB, guest.size());
    }

    @Test
    void onlyTheDomainsOwnRangeIsContained() {
        assertTrue(guest.contains(0x8000_0000L, MIB));
        assertTrue(guest.contains(0x800f_fff8L, 8));
        assertFalse(guest.contains(0x800f_fff8L, 9), "straddles the end");
        assertFalse(guest.contains(0x7fff_fff8L, 8), "below the base");
        assertFalse(guest.contains(0x0, 4));
        assertFalse(guest.contains(1L << 40, 4));
        assertFalse(guest.contains(SLICE + MIB, 4), "the host address of the next domain's range");
        assertFalse(guest.contains(0x8000_0000L, -1));
        assertFalse(guest.contains(-8, 16), "a wrapping range");
    }

    @Test
    void accessesOutsideTheDomainNeverReachHostMemory() {
        host.write(SLICE + MIB, 8, 0x5a5a_5a5a_5a5a_5a5aL);    // the neighbour's first bytes
        host.write(HOST_BASE, 8, 0x1234L);                      // below the slice
        int pages = host.allocatedPages();

        guest.write(0x8010_0000L, 8, -1L);                      // just past the domain
        guest.write(0x800f_fffcL, 8, -1L);                      // straddling its end
        guest.writeBytes(0x8010_0000L, new byte[] {1, 2, 3}, 0, 3);
        guest.writeBytes(0x0L, new byte[] {1}, 0, 1);

        assertEquals(0x5a5a_5a5a_5a5a_5a5aL, host.read(SLICE + MIB, 8));
        assertEquals(0x1234L, host.read(HOST_BASE, 8));
        assertEquals(0, host.read(SLICE + MIB - 4, 4), "a straddling write is dropped whole");
        assertEquals(0, guest.read(0x8010_0000L, 8), "reads outside give 0");
        byte[] dst = {9, 9, 9, 9};
        guest.readBytes(1L << 40, dst, 1, 2);
        assertArrayEquals(new byte[] {9, 0, 0, 9}, dst);
        assertEquals(pages + 1, host.allocatedPages(), "only the page read back at the slice's end was touched");
    }

    @Test
    void writesKeepDecodedCodeCoherent() {
        List<String> invalidated = new ArrayList<>();
        host.page(SLICE + 0x3000).code = new CodeCache() {
            @Override
            public boolean invalidate(int offset, int length) {
                invalidated.add(offset + "+" + length);
                return false;
            }
        };
        guest.write(0x8000_3010L, 4, 0x13);
        guest.writeBytes(0x8000_3100L, new byte[8], 0, 8);
        assertEquals(List.of("16+4", "256+8"), invalidated);
    }
}
