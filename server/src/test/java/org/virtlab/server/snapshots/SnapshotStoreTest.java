package org.virtlab.server.snapshots;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.virtlab.engine.snapshot.SnapshotException;
import org.virtlab.engine.snapshot.StateHash;
import org.virtlab.server.labs.LabSnapshot;

/** The durable store and its cache: round trips, checksums, recovery after a crash, resume points, the byte bound. */
class SnapshotStoreTest {
    static LabSnapshot first;
    static LabSnapshot second;

    @TempDir
    Path dir;

    @BeforeAll
    static void boards() {
        first = StoreFixture.board(200_000, "$ echo one\r\none\r\n$ ");
        second = StoreFixture.board(400_000, "$ echo two\r\n");
    }

    @Test
    void aSavedSnapshotReadsBackCheckedAfterTheStoreIsReopened() throws Exception {
        byte[] file = StoreFixture.file(first);
        SnapshotRecord saved;
        try (StoreFixture f = StoreFixture.create(dir)) {
            saved = f.store(64L << 20).save(f.draft(SnapshotRecord.Kind.SNAPSHOT, "one"), file, first);
            assertEquals(file.length, saved.sizeBytes());
            assertEquals(SnapshotStore.sha256(file), saved.sha256());
        }
        try (StoreFixture f = StoreFixture.reopen(dir)) {
            SnapshotStore store = f.store(64L << 20);
            SnapshotRecord r = store.find(saved.id()).orElseThrow();
            assertEquals(saved, r);
            assertFalse(store.cached(r.id()), "a reopened store starts with an empty cache");
            LabSnapshot back = store.load(r);
            assertEquals(StateHash.of(first.board()), StateHash.of(back.board()), "the whole machine state came back");
            assertArrayEquals(first.scrollback(), back.scrollback(), "and the console's scroll-back");
            assertSame(back, store.load(r), "the second load is the cached snapshot");
            assertEquals(1, store.cache().stats().missCount());
            assertEquals(1, store.cache().stats().hitCount());
            assertEquals(List.of(r), store.byOwner(f.user.id()));
        }
    }

    @Test
    void aHypervisorLabsDomainScreensReadBackAndGoWithTheirSnapshot() throws Exception {
        List<byte[]> screens = List.of("dom0 $ ".getBytes(), new byte[0], "dom2 $ echo hi\r\nhi\r\n".getBytes());
        LabSnapshot withScreens = new LabSnapshot(first.board(), first.scrollback(), null, screens);
        SnapshotRecord saved;
        SnapshotRecord resume;
        try (StoreFixture f = StoreFixture.create(dir)) {
            SnapshotStore store = f.store(0);
            saved = store.save(f.draft(SnapshotRecord.Kind.SNAPSHOT, "one"), StoreFixture.file(first), withScreens);
            resume = store.save(f.draft(SnapshotRecord.Kind.RESUME, "r"), StoreFixture.file(first), withScreens);
            store.save(f.draft(SnapshotRecord.Kind.RESUME, "r2"), StoreFixture.file(first), first);   // replaces the resume point
        }
        try (StoreFixture f = StoreFixture.reopen(dir)) {
            LabSnapshot back = f.store(64L << 20).load(saved);
            assertEquals(3, back.domainScreens().size());
            for (int d = 0; d < 3; d++) assertArrayEquals(screens.get(d), back.domainScreens().get(d), "dom" + d + "'s screen");
            SnapshotTable table = new SnapshotTable(f.db);
            assertEquals(List.of(), table.screens(resume.id()), "a replaced resume point's screens went with its row");
            f.store(0).delete(saved);
            assertEquals(List.of(), table.screens(saved.id()), "a deleted snapshot's screens went with its row");
        }
    }

