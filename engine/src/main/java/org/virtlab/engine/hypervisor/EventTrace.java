package org.virtlab.engine.hypervisor;

import java.util.ArrayList;
import java.util.List;

/**
 * The last events the hypervisor handled, in a bounded ring buffer (shared/DESIGN.md section
 * 4). Recording can be paused; readers get copies and may filter by kind. Written by the
 * machine thread, read from any thread.
 */
public final class EventTrace {
    private final TraceEvent[] ring;
    private long next;
    private volatile boolean paused;

    public EventTrace(int capacity) {
        if (capacity < 1) throw new IllegalArgumentException("trace capacity must be positive");
        ring = new TraceEvent[capacity];
    }

    public int capacity() {
        return ring.length;
    }

    /** Whether events are being recorded (cheap to check before building a description). */
    public boolean recording() {
        return !paused;
    }

    public void setPaused(boolean paused) {
        this.paused = paused;
    }

    public boolean paused() {
        return paused;
    }

    public synchronized void record(long mtime, int domain, int vcpu, long pc, String instruction, String kind, String action) {
        if (paused) return;
        ring[(int) (next % ring.length)] = new TraceEvent(next, mtime, domain, vcpu, pc, instruction, kind, action);
        next++;
    }

    /** The recorded events, oldest first; {@code kind} null for all, else only that kind. */
    public synchronized List<TraceEvent> events(String kind) {
        List<TraceEvent> out = new ArrayList<>();
        long first = Math.max(0, next - ring.length);
        for (long s = first; s < next; s++) {
            TraceEvent e = ring[(int) (s % ring.length)];
            if (kind == null || e.kind().equals(kind)) out.add(e);
        }
        return out;
    }

    /** Events recorded since boot, including those the ring has dropped. */
    public synchronized long recorded() {
        return next;
    }
}
