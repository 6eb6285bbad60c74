package org.virtlab.engine.memory;

/**
 * Guest DRAM: a run of physical addresses backed by 4 KiB pages allocated on first touch.
 *
 * <p>The hart reaches pages through its TLBs ({@link #page} to read, {@link #pageForWrite} to
 * write); devices doing DMA and image loaders use the byte-level methods, which keep
 * decoded-code caches coherent. It is the {@link DmaMemory} of the physical board's devices.
 *
 * <p>Snapshots: {@link #capture} copies the contents out as a {@link RamImage};
 * {@link #restore} makes an empty RAM read an image's pages in place, copying each page only
 * when it is first written (docs/snapshots.md, "Copy-on-write RAM").
 */
public final class Ram implements DmaMemory {
    private final long base;
    private final long size;
    private final RamPage[] pages;
    private int allocatedPages;
    /** Shared snapshot pages this RAM has had to copy because they were written. */
    private int copiedPages;
    /**
     * The snapshot this RAM was restored from, or null: a page never touched since the restore
     * reads the image's array (a {@link RamPage} over it is made on first touch), so a restore
     * allocates nothing per page.
     */
    private RamImage backing;
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
    @Override
    public boolean contains(long paddr, long length) {
        long off = paddr - base;
        return Long.compareUnsigned(off, size) < 0 && Long.compareUnsigned(length, size - off) <= 0;
    }

    /**
     * The page holding {@code paddr} (which must be inside RAM), allocated if never touched. For
     * reading: its bytes may be shared with a snapshot; to write, use {@link #pageForWrite}.
     */
    public RamPage page(long paddr) {
        int index = (int) ((paddr - base) >>> RamPage.SHIFT);
        RamPage p = pages[index];
        if (p == null) {
            long pageBase = paddr & ~(long) RamPage.OFFSET_MASK;
            int entry = backing == null ? -1 : backing.find(index);
            p = entry >= 0 ? new RamPage(pageBase, backing.page(entry)) : new RamPage(pageBase);
            pages[index] = p;
            allocatedPages++;
        }
        return p;
    }

    /**
     * The page holding {@code paddr}, ready to be written: a page still shared with a snapshot
     * gets its own copy first. Every write into RAM goes through here (or through
     * {@link #write}/{@link #writeBytes}, which use it).
     */
    public RamPage pageForWrite(long paddr) {
        RamPage p = page(paddr);
        if (p.shared) {
            p.unshare();
            copiedPages++;
        }
        return p;
    }

    /**
     * The contents at this moment: every page touched so far (untouched pages read as zero).
     * Nothing is copied or compared: every page's array becomes shared between this RAM and the image,
     * and the next write to the page gives this RAM its own copy ({@link #pageForWrite}), as
     * after a restore. Harts may hold a page behind their store fast path, so the caller must
     * drop every hart's cached translations before the guest runs again ({@code Machine.save}
     * does).
     */
    public RamImage capture() {
        int most = allocatedPages + (backing == null ? 0 : backing.pageCount());
        int[] indices = new int[most];
        byte[][] data = new byte[most][];
        int n = 0;
        int next = 0;                                  // the next backing entry, merged in page order
        for (int i = 0; i < pages.length; i++) {
            RamPage p = pages[i];
            byte[] untouched = null;
            if (backing != null && next < backing.pageCount() && backing.index(next) == i) untouched = backing.page(next++);
            if (p != null) {
                p.shared = true;                       // copy-on-write from now on
                indices[n] = i;
                data[n++] = p.data;
            } else if (untouched != null) {
                indices[n] = i;
                data[n++] = untouched;
            }
        }
        return RamImage.of(base, size, indices, data, n);
    }

