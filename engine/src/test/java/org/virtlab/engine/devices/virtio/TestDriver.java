package org.virtlab.engine.devices.virtio;

import org.virtlab.engine.devices.RecordingLine;
import org.virtlab.engine.memory.Ram;

/**
 * A virtio driver written for tests: owns 1 MiB of RAM at 0x8000_0000, drives a
 * {@link VirtioMmio} through its registers (as a guest would) and builds split rings by hand.
 *
 * <pre>
 *   0x8000_0000 + 0x4000 q   queue q: descriptors +0, available +0x1000, used +0x2000
 *   0x8004_0000 ...          buffers, handed out by {@link #alloc}
 * </pre>
 */
public final class TestDriver {
    public static final long RAM_BASE = 0x8000_0000L;
    public static final long RAM_SIZE = 1 << 20;
    public static final long BUFFERS = RAM_BASE + 0x4_0000;

    public final Ram ram = new Ram(RAM_BASE, RAM_SIZE);
    public final RecordingLine irq = new RecordingLine();
    public final VirtioMmio mmio;
    private final int[] size = new int[8];
    private final int[] nextDesc = new int[8];
    private final int[] availIdx = new int[8];
    private long bump = BUFFERS;

    public TestDriver(VirtioDevice device, boolean legacy) {
        mmio = new VirtioMmio(ram, device, legacy, irq);
    }

    /** One descriptor's worth of buffer. */
    public record Seg(long addr, int len, boolean write) {
        public static Seg in(long addr, int len) { return new Seg(addr, len, false); }   // device-readable
        public static Seg out(long addr, int len) { return new Seg(addr, len, true); }  // device-writable
    }

    public long reg(int off) { return mmio.read(off, 4); }

    public void reg(int off, long v) { mmio.write(off, 4, v); }

    /** Acknowledge, driver, features (low and high words), FEATURES_OK; returns the status read back. */
    public int negotiate(long features) {
        reg(VirtioMmio.STATUS, 0);
        reg(VirtioMmio.STATUS, VirtioMmio.STATUS_ACKNOWLEDGE);
        reg(VirtioMmio.STATUS, VirtioMmio.STATUS_ACKNOWLEDGE | VirtioMmio.STATUS_DRIVER);
        reg(VirtioMmio.DRIVER_FEATURES_SEL, 0);
        reg(VirtioMmio.DRIVER_FEATURES, features & 0xffff_ffffL);
        reg(VirtioMmio.DRIVER_FEATURES_SEL, 1);
        reg(VirtioMmio.DRIVER_FEATURES, features >>> 32);
        if (mmio.isLegacy()) return (int) reg(VirtioMmio.STATUS);
        reg(VirtioMmio.STATUS, VirtioMmio.STATUS_ACKNOWLEDGE | VirtioMmio.STATUS_DRIVER | VirtioMmio.STATUS_FEATURES_OK);
        return (int) reg(VirtioMmio.STATUS);
    }

    public static long descAddr(int q) { return RAM_BASE + 0x4000L * q; }

    public static long availAddr(int q) { return descAddr(q) + 0x1000; }

    public static long usedAddr(int q) { return descAddr(q) + 0x2000; }

    /** Sets up queue {@code q} with {@code n} entries (modern registers, or legacy PFN with 4 KiB alignment). */
    public void setupQueue(int q, int n) {
        size[q] = n;
        reg(VirtioMmio.QUEUE_SEL, q);
        reg(VirtioMmio.QUEUE_NUM, n);
        if (mmio.isLegacy()) {
            // Legacy layout: avail right after the table, used at the next 4 KiB boundary. With
            // n <= 128 that is descAddr + 0x1000 and + 0x2000 for n = 256: keep n <= 128 here.
            reg(VirtioMmio.GUEST_PAGE_SIZE, 4096);
            reg(VirtioMmio.QUEUE_ALIGN, 4096);
            reg(VirtioMmio.QUEUE_PFN, descAddr(q) >>> 12);
            return;
        }
        reg(VirtioMmio.QUEUE_DESC_LOW, descAddr(q) & 0xffff_ffffL);
        reg(VirtioMmio.QUEUE_DESC_HIGH, descAddr(q) >>> 32);
        reg(VirtioMmio.QUEUE_DRIVER_LOW, availAddr(q) & 0xffff_ffffL);
        reg(VirtioMmio.QUEUE_DRIVER_HIGH, availAddr(q) >>> 32);
        reg(VirtioMmio.QUEUE_DEVICE_LOW, usedAddr(q) & 0xffff_ffffL);
        reg(VirtioMmio.QUEUE_DEVICE_HIGH, usedAddr(q) >>> 32);
        reg(VirtioMmio.QUEUE_READY, 1);
    }

