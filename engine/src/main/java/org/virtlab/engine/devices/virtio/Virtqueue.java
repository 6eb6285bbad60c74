package org.virtlab.engine.devices.virtio;

import org.virtlab.engine.memory.DmaMemory;

/**
 * The device side of one split virtqueue (virtio 1.x, 2.7 "Split Virtqueues").
 *
 * <pre>
 *   descriptor table  16 B x size, 16-aligned   addr u64 | len u32 | flags u16 | next u16
 *   available ring     6 + 2 x size, 2-aligned  flags | idx | ring[size] | used_event
 *   used ring          6 + 8 x size, 4-aligned  flags | idx | {id u32, len u32}[size] | avail_event
 * </pre>
 *
 * Descriptor flags: NEXT 1, WRITE 2, INDIRECT 4 (2.7.5). With VIRTIO_F_RING_EVENT_IDX the
 * driver asks for an interrupt only when the used index passes {@code used_event}, and the
 * device asks for a notification only when the available index passes {@code avail_event}
 * (2.7.7, 2.7.10); without it, avail.flags bit 0 (NO_INTERRUPT) suppresses interrupts.
 *
 * <p>Every access to guest memory is bounds-checked against RAM (the transport's
 * {@link org.virtlab.engine.memory.DmaMemory}); anything a driver can get
 * wrong (a ring outside RAM, a head index beyond the table, a chain longer than the queue,
 * a nested or misaligned indirect table, more new entries than the queue holds) throws
 * {@link VirtioFault}, which the transport turns into DEVICE_NEEDS_RESET.
 */
public final class Virtqueue {

    public static final int DESC_F_NEXT = 1, DESC_F_WRITE = 2, DESC_F_INDIRECT = 4;
    public static final int AVAIL_F_NO_INTERRUPT = 1;
    private static final int DESC_SIZE = 16;
    /** An indirect table may hold at most this many descriptors (a sanity bound: 2.7.5.3.1 sets none). */
    public static final int MAX_INDIRECT = 1024;

    private final DmaMemory ram;
    private final int maxSize;

    // Configuration written by the driver.
    int size;
    boolean ready;
    long descAddr, availAddr, usedAddr;
    /** Legacy transport only: the page frame number the driver wrote, and the used-ring alignment. */
    long legacyPfn;
    int legacyAlign = 4096;

    // Device progress.
    int lastAvail;
    int usedIdx;
    /** The used index when the driver was last interrupted (or told it need not be). */
    int signalledUsed;
    boolean eventIdx;
    boolean indirect;

    Virtqueue(DmaMemory ram, int maxSize) {
        this.ram = ram;
        this.maxSize = maxSize;
    }

    /** The largest size the driver may choose (QueueNumMax). */
    public int maxSize() { return maxSize; }

    /** The size the driver chose. */
    public int size() { return size; }

    public boolean isReady() { return ready; }

    void reset() {
        size = 0;
        ready = false;
        descAddr = availAddr = usedAddr = 0;
        legacyPfn = 0;
        legacyAlign = 4096;
        lastAvail = usedIdx = signalledUsed = 0;
    }

    /** Whether the configured size and ring addresses are usable: checked when the queue goes live. */
    boolean layoutValid() {
        if (size < 1 || size > maxSize || Integer.bitCount(size) != 1) return false;
        if ((descAddr & 15) != 0 || (availAddr & 1) != 0 || (usedAddr & 3) != 0) return false;
        return ram.contains(descAddr, (long) DESC_SIZE * size) && ram.contains(availAddr, 6 + 2L * size)
                && ram.contains(usedAddr, 6 + 8L * size);
    }

    /** Whether the driver has made buffers available that the device has not taken. */
    public boolean hasAvailable() {
        return pending() != 0;
    }

    private int pending() {
        int n = (read16(availAddr + 2) - lastAvail) & 0xffff;
        if (n > size) throw new VirtioFault("available index moved " + n + " entries ahead in a queue of " + size);
        return n;
    }

    /** Takes the next available chain, or returns null when there is none. */
    public DescriptorChain pop() {
        if (pending() == 0) return null;
        int head = read16(availAddr + 4 + 2L * (lastAvail % size));
        lastAvail = (lastAvail + 1) & 0xffff;
        return walk(head);
    }

