package org.virtlab.engine.devices.uart;

import org.virtlab.engine.devices.AccessCounters;

/** What a UART has done: bus accesses and bytes moved in each direction. */
public final class UartMetrics {

    final AccessCounters accesses = new AccessCounters();
    long transmitted;
    long received;
    volatile long inputDropped;
    long overruns;

    public AccessCounters accesses() { return accesses; }

    /** Bytes the guest wrote to THR that went to the output sink. */
    public long transmitted() { return transmitted; }

    /** Bytes the guest read from RBR. */
    public long received() { return received; }

    /** Host input bytes thrown away because the input queue was full. */
    public long inputDropped() { return inputDropped; }

    /** Bytes lost because the receive FIFO was full (only possible in loopback mode). */
    public long overruns() { return overruns; }
}