    /**
     * Makes this RAM, which must be untouched, hold {@code image}'s contents. The image's arrays
     * are read in place and copied only when written; a page gets its (small) {@link RamPage}
     * only when first touched, so restoring allocates nothing per page.
     */
    public void restore(RamImage image) {
        if (image.base() != base || image.size() != size)
            throw new IllegalArgumentException(String.format("RAM image of 0x%x bytes at 0x%x does not fit RAM of 0x%x bytes at 0x%x",
                    image.size(), image.base(), size, base));
        if (allocatedPages != 0 || backing != null) throw new IllegalStateException("restore needs an untouched RAM");
        backing = image;
    }

    /**
     * Forgets the pages of [paddr, paddr + length) (page-aligned): they read as zeros again and
     * cost no host memory until touched. For a hypervisor freeing a destroyed domain's RAM;
     * every hart must drop its cached translations afterwards, since they may point at the
     * forgotten pages.
     */
    public void discard(long paddr, long length) {
        if (!contains(paddr, length) || ((paddr | length) & RamPage.OFFSET_MASK) != 0)
            throw new IllegalArgumentException(String.format("cannot discard 0x%x bytes at 0x%x", length, paddr));
        int first = (int) ((paddr - base) >>> RamPage.SHIFT);
        int count = (int) (length >>> RamPage.SHIFT);
        if (backing != null && backing.pageCount() > 0) {
            // Pages still reading a snapshot's arrays must read zeros now: give them zeroed pages.
            for (int i = first; i < first + count; i++) {
                if (pages[i] == null && backing.find(i) >= 0) {
                    pages[i] = new RamPage(base + ((long) i << RamPage.SHIFT));
                    allocatedPages++;
                }
                else if (pages[i] != null) {
                    pages[i].data = new byte[RamPage.SIZE];
                    pages[i].shared = false;
                    pages[i].code = null;
                }
            }
            return;
        }
        for (int i = first; i < first + count; i++) {
            if (pages[i] != null) {
                pages[i] = null;
                allocatedPages--;
            }
        }
    }

    /** How many pages restored from a snapshot have been copied because they were written. */
    public int copiedPages() {
        return copiedPages;
    }

    /** How many pages still read a snapshot's arrays (touched since the restore or not). */
    public int sharedPages() {
        int n = 0;
        for (RamPage p : pages) if (p != null && p.shared) n++;
        if (backing != null) {
            for (int e = 0; e < backing.pageCount(); e++) if (pages[backing.index(e)] == null) n++;
        }
        return n;
    }

    /** Number of pages that have been touched and therefore cost host memory. */
    public int allocatedPages() {
        return allocatedPages;
    }

    /** Reads {@code size} bytes (1/2/4/8) at {@code paddr}; the access may cross a page. */
    @Override
    public long read(long paddr, int size) {
        int off = (int) (paddr & RamPage.OFFSET_MASK);
        if (off + size <= RamPage.SIZE) return LittleEndian.read(page(paddr).data, off, size);
        long v = 0;
        for (int i = size - 1; i >= 0; i--) v = (v << 8) | (read(paddr + i, 1) & 0xFF);
        return v;
    }

    /** Writes {@code size} bytes (1/2/4/8) at {@code paddr}; the access may cross a page. */
    @Override
    public void write(long paddr, int size, long value) {
        int off = (int) (paddr & RamPage.OFFSET_MASK);
        if (off + size <= RamPage.SIZE) {
            RamPage p = pageForWrite(paddr);
            LittleEndian.write(p.data, off, size, value);
            p.written(off, size);
            return;
        }
        for (int i = 0; i < size; i++) write(paddr + i, 1, value >>> (8 * i));
    }

    /** Copies {@code length} bytes from RAM at {@code paddr} into {@code dst}. */
    @Override
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
    @Override
    public void writeBytes(long paddr, byte[] src, int srcOffset, int length) {
        while (length > 0) {
            int off = (int) (paddr & RamPage.OFFSET_MASK);
            int n = Math.min(length, RamPage.SIZE - off);
            RamPage p = pageForWrite(paddr);
            System.arraycopy(src, srcOffset, p.data, off, n);
            p.written(off, n);
            paddr += n;
            srcOffset += n;
            length -= n;
        }
    }
}
