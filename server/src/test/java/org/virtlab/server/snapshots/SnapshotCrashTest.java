package org.virtlab.server.snapshots;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.virtlab.engine.snapshot.StateHash;
import org.virtlab.server.labs.LabSnapshot;

/**
 * Crash safety: a JVM killed (SIGKILL) while it writes a lab's new resume point leaves the
 * previous one whole; the next open removes the half-written temporary file.
 */
class SnapshotCrashTest {
    @TempDir
    Path dir;

    @Test
    void aSaveKilledMidWriteLeavesThePreviousSnapshotIntact() throws Exception {
        LabSnapshot previous = StoreFixture.board(200_000, "previous");
        byte[] previousFile = StoreFixture.file(previous);
        SnapshotRecord before;
        try (StoreFixture f = StoreFixture.create(dir)) {
            before = f.store(0).save(f.draft(SnapshotRecord.Kind.RESUME, "lab"), previousFile, previous);
        }
        Path next = dir.resolve("next.bin");
        Files.write(next, StoreFixture.file(StoreFixture.board(500_000, "next")));

        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), SnapshotCrashChild.class.getName(), dir.toString(), next.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String paused;
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
            paused = CompletableFuture.supplyAsync(() -> {
                try {
                    for (String line; (line = out.readLine()) != null; ) if (line.startsWith("PAUSED ")) return line;
                    return null;
                } catch (java.io.IOException e) {
                    return null;
                }
            }).get(60, TimeUnit.SECONDS);
            assertNotNull(paused, "the child reached the middle of its write");
            String[] words = paused.split(" ");
            Path temporary = Path.of(words[1]);
            assertTrue(Files.exists(temporary), "the half-written temporary file is there: " + temporary);
            assertEquals(Long.parseLong(words[2]), Files.size(temporary));
            assertTrue(Long.parseLong(words[2]) < Long.parseLong(words[3]));
        } finally {
            child.destroyForcibly();                        // SIGKILL: no shutdown hook, no cleanup
            assertTrue(child.waitFor(30, TimeUnit.SECONDS));
        }

        try (StoreFixture f = StoreFixture.reopen(dir)) {
            SnapshotStore store = f.store(0);
            assertEquals(1, store.recovery().temporaryFiles(), "the temporary file was removed");
            SnapshotRecord after = store.resumePoint(StoreFixture.LAB).orElseThrow();
            assertEquals(before, after, "the resume point is still the previous one");
            LabSnapshot back = store.load(after);          // checks the SHA-256 and the format
            assertEquals(StateHash.of(previous.board()), StateHash.of(back.board()));
            assertArrayEquals(previous.scrollback(), back.scrollback());
            try (Stream<Path> files = Files.list(dir.resolve("snapshots"))) {
                assertEquals(List.of(before.id() + SnapshotFiles.SUFFIX), files.map(p -> p.getFileName().toString()).toList());
            }
        }
    }
}
