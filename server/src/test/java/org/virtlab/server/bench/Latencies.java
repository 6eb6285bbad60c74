package org.virtlab.server.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Echo latencies of one group of typists, and their percentiles (nearest rank). */
final class Latencies {
    private final List<Long> nanos = new ArrayList<>();
    private int timeouts;

    synchronized void add(long n) {
        nanos.add(n);
    }

    synchronized void timeout() {
        timeouts++;
    }

    synchronized int count() {
        return nanos.size();
    }

    synchronized int timeouts() {
        return timeouts;
    }

    /** The {@code p}-th percentile in milliseconds (0 < p <= 100). */
    synchronized double percentileMillis(double p) {
        if (nanos.isEmpty()) return Double.NaN;
        List<Long> sorted = new ArrayList<>(nanos);
        Collections.sort(sorted);
        int rank = (int) Math.ceil(p / 100 * sorted.size());
        return sorted.get(Math.max(0, rank - 1)) / 1e6;
    }

    String summary() {
        return String.format("n=%d p50=%.1f ms p90=%.1f ms p99=%.1f ms max=%.1f ms timeouts=%d",
                count(), percentileMillis(50), percentileMillis(90), percentileMillis(99), percentileMillis(100), timeouts());
    }
}
