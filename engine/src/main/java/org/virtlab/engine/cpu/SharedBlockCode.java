package org.virtlab.engine.cpu;

import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Translated code shared by every machine in the JVM (docs/translator.md, "Sharing"). The code
 * of a block depends only on its instructions — addresses are relative to the pc it runs at —
 * so a hundred labs booting the same teaching OS need each of its hot blocks translated once,
 * not a hundred times: one hidden class, compiled once by HotSpot, instead of a hundred.
 *
 * <p>Keyed by the blocks' packed instruction words. It is also the JVM's only budget of
 * translated classes: it holds at most {@link #MAX_ENTRIES} blocks, and once it is full no
 * machine defines a new class — code not translated by then is interpreted — so however many
 * labs run, and whatever their guests do, translation cannot exhaust metaspace or HotSpot's
 * code cache. ({@link Hart#CLASS_LIMIT} keeps one guest from taking much of it.)
 */
final class SharedBlockCode {
    static final int MAX_ENTRIES = 16_384;
    /** {@link #MAX_ENTRIES}; lowered only by tests. */
    static volatile int limit = MAX_ENTRIES;

    private static final ConcurrentHashMap<Key, BlockCode> CODE = new ConcurrentHashMap<>();

    private SharedBlockCode() {
    }

    /** A block's instructions, as the translator saw them. */
    static final class Key {
        private final long[] words;
        private final int hash;

        Key(long[] words, int count) {
            this.words = Arrays.copyOf(words, count);
            this.hash = Arrays.hashCode(this.words);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key && Arrays.equals(words, ((Key) o).words);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }

    /** The shared code for these instructions, or null if none was translated yet. */
    static BlockCode find(Key key) {
        return CODE.get(key);
    }

    /** Whether no new class may be defined any more. */
    static boolean full() {
        return CODE.size() >= limit;
    }

    /** Shares {@code code}; returns the code to use (another thread's, if it won the race). */
    static BlockCode keep(Key key, BlockCode code) {
        BlockCode earlier = CODE.putIfAbsent(key, code);
        return earlier != null ? earlier : code;
    }

    /** How many blocks are shared now (tests, measurements). */
    static int size() {
        return CODE.size();
    }
}
