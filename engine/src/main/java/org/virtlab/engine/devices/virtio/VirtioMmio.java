package org.virtlab.engine.devices.virtio;

import java.util.ArrayList;
import java.util.List;
import org.virtlab.engine.devices.InterruptLine;
import org.virtlab.engine.machine.Clocked;
import org.virtlab.engine.memory.DmaMemory;
import org.virtlab.engine.memory.MmioDevice;

/**
 * The virtio-mmio transport (virtio 1.x, 4.2 "Virtio Over MMIO"), in its modern form
 * (version 2) or, selectable at construction, the legacy form (version 1, 4.2.4), in front of
 * one {@link VirtioDevice}.
 *
 * <pre>
 *   0x000 MagicValue  "virt"          0x050 QueueNotify         W
 *   0x004 Version     2 (legacy 1)    0x060 InterruptStatus     R  bit 0 used buffer, bit 1 config
 *   0x008 DeviceID                    0x064 InterruptACK        W
 *   0x00c VendorID    "QEMU"          0x070 Status              RW writing 0 resets
 *   0x010 DeviceFeatures      R       0x080/84 QueueDescLow/High      v2
 *   0x014 DeviceFeaturesSel   W       0x090/94 QueueDriverLow/High    v2
 *   0x020 DriverFeatures      W       0x0a0/a4 QueueDeviceLow/High    v2
 *   0x024 DriverFeaturesSel   W       0x0b0/b4 SHMLenLow/High   R  no regions: -1
 *   0x028 GuestPageSize   W  legacy   0x0fc ConfigGeneration    R  v2
 *   0x030 QueueSel        W           0x100 device configuration space
 *   0x034 QueueNumMax     R
 *   0x038 QueueNum        W           legacy: 0x03c QueueAlign W, 0x040 QueuePFN RW
 *   0x044 QueueReady      RW v2
 * </pre>
 *
 * Registers below 0x100 take 32-bit accesses only (4.2.2.2); other sizes are ignored. The
 * vendor ID is QEMU's, because software written for QEMU's board checks it.
 *
 * <p>Offered on top of the device's own features: VIRTIO_F_RING_INDIRECT_DESC (28),
 * VIRTIO_F_RING_EVENT_IDX (29) and, in version 2, VIRTIO_F_VERSION_1 (32). A version-2
 * driver that does not accept VERSION_1, or accepts a feature not offered, does not get
 * FEATURES_OK (3.1.1). Queue notifications are served synchronously inside the notify
 * write. A driver error found while serving ({@link VirtioFault}) sets DEVICE_NEEDS_RESET
 * (0x40), raises a configuration-change interrupt if DRIVER_OK was set (2.1.2), and stops
 * all processing until the driver writes 0 to Status. The interrupt output is high while
 * InterruptStatus is non-zero.
 */
public final class VirtioMmio implements MmioDevice, Clocked {

    public static final int MAGIC = 0x7472_6976;                 // "virt", little-endian
    public static final int VENDOR_QEMU = 0x554d_4551;           // "QEMU"
    public static final long F_RING_INDIRECT_DESC = 1L << 28;
    public static final long F_RING_EVENT_IDX = 1L << 29;
    public static final long F_VERSION_1 = 1L << 32;

    public static final int STATUS_ACKNOWLEDGE = 1, STATUS_DRIVER = 2, STATUS_DRIVER_OK = 4, STATUS_FEATURES_OK = 8,
            STATUS_NEEDS_RESET = 0x40, STATUS_FAILED = 0x80;
    public static final int INT_USED_BUFFER = 1, INT_CONFIG_CHANGE = 2;