    /** The avail ring address the transport uses for queue q (legacy places it after the table). */
    public long avail(int q) { return mmio.isLegacy() ? descAddr(q) + 16L * size[q] : availAddr(q); }

    /** The used ring address the transport uses for queue q. */
    public long used(int q) {
        return mmio.isLegacy() ? (avail(q) + 6 + 2L * size[q] + 4095) & -4096L : usedAddr(q);
    }

    public void driverOk() {
        reg(VirtioMmio.STATUS, reg(VirtioMmio.STATUS) | VirtioMmio.STATUS_DRIVER_OK);
    }

    /** A fresh zeroed buffer of {@code n} bytes in RAM. */
    public long alloc(int n) {
        long a = bump;
        bump = (bump + n + 15) & -16L;
        return a;
    }

    public long put(byte[] data) {
        long a = alloc(data.length);
        ram.writeBytes(a, data, 0, data.length);
        return a;
    }

    public byte[] get(long addr, int n) {
        byte[] b = new byte[n];
        ram.readBytes(addr, b, 0, n);
        return b;
    }

    /** Writes descriptor {@code i} of a table at {@code table}. */
    public void desc(long table, int i, long addr, int len, int flags, int next) {
        long d = table + 16L * i;
        ram.write(d, 8, addr);
        ram.write(d + 8, 4, len);
        ram.write(d + 12, 2, flags);
        ram.write(d + 14, 2, next);
    }

    /** Writes the chain into the next free descriptors of queue q; returns the head index (not yet available). */
    public int chain(int q, Seg... segs) {
        int head = nextDesc[q];
        for (int i = 0; i < segs.length; i++) {
            int idx = (head + i) % size[q];
            int flags = (segs[i].write() ? Virtqueue.DESC_F_WRITE : 0) | (i + 1 < segs.length ? Virtqueue.DESC_F_NEXT : 0);
            desc(descAddr(q), idx, segs[i].addr(), segs[i].len(), flags, (idx + 1) % size[q]);
        }
        nextDesc[q] = (head + segs.length) % size[q];
        return head;
    }

    /** Puts {@code head} in the available ring and bumps the index (no notification). */
    public void offer(int q, int head) {
        ram.write(avail(q) + 4 + 2L * (availIdx[q] % size[q]), 2, head);
        availIdx[q] = (availIdx[q] + 1) & 0xffff;
        ram.write(avail(q) + 2, 2, availIdx[q]);
    }

    /** chain + offer + notify; returns the head. */
    public int submit(int q, Seg... segs) {
        int head = chain(q, segs);
        offer(q, head);
        notify(q);
        return head;
    }

    public void notify(int q) { reg(VirtioMmio.QUEUE_NOTIFY, q); }

    public int usedIdx(int q) { return (int) ram.read(used(q) + 2, 2); }

    public int usedId(int q, int i) { return (int) ram.read(used(q) + 4 + 8L * (i % size[q]), 4); }

    public int usedLen(int q, int i) { return (int) ram.read(used(q) + 4 + 8L * (i % size[q]) + 4, 4); }

    public void availFlags(int q, int flags) { ram.write(avail(q), 2, flags); }

    public void usedEvent(int q, int idx) { ram.write(avail(q) + 4 + 2L * size[q], 2, idx); }

    public int availEvent(int q) { return (int) ram.read(used(q) + 4 + 8L * size[q], 2); }

    public void ack() { reg(VirtioMmio.INTERRUPT_ACK, reg(VirtioMmio.INTERRUPT_STATUS)); }

    public boolean needsReset() { return (reg(VirtioMmio.STATUS) & VirtioMmio.STATUS_NEEDS_RESET) != 0; }

    /** A modern driver with VERSION_1 plus {@code features}, queues 0..count-1 of {@code n} entries, DRIVER_OK. */
    public TestDriver ready(long features, int count, int n) {
        negotiate(features | (mmio.isLegacy() ? 0 : VirtioMmio.F_VERSION_1));
        for (int q = 0; q < count; q++) setupQueue(q, n);
        driverOk();
        return this;
    }
}
