package org.virtlab.engine.devices.virtio.blk;

/** A disk held in a byte array: tests, scratch disks. The array is used as is, not copied. */
public final class MemoryDisk implements BlockBackend {

    private final byte[] bytes;
    private final boolean readOnly;
    private final String name;

    public MemoryDisk(byte[] bytes, boolean readOnly, String name) {
        this.bytes = bytes;
        this.readOnly = readOnly;
        this.name = name;
    }

    /** The live contents. */
    public byte[] bytes() { return bytes; }

    @Override public long size() { return bytes.length; }

    @Override public boolean readOnly() { return readOnly; }

    @Override public String name() { return name; }

    @Override
    public void read(long offset, byte[] dst, int dstOff, int len) {
        System.arraycopy(bytes, Math.toIntExact(offset), dst, dstOff, len);
    }

    @Override
    public void write(long offset, byte[] src, int srcOff, int len) {
        if (readOnly) throw new IllegalStateException(name + " is read-only");
        System.arraycopy(src, srcOff, bytes, Math.toIntExact(offset), len);
    }

    @Override public void flush() { }
}
