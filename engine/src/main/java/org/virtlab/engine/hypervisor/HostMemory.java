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

    HostMemory(long start, long size) {
        long s = align(start);
        long e = (start + size) & ~(ALIGN - 1);
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

    private static long align(long v) {
        return (v + ALIGN - 1) & ~(ALIGN - 1);
    }
}
