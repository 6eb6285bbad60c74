package org.virtlab.engine.devices.plic;

import java.util.Arrays;

/**
 * Everything in a PLIC: per-source priority, input level, pending and in-service (claimed)
 * bits, and per-context enable bits and threshold. Bit sets are 32-bit words, source
 * {@code irq} at bit {@code irq % 32} of word {@code irq / 32}, exactly as the registers show
 * them; enables are {@link Plic#WORDS} words per context. Arrays are copied in and out.
 */
public record PlicState(int harts, int[] priority, int[] level, int[] pending, int[] claimed, int[] enable, int[] threshold) {

    public PlicState {
        if (harts < 1 || harts > Plic.MAX_HARTS)
            throw new IllegalArgumentException("PLIC: " + harts + " harts, must be 1.." + Plic.MAX_HARTS);
        int contexts = 2 * harts;
        check("priority", priority, Plic.SOURCES);
        check("level", level, Plic.WORDS);
        check("pending", pending, Plic.WORDS);
        check("claimed", claimed, Plic.WORDS);
        check("enable", enable, contexts * Plic.WORDS);
        check("threshold", threshold, contexts);
        priority = priority.clone();
        level = level.clone();
        pending = pending.clone();
        claimed = claimed.clone();
        enable = enable.clone();
        threshold = threshold.clone();
    }

    /** Reset: every priority, enable and threshold 0, nothing pending. */
    public static PlicState reset(int harts) {
        if (harts < 1 || harts > Plic.MAX_HARTS)
            throw new IllegalArgumentException("PLIC: " + harts + " harts, must be 1.." + Plic.MAX_HARTS);
        return new PlicState(harts, new int[Plic.SOURCES], new int[Plic.WORDS], new int[Plic.WORDS],
                new int[Plic.WORDS], new int[2 * harts * Plic.WORDS], new int[2 * harts]);
    }

    private static void check(String what, int[] a, int length) {
        if (a.length != length)
            throw new IllegalArgumentException("PLIC state: " + what + " has " + a.length + " entries, expected " + length);
    }

    @Override public int[] priority() { return priority.clone(); }
    @Override public int[] level() { return level.clone(); }
    @Override public int[] pending() { return pending.clone(); }
    @Override public int[] claimed() { return claimed.clone(); }
    @Override public int[] enable() { return enable.clone(); }
    @Override public int[] threshold() { return threshold.clone(); }

    @Override
    public boolean equals(Object o) {
        return o instanceof PlicState s && harts == s.harts && Arrays.equals(priority, s.priority)
                && Arrays.equals(level, s.level) && Arrays.equals(pending, s.pending)
                && Arrays.equals(claimed, s.claimed) && Arrays.equals(enable, s.enable)
                && Arrays.equals(threshold, s.threshold);
    }

    @Override
    public int hashCode() {
        return Arrays.deepHashCode(new Object[] {harts, priority, level, pending, claimed, enable, threshold});
    }

    @Override
    public String toString() {
        return "PlicState[harts=" + harts + ", priority=" + Arrays.toString(priority) + ", level=" + Arrays.toString(level)
                + ", pending=" + Arrays.toString(pending) + ", claimed=" + Arrays.toString(claimed)
                + ", enable=" + Arrays.toString(enable) + ", threshold=" + Arrays.toString(threshold) + "]";
    }
}
