package org.virtlab.engine.hypervisor.para;

import org.virtlab.engine.hypervisor.DomainMemory;
import org.virtlab.engine.memory.Ram;

/**
 * The address space a PV kernel starts in, before it has page tables of its own (Xen's domain
 * builder gives a PV guest initial tables the same way): every page of the domain's RAM at its
 * guest-physical address, readable, writable and executable by the U-mode hart, built by the
 * hypervisor in its pool so the guest cannot change it. 4 KiB pages, so that a page the guest
 * pins as a page table can be made read-only here too: no address space the guest runs in
 * ever lets it write a pinned table.
 */
final class BootMap {
    private static final long LEAF = Sv39.R | Sv39.W | Sv39.X | Sv39.U | Sv39.A | Sv39.D;

    private final Ram ram;
    private final DomainMemory memory;
    private final long root;
    /** The leaf tables, one per 2 MiB of RAM. */
    private final long[] leafTables;

    /** @throws IllegalArgumentException the pool is too small (it never is: 1/8 of RAM) */
    BootMap(PoolAllocator pool, DomainMemory memory) {
        this.ram = memory.hostRam();
        this.memory = memory;
        long mapped = Math.min(memory.size(), 1L << 30);      // one root slot: the kernel maps 1 GiB
        long gpa = memory.guestBase();
        root = pool.allocate();
        long l1 = pool.allocate();
        leafTables = new long[(int) ((mapped + (2 << 20) - 1) >>> 21)];
        if (root < 0 || l1 < 0) throw new IllegalArgumentException("the domain's pool cannot hold its boot page tables");
        ram.write(root + index(gpa, 2) * 8, 8, Sv39.entry(l1, 0));
        for (int t = 0; t < leafTables.length; t++) {
            long table = pool.allocate();
            if (table < 0) throw new IllegalArgumentException("the domain's pool cannot hold its boot page tables");
            leafTables[t] = table;
            long va = gpa + ((long) t << 21);
            ram.write(l1 + index(va, 1) * 8, 8, Sv39.entry(table, 0));
            for (long off = 0; off < (2 << 20) && ((long) t << 21) + off < mapped; off += Sv39.PAGE)
                ram.write(table + index(va + off, 0) * 8, 8, Sv39.entry(memory.hostBase() + ((long) t << 21) + off, LEAF));
        }
    }

    /**
     * The boot map the booting constructor built from a fresh pool at {@code poolBase}, found
     * where it is without writing anything (restore: RAM holds it). A fresh pool hands out its
     * pages lowest first, so the root is the pool's first page, the level-1 table the second and
     * the leaf tables the ones after.
     */
    BootMap(long poolBase, DomainMemory memory) {
        this.ram = memory.hostRam();
        this.memory = memory;
        long mapped = Math.min(memory.size(), 1L << 30);
        root = poolBase;
        leafTables = new long[(int) ((mapped + (2 << 20) - 1) >>> 21)];
        for (int t = 0; t < leafTables.length; t++) leafTables[t] = poolBase + ((long) (2 + t) << 12);
    }

    /** Pool pages the boot map takes: the root, the level-1 table and the leaf tables. */
    int pages() {
        return 2 + leafTables.length;
    }

    /** The root page (host address). */
    long root() {
        return root;
    }

    /** Makes the boot mapping of host page {@code page} of the domain writable or read-only. */
    void setWritable(long page, boolean writable) {
        long off = page - memory.hostBase();
        int t = (int) (off >>> 21);
        if (off < 0 || t >= leafTables.length) return;
        long at = leafTables[t] + ((off >>> 12) & 511) * 8;
        long pte = ram.read(at, 8);
        ram.write(at, 8, writable ? pte | Sv39.W : pte & ~Sv39.W);
    }

    private static long index(long va, int level) {
        return (va >>> (12 + 9 * level)) & 511;
    }
}