    public static final int MAGIC_VALUE = 0x000, VERSION = 0x004, DEVICE_ID = 0x008, VENDOR_ID = 0x00c,
            DEVICE_FEATURES = 0x010, DEVICE_FEATURES_SEL = 0x014, DRIVER_FEATURES = 0x020, DRIVER_FEATURES_SEL = 0x024,
            GUEST_PAGE_SIZE = 0x028, QUEUE_SEL = 0x030, QUEUE_NUM_MAX = 0x034, QUEUE_NUM = 0x038, QUEUE_ALIGN = 0x03c,
            QUEUE_PFN = 0x040, QUEUE_READY = 0x044, QUEUE_NOTIFY = 0x050, INTERRUPT_STATUS = 0x060,
            INTERRUPT_ACK = 0x064, STATUS = 0x070, QUEUE_DESC_LOW = 0x080, QUEUE_DESC_HIGH = 0x084,
            QUEUE_DRIVER_LOW = 0x090, QUEUE_DRIVER_HIGH = 0x094, QUEUE_DEVICE_LOW = 0x0a0, QUEUE_DEVICE_HIGH = 0x0a4,
            SHM_LEN_LOW = 0x0b0, SHM_LEN_HIGH = 0x0b4, CONFIG_GENERATION = 0x0fc, CONFIG = 0x100;
    public static final long REGION_SIZE = 0x1000;

    private final DmaMemory ram;
    private final VirtioDevice device;
    private final InterruptLine irq;
    private final boolean legacy;
    private final Virtqueue[] queues;
    private final VirtioMmioMetrics metrics = new VirtioMmioMetrics();

    private int status;
    private int deviceFeaturesSel, driverFeaturesSel;
    private long driverFeatures;
    private int queueSel;
    private int interruptStatus;
    private int configGeneration;
    private long guestPageSize;
    private boolean irqLevel;

    /**
     * A transport in its reset state.
     *
     * @param ram    the only memory the device reaches by DMA
     * @param legacy true for the legacy (version 1) register layout
     * @param irq    the interrupt output (PLIC source 1 + slot on the virt board)
     */
    public VirtioMmio(DmaMemory ram, VirtioDevice device, boolean legacy, InterruptLine irq) {
        this(VirtioMmioState.reset(legacy, device.queueCount()), ram, device, irq);
    }

    /** A transport in a saved state (the device restores its own state separately). */
    public VirtioMmio(VirtioMmioState state, DmaMemory ram, VirtioDevice device, InterruptLine irq) {
        if (state.queues().size() != device.queueCount())
            throw new IllegalArgumentException("virtio-mmio state has " + state.queues().size() + " queues; device "
                    + device.deviceId() + " has " + device.queueCount());
        this.ram = ram;
        this.device = device;
        this.irq = irq;
        this.legacy = state.legacy();
        this.queues = new Virtqueue[device.queueCount()];
        for (int i = 0; i < queues.length; i++) {
            queues[i] = new Virtqueue(ram, device.queueMaxSize(i));
            queues[i].restore(state.queues().get(i));
        }
        status = state.status() & 0xff;
        deviceFeaturesSel = state.deviceFeaturesSel();
        driverFeaturesSel = state.driverFeaturesSel();
        driverFeatures = state.driverFeatures();
        queueSel = state.queueSel();
        interruptStatus = state.interruptStatus() & (INT_USED_BUFFER | INT_CONFIG_CHANGE);
        configGeneration = state.configGeneration();
        guestPageSize = state.guestPageSize();
        applyFeatures();
        irqLevel = interruptStatus != 0;
        irq.set(irqLevel);
    }

    /** An empty slot: magic, version and vendor as usual, device ID 0 (4.2.2.1), nothing else. */
    public static VirtioMmio empty(DmaMemory ram, boolean legacy) {
        return new VirtioMmio(ram, AbsentDevice.INSTANCE, legacy, InterruptLine.NONE);
    }

    /** An empty slot in a saved state (a guest may have written its status while probing). */
    public static VirtioMmio empty(VirtioMmioState state, DmaMemory ram) {
        return new VirtioMmio(state, ram, AbsentDevice.INSTANCE, InterruptLine.NONE);
    }

