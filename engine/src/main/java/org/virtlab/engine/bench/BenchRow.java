package org.virtlab.engine.bench;

import java.util.Map;

/**
 * One benchmark program under one technique: what the guest did and what it cost.
 *
 * @param program           the teaching OS's benchmark program (cpubench, syscallbench, ...)
 * @param technique         bare, full, full-nocache, hw, para
 * @param guestInstructions instructions the guest retired while the program ran (kernel and user)
 * @param events            hypervisor events while it ran, by counter key (empty on bare)
 * @param modeledCycles     guest instructions plus the priced events (docs/hypervisor.md, "Cost model")
 * @param wallNanos         the emulator's own wall time for the run
 * @param output            what the program printed
 */
public record BenchRow(String program, String technique, long guestInstructions, Map<String, Long> events,
                       long modeledCycles, long wallNanos, String output) {

    /** All events counted. */
    public long eventCount() {
        long n = 0;
        for (long c : events.values()) n += c;
        return n;
    }

    /** The sum of the events whose key starts with {@code kind} (e.g. "trap", "emulate", "shadow"). */
    public long events(String kind) {
        long n = 0;
        for (Map.Entry<String, Long> e : events.entrySet()) {
            String k = e.getKey();
            if (k.equals(kind) || k.startsWith(kind + ".")) n += e.getValue();
        }
        return n;
    }
}
