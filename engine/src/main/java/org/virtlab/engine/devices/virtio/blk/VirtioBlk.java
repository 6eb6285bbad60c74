package org.virtlab.engine.devices.virtio.blk;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.virtlab.engine.devices.virtio.DescriptorChain;
import org.virtlab.engine.devices.virtio.VirtioDevice;
import org.virtlab.engine.devices.virtio.VirtioFault;
import org.virtlab.engine.devices.virtio.Virtqueue;

/**
 * A virtio block device (virtio 1.x, 5.2), device ID 2, one request queue, 512-byte sectors.
 *
 * <pre>
 *   request: type u32 | reserved u32 | sector u64 | data ... | status u8   (5.2.6)
 *   type     IN 0, OUT 1, FLUSH 4, GET_ID 8; anything else answers UNSUPP
 *   status   OK 0, IOERR 1, UNSUPP 2
 *   config   capacity u64 @0 (sectors), size_max u32 @8, seg_max u32 @12, blk_size u32 @20
 * </pre>
 *
 * Features offered: VIRTIO_BLK_F_SEG_MAX (2), VIRTIO_BLK_F_BLK_SIZE (6), VIRTIO_BLK_F_FLUSH
 * (9), and VIRTIO_BLK_F_RO (5) when the backend refuses writes. A request whose data is not a
 * whole number of sectors, runs past the end of the disk, writes a read-only disk or fails in
 * the backend answers IOERR. A request without a 16-byte header or a status byte cannot be
 * answered at all and is a driver error ({@link VirtioFault}). GET_ID returns the backend's
 * name, at most 20 bytes, NUL-padded (5.2.6).
 */
public final class VirtioBlk implements VirtioDevice {

    public static final int DEVICE_ID = 2;
    public static final int SECTOR = 512;
    public static final int QUEUE_SIZE = 256;
    public static final int T_IN = 0, T_OUT = 1, T_FLUSH = 4, T_GET_ID = 8;
    public static final int S_OK = 0, S_IOERR = 1, S_UNSUPP = 2;
    public static final long F_SEG_MAX = 1L << 2, F_RO = 1L << 5, F_BLK_SIZE = 1L << 6, F_FLUSH = 1L << 9;
    public static final int ID_BYTES = 20;
    private static final int HEADER = 16;
    private static final int CHUNK = 64 * 1024;

    private final BlockBackend disk;
    private final long capacity;
    private final VirtioBlkMetrics metrics = new VirtioBlkMetrics();
    private byte[] buffer = new byte[4096];

    public VirtioBlk(BlockBackend disk) {
        this.disk = disk;
        this.capacity = disk.size() / SECTOR;
    }

    /** Restores a device saved by {@link #save}; refuses a backend of another size. */
    public VirtioBlk(VirtioBlkState state, BlockBackend disk) {
        this(disk);
        if (state.capacitySectors() != capacity || state.readOnly() != disk.readOnly())
            throw new IllegalArgumentException("virtio-blk: saved for a " + state.capacitySectors() + "-sector "
                    + (state.readOnly() ? "read-only" : "writable") + " disk, but " + disk.name() + " has " + capacity
                    + " sectors and is " + (disk.readOnly() ? "read-only" : "writable"));
    }

    public VirtioBlkState save() {
        return new VirtioBlkState(capacity, disk.readOnly());
    }

    public VirtioBlkMetrics metrics() { return metrics; }

    public BlockBackend disk() { return disk; }

    /** Disk size in 512-byte sectors (a trailing partial sector is not shown). */
    public long capacity() { return capacity; }

    @Override public int deviceId() { return DEVICE_ID; }

    @Override
    public long deviceFeatures() {
        return F_SEG_MAX | F_BLK_SIZE | F_FLUSH | (disk.readOnly() ? F_RO : 0);
    }

    @Override public int queueCount() { return 1; }

    @Override public int queueMaxSize(int index) { return QUEUE_SIZE; }

