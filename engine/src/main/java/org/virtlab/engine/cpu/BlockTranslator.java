package org.virtlab.engine.cpu;

import org.virtlab.engine.memory.LittleEndian;
import org.virtlab.engine.memory.RamPage;

/**
 * Finds the block that starts at a hot address and has {@link BlockEmitter} translate it
 * (docs/translator.md). A block is a straight run of instructions on one page that the
 * translator handles — integer arithmetic, multiply and divide, loads and stores, LUI, AUIPC,
 * FENCE, conditional branches (a taken branch leaves the block; not taken, it goes on) —
 * ending after the first jump (JAL, JALR), before the first instruction it does not handle
 * (CSRs, atomics, privileged instructions, anything illegal), before an instruction that
 * crosses the page's end, or after {@link #MAX_INSTRUCTIONS}.
 */
final class BlockTranslator {
    /** Longest block; keeps every generated method far below HotSpot's 8000-byte compile limit. */
    static final int MAX_INSTRUCTIONS = 64;

    private BlockTranslator() {
    }

    /**
     * Translates the block at byte {@code start} of {@code page} (whose bytes are {@code data}),
     * decoding into the page's cache what is not decoded yet. Null if no block worth translating
     * starts there (fewer than two instructions).
     */
    static TranslatedBlock translate(DecodedPage page, byte[] data, int start) {
        return translate(page, data, start, true);
    }

    /**
     * The same; when {@code mayDefine} is false, only code some machine has translated before
     * ({@link SharedBlockCode}) is used, and null returned if there is none.
     */
    static TranslatedBlock translate(DecodedPage page, byte[] data, int start, boolean mayDefine) {
        long[] words = new long[MAX_INSTRUCTIONS];
        int[] offsets = new int[MAX_INSTRUCTIONS];
        int n = 0;
        int off = start;
        while (n < MAX_INSTRUCTIONS && off < RamPage.SIZE) {
            long w = page.plainWord(off);
            if (w == Packed.NOT_DECODED) {
                w = decode(page, data, off);
                if (w == Packed.NOT_DECODED) break;
            }
            int op = Packed.op(w);
            if (!translatable(op)) break;
            words[n] = w;
            offsets[n] = off - start;
            n++;
            off += Packed.length(w);
            if (endsBlock(op)) break;
        }
        if (n < 2) return null;
        SharedBlockCode.Key key = new SharedBlockCode.Key(words, n);
        BlockCode code = SharedBlockCode.find(key);
        boolean defined = false;
        if (code == null) {
            if (!mayDefine || SharedBlockCode.full()) return null;
            code = BlockEmitter.emit(words, offsets, n, off - start);
            while (code == null && n > 8) {             // too much bytecode: try the first half
                n /= 2;
                off = start + offsets[n];
                key = new SharedBlockCode.Key(words, n);
                code = BlockEmitter.emit(words, offsets, n, off - start);
            }
            if (code == null) return null;
            code = SharedBlockCode.keep(key, code);
            defined = true;
        }
        return new TranslatedBlock(start, off, n, page.plainWord(start), code, defined);
    }

    /** Decodes the instruction at {@code off} into the cache; NOT_DECODED if it crosses the page's end. */
    private static long decode(DecodedPage page, byte[] data, int off) {
        int low = (short) LittleEndian.SHORT.get(data, off) & 0xFFFF;
        boolean compressed = Decoder.isCompressed(low);
        if (!compressed && off > RamPage.SIZE - 4) return Packed.NOT_DECODED;
        Insn in = Decoder.decode(compressed ? low : (int) LittleEndian.INT.get(data, off));
        page.insns[off >>> 1] = in;
        page.words[off >>> 1] = in.packed;
        return in.packed;
    }

    static boolean translatable(int op) {
        return (op >= Op.LUI && op <= Op.FENCE) || (op >= Op.MUL && op <= Op.REMUW);
    }

    /** Jumps end a block; a conditional branch only leaves it when taken. */
    static boolean endsBlock(int op) {
        return op == Op.JAL || op == Op.JALR;
    }
}
