package org.virtlab.engine.hypervisor.full;

import org.virtlab.engine.memory.Ram;

/**
 * The hypervisor's own pages that shadow page tables are built in: host RAM
 * [base, base + pages * 4 KiB), outside every domain. A simple free stack; a page is zeroed when
 * handed out, so a new table starts with every entry invalid.
 */
final class ShadowPool {
    private static final byte[] ZERO_PAGE = new byte[(int) Pte.PAGE_SIZE];

    private final Ram ram;
    private final long base;
    private final long[] free;
    private int freeCount;

    ShadowPool(Ram ram, long base, int pages) {
        this.ram = ram;
        this.base = base;
        this.free = new long[pages];
        for (int i = 0; i < pages; i++) free[i] = base + (long) (pages - 1 - i) * Pte.PAGE_SIZE;  // lowest first
        this.freeCount = pages;
    }

    /** A zeroed page's host address, or -1 when the pool is empty. */
    long allocate() {
        if (freeCount == 0) return -1;
        long page = free[--freeCount];
        zero(page);
        return page;
    }

    void release(long page) {
        free[freeCount++] = page;
    }

    void zero(long page) {
        ram.writeBytes(page, ZERO_PAGE, 0, ZERO_PAGE.length);
    }

    int freePages() {
        return freeCount;
    }

    int capacity() {
        return free.length;
    }

    int inUse() {
        return free.length - freeCount;
    }

    /** Whether host address {@code hpa} lies in the pool. */
    boolean holds(long hpa) {
        return Long.compareUnsigned(hpa - base, (long) free.length * Pte.PAGE_SIZE) < 0;
    }
}
