package org.virtlab.engine.devices.virtio;

/**
 * One virtqueue as the driver configured it and as far as the device has got.
 *
 * @param legacyPfn     legacy transport: the QueuePFN the driver wrote (0 = not set up)
 * @param legacyAlign   legacy transport: the used ring's alignment (QueueAlign)
 * @param lastAvail     the next available-ring index the device will read (16-bit)
 * @param usedIdx       the device's used index (16-bit)
 * @param signalledUsed the used index when the interrupt decision was last made (16-bit)
 */
public record VirtqueueState(int size, boolean ready, long descAddr, long availAddr, long usedAddr, long legacyPfn,
        int legacyAlign, int lastAvail, int usedIdx, int signalledUsed) {

    /** A queue the driver has not touched. */
    public static VirtqueueState reset() {
        return new VirtqueueState(0, false, 0, 0, 0, 0, 4096, 0, 0, 0);
    }
}
