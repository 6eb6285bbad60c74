package org.virtlab.engine.hypervisor.full;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.virtlab.engine.hypervisor.full.GuestTables.A;
import static org.virtlab.engine.hypervisor.full.GuestTables.D;
import static org.virtlab.engine.hypervisor.full.GuestTables.DOMAIN_HOST;
import static org.virtlab.engine.hypervisor.full.GuestTables.GUEST_RAM;
import static org.virtlab.engine.hypervisor.full.GuestTables.POOL;
import static org.virtlab.engine.hypervisor.full.GuestTables.POOL_PAGES;
import static org.virtlab.engine.hypervisor.full.GuestTables.R;
import static org.virtlab.engine.hypervisor.full.GuestTables.U;
import static org.virtlab.engine.hypervisor.full.GuestTables.V;
import static org.virtlab.engine.hypervisor.full.GuestTables.W;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.virtlab.engine.mmu.Access;
import org.virtlab.engine.mmu.Mmu;

/**
 * Keeping shadows coherent with the guest's tables: the four SFENCE.VMA forms (privileged spec,
 * "Supervisor Memory-Management Fence Instruction"), caching of address spaces on and off, LRU
 * eviction and running out of pool pages.
 */
class ShadowCoherenceTest {
    static final long VA = 0x0000_0040_1000L;
    static final long USER_RW = V | R | W | U | A | D;

    GuestTables g;
    ShadowPageTables spt;
    Mmu mmu;

    @BeforeEach
    void setUp() {
        g = new GuestTables();
        spt = new ShadowPageTables(g.domain, POOL, POOL_PAGES);
        mmu = GuestTables.physicalMmu(g.ram);
    }

    /** Makes the shadow current (as the hypervisor loading satp would) and fills {@code va}. */
    void touch(long satp, long va) {
        spt.root(satp, ShadowContext.U);
        assertEquals(Fill.Kind.FILLED, spt.handleFault(satp, ShadowContext.U, false, va, Access.LOAD).kind());
    }

    long reach(long satp, long va) {
        return GuestTables.physicalTranslate(mmu, spt.root(satp, ShadowContext.U), va, Access.LOAD);
    }

    boolean mapped(long satp, long va) {
        return spt.leaf(satp, ShadowContext.U, va) != 0;
    }

    @Test
    void remapIsSeenAfterFlushPageAndNotBefore() {
        long satp = g.newSatp(1);
        long leafGpa = g.map(satp, VA, GUEST_RAM + 0x5000, USER_RW);
        touch(satp, VA);
        g.writeGuest(leafGpa, GuestTables.pte(GUEST_RAM + 0x6000, USER_RW));

        assertEquals(DOMAIN_HOST + 0x5000, reach(satp, VA), "without SFENCE.VMA the old mapping may stay (spec allows)");
        spt.flushPage(VA);
        assertEquals(Mmu.FAULT, reach(satp, VA), "flushed: the next access faults to the hypervisor");
        touch(satp, VA);
        assertEquals(DOMAIN_HOST + 0x6000, reach(satp, VA), "refilled from the new guest entry");
        assertEquals(1, spt.stats().flushPage());
    }

    @Test
    void flushPageOfAShatteredMegapageDropsAllOfIt() {
        long satp = g.newSatp(1);
        long mega = 0x4000_0000L;
        g.map(satp, mega, GUEST_RAM, USER_RW, 1);
        g.map(satp, mega + 0x20_0000, GUEST_RAM + 0x9000, USER_RW);            // next 2 MiB: a 4 KiB page
        touch(satp, mega);
        touch(satp, mega + 0x7000);
        touch(satp, mega + 0x20_0000);
        spt.flushPage(mega + 0x1F_F000);                                     // a page never touched
        assertFalse(mapped(satp, mega), "every page cut from the megapage goes");
        assertFalse(mapped(satp, mega + 0x7000));
        assertTrue(mapped(satp, mega + 0x20_0000), "4 KiB pages elsewhere stay");
        touch(satp, mega + 0x7000);
        spt.flushPage(mega + 0x7000);
        assertFalse(mapped(satp, mega + 0x7000), "and the mark was reset by the refill");
    }

