package org.virtlab.engine.cpu;

import org.virtlab.engine.memory.CodeCache;
import org.virtlab.engine.memory.RamPage;

/**
 * The decoded-instruction cache of one physical RAM page: one slot per 2-byte parcel, filled
 * lazily as the hart executes, and the page's translated blocks (docs/translator.md). Shared by
 * all harts. Writes into the page clear exactly the slots whose instruction bytes they touch,
 * and drop every translated block that covers them, so self-modifying code never runs stale;
 * an instruction that crosses into the next page is never cached.
 */
final class DecodedPage extends CodeCache {
    static final int SLOTS = RamPage.SIZE / 2;

    final Insn[] insns = new Insn[SLOTS];
    /**
     * The same instructions packed for dispatch ({@link Packed}); 0 where not decoded. Where a
     * translated block starts, the word is an {@link Op#BLOCK} word whose immediate indexes
     * {@link #blocks}.
     */
    final long[] words = new long[SLOTS];

    /** Translated blocks by index; null where one was dropped. Replaced (never shrunk) as it grows. */
    TranslatedBlock[] blocks = new TranslatedBlock[0];
    private int blockCount;
    /** Byte range [blocksLow, blocksHigh) covered by any live block; empty when low >= high. */
    private int blocksLow = RamPage.SIZE, blocksHigh;

    static DecodedPage of(RamPage page) {
        CodeCache c = page.code;
        if (c instanceof DecodedPage) return (DecodedPage) c;
        DecodedPage d = new DecodedPage();
        page.code = d;
        return d;
    }

    /** Makes {@code block} run whenever the interpreter reaches its first instruction. */
    void install(TranslatedBlock block) {
        if (blockCount == blocks.length) makeRoom();
        int index = blockCount++;
        blocks[index] = block;
        words[block.start >>> 1] = Packed.pack(Op.BLOCK, 0, 0, 0, 0, index);
        blocksLow = Math.min(blocksLow, block.start);
        blocksHigh = Math.max(blocksHigh, block.end);
    }

    /**
     * Grows the block table, or — when code on this page keeps being rewritten and most entries
     * are dropped ones — packs the live blocks to the front and renumbers their BLOCK words.
     */
    private void makeRoom() {
        int live = 0;
        for (int i = 0; i < blockCount; i++) if (blocks[i] != null) live++;
        TranslatedBlock[] table = new TranslatedBlock[Math.max(4, 2 * live + 2)];
        int n = 0;
        for (int i = 0; i < blockCount; i++) {
            TranslatedBlock b = blocks[i];
            if (b == null) continue;
            table[n] = b;
            words[b.start >>> 1] = Packed.pack(Op.BLOCK, 0, 0, 0, 0, n);
            n++;
        }
        blocks = table;
        blockCount = n;
    }

    /** The instruction at byte {@code offset} as the interpreter would run it, or 0 if not decoded. */
    long plainWord(int offset) {
        long w = words[offset >>> 1];
        return Packed.op(w) == Op.BLOCK ? blocks[(int) Packed.imm(w)].firstWord : w;
    }

    /** The live translated block that starts at byte {@code offset}, or null (tests). */
    TranslatedBlock blockAt(int offset) {
        long w = words[offset >>> 1];
        return Packed.op(w) == Op.BLOCK ? blocks[(int) Packed.imm(w)] : null;
    }

    @Override
    public boolean invalidate(int offset, int length) {
        boolean dropped = false;
        if (offset < blocksHigh && offset + length > blocksLow) dropped = dropBlocks(offset, offset + length);
        // An instruction starting up to 2 bytes before the write may overlap it (4-byte instructions).
        int first = Math.max(0, (offset - 2) >> 1);
        int last = Math.min(SLOTS - 1, (offset + length - 1) >> 1);
        for (int s = first; s <= last; s++) {
            words[s] = Packed.NOT_DECODED;
            insns[s] = null;
        }
        return dropped;
    }

    /** Drops the blocks whose instruction bytes overlap [from, to); true if there were any. */
    private boolean dropBlocks(int from, int to) {
        boolean dropped = false;
        int low = RamPage.SIZE, high = 0;
        for (int i = 0; i < blockCount; i++) {
            TranslatedBlock b = blocks[i];
            if (b == null) continue;
            if (b.start < to && b.end > from) {
                blocks[i] = null;
                words[b.start >>> 1] = b.firstWord;       // the interpreter runs it again
                dropped = true;
            } else {
                low = Math.min(low, b.start);
                high = Math.max(high, b.end);
            }
        }
        blocksLow = low;
        blocksHigh = high;
        return dropped;
    }
}
