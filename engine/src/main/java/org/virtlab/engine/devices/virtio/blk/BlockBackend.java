package org.virtlab.engine.devices.virtio.blk;

import java.io.Closeable;
import java.io.IOException;

/**
 * Where a virtio-blk device keeps its bytes: a file, an array, or an overlay over either.
 * Offsets and lengths are in bytes; {@link VirtioBlk} only asks for whole 512-byte sectors
 * inside {@link #size()}. Used from the machine thread.
 *
 * <p>A backend outlives the boards built on it: a guest reset builds a new board over the
 * same backend, so what the guest wrote is still there, as on a real disk.
 */
public interface BlockBackend extends Closeable {

    /** Size in bytes; the device shows {@code size() / 512} sectors. */
    long size();

    /** Whether writes are refused (the device then offers VIRTIO_BLK_F_RO). */
    boolean readOnly();

    /** A short name for messages and the GET_ID serial (at most 20 bytes are used). */
    String name();

    void read(long offset, byte[] dst, int dstOff, int len) throws IOException;

    void write(long offset, byte[] src, int srcOff, int len) throws IOException;

    /** Makes written data durable (a no-op for memory). */
    void flush() throws IOException;

    @Override
    default void close() throws IOException { }
}
