package org.virtlab.server.labs;

import java.util.List;
import org.virtlab.engine.hypervisor.TraceEvent;

/**
 * A read of a lab's hypervisor event trace (engine {@code EventTrace}): whether it records, how
 * many events it has recorded since boot, and the last events (oldest first), maybe of one kind.
 *
 * @param paused   recording is paused (the events stay as they were)
 * @param recorded events recorded since the machine booted, including those the ring dropped
 * @param capacity events the ring keeps
 * @param events   the last events asked for, oldest first
 */
public record TraceReport(boolean paused, long recorded, int capacity, List<TraceEvent> events) {

    /** The event kinds full virtualization records, for filters (docs/hypervisor.md section 5). */
    public static final List<String> KINDS = List.of("emulate", "shadow", "exit", "mmio", "inject", "hvip", "sbi", "switch");

    static TraceReport of(boolean paused, long recorded, int capacity, List<TraceEvent> all, String kind, int limit) {
        List<TraceEvent> matching = kind == null ? all : all.stream().filter(e -> e.kind().equals(kind)).toList();
        int from = Math.max(0, matching.size() - limit);
        return new TraceReport(paused, recorded, capacity, List.copyOf(matching.subList(from, matching.size())));
    }
}
