package org.virtlab.server.snapshots;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.virtlab.engine.snapshot.Snapshot;
import org.virtlab.engine.snapshot.SnapshotException;
import org.virtlab.engine.snapshot.SnapshotFormat;
import org.virtlab.server.db.Database;
import org.virtlab.server.labs.LabSnapshot;

/**
 * The snapshot store (shared/DESIGN.md section 6; docs/snapshots.md, "Server"): a Caffeine cache
 * of decoded snapshots ({@link SnapshotCache}) in front of a durable store, which is one
 * immutable file per snapshot under the data directory ({@link SnapshotFiles}) plus a row in
 * the database ({@code snapshots}) with its owner, name, checksum and console scroll-back (and a
 * hypervisor lab's domain screens, {@code snapshot_screens}).
 *
 * <p>Order of operations, so that a crash anywhere leaves a consistent store: a save writes the
 * file (temporary file, fsync, rename) and <em>then</em> the row; a delete removes the row and
 * <em>then</em> the file; replacing a lab's resume point writes the new file, swaps the rows in
 * one transaction, then deletes the old file. The row is the commit point. {@link #open} removes
 * what an interrupted operation left (temporary files, files without a row) and rows whose file
 * is gone. Every read checks the file's SHA-256 against the row and lets the engine check the
 * format's own checksum.
 *
 * <p>Thread-safe. Encoding a snapshot is the caller's work, never the machine thread's.
 */
