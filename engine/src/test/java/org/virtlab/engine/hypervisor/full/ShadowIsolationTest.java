package org.virtlab.engine.hypervisor.full;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.virtlab.engine.hypervisor.full.GuestTables.A;
import static org.virtlab.engine.hypervisor.full.GuestTables.D;
import static org.virtlab.engine.hypervisor.full.GuestTables.DOMAIN_HOST;
import static org.virtlab.engine.hypervisor.full.GuestTables.GUEST_RAM;
import static org.virtlab.engine.hypervisor.full.GuestTables.OTHER_DOMAIN_HOST;
import static org.virtlab.engine.hypervisor.full.GuestTables.POOL;
import static org.virtlab.engine.hypervisor.full.GuestTables.POOL_PAGES;
import static org.virtlab.engine.hypervisor.full.GuestTables.R;
import static org.virtlab.engine.hypervisor.full.GuestTables.U;
import static org.virtlab.engine.hypervisor.full.GuestTables.UART;
import static org.virtlab.engine.hypervisor.full.GuestTables.V;
import static org.virtlab.engine.hypervisor.full.GuestTables.W;
import static org.virtlab.engine.hypervisor.full.GuestTables.X;

import java.util.Random;

import org.junit.jupiter.api.Test;
import org.virtlab.engine.mmu.Access;

/**
 * The isolation invariant of {@link ShadowPageTables}: whatever the guest writes in its page
 * tables, no shadow leaf points outside the domain's host range, and the shadow's own tables are
 * pool pages the guest cannot reach.
 */
class ShadowIsolationTest {
    static final long VA = 0x0000_0040_1000L;
    static final long USER_RW = V | R | W | U | A | D;

    final GuestTables g = new GuestTables();

    @Test
    void hostileLeavesNeverBecomeShadowLeavesOutsideTheDomain() {
        ShadowPageTables spt = new ShadowPageTables(g.domain, POOL, POOL_PAGES);
        long satp = g.newSatp(1);
        long[] notRam = {0x0, OTHER_DOMAIN_HOST, UART, ((1L << 44) - 1) << 12, GUEST_RAM + g.domain.size(), GUEST_RAM - 0x1000};
        for (long target : notRam) {
            g.map(satp, VA, target, USER_RW);
            spt.flushAll();
            Fill f = spt.handleFault(satp, ShadowContext.U, false, VA, Access.STORE);
            assertEquals(Fill.Kind.NOT_RAM, f.kind(), String.format("guest leaf to 0x%x", target));
            assertEquals(0, spt.leaf(satp, ShadowContext.U, VA));
        }
        // The pool's host address, named as a guest-physical address, is just the guest's own RAM.
        g.map(satp, VA, POOL, USER_RW);
        spt.flushAll();
        assertEquals(Fill.Kind.FILLED, spt.handleFault(satp, ShadowContext.U, false, VA, Access.STORE).kind());
        long hpa = Pte.address(spt.leaf(satp, ShadowContext.U, VA));
        assertEquals(DOMAIN_HOST + (POOL - GUEST_RAM), hpa);
        assertFalse(spt.inPool(hpa), "a guest can never map the shadow tables");
        assertShadowsConfined(spt);
    }

    @Test
    void randomGarbageGuestTablesKeepEveryShadowInsideTheDomain() {
        Random random = new Random(20240607);
        ShadowPageTables spt = new ShadowPageTables(g.domain, POOL, 12, 5);   // small: resets and evictions happen
        long[] tables = new long[8];
        for (int i = 0; i < tables.length; i++) tables[i] = g.newTable();
        long[] targets = {0x0, UART, OTHER_DOMAIN_HOST, POOL, DOMAIN_HOST, GUEST_RAM, GUEST_RAM + 0x1F_F000,
            GUEST_RAM + 0x20_0000, -1L >>> 8, GUEST_RAM + 0x40_0000};
        for (long table : tables) {
            for (int i = 0; i < 512; i++) {
                long ppnTarget = random.nextInt(3) == 0 ? tables[random.nextInt(tables.length)]
                        : random.nextBoolean() ? targets[random.nextInt(targets.length)]
                        : GUEST_RAM + ((long) random.nextInt(1 << 21) & ~0xFFFL);
                long flags = random.nextInt(1 << 10) | V;
                if (random.nextInt(20) == 0) flags = random.nextLong();                  // reserved bits and all
                if (random.nextInt(4) == 0) flags &= ~(R | W | X);                      // a pointer
                g.writeGuest(table + i * 8L, GuestTables.pte(ppnTarget, 0) | (flags & 0x3FF) | (flags & (0x3FFL << 54)));
            }
        }
        long[] satps = new long[6];
        for (int i = 0; i < satps.length; i++)
            satps[i] = (8L << 60) | ((long) i << 44) | ((i == 5 ? UART : tables[i % tables.length]) >>> 12);

        int[] kinds = new int[Fill.Kind.values().length];
        for (int n = 0; n < 4000; n++) {
            long satp = satps[random.nextInt(satps.length)];
            int context = random.nextInt(ShadowContext.COUNT);
            long va = (random.nextLong() << 25) >> 25;
            if (context == ShadowContext.BARE && random.nextBoolean()) va = GUEST_RAM + (random.nextLong() & 0x3F_FFFF);
            spt.root(satp, context);
            Fill f = spt.handleFault(satp, context, random.nextBoolean(), va, random.nextInt(3));
            kinds[f.kind().ordinal()]++;
            switch (random.nextInt(200)) {
                case 0 -> spt.flushAll();
                case 1 -> spt.flushPage(va);
                case 2 -> spt.flushAsid(random.nextInt(6));
                case 3 -> spt.mxrChanged(false);
                default -> { }
            }
            if (n % 500 == 0) assertShadowsConfined(spt);
        }
        assertShadowsConfined(spt);
        assertTrue(spt.liveRoots().size() > 1, "the walk checked something");
        for (Fill.Kind k : Fill.Kind.values()) assertTrue(kinds[k.ordinal()] > 0, "the fuzz never produced " + k);
        assertTrue(spt.stats().poolResets() > 0, "the fuzz never exhausted the pool: " + spt.stats());
        assertTrue(spt.stats().evictions() > 0, "the fuzz never evicted an address space");
    }

    /** Walks every live shadow as the physical MMU could, checking each entry. */
    void assertShadowsConfined(ShadowPageTables spt) {
        for (long root : spt.liveRoots()) checkTable(spt, root, 2);
    }

    private void checkTable(ShadowPageTables spt, long table, int level) {
        assertTrue(spt.inPool(table), String.format("shadow table 0x%x outside the pool", table));
        for (int i = 0; i < 512; i++) {
            long pte = g.ram.read(table + i * 8L, 8);
            if ((pte & V) == 0) continue;
            String where = String.format("shadow table 0x%x, level %d entry %d = 0x%x", table, level, i, pte);
            assertEquals(0, pte >>> 54, where + ": reserved bits");
            if (level > 0) {
                assertEquals(0, pte & (R | W | X), where + ": shadows have 4 KiB leaves only");
                checkTable(spt, Pte.address(pte), level - 1);
                continue;
            }
            assertTrue(g.domain.ownsHost(Pte.address(pte), 4096), where + ": leaf outside the domain");
            assertEquals(U | A, pte & (U | A), where + ": leaves are U=1, A=1");
            assertEquals(0, pte & GuestTables.G, where + ": never global");
            if ((pte & W) != 0) assertEquals(R | D, pte & (R | D), where + ": W needs R and D");
            assertTrue((pte & (R | X)) != 0, where + ": a leaf");
        }
    }
}
