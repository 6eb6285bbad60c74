package org.virtlab.engine.devices.finisher;

import org.virtlab.engine.devices.AccessCounters;

/** What the test finisher has done: bus accesses and requests passed on. */
public final class TestFinisherMetrics {

    final AccessCounters accesses = new AccessCounters();
    long powerOffs;
    long resets;

    public AccessCounters accesses() { return accesses; }

    public long powerOffs() { return powerOffs; }

    public long resets() { return resets; }
}
