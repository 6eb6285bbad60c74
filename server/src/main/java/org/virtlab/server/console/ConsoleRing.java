package org.virtlab.server.console;

/**
 * The scroll-back: the last {@code capacity} bytes a console printed. Not thread-safe: its
 * {@link ConsoleHub} guards it.
 */
final class ConsoleRing {
    private final byte[] buf;
    private long written;       // bytes ever appended
    private int size;           // bytes the ring holds now
    private int end;            // where the next byte goes

    ConsoleRing(int capacity) {
        buf = new byte[capacity];
    }

    void append(byte[] data, int off, int len) {
        written += len;
        if (len >= buf.length) {
            off += len - buf.length;
            len = buf.length;
        }
        int first = Math.min(len, buf.length - end);
        System.arraycopy(data, off, buf, end, first);
        System.arraycopy(data, off + first, buf, 0, len - first);
        end = (end + len) % buf.length;
        size = Math.min(buf.length, size + len);
    }

    /** Forgets the contents; {@link #written} counts on. */
    void clear() {
        size = 0;
        end = 0;
    }

    /** Holds {@code data} instead (a restored lab's saved scroll-back): not counted as written. */
    void replace(byte[] data) {
        clear();
        long before = written;
        append(data, 0, data.length);
        written = before;
    }

    /** What the ring holds, oldest byte first. */
    byte[] contents() {
        byte[] out = new byte[size];
        int start = Math.floorMod(end - size, buf.length);
        int first = Math.min(size, buf.length - start);
        System.arraycopy(buf, start, out, 0, first);
        System.arraycopy(buf, 0, out, first, size - first);
        return out;
    }

    long written() {
        return written;
    }
}
