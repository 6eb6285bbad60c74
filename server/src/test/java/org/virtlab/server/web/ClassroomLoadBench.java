package org.virtlab.server.web;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The classroom load benchmark at full size: 100 viewers of one stage, 200 echo lines, a
 * hand-out to 30 students ({@link ClassroomLoad}). Not part of {@code mvn verify} (surefire runs
 * {@code *Test} classes only); run it with
 * <pre>
 * mvn -q -o -pl server test -DskipNpm -Dtest=ClassroomLoadBench -Dsurefire.failIfNoSpecifiedTests=false \
 *     [-Dbench.viewers=100 -Dbench.samples=200 -Dbench.students=30]
 * </pre>
 * It prints the table of docs/performance.md and writes it to {@code server/target/classroom-bench.md}.
 */
class ClassroomLoadBench {
    @TempDir
    Path data;

    @Test
    void run() throws Exception {
        ClassroomLoad.Result r = ClassroomLoad.run(data, Integer.getInteger("bench.viewers", 100),
                Integer.getInteger("bench.samples", 200), Integer.getInteger("bench.students", 30));
        String table = r.table();
        System.out.println(table);
        Files.writeString(Path.of("target", "classroom-bench.md"), table);
    }
}
