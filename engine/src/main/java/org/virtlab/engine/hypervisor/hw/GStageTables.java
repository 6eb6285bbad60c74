package org.virtlab.engine.hypervisor.hw;

import org.virtlab.engine.hypervisor.DomainMemory;
import org.virtlab.engine.memory.Ram;

/**
 * A domain's G-stage page tables (H extension, "Two-Stage Address Translation" and "Guest
 * Physical Address Translation"): the Sv39x4 tables that map the domain's guest-physical RAM to
 * the host range that holds it. They are the EPT/NPT of this machine; {@code hgatp} points at
 * them while one of the domain's vCPUs runs.
 *
 * <pre>
 *   hgatp = MODE 8 (Sv39x4) | VMID &lt;&lt; 44 | root PPN
 *   root   16 KiB, 2048 entries, index = GPA[40:30]      (one entry per GiB of guest-physical space)
 *   level 1  one 4 KiB table per GiB of RAM, index GPA[29:21]: 2 MiB leaves
 *   level 0  only for a RAM tail that is not a whole 2 MiB: 4 KiB leaves
 * </pre>
 *
 * Everything is built once, when the domain is created, in the first pages of the domain's pool
 * (host RAM the hypervisor keeps beside the domain's RAM, read-only to the hart through PMP).
 * Every leaf is R|W|X with U = 1 (the spec checks every G-stage access as a U-mode access) and
 * A = D = 1, so the hart never has to write these tables. Nothing but RAM is mapped: a guest
 * access to a device register, or to any address that is neither RAM nor device, is a
 * guest-page fault that exits to the hypervisor. No leaf points outside the domain's RAM, which
 * is the whole isolation argument for this technique.
 */
public final class GStageTables {
    /** hgatp.MODE for Sv39x4. */
    public static final long MODE_SV39X4 = 8L << 60;
    /** VMIDs are 14 bits on VirtLab's harts (hgatp.VMID, bits 57:44). */
    public static final int VMID_BITS = 14;

    private static final long PTE_V = 1, PTE_R = 2, PTE_W = 4, PTE_X = 8, PTE_U = 16, PTE_A = 64, PTE_D = 128;
    private static final long LEAF = PTE_V | PTE_R | PTE_W | PTE_X | PTE_U | PTE_A | PTE_D;
    private static final long PAGE = 4096, MEGAPAGE = 2L << 20, GIGAPAGE = 1L << 30;
    private static final int ROOT_PAGES = 4;

    private final long root;
    private final int pagesUsed;

    private GStageTables(long root, int pagesUsed) {
        this.root = root;
        this.pagesUsed = pagesUsed;
    }

    /**
     * Builds the tables that map {@code memory}'s guest-physical range to its host range, in
     * {@code poolPages} pages of host RAM from {@code poolBase} (16 KiB aligned).
     *
     * @throws IllegalArgumentException the pool is misaligned or too small, or the RAM does not
     *                                  fit the 41-bit guest-physical space (hypervisor bugs or
     *                                  configurations refused before a domain runs)
     */
    public static GStageTables build(DomainMemory memory, long poolBase, int poolPages) {
        if ((poolBase & (ROOT_PAGES * PAGE - 1)) != 0)
            throw new IllegalArgumentException(String.format("the G-stage root must be 16 KiB aligned, not at 0x%x", poolBase));
        long gpa = memory.guestBase(), end = gpa + memory.size();
        if (((gpa | memory.hostBase()) & (MEGAPAGE - 1)) != 0 || (end >>> 41) != 0)
            throw new IllegalArgumentException("domain RAM must be 2 MiB aligned and below 2 TiB of guest-physical space");
        Ram ram = memory.hostRam();
        Pool pool = new Pool(ram, poolBase, poolPages);
        long root = pool.take(ROOT_PAGES);
        long hpa = memory.hostBase();
        for (long g = gpa; g < end; ) {
            long level1 = table(ram, pool, root + ((g >>> 30) & 0x7FF) * 8);
            long pte1 = level1 + ((g >>> 21) & 0x1FF) * 8;
            if (end - g >= MEGAPAGE) {
                ram.write(pte1, 8, leaf(hpa));
                g += MEGAPAGE;
                hpa += MEGAPAGE;
                continue;
            }
            long level0 = table(ram, pool, pte1);           // the tail: less than 2 MiB left
            for (; g < end; g += PAGE, hpa += PAGE) ram.write(level0 + ((g >>> 12) & 0x1FF) * 8, 8, leaf(hpa));
        }
        return new GStageTables(root, pool.used);
    }

    /**
     * The tables {@link #build} wrote for {@code memory} in the pool at {@code poolBase}, found
     * without writing anything: a restored domain's pool in RAM still holds them. {@link #build}
     * always takes the root first and then one level-1 table per GiB of RAM and one level-0
     * table for a tail shorter than 2 MiB, so where they are follows from the memory alone.
     *
     * @throws IllegalArgumentException as {@link #build} would
     */
    public static GStageTables inPool(DomainMemory memory, long poolBase, int poolPages) {
        if ((poolBase & (ROOT_PAGES * PAGE - 1)) != 0)
            throw new IllegalArgumentException(String.format("the G-stage root must be 16 KiB aligned, not at 0x%x", poolBase));
        long gpa = memory.guestBase(), end = gpa + memory.size();
        if (((gpa | memory.hostBase()) & (MEGAPAGE - 1)) != 0 || (end >>> 41) != 0)
            throw new IllegalArgumentException("domain RAM must be 2 MiB aligned and below 2 TiB of guest-physical space");
        long level1 = ((end - 1) >>> 30) - (gpa >>> 30) + 1;
        int used = (int) (ROOT_PAGES + level1 + ((end - gpa) % MEGAPAGE != 0 ? 1 : 0));
        if (used > poolPages)
            throw new IllegalArgumentException("the domain's pool of " + poolPages + " pages is too small for its G-stage tables");
        return new GStageTables(poolBase, used);
    }

    /** The next-level table that the non-leaf entry at {@code pteAddr} points to, made if missing. */
    private static long table(Ram ram, Pool pool, long pteAddr) {
        long pte = ram.read(pteAddr, 8);
        if ((pte & PTE_V) != 0) return ((pte >>> 10) & ((1L << 44) - 1)) << 12;
        long t = pool.take(1);
        ram.write(pteAddr, 8, (t >>> 12) << 10 | PTE_V);
        return t;
    }

    private static long leaf(long hpa) {
        return (hpa >>> 12) << 10 | LEAF;
    }

    /** Host-physical address of the 16 KiB root table. */
    public long root() {
        return root;
    }

    /** Pool pages the tables take (root included). */
    public int pagesUsed() {
        return pagesUsed;
    }

    /** The hgatp value that selects these tables for virtual machine {@code vmid}. */
    public long hgatp(int vmid) {
        return MODE_SV39X4 | ((long) (vmid & ((1 << VMID_BITS) - 1)) << 44) | (root >>> 12);
    }

    /** The domain's pages of table memory, handed out in order and zeroed before use. */
    private static final class Pool {
        private final Ram ram;
        private final long base;
        private final int pages;
        int used;

        Pool(Ram ram, long base, int pages) {
            this.ram = ram;
            this.base = base;
            this.pages = pages;
        }

        long take(int n) {
            if (used + n > pages)
                throw new IllegalArgumentException("the domain's pool of " + pages + " pages is too small for its G-stage tables");
            long a = base + ((long) used << 12);
            ram.writeBytes(a, new byte[(int) (n * PAGE)], 0, (int) (n * PAGE));
            used += n;
            return a;
        }
    }
}
