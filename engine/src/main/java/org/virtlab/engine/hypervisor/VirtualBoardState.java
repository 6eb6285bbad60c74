package org.virtlab.engine.hypervisor;

import java.util.List;
import org.virtlab.engine.board.VirtMemoryMap;
import org.virtlab.engine.devices.clint.ClintState;
import org.virtlab.engine.devices.plic.PlicState;
import org.virtlab.engine.devices.rtc.GoldfishRtcState;
import org.virtlab.engine.devices.uart.UartState;
import org.virtlab.engine.devices.virtio.VirtioMmioState;
import org.virtlab.engine.devices.virtio.blk.VirtioBlkState;
import org.virtlab.engine.devices.virtio.console.VirtioConsoleState;
import org.virtlab.engine.devices.virtio.rng.VirtioRngState;

/**
 * A domain's {@link VirtualBoard} in a snapshot: the same device state records the physical
 * board saves ({@code board.BoardSnapshot}), and the MMIO access counts per device window so
 * the lab's "MMIO exits by device" continue. {@link VirtualBoard}'s restoring constructor
 * builds each device from its record.
 *
 * @param virtio        all eight virtio-mmio transports, slot 0 first (empty slots too)
 * @param blk           the virtio-blk device, or null without a disk
 * @param virtioConsole the virtio console, or null without one
 * @param mmioReads     reads per device window, in {@link VirtualBoard#regions()} order
 * @param mmioWrites    writes per device window, same order
 */
public record VirtualBoardState(ClintState clint, PlicState plic, UartState uart, GoldfishRtcState rtc,
        List<VirtioMmioState> virtio, VirtioBlkState blk, VirtioRngState rng, VirtioConsoleState virtioConsole,
        long[] mmioReads, long[] mmioWrites) {

    public VirtualBoardState {
        if (clint == null || plic == null || uart == null || rtc == null || rng == null)
            throw new IllegalArgumentException("virtual board state: a device is missing");
        virtio = List.copyOf(virtio);
        if (virtio.size() != VirtMemoryMap.VIRTIO_SLOTS)
            throw new IllegalArgumentException("virtual board state: " + virtio.size() + " virtio-mmio slots, expected "
                    + VirtMemoryMap.VIRTIO_SLOTS);
        if (clint.harts() != plic.harts())
            throw new IllegalArgumentException("virtual board state: CLINT for " + clint.harts() + " vCPUs, PLIC for " + plic.harts());
        if (mmioReads.length != mmioWrites.length)
            throw new IllegalArgumentException("virtual board state: MMIO counts for " + mmioReads.length + " and "
                    + mmioWrites.length + " windows");
        mmioReads = mmioReads.clone();
        mmioWrites = mmioWrites.clone();
    }

    @Override
    public long[] mmioReads() {
        return mmioReads.clone();
    }

    @Override
    public long[] mmioWrites() {
        return mmioWrites.clone();
    }
}
