package org.virtlab.engine.hypervisor.para;

import java.util.HashMap;
import java.util.Map;
import org.virtlab.engine.memory.Ram;

/**
 * What a guest process may see of an address space. A PV kernel and its processes both run in
 * physical U-mode, so the hart cannot keep the kernel's pages from the processes by privilege;
 * instead each pinned root gets a user view: a root page in the hypervisor's pool holding only
 * the root's user slots (the top-level entries the kernel declared with HC_SET_USER_SLOTS; they
 * point at the guest's own validated tables below). In virtual kernel mode the hart runs on the
 * root, in virtual user mode on its view: two address spaces per process, as x86-64 Xen PV
 * keeps a kernel and a user page table per process. Every validated write to a user slot of a
 * root is mirrored into its view.
 */
final class UserViews {
    private final Ram ram;
    private final PoolAllocator pool;
    private final Map<Long, Long> views = new HashMap<>();
    /** The view of an address space without user slots (the boot map): nothing at all. */
    private final long empty;
    private int first;
    private int count;

    UserViews(Ram ram, PoolAllocator pool) {
        this.ram = ram;
        this.pool = pool;
        this.empty = pool.allocate();
    }

    /**
     * User views as saved (restore): the empty view at {@code empty}, the user slots, and the
     * (root, view) pairs; the view pages are in RAM already.
     *
     * @param poolHolds whether a page lies in the domain's pool (a view page must)
     * @throws IllegalArgumentException a view is not a pool page, or the slots are out of range
     */
    UserViews(Ram ram, PoolAllocator pool, long empty, int first, int count, long[] pairs,
              java.util.function.LongPredicate poolHolds) {
        this.ram = ram;
        this.pool = pool;
        this.empty = empty;
        if (first < 0 || count < 0 || first + count > Sv39.ENTRIES)
            throw new IllegalArgumentException("para snapshot: user slots " + first + "+" + count);
        this.first = first;
        this.count = count;
        for (int i = 0; i < pairs.length; i += 2) {
            if ((pairs[i + 1] & 0xFFF) != 0 || !poolHolds.test(pairs[i + 1]))
                throw new IllegalArgumentException(String.format("para snapshot: user view at 0x%x is not a pool page", pairs[i + 1]));
            views.put(pairs[i], pairs[i + 1]);
        }
    }

    /** (root, view) pairs ordered by root, and the slots: for a snapshot. */
    long[] pairs() {
        long[] out = new long[2 * views.size()];
        int i = 0;
        for (Map.Entry<Long, Long> e : new java.util.TreeMap<>(views).entrySet()) {
            out[i++] = e.getKey();
            out[i++] = e.getValue();
        }
        return out;
    }

    int first() {
        return first;
    }

    int count() {
        return count;
    }

    /** Declares the user slots; existing views are rebuilt. */
    void setSlots(int first, int count) {
        this.first = first;
        this.count = count;
        for (Map.Entry<Long, Long> e : views.entrySet()) {
            for (int i = 0; i < Sv39.ENTRIES; i++) ram.write(e.getValue() + i * 8L, 8, 0);
            copySlots(e.getKey(), e.getValue());
        }
    }

    boolean isUserSlot(int index) {
        return index >= first && index < first + count;
    }

    /** Makes the view of a newly pinned root; false when the pool is full. */
    boolean create(long root) {
        long view = pool.allocate();
        if (view < 0) return false;
        copySlots(root, view);
        views.put(root, view);
        return true;
    }

    void release(long root) {
        Long view = views.remove(root);
        if (view != null) pool.release(view);
    }

    /** A validated write of {@code value} to entry {@code index} of pinned root {@code root}. */
    void written(long root, int index, long value) {
        Long view = views.get(root);
        if (view != null && isUserSlot(index)) ram.write(view + index * 8L, 8, value);
    }

    /** The page a U-mode process of address space {@code root} runs on. */
    long viewOf(long root) {
        Long view = views.get(root);
        return view == null ? empty : view;
    }

    private void copySlots(long root, long view) {
        for (int i = first; i < first + count; i++) ram.write(view + i * 8L, 8, ram.read(root + i * 8L, 8));
    }
}
