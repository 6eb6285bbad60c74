package org.virtlab.server.classroom;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.virtlab.server.db.Database;

/** The {@code classrooms}, {@code classroom_members} and {@code classroom_recordings} tables (plain JDBC). */
public final class ClassroomStore {
    private static final String CLASSROOM = "SELECT c.*, u.username AS owner_name FROM classrooms c JOIN users u ON u.id = c.owner_id ";

    private final Database db;

    public ClassroomStore(Database db) {
        this.db = db;
    }

    /** Inserts a classroom; false when its join code is taken (the caller draws another). */
    public boolean insert(ClassroomRecord c) {
        if (byCode(c.joinCode()).isPresent()) return false;
        update("INSERT INTO classrooms (id, owner_id, name, join_code, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)",
                c.id(), c.ownerId(), c.name(), c.joinCode(), ts(c.createdAt()), ts(c.expiresAt()));
        return true;
    }

    public Optional<ClassroomRecord> find(String id) {
        return first(classrooms(CLASSROOM + "WHERE c.id = ?", id));
    }

    public Optional<ClassroomRecord> byCode(String code) {
        return first(classrooms(CLASSROOM + "WHERE c.join_code = ?", code));
    }

    /** The classrooms a user teaches or belongs to, newest first. */
    public List<ClassroomRecord> forUser(long userId) {
        return classrooms(CLASSROOM + "WHERE c.owner_id = ? OR c.id IN (SELECT classroom_id FROM classroom_members WHERE user_id = ?)"
                + " ORDER BY c.created_at DESC, c.id", userId, userId);
    }

    public void close(String id, Instant when) {
        update("UPDATE classrooms SET closed_at = ? WHERE id = ? AND closed_at IS NULL", ts(when), id);
    }

    // ---- members ----

    public List<Member> members(String classroomId) {
        return query("SELECT m.*, u.username FROM classroom_members m JOIN users u ON u.id = m.user_id"
                + " WHERE m.classroom_id = ? ORDER BY m.joined_at, u.username", r -> new Member(r.getLong("user_id"),
                r.getString("username"), r.getTimestamp("joined_at").toInstant(), r.getString("lab_id")), classroomId);
    }

    public void addMember(String classroomId, Member m) {
        update("INSERT INTO classroom_members (classroom_id, user_id, joined_at, lab_id) VALUES (?, ?, ?, ?)",
                classroomId, m.userId(), ts(m.joinedAt()), m.labId());
    }

    public void removeMember(String classroomId, long userId) {
        update("DELETE FROM classroom_members WHERE classroom_id = ? AND user_id = ?", classroomId, userId);
    }

    public void setMemberLab(String classroomId, long userId, String labId) {
        update("UPDATE classroom_members SET lab_id = ? WHERE classroom_id = ? AND user_id = ?", labId, classroomId, userId);
    }

    // ---- recordings ----

    public void insertRecording(RecordingInfo r) {
        update("INSERT INTO classroom_recordings (id, classroom_id, lab_id, started_at) VALUES (?, ?, ?, ?)",
                r.id(), r.classroomId(), r.labId(), ts(r.startedAt()));
    }

    public void finishRecording(String id, Instant endedAt, long durationMillis, long bytes) {
        update("UPDATE classroom_recordings SET ended_at = ?, duration_millis = ?, bytes = ? WHERE id = ?",
                ts(endedAt), durationMillis, bytes, id);
    }

    public List<RecordingInfo> recordings(String classroomId) {
        return query("SELECT * FROM classroom_recordings WHERE classroom_id = ? ORDER BY started_at, id",
                ClassroomStore::recording, classroomId);
    }

    public Optional<RecordingInfo> recording(String classroomId, String id) {
        return first(query("SELECT * FROM classroom_recordings WHERE classroom_id = ? AND id = ?",
                ClassroomStore::recording, classroomId, id));
    }

    // ---- JDBC ----

    private interface Row<T> {
        T read(ResultSet r) throws SQLException;
    }

    private List<ClassroomRecord> classrooms(String sql, Object... args) {
        return query(sql, r -> new ClassroomRecord(r.getString("id"), r.getLong("owner_id"), r.getString("owner_name"),
                r.getString("name"), r.getString("join_code"), r.getTimestamp("created_at").toInstant(),
                instant(r.getTimestamp("expires_at")), instant(r.getTimestamp("closed_at"))), args);
    }

    private static RecordingInfo recording(ResultSet r) throws SQLException {
        long duration = r.getLong("duration_millis");
        Long d = r.wasNull() ? null : duration;
        long bytes = r.getLong("bytes");
        Long b = r.wasNull() ? null : bytes;
        return new RecordingInfo(r.getString("id"), r.getString("classroom_id"), r.getString("lab_id"),
                r.getTimestamp("started_at").toInstant(), instant(r.getTimestamp("ended_at")), d, b);
    }

    private <T> List<T> query(String sql, Row<T> row, Object... args) {
        try (Connection c = db.connection(); PreparedStatement p = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) p.setObject(i + 1, args[i]);
            try (ResultSet r = p.executeQuery()) {
                List<T> out = new ArrayList<>();
                while (r.next()) out.add(row.read(r));
                return out;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("database: " + e.getMessage(), e);
        }
    }

    private void update(String sql, Object... args) {
        try (Connection c = db.connection(); PreparedStatement p = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) p.setObject(i + 1, args[i]);
            p.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("database: " + e.getMessage(), e);
        }
    }

    private static <T> Optional<T> first(List<T> list) {
        return list.isEmpty() ? Optional.empty() : Optional.of(list.get(0));
    }

    private static Timestamp ts(Instant i) {
        return i == null ? null : Timestamp.from(i);
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }
}
