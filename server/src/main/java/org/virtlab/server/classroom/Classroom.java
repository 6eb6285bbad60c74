package org.virtlab.server.classroom;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One classroom while the server runs: its stored record and members, and the live state that
 * exists only in memory — the lab on the stage, raised hands, the instructor's message, the
 * current hand-out and the recording in progress. {@link ClassroomService} applies the rules;
 * this class only keeps the state consistent.
 *
 * <p>Every field is guarded by {@code this}; accessors return copies.
 */
public final class Classroom {
    /** A message from the instructor, shown on every member's page. */
    public record Message(String text, Instant postedAt) { }

    /** Held while a member's hand-out lab is made or reset, so a join racing a hand-out makes one lab, not two. */
    final Object handoutLock = new Object();
    private ClassroomRecord record;
    private final Map<Long, Member> members = new LinkedHashMap<>();
    private final Set<Long> hands = new LinkedHashSet<>();
    private String stageLabId;
    private Message message;
    private Handout handout;
    private int handouts;
    private ActiveRecording recording;

    Classroom(ClassroomRecord record, List<Member> members) {
        this.record = record;
        for (Member m : members) this.members.put(m.userId(), m);
    }

    public synchronized ClassroomRecord record() {
        return record;
    }

    public String id() {
        return record().id();
    }

    synchronized void markClosed(Instant when) {
        record = record.closed(when);
        stageLabId = null;
        hands.clear();
        handout = null;
    }

    // ---- members ----

    public synchronized List<Member> members() {
        return new ArrayList<>(members.values());
    }

    public synchronized Member member(long userId) {
        return members.get(userId);
    }

    public synchronized boolean isMember(long userId) {
        return members.containsKey(userId);
    }

    /** The instructor or a member. */
    public synchronized boolean attends(long userId) {
        return record.ownerId() == userId || members.containsKey(userId);
    }

    synchronized void addMember(Member m) {
        members.put(m.userId(), m);
    }

    synchronized void removeMember(long userId) {
        members.remove(userId);
        hands.remove(userId);
    }

    synchronized void setMemberLab(long userId, String labId) {
        Member m = members.get(userId);
        if (m != null) members.put(userId, m.withLab(labId));
    }

    /** Whether {@code labId} is one of the members' hand-out labs. */
    public synchronized boolean isMemberLab(String labId) {
        for (Member m : members.values()) if (labId.equals(m.labId())) return true;
        return false;
    }

    /** The member whose hand-out lab is {@code labId}, or null. */
    public synchronized Member memberWithLab(String labId) {
        for (Member m : members.values()) if (labId.equals(m.labId())) return m;
        return null;
    }

    // ---- stage, hands, message ----

    public synchronized String stageLabId() {
        return stageLabId;
    }

    /** Puts a lab on the stage (null: none); returns the lab that was there. */
    synchronized String setStage(String labId) {
        String old = stageLabId;
        stageLabId = labId;
        return old;
    }

    public synchronized List<Long> hands() {
        return new ArrayList<>(hands);
    }

    synchronized void raiseHand(long userId) {
        hands.add(userId);
    }

    synchronized void lowerHand(long userId) {
        hands.remove(userId);
    }

    public synchronized Message message() {
        return message;
    }

    synchronized void setMessage(Message m) {
        message = m;
    }

    // ---- hand-out, recording ----

    public synchronized Handout handout() {
        return handout;
    }

    synchronized Handout newHandout(org.virtlab.server.labs.SnapshotOrigin origin, String presetId, String fromLab, Instant at) {
        handout = new Handout(++handouts, origin, presetId, fromLab, at);
        return handout;
    }

    synchronized ActiveRecording recording() {
        return recording;
    }

    synchronized void setRecording(ActiveRecording r) {
        recording = r;
    }
}
