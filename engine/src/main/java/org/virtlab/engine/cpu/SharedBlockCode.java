package org.virtlab.engine.cpu;

import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Translated code shared by every machine in the JVM (docs/translator.md, "Sharing"). The code
 * of a block depends only on its instructions — addresses are relative to the pc it runs at —
 * so a hundred labs booting the same teaching OS need each of its hot blocks translated once,
 * not a hundred times: one hidden class, compiled once by HotSpot, instead of a hundred.
 *
 * <p>Keyed by the blocks' packed instruction words. Holds at most {@link #MAX_ENTRIES} blocks;
 * past that, new translations still run but are not shared (and die with their page).
 */
final class SharedBlockCode {
    static final int MAX_ENTRIES = 16_384;

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

    /** Shares {@code code} unless the cache is full; returns the code to use (another thread's, if it won). */
    static BlockCode keep(Key key, BlockCode code) {
        if (CODE.size() >= MAX_ENTRIES) return code;
        BlockCode earlier = CODE.putIfAbsent(key, code);
        return earlier != null ? earlier : code;
    }

    /** How many blocks are shared now (tests, measurements). */
    static int size() {
        return CODE.size();
    }
}
