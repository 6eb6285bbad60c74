package org.virtlab.server.classroom;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.virtlab.server.accounts.LoginLimiter;
import org.virtlab.server.accounts.Role;
import org.virtlab.server.accounts.User;
import org.virtlab.server.labs.Keyboard;
import org.virtlab.server.labs.Lab;
import org.virtlab.server.labs.LabRecord;
import org.virtlab.server.labs.LabService;
import org.virtlab.server.labs.WatchRule;
import org.virtlab.server.web.ApiError;

/**
 * Classrooms (docs/server.md, "Classrooms"): who may do what, checked on every call.
 *
 * <p>Rules. Instructors and admins create classrooms; the creator is the classroom's
 * instructor, the only user with power over it (another instructor has none). Any user with an
 * account joins with the join code and is a member. A member watches the stage, raises a hand,
 * types into the stage only while holding its keyboard, and has a private lab from the
 * hand-out; a member never sees another member's lab. For anyone else the classroom does not
 * exist (404 {@code classroom_not_found}). A closed or expired classroom keeps its members and
 * recordings but has no stage, keyboard, hand-out or message, and refuses changes (409
 * {@code classroom_closed}).
 *
 * <p>This class keeps membership, the stage, its keyboard, raised hands and the message; the
 * hand-out ({@link HandoutService}), the dashboard ({@link DashboardService}) and recordings
 * ({@link RecordingService}) use its checks and hear its changes ({@link ClassroomListener}).
 * It is also the {@link WatchRule} that lets members watch the stage's console, and it tells
 * {@link LabService#accessChanged} whenever that right is withdrawn, so open sockets close.
 */
public final class ClassroomService implements WatchRule, AutoCloseable {
    static final int MAX_NAME = 80;
    static final int MAX_MESSAGE = 500;
    static final long MAX_EXPIRY_MINUTES = 30L * 24 * 60;
    private static final SecureRandom RANDOM = new SecureRandom();
    /** Join codes avoid look-alikes (0/O, 1/I/L). */
    private static final char[] CODE_CHARS = "ABCDEFGHJKMNPQRSTUVWXYZ23456789".toCharArray();
    private static final int CODE_LENGTH = 6;

    private final ClassroomStore store;
    private final LabService labs;
    private final Clock clock;
    private final LoginLimiter wrongCodes;
    private final Map<String, Classroom> live = new ConcurrentHashMap<>();
    private final List<ClassroomListener> listeners = new CopyOnWriteArrayList<>();
    private final java.util.concurrent.ScheduledExecutorService sweeper;

