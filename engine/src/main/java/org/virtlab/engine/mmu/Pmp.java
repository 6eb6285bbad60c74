package org.virtlab.engine.mmu;

/**
 * Physical memory protection: 16 entries, 4-byte granularity (privileged spec, "Physical Memory
 * Protection"). Entries are checked in order; the lowest-numbered entry that matches any byte of
 * an access decides, and it must cover all of the access's bytes. M-mode is only bound by locked
 * entries. With no matching entry M-mode succeeds and S/U fail (since entries are implemented).
 */
public final class Pmp {
    public static final int ENTRIES = 16;

    private static final int R = 1, W = 2, X = 4, L = 0x80;
    private static final int A_OFF = 0, A_TOR = 1, A_NA4 = 2, A_NAPOT = 3;
    private static final long ADDR_MASK = (1L << 54) - 1;   // pmpaddr holds physical address bits 55:2

    private final int[] cfg = new int[ENTRIES];
    private final long[] addr = new long[ENTRIES];
    private final long[] lo = new long[ENTRIES];   // decoded region [lo, hi), hi exclusive
    private final long[] hi = new long[ENTRIES];
    private boolean anyActive;

    /** pmpcfgN for even N (RV64 has no odd pmpcfg registers): eight entries' bytes. */
    public long readCfg(int reg) {
        long v = 0;
        for (int i = 0; i < 8; i++) v |= (long) cfg[reg * 4 + i] << (8 * i);
        return v;
    }

    public void writeCfg(int reg, long value) {
        for (int i = 0; i < 8; i++) {
            int e = reg * 4 + i;
            if ((cfg[e] & L) != 0) continue;   // a locked entry ignores writes
            int b = (int) (value >>> (8 * i)) & 0xFF;
            b &= ~0x60;                        // bits 6:5 are reserved, read as zero
            if ((b & (R | W)) == W) b &= ~W;   // R=0 W=1 is reserved: keep W clear
            cfg[e] = b;
        }
        recompute();
    }

    public long readAddr(int e) {
        return addr[e];
    }

    public void writeAddr(int e, long value) {
        if ((cfg[e] & L) != 0) return;
        if (e + 1 < ENTRIES && (cfg[e + 1] & L) != 0 && mode(e + 1) == A_TOR) return;
        addr[e] = value & ADDR_MASK;
        recompute();
    }

    private int mode(int e) {
        return (cfg[e] >>> 3) & 3;
    }

    private void recompute() {
        anyActive = false;
        for (int e = 0; e < ENTRIES; e++) {
            if (mode(e) != A_OFF) anyActive = true;
            switch (mode(e)) {
                case A_TOR:
                    lo[e] = e == 0 ? 0 : addr[e - 1] << 2;
                    hi[e] = addr[e] << 2;
                    break;
                case A_NA4:
                    lo[e] = addr[e] << 2;
                    hi[e] = lo[e] + 4;
                    break;
                case A_NAPOT: {
                    int ones = Long.numberOfTrailingZeros(~addr[e]);
                    if (ones >= 54) {          // every implemented address bit set: all of memory
                        lo[e] = 0;
                        hi[e] = 1L << 56;
                    } else {
                        long size = 1L << (ones + 3);
                        lo[e] = (addr[e] << 2) & ~(size - 1);
                        hi[e] = lo[e] + size;
                    }
                    break;
                }
                default:
                    lo[e] = hi[e] = 0;
            }
        }
    }

    /** Whether an access of {@code size} bytes at {@code paddr} by privilege {@code priv} is allowed. */
    public boolean allows(long paddr, long size, int access, int priv) {
        if (priv == 3 && !anyActive) return true;   // nothing configured: M-mode is unrestricted
        long end = paddr + size;
        for (int e = 0; e < ENTRIES; e++) {
            if (mode(e) == A_OFF || Long.compareUnsigned(lo[e], hi[e]) >= 0) continue;
            boolean overlaps = Long.compareUnsigned(paddr, hi[e]) < 0 && Long.compareUnsigned(lo[e], end) < 0;
            if (!overlaps) continue;
            boolean covers = Long.compareUnsigned(lo[e], paddr) <= 0 && Long.compareUnsigned(end, hi[e]) <= 0;
            if (!covers) return false;
            if (priv == 3 && (cfg[e] & L) == 0) return true;
            int need = access == Access.FETCH ? X : access == Access.LOAD ? R : W;
            return (cfg[e] & need) != 0;
        }
        return priv == 3;
    }
}
