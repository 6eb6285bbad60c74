package org.virtlab.server.snapshots;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.virtlab.engine.snapshot.SnapshotException;
import org.virtlab.engine.snapshot.SnapshotFormat;
import org.virtlab.server.accounts.User;
import org.virtlab.server.labs.Lab;
import org.virtlab.server.labs.LabService;
import org.virtlab.server.labs.LabSnapshot;
import org.virtlab.server.labs.Preset;
import org.virtlab.server.web.ApiError;

/**
 * Users' snapshots of labs (docs/snapshots.md, "Server"): who may take, see, restore, fork,
 * download, upload and delete which, and the quotas. Every method taking a {@link User} refuses
 * what that user may not do with an {@link ApiError}. Suspend, and saving running labs at
 * shutdown to resume them at the next start, are {@link ResumePointService}'s.
 *
 * <p>Rules: a snapshot belongs to the user who took or uploaded it; for everyone else it does
 * not exist (404 {@code snapshot_not_found}, so ids cannot be probed), staff included. Restoring
 * needs the lab's owner. Labs of every preset, bare and hypervisor stack alike, can be saved; a
 * snapshot records its lab's preset and restores into labs of that preset only. An upload is
 * given the preset its shape matches ({@link UploadCheck}).
 *
 * <p>Threads: the snapshot is captured on the lab's machine thread at a slice boundary
 * ({@link Lab#requestSnapshot}); encoding and writing happen here, on the caller's thread (an
 * HTTP thread, or the shutdown thread), never on the machine thread.
 */
public final class SnapshotService {
    private static final Logger LOG = LoggerFactory.getLogger(SnapshotService.class);
    /** How long a request waits for the machine thread to capture a snapshot. */
    static final long CAPTURE_TIMEOUT_SECONDS = 30;
    static final int MAX_NAME = 80;
    static final int MAX_NOTE = 500;
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

    /** A snapshot just taken, and what each step cost. */
    public record Taken(SnapshotRecord snapshot, long captureMillis, long encodeMillis, long writeMillis) { }

    private final SnapshotStore store;
    private final LabService labs;
    private final SnapshotSettings settings;
    private final ResumePointService resumePoints;
    private final Map<Long, Object> userLocks = new ConcurrentHashMap<>();

    public SnapshotService(SnapshotStore store, LabService labs, SnapshotSettings settings) {
        this.store = store;
        this.labs = labs;
        this.settings = settings;
        this.resumePoints = new ResumePointService(store, labs);
    }

    /** Suspend and resume, saving running labs at shutdown and resuming them at start. */
    public ResumePointService resumePoints() {
        return resumePoints;
    }

    public SnapshotStore store() {
        return store;
    }

    public SnapshotSettings settings() {
        return settings;
    }

    // ---- a user's snapshots ----

    /** Takes a snapshot of a running lab: captured at the next slice boundary, then encoded and stored. */
    public Taken take(User user, String labId, String name, String note) {
        Lab lab = labs.own(user, labId);
        String n = name(name, "snapshot " + STAMP.format(java.time.Instant.now()));
        String t = note(note);
        synchronized (lockFor(user)) {
            SnapshotStore.Usage usage = store.usage(user.id());
            checkCount(usage);
            if (!lab.isActive()) throw notRunning();
            long t0 = System.nanoTime();
            LabSnapshot snap = await(lab.requestSnapshot(false));
            long t1 = System.nanoTime();
            byte[] file = SnapshotFormat.encode(snap.board());
            long t2 = System.nanoTime();
            checkBytes(usage, file.length);
            SnapshotRecord r = save(new SnapshotStore.Draft(user.id(), labId, SnapshotRecord.Kind.SNAPSHOT, n, t,
                    lab.preset().id()), file, snap);
            long t3 = System.nanoTime();
            return new Taken(r, millis(t1 - t0), millis(t2 - t1), millis(t3 - t2));
        }
    }

