package org.virtlab.engine.cpu;

/**
 * LR/SC reservations of all harts of one machine. A store by one hart into another hart's
 * reservation set (the naturally aligned 8 bytes the LR read) breaks that reservation, so the
 * other hart's SC fails (unprivileged spec, "Load-Reserved/Store-Conditional Instructions").
 */
public final class Reservations {
    private final long[] address;
    private final boolean[] valid;
    /** Number of valid reservations; stores skip all checks while it is zero. */
    int active;

    public Reservations(int harts) {
        address = new long[harts];
        valid = new boolean[harts];
    }

    void reserve(int hart, long paddr) {
        if (!valid[hart]) active++;
        valid[hart] = true;
        address[hart] = paddr & ~7L;
    }

    /** Ends the hart's reservation; returns whether it held one on {@code paddr}. */
    boolean take(int hart, long paddr) {
        boolean held = valid[hart] && address[hart] == (paddr & ~7L);
        clear(hart);
        return held;
    }

    void clear(int hart) {
        if (valid[hart]) active--;
        valid[hart] = false;
    }

    /** A store of {@code size} bytes at {@code paddr} by {@code hart}: breaks other harts' reservations on it. */
    void stored(int hart, long paddr, int size) {
        long first = paddr & ~7L, last = (paddr + size - 1) & ~7L;
        for (int h = 0; h < valid.length; h++) {
            if (h != hart && valid[h] && (address[h] == first || address[h] == last)) clear(h);
        }
    }

    /** Whether {@code hart} holds a reservation (for snapshots). */
    boolean holds(int hart) {
        return valid[hart];
    }

    /** The doubleword address {@code hart} has reserved; meaningful while {@link #holds}. */
    long address(int hart) {
        return address[hart];
    }
}