    @Override
    public long readConfig(int offset, int size) {
        long v = 0;
        for (int i = size - 1; i >= 0; i--) v = (v << 8) | configByte(offset + i);
        return v;
    }

    private int configByte(int off) {
        if (off >= 0 && off < 8) return (int) (capacity >>> (8 * off)) & 0xff;
        if (off >= 12 && off < 16) return ((QUEUE_SIZE - 2) >>> (8 * (off - 12))) & 0xff;   // seg_max
        if (off >= 20 && off < 24) return (SECTOR >>> (8 * (off - 20))) & 0xff;            // blk_size
        return 0;
    }

    @Override
    public void notify(int index, Virtqueue queue) {
        DescriptorChain c;
        while ((c = queue.pop()) != null) {
            serve(c);
            queue.push(c);
        }
    }

    private void serve(DescriptorChain c) {
        if (c.readableBytes() < HEADER || c.writableBytes() < 1)
            throw new VirtioFault("virtio-blk request without a header or a status byte");
        byte[] h = new byte[HEADER];
        c.read(0, h, 0, HEADER);
        int type = (int) le(h, 0, 4);
        long sector = le(h, 8, 8);
        long statusAt = c.writableBytes() - 1;
        int status;
        metrics.requests++;
        switch (type) {
            case T_IN -> status = transfer(c, sector, statusAt, true);
            case T_OUT -> status = transfer(c, sector, c.readableBytes() - HEADER, false);
            case T_FLUSH -> {
                metrics.flushes++;
                status = io(disk::flush);
            }
            case T_GET_ID -> {
                metrics.getIds++;
                byte[] id = new byte[ID_BYTES];
                byte[] name = disk.name().getBytes(StandardCharsets.UTF_8);
                System.arraycopy(name, 0, id, 0, Math.min(ID_BYTES, name.length));
                c.write(0, id, 0, (int) Math.min(ID_BYTES, statusAt));
                status = S_OK;
            }
            default -> {
                metrics.unsupported++;
                status = S_UNSUPP;
            }
        }
        if (status == S_IOERR) metrics.errors++;
        c.write(statusAt, new byte[] {(byte) status}, 0, 1);
    }

    /** IN (toGuest) or OUT of {@code length} data bytes at {@code sector}. */
    private int transfer(DescriptorChain c, long sector, long length, boolean toGuest) {
        if (toGuest) metrics.reads++;
        else metrics.writes++;
        if (length % SECTOR != 0 || Long.compareUnsigned(sector, capacity) > 0 || length / SECTOR > capacity - sector)
            return S_IOERR;
        if (!toGuest && disk.readOnly()) return S_IOERR;
        long offset = sector * SECTOR;
        for (long done = 0; done < length; ) {
            int n = (int) Math.min(CHUNK, length - done);
            if (buffer.length < n) buffer = new byte[CHUNK];
            try {
                if (toGuest) {
                    disk.read(offset + done, buffer, 0, n);
                    c.write(done, buffer, 0, n);
                    metrics.bytesRead += n;
                } else {
                    c.read(HEADER + done, buffer, 0, n);
                    disk.write(offset + done, buffer, 0, n);
                    metrics.bytesWritten += n;
                }
            } catch (IOException | RuntimeException e) {
                metrics.lastError = disk.name() + ": " + e.getMessage();
                return S_IOERR;
            }
            done += n;
        }
        return S_OK;
    }

    private interface Io {
        void run() throws IOException;
    }

    private int io(Io op) {
        try {
            op.run();
            return S_OK;
        } catch (IOException e) {
            metrics.lastError = disk.name() + ": " + e.getMessage();
            return S_IOERR;
        }
    }

    private static long le(byte[] b, int off, int n) {
        long v = 0;
        for (int i = n - 1; i >= 0; i--) v = (v << 8) | (b[off + i] & 0xff);
        return v;
    }
}