    /** The user's snapshots, oldest first. */
    public List<SnapshotRecord> list(User user) {
        return store.byOwner(user.id());
    }

    /** The user's snapshots taken from one lab they may see (staff watching a lab see none of the owner's). */
    public List<SnapshotRecord> listForLab(User user, String labId) {
        Lab lab = labs.view(user, labId);
        return list(user).stream().filter(r -> lab.record().id().equals(r.labId())).toList();
    }

    /** One of the user's snapshots; 404 for anyone else's. */
    public SnapshotRecord get(User user, String id) {
        Optional<SnapshotRecord> r = id == null ? Optional.empty() : store.find(id);
        if (r.isEmpty() || r.get().ownerId() != user.id() || r.get().kind() != SnapshotRecord.Kind.SNAPSHOT)
            throw new ApiError(404, "snapshot_not_found", "no snapshot '" + id + "' of yours");
        return r.get();
    }

    public void delete(User user, String id) {
        store.delete(get(user, id));
    }

    /** The snapshot's file (the engine's format: {@code virtlab run --restore FILE} runs it). */
    public Path file(User user, String id) {
        SnapshotRecord r = get(user, id);
        Path p = store.file(r);
        if (!java.nio.file.Files.isRegularFile(p)) throw new ApiError(404, "snapshot_not_found", "snapshot '" + id + "' was just deleted");
        return p;
    }

    /**
     * Puts a lab back to a snapshot, in one step: a running lab continues from it at its next
     * slice boundary (paused stays paused); a stopped one is started from it.
     */
    public Lab restore(User user, String labId, String snapshotId) {
        Lab lab = labs.own(user, labId);
        SnapshotRecord r = get(user, snapshotId);
        if (!r.presetId().equals(lab.record().presetId()))
            throw new ApiError(409, "preset_mismatch", "snapshot '" + r.name() + "' is of a '" + r.presetId() + "' lab and this lab is '"
                    + lab.record().presetId() + "'; start a new lab from the snapshot instead");
        LabSnapshot s = load(r).describedAs("snapshot '" + r.name() + "'");
        if (!lab.restore(s)) {
            store.resumePoint(labId).ifPresent(store::delete);     // a suspended lab: the user chose another state
            labs.start(user, labId, s);
        }
        return lab;
    }

    /**
     * Starts a new lab from a snapshot (a fork): its board shares RAM copy-on-write with the
     * cached snapshot, so many forks of one snapshot cost little until they write.
     */
    public Lab fork(User user, String snapshotId, String labName) {
        SnapshotRecord r = get(user, snapshotId);
        Preset preset = Preset.find(r.presetId()).orElseThrow(() -> new ApiError(409, "unknown_preset",
                "snapshot '" + r.name() + "' is of a '" + r.presetId() + "' lab, which this server does not offer"));
        LabSnapshot s = load(r).describedAs("snapshot '" + r.name() + "'");
        Lab lab = labs.create(user, labName == null || labName.isBlank() ? r.name() : labName, preset.id());
        try {
            labs.start(user, lab.record().id(), s);
        } catch (ApiError e) {
            labs.delete(user, lab.record().id());
            throw e;
        }
        return lab;
    }

    /**
     * Stores an uploaded snapshot file after checking it like any other input: size, the
     * format's checks (magic, length, checksum, version, consistency), a board that a lab of
     * some preset can run ({@link UploadCheck}), and a trial restore.
     */
    public SnapshotRecord upload(User user, String name, String note, InputStream body) {
        String n = name(name, "upload " + STAMP.format(java.time.Instant.now()));
        String t = note(note);
        synchronized (lockFor(user)) {
            // The body is read before any refusal: a client still sending gets the answer, not a reset connection.
            byte[] bytes = readAtMost(body, settings.maxUploadBytes());
            SnapshotStore.Usage usage = store.usage(user.id());
            checkCount(usage);
            checkBytes(usage, bytes.length);
            UploadCheck.Accepted ok = UploadCheck.check(bytes);
            return save(new SnapshotStore.Draft(user.id(), null, SnapshotRecord.Kind.SNAPSHOT, n, t, ok.preset().id()),
                    bytes, new LabSnapshot(ok.board(), new byte[0], null));
        }
    }

