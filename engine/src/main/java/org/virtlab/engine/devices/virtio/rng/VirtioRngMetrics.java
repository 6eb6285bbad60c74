package org.virtlab.engine.devices.virtio.rng;

/** What an entropy device has done. */
public final class VirtioRngMetrics {

    long requests, bytes;

    /** Buffers filled. */
    public long requests() { return requests; }

    /** Random bytes given to the guest. */
    public long bytes() { return bytes; }
}
