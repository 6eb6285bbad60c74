package org.virtlab.engine.cpu;

/**
 * A straight run of instructions on one page, translated to JVM bytecode: from byte offset
 * {@link #start} up to {@link #end} of its page, {@link #length} instructions, the last of
 * which may be a branch or jump. {@link #firstWord} is the first instruction's packed word, for
 * the interpreter when the block cannot run (too little budget left, or dropped).
 */
final class TranslatedBlock {
    final int start;
    final int end;
    final int length;
    final long firstWord;
    final BlockCode code;
    /** Whether translating it defined a new class (false: the code was shared from an earlier translation). */
    final boolean defined;

    TranslatedBlock(int start, int end, int length, long firstWord, BlockCode code, boolean defined) {
        this.start = start;
        this.end = end;
        this.length = length;
        this.firstWord = firstWord;
        this.code = code;
        this.defined = defined;
    }
}
