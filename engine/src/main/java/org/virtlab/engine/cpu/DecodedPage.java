package org.virtlab.engine.cpu;

import org.virtlab.engine.memory.CodeCache;
import org.virtlab.engine.memory.RamPage;

/**
 * The decoded-instruction cache of one physical RAM page: one slot per 2-byte parcel, filled
 * lazily as the hart executes. Shared by all harts. Writes into the page clear exactly the
 * slots whose instruction bytes they touch, so self-modifying code never runs stale; an
 * instruction that crosses into the next page is never cached.
 */
final class DecodedPage extends CodeCache {
    static final int SLOTS = RamPage.SIZE / 2;

    final Insn[] insns = new Insn[SLOTS];
    /** The same instructions packed for dispatch ({@link Packed}); 0 where not decoded. */
    final long[] words = new long[SLOTS];

    static DecodedPage of(RamPage page) {
        CodeCache c = page.code;
        if (c instanceof DecodedPage) return (DecodedPage) c;
        DecodedPage d = new DecodedPage();
        page.code = d;
        return d;
    }

    @Override
    public void invalidate(int offset, int length) {
        // An instruction starting up to 2 bytes before the write may overlap it (4-byte instructions).
        int first = Math.max(0, (offset - 2) >> 1);
        int last = Math.min(SLOTS - 1, (offset + length - 1) >> 1);
        for (int s = first; s <= last; s++) {
            words[s] = Packed.NOT_DECODED;
            insns[s] = null;
        }
    }
}
