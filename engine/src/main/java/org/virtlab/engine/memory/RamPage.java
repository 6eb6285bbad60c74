package org.virtlab.engine.memory;

/**
 * One 4 KiB page of guest RAM and, once code has run from it, its decoded instructions.
 *
 * <p>Pages are allocated on first touch (see {@link Ram}), so a big machine that uses little
 * memory costs little.
 *
 * <p>A page restored from a snapshot may be <em>shared</em>: its {@link #data} is the
 * snapshot's own array, read by every machine forked from that snapshot and written by none.
 * {@link Ram#pageForWrite} gives the page a private copy before the first write
 * (docs/snapshots.md, "Copy-on-write RAM"). The page object itself always belongs to one
 * machine, so the copy replaces {@code data} in place and every TLB entry that points at this
 * page sees the private bytes from then on. A hart fills its store TLB only with pages it got
 * from {@link Ram#pageForWrite}, so a shared array never sits behind a store fast path.
 */
public final class RamPage {
    public static final int SHIFT = 12;
    public static final int SIZE = 1 << SHIFT;
    public static final int OFFSET_MASK = SIZE - 1;

    /**
     * The page's bytes, little-endian; read and written through {@link LittleEndian}. Only
     * {@link Ram} replaces the array (when it un-shares the page); write only into a page
     * obtained from {@link Ram#pageForWrite}.
     */
    public byte[] data;

    /** Physical address of the page's first byte. */
    public final long base;

    /** Decoded instructions of this page, or null while no code has been fetched from it. */
    public CodeCache code;

    /** Whether {@link #data} is a snapshot's array that this machine must copy before writing. */
    boolean shared;

    RamPage(long base) {
        this.base = base;
        this.data = new byte[SIZE];
    }

    /** A page over a snapshot's array, copied on the first write. */
    RamPage(long base, byte[] sharedData) {
        this.base = base;
        this.data = sharedData;
        this.shared = true;
    }

    /** Whether the page still reads a snapshot's array (it has not been written since the restore). */
    public boolean isShared() {
        return shared;
    }

    /** Gives the page its own copy of its bytes; the decoded code stays valid (the bytes are equal). */
    void unshare() {
        data = data.clone();
        shared = false;
    }

    /** Must follow every write of {@code length} bytes at {@code offset} that bypasses {@link Ram}. */
    public void written(int offset, int length) {
        CodeCache c = code;
        if (c != null) c.invalidate(offset, length);
    }
}
