package org.virtlab.engine.devices.virtio;

import org.virtlab.engine.memory.DmaMemory;

/**
 * One buffer the driver made available: the descriptors of a chain (indirect tables already
 * expanded) split into the device-readable bytes and the device-writable bytes, each seen as
 * one contiguous stream in descriptor order (virtio 1.x, 2.7.4 "Message Framing": the device
 * must not rely on how the driver cut a request into descriptors).
 *
 * <p>Every segment was checked to lie inside RAM when the chain was built, so reads and
 * writes here cannot fail. Writes go through {@link DmaMemory#writeBytes}, which keeps decoded-code
 * caches coherent with DMA.
 */
public final class DescriptorChain {

    private final DmaMemory ram;
    private final int head;
    private final long[] addr;
    private final int[] len;
    private final boolean[] writable;
    private final int count;
    private final long readable;
    private final long writableBytes;
    private long written;

    DescriptorChain(DmaMemory ram, int head, long[] addr, int[] len, boolean[] writable, int count) {
        this.ram = ram;
        this.head = head;
        this.addr = addr;
        this.len = len;
        this.writable = writable;
        this.count = count;
        long r = 0, w = 0;
        for (int i = 0; i < count; i++) {
            if (writable[i]) w += Integer.toUnsignedLong(len[i]);
            else r += Integer.toUnsignedLong(len[i]);
        }
        this.readable = r;
        this.writableBytes = w;
    }

    /** The index of the chain's first descriptor: what goes into the used ring. */
    public int head() { return head; }

    /** Descriptors in the chain (after expanding an indirect table). */
    public int descriptors() { return count; }

    /** Total length of the device-readable segments. */
    public long readableBytes() { return readable; }

    /** Total length of the device-writable segments. */
    public long writableBytes() { return writableBytes; }

    /** The highest writable byte written so far plus one: the used length to report. */
    public long bytesWritten() { return written; }

    /**
     * Copies up to {@code n} readable bytes starting at {@code offset} of the readable stream
     * into {@code dst}; returns how many there were.
     */
    public int read(long offset, byte[] dst, int dstOff, int n) {
        return copy(false, offset, dst, dstOff, n);
    }

    /**
     * Copies up to {@code n} bytes of {@code src} into the writable stream at {@code offset};
     * returns how many fitted.
     */
    public int write(long offset, byte[] src, int srcOff, int n) {
        int done = copy(true, offset, src, srcOff, n);
        if (done > 0) written = Math.max(written, offset + done);
        return done;
    }

    private int copy(boolean toGuest, long offset, byte[] buf, int bufOff, int n) {
        int done = 0;
        long pos = 0;
        for (int i = 0; i < count && done < n; i++) {
            if (writable[i] != toGuest) continue;
            long segLen = Integer.toUnsignedLong(len[i]);
            long start = offset + done;
            if (start < pos + segLen) {
                long inSeg = start - pos;
                int chunk = (int) Math.min(n - done, segLen - inSeg);
                if (toGuest) ram.writeBytes(addr[i] + inSeg, buf, bufOff + done, chunk);
                else ram.readBytes(addr[i] + inSeg, buf, bufOff + done, chunk);
                done += chunk;
            }
            pos += segLen;
        }
        return done;
    }
}
