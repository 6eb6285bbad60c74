package org.virtlab.engine.hypervisor.para;

/**
 * The Sv39 page-table entry bits and fields the para technique reads and writes (RISC-V
 * Privileged Architecture, "Sv39: Page-Based 39-bit Virtual-Memory System").
 */
final class Sv39 {
    private Sv39() {
    }

    static final long V = 1, R = 2, W = 4, X = 8, U = 16, G = 32, A = 64, D = 128;
    static final long PPN_MASK = (1L << 44) - 1;
    static final long SATP_SV39 = 8L << 60;
    static final int ENTRIES = 512;
    static final long PAGE = 4096;

    /** The host-physical address an entry points at. */
    static long target(long pte) {
        return ((pte >>> 10) & PPN_MASK) << 12;
    }

    /** A valid entry pointing at host page {@code page} with flags {@code flags}. */
    static long entry(long page, long flags) {
        return (page >>> 12) << 10 | flags | V;
    }

    static boolean isLeaf(long pte) {
        return (pte & (R | W | X)) != 0;
    }

    /** satp selecting Sv39 with root page {@code root} (ASID 0). */
    static long satp(long root) {
        return SATP_SV39 | (root >>> 12);
    }
}