    public ClassroomService(ClassroomStore store, LabService labs, Clock clock) {
        this.store = store;
        this.labs = labs;
        this.clock = clock;
        this.wrongCodes = new LoginLimiter(10, 60_000, clock::millis);
        labs.addWatchRule(this);
        sweeper = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "virtlab-classroom-expiry");
            t.setDaemon(true);
            return t;
        });
        sweeper.scheduleWithFixedDelay(this::closeExpired, 15, 15, java.util.concurrent.TimeUnit.SECONDS);
    }

    public void addListener(ClassroomListener l) {
        listeners.add(l);
    }

    public Instant now() {
        return clock.instant();
    }

    // ---- creating, finding, joining ----

    /** A new classroom taught by {@code user} (an instructor or admin); {@code expiresInMinutes} may be null. */
    public Classroom create(User user, String name, Long expiresInMinutes) {
        if (user.role() == Role.STUDENT)
            throw new ApiError(403, "not_instructor", "only instructors and admins create classrooms; ask an admin to make you an instructor");
        name = name == null ? "" : name.strip();
        if (name.isEmpty() || name.length() > MAX_NAME)
            throw new ApiError(400, "bad_name", "a classroom needs a name of 1 to " + MAX_NAME + " characters");
        if (expiresInMinutes != null && (expiresInMinutes < 1 || expiresInMinutes > MAX_EXPIRY_MINUTES))
            throw new ApiError(400, "bad_expiry", "expiresInMinutes must be between 1 and " + MAX_EXPIRY_MINUTES + " (30 days), or left out");
        Instant now = now();
        Instant expires = expiresInMinutes == null ? null : now.plus(Duration.ofMinutes(expiresInMinutes));
        while (true) {
            ClassroomRecord r = new ClassroomRecord(Ids.newId(), user.id(), user.username(), name, newCode(), now, expires, null);
            if (store.insert(r)) return load(r.id());
        }
    }

    /** The classrooms the user teaches or belongs to, newest first. */
    public List<Classroom> list(User user) {
        return store.forUser(user.id()).stream().map(r -> load(r.id())).filter(c -> c != null).toList();
    }

    /** Joins the open classroom with this code (spaces, dashes and case ignored); joining twice is harmless. */
    public Classroom join(User user, String code) {
        String key = "join:" + user.id();
        if (wrongCodes.retryAfterSeconds(key) > 0)
            throw new ApiError(429, "too_many_attempts", "too many wrong join codes; wait a minute and check the code with your instructor");
        String normal = code == null ? "" : code.replaceAll("[\\s-]", "").toUpperCase(Locale.ROOT);
        ClassroomRecord r = normal.isEmpty() ? null : store.byCode(normal).orElse(null);
        if (r == null) {
            wrongCodes.failed(key);
            throw new ApiError(404, "bad_code", "no classroom has the join code '" + (code == null ? "" : code.strip())
                    + "'; check it with your instructor");
        }
        Classroom c = load(r.id());
        requireOpen(c);
        if (c.attends(user.id())) return c;
        Member m = new Member(user.id(), user.username(), now(), null);
        synchronized (c) {
            if (c.attends(user.id())) return c;
            store.addMember(c.id(), m);
            c.addMember(m);
        }
        for (ClassroomListener l : listeners) l.memberJoined(c, m);
        return c;
    }

    /** A member leaves the classroom (the instructor cannot: close it instead). */
    public void leave(User user, String id) {
        Classroom c = attend(user, id);
        Member m = c.member(user.id());
        if (m == null) throw new ApiError(409, "is_instructor", "you teach this classroom; close it instead of leaving");
        drop(c, m);
    }

    /** The instructor removes a member: their stage console closes and they lose the stage's keyboard. */
    public void removeMember(User user, String id, long memberId) {
        Classroom c = teach(user, id);
        Member m = c.member(memberId);
        if (m == null) throw new ApiError(404, "member_not_found", "user " + memberId + " is not a member of this classroom");
        drop(c, m);
    }

    /** Closes the classroom: no stage, keyboard, hand-out or message any more; members and recordings stay. */
    public Classroom close(User user, String id) {
        Classroom c = teach(user, id);
        if (c.record().closedAt() == null) close(c);
        return c;
    }

    // ---- access checks, used by every other part ----

    /** A classroom the user teaches or belongs to; 404 for anyone else. */
    public Classroom attend(User user, String id) {
        Classroom c = id == null ? null : load(id);
        if (c == null || !c.attends(user.id())) throw notFound(id);
        expireIfDue(c);
        return c;
    }

    /** A classroom the user teaches (403 {@code not_instructor} for its members, 404 for everyone else). */
    public Classroom teach(User user, String id) {
        Classroom c = attend(user, id);
        if (c.record().ownerId() != user.id())
            throw new ApiError(403, "not_instructor", "only the classroom's instructor can do that");
        return c;
    }

    /** {@link #teach}, and open. */
    public Classroom teachOpen(User user, String id) {
        Classroom c = teach(user, id);
        requireOpen(c);
        return c;
    }

    /** 409 {@code classroom_closed} unless open. */
    public void requireOpen(Classroom c) {
        expireIfDue(c);
        ClassroomRecord r = c.record();
        if (r.closedAt() != null)
            throw new ApiError(409, "classroom_closed", "the classroom '" + r.name() + "' is closed"
                    + (r.expiresAt() != null && !r.closedAt().isBefore(r.expiresAt()) ? " (it expired)" : ""));
    }

    // ---- stage, keyboard, hands, message ----

    /** Puts one of the instructor's own labs on the stage: every member watches its console. */
    public Classroom setStage(User user, String id, String labId) {
        Classroom c = teachOpen(user, id);
        if (labId == null || labId.isBlank()) throw new ApiError(400, "bad_lab", "say which of your labs goes on the stage: {\"labId\": \"...\"}");
        labs.own(user, labId);                          // 404 / 403 not_owner: only your own lab
        String old = c.setStage(labId);
        if (old != null && !old.equals(labId)) stageLeft(c, old);
        return c;
    }

    public Classroom clearStage(User user, String id) {
        Classroom c = teach(user, id);
        String old = c.setStage(null);
        if (old != null) stageLeft(c, old);
        return c;
    }

    /** The lab on the stage; 409 {@code no_stage} when there is none. */
    public Lab stage(Classroom c) {
        String s = c.stageLabId();
        Lab lab = s == null ? null : labs.find(s).orElse(null);
        if (lab == null) throw new ApiError(409, "no_stage", "no lab is on the stage; the instructor puts one there first");
        return lab;
    }

    /** Gives the stage's keyboard to a member (or back to the instructor: {@code memberId} = the instructor's id). */
    public Classroom giveKeyboard(User user, String id, long memberId) {
        Classroom c = teachOpen(user, id);
        Lab stage = stage(c);
        if (memberId == user.id()) {
            stage.keyboard().giveBack();
            return c;
        }
        Member m = c.member(memberId);
        if (m == null) throw new ApiError(404, "member_not_found", "user " + memberId + " is not a member of this classroom");
        stage.keyboard().lend(new Keyboard.Holder(m.userId(), m.username(), "given the stage's keyboard by the instructor"));
        c.lowerHand(memberId);
        return c;
    }

    /** The instructor takes the stage's keyboard back. */
    public Classroom takeKeyboardBack(User user, String id) {
        Classroom c = teach(user, id);
        String s = c.stageLabId();
        if (s != null) labs.find(s).ifPresent(l -> l.keyboard().giveBack());
        return c;
    }

    public Classroom raiseHand(User user, String id) {
        Classroom c = attend(user, id);
        requireOpen(c);
        if (!c.isMember(user.id())) throw new ApiError(409, "is_instructor", "the instructor has the keyboard already; members raise hands");
        c.raiseHand(user.id());
        return c;
    }

    /** A member lowers their own hand; the instructor may lower anyone's ({@code memberId}). */
    public Classroom lowerHand(User user, String id, Long memberId) {
        Classroom c = attend(user, id);
        long who = memberId == null ? user.id() : memberId;
        if (who != user.id() && c.record().ownerId() != user.id())
            throw new ApiError(403, "not_instructor", "only the classroom's instructor can lower another member's hand");
        c.lowerHand(who);
        return c;
    }

    public Classroom postMessage(User user, String id, String text) {
        Classroom c = teachOpen(user, id);
        text = text == null ? "" : text.strip();
        if (text.isEmpty() || text.length() > MAX_MESSAGE)
            throw new ApiError(400, "bad_message", "a message has 1 to " + MAX_MESSAGE + " characters");
        c.setMessage(new Classroom.Message(text, now()));
        return c;
    }

    public Classroom clearMessage(User user, String id) {
        Classroom c = teach(user, id);
        c.setMessage(null);
        return c;
    }

    // ---- WatchRule: members watch the stage; the instructor watches the members' labs ----

    @Override
    public boolean mayWatch(User user, LabRecord lab) {
        Instant now = now();
        for (Classroom c : live.values()) {
            if (!c.record().isOpen(now)) continue;
            if (lab.id().equals(c.stageLabId()) && c.attends(user.id())) return true;
            if (c.record().ownerId() == user.id() && c.isMemberLab(lab.id())) return true;
        }
        return false;
    }

    // ---- closing and expiry ----

    /** Closes every classroom past its expiry (also run every 15 seconds). */
    public void closeExpired() {
        for (Classroom c : live.values()) {
            try {
                expireIfDue(c);
            } catch (RuntimeException e) {
                // a database hiccup: try again at the next sweep
            }
        }
    }

    private void expireIfDue(Classroom c) {
        ClassroomRecord r = c.record();
        if (r.closedAt() == null && r.expiresAt() != null && !now().isBefore(r.expiresAt())) close(c);
    }

    private void close(Classroom c) {
        Instant when = now();
        String stage;
        synchronized (c) {
            if (c.record().closedAt() != null) return;
            store.close(c.id(), when);
            stage = c.setStage(null);
            c.markClosed(when);
            c.setMessage(null);
        }
        if (stage != null) stageLeft(c, stage);
        for (ClassroomListener l : listeners) l.closed(c);
    }

    private void stageLeft(Classroom c, String oldLabId) {
        labs.find(oldLabId).ifPresent(l -> l.keyboard().giveBack());
        for (ClassroomListener l : listeners) l.stageLeft(c, oldLabId);
        labs.accessChanged(oldLabId);
    }

    private void drop(Classroom c, Member m) {
        store.removeMember(c.id(), m.userId());
        c.removeMember(m.userId());
        String stage = c.stageLabId();
        if (stage != null) {
            labs.find(stage).ifPresent(l -> {
                if (l.keyboard().holderId() == m.userId()) l.keyboard().giveBack();
            });
        }
        for (ClassroomListener l : listeners) l.memberLeft(c, m);
        if (stage != null) labs.accessChanged(stage);
    }

    private Classroom load(String id) {
        Classroom c = live.get(id);
        if (c != null) return c;
        return store.find(id).map(r -> live.computeIfAbsent(id, k -> new Classroom(r, store.members(id)))).orElse(null);
    }

    private static ApiError notFound(String id) {
        return new ApiError(404, "classroom_not_found", "no classroom '" + id + "' that you belong to");
    }

    private static String newCode() {
        char[] c = new char[CODE_LENGTH];
        for (int i = 0; i < c.length; i++) c[i] = CODE_CHARS[RANDOM.nextInt(CODE_CHARS.length)];
        return new String(c);
    }

    /** Stops the expiry sweeper (shutdown). */
    @Override
    public void close() {
        sweeper.shutdownNow();
    }
}
