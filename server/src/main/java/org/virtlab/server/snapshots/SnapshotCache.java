package org.virtlab.server.snapshots;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.function.Function;
import org.virtlab.engine.board.BoardConfig;
import org.virtlab.engine.board.BoardSnapshot;
import org.virtlab.engine.hypervisor.DomainSnapshot;
import org.virtlab.engine.hypervisor.DomainSpec;
import org.virtlab.engine.memory.RamImage;
import org.virtlab.server.labs.LabSnapshot;

/**
 * The memory half of the snapshot store: recently used snapshots, decoded, so that a restore
 * or a fork shares RAM pages copy-on-write with the cached snapshot instead of reading and
 * decoding the file again (thirty students forking one snapshot decode it once). A Caffeine
 * cache bounded by bytes ({@link SnapshotSettings#cacheBytes}): each entry weighs what it keeps
 * alive ({@link #weigh}). Eviction runs on the calling thread, so the bound holds as soon as a
 * put returns. Hits, misses, evictions and the weight are exported to {@code /metrics}.
 */
final class SnapshotCache {
    /** A RAM page (the engine's pages are 4 KiB, the Sv39 base page). */
    private static final long PAGE_BYTES = 4096;

    private final Cache<String, LabSnapshot> cache;
    private final long maxBytes;

    SnapshotCache(long maxBytes) {
        this.maxBytes = maxBytes;
        this.cache = Caffeine.newBuilder()
                .maximumWeight(maxBytes)
                .weigher((String id, LabSnapshot s) -> weigh(s))
                .executor(Runnable::run)
                .recordStats()
                .build();
    }

    /**
     * What a snapshot keeps alive on the heap: its distinct RAM pages, the page index, the
     * images in its configuration — under the hypervisor stack every domain's, each distinct
     * array once — and the scroll-backs. (A snapshot just taken shares its pages with the running
     * lab until the lab writes them; it is weighed in full all the same.)
     */
    static int weigh(LabSnapshot s) {
        BoardSnapshot b = s.board();
        RamImage ram = b.machine().ram();
        long bytes = (long) ram.distinctPages() * PAGE_BYTES + 4L * ram.pageCount() + 1024;
        Set<byte[]> images = Collections.newSetFromMap(new IdentityHashMap<>());
        addImages(b.config(), images);
        if (b.config().hypervisor() != null) {
            for (DomainSpec d : b.config().hypervisor().domains()) addImages(d.guest(), images);
        }
        if (b.hypervisor() != null) {
            for (DomainSnapshot d : b.hypervisor().domains()) addImages(d.spec().guest(), images);
        }
        for (byte[] image : images) bytes += image.length;
        bytes += s.scrollback().length;
        for (byte[] screen : s.domainScreens()) bytes += screen.length;
        return (int) Math.min(Integer.MAX_VALUE, bytes);
    }

    private static void addImages(BoardConfig c, Set<byte[]> into) {
        for (byte[] image : new byte[][] {c.kernel(), c.initrd(), c.firmwareImage()}) {
            if (image != null) into.add(image);
        }
    }

    /** The cached snapshot, or {@code load}'s (cached for next time). */
    LabSnapshot get(String id, Function<String, LabSnapshot> load) {
        return cache.get(id, load);
    }

    /** The cached snapshot or null, without counting a hit or a miss. */
    LabSnapshot peek(String id) {
        return cache.policy().getIfPresentQuietly(id);
    }

    void put(String id, LabSnapshot s) {
        cache.put(id, s);
    }

    void invalidate(String id) {
        cache.invalidate(id);
    }

    /** Bytes the cache holds now (the sum of its entries' weights). */
    long weightBytes() {
        return cache.policy().eviction().map(e -> e.weightedSize().orElse(0)).orElse(0L);
    }

    long maxBytes() {
        return maxBytes;
    }

    long entries() {
        return cache.estimatedSize();
    }

    com.github.benmanes.caffeine.cache.stats.CacheStats stats() {
        return cache.stats();
    }

    void registerMetrics(MeterRegistry registry) {
        FunctionCounter.builder("virtlab_snapshot_cache_hits", this, c -> c.stats().hitCount())
                .description("snapshot loads served from the cache").register(registry);
        FunctionCounter.builder("virtlab_snapshot_cache_misses", this, c -> c.stats().missCount())
                .description("snapshot loads that read and decoded the file").register(registry);
        FunctionCounter.builder("virtlab_snapshot_cache_evictions", this, c -> c.stats().evictionCount())
                .description("snapshots dropped from the cache to stay within its bound").register(registry);
        Gauge.builder("virtlab_snapshot_cache_weight_bytes", this, SnapshotCache::weightBytes)
                .description("bytes of snapshots in the cache").register(registry);
        Gauge.builder("virtlab_snapshot_cache_max_bytes", this, SnapshotCache::maxBytes)
                .description("the cache's bound (--snapshot-cache)").register(registry);
        Gauge.builder("virtlab_snapshot_cache_entries", this, SnapshotCache::entries)
                .description("snapshots in the cache").register(registry);
    }
}