    private byte[] readAtMost(InputStream in, long limit) {
        try (in) {
            byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit + 1));
            if (bytes.length > limit) {
                in.skip(limit);                      // the rest of what is being sent, within reason: the client gets the answer
                throw new ApiError(413, "too_large", "snapshot files up to " + SnapshotSettings.human(limit) + " can be uploaded");
            }
            if (bytes.length == 0) throw new ApiError(400, "bad_snapshot", "the upload is empty: send the snapshot file as the request body");
            return bytes;
        } catch (IOException e) {
            throw new ApiError(400, "bad_snapshot", "the upload was cut short: " + e.getMessage());
        }
    }

    // ---- helpers ----

    /** Reads and drops a request body (an upload refused for its size), so the client can read the answer. */
    public static void discard(InputStream in) {
        try (in) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
        } catch (IOException e) {
            // the client gave up: nothing to answer
        }
    }

    private SnapshotRecord save(SnapshotStore.Draft d, byte[] file, LabSnapshot snap) {
        try {
            return store.save(d, file, snap);
        } catch (IOException e) {
            throw new ApiError(500, "snapshot_not_saved", "the snapshot could not be written to disk (" + e.getMessage()
                    + "); the server's administrator should check the data directory");
        }
    }

    private LabSnapshot load(SnapshotRecord r) {
        try {
            return store.load(r);
        } catch (SnapshotException e) {
            throw new ApiError(500, "snapshot_damaged", e.getMessage() + "; delete it");
        }
    }

    static LabSnapshot await(CompletableFuture<LabSnapshot> f) {
        try {
            return f.get(CAPTURE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new ApiError(409, "cannot_snapshot", "no snapshot: " + e.getCause().getMessage());
        } catch (TimeoutException e) {
            throw new ApiError(503, "snapshot_timeout", "the lab did not reach a slice boundary in " + CAPTURE_TIMEOUT_SECONDS
                    + " s (the server is very busy); try again");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiError(503, "snapshot_timeout", "interrupted while waiting for the snapshot");
        }
    }

    private void checkCount(SnapshotStore.Usage usage) {
        if (usage.count() >= settings.perUser())
            throw new ApiError(403, "quota_exceeded", "you keep " + usage.count() + " snapshots, your quota of "
                    + settings.perUser() + "; delete one first");
    }

    private void checkBytes(SnapshotStore.Usage usage, long more) {
        if (usage.bytes() + more > settings.bytesPerUser())
            throw new ApiError(403, "quota_exceeded", "this snapshot (" + SnapshotSettings.human(more) + ") would bring your snapshots to "
                    + SnapshotSettings.human(usage.bytes() + more) + ", over your quota of " + SnapshotSettings.human(settings.bytesPerUser())
                    + "; delete some first");
    }

    static ApiError notRunning() {
        return new ApiError(409, "not_running", "the lab is not running; start it first");
    }

    private static String name(String name, String fallback) {
        if (name == null || name.isBlank()) return fallback;
        String n = name.strip();
        if (n.length() > MAX_NAME) throw new ApiError(400, "bad_name", "a snapshot name has at most " + MAX_NAME + " characters");
        if (n.chars().anyMatch(Character::isISOControl)) throw new ApiError(400, "bad_name", "a snapshot name is one line of text");
        return n;
    }

    private static String note(String note) {
        if (note == null) return "";
        String n = note.strip();
        if (n.length() > MAX_NOTE) throw new ApiError(400, "bad_note", "a note has at most " + MAX_NOTE + " characters");
        return n;
    }

    private Object lockFor(User user) {
        return userLocks.computeIfAbsent(user.id(), k -> new Object());
    }

    static long millis(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(nanos);
    }
}
