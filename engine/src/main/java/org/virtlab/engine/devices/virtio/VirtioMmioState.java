package org.virtlab.engine.devices.virtio;

import java.util.ArrayList;
import java.util.List;

/**
 * Everything in a virtio-mmio transport: the registers the driver wrote and each queue's
 * configuration and progress. The device behind it saves its own state.
 *
 * @param legacy          the version-1 register layout
 * @param driverFeatures  all 64 bits the driver wrote (unmasked; the negotiated set is this AND the offer)
 * @param guestPageSize   legacy GuestPageSize
 */
public record VirtioMmioState(boolean legacy, int status, int deviceFeaturesSel, int driverFeaturesSel,
        long driverFeatures, int queueSel, int interruptStatus, int configGeneration, long guestPageSize,
        List<VirtqueueState> queues) {

    public VirtioMmioState {
        queues = List.copyOf(queues);
    }

    /** A transport after reset with {@code queueCount} untouched queues. */
    public static VirtioMmioState reset(boolean legacy, int queueCount) {
        List<VirtqueueState> qs = new ArrayList<>();
        for (int i = 0; i < queueCount; i++) qs.add(VirtqueueState.reset());
        return new VirtioMmioState(legacy, 0, 0, 0, 0, 0, 0, 0, 4096, qs);
    }
}
