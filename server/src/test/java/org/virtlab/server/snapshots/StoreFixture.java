package org.virtlab.server.snapshots;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import org.virtlab.engine.board.VirtBoard;
import org.virtlab.engine.snapshot.SnapshotFormat;
import org.virtlab.server.accounts.Role;
import org.virtlab.server.accounts.User;
import org.virtlab.server.accounts.UserStore;
import org.virtlab.server.db.Database;
import org.virtlab.server.labs.LabRecord;
import org.virtlab.server.labs.LabSnapshot;
import org.virtlab.server.labs.LabStore;
import org.virtlab.server.labs.Preset;

/**
 * A data directory with a database holding one user and one lab, and real board snapshots of
 * the bare preset (booted and run for a few instructions: no lab, no runner threads).
 */
final class StoreFixture implements AutoCloseable {
    static final String LAB = "lab1";

    final Path dir;
    final Database db;
    final User user;

    private StoreFixture(Path dir, boolean create) {
        this.dir = dir;
        this.db = Database.open("jdbc:h2:file:" + dir.toAbsolutePath().resolve("virtlab") + ";DB_CLOSE_ON_EXIT=FALSE");
        UserStore users = new UserStore(db);
        if (create) {
            this.user = users.create("alice", "not-a-hash", Role.STUDENT).orElseThrow();
            new LabStore(db).insert(new LabRecord(LAB, user.id(), "lab", Preset.VIRTLAB_OS_BARE.id(), Instant.now()));
        } else {
            this.user = users.credentials("alice").orElseThrow().user();
        }
    }

    /** A new data directory with alice and her lab. */
    static StoreFixture create(Path dir) {
        return new StoreFixture(dir, true);
    }

    /** The data directory again (another JVM, or after a "crash"). */
    static StoreFixture reopen(Path dir) {
        return new StoreFixture(dir, false);
    }

    SnapshotStore store(long cacheBytes) throws java.io.IOException {
        return SnapshotStore.open(db, dir.resolve("snapshots"), cacheBytes);
    }

    SnapshotStore store(long cacheBytes, SnapshotFiles.WriteHook hook) throws java.io.IOException {
        return SnapshotStore.open(db, dir.resolve("snapshots"), cacheBytes, hook);
    }

    /** virtlab-os booted and run for {@code instructions}: a real, small-on-disk board snapshot. */
    static LabSnapshot board(long instructions, String console) {
        VirtBoard b = VirtBoard.boot(Preset.VIRTLAB_OS_BARE.boardConfig(), x -> { });
        if (instructions > 0) b.machine().run(instructions);
        return new LabSnapshot(b.save(), console.getBytes(StandardCharsets.UTF_8), null);
    }

    static byte[] file(LabSnapshot s) {
        return SnapshotFormat.encode(s.board());
    }

    SnapshotStore.Draft draft(SnapshotRecord.Kind kind, String name) {
        return new SnapshotStore.Draft(user.id(), LAB, kind, name, "a note", Preset.VIRTLAB_OS_BARE.id());
    }

    @Override
    public void close() {
        db.close();
    }
}
