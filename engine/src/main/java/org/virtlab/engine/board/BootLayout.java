package org.virtlab.engine.board;

import static org.virtlab.engine.board.VirtMemoryMap.DRAM_BASE;

import org.virtlab.engine.board.fdt.BoardDescription;
import org.virtlab.engine.board.fdt.VirtBoardDeviceTree;
import org.virtlab.engine.image.BootImage;
import org.virtlab.engine.image.ElfImage;
import org.virtlab.engine.image.ImageException;
import org.virtlab.engine.image.ImageLoader;

/**
 * Where everything goes in RAM when a {@code virt} board boots, decided before anything is
 * written, so that an image that does not fit changes nothing. The placement is QEMU's
 * ({@code hw/riscv/boot.c}):
 *
 * <pre>
 *   0x8000_0000                  firmware (external), or the kernel with --bios none
 *   next 2 MiB boundary          the kernel (0x8020_0000 behind firmware; an ELF kernel sits
 *                                where it was linked)
 *   kernel + min(RAM/2, 128 MiB) the initrd, or just below the device tree when it does not fit
 *   top of RAM, 2 MiB-aligned    the device tree (4 KiB-aligned if the 2 MiB slot is taken)
 * </pre>
 *
 * The device tree reserves no firmware memory, as with QEMU: the built-in SBI lives in Java
 * and uses no RAM, and an external firmware describes its own memory to the next stage
 * (OpenSBI adds /reserved-memory/mmode_resv0@80000000 covering the region its PMP protects,
 * 512 KiB for fw_dynamic 1.1 — more than the image). Pre-describing it here under that name made
 * OpenSBI's fixup fail (the node exists), leaving only the image's pages reserved.
 *
 * @param firmware     the external firmware as placed, or null
 * @param kernel       the kernel as placed, or null (external firmware alone)
 * @param romStart     where the boot ROM jumps
 * @param kernelEntry  where the kernel starts (fw_dynamic_info.next_addr; the built-in SBI's target)
 * @param initrdStart  the initrd's first byte, or 0 without one
 * @param initrdEnd    the first byte after it, or 0
 * @param fdtAddress   the device tree blob's address (a1)
 * @param dtb          the blob
 */
