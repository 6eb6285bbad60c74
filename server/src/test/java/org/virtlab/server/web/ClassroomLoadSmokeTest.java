package org.virtlab.server.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The load benchmark's smoke version (5 viewers, 10 samples, a hand-out to 2): the harness
 * works and the numbers are sane, with bounds loose enough for a busy CI machine. The real
 * numbers come from {@link ClassroomLoadBench}.
 */
class ClassroomLoadSmokeTest {
    @TempDir
    Path data;

    @Test
    void broadcastAndHandOutUnderASmallLoad() throws Exception {
        long start = System.nanoTime();
        ClassroomLoad.Result r = ClassroomLoad.run(data, 5, 10, 2);
        System.out.println(r.table() + "(smoke run " + (System.nanoTime() - start) / 1_000_000 + " ms)");
        assertEquals(5, r.viewers());
        assertTrue(r.p50Millis() >= 0 && r.p50Millis() <= r.p99Millis() && r.p99Millis() <= r.maxMillis(), r.table());
        assertTrue(r.p99Millis() < 2_000, "output reaches 5 viewers within 2 s:\n" + r.table());
        assertEquals(0, r.resyncs(), "no viewer fell behind:\n" + r.table());
        assertTrue(r.allRunningMillis() < 10_000 && r.allAnsweredMillis() >= r.allRunningMillis(), r.table());
    }
}
