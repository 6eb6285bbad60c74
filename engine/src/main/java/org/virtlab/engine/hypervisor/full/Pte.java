package org.virtlab.engine.hypervisor.full;

/**
 * Sv39 page-table entry fields, for the guest's tables and for the shadows alike (privileged
 * spec, "Sv39: Page-Based 39-bit Virtual-Memory System", figure "Sv39 page table entry"): bits
 * 0-7 V R W X U G A D, bits 8-9 RSW (left to supervisor software, ignored by the hardware),
 * bits 10-53 the PPN, bits 54-63 N, PBMT and reserved (none implemented, so they must be 0).
 */
final class Pte {
    static final long V = 1, R = 2, W = 4, X = 8, U = 16, G = 32, A = 64, D = 128;
    /**
     * An RSW bit the shadows put in a pointer entry: some leaf below it was cut out of a guest
     * superpage of the level just below, so dropping one page of it must drop all of it.
     */
    static final long SHATTERED = 1L << 8;
    static final long PPN_MASK = (1L << 44) - 1;
    static final int PAGE_SHIFT = 12;
    static final long PAGE_SIZE = 1L << PAGE_SHIFT;

    private Pte() {
    }

    /** The physical address the entry's PPN names (a next-level table, or a leaf's page). */
    static long address(long pte) {
        return ((pte >>> 10) & PPN_MASK) << PAGE_SHIFT;
    }

    static long make(long address, long flags) {
        return ((address >>> PAGE_SHIFT) << 10) | flags;
    }

    /** V = 0, or W without R (reserved), or any of bits 63:54 set. */
    static boolean invalid(long pte) {
        return (pte & V) == 0 || (pte & (R | W)) == W || (pte >>> 54) != 0;
    }

    /** A valid entry with R or X set is a leaf; otherwise it points to the next level. */
    static boolean isLeaf(long pte) {
        return (pte & (R | X)) != 0;
    }

    /** A pointer (non-leaf) entry with D, A or U set: those bits are reserved there, a page fault. */
    static boolean reservedInPointer(long pte) {
        return (pte & (D | A | U)) != 0;
    }

    /** VPN[level] of a virtual address: the index into the table at that level. */
    static int index(long va, int level) {
        return (int) ((va >>> (PAGE_SHIFT + 9 * level)) & 0x1FF);
    }

    /** Whether {@code va} is a valid Sv39 address: bits 63:39 all equal to bit 38. */
    static boolean canonical(long va) {
        return ((va << 25) >> 25) == va;
    }
}
