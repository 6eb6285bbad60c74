package org.virtlab.engine.board;

/**
 * The physical memory map of the {@code virt} board, the one place these numbers live. The
 * devices' defaults and the generated device tree both read them from here.
 *
 * <pre>
 *   0x0000_1000  MROM (reset vector)         0xf000
 *   0x0010_0000  SiFive test finisher        0x1000
 *   0x0010_1000  goldfish RTC                0x1000    PLIC IRQ 11
 *   0x0200_0000  CLINT                       0x1_0000  msip, mtimecmp, mtime
 *   0x0C00_0000  PLIC                        0x60_0000
 *   0x1000_0000  UART0 (ns16550a)            0x100     PLIC IRQ 10
 *   0x1000_1000  virtio-mmio slot 0..7       0x1000    PLIC IRQ 1..8, stride 0x1000
 *   0x8000_0000  DRAM                        configured
 * </pre>
 *
 * Compatible with QEMU's riscv64 {@code virt} machine, so that software written for it (xv6,
 * OpenSBI, Linux) runs unchanged; see shared/PLATFORM-FACTS.md.
 */
public final class VirtMemoryMap {

    private VirtMemoryMap() { }

    public static final long MROM_BASE = 0x0000_1000L;
    public static final long MROM_SIZE = 0xf000L;

    public static final long TEST_BASE = 0x0010_0000L;
    public static final long TEST_SIZE = 0x1000L;

    public static final long RTC_BASE = 0x0010_1000L;
    public static final long RTC_SIZE = 0x1000L;
    public static final int RTC_IRQ = 11;

    public static final long CLINT_BASE = 0x0200_0000L;
    public static final long CLINT_SIZE = 0x1_0000L;
    /** msip registers: 4 bytes per hart from the CLINT base. */
    public static final long CLINT_MSIP_OFFSET = 0x0;
    /** mtimecmp registers: 8 bytes per hart. */
    public static final long CLINT_MTIMECMP_OFFSET = 0x4000;
    public static final long CLINT_MTIME_OFFSET = 0xBFF8;

    public static final long PLIC_BASE = 0x0C00_0000L;
    public static final long PLIC_SIZE = 0x60_0000L;
    /** Interrupt sources including the reserved source 0; usable ids are 1..PLIC_NDEV. */
    public static final int PLIC_SOURCES = 96;
    /** The value of the device tree's {@code riscv,ndev}: the highest usable source id. */
    public static final int PLIC_NDEV = PLIC_SOURCES - 1;
    public static final int PLIC_MAX_PRIORITY = 7;

    public static final long UART0_BASE = 0x1000_0000L;
    public static final long UART0_SIZE = 0x100L;
    public static final int UART0_IRQ = 10;
    /** The 16550's input clock: 1.8432 MHz x 2, as QEMU advertises. */
    public static final int UART0_CLOCK_HZ = 3_686_400;

    public static final long VIRTIO_BASE = 0x1000_1000L;
    public static final long VIRTIO_STRIDE = 0x1000L;
    public static final long VIRTIO_SIZE = 0x1000L;
    public static final int VIRTIO_SLOTS = 8;
    public static final int VIRTIO_FIRST_IRQ = 1;

    public static final long DRAM_BASE = 0x8000_0000L;

    /** mtime frequency: 10 MHz, the device tree's {@code timebase-frequency}. */
    public static final long TIMEBASE_HZ = 10_000_000L;
    /** Nanoseconds per mtime tick. */
    public static final long NANOS_PER_TICK = 1_000_000_000L / TIMEBASE_HZ;

    /** Base address of virtio-mmio slot {@code slot} (0..7). */
    public static long virtioBase(int slot) {
        checkVirtioSlot(slot);
        return VIRTIO_BASE + slot * VIRTIO_STRIDE;
    }

    /** PLIC source of virtio-mmio slot {@code slot} (0..7). */
    public static int virtioIrq(int slot) {
        checkVirtioSlot(slot);
        return VIRTIO_FIRST_IRQ + slot;
    }

    /** PLIC context of hart {@code hart}'s M-mode external interrupt (MEIP). */
    public static int plicMachineContext(int hart) {
        return 2 * hart;
    }

    /** PLIC context of hart {@code hart}'s S-mode external interrupt (SEIP). */
    public static int plicSupervisorContext(int hart) {
        return 2 * hart + 1;
    }

    private static void checkVirtioSlot(int slot) {
        if (slot < 0 || slot >= VIRTIO_SLOTS)
            throw new IllegalArgumentException("virtio-mmio slot " + slot + " does not exist: slots are 0.." + (VIRTIO_SLOTS - 1));
    }
}
