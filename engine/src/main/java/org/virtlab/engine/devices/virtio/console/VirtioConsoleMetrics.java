package org.virtlab.engine.devices.virtio.console;

/** What a virtio console has done: bytes each way and input it had no room for. */
public final class VirtioConsoleMetrics {

    long transmitted, received, emergencyWrites;
    volatile long inputDropped;

    /** Bytes the guest sent to the output sink (transmit queue and emergency writes). */
    public long transmitted() { return transmitted; }

    /** Host input bytes delivered into the guest's receive buffers. */
    public long received() { return received; }

    public long emergencyWrites() { return emergencyWrites; }

    /** Host input thrown away because the input queue was full. */
    public long inputDropped() { return inputDropped; }
}
