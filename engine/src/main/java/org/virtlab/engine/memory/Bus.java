package org.virtlab.engine.memory;

import java.util.ArrayList;
import java.util.List;

/**
 * The physical address space: RAM plus device regions.
 *
 * <p>A device region may also lie over RAM (the HTIF mailbox does); such pages are never
 * cached by the harts' TLBs, so every access to them reaches the device.
 */
public final class Bus {
    private final Ram ram;
    private final List<Ram> roms = new ArrayList<>();
    private final List<MmioRegion> regions = new ArrayList<>();
    private MmioRegion[] lookup = new MmioRegion[0];

    public Bus(Ram ram) {
        this.ram = ram;
    }

    public Ram ram() {
        return ram;
    }

    /** Maps {@code device} at [base, base + size); refuses overlaps between devices. */
    public MmioRegion map(String name, long base, long size, MmioDevice device) {
        MmioRegion r = new MmioRegion(name, base, size, device);
        for (MmioRegion other : regions) {
            if (other.overlaps(base, size))
                throw new IllegalArgumentException("device " + name + " at 0x" + Long.toHexString(base)
                        + " overlaps " + other.name() + " at 0x" + Long.toHexString(other.base()));
        }
        regions.add(r);
        lookup = regions.toArray(new MmioRegion[0]);
        return r;
    }

    /** Adds a read-only memory (e.g. the boot ROM) holding {@code contents}, padded to whole pages. */
    public Ram mapRom(String name, long base, byte[] contents) {
        long size = Math.max(RamPage.SIZE, (contents.length + RamPage.OFFSET_MASK) & ~(long) RamPage.OFFSET_MASK);
        if (ram.contains(base, size) || Long.compareUnsigned(base, ram.base() + ram.size()) < 0 && Long.compareUnsigned(ram.base(), base + size) < 0)
            throw new IllegalArgumentException("ROM " + name + " at 0x" + Long.toHexString(base) + " overlaps RAM");
        for (MmioRegion r : regions)
            if (r.overlaps(base, size)) throw new IllegalArgumentException("ROM " + name + " overlaps device " + r.name());
        Ram rom = new Ram(base, size, true);
        rom.writeBytes(base, contents, 0, contents.length);
        roms.add(rom);
        return rom;
    }

    /** The memory (RAM or ROM) holding all of [paddr, paddr + size), or null. */
    public Ram memoryAt(long paddr, int size) {
        if (ram.contains(paddr, size)) return ram;
        for (Ram r : roms) if (r.contains(paddr, size)) return r;
        return null;
    }

    public List<MmioRegion> regions() {
        return List.copyOf(regions);
    }

    /** The device region containing {@code paddr}, or null. Devices take precedence over RAM. */
    public MmioRegion deviceAt(long paddr) {
        for (MmioRegion r : lookup) {
            if (r.contains(paddr)) return r;
        }
        return null;
    }

    /** Whether the 4 KiB page holding {@code paddr} is memory (RAM or ROM) with no device on it. */
    public boolean isPlainRamPage(long paddr) {
        long pageBase = paddr & ~(long) RamPage.OFFSET_MASK;
        if (memoryAt(pageBase, RamPage.SIZE) == null) return false;
        for (MmioRegion r : lookup) {
            if (r.overlaps(pageBase, RamPage.SIZE)) return false;
        }
        return true;
    }

    /** Whether an access of {@code size} bytes at {@code paddr} reaches RAM or a device. */
    public boolean isMapped(long paddr, int size) {
        return deviceAt(paddr) != null || memoryAt(paddr, size) != null;
    }

    /** Reads as a hart or a DMA engine would; callers check {@link #isMapped} first (unmapped reads return 0). */
    public long read(long paddr, int size) {
        MmioRegion r = deviceAt(paddr);
        if (r != null) return r.device().read(paddr - r.base(), size);
        Ram m = memoryAt(paddr, size);
        return m != null ? m.read(paddr, size) : 0;
    }

    /** Writes as a hart or a DMA engine would; unmapped writes are dropped. */
    public void write(long paddr, int size, long value) {
        MmioRegion r = deviceAt(paddr);
        if (r != null) {
            r.device().write(paddr - r.base(), size, value);
            return;
        }
        Ram m = memoryAt(paddr, size);
        if (m != null && !m.isReadOnly()) m.write(paddr, size, value);
    }
}
