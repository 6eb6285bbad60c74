package org.virtlab.engine.board.fdt;

import static org.virtlab.engine.board.VirtMemoryMap.DRAM_BASE;
import static org.virtlab.engine.board.VirtMemoryMap.VIRTIO_SLOTS;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * What {@link VirtBoardDeviceTree} describes: the configured {@code virt} board and what the
 * boot loader tells the kernel.
 *
 * @param harts         number of harts, ids 0..harts-1
 * @param ramBase       DRAM base (0x8000_0000 on this board)
 * @param ramSize       DRAM size in bytes
 * @param hExtension    whether the harts have the hypervisor extension
 * @param virtioSlots   the populated virtio-mmio slots (0..7), ascending
 * @param bootargs      the kernel command line, or null for none
 * @param initrdStart   where the initial ramdisk starts, if there is one
 * @param initrdEnd     the first byte after it
 * @param firmwareBase  start of memory the firmware keeps for itself, if any
 * @param firmwareSize  its size
 */
public record BoardDescription(int harts, long ramBase, long ramSize, boolean hExtension, List<Integer> virtioSlots,
        String bootargs, OptionalLong initrdStart, OptionalLong initrdEnd, OptionalLong firmwareBase, long firmwareSize) {

    public static final int MAX_HARTS = 16;

    public BoardDescription {
        if (harts < 1 || harts > MAX_HARTS)
            throw new IllegalArgumentException("harts must be 1.." + MAX_HARTS + ", not " + harts);
        if (ramSize <= 0 || (ramSize & 0xfff) != 0)
            throw new IllegalArgumentException("RAM size must be a positive multiple of 4 KiB, not " + ramSize);
        virtioSlots = List.copyOf(virtioSlots);
        int previous = -1;
        for (int slot : virtioSlots) {
            if (slot <= previous || slot >= VIRTIO_SLOTS)
                throw new IllegalArgumentException("virtio-mmio slots must be distinct, ascending and in 0.." + (VIRTIO_SLOTS - 1) + ": " + virtioSlots);
            previous = slot;
        }
        if (initrdStart.isPresent() != initrdEnd.isPresent()
                || (initrdStart.isPresent() && Long.compareUnsigned(initrdStart.getAsLong(), initrdEnd.getAsLong()) > 0))
            throw new IllegalArgumentException("the initrd needs a start and an end not before it");
        if (firmwareBase.isPresent() && firmwareSize <= 0)
            throw new IllegalArgumentException("a firmware region needs a positive size");
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builds a description; defaults: 1 hart, 128 MiB at 0x8000_0000, H present, no virtio. */
    public static final class Builder {
        private int harts = 1;
        private long ramBase = DRAM_BASE;
        private long ramSize = 128L << 20;
        private boolean hExtension = true;
        private final List<Integer> virtioSlots = new ArrayList<>();
        private String bootargs;
        private OptionalLong initrdStart = OptionalLong.empty();
        private OptionalLong initrdEnd = OptionalLong.empty();
        private OptionalLong firmwareBase = OptionalLong.empty();
        private long firmwareSize;

        public Builder harts(int n) { harts = n; return this; }

        public Builder ram(long base, long size) { ramBase = base; ramSize = size; return this; }

        public Builder ramSize(long size) { ramSize = size; return this; }

        public Builder hExtension(boolean present) { hExtension = present; return this; }

        /** Adds one populated virtio-mmio slot. */
        public Builder virtioSlot(int slot) { virtioSlots.add(slot); return this; }

        /** Populates slots 0..count-1. */
        public Builder virtioSlots(int count) {
            virtioSlots.clear();
            for (int i = 0; i < count; i++) virtioSlots.add(i);
            return this;
        }

        public Builder bootargs(String args) { bootargs = args; return this; }

        public Builder initrd(long start, long end) {
            initrdStart = OptionalLong.of(start);
            initrdEnd = OptionalLong.of(end);
            return this;
        }

        public Builder firmware(long base, long size) {
            firmwareBase = OptionalLong.of(base);
            firmwareSize = size;
            return this;
        }

        public BoardDescription build() {
            List<Integer> slots = new ArrayList<>(virtioSlots);
            slots.sort(null);
            return new BoardDescription(harts, ramBase, ramSize, hExtension, slots, bootargs, initrdStart, initrdEnd,
                    firmwareBase, firmwareSize);
        }
    }
}
