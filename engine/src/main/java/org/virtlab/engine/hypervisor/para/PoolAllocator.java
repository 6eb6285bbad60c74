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