    /** Walks the chain starting at {@code head} in the descriptor table (2.7.5, 2.7.5.3). */
    private DescriptorChain walk(int head) {
        if (head >= size) throw new VirtioFault("descriptor head " + head + " beyond a queue of " + size);
        int cap = size;
        long[] addr = new long[4];
        int[] len = new int[4];
        boolean[] writable = new boolean[4];
        int count = 0;
        long table = descAddr;
        int tableSize = size;
        int index = head;
        boolean inIndirect = false;
        boolean seenWritable = false;
        for (int steps = 0; ; steps++) {
            if (steps >= cap) throw new VirtioFault("descriptor chain longer than " + cap + " (a loop?)");
            long d = table + (long) DESC_SIZE * index;
            long a = read64(d);
            int l = read32(d + 8);
            int flags = read16(d + 12);
            int next = read16(d + 14);
            if ((flags & DESC_F_INDIRECT) != 0) {
                if (!indirect) throw new VirtioFault("indirect descriptor without VIRTIO_F_RING_INDIRECT_DESC");
                if (inIndirect) throw new VirtioFault("indirect descriptor inside an indirect table");
                if ((flags & DESC_F_NEXT) != 0) throw new VirtioFault("indirect descriptor with NEXT set");
                if (l == 0 || (l & (DESC_SIZE - 1)) != 0 || Integer.toUnsignedLong(l) / DESC_SIZE > MAX_INDIRECT)
                    throw new VirtioFault("indirect table of " + Integer.toUnsignedLong(l) + " bytes");
                if ((a & 15) != 0 || !ram.contains(a, Integer.toUnsignedLong(l)))
                    throw new VirtioFault("indirect table at 0x" + Long.toHexString(a) + " outside RAM");
                table = a;
                tableSize = l / DESC_SIZE;
                cap = steps + 1 + tableSize;
                index = 0;
                inIndirect = true;
                continue;
            }
            boolean w = (flags & DESC_F_WRITE) != 0;
            // 2.7.4.2: device-writable descriptors come after all device-readable ones.
            if (!w && seenWritable) throw new VirtioFault("device-readable descriptor after a device-writable one");
            seenWritable |= w;
            if (l != 0 && !ram.contains(a, Integer.toUnsignedLong(l)))
                throw new VirtioFault("buffer at 0x" + Long.toHexString(a) + " (" + Integer.toUnsignedLong(l)
                        + " bytes) outside RAM");
            if (count == addr.length) {
                addr = java.util.Arrays.copyOf(addr, count * 2);
                len = java.util.Arrays.copyOf(len, count * 2);
                writable = java.util.Arrays.copyOf(writable, count * 2);
            }
            addr[count] = a;
            len[count] = l;
            writable[count] = w;
            count++;
            if ((flags & DESC_F_NEXT) == 0) break;
            if (next >= tableSize) throw new VirtioFault("next descriptor " + next + " beyond a table of " + tableSize);
            index = next;
        }
        return new DescriptorChain(ram, head, addr, len, writable, count);
    }

    /** Returns a chain to the driver through the used ring, with {@code written} bytes written. */
    public void push(DescriptorChain chain) {
        push(chain.head(), (int) Math.min(chain.bytesWritten(), 0xffff_ffffL));
    }

    /** Puts {@code head} in the used ring with used length {@code written} and publishes the new index. */
    public void push(int head, int written) {
        long elem = usedAddr + 4 + 8L * (usedIdx % size);
        ram.write(elem, 4, head);
        ram.write(elem + 4, 4, written);
        usedIdx = (usedIdx + 1) & 0xffff;
        ram.write(usedAddr + 2, 2, usedIdx);
    }

    /**
     * After a batch: publishes avail_event (so the driver notifies for its next buffer) and
     * decides whether the driver wants an interrupt for the used entries added since the last
     * decision.
     */
    boolean finishBatch() {
        if (eventIdx) ram.write(usedAddr + 4 + 8L * size, 2, lastAvail);
        if (usedIdx == signalledUsed) return false;
        int old = signalledUsed;
        signalledUsed = usedIdx;
        if (eventIdx) {
            int event = read16(availAddr + 4 + 2L * size);
            // vring_need_event (2.7.10): the driver's event index lies in (old, new].
            return ((usedIdx - event - 1) & 0xffff) < ((usedIdx - old) & 0xffff);
        }
        return (read16(availAddr) & AVAIL_F_NO_INTERRUPT) == 0;
    }

    private int read16(long a) {
        check(a, 2);
        return (int) ram.read(a, 2);
    }

    private int read32(long a) {
        check(a, 4);
        return (int) ram.read(a, 4);
    }

    private long read64(long a) {
        check(a, 8);
        return ram.read(a, 8);
    }

    private void check(long a, int n) {
        if (!ram.contains(a, n)) throw new VirtioFault("ring access at 0x" + Long.toHexString(a) + " outside RAM");
    }

    VirtqueueState save() {
        return new VirtqueueState(size, ready, descAddr, availAddr, usedAddr, legacyPfn, legacyAlign, lastAvail, usedIdx,
                signalledUsed);
    }

    void restore(VirtqueueState s) {
        size = s.size();
        ready = s.ready();
        descAddr = s.descAddr();
        availAddr = s.availAddr();
        usedAddr = s.usedAddr();
        legacyPfn = s.legacyPfn();
        legacyAlign = s.legacyAlign();
        lastAvail = s.lastAvail() & 0xffff;
        usedIdx = s.usedIdx() & 0xffff;
        signalledUsed = s.signalledUsed() & 0xffff;
        if (ready && !layoutValid()) ready = false;
    }
}
