package org.virtlab.engine.devices;

/**
 * Bytes typed on the host for a device (a UART, a virtio console), waiting until the guest can
 * take them: a bounded FIFO. Any thread may {@link #offer}; the machine thread takes. What does
 * not fit is refused, never blocks the typist.
 */
public final class HostInput {
    private final byte[] ring;
    private int head;
    private int count;

    /**
     * @param capacity how many bytes may wait
     * @param pending  bytes already waiting (from a saved state); must fit
     * @param device   the device's name, for the message when they do not
     */
    public HostInput(int capacity, byte[] pending, String device) {
        if (capacity < 1 || capacity < pending.length)
            throw new IllegalArgumentException(device + " input capacity " + capacity + " cannot hold the "
                    + pending.length + " bytes of saved input");
        ring = new byte[capacity];
        System.arraycopy(pending, 0, ring, 0, pending.length);
        count = pending.length;
    }

    public int capacity() {
        return ring.length;
    }

    /** Queues up to {@code len} bytes; returns how many fitted. */
    public synchronized int offer(byte[] data, int off, int len) {
        int n = Math.min(len, ring.length - count);
        for (int i = 0; i < n; i++) ring[(head + count + i) % ring.length] = data[off + i];
        count += n;
        return n;
    }

    public synchronized boolean isEmpty() {
        return count == 0;
    }

    /** Removes and returns up to {@code max} bytes, oldest first. */
    public synchronized byte[] take(int max) {
        int n = Math.min(max, count);
        byte[] out = new byte[n];
        for (int i = 0; i < n; i++) out[i] = ring[(head + i) % ring.length];
        head = (head + n) % ring.length;
        count -= n;
        return out;
    }

    /** A copy of what is waiting, oldest first (for a saved state). */
    public synchronized byte[] pending() {
        byte[] out = new byte[count];
        for (int i = 0; i < count; i++) out[i] = ring[(head + i) % ring.length];
        return out;
    }
}
