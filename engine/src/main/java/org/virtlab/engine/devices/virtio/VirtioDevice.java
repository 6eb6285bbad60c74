package org.virtlab.engine.devices.virtio;

/**
 * A virtio device type behind a {@link VirtioMmio} transport: what it offers and how it
 * serves its queues. The transport owns everything common (registers, feature negotiation,
 * queue configuration, status, interrupts, DEVICE_NEEDS_RESET); a device only reads chains
 * from its queues, writes its answers and pushes them to the used ring.
 *
 * <p>Calls come from the machine thread. A device signals an unrecoverable driver error by
 * throwing {@link VirtioFault}; it never throws anything else because of guest input.
 */
public interface VirtioDevice {

    /** The virtio device ID (virtio 1.x, 5 "Device Types"): 2 block, 3 console, 4 entropy. */
    int deviceId();

    /** Device-type feature bits offered (bits 0..23); the transport adds the ring and version bits. */
    long deviceFeatures();

    /** Number of virtqueues. */
    int queueCount();

    /** The largest size queue {@code index} accepts (QueueNumMax), a power of two. */
    int queueMaxSize(int index);

    /** Reads {@code size} bytes of device configuration space at {@code offset}; holes read 0. */
    long readConfig(int offset, int size);

    /** Writes device configuration space; read-only fields ignore writes. */
    default void writeConfig(int offset, int size, long value) { }

    /** The driver accepted {@code features} and set DRIVER_OK. */
    default void activate(long features) { }

    /**
     * The driver notified queue {@code index} (already ready): take what it made available.
     * Runs synchronously inside the notify write, so the run stays deterministic.
     */
    void notify(int index, Virtqueue queue);

    /**
     * Called at slice boundaries while DRIVER_OK is set, for devices fed from the host (console
     * input). {@code queues} holds every queue; a queue that is not ready must be left alone.
     */
    default void poll(Virtqueue[] queues) { }

    /** Whether host input waits for {@link #poll} to hand it to the guest; thread-safe. */
    default boolean hostWorkPending() { return false; }

    /** The driver reset the device: forget per-session state (not the disk, not queued host input). */
    default void reset() { }
}
