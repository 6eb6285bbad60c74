package org.virtlab.engine.hypervisor;

import java.util.ArrayList;
import java.util.List;

/**
 * The hypervisor's allocator of host RAM: domains get 2 MiB-aligned ranges (their RAM followed
 * by their shadow-table pool), first fit; freed ranges merge with their neighbours.
 */
final class HostMemory {
    static final long ALIGN = 2L << 20;

    private record Range(long start, long size) {
        long end() {
            return start + size;
        }
    }

    private final List<Range> free = new ArrayList<>();
    /** The whole range this allocator hands out. */
    private final long first, end;

    HostMemory(long start, long size) {
        long s = align(start);
        long e = (start + size) & ~(ALIGN - 1);
        first = s;
        end = Math.max(s, e);
        if (e > s) free.add(new Range(s, e - s));
    }

    /** The start of a free range of {@code size} bytes (rounded up to 2 MiB), or -1. */
    long allocate(long size) {
        long need = align(size);
        for (int i = 0; i < free.size(); i++) {
            Range r = free.get(i);
            if (r.size() < need) continue;
            if (r.size() == need) free.remove(i);
            else free.set(i, new Range(r.start() + need, r.size() - need));
            return r.start();
        }
        return -1;
    }

    void release(long start, long size) {
        Range back = new Range(start, align(size));
        int i = 0;
        while (i < free.size() && free.get(i).start() < back.start()) i++;
        free.add(i, back);
        if (i + 1 < free.size() && free.get(i).end() == free.get(i + 1).start()) {
            free.set(i, new Range(free.get(i).start(), free.get(i).size() + free.get(i + 1).size()));
            free.remove(i + 1);
        }
        if (i > 0 && free.get(i - 1).end() == free.get(i).start()) {
            free.set(i - 1, new Range(free.get(i - 1).start(), free.get(i - 1).size() + free.get(i).size()));
            free.remove(i);
        }
    }

    long freeBytes() {
        long n = 0;
        for (Range r : free) n += r.size();
        return n;
    }

    /** The free ranges as (start, size) pairs, lowest first: what a snapshot keeps. */
    long[] freeRanges() {
        long[] pairs = new long[2 * free.size()];
        for (int i = 0; i < free.size(); i++) {
            pairs[2 * i] = free.get(i).start();
            pairs[2 * i + 1] = free.get(i).size();
        }
        return pairs;
    }

    /**
     * Replaces the free list with saved {@link #freeRanges}.
     *
     * @throws IllegalArgumentException the ranges are not aligned, sorted, apart and inside the host range
     */
    void restoreFree(long[] pairs) {
        if (pairs.length % 2 != 0) throw new IllegalArgumentException("host memory: an odd number of range bounds");
        List<Range> ranges = new ArrayList<>();
        long after = first;
        for (int i = 0; i < pairs.length; i += 2) {
            long s = pairs[i], n = pairs[i + 1];
            if (n <= 0 || ((s | n) & (ALIGN - 1)) != 0 || s < after || s > end - n)
                throw new IllegalArgumentException(String.format(
                        "host memory: free range 0x%x+0x%x is not an aligned range inside 0x%x-0x%x after the last one",
                        s, n, first, end));
            ranges.add(new Range(s, n));
            after = s + n + 1;       // ranges never touch: release() merges neighbours
        }
        free.clear();
        free.addAll(ranges);
    }

    private static long align(long v) {
        return (v + ALIGN - 1) & ~(ALIGN - 1);
    }
}
