package org.virtlab.engine.hypervisor;

import org.virtlab.engine.board.BoardConfig;
import org.virtlab.engine.board.BootLayout;
import org.virtlab.engine.board.VirtMemoryMap;
import org.virtlab.engine.image.BootImage;
import org.virtlab.engine.image.ElfImage;

/**
 * A domain's boot images placed in its guest-physical memory exactly as the physical board
 * would place them ({@link BootLayout#plan}: QEMU's placement), with the device tree generated
 * for the domain's own {@link BoardConfig}: its memory size, its vCPUs as harts, its virtio
 * slots, its bootargs and initrd. The physical board's boot ROM and firmware are not part of a
 * domain; the hypervisor starts each vCPU itself, by one of the two conventions the board has:
 *
 * <ul>
 * <li>no firmware ({@link BoardConfig.Firmware#NONE}, like xv6 under {@code -bios none}): the
 *     kernel starts in (virtual) M-mode at {@link #kernelEntry}, a0 = hart id, a1 = fdt — the
 *     boot ROM's convention; {@link #startsInMachineMode} is true;
 * <li>built-in firmware ({@link BoardConfig.Firmware#BUILTIN}): the hypervisor is the domain's
 *     SBI; the kernel is entered in S-mode at {@link #kernelEntry} (0x8020_0000 for a Linux
 *     Image) with a0 = hart id, a1 = fdt (SBI specification, "Binary Encoding" and the Linux
 *     RISC-V boot protocol); {@link #startsInMachineMode} is false.
 * </ul>
 *
 * An external firmware file is refused: it would need the boot ROM and its fw_dynamic_info.
 *
 * @param kernelEntry         where the boot vCPU starts
 * @param fdtAddress          guest-physical address of the device tree blob (a1)
 * @param startsInMachineMode whether the kernel starts in virtual M-mode (no firmware) rather than S-mode
 * @param layout              the full placement: kernel segments, initrd range, the blob itself
 */
public record DomainImage(long kernelEntry, long fdtAddress, boolean startsInMachineMode, BootLayout layout) {

    private static final int ZERO_CHUNK = 1 << 16;

    /**
     * Plans the layout of {@code domain} and writes the kernel (segments and their zero-filled
     * tails), the initrd and the device tree into {@code ram}. A layout that does not fit the
     * domain's memory is refused before anything is written.
     *
     * @throws org.virtlab.engine.image.ImageException an image is malformed or does not fit, saying which and why
     * @throws IllegalArgumentException the configuration asks for external firmware, or its
     *                                  memory size is not the domain's
     */
    public static DomainImage load(BoardConfig domain, GuestRam ram) {
        if (domain.firmware() == BoardConfig.Firmware.EXTERNAL)
            throw new IllegalArgumentException("a domain boots its kernel with the hypervisor's built-in SBI or with no"
                    + " firmware; external firmware (" + domain.firmwareName() + ") is not supported in a domain");
        if (domain.memoryBytes() != ram.size() || ram.base() != VirtMemoryMap.DRAM_BASE)
            throw new IllegalArgumentException("the domain is configured with " + BoardConfig.describeSize(domain.memoryBytes())
                    + " of RAM at 0x80000000 but has " + BoardConfig.describeSize(ram.size()) + " at 0x"
                    + Long.toHexString(ram.base()));
        BootLayout layout = BootLayout.plan(domain);   // throws ImageException before any write
        write(layout.kernel(), ram);
        if (layout.hasInitrd()) ram.writeBytes(layout.initrdStart(), domain.initrd(), 0, domain.initrd().length);
        ram.writeBytes(layout.fdtAddress(), layout.dtb(), 0, layout.dtb().length);
        return new DomainImage(layout.kernelEntry(), layout.fdtAddress(),
                domain.firmware() == BoardConfig.Firmware.NONE, layout);
    }

    /** Copies each segment's file bytes and zero-fills the rest of its memory size (the bss). */
    private static void write(BootImage image, GuestRam ram) {
        for (ElfImage.Segment s : image.segments()) {
            ram.writeBytes(s.address(), s.data(), 0, s.data().length);
            long zeros = s.memorySize() - s.data().length;
            byte[] chunk = new byte[(int) Math.min(ZERO_CHUNK, Math.max(zeros, 0))];
            for (long off = 0; off < zeros; off += ZERO_CHUNK) {
                int n = (int) Math.min(ZERO_CHUNK, zeros - off);
                ram.writeBytes(s.address() + s.data().length + off, chunk, 0, n);
            }
        }
    }
}
