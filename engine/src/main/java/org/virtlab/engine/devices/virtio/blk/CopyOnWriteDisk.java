package org.virtlab.engine.devices.virtio.blk;

import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;

/**
 * A writable disk over a base that is never modified: every sector the guest writes lives in
 * an in-memory overlay, reads take the overlay's copy when there is one. The default for
 * {@code --disk FILE}, so a lab can scribble on a shared image. The overlay costs 512 bytes
 * of host memory per sector written.
 */
public final class CopyOnWriteDisk implements BlockBackend {

    public static final int SECTOR = 512;

    private final BlockBackend base;
    private final TreeMap<Long, byte[]> overlay = new TreeMap<>();

    public CopyOnWriteDisk(BlockBackend base) {
        this.base = base;
    }

    /**
     * An overlay that already holds {@code overlay} (sector number to 512 bytes, copied), as a
     * snapshot saved it from {@link #overlay()}.
     */
    public CopyOnWriteDisk(BlockBackend base, Map<Long, byte[]> overlay) {
        this.base = base;
        overlay.forEach((sector, bytes) -> {
            if (bytes.length != SECTOR)
                throw new IllegalArgumentException("overlay sector " + sector + " has " + bytes.length + " bytes, not " + SECTOR);
            if (sector < 0 || sector >= (base.size() + SECTOR - 1) / SECTOR)
                throw new IllegalArgumentException("overlay sector " + sector + " lies outside " + base.name());
            this.overlay.put(sector, bytes.clone());
        });
    }

    /** The disk under the overlay, never written. */
    public BlockBackend base() { return base; }

    /** Sectors written so far. */
    public int overlaySectors() { return overlay.size(); }

    /** A copy of the overlay: sector number to its 512 bytes. */
    public Map<Long, byte[]> overlay() {
        TreeMap<Long, byte[]> copy = new TreeMap<>();
        overlay.forEach((k, v) -> copy.put(k, v.clone()));
        return copy;
    }

    @Override public long size() { return base.size(); }

    @Override public boolean readOnly() { return false; }

    @Override public String name() { return base.name(); }

    @Override
    public void read(long offset, byte[] dst, int dstOff, int len) throws IOException {
        while (len > 0) {
            long sector = offset / SECTOR;
            int inSector = (int) (offset % SECTOR);
            int n = Math.min(len, SECTOR - inSector);
            byte[] mine = overlay.get(sector);
            if (mine != null) System.arraycopy(mine, inSector, dst, dstOff, n);
            else base.read(offset, dst, dstOff, n);
            offset += n;
            dstOff += n;
            len -= n;
        }
    }

    @Override
    public void write(long offset, byte[] src, int srcOff, int len) throws IOException {
        while (len > 0) {
            long sector = offset / SECTOR;
            int inSector = (int) (offset % SECTOR);
            int n = Math.min(len, SECTOR - inSector);
            byte[] mine = overlay.get(sector);
            if (mine == null) {
                mine = new byte[SECTOR];
                if (n < SECTOR) {
                    long start = sector * SECTOR;
                    int have = (int) Math.max(0, Math.min(SECTOR, base.size() - start));
                    if (have > 0) base.read(start, mine, 0, have);
                }
                overlay.put(sector, mine);
            }
            System.arraycopy(src, srcOff, mine, inSector, n);
            offset += n;
            srcOff += n;
            len -= n;
        }
    }

    /** Nothing to make durable: the overlay lives exactly as long as the process. */
    @Override public void flush() { }

    @Override
    public void close() throws IOException {
        base.close();
    }
}