    @Test
    void flushPageOfAShatteredGigapageDropsAllOfIt() {
        long satp = g.newSatp(1);
        long giga = 0x4000_0000L;
        g.map(satp, giga, GUEST_RAM, USER_RW, 2);                             // 1 GiB at gpa 0x8000_0000
        touch(satp, giga + 0x1000);
        touch(satp, giga + 0x10_2000);
        touch(satp, giga + 0x1F_F000);
        spt.flushPage(giga + 0x3000_0000L);                                   // far away, in the same gigapage
        assertFalse(mapped(satp, giga + 0x1000));
        assertFalse(mapped(satp, giga + 0x10_2000));
        assertFalse(mapped(satp, giga + 0x1F_F000));
    }

    @Test
    void flushPageWithAsidTouchesOnlyThatAddressSpace() {
        long one = g.newSatp(1), two = g.newSatp(2);
        g.map(one, VA, GUEST_RAM + 0x5000, USER_RW);
        g.map(two, VA, GUEST_RAM + 0x6000, USER_RW);
        touch(one, VA);
        touch(two, VA);
        spt.flushPage(VA, 1);
        assertFalse(mapped(one, VA));
        assertTrue(mapped(two, VA), "another ASID keeps its mapping");
        spt.flushPage(VA);
        assertFalse(mapped(two, VA), "rs2 = x0: every address space");
        assertEquals(1, spt.stats().flushPageAsid());
    }

    @Test
    void flushAsidDropsThatAddressSpaceOnly() {
        long one = g.newSatp(1), two = g.newSatp(2);
        g.map(one, VA, GUEST_RAM + 0x5000, USER_RW);
        g.map(two, VA, GUEST_RAM + 0x6000, USER_RW);
        touch(two, VA);
        touch(one, VA);                                                       // one is current
        spt.flushAsid(2);
        assertFalse(mapped(two, VA));
        assertTrue(mapped(one, VA));
        assertEquals(1, spt.stats().cachedAddressSpaces());
        assertEquals(1, spt.stats().flushAsid());
    }

    @Test
    void flushAllEmptiesEverythingButKeepsTheCurrentRootAddress() {
        long one = g.newSatp(1), two = g.newSatp(2);
        g.map(one, VA, GUEST_RAM + 0x5000, USER_RW);
        g.map(two, VA, GUEST_RAM + 0x6000, USER_RW);
        touch(one, VA);
        touch(two, VA);
        long current = spt.root(two, ShadowContext.U);
        int pagesBefore = spt.stats().pagesInUse();
        spt.flushAll();
        assertFalse(mapped(one, VA));
        assertFalse(mapped(two, VA));
        assertEquals(current, spt.root(two, ShadowContext.U), "physical satp still valid after the guest's SFENCE.VMA");
        assertFalse(spt.lastRootFlushed());
        assertEquals(Mmu.FAULT, GuestTables.physicalTranslate(mmu, current, VA, Access.LOAD));
        assertTrue(spt.stats().pagesInUse() < pagesBefore, "tables went back to the pool");
    }

    @Test
    void cachingOnReusesAnAddressSpacesShadowAfterASwitch() {
        long one = g.newSatp(0), two = g.newSatp(0);                          // no ASIDs, like xv6
        g.map(one, VA, GUEST_RAM + 0x5000, USER_RW);
        g.map(two, VA, GUEST_RAM + 0x6000, USER_RW);
        touch(one, VA);
        long rootOne = spt.root(one, ShadowContext.U);
        touch(two, VA);
        assertFalse(spt.lastRootFlushed());
        assertEquals(rootOne, spt.root(one, ShadowContext.U));
        assertFalse(spt.lastRootFlushed());
        assertEquals(DOMAIN_HOST + 0x5000, GuestTables.physicalTranslate(mmu, rootOne, VA, Access.LOAD), "no refill needed");
        assertEquals(2, spt.stats().fills());
    }

    @Test
    void cachingOffRebuildsOnEverySwitch() {
        spt.setCaching(false);
        long one = g.newSatp(0), two = g.newSatp(0);
        g.map(one, VA, GUEST_RAM + 0x5000, USER_RW);
        g.map(two, VA, GUEST_RAM + 0x6000, USER_RW);
        touch(one, VA);
        spt.root(0, ShadowContext.BARE);                                      // a trap to virtual M and back
        spt.root(one, ShadowContext.S);                                       // another context, same address space
        assertFalse(spt.lastRootFlushed());
        assertTrue(mapped(one, VA), "same satp: nothing dropped");

        spt.root(two, ShadowContext.U);
        assertTrue(spt.lastRootFlushed(), "switch: the caller must flush the TLB");
        assertFalse(mapped(one, VA), "the old address space's shadow is gone");
        touch(two, VA);
        spt.root(one, ShadowContext.U);
        assertTrue(spt.lastRootFlushed());
        assertFalse(mapped(two, VA));
        assertEquals(2, spt.stats().switchDrops());
        assertEquals(1, spt.stats().cachedAddressSpaces());
    }

