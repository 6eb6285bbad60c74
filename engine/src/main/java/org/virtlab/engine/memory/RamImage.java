package org.virtlab.engine.memory;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The contents of a {@link Ram} at one moment, by page index; absent pages read as zero. A
 * capture holds every page the machine had touched, as it was (taking it costs no copy and no
 * comparison); {@link #deduplicated} drops the all-zero pages and stores identical pages once
 * (the same array under several indices), which is what a snapshot file holds.
 *
 * <p>Immutable: the arrays are never written, by this class or anyone else. A {@link Ram}
 * restored from an image reads them directly and copies a page only when the guest writes it,
 * so any number of machines can be restored from one image (docs/snapshots.md).
 */
public final class RamImage {
    private static final byte[] ZERO = new byte[RamPage.SIZE];

    private final long base;
    private final long size;
    private final int[] indices;
    private final byte[][] pages;
    private final int distinct;

    /**
     * @param indices page indices (page = (paddr - base) / 4096), strictly increasing
     * @param pages   4096 bytes for each index; taken as is (the caller must not change them)
     */
    public RamImage(long base, long size, int[] indices, byte[][] pages) {
        if (indices.length != pages.length) throw new IllegalArgumentException("RAM image: " + indices.length
                + " page indices but " + pages.length + " pages");
        long pageCount = size >>> RamPage.SHIFT;
        for (int i = 0; i < indices.length; i++) {
            if (indices[i] < 0 || indices[i] >= pageCount || (i > 0 && indices[i] <= indices[i - 1]))
                throw new IllegalArgumentException("RAM image: page index " + indices[i] + " out of order or outside "
                        + pageCount + " pages");
            if (pages[i].length != RamPage.SIZE)
                throw new IllegalArgumentException("RAM image: page " + indices[i] + " has " + pages[i].length + " bytes");
        }
        this.base = base;
        this.size = size;
        this.indices = indices.clone();
        this.pages = pages.clone();
        this.distinct = countDistinct(this.pages);
    }

    /** An image of the first {@code count} (index, bytes) pairs, taken as they are. */
    static RamImage of(long base, long size, int[] indices, byte[][] pages, int count) {
        return new RamImage(base, size, Arrays.copyOf(indices, count), Arrays.copyOf(pages, count));
    }

    /** This image without its all-zero pages and with equal pages stored once (what a snapshot file holds). */
    public RamImage deduplicated() {
        return dedup(base, size, indices, pages, indices.length);
    }

    /** Builds an image from (index, bytes) pairs, dropping all-zero pages and storing equal pages once. */
    static RamImage dedup(long base, long size, int[] indices, byte[][] pages, int count) {
        Map<PageKey, byte[]> unique = new HashMap<>();
        int[] keptIndex = new int[count];
        byte[][] kept = new byte[count][];
        int n = 0;
        for (int i = 0; i < count; i++) {
            byte[] p = pages[i];
            if (Arrays.equals(p, ZERO)) continue;
            byte[] same = unique.putIfAbsent(new PageKey(p), p);
            keptIndex[n] = indices[i];
            kept[n++] = same != null ? same : p;
        }
        return new RamImage(base, size, Arrays.copyOf(keptIndex, n), Arrays.copyOf(kept, n));
    }

    /** A page as a hash key: hashed eight bytes at a time (ByteBuffer hashes byte by byte, 8x slower). */
    private static final class PageKey {
        private final byte[] page;
        private final int hash;

        PageKey(byte[] page) {
            this.page = page;
            long h = 0;
            for (int off = 0; off < RamPage.SIZE; off += 8) h = h * 31 + (long) LittleEndian.LONG.get(page, off);
            this.hash = (int) (h ^ (h >>> 32));
        }

        @Override
        public int hashCode() {
            return hash;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof PageKey k && k.hash == hash && Arrays.equals(k.page, page);
        }
    }

    private static int countDistinct(byte[][] pages) {
        Map<Object, Boolean> seen = new java.util.IdentityHashMap<>();
        for (byte[] p : pages) seen.put(p, Boolean.TRUE);
        return seen.size();
    }

    public long base() { return base; }

    public long size() { return size; }

    /** Number of pages held (after {@link #deduplicated}: the non-zero ones). */
    public int pageCount() { return indices.length; }

    /** Number of distinct page arrays (equal pages are stored once). */
    public int distinctPages() { return distinct; }

    /** The page index of entry {@code i}. */
    public int index(int i) { return indices[i]; }

    /** The entry holding page index {@code pageIndex}, or a negative number when that page is zero. */
    public int find(int pageIndex) {
        return Arrays.binarySearch(indices, pageIndex);
    }

    /** The bytes of entry {@code i}: shared, never to be written. */
    public byte[] page(int i) { return pages[i]; }
}
