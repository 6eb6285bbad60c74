package org.virtlab.engine.firmware;

/**
 * The hart list parameter of IPI and RFENCE (SBI spec v2.0, "Binary Encoding", "Hart list
 * parameter"): bit i of {@code hart_mask} selects hart {@code hart_mask_base + i};
 * {@code hart_mask_base == -1} selects every hart and ignores the mask. A hart ID that does not
 * exist makes the whole call fail with SBI_ERR_INVALID_PARAM before anything is done.
 */
final class HartMask {
    /** Returned by {@link #targets} for an invalid list (impossible as a set: at most 16 harts). */
    static final long INVALID = -1L;

    private HartMask() {
    }

    /** The selected harts as a bit set over hart IDs, or {@link #INVALID}. */
    static long targets(long mask, long base, int hartCount) {
        long all = hartCount == 64 ? -1L : (1L << hartCount) - 1;
        if (base == -1) return all;
        long set = 0;
        for (int i = 0; i < 64; i++) {
            if ((mask >>> i & 1) == 0) continue;
            long id = base + i;
            if (Long.compareUnsigned(id, base) < 0 || Long.compareUnsigned(id, hartCount) >= 0) return INVALID;
            set |= 1L << id;
        }
        return set;
    }
}
