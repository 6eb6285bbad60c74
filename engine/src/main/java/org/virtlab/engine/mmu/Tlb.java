package org.virtlab.engine.mmu;

import java.util.Arrays;
import org.virtlab.engine.memory.RamPage;

/**
 * A direct-mapped software TLB for one kind of access (fetch, load or store) in one translation
 * context (e.g. S-mode with SUM=1). An entry maps a virtual page to the host page that backs it,
 * so a hit is a tag compare and an array access. Only plain RAM pages whose whole 4 KiB PMP
 * allows the access are cached; everything else takes the slow path every time.
 */
public final class Tlb {
    public static final int ENTRIES = 512;
    private static final int MASK = ENTRIES - 1;

    /** Virtual page number of each entry, -1 when empty. Read directly by the interpreter. */
    public final long[] tag = new long[ENTRIES];
    /** Host page of each entry. */
    public final RamPage[] page = new RamPage[ENTRIES];
    private boolean holdsSuperpages;

    public Tlb() {
        Arrays.fill(tag, -1);
    }

    public static int index(long vpn) {
        return (int) vpn & MASK;
    }

    public void fill(long vpn, RamPage p, boolean fromSuperpage) {
        int i = index(vpn);
        tag[i] = vpn;
        page[i] = p;
        holdsSuperpages |= fromSuperpage;
    }

    public void flush() {
        Arrays.fill(tag, -1);
        Arrays.fill(page, null);
        holdsSuperpages = false;
    }

    /** Drops the translation of one virtual page (all of them if a superpage might cover it). */
    public void flush(long vpn) {
        if (holdsSuperpages) {
            flush();
            return;
        }
        int i = index(vpn);
        if (tag[i] == vpn) {
            tag[i] = -1;
            page[i] = null;
        }
    }
}