    public VirtioMmioState save() {
        List<VirtqueueState> qs = new ArrayList<>();
        for (Virtqueue q : queues) qs.add(q.save());
        return new VirtioMmioState(legacy, status, deviceFeaturesSel, driverFeaturesSel, driverFeatures, queueSel,
                interruptStatus, configGeneration, guestPageSize, qs);
    }

    public VirtioDevice device() { return device; }

    public VirtioMmioMetrics metrics() { return metrics; }

    public boolean isLegacy() { return legacy; }

    /** The Status register as the driver sees it. */
    public int status() { return status; }

    /** Everything the device offers: its own features plus the ring (and, version 2, version) bits. */
    public long offeredFeatures() {
        long f = device.deviceFeatures() | F_RING_INDIRECT_DESC | F_RING_EVENT_IDX;
        return legacy ? f & 0xffff_ffffL : f | F_VERSION_1;
    }

    /** The features in effect: what the driver accepted of what was offered. */
    public long negotiatedFeatures() {
        return driverFeatures & offeredFeatures();
    }

    /** The device changed its configuration space: bump ConfigGeneration and tell the driver. */
    public void configChanged() {
        configGeneration++;
        if ((status & STATUS_DRIVER_OK) != 0) raise(INT_CONFIG_CHANGE);
    }

    // ---- guest side ---------------------------------------------------------------------

    @Override
    public long read(long offset, int size) {
        metrics.accesses.read();
        if (offset >= CONFIG && offset < REGION_SIZE) {
            long v = device.readConfig((int) (offset - CONFIG), size);
            return size >= 8 ? v : v & ((1L << (8 * size)) - 1);
        }
        if (size != 4 || offset < 0 || offset >= CONFIG || (offset & 3) != 0) {
            metrics.accesses.ignored();
            return 0;
        }
        Virtqueue q = selected();
        switch ((int) offset) {
            case MAGIC_VALUE: return MAGIC;
            case VERSION: return legacy ? 1 : 2;
            case DEVICE_ID: return device.deviceId();
            case VENDOR_ID: return VENDOR_QEMU;
            case DEVICE_FEATURES:
                return deviceFeaturesSel < 2 ? (offeredFeatures() >>> (32 * deviceFeaturesSel)) & 0xffff_ffffL : 0;
            case QUEUE_NUM_MAX: return q == null ? 0 : q.maxSize();
            case QUEUE_READY: return !legacy && q != null && q.ready ? 1 : 0;
            case QUEUE_PFN: return legacy && q != null ? q.legacyPfn & 0xffff_ffffL : 0;
            case INTERRUPT_STATUS: return interruptStatus;
            case STATUS: return status;
            case SHM_LEN_LOW, SHM_LEN_HIGH: return legacy ? 0 : 0xffff_ffffL;    // no shared memory regions
            case CONFIG_GENERATION: return legacy ? 0 : configGeneration & 0xffff_ffffL;
            default:
                if (!legacy && q != null) {
                    switch ((int) offset) {
                        case QUEUE_DESC_LOW: return q.descAddr & 0xffff_ffffL;
                        case QUEUE_DESC_HIGH: return q.descAddr >>> 32;
                        case QUEUE_DRIVER_LOW: return q.availAddr & 0xffff_ffffL;
                        case QUEUE_DRIVER_HIGH: return q.availAddr >>> 32;
                        case QUEUE_DEVICE_LOW: return q.usedAddr & 0xffff_ffffL;
                        case QUEUE_DEVICE_HIGH: return q.usedAddr >>> 32;
                        default: break;
                    }
                }
                metrics.accesses.ignored();
                return 0;
        }
    }

