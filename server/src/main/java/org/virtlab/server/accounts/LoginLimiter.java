package org.virtlab.server.accounts;

import java.util.ArrayDeque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Login rate limiting: at most {@code maxFailures} failed sign-ins per key (client address and
 * user name, each counted) in a sliding window; past that, sign-in is refused until the oldest
 * failure leaves the window. Time is injected for tests.
 */
public final class LoginLimiter {
    private final int maxFailures;
    private final long windowMillis;
    private final LongSupplier clock;
    private final Map<String, ArrayDeque<Long>> failures = new ConcurrentHashMap<>();

    public LoginLimiter(int maxFailures, long windowMillis, LongSupplier clock) {
        this.maxFailures = maxFailures;
        this.windowMillis = windowMillis;
        this.clock = clock;
    }

    /** Seconds until {@code key} may try again; 0 when it may now. */
    public long retryAfterSeconds(String key) {
        ArrayDeque<Long> q = failures.get(key);
        if (q == null) return 0;
        synchronized (q) {
            long now = clock.getAsLong();
            while (!q.isEmpty() && q.peekFirst() <= now - windowMillis) q.pollFirst();
            if (q.size() < maxFailures) return 0;
            return Math.max(1, (q.peekFirst() + windowMillis - now + 999) / 1000);
        }
    }

    public void failed(String key) {
        ArrayDeque<Long> q = failures.computeIfAbsent(key, k -> new ArrayDeque<>());
        synchronized (q) {
            q.addLast(clock.getAsLong());
            while (q.size() > maxFailures) q.pollFirst();
        }
    }

    public void succeeded(String key) {
        failures.remove(key);
    }
}
