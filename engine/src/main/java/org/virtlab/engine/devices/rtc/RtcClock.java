package org.virtlab.engine.devices.rtc;

import static org.virtlab.engine.board.VirtMemoryMap.NANOS_PER_TICK;

/**
 * Where a real-time clock gets the time of day: a mapping from machine time to nanoseconds
 * since the Unix epoch. Injected so that runs are deterministic by default
 * ({@link #fromMachineTime}); {@link #hostClock} follows the host's wall clock instead.
 */
@FunctionalInterface
public interface RtcClock {

    /** Nanoseconds since 1970-01-01T00:00Z at machine time {@code mtime} (10 MHz ticks). */
    long nanosAt(long mtime);

    /**
     * The earliest machine time, not before {@code nowMtime}, at which {@link #nanosAt} reaches
     * {@code nanos} (unsigned); Long.MAX_VALUE if never. The default assumes the clock runs at
     * the timebase rate from now on, which is exact for {@link #fromMachineTime}; for another
     * clock it is an estimate the caller re-checks.
     */
    default long mtimeWhen(long nanos, long nowMtime) {
        long current = nanosAt(nowMtime);
        if (Long.compareUnsigned(current, nanos) >= 0) return nowMtime;
        long delta = nanos - current;                               // unsigned, > 0
        if (delta < 0) return Long.MAX_VALUE;
        long ticks = (delta + NANOS_PER_TICK - 1) / NANOS_PER_TICK;
        long when = nowMtime + ticks;
        return when < nowMtime ? Long.MAX_VALUE : when;
    }

    /**
     * The deterministic clock: the time of day is {@code bootEpochNanos} when machine time is
     * 0 and advances with machine time, 100 ns per tick.
     */
    static RtcClock fromMachineTime(long bootEpochNanos) {
        return mtime -> bootEpochNanos + mtime * NANOS_PER_TICK;
    }

    /** The host's wall clock, ignoring machine time: not deterministic. */
    static RtcClock hostClock() {
        return mtime -> {
            java.time.Instant now = java.time.Instant.now();
            return now.getEpochSecond() * 1_000_000_000L + now.getNano();
        };
    }
}
