package org.virtlab.engine.memory;

/**
 * Guest DRAM: a run of physical addresses backed by 4 KiB pages allocated on first touch.
 *
 * <p>The hart reaches pages through its TLBs ({@link #page}); devices doing DMA and image
 * loaders use the byte-level methods, which keep decoded-code caches coherent.
 */
public final class Ram {
    private final long base;
    private final long size;
    private final RamPage[] pages;
    private int allocatedPages;
    private final boolean readOnly;

    public Ram(long base, long size) {
        this(base, size, false);
    }

    /** A read-only region (a ROM): guest stores to it are ignored, as on QEMU's MROM. */
    public Ram(long base, long size, boolean readOnly) {
        if ((base & RamPage.OFFSET_MASK) != 0 || (size & RamPage.OFFSET_MASK) != 0 || size <= 0)
            throw new IllegalArgumentException("RAM base and size must be positive multiples of 4 KiB");
        if ((size >>> RamPage.SHIFT) > Integer.MAX_VALUE)
            throw new IllegalArgumentException("RAM too large: " + size + " bytes");
        this.base = base;
        this.size = size;
        this.pages = new RamPage[(int) (size >>> RamPage.SHIFT)];
        this.readOnly = readOnly;
    }

    public boolean isReadOnly() {
        return readOnly;
    }

    public long base() {
        return base;
    }

    public long size() {
        return size;
    }

    /** Whether [paddr, paddr + length) lies inside RAM. */
    public boolean contains(long paddr, long length) {
        long off = paddr - base;
        return Long.compareUnsigned(off, size) < 0 && Long.compareUnsigned(length, size - off) <= 0;
    }

    /** The page holding {@code paddr} (which must be inside RAM), allocated if never touched. */
    public RamPage page(long paddr) {
        int index = (int) ((paddr - base) >>> RamPage.SHIFT);
        RamPage p = pages[index];
        if (p == null) {
            p = new RamPage(paddr & ~(long) RamPage.OFFSET_MASK);
            pages[index] = p;
            allocatedPages++;
        }
        return p;
    }

    /** Number of pages that have been touched and therefore cost host memory. */
    public int allocatedPages() {
        return allocatedPages;
    }

    /** Reads {@code size} bytes (1/2/4/8) at {@code paddr}; the access may cross a page. */
    public long read(long paddr, int size) {
        int off = (int) (paddr & RamPage.OFFSET_MASK);
        if (off + size <= RamPage.SIZE) return LittleEndian.read(page(paddr).data, off, size);
        long v = 0;
        for (int i = size - 1; i >= 0; i--) v = (v << 8) | (read(paddr + i, 1) & 0xFF);
        return v;
    }

    /** Writes {@code size} bytes (1/2/4/8) at {@code paddr}; the access may cross a page. */
    public void write(long paddr, int size, long value) {
        int off = (int) (paddr & RamPage.OFFSET_MASK);
        if (off + size <= RamPage.SIZE) {
            RamPage p = page(paddr);
            LittleEndian.write(p.data, off, size, value);
            p.written(off, size);
            return;
        }
        for (int i = 0; i < size; i++) write(paddr + i, 1, value >>> (8 * i));
    }

    /** Copies {@code length} bytes from RAM at {@code paddr} into {@code dst}. */
    public void readBytes(long paddr, byte[] dst, int dstOffset, int length) {
        while (length > 0) {
            int off = (int) (paddr & RamPage.OFFSET_MASK);
            int n = Math.min(length, RamPage.SIZE - off);
            System.arraycopy(page(paddr).data, off, dst, dstOffset, n);
            paddr += n;
            dstOffset += n;
            length -= n;
        }
    }

    /** Copies {@code length} bytes of {@code src} into RAM at {@code paddr}. */
    public void writeBytes(long paddr, byte[] src, int srcOffset, int length) {
        while (length > 0) {
            int off = (int) (paddr & RamPage.OFFSET_MASK);
            int n = Math.min(length, RamPage.SIZE - off);
            RamPage p = page(paddr);
            System.arraycopy(src, srcOffset, p.data, off, n);
            p.written(off, n);
            paddr += n;
            srcOffset += n;
            length -= n;
        }
    }
}
