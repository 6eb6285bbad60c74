package org.virtlab.engine.board;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.virtlab.engine.devices.clint.ClintState;
import org.virtlab.engine.devices.plic.PlicState;
import org.virtlab.engine.devices.rtc.GoldfishRtcState;
import org.virtlab.engine.devices.uart.UartState;
import org.virtlab.engine.devices.virtio.VirtioMmioState;
import org.virtlab.engine.devices.virtio.blk.BlockBackend;
import org.virtlab.engine.devices.virtio.blk.CopyOnWriteDisk;
import org.virtlab.engine.devices.virtio.blk.VirtioBlkState;
import org.virtlab.engine.devices.virtio.console.VirtioConsoleState;
import org.virtlab.engine.devices.virtio.rng.VirtioRngState;
import org.virtlab.engine.hypervisor.HypervisorSnapshot;
import org.virtlab.engine.machine.MachineSnapshot;

/**
 * A whole {@code virt} board at a slice boundary ({@link VirtBoard#save}): its configuration
 * (images included, so that a guest reset after a restore boots as the original would), the
 * machine, every device's state, and under the hypervisor stack the hypervisor with its domains. {@link VirtBoard#restore} builds a board from it through
 * the same wiring as boot. Immutable apart from the byte arrays inside device records, which
 * those records copy.
 *
 * @param config        the board's configuration without its disk ({@link BoardConfig#disk()} is null)
 * @param virtio        all eight virtio-mmio transports, slot 0 first (empty slots too)
 * @param blk           the virtio-blk device, or null without a disk
 * @param virtioConsole the virtio console, or null without one
 * @param disk          what the disk held, or null without a disk
 * @param diskBase      the disk image under the saved overlay, needed to restore a board with a
 *                      disk: the live one when saved from a board, the one the user names when
 *                      read from a file ({@link #withDiskBase}); never written to a file
 * @param hypervisor    the hypervisor and its domains, exactly when the configuration runs the
 *                      hypervisor stack ({@link BoardConfig#hypervisor()}), else null
 */
public record BoardSnapshot(BoardConfig config, MachineSnapshot machine, ClintState clint, PlicState plic,
        UartState uart, GoldfishRtcState rtc, List<VirtioMmioState> virtio, VirtioBlkState blk, VirtioRngState rng,
        VirtioConsoleState virtioConsole, Disk disk, BlockBackend diskBase, HypervisorSnapshot hypervisor) {

    /**
     * What a disk held when the snapshot was taken.
     *
     * @param copyOnWrite the guest wrote into a {@code CopyOnWriteDisk}; {@code overlay} holds its sectors
     * @param overlay     sector number to 512 bytes (empty for a read-only disk)
     */
    public record Disk(String name, long size, boolean readOnly, boolean copyOnWrite, Map<Long, byte[]> overlay) {
        public Disk {
            TreeMap<Long, byte[]> copy = new TreeMap<>();
            overlay.forEach((k, v) -> copy.put(k, v.clone()));
            overlay = Collections.unmodifiableSortedMap(copy);
        }

        /**
         * The disk to restore on {@code base}, the image under the saved overlay: the overlay on
         * it (copy-on-write), or the image itself for a read-only disk.
         *
         * @throws IllegalArgumentException {@code base} is missing or of another size
         */
        public BlockBackend over(BlockBackend base) {
            if (base == null)
                throw new IllegalArgumentException("the snapshot has a disk (" + name + ", " + size
                        + " bytes): give its image (--disk FILE) to restore it");
            if (base.size() != size)
                throw new IllegalArgumentException("the snapshot's disk " + name + " had " + size + " bytes, but "
                        + base.name() + " has " + base.size() + "; give the image the snapshot was taken with");
            return copyOnWrite ? new CopyOnWriteDisk(base, overlay) : base;
        }
    }

    public BoardSnapshot {
        if (config.disk() != null) throw new IllegalArgumentException("board snapshot: the configuration must not hold a live disk");
        virtio = List.copyOf(virtio);
        if (virtio.size() != VirtMemoryMap.VIRTIO_SLOTS)
            throw new IllegalArgumentException("board snapshot: " + virtio.size() + " virtio-mmio slots, expected "
                    + VirtMemoryMap.VIRTIO_SLOTS);
        if ((disk == null) != (blk == null))
            throw new IllegalArgumentException("board snapshot: a virtio-blk device needs a disk and a disk needs the device");
        if (virtioConsole == null && config.virtioConsole() || virtioConsole != null && !config.virtioConsole())
            throw new IllegalArgumentException("board snapshot: the virtio console does not match the configuration");
        if (rng == null) throw new IllegalArgumentException("board snapshot: the entropy device is missing");
        if ((hypervisor == null) != (config.hypervisor() == null))
            throw new IllegalArgumentException("board snapshot: the hypervisor state does not match the configuration");
    }

    /** A snapshot of a board on the bare stack (no hypervisor). */
    public BoardSnapshot(BoardConfig config, MachineSnapshot machine, ClintState clint, PlicState plic, UartState uart,
            GoldfishRtcState rtc, List<VirtioMmioState> virtio, VirtioBlkState blk, VirtioRngState rng,
            VirtioConsoleState virtioConsole, Disk disk, BlockBackend diskBase) {
        this(config, machine, clint, plic, uart, rtc, virtio, blk, rng, virtioConsole, disk, diskBase, null);
    }

    /**
     * The same snapshot over {@code base}, the disk image to put the saved overlay on. Under the
     * hypervisor stack, every domain's saved disk that has no image yet gets {@code base} too
     * (the command line gives all domains copy-on-write views of one image).
     */
    public BoardSnapshot withDiskBase(BlockBackend base) {
        return new BoardSnapshot(config, machine, clint, plic, uart, rtc, virtio, blk, rng, virtioConsole, disk, base,
                hypervisor == null || base == null ? hypervisor : hypervisor.withDiskBase(base));
    }

    /** The same snapshot with another configuration (e.g. one-instruction slices for tracing). */
    public BoardSnapshot withConfig(BoardConfig other) {
        return new BoardSnapshot(other, machine, clint, plic, uart, rtc, virtio, blk, rng, virtioConsole, disk, diskBase,
                hypervisor);
    }
}
