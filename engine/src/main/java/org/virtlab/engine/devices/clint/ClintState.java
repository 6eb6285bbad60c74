package org.virtlab.engine.devices.clint;

import java.util.Arrays;

/**
 * Everything guest-visible in a CLINT: each hart's msip bit and mtimecmp, and the offset the
 * guest put between mtime and machine time by writing mtime. The arrays are copied in and out.
 */
public record ClintState(boolean[] msip, long[] mtimecmp, long timeOffset) {

    public ClintState {
        if (msip.length != mtimecmp.length)
            throw new IllegalArgumentException("CLINT state: " + msip.length + " msip bits but " + mtimecmp.length + " mtimecmp registers");
        if (msip.length < 1 || msip.length > Clint.MAX_HARTS)
            throw new IllegalArgumentException("CLINT state: " + msip.length + " harts, must be 1.." + Clint.MAX_HARTS);
        msip = msip.clone();
        mtimecmp = mtimecmp.clone();
    }

    /** The state after reset: no software interrupts, every mtimecmp all ones, no offset. */
    public static ClintState reset(int harts) {
        if (harts < 1 || harts > Clint.MAX_HARTS)
            throw new IllegalArgumentException("CLINT: " + harts + " harts, must be 1.." + Clint.MAX_HARTS);
        long[] cmp = new long[harts];
        Arrays.fill(cmp, -1L);
        return new ClintState(new boolean[harts], cmp, 0);
    }

    public int harts() { return msip.length; }

    @Override public boolean[] msip() { return msip.clone(); }

    @Override public long[] mtimecmp() { return mtimecmp.clone(); }

    @Override
    public boolean equals(Object o) {
        return o instanceof ClintState s && Arrays.equals(msip, s.msip) && Arrays.equals(mtimecmp, s.mtimecmp)
                && timeOffset == s.timeOffset;
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Arrays.hashCode(msip) + Arrays.hashCode(mtimecmp)) + Long.hashCode(timeOffset);
    }

    @Override
    public String toString() {
        return "ClintState[msip=" + Arrays.toString(msip) + ", mtimecmp=" + Arrays.toString(mtimecmp) + ", timeOffset=" + timeOffset + "]";
    }
}
