package org.virtlab.engine.hypervisor.full;

import org.virtlab.engine.hypervisor.DomainMemory;
import org.virtlab.engine.memory.Ram;

/**
 * One shadow page table: a three-level Sv39 tree in {@link ShadowPool} pages, walked by the
 * physical MMU, mapping guest-virtual pages to host-physical ones. Leaves are only ever 4 KiB
 * (guest superpages are cut into the pages actually touched) and only ever point inside the
 * domain's RAM (checked in {@link #map}: the isolation invariant).
 *
 * <p>A pointer entry gets {@link Pte#SHATTERED} when a leaf below it came from a guest superpage
 * of the next level down; {@link #unmap} then drops that whole superpage, because SFENCE.VMA of
 * one address invalidates every cached translation derived from the leaf entry that maps it
 * (privileged spec, "Supervisor Memory-Management Fence Instruction").
 */
final class Shadow {
    private final ShadowPool pool;
    private final Ram ram;
    private final DomainMemory guest;
    /** Host address of the root table, what the physical satp points at. */
    final long root;
    /** The tables below the root, for freeing. */
    private long[] tables = new long[8];
    private int tableCount;

    Shadow(ShadowPool pool, DomainMemory guest, long root) {
        this.pool = pool;
        this.ram = guest.hostRam();
        this.guest = guest;
        this.root = root;
    }

    /**
     * Maps {@code va}'s 4 KiB page to host page {@code hpa} with leaf {@code flags};
     * {@code guestLevel} is the level of the guest leaf it comes from. Needs two free pool pages.
     *
     * @throws IllegalStateException if {@code hpa} is not the domain's RAM: a hypervisor bug,
     *     refused rather than break isolation
     */
    void map(long va, int guestLevel, long hpa, long flags) {
        if (!guest.ownsHost(hpa, Pte.PAGE_SIZE) || (hpa & (Pte.PAGE_SIZE - 1)) != 0)
            throw new IllegalStateException(String.format("shadow leaf to host 0x%x outside the domain", hpa));
        long level1 = nextTable(root, va, 2, guestLevel == 2);
        long level0 = nextTable(level1, va, 1, guestLevel == 1);
        ram.write(level0 + Pte.index(va, 0) * 8L, 8, Pte.make(hpa, flags));
    }

    private long nextTable(long table, long va, int level, boolean shattered) {
        long slot = table + Pte.index(va, level) * 8L;
        long pte = ram.read(slot, 8);
        long updated = pte;
        if ((pte & Pte.V) == 0) updated = Pte.make(newTable(), Pte.V);
        if (shattered) updated |= Pte.SHATTERED;
        if (updated != pte) ram.write(slot, 8, updated);
        return Pte.address(updated);
    }

    private long newTable() {
        long t = pool.allocate();
        if (t < 0) throw new IllegalStateException("shadow pool empty: callers must reserve two pages");
        if (tableCount == tables.length) tables = java.util.Arrays.copyOf(tables, tableCount * 2);
        tables[tableCount++] = t;
        return t;
    }

    /** The level-0 entry mapping {@code va}, or 0 if there is none. */
    long leaf(long va) {
        long table = root;
        for (int level = 2; level > 0; level--) {
            long pte = ram.read(table + Pte.index(va, level) * 8L, 8);
            if ((pte & Pte.V) == 0) return 0;
            table = Pte.address(pte);
        }
        return ram.read(table + Pte.index(va, 0) * 8L, 8);
    }

    /** Drops the mapping of {@code va}, and of every page shattered from the same guest superpage. */
    void unmap(long va) {
        long slot2 = root + Pte.index(va, 2) * 8L;
        long pte2 = ram.read(slot2, 8);
        if ((pte2 & Pte.V) == 0) return;
        long level1 = Pte.address(pte2);
        if ((pte2 & Pte.SHATTERED) != 0) {                  // a gigapage: all of its 1 GiB
            for (int i = 0; i < 512; i++) {
                long pte1 = ram.read(level1 + i * 8L, 8);
                if ((pte1 & Pte.V) == 0) continue;
                pool.zero(Pte.address(pte1));
                ram.write(level1 + i * 8L, 8, pte1 & ~Pte.SHATTERED);
            }
            ram.write(slot2, 8, pte2 & ~Pte.SHATTERED);
            return;
        }
        long slot1 = level1 + Pte.index(va, 1) * 8L;
        long pte1 = ram.read(slot1, 8);
        if ((pte1 & Pte.V) == 0) return;
        if ((pte1 & Pte.SHATTERED) != 0) {                  // a megapage: all of its 2 MiB
            pool.zero(Pte.address(pte1));
            ram.write(slot1, 8, pte1 & ~Pte.SHATTERED);
            return;
        }
        ram.write(Pte.address(pte1) + Pte.index(va, 0) * 8L, 8, 0);
    }

    /** Drops every mapping but keeps the root page (and its address): the rest goes back to the pool. */
    void clear() {
        for (int i = 0; i < tableCount; i++) pool.release(tables[i]);
        tableCount = 0;
        pool.zero(root);
    }

    /** Gives every page, root included, back to the pool; the shadow must not be used again. */
    void release() {
        for (int i = 0; i < tableCount; i++) pool.release(tables[i]);
        tableCount = 0;
        pool.release(root);
    }

    /** Pool pages this shadow holds, root included. */
    int pages() {
        return tableCount + 1;
    }
}