    @Test
    void leastRecentlyUsedAddressSpaceIsEvicted() {
        spt = new ShadowPageTables(g.domain, POOL, POOL_PAGES, 2);
        long one = g.newSatp(1), two = g.newSatp(2), three = g.newSatp(3);
        for (long s : new long[] {one, two, three}) g.map(s, VA, GUEST_RAM + 0x5000, USER_RW);
        touch(one, VA);
        touch(two, VA);
        touch(one, VA);                                                       // one is now the most recent
        spt.root(three, ShadowContext.U);
        assertTrue(spt.lastRootFlushed());
        assertTrue(mapped(one, VA));
        assertFalse(mapped(two, VA), "least recently used");
        assertEquals(1, spt.stats().evictions());
        assertEquals(2, spt.stats().cachedAddressSpaces());
    }

    @Test
    void exhaustedPoolDropsEverythingAndTheFillStillSucceeds() {
        spt = new ShadowPageTables(g.domain, POOL, 5);                        // a root and two fills' tables
        long satp = g.newSatp(1);
        long[] vas = {0x1000L, 0x4000_1000L, 0x8000_1000L};                   // three 1 GiB regions: 2 tables each
        for (long va : vas) g.map(satp, va, GUEST_RAM + 0x5000, USER_RW);
        long root = spt.root(satp, ShadowContext.U);
        assertFalse(spt.handleFault(satp, ShadowContext.U, false, vas[0], Access.LOAD).flushedTlb());
        assertFalse(spt.handleFault(satp, ShadowContext.U, false, vas[1], Access.LOAD).flushedTlb());
        assertEquals(5, spt.stats().pagesInUse());

        Fill f = spt.handleFault(satp, ShadowContext.U, false, vas[2], Access.LOAD);
        assertEquals(Fill.Kind.FILLED, f.kind());
        assertTrue(f.flushedTlb(), "entries were dropped: the caller must flush the TLB");
        assertEquals(1, spt.stats().poolResets());
        assertEquals(root, spt.root(satp, ShadowContext.U), "the current root survives the reset");
        assertEquals(DOMAIN_HOST + 0x5000, GuestTables.physicalTranslate(mmu, root, vas[2], Access.LOAD));
        assertFalse(mapped(satp, vas[0]));
        assertFalse(mapped(satp, vas[1]));
        assertEquals(3, spt.stats().pagesInUse());
    }

    @Test
    void exhaustedPoolWhenMakingARootDropsEverything() {
        spt = new ShadowPageTables(g.domain, POOL, 3);
        long one = g.newSatp(1), two = g.newSatp(2);
        g.map(one, VA, GUEST_RAM + 0x5000, USER_RW);
        touch(one, VA);                                                       // 3 pages: root + 2 tables
        long rootTwo = spt.root(two, ShadowContext.U);
        assertTrue(spt.lastRootFlushed());
        assertTrue(spt.inPool(rootTwo));
        assertFalse(mapped(one, VA));
        assertEquals(1, spt.stats().poolResets());
        assertNotEquals(0, spt.stats().poolPages());
    }

    @Test
    void mxrGrantFilledRightAfterAPoolResetIsStillDroppedWhenMxrClears() {
        spt = new ShadowPageTables(g.domain, POOL, 5);
        long satp = g.newSatp(1);
        long[] vas = {0x1000L, 0x4000_1000L, 0x8000_1000L};
        g.map(satp, vas[0], GUEST_RAM + 0x5000, USER_RW);
        g.map(satp, vas[1], GUEST_RAM + 0x5000, USER_RW);
        g.map(satp, vas[2], GUEST_RAM + 0x6000, V | GuestTables.X | U | A);   // execute-only
        touch(satp, vas[0]);
        touch(satp, vas[1]);
        Fill f = spt.handleFault(satp, ShadowContext.U, true, vas[2], Access.LOAD);
        assertTrue(f.flushedTlb(), "this fill reset the pool");
        assertTrue(spt.mxrChanged(false), "the MXR-granted read filled after the reset must go");
        assertFalse(mapped(satp, vas[2]));
    }
}
