package org.virtlab.engine.devices.virtio.blk;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Path;

/**
 * A disk image file, read and written in place. Opened read-only unless asked for writes; for
 * a guest that may write but must not change the file, put a {@link CopyOnWriteDisk} over a
 * read-only one.
 */
public final class FileDisk implements BlockBackend {

    private final RandomAccessFile file;
    private final long size;
    private final boolean readOnly;
    private final String name;

    private FileDisk(RandomAccessFile file, boolean readOnly, String name) throws IOException {
        this.file = file;
        this.size = file.length();
        this.readOnly = readOnly;
        this.name = name;
    }

    /** Opens {@code path}; with {@code writable} false the file is opened for reading only. */
    public static FileDisk open(Path path, boolean writable) throws IOException {
        Path fileName = path.getFileName();
        return new FileDisk(new RandomAccessFile(path.toFile(), writable ? "rw" : "r"), !writable,
                fileName == null ? path.toString() : fileName.toString());
    }

    @Override public long size() { return size; }

    @Override public boolean readOnly() { return readOnly; }

    @Override public String name() { return name; }

    @Override
    public void read(long offset, byte[] dst, int dstOff, int len) throws IOException {
        file.seek(offset);
        file.readFully(dst, dstOff, len);
    }

    @Override
    public void write(long offset, byte[] src, int srcOff, int len) throws IOException {
        if (readOnly) throw new IOException(name + " is open read-only");
        file.seek(offset);
        file.write(src, srcOff, len);
    }

    @Override
    public void flush() throws IOException {
        if (!readOnly) file.getFD().sync();
    }

    @Override
    public void close() throws IOException {
        file.close();
    }
}
