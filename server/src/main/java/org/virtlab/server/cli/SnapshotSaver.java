package org.virtlab.server.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import org.virtlab.engine.board.BoardRunner;
import org.virtlab.engine.snapshot.SnapshotFormat;

/**
 * Ctrl-A S of {@code virtlab run --snapshot-dir DIR}: asks the runner for a snapshot and, when
 * the machine thread has taken it at a slice boundary, writes it to
 * {@code DIR/virtlab-YYYYMMDD-HHMMSS-N.vlsnap} (temporary file, fsync, rename) and says where on
 * stderr. Without a directory it only says how to get one.
 */
final class SnapshotSaver {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    private final Path dir;
    private final BoardRunner runner;
    private final PrintStream err;
    private int saved;

    /** @param dir where snapshots go, or null when {@code --snapshot-dir} was not given */
    SnapshotSaver(Path dir, BoardRunner runner, PrintStream err) {
        this.dir = dir;
        this.runner = runner;
        this.err = err;
    }

    /** Ctrl-A S, on the input thread: only asks; the machine thread takes and writes the snapshot. */
    void request() {
        if (dir == null) {
            err.println("virtlab: Ctrl-A S saves snapshots with --snapshot-dir DIR; none was given");
            return;
        }
        runner.requestSnapshot(this::write);
    }

    /** On the machine thread, at a slice boundary. */
    private void write(BoardRunner.SnapshotResult result) {
        if (result.failure() != null) {
            err.println("virtlab: no snapshot: " + result.failure().getMessage());
            return;
        }
        try {
            Files.createDirectories(dir);
            Path file = dir.resolve("virtlab-" + LocalDateTime.now().format(STAMP) + "-" + (++saved) + ".vlsnap");
            SnapshotFormat.write(file, result.snapshot());
            err.printf("virtlab: snapshot saved to %s (%d KiB); continue it with: virtlab run --restore %s%n",
                    file, (Files.size(file) + 1023) / 1024, file);
        } catch (IOException | RuntimeException e) {
            err.println("virtlab: cannot save the snapshot in " + dir + ": " + e.getMessage());
        }
    }
}
