package org.virtlab.engine.hypervisor;

import static org.virtlab.engine.devices.virtio.VirtioMmio.*;

import org.virtlab.engine.board.VirtMemoryMap;
import org.virtlab.engine.devices.virtio.Virtqueue;

/**
 * A virtio driver as a domain's kernel would be one, for tests: it reaches the transport only
 * through the {@link VirtualBoard}'s MMIO entry points (as a trapped guest load/store would) and
 * builds one split ring of 8 entries in the domain's RAM at guest-physical addresses.
 *
 * <pre>
 *   0x8000_1000  descriptors     0x8000_2000  available ring     0x8000_3000  used ring
 *   0x8000_8000  buffers, handed out by {@link #alloc}
 * </pre>
 */
final class GuestVirtioDriver {
    static final long DESC = 0x8000_1000L, AVAIL = 0x8000_2000L, USED = 0x8000_3000L;
    static final int QUEUE_SIZE = 8;

    private final VirtualBoard board;
    private final long base;
    private long bump = 0x8000_8000L;
    private int availIdx;

    GuestVirtioDriver(VirtualBoard board, int slot) {
        this.board = board;
        this.base = VirtMemoryMap.virtioBase(slot);
    }

    long reg(int off) { return board.read(base + off, 4); }

    void reg(int off, long v) { board.write(base + off, 4, v); }

    /** Negotiates VERSION_1, sets up queue 0 with its rings at {@code desc}/{@code avail}/{@code used}, DRIVER_OK. */
    GuestVirtioDriver ready(long desc, long avail, long used) {
        reg(STATUS, 0);
        reg(STATUS, STATUS_ACKNOWLEDGE | STATUS_DRIVER);
        reg(DRIVER_FEATURES_SEL, 1);
        reg(DRIVER_FEATURES, F_VERSION_1 >>> 32);
        reg(STATUS, STATUS_ACKNOWLEDGE | STATUS_DRIVER | STATUS_FEATURES_OK);
        reg(QUEUE_SEL, 0);
        reg(QUEUE_NUM, QUEUE_SIZE);
        reg(QUEUE_DESC_LOW, desc & 0xffff_ffffL);
        reg(QUEUE_DESC_HIGH, desc >>> 32);
        reg(QUEUE_DRIVER_LOW, avail & 0xffff_ffffL);
        reg(QUEUE_DRIVER_HIGH, avail >>> 32);
        reg(QUEUE_DEVICE_LOW, used & 0xffff_ffffL);
        reg(QUEUE_DEVICE_HIGH, used >>> 32);
        reg(QUEUE_READY, 1);
        reg(STATUS, reg(STATUS) | STATUS_DRIVER_OK);
        return this;
    }

    GuestVirtioDriver ready() {
        return ready(DESC, AVAIL, USED);
    }

    long alloc(int n) {
        long a = bump;
        bump = (bump + n + 15) & -16L;
        return a;
    }

    long put(byte[] data) {
        long a = alloc(data.length);
        board.guestRam().writeBytes(a, data, 0, data.length);
        return a;
    }

    /** One descriptor: address, length, device-writable or not. */
    record Seg(long addr, int len, boolean write) { }

    /** Writes the chain into descriptors 0.., offers it and notifies queue 0. */
    void submit(Seg... segs) {
        GuestRam ram = board.guestRam();
        for (int i = 0; i < segs.length; i++) {
            long d = DESC + 16L * i;
            int flags = (segs[i].write() ? Virtqueue.DESC_F_WRITE : 0) | (i + 1 < segs.length ? Virtqueue.DESC_F_NEXT : 0);
            ram.write(d, 8, segs[i].addr());
            ram.write(d + 8, 4, segs[i].len());
            ram.write(d + 12, 2, flags);
            ram.write(d + 14, 2, i + 1);
        }
        ram.write(AVAIL + 4 + 2L * (availIdx % QUEUE_SIZE), 2, 0);
        availIdx++;
        ram.write(AVAIL + 2, 2, availIdx);
        reg(QUEUE_NOTIFY, 0);
    }

    int usedIdx() { return (int) board.guestRam().read(USED + 2, 2); }

    boolean needsReset() { return (reg(STATUS) & STATUS_NEEDS_RESET) != 0; }
}
