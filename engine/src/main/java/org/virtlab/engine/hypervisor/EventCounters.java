package org.virtlab.engine.hypervisor;

import java.util.Map;
import java.util.TreeMap;

/**
 * Named event counters (shared/DESIGN.md section 4): "trap.illegal_instruction",
 * "emulate.csr.sstatus", "shadow.fill", "mmio.uart0", "inject.supervisor_timer", ... Keys are
 * dotted: the first part is the event kind the cost model prices.
 *
 * <p>Written by the machine thread only; {@link #snapshot} may be called from any thread.
 */
public final class EventCounters {
    private final Map<String, long[]> counts = new TreeMap<>();

    public synchronized void add(String key) {
        add(key, 1);
    }

    public synchronized void add(String key, long n) {
        long[] c = counts.get(key);
        if (c == null) counts.put(key, new long[] {n});
        else c[0] += n;
    }

    public synchronized long get(String key) {
        long[] c = counts.get(key);
        return c == null ? 0 : c[0];
    }

    /** The sum of every counter whose key is {@code prefix} or starts with {@code prefix + "."}. */
    public synchronized long total(String prefix) {
        long n = 0;
        for (Map.Entry<String, long[]> e : counts.entrySet()) {
            String k = e.getKey();
            if (k.equals(prefix) || k.startsWith(prefix + ".")) n += e.getValue()[0];
        }
        return n;
    }

    /** A copy, sorted by key. */
    public synchronized Map<String, Long> snapshot() {
        Map<String, Long> m = new TreeMap<>();
        for (Map.Entry<String, long[]> e : counts.entrySet()) m.put(e.getKey(), e.getValue()[0]);
        return m;
    }

    public synchronized void clear() {
        counts.clear();
    }
}
