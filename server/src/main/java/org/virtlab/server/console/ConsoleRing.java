package org.virtlab.server.console;

/**
 * The scroll-back: the last {@code capacity} bytes a console printed. Not thread-safe: its
 * {@link ConsoleHub} guards it.
 */
final class ConsoleRing {
    private final byte[] buf;
    private long written;       // bytes ever appended

    ConsoleRing(int capacity) {
        buf = new byte[capacity];
    }

    void append(byte[] data, int off, int len) {
        if (len >= buf.length) {
            off += len - buf.length;
            len = buf.length;
        }
        int pos = (int) (written % buf.length);
        int first = Math.min(len, buf.length - pos);
        System.arraycopy(data, off, buf, pos, first);
        System.arraycopy(data, off + first, buf, 0, len - first);
        written += len;
    }

    /** What the ring holds, oldest byte first. */
    byte[] contents() {
        int size = (int) Math.min(written, buf.length);
        byte[] out = new byte[size];
        int start = (int) ((written - size) % buf.length);
        int first = Math.min(size, buf.length - start);
        System.arraycopy(buf, start, out, 0, first);
        System.arraycopy(buf, 0, out, first, size - first);
        return out;
    }

    long written() {
        return written;
    }
}