    @Test
    void aFileChangedOnDiskIsRefused() throws Exception {
        SnapshotRecord saved;
        try (StoreFixture f = StoreFixture.create(dir)) {
            saved = f.store(0).save(f.draft(SnapshotRecord.Kind.SNAPSHOT, "one"), StoreFixture.file(first), first);
        }
        Path file = dir.resolve("snapshots").resolve(saved.id() + SnapshotFiles.SUFFIX);
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length / 2] ^= 1;
        Files.write(file, bytes);
        try (StoreFixture f = StoreFixture.reopen(dir)) {
            SnapshotStore store = f.store(64L << 20);
            SnapshotException e = assertThrows(SnapshotException.class, () -> store.load(saved));
            assertTrue(e.getMessage().contains("damaged"), e.getMessage());
            assertFalse(store.cached(saved.id()), "nothing damaged is cached");
        }
    }

    @Test
    void openingCleansUpWhatACrashLeft() throws Exception {
        SnapshotRecord kept;
        SnapshotRecord lost;
        try (StoreFixture f = StoreFixture.create(dir)) {
            SnapshotStore store = f.store(0);
            kept = store.save(f.draft(SnapshotRecord.Kind.SNAPSHOT, "kept"), StoreFixture.file(first), first);
            lost = store.save(f.draft(SnapshotRecord.Kind.SNAPSHOT, "lost"), StoreFixture.file(second), second);
        }
        Path snaps = dir.resolve("snapshots");
        Files.delete(snaps.resolve(lost.id() + SnapshotFiles.SUFFIX));                 // a row whose file is gone
        Files.write(snaps.resolve("orphan1234.vlsnap"), new byte[] {1, 2, 3});          // a file no row knows
        Files.write(snaps.resolve(".abc.vlsnap.123.tmp"), new byte[100]);                // an interrupted write
        try (StoreFixture f = StoreFixture.reopen(dir)) {
            SnapshotStore store = f.store(0);
            assertEquals(new SnapshotStore.Recovery(1, 1, List.of(lost.id())), store.recovery());
            assertEquals(List.of(kept), store.byOwner(f.user.id()));
            try (Stream<Path> files = Files.list(snaps)) {
                assertEquals(List.of(kept.id() + SnapshotFiles.SUFFIX), files.map(p -> p.getFileName().toString()).toList());
            }
            assertEquals(StateHash.of(first.board()), StateHash.of(store.load(kept).board()));
        }
    }

    @Test
    void aLabHasOneResumePointAndResumePointsAreNotCounted() throws Exception {
        try (StoreFixture f = StoreFixture.create(dir)) {
            SnapshotStore store = f.store(64L << 20);
            SnapshotRecord a = store.save(f.draft(SnapshotRecord.Kind.RESUME, "lab"), StoreFixture.file(first), first);
            SnapshotRecord b = store.save(f.draft(SnapshotRecord.Kind.RESUME, "lab"), StoreFixture.file(second), second);
            assertEquals(b, store.resumePoint(StoreFixture.LAB).orElseThrow());
            assertTrue(store.find(a.id()).isEmpty(), "the old resume point is replaced");
            assertFalse(Files.exists(store.file(a)), "and its file deleted");
            assertFalse(store.cached(a.id()));
            assertEquals(new SnapshotStore.Usage(0, 0), store.usage(f.user.id()), "resume points are not in the quota");
            SnapshotRecord mine = store.save(f.draft(SnapshotRecord.Kind.SNAPSHOT, "mine"), StoreFixture.file(first), first);
            assertEquals(new SnapshotStore.Usage(1, mine.sizeBytes()), store.usage(f.user.id()));
            assertEquals(List.of(mine), store.byOwner(f.user.id()), "resume points are not listed");
            store.delete(mine);
            assertFalse(Files.exists(store.file(mine)));
            assertEquals(new SnapshotStore.Usage(0, 0), store.usage(f.user.id()));
        }
    }

    @Test
    void theCacheStaysWithinItsBytesAndReportsItsMetrics() throws Exception {
        // A snapshot as read from its file (zero pages dropped, equal pages shared), so that the
        // two saved here and the one read back below all weigh the same.
        LabSnapshot snap = new LabSnapshot(org.virtlab.engine.snapshot.SnapshotFormat.decode(StoreFixture.file(first), "test")
                .requireBoard("test"), first.scrollback(), null);
        int weight = SnapshotCache.weigh(snap);
        assertTrue(weight > 64 * 1024, "a booted guest's pages are weighed: " + weight);
        try (StoreFixture f = StoreFixture.create(dir)) {
            SnapshotStore store = f.store(weight + weight / 2);          // room for one
            SnapshotRecord a = store.save(f.draft(SnapshotRecord.Kind.SNAPSHOT, "a"), StoreFixture.file(snap), snap);
            SnapshotRecord b = store.save(f.draft(SnapshotRecord.Kind.SNAPSHOT, "b"), StoreFixture.file(snap), snap);
            assertTrue(store.cache().weightBytes() <= weight + weight / 2, "weight " + store.cache().weightBytes());
            assertEquals(1, store.cache().stats().evictionCount());
            assertEquals(1, (store.cached(a.id()) ? 1 : 0) + (store.cached(b.id()) ? 1 : 0));
            LabSnapshot again = store.load(store.cached(a.id()) ? b : a);    // the evicted one: read from its file
            assertNotSame(snap, again);
            PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            store.registerMetrics(registry);
            String text = registry.scrape();
            for (String metric : List.of("virtlab_snapshot_cache_hits_total 0", "virtlab_snapshot_cache_misses_total 1",
                    "virtlab_snapshot_cache_evictions_total 2", "virtlab_snapshot_cache_weight_bytes ",
                    "virtlab_snapshot_cache_max_bytes ", "virtlab_snapshot_files_written_total 2"))
                assertTrue(text.contains(metric), metric + " in\n" + text);
        }
    }
}
