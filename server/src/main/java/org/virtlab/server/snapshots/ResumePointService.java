package org.virtlab.server.snapshots;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.virtlab.engine.snapshot.SnapshotException;
import org.virtlab.engine.snapshot.SnapshotFormat;
import org.virtlab.server.accounts.User;
import org.virtlab.server.labs.Lab;
import org.virtlab.server.labs.LabService;
import org.virtlab.server.labs.LabSnapshot;
import org.virtlab.server.labs.ResumePoints;
import org.virtlab.server.web.ApiError;

/**
 * Labs that continue later (docs/snapshots.md, "Suspend, shutdown and restart"): a lab's
 * <em>resume point</em> is a snapshot of kind {@code resume}, at most one per lab, not listed and
 * not counted in the user's quota. Suspend writes one and stops the lab; a graceful shutdown
 * writes one for every running lab and marks it in {@code lab_autostart}; the next server start
 * continues the marked labs, and starting a suspended lab continues it ({@link ResumePoints},
 * used by {@link LabService#start}). A resume point is deleted once a lab continued from it.
 * Labs of both stacks are saved alike: a hypervisor lab continues with every domain where it was,
 * each domain console showing its saved screen.
 */
public final class ResumePointService implements ResumePoints {
    private static final Logger LOG = LoggerFactory.getLogger(ResumePointService.class);
    private static final String SAVED_AT_SHUTDOWN = "the state saved when the server stopped";
    private static final String SAVED_AT_SUSPEND = "the state saved when the lab was suspended";

    private final SnapshotStore store;
    private final LabService labs;

    ResumePointService(SnapshotStore store, LabService labs) {
        this.store = store;
        this.labs = labs;
    }

    /**
     * Suspends a lab to disk: captures it and stops it in the same slice (nothing runs after the
     * saved state), writes its resume point and lets the machine go. Starting the lab resumes it.
     */
    public Lab suspend(User user, String labId) {
        Lab lab = labs.own(user, labId);
        if (!lab.isActive()) throw SnapshotService.notRunning();
        LabSnapshot snap = SnapshotService.await(lab.requestSnapshot(true));
        try {
            saveResumePoint(lab, snap);
        } catch (IOException | RuntimeException e) {
            LOG.error("lab {}: cannot save its resume point ({}); it goes on running", labId, e.toString());
            lab.start(snap.describedAs("the state it had (suspending failed)"));
            throw new ApiError(500, "suspend_failed", "the lab could not be saved (" + e.getMessage() + "); it goes on running");
        }
        lab.markSuspended(true);
        return lab;
    }

    private void saveResumePoint(Lab lab, LabSnapshot snap) throws IOException {
        byte[] file = SnapshotFormat.encode(snap.board());
        store.save(new SnapshotStore.Draft(lab.record().ownerId(), lab.record().id(), SnapshotRecord.Kind.RESUME, lab.record().name(),
                "", lab.preset().id()), file, snap);
    }

    @Override
    public boolean has(String labId) {
        return store.resumePoint(labId).isPresent();
    }

    @Override
    public LabSnapshot consume(Lab lab) {
        Optional<SnapshotRecord> r = store.resumePoint(lab.record().id());
        if (r.isEmpty()) return null;
        try {
            return store.load(r.get()).describedAs(SAVED_AT_SUSPEND);
        } catch (SnapshotException e) {
            lab.markSuspended(false);
            throw new ApiError(409, "resume_failed", "the lab's saved state cannot be read (" + e.getMessage()
                    + "); it was discarded: start the lab again to boot it fresh");
        } finally {
            store.delete(r.get());
        }
    }

    @Override
    public void labDeleted(String labId) {
        store.resumePoint(labId).ifPresent(store::delete);
    }

    /**
     * Graceful shutdown: every running lab, on either stack, is captured and stopped in one
     * slice, its resume point written and the lab marked to start again at the next server
     * start. A lab whose capture or write fails is marked too and boots fresh; the log says so.
     */
    public void saveRunningLabs() {
        try {
            saveAll();
        } catch (RuntimeException e) {
            LOG.error("saving the running labs failed ({}); the labs that were not saved boot fresh at the next start", e.toString());
        }
    }

    private void saveAll() {
        long start = System.nanoTime();
        Map<Lab, CompletableFuture<LabSnapshot>> captures = new LinkedHashMap<>();
        Map<Lab, Boolean> paused = new LinkedHashMap<>();
        for (Lab lab : labs.activeLabs()) {
            boolean wasPaused = lab.status().state() == Lab.State.PAUSED;
            paused.put(lab, wasPaused);
            captures.put(lab, lab.requestSnapshot(true));
        }
        // Encoding is most of the work (Deflate, SHA-256): the labs are encoded and written in parallel.
        long saved = captures.entrySet().parallelStream().filter(e -> {
            Lab lab = e.getKey();
            try {
                saveResumePoint(lab, SnapshotService.await(e.getValue()));
                store.markAutostart(lab.record().id(), paused.get(lab));
                return true;
            } catch (IOException | RuntimeException failure) {
                LOG.error("lab {} ('{}') could not be saved ({}); it will boot fresh at the next start",
                        lab.record().id(), lab.record().name(), failure.getMessage());
                store.markAutostart(lab.record().id(), paused.get(lab));
                return false;
            }
        }).count();
        if (!captures.isEmpty())
            LOG.info("saved {} of {} running labs in {} ms to resume them at the next start", saved, captures.size(), SnapshotService.millis(System.nanoTime() - start));
    }

    /** Server start: starts every lab that was running at the last shutdown, where it was. */
    public List<Lab> resumeLabs() {
        List<Lab> resumed = new ArrayList<>();
        for (Map.Entry<String, Boolean> e : store.autostartLabs().entrySet()) {
            try {
                resume(e.getKey(), e.getValue()).ifPresent(resumed::add);
            } catch (RuntimeException failure) {
                LOG.error("lab {}: cannot start it again ({}); its owner can start it", e.getKey(), failure.toString());
                store.clearAutostart(e.getKey());
            }
        }
        return resumed;
    }

    private Optional<Lab> resume(String labId, boolean paused) {
        Optional<Lab> found = labs.find(labId);
        if (found.isEmpty()) {
            store.clearAutostart(labId);
            return Optional.empty();
        }
        Lab lab = found.get();
        LabSnapshot from = null;
        Optional<SnapshotRecord> point = store.resumePoint(labId);
        if (point.isPresent()) {
            try {
                from = store.load(point.get()).describedAs(SAVED_AT_SHUTDOWN);
            } catch (SnapshotException failure) {
                LOG.error("lab {}: its saved state cannot be read ({}); it boots fresh", labId, failure.getMessage());
            }
            store.delete(point.get());
        }
        boolean started = lab.start(from);
        if (started) {
            if (paused) lab.pause();
            LOG.info("lab {} ('{}'): {}", labId, lab.record().name(), from != null ? "resumed where it was" : "booted fresh");
        }
        lab.markSuspended(false);
        store.clearAutostart(labId);
        return started ? Optional.of(lab) : Optional.empty();
    }
}