    @Override
    public void write(long offset, int size, long value) {
        metrics.accesses.write();
        if (offset >= CONFIG && offset < REGION_SIZE) {
            device.writeConfig((int) (offset - CONFIG), size, value);
            return;
        }
        if (size != 4 || offset < 0 || offset >= CONFIG || (offset & 3) != 0) {
            metrics.accesses.ignored();
            return;
        }
        long v = value & 0xffff_ffffL;
        Virtqueue q = selected();
        // The driver must not change a live queue's configuration (4.2.2.3); such writes are ignored.
        boolean configurable = q != null && !q.ready;
        switch ((int) offset) {
            case DEVICE_FEATURES_SEL -> deviceFeaturesSel = (int) v;
            case DRIVER_FEATURES_SEL -> driverFeaturesSel = (int) v;
            case DRIVER_FEATURES -> {
                if ((status & (STATUS_FEATURES_OK | STATUS_DRIVER_OK)) != 0 || driverFeaturesSel >= 2) {
                    metrics.accesses.ignored();
                } else {
                    int shift = 32 * driverFeaturesSel;
                    driverFeatures = (driverFeatures & ~(0xffff_ffffL << shift)) | (v << shift);
                }
            }
            case QUEUE_SEL -> queueSel = (int) v;
            case QUEUE_NUM -> { if (configurable) q.size = (int) Math.min(v, 0x10000); else metrics.accesses.ignored(); }
            case QUEUE_NOTIFY -> notifyQueue(v);
            case INTERRUPT_ACK -> {
                interruptStatus &= ~(int) v;
                updateIrq();
            }
            case STATUS -> writeStatus((int) v & 0xff);
            default -> {
                if (legacy) writeLegacy((int) offset, v, q);
                else writeModern((int) offset, v, q, configurable);
            }
        }
    }

    private void writeModern(int offset, long v, Virtqueue q, boolean configurable) {
        if (offset == QUEUE_READY && q != null) {
            if ((v & 1) == 0) {
                q.ready = false;
            } else if (!q.ready) {
                if (q.layoutValid()) q.ready = true;
                else fail("queue " + queueSel + " made ready with size " + q.size + " or rings outside RAM");
            }
            return;
        }
        if (!configurable) {
            metrics.accesses.ignored();
            return;
        }
        switch (offset) {
            case QUEUE_DESC_LOW -> q.descAddr = low(q.descAddr, v);
            case QUEUE_DESC_HIGH -> q.descAddr = high(q.descAddr, v);
            case QUEUE_DRIVER_LOW -> q.availAddr = low(q.availAddr, v);
            case QUEUE_DRIVER_HIGH -> q.availAddr = high(q.availAddr, v);
            case QUEUE_DEVICE_LOW -> q.usedAddr = low(q.usedAddr, v);
            case QUEUE_DEVICE_HIGH -> q.usedAddr = high(q.usedAddr, v);
            default -> metrics.accesses.ignored();
        }
    }

    /** Legacy queue setup (4.2.4): one page frame number places all three rings. */
    private void writeLegacy(int offset, long v, Virtqueue q) {
        switch (offset) {
            case GUEST_PAGE_SIZE -> guestPageSize = v;
            case QUEUE_ALIGN -> { if (q != null) q.legacyAlign = (int) v; }
            case QUEUE_PFN -> {
                if (q == null) return;
                q.legacyPfn = v;
                if (v == 0) {
                    q.ready = false;
                    return;
                }
                q.ready = false;
                long align = q.legacyAlign;
                if (align <= 0 || Long.bitCount(align) != 1) {
                    fail("queue " + queueSel + " QueueAlign " + align + " is not a power of two");
                    return;
                }
                q.descAddr = v * guestPageSize;
                q.availAddr = q.descAddr + 16L * q.size;
                q.usedAddr = (q.availAddr + 6 + 2L * q.size + align - 1) & -align;
                if (q.layoutValid()) q.ready = true;
                else fail("queue " + queueSel + " at page frame 0x" + Long.toHexString(v) + " with size " + q.size
                        + " lies outside RAM");
            }
            default -> metrics.accesses.ignored();
        }
    }