public record BootLayout(BootImage firmware, BootImage kernel, long romStart, long kernelEntry, long initrdStart,
        long initrdEnd, long fdtAddress, byte[] dtb) {

    private static final long MIB = 1L << 20;
    /** Linux on RV64 wants a 2 MiB-aligned kernel (PMD size). */
    public static final long KERNEL_ALIGN = 2 * MIB;
    private static final long PAGE = 4096;

    /** Plans the boot of {@code config}; an {@link ImageException} says what does not fit and why. */
    public static BootLayout plan(BoardConfig config) {
        long ramSize = config.memoryBytes();
        long ramEnd = DRAM_BASE + ramSize;

        BootImage firmware = null;
        long kernelBase;
        switch (config.firmware()) {
            case EXTERNAL -> {
                firmware = ImageLoader.parse(config.firmwareImage(), config.firmwareName());
                if (firmware.relocatable()) firmware = firmware.at(DRAM_BASE);
                requireInRam(firmware, "firmware", ramSize);
                kernelBase = alignUp(firmware.end(), KERNEL_ALIGN);
            }
            case BUILTIN -> kernelBase = DRAM_BASE + KERNEL_ALIGN;   // as behind OpenSBI: Linux expects 0x8020_0000
            default -> kernelBase = DRAM_BASE;
        }

        BootImage kernel = null;
        if (config.kernel() != null) {
            kernel = ImageLoader.parse(config.kernel(), config.kernelName());
            if (kernel.relocatable()) kernel = kernel.at(kernelBase);
            requireInRam(kernel, "kernel", ramSize);
            if (firmware != null && kernel.overlaps(firmware.start(), firmware.end()))
                throw new ImageException(String.format("%s: the kernel (0x%x-0x%x) overlaps the firmware %s (0x%x-0x%x);"
                        + " link the kernel at 0x%x or above", kernel.name(), kernel.start(), kernel.end() - 1,
                        firmware.name(), firmware.start(), firmware.end() - 1, kernelBase));
        }

        long romStart = firmware != null ? firmware.entry() : kernel.entry();
        long kernelEntry = kernel != null ? kernel.entry() : kernelBase;

        // The blob's size does not depend on where the initrd ends up (fixed-width cells), so
        // size it first, place it, then place the initrd around it.
        byte[] initrd = config.initrd();
        BoardDescription sizing = describe(config, initrd != null ? 0 : -1, initrd != null ? 0 : -1);
        int dtbSize = VirtBoardDeviceTree.dtb(sizing).length;
        long fdt = alignDown(ramEnd - dtbSize, KERNEL_ALIGN);
        if (fdt < DRAM_BASE || collides(fdt, fdt + dtbSize, firmware, kernel)) fdt = alignDown(ramEnd - dtbSize, PAGE);
        if (fdt < DRAM_BASE || collides(fdt, fdt + dtbSize, firmware, kernel))
            throw new ImageException(String.format("no room for the %d-byte device tree at the top of %s of RAM: the"
                    + " images fill it; give the machine more memory (--mem)", dtbSize, BoardConfig.describeSize(ramSize)));

        long initrdStart = 0, initrdEnd = 0;
        if (initrd != null) {
            String name = config.initrdName();
            if (initrd.length > ramSize)
                throw new ImageException(String.format("%s: initrd of %s does not fit in %s of RAM; give the machine"
                        + " more memory (--mem)", name, mib(initrd.length), BoardConfig.describeSize(ramSize)));
            initrdStart = alignUp(kernel.start() + Math.min(ramSize / 2, 128 * MIB), PAGE);
            if (initrdStart + initrd.length > fdt) initrdStart = alignDown(fdt - initrd.length, PAGE);
            initrdEnd = initrdStart + initrd.length;
            if (initrdStart < DRAM_BASE || collides(initrdStart, initrdEnd, firmware, kernel))
                throw new ImageException(String.format("%s: initrd of %s overlaps the kernel %s (0x%x-0x%x) wherever it"
                        + " goes below the device tree at 0x%x; give the machine more memory (--mem)", name,
                        mib(initrd.length), kernel.name(), kernel.start(), kernel.end() - 1, fdt));
        }

        byte[] dtb = VirtBoardDeviceTree.dtb(describe(config, initrd != null ? initrdStart : -1, initrdEnd));
        if (dtb.length != dtbSize) throw new IllegalStateException("device tree changed size while placing the initrd");
        return new BootLayout(firmware, kernel, romStart, kernelEntry, initrdStart, initrdEnd, fdt, dtb);
    }

    /** Whether the layout has an initrd. */
    public boolean hasInitrd() {
        return initrdEnd != 0;
    }

    /** The board the device tree describes. */
    private static BoardDescription describe(BoardConfig config, long initrdStart, long initrdEnd) {
        BoardDescription.Builder b = BoardDescription.builder()
                .harts(config.harts())
                .ram(DRAM_BASE, config.memoryBytes())
                .hExtension(config.hExtension())
                .bootargs(config.bootargs());
        for (int slot = 0; slot < config.virtioSlots().size(); slot++) b.virtioSlot(slot);
        if (initrdStart >= 0) b.initrd(initrdStart, initrdEnd);
        return b.build();
    }

    private static void requireInRam(BootImage image, String role, long ramSize) {
        if (image.size() > ramSize)
            throw new ImageException(String.format("%s: %s image of %s does not fit in %s of RAM; give the machine more"
                    + " memory (--mem)", image.name(), role, mib(image.size()), BoardConfig.describeSize(ramSize)));
        long ramEnd = DRAM_BASE + ramSize;
        for (ElfImage.Segment s : image.segments()) {
            long end = s.address() + s.memorySize();
            if (Long.compareUnsigned(s.address(), DRAM_BASE) < 0 || Long.compareUnsigned(end, ramEnd) > 0
                    || Long.compareUnsigned(end, s.address()) < 0)
                throw new ImageException(String.format("%s: %s segment at 0x%x (%d bytes) lies outside RAM 0x%x-0x%x;"
                        + " give the machine more memory (--mem) or relink the image", image.name(), role, s.address(),
                        s.memorySize(), DRAM_BASE, ramEnd - 1));
        }
    }

    private static boolean collides(long start, long end, BootImage firmware, BootImage kernel) {
        return (firmware != null && firmware.overlaps(start, end)) || (kernel != null && kernel.overlaps(start, end));
    }

    /** "3 MiB", rounded up: sizes in messages. */
    private static String mib(long bytes) {
        return bytes < MIB ? ((bytes + 1023) / 1024) + " KiB" : ((bytes + MIB - 1) / MIB) + " MiB";
    }

    static long alignUp(long v, long align) {
        return (v + align - 1) & -align;
    }

    static long alignDown(long v, long align) {
        return v & -align;
    }
}
