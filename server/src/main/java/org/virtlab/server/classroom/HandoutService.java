package org.virtlab.server.classroom;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.virtlab.server.accounts.User;
import org.virtlab.server.accounts.UserStore;
import org.virtlab.server.labs.Lab;
import org.virtlab.server.labs.LabService;
import org.virtlab.server.labs.SnapshotOrigin;
import org.virtlab.server.web.ApiError;

/**
 * Hand-outs: the instructor snapshots the stage and every member gets a private lab forked from
 * it (copy-on-write: all forks share the snapshot's RAM until they write, docs/snapshots.md),
 * started at once. A member who joins later gets one on joining. Each member has one hand-out
 * lab per classroom: a newer hand-out resets it to the newer snapshot, and the lab's reset takes
 * it back to the hand-out it was given. A lab runs one preset, so a hand-out of another preset
 * (a hypervisor stage after a bare one) replaces the member's lab with a new one.
 *
 * <p>The snapshot is kept in memory ({@link Handout}); forks are made through
 * {@link LabService#createFromSnapshot}, the hook a durable snapshot store can use too. Forks
 * do not count against the student's lab quota (the instructor's hand-out must reach everyone).
 * A stage on the hypervisor stack is handed out like a bare one: every fork runs all of the
 * stage's domains, each domain console showing the stage's screen.
 */
public final class HandoutService implements ClassroomListener {
    /** How long a hand-out waits for the stage's next slice boundary. */
    static final long SNAPSHOT_TIMEOUT_MILLIS = 10_000;

    private final ClassroomService classrooms;
    private final ClassroomStore store;
    private final LabService labs;
    private final UserStore users;

    public HandoutService(ClassroomService classrooms, ClassroomStore store, LabService labs, UserStore users) {
        this.classrooms = classrooms;
        this.store = store;
        this.labs = labs;
        this.users = users;
        classrooms.addListener(this);
    }

    /**
     * What a hand-out did: the snapshot, every member's lab, how long it took in all and how
     * long the stage's snapshot took of that (waiting for the slice boundary, then saving).
     */
    public record Result(Handout handout, List<Lab> labs, long millis, long snapshotMillis) { }

    /** Snapshots the stage and gives every member a running fork of it. */
    public Result handOut(User user, String id) {
        long start = System.nanoTime();
        Classroom c = classrooms.teachOpen(user, id);
        Lab stage = classrooms.stage(c);
        if (!stage.isActive()) throw new ApiError(409, "stage_not_running", "the lab on the stage is not running; start it, then hand it out");
        SnapshotOrigin origin;
        try {
            origin = stage.requestSnapshot().get(SNAPSHOT_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new ApiError(409, "snapshot_failed", "the stage could not be snapshotted: " + e.getCause().getMessage());
        } catch (TimeoutException e) {
            throw new ApiError(503, "snapshot_timeout", "the stage did not reach a slice boundary within "
                    + SNAPSHOT_TIMEOUT_MILLIS / 1000 + " s; the server is overloaded, try again");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiError(503, "interrupted", "the server is shutting down");
        }
        long snapshotMillis = (System.nanoTime() - start) / 1_000_000;
        Handout h = c.newHandout(origin, stage.preset().id(), stage.record().id(), classrooms.now());
        List<Lab> forks = new ArrayList<>();
        for (Member m : c.members()) {
            try {
                forks.add(give(c, m, h));
            } catch (ApiError e) {
                // the member left while the hand-out went round
            }
        }
        return new Result(h, forks, (System.nanoTime() - start) / 1_000_000, snapshotMillis);
    }

    /** The member's hand-out lab, or null (none yet, or deleted). */
    public Lab myLab(User user, String id) {
        Classroom c = classrooms.attend(user, id);
        Member m = c.member(user.id());
        return m == null ? null : existingLab(m);
    }

    /** The member's hand-out lab, made from the current hand-out if it is missing, and running. */
    public Lab takeMyLab(User user, String id) {
        Classroom c = member(user, id);
        Handout h = currentHandout(c);
        Member m = c.member(user.id());
        Lab lab = existingLab(m);
        if (lab == null) return give(c, m, h);
        if (!lab.isActive()) lab.start();
        return lab;
    }

    /** Takes the member's lab back to the hand-out it was given (starting it if it is stopped). */
    public Lab resetMyLab(User user, String id) {
        Classroom c = member(user, id);
        Member m = c.member(user.id());
        Lab lab = existingLab(m);
        if (lab == null || lab.origin() == null && !lab.record().presetId().equals(currentHandout(c).presetId()))
            return give(c, m, currentHandout(c));
        if (lab.origin() == null) lab.setOrigin(currentHandout(c).origin());
        restart(lab);
        return lab;
    }

    @Override
    public void memberJoined(Classroom c, Member m) {
        Handout h = c.handout();
        if (h == null) return;
        try {
            give(c, m, h);
        } catch (ApiError e) {
            // the member can still take the lab from the classroom page ("Get my lab")
        }
    }

    private Classroom member(User user, String id) {
        Classroom c = classrooms.attend(user, id);
        classrooms.requireOpen(c);
        if (c.member(user.id()) == null)
            throw new ApiError(409, "is_instructor", "hand-out labs are for the members; your lab is the stage");
        return c;
    }

    private static Handout currentHandout(Classroom c) {
        Handout h = c.handout();
        if (h == null) throw new ApiError(409, "no_handout", "the instructor has not handed anything out yet");
        return h;
    }

    /** The member's lab from the classroom, if it still exists and is still theirs. */
    private Lab existingLab(Member m) {
        if (m.labId() == null) return null;
        return labs.find(m.labId()).filter(l -> l.record().ownerId() == m.userId()).orElse(null);
    }

    private Lab give(Classroom c, Member stale, Handout h) {
        synchronized (c.handoutLock) {
            Member m = c.member(stale.userId());
            if (m == null) throw new ApiError(404, "member_not_found", stale.username() + " left the classroom");
            return giveLocked(c, m, h);
        }
    }

    private Lab giveLocked(Classroom c, Member m, Handout h) {
        Lab lab = existingLab(m);
        if (lab != null && !lab.record().presetId().equals(h.presetId())) {
            // A lab runs one preset: a hand-out of another (a hypervisor stage after a bare one) replaces it,
            // as a newer hand-out of the same preset resets it.
            User owner = users.byId(m.userId()).orElse(null);
            if (owner != null) labs.delete(owner, lab.record().id());
            lab = null;
        }
        if (lab == null) {
            User owner = users.byId(m.userId()).orElseThrow(() -> new ApiError(404, "member_not_found", "user " + m.userId() + " no longer exists"));
            String name = c.record().name();
            if (name.length() > 68) name = name.substring(0, 68);
            lab = labs.createFromSnapshot(owner, name + ": hand-out", h.presetId(), h.origin(), true);
            store.setMemberLab(c.id(), m.userId(), lab.record().id());
            c.setMemberLab(m.userId(), lab.record().id());
            lab.start();
            return lab;
        }
        lab.setOrigin(h.origin());
        restart(lab);
        return lab;
    }

    private static void restart(Lab lab) {
        if (!lab.isActive()) {
            lab.start();
            return;
        }
        lab.resume();
        lab.reset();
    }
}
