package org.virtlab.server.classroom;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.virtlab.server.accounts.User;
import org.virtlab.server.labs.Lab;
import org.virtlab.server.web.ApiError;

/**
 * Recordings of a classroom's stage console: the instructor starts and stops one; it is
 * written as asciicast v2 ({@link AsciicastRecorder}) to
 * {@code DATA/recordings/CLASSROOM/ID.cast}; the classroom's instructor and members list,
 * play back and download them, also after the classroom closed. A recording stops by itself
 * when the stage moves or the classroom closes, and at shutdown.
 */
public final class RecordingService implements ClassroomListener, AutoCloseable {
    private final ClassroomService classrooms;
    private final ClassroomStore store;
    private final Path root;
    private final ExecutorService writer = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "virtlab-recorder");
        t.setDaemon(true);
        return t;
    });
    private final java.util.Set<Classroom> recording = java.util.concurrent.ConcurrentHashMap.newKeySet();

    public RecordingService(ClassroomService classrooms, ClassroomStore store, Path dataDir) {
        this.classrooms = classrooms;
        this.store = store;
        this.root = dataDir.resolve("recordings");
        classrooms.addListener(this);
    }

    /** Starts recording the stage; its first event is the screen as it is now. */
    public RecordingInfo start(User user, String id) {
        Classroom c = classrooms.teachOpen(user, id);
        Lab stage = classrooms.stage(c);
        synchronized (c) {
            if (c.recording() != null) throw new ApiError(409, "already_recording", "the stage is being recorded already; stop that recording first");
            RecordingInfo info = new RecordingInfo(Ids.newId(), c.id(), stage.record().id(), classrooms.now(), null, null, null);
            AsciicastRecorder recorder;
            try {
                recorder = AsciicastRecorder.create(path(info), c.record().name() + " — " + stage.record().name(),
                        info.startedAt(), writer, System::nanoTime);
            } catch (IOException e) {
                throw new ApiError(500, "recording_failed", "cannot write the recording under " + root + ": " + e.getMessage());
            }
            store.insertRecording(info);
            c.setRecording(new ActiveRecording(info, recorder, stage.console(), stage.console().attach(recorder, false)));
            recording.add(c);
            return info;
        }
    }

    /** Stops the recording in progress; 409 {@code not_recording} when there is none. */
    public RecordingInfo stop(User user, String id) {
        Classroom c = classrooms.teach(user, id);
        RecordingInfo done = stop(c);
        if (done == null) throw new ApiError(409, "not_recording", "nothing is being recorded");
        return done;
    }

    /** The recording in progress, or null. */
    public RecordingInfo current(Classroom c) {
        ActiveRecording r = c.recording();
        return r == null ? null : r.info();
    }

    public List<RecordingInfo> list(User user, String id) {
        Classroom c = classrooms.attend(user, id);
        return store.recordings(c.id());
    }

    public RecordingInfo find(User user, String id, String recordingId) {
        Classroom c = classrooms.attend(user, id);
        return store.recording(c.id(), recordingId)
                .orElseThrow(() -> new ApiError(404, "recording_not_found", "this classroom has no recording '" + recordingId + "'"));
    }

    /** The .cast file of a recording (a recording in progress has everything written so far). */
    public Path file(User user, String id, String recordingId) {
        Path p = path(find(user, id, recordingId));
        if (!Files.isRegularFile(p)) throw new ApiError(404, "recording_not_found", "the recording's file is gone from the data directory");
        return p;
    }

    @Override
    public void stageLeft(Classroom c, String oldLabId) {
        ActiveRecording r = c.recording();
        if (r != null && r.info().labId().equals(oldLabId)) stop(c);
    }

    private RecordingInfo stop(Classroom c) {
        ActiveRecording r;
        synchronized (c) {
            r = c.recording();
            if (r == null) return null;
            c.setRecording(null);
            recording.remove(c);
        }
        r.hub().remove(r.viewer());
        long duration;
        try {
            duration = r.recorder().finish().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            duration = 0;
        }
        long bytes;
        try {
            bytes = Files.size(r.recorder().file());
        } catch (IOException e) {
            bytes = 0;
        }
        store.finishRecording(r.info().id(), classrooms.now(), duration, bytes);
        RecordingInfo i = r.info();
        return new RecordingInfo(i.id(), i.classroomId(), i.labId(), i.startedAt(), classrooms.now(), duration, bytes);
    }

    private Path path(RecordingInfo info) {
        return root.resolve(info.classroomId()).resolve(info.id() + ".cast");
    }

    /** Finishes every recording (shutdown). */
    @Override
    public void close() {
        for (Classroom c : List.copyOf(recording)) stop(c);
        writer.shutdown();
    }
}