    private void writeStatus(int v) {
        if (v == 0) {
            reset();
            return;
        }
        int old = status;
        int next = (v & ~STATUS_NEEDS_RESET) | (status & STATUS_NEEDS_RESET);
        // 3.1.1 step 5: FEATURES_OK sticks only if the device accepts the driver's features.
        if (!legacy && (next & STATUS_FEATURES_OK) != 0 && (old & STATUS_FEATURES_OK) == 0 && !featuresAcceptable())
            next &= ~STATUS_FEATURES_OK;
        status = next;
        if ((next & STATUS_DRIVER_OK) != 0 && (old & STATUS_DRIVER_OK) == 0) {
            applyFeatures();
            device.activate(negotiatedFeatures());
        }
    }

    private boolean featuresAcceptable() {
        return (driverFeatures & ~offeredFeatures()) == 0 && (driverFeatures & F_VERSION_1) != 0;
    }

    private void applyFeatures() {
        long f = negotiatedFeatures();
        for (Virtqueue q : queues) {
            q.eventIdx = (f & F_RING_EVENT_IDX) != 0;
            q.indirect = (f & F_RING_INDIRECT_DESC) != 0;
        }
    }

    /** Writing 0 to Status (2.4 "Device Reset"): everything back to its power-on value. */
    private void reset() {
        metrics.resets++;
        status = 0;
        deviceFeaturesSel = driverFeaturesSel = 0;
        driverFeatures = 0;
        queueSel = 0;
        interruptStatus = 0;
        guestPageSize = 4096;
        for (Virtqueue q : queues) q.reset();
        applyFeatures();
        device.reset();
        updateIrq();
    }

    private void notifyQueue(long index) {
        metrics.notifications++;
        if (!live() || index < 0 || index >= queues.length || !queues[(int) index].ready) {
            metrics.accesses.ignored();
            return;
        }
        try {
            device.notify((int) index, queues[(int) index]);
            signalUsed();
        } catch (VirtioFault e) {
            fail(e.getMessage());
        }
    }

    /** Serves host-fed devices (console input) at slice boundaries. */
    @Override
    public void advanceTo(long mtime) {
        if (!live()) return;
        try {
            device.poll(queues);
            signalUsed();
        } catch (VirtioFault e) {
            fail(e.getMessage());
        }
    }

    @Override
    public long nextDeadline() {
        return Long.MAX_VALUE;
    }

    private boolean live() {
        return (status & STATUS_DRIVER_OK) != 0 && (status & STATUS_NEEDS_RESET) == 0;
    }

    private void signalUsed() {
        boolean any = false;
        for (Virtqueue q : queues) if (q.ready && q.finishBatch()) any = true;
        if (any) raise(INT_USED_BUFFER);
    }

    /** The driver broke the contract: DEVICE_NEEDS_RESET and a configuration-change interrupt (2.1.2). */
    private void fail(String why) {
        metrics.faults++;
        metrics.lastFault = why;
        if ((status & STATUS_NEEDS_RESET) != 0) return;
        status |= STATUS_NEEDS_RESET;
        if ((status & STATUS_DRIVER_OK) != 0) raise(INT_CONFIG_CHANGE);
    }

    private void raise(int bits) {
        if (bits == INT_USED_BUFFER) metrics.interrupts++;
        interruptStatus |= bits;
        updateIrq();
    }

    private void updateIrq() {
        boolean level = interruptStatus != 0;
        if (level != irqLevel) {
            irqLevel = level;
            irq.set(level);
        }
    }

    private Virtqueue selected() {
        return queueSel >= 0 && queueSel < queues.length ? queues[queueSel] : null;
    }

    private static long low(long reg, long v) {
        return (reg & 0xffff_ffff_0000_0000L) | v;
    }

    private static long high(long reg, long v) {
        return (reg & 0xffff_ffffL) | (v << 32);
    }
}
