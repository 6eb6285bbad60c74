package org.virtlab.server.snapshots;

import java.nio.file.Files;
import java.nio.file.Path;
import org.virtlab.engine.snapshot.SnapshotFormat;
import org.virtlab.server.labs.LabSnapshot;

/**
 * The child JVM of {@link SnapshotCrashTest}: opens the store of the data directory {@code args[0]}
 * and replaces the lab's resume point with the snapshot file {@code args[1]}; half-way through
 * writing the temporary file it says {@code PAUSED path} and waits to be killed.
 */
final class SnapshotCrashChild {
    private SnapshotCrashChild() { }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        byte[] file = Files.readAllBytes(Path.of(args[1]));
        StoreFixture f = StoreFixture.reopen(dir);
        SnapshotStore store = f.store(0, (temporary, written, total) -> {
            System.out.println("PAUSED " + temporary + " " + written + " " + total);
            System.out.flush();
            while (true) {
                try {
                    Thread.sleep(60_000);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        LabSnapshot decoded = new LabSnapshot(SnapshotFormat.decode(file, args[1]).requireBoard(args[1]), new byte[0], null);
        store.save(f.draft(SnapshotRecord.Kind.RESUME, "lab"), file, decoded);
        System.out.println("FINISHED");
    }
}
