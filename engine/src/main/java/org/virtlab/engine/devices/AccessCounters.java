package org.virtlab.engine.devices;

/**
 * Access counters every device keeps: reads, writes, and accesses it ignored (a hole, a
 * read-only register, an unsupported size). Plain longs: the machine thread is the only
 * writer; other threads may read slightly stale values, which is fine for metrics.
 */
public final class AccessCounters {

    private long reads;
    private long writes;
    private long ignored;

    public void read() { reads++; }

    public void write() { writes++; }

    public void ignored() { ignored++; }

    public long reads() { return reads; }

    public long writes() { return writes; }

    /** Accesses that did nothing: holes, read-only registers, unsupported sizes. */
    public long ignoredAccesses() { return ignored; }

    @Override
    public String toString() {
        return "reads=" + reads + " writes=" + writes + " ignored=" + ignored;
    }
}
