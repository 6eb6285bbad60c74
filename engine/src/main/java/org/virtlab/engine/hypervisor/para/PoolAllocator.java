package org.virtlab.engine.hypervisor.para;

import java.util.ArrayDeque;
import org.virtlab.engine.memory.Ram;

/**
 * The pages of a domain's hypervisor pool (host RAM after its guest RAM, which full
 * virtualization fills with shadow tables) handed out one at a time. Under para the pool holds
 * the boot address space and the user views of the guest's roots: tables the hypervisor writes
 * and the guest can never map, since its entries may only name frames of its own RAM.
 */
final class PoolAllocator {
    private final Ram ram;
    private final ArrayDeque<Long> free = new ArrayDeque<>();

    PoolAllocator(Ram ram, long base, int pages) {
        this.ram = ram;
        for (int i = pages - 1; i >= 0; i--) free.push(base + ((long) i << 12));
    }

    /**
     * A pool whose free pages are {@code free}, in the order they will be handed out (restore).
     *
     * @throws IllegalArgumentException a page is not a page of the pool, or is listed twice
     */
    PoolAllocator(Ram ram, long base, int pages, long[] free) {
        this.ram = ram;
        java.util.Set<Long> seen = new java.util.HashSet<>();
        for (long page : free) {
            if ((page & 0xFFF) != 0 || page < base || page >= base + ((long) pages << 12) || !seen.add(page))
                throw new IllegalArgumentException(String.format("para snapshot: 0x%x is not a free page of the pool", page));
            this.free.addLast(page);
        }
    }

    /** The free pages in the order they will be handed out (a snapshot). */
    long[] free() {
        long[] pages = new long[free.size()];
        int i = 0;
        for (long p : free) pages[i++] = p;
        return pages;
    }

    /** A zeroed page's host address, or -1 when the pool is empty. */
    long allocate() {
        Long page = free.poll();
        return page == null ? -1 : page;
    }

    /** Gives a page back, zeroed for its next user. */
    void release(long page) {
        for (int i = 0; i < 4096; i += 8) ram.write(page + i, 8, 0);
        free.push(page);
    }

    int freePages() {
        return free.size();
    }
}
