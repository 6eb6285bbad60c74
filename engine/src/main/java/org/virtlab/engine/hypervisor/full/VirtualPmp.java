package org.virtlab.engine.hypervisor.full;

/**
 * The PMP CSRs of a virtual hart: 16 entries, stored with the WARL rules of the privileged
 * spec, "Physical Memory Protection" (pmpcfg bits 6:5 read zero, R=0 W=1 is reserved and
 * reads W=0, a locked entry ignores writes, and so does the pmpaddr below a locked TOR entry),
 * but NOT enforced: a full-virtualization guest is confined by the hypervisor's shadow page
 * tables, which only ever map the domain's own memory, so the guest's PMP settings protect
 * nothing the shadows do not already. Guests (OpenSBI, xv6's start.c) only program PMP to
 * open memory to S-mode, which is what they get anyway.
 */
final class VirtualPmp {
    static final int ENTRIES = 16;

    private static final int R = 1, W = 2, L = 0x80, A_TOR = 1;
    private static final long ADDR_MASK = (1L << 54) - 1;   // physical address bits 55:2

    private final int[] cfg = new int[ENTRIES];
    private final long[] addr = new long[ENTRIES];

    /** pmpcfg{2*reg}: the eight configuration bytes of entries 8*reg .. 8*reg+7. */
    long readCfg(int reg) {
        long value = 0;
        for (int i = 0; i < 8; i++) value |= (long) cfg[reg * 8 + i] << (8 * i);
        return value;
    }

    void writeCfg(int reg, long value) {
        for (int i = 0; i < 8; i++) {
            int e = reg * 8 + i;
            if ((cfg[e] & L) != 0) continue;
            int b = (int) (value >>> (8 * i)) & 0xFF & ~0x60;
            if ((b & (R | W)) == W) b &= ~W;
            cfg[e] = b;
        }
    }

    long readAddr(int e) {
        return addr[e];
    }

    void writeAddr(int e, long value) {
        if ((cfg[e] & L) != 0) return;
        if (e + 1 < ENTRIES && (cfg[e + 1] & L) != 0 && ((cfg[e + 1] >>> 3) & 3) == A_TOR) return;
        addr[e] = value & ADDR_MASK;
    }
}
