package org.virtlab.engine.devices.plic;

import org.virtlab.engine.devices.AccessCounters;

/** What a PLIC has done: bus accesses, claims (including empty ones) and completions. */
public final class PlicMetrics {

    final AccessCounters accesses = new AccessCounters();
    long claims;
    long emptyClaims;
    long completions;
    long ignoredCompletions;

    public AccessCounters accesses() { return accesses; }

    /** Claims that returned a source. */
    public long claims() { return claims; }

    /** Claims that found nothing and returned 0. */
    public long emptyClaims() { return emptyClaims; }

    public long completions() { return completions; }

    /** Completions of a source not in service or not enabled for the context: ignored. */
    public long ignoredCompletions() { return ignoredCompletions; }
}
