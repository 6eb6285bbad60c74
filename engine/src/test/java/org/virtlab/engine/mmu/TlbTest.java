package org.virtlab.engine.mmu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;
import org.virtlab.engine.memory.Ram;
import org.virtlab.engine.memory.RamPage;

/** The direct-mapped software TLB: the interpreter hits by comparing {@code tag[index(vpn)]}. */
class TlbTest {
    final Ram ram = new Ram(0x8000_0000L, 1 << 20);
    final RamPage p1 = ram.page(0x8000_1000L);
    final RamPage p2 = ram.page(0x8000_2000L);
    final Tlb tlb = new Tlb();

    /** What the interpreter's fast path does: the page on a hit, null on a miss. */
    RamPage lookup(long vpn) {
        int i = Tlb.index(vpn);
        return tlb.tag[i] == vpn ? tlb.page[i] : null;
    }

    @Test
    void emptyTlbMissesEverything() {
        assertNull(lookup(0));
        assertNull(lookup(0x12345));
        assertNull(lookup(-1L >>> 12));
    }

    @Test
    void fillThenHit() {
        tlb.fill(0x40000, p1, false);
        assertSame(p1, lookup(0x40000));
        assertNull(lookup(0x40001));
    }

    @Test
    void entriesWithTheSameIndexReplaceEachOther() {
        long a = 0x40000, b = a + Tlb.ENTRIES;
        assertEquals(Tlb.index(a), Tlb.index(b));
        tlb.fill(a, p1, false);
        tlb.fill(b, p2, false);
        assertNull(lookup(a));
        assertSame(p2, lookup(b));
    }

    @Test
    void flushOnePageKeepsTheOthers() {
        tlb.fill(0x40000, p1, false);
        tlb.fill(0x40001, p2, false);
        tlb.flush(0x40000);
        assertNull(lookup(0x40000));
        assertSame(p2, lookup(0x40001));
    }

    @Test
    void flushOfAPageNotHeldLeavesTheAliasInTheSameSlot() {
        tlb.fill(0x40000, p1, false);
        tlb.flush(0x40000 + Tlb.ENTRIES);
        assertSame(p1, lookup(0x40000));
    }

    @Test
    void flushAll() {
        for (long vpn = 0; vpn < Tlb.ENTRIES; vpn++) tlb.fill(vpn, p1, false);
        tlb.flush();
        for (long vpn = 0; vpn < Tlb.ENTRIES; vpn++) assertNull(lookup(vpn));
        for (int i = 0; i < Tlb.ENTRIES; i++) assertNull(tlb.page[i]);
    }

    /**
     * An entry filled from a superpage stands for one 4 KiB piece of it; SFENCE.VMA of any other
     * address in the superpage must still drop it (privileged spec, "Supervisor Memory-Management
     * Fence Instruction"), so the TLB flushes everything once it holds superpage entries.
     */
    @Test
    void superpageEntriesForceAFullFlushOnFlushOfOnePage() {
        tlb.fill(0x40000, p1, true);
        tlb.fill(0x50001, p2, false);
        tlb.flush(0x40123);                       // another page of the same 2 MiB superpage
        assertNull(lookup(0x40000));
        assertNull(lookup(0x50001));
    }

    @Test
    void fullFlushForgetsThatSuperpagesWereHeld() {
        tlb.fill(0x40000, p1, true);
        tlb.flush();
        tlb.fill(0x40000, p1, false);
        tlb.fill(0x40001, p2, false);
        tlb.flush(0x40000);
        assertSame(p2, lookup(0x40001), "only 4 KiB entries now: a page flush is precise again");
    }
}
