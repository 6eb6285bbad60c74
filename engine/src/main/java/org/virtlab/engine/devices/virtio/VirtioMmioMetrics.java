package org.virtlab.engine.devices.virtio;

import org.virtlab.engine.devices.AccessCounters;

/** What a virtio-mmio transport has done: register accesses, notifications, interrupts, driver errors. */
public final class VirtioMmioMetrics {

    final AccessCounters accesses = new AccessCounters();
    long notifications;
    long interrupts;
    long resets;
    long faults;
    volatile String lastFault;

    public AccessCounters accesses() { return accesses; }

    /** QueueNotify writes. */
    public long notifications() { return notifications; }

    /** Used-buffer interrupts raised. */
    public long interrupts() { return interrupts; }

    /** Device resets (Status written with 0). */
    public long resets() { return resets; }

    /** Driver errors that set DEVICE_NEEDS_RESET (or would have, had it not been set already). */
    public long faults() { return faults; }

    /** Why the device last needed a reset, or null. */
    public String lastFault() { return lastFault; }
}
