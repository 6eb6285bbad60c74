package org.virtlab.engine.cpu;

/**
 * What one hart has done, for the lab's measurements (shared/DESIGN.md section 4). Counts only
 * grow; the platform reads them between slices.
 */
public final class HartCounters {
    /** Index into {@link #retiredByMode}. */
    public static final int MODE_M = 0, MODE_HS = 1, MODE_U = 2, MODE_VS = 3, MODE_VU = 4;
    static final String[] MODE_NAMES = {"M", "S/HS", "U", "VS", "VU"};

    /** Instructions retired in M, S/HS, U, VS and VU. */
    public final long[] retiredByMode = new long[5];
    /** Exceptions taken, by cause (0..23). */
    public final long[] exceptions = new long[24];
    /** Interrupts taken, by cause (0..15). */
    public final long[] interrupts = new long[16];
    /** Traps that went to a platform-owned level (Java firmware or hypervisor). */
    public long platformTraps;
    /**
     * Fetches, loads and stores that found no usable entry in the software TLBs and translated
     * anew: real misses, and also every device access and each byte of a page-crossing access,
     * which are never cached.
     */
    public long tlbMisses;
    /** Page-table walks (each translation that read page tables, including HLV/HSV's). */
    public long pageWalks;
    public long mmioAccesses;
    /** Blocks of hot guest code translated to JVM bytecode (docs/translator.md); not saved in snapshots. */
    public long blocksTranslated;
    /** Instructions attempted inside translated blocks (the rest were interpreted); not saved in snapshots. */
    public long translatedInstructions;
    /** Calls into translated blocks (translatedInstructions / translatedCalls: instructions per call). */
    public long translatedCalls;

    static int modeIndex(int priv, boolean virt) {
        if (priv == Privilege.M) return MODE_M;
        if (virt) return priv == Privilege.S ? MODE_VS : MODE_VU;
        return priv == Privilege.S ? MODE_HS : MODE_U;
    }

    public long retired() {
        long sum = 0;
        for (long r : retiredByMode) sum += r;
        return sum;
    }

    public static String modeName(int index) {
        return MODE_NAMES[index];
    }
}
