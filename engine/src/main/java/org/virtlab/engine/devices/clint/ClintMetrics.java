package org.virtlab.engine.devices.clint;

import org.virtlab.engine.devices.AccessCounters;

/** What a CLINT has done: bus accesses and interrupts raised (rising edges). */
public final class ClintMetrics {

    final AccessCounters accesses = new AccessCounters();
    long timerInterrupts;
    long softwareInterrupts;

    public AccessCounters accesses() { return accesses; }

    /** Times some hart's MTIP went from low to high. */
    public long timerInterrupts() { return timerInterrupts; }

    /** Times some hart's MSIP went from low to high. */
    public long softwareInterrupts() { return softwareInterrupts; }
}
