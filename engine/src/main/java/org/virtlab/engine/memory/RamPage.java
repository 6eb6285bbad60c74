package org.virtlab.engine.memory;

/**
 * One 4 KiB page of guest RAM and, once code has run from it, its decoded instructions.
 *
 * <p>Pages are allocated on first touch (see {@link Ram}), so a big machine that uses little
 * memory costs little.
 */
public final class RamPage {
    public static final int SHIFT = 12;
    public static final int SIZE = 1 << SHIFT;
    public static final int OFFSET_MASK = SIZE - 1;

    /** The page's bytes, little-endian; read and written through {@link LittleEndian}. */
    public final byte[] data;

    /** Physical address of the page's first byte. */
    public final long base;

    /** Decoded instructions of this page, or null while no code has been fetched from it. */
    public CodeCache code;

    RamPage(long base) {
        this.base = base;
        this.data = new byte[SIZE];
    }

    /** Must follow every write of {@code length} bytes at {@code offset} that bypasses {@link Ram}. */
    public void written(int offset, int length) {
        CodeCache c = code;
        if (c != null) c.invalidate(offset, length);
    }
}
