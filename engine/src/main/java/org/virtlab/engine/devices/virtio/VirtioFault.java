package org.virtlab.engine.devices.virtio;

/**
 * A driver broke the virtqueue contract in a way the device cannot answer: a ring or buffer
 * outside RAM, a descriptor loop, an index beyond the queue. The transport catches it, sets
 * DEVICE_NEEDS_RESET (virtio 1.x, 2.1 "Device Status Field") and processes nothing more until
 * the driver resets the device. It never leaves the device: {@link VirtioMmio} is an
 * {@link org.virtlab.engine.memory.MmioDevice} and never throws because of what a guest wrote.
 *
 * <p>No stack trace is filled in: this is a guest error reported as a value across a few
 * frames, not a bug in the emulator.
 */
public final class VirtioFault extends RuntimeException {

    public VirtioFault(String message) {
        super(message, null, false, false);
    }
}