public final class SnapshotStore {
    private static final Logger LOG = LoggerFactory.getLogger(SnapshotStore.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final char[] ID_CHARS = "abcdefghijkmnpqrstuvwxyz23456789".toCharArray();

    /** What a new snapshot is; the store adds its id, size, checksum and time. */
    public record Draft(long ownerId, String labId, SnapshotRecord.Kind kind, String name, String note, String presetId) { }

    /** A user's stored snapshots (resume points not counted). */
    public record Usage(int count, long bytes) { }

    /** What {@link #open} cleaned up. */
    public record Recovery(int temporaryFiles, int orphanFiles, List<String> missingFiles) { }

    private final SnapshotTable table;
    private final AutostartTable autostart;
    private final SnapshotFiles files;
    private final SnapshotCache cache;
    private final Recovery recovery;
    private final AtomicLong filesWritten = new AtomicLong();
    private final AtomicLong bytesWritten = new AtomicLong();

    private SnapshotStore(Database db, SnapshotFiles files, long cacheBytes) throws IOException {
        this.table = new SnapshotTable(db);
        this.autostart = new AutostartTable(db);
        this.files = files;
        this.cache = new SnapshotCache(cacheBytes);
        this.recovery = recover();
    }

    /** Opens the store in {@code dir} (created if needed) and cleans up after any crash. */
    public static SnapshotStore open(Database db, Path dir, long cacheBytes) throws IOException {
        return open(db, dir, cacheBytes, SnapshotFiles.WriteHook.NONE);
    }

    static SnapshotStore open(Database db, Path dir, long cacheBytes, SnapshotFiles.WriteHook hook) throws IOException {
        return new SnapshotStore(db, new SnapshotFiles(dir, hook), cacheBytes);
    }

    private Recovery recover() throws IOException {
        List<SnapshotRecord> rows = table.all();
        Set<String> known = new HashSet<>();
        for (SnapshotRecord r : rows) known.add(r.id());
        SnapshotFiles.Recovery found = files.recover(known);
        for (Path p : found.temporaryFiles()) LOG.warn("snapshot store: removed {}, left by an interrupted save", p.getFileName());
        for (Path p : found.orphans()) LOG.warn("snapshot store: removed {}: no snapshot refers to it (an interrupted save or delete)", p.getFileName());
        List<String> missing = new java.util.ArrayList<>();
        for (SnapshotRecord r : rows) {
            if (found.present().contains(r.id())) continue;
            LOG.error("snapshot store: snapshot {} ('{}' of user {}) has no file in {}; it is forgotten", r.id(), r.name(), r.ownerId(), files.dir());
            table.delete(r.id());
            missing.add(r.id());
        }
        return new Recovery(found.temporaryFiles().size(), found.orphans().size(), missing);
    }

    /** What the last {@link #open} cleaned up. */
    public Recovery recovery() {
        return recovery;
    }

    /**
     * Stores a snapshot: {@code file} (its encoding) durably on disk, then its row; the decoded
     * {@code snapshot} goes into the cache, so restoring it soon costs no read.
     */
    public SnapshotRecord save(Draft d, byte[] file, LabSnapshot snapshot) throws IOException {
        SnapshotRecord r = record(d, file);
        files.write(r.id(), file);
        count(file);
        try {
            if (d.kind() == SnapshotRecord.Kind.RESUME) {
                for (SnapshotRecord old : table.replaceResumePoint(r, snapshot.scrollback(), snapshot.domainScreens())) forget(old);
            } else {
                table.insert(r, snapshot.scrollback(), snapshot.domainScreens());
            }
        } catch (RuntimeException e) {
            files.delete(r.id());
            throw e;
        }
        cache.put(r.id(), snapshot);
        return r;
    }

    private static SnapshotRecord record(Draft d, byte[] file) {
        return new SnapshotRecord(newId(), d.ownerId(), d.labId(), d.kind(), d.name(), d.note(), d.presetId(),
                file.length, sha256(file), Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
    }

    private void count(byte[] file) {
        filesWritten.incrementAndGet();
        bytesWritten.addAndGet(file.length);
    }

    public Optional<SnapshotRecord> find(String id) {
        return table.find(id);
    }

    /** A user's snapshots (not resume points), oldest first. */
    public List<SnapshotRecord> byOwner(long ownerId) {
        return table.byOwner(ownerId, SnapshotRecord.Kind.SNAPSHOT);
    }

    public Optional<SnapshotRecord> resumePoint(String labId) {
        return table.resumePoint(labId);
    }

    public Usage usage(long ownerId) {
        SnapshotTable.Usage u = table.usage(ownerId);
        return new Usage(u.count(), u.bytes());
    }

    /**
     * The snapshot: from the cache, or read from its file, checked (the row's SHA-256, then the
     * format's own checks) and decoded.
     *
     * @throws SnapshotException the file is gone, damaged or not a board snapshot
     */
    public LabSnapshot load(SnapshotRecord r) throws SnapshotException {
        try {
            return cache.get(r.id(), id -> {
                try {
                    return read(r);
                } catch (SnapshotException e) {
                    throw new LoadFailure(e);
                }
            });
        } catch (LoadFailure f) {
            throw f.failure;
        }
    }

    private LabSnapshot read(SnapshotRecord r) throws SnapshotException {
        String source = "snapshot '" + r.name() + "' (" + r.id() + ")";
        byte[] bytes;
        try {
            bytes = files.read(r.id());
        } catch (IOException e) {
            throw new SnapshotException(source + ": cannot read its file (" + e.getMessage() + ")", e);
        }
        if (bytes.length != r.sizeBytes() || !sha256(bytes).equals(r.sha256()))
            throw new SnapshotException(source + " is damaged: its file is not the one that was saved (size or SHA-256 differs)");
        Snapshot s = SnapshotFormat.decode(bytes, source);
        return new LabSnapshot(s.requireBoard(source), table.console(r.id()), null, table.screens(r.id()));
    }

    /** Whether the snapshot is in the cache now (tests, the fork path's statistics). */
    public boolean cached(String id) {
        return cache.peek(id) != null;
    }

    /** The snapshot's file, for downloads. */
    public Path file(SnapshotRecord r) {
        return files.path(r.id());
    }

    /** Deletes the snapshot: its row, then its file. */
    public void delete(SnapshotRecord r) {
        if (table.delete(r.id())) forget(r);
    }

    private void forget(SnapshotRecord r) {
        cache.invalidate(r.id());
        try {
            files.delete(r.id());
        } catch (IOException e) {
            LOG.warn("snapshot store: cannot delete {} ({}); it is removed at the next start", files.path(r.id()), e.getMessage());
        }
    }

    // ---- labs to start again after a restart ----

    public void markAutostart(String labId, boolean paused) {
        autostart.mark(labId, paused);
    }

    /** Lab id to whether it was paused, in the order they were saved. */
    public Map<String, Boolean> autostartLabs() {
        return autostart.all();
    }

    public void clearAutostart(String labId) {
        autostart.clear(labId);
    }

    // ---- metrics ----

    public void registerMetrics(MeterRegistry registry) {
        cache.registerMetrics(registry);
        FunctionCounter.builder("virtlab_snapshot_files_written", filesWritten, AtomicLong::get)
                .description("snapshot files written (temporary file, fsync, rename)").register(registry);
        FunctionCounter.builder("virtlab_snapshot_bytes_written", bytesWritten, AtomicLong::get)
                .description("bytes of snapshot files written").register(registry);
    }

    SnapshotCache cache() {
        return cache;
    }

    SnapshotFiles files() {
        return files;
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    private static String newId() {
        char[] c = new char[12];
        for (int i = 0; i < c.length; i++) c[i] = ID_CHARS[RANDOM.nextInt(ID_CHARS.length)];
        return new String(c);
    }

    /** Carries a checked failure out of the cache's loader. */
    private static final class LoadFailure extends RuntimeException {
        final SnapshotException failure;

        LoadFailure(SnapshotException cause) {
            super(cause.getMessage(), cause, false, false);
            this.failure = cause;
        }
    }
}
