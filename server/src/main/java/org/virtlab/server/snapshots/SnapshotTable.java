package org.virtlab.server.snapshots;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.virtlab.server.db.Database;

/**
 * The {@code snapshots} table (plain JDBC): snapshot metadata and console scroll-backs; and
 * {@code snapshot_screens}, a hypervisor snapshot's domain consoles, written in the same
 * transaction as its row and deleted with it (ON DELETE CASCADE).
 */
final class SnapshotTable {
    private static final String COLUMNS = "id, owner_id, lab_id, kind, name, note, preset, size_bytes, sha256, created_at";

    /** A user's snapshots: how many, how many bytes. */
    record Usage(int count, long bytes) { }

    private final Database db;

    SnapshotTable(Database db) {
        this.db = db;
    }

    void insert(SnapshotRecord r, byte[] console, List<byte[]> screens) {
        try (Connection c = db.connection()) {
            c.setAutoCommit(false);
            try {
                insert(c, r, console, screens);
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    /**
     * Makes {@code r} the lab's only resume point in one transaction; returns the ones it
     * replaced (their files are to be deleted).
     */
    List<SnapshotRecord> replaceResumePoint(SnapshotRecord r, byte[] console, List<byte[]> screens) {
        try (Connection c = db.connection()) {
            c.setAutoCommit(false);
            try {
                List<SnapshotRecord> old = query(c, "SELECT " + COLUMNS + " FROM snapshots WHERE lab_id = ? AND kind = 'resume'", r.labId());
                try (PreparedStatement p = c.prepareStatement("DELETE FROM snapshots WHERE lab_id = ? AND kind = 'resume'")) {
                    p.setString(1, r.labId());
                    p.executeUpdate();
                }
                insert(c, r, console, screens);
                c.commit();
                return old;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    private static void insert(Connection c, SnapshotRecord r, byte[] console, List<byte[]> screens) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("INSERT INTO snapshots (" + COLUMNS + ", console) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            p.setString(1, r.id());
            p.setLong(2, r.ownerId());
            p.setString(3, r.labId());
            p.setString(4, r.kind().id());
            p.setString(5, r.name());
            p.setString(6, r.note());
            p.setString(7, r.presetId());
            p.setLong(8, r.sizeBytes());
            p.setString(9, r.sha256());
            p.setTimestamp(10, Timestamp.from(r.createdAt()));
            p.setString(11, Base64.getEncoder().encodeToString(console));
            p.executeUpdate();
        }
        if (screens.isEmpty()) return;
        try (PreparedStatement p = c.prepareStatement("INSERT INTO snapshot_screens (snapshot_id, domain_id, console) VALUES (?, ?, ?)")) {
            for (int d = 0; d < screens.size(); d++) {
                p.setString(1, r.id());
                p.setInt(2, d);
                p.setString(3, Base64.getEncoder().encodeToString(screens.get(d)));
                p.addBatch();
            }
            p.executeBatch();
        }
    }

    Optional<SnapshotRecord> find(String id) {
        List<SnapshotRecord> r = query("SELECT " + COLUMNS + " FROM snapshots WHERE id = ?", id);
        return r.isEmpty() ? Optional.empty() : Optional.of(r.get(0));
    }

    /** A user's snapshots of one kind, oldest first. */
    List<SnapshotRecord> byOwner(long ownerId, SnapshotRecord.Kind kind) {
        return query("SELECT " + COLUMNS + " FROM snapshots WHERE owner_id = ? AND kind = '" + kind.id() + "' ORDER BY created_at, id", ownerId);
    }

    /** The lab's resume point, if it has one. */
    Optional<SnapshotRecord> resumePoint(String labId) {
        List<SnapshotRecord> r = query("SELECT " + COLUMNS + " FROM snapshots WHERE lab_id = ? AND kind = 'resume' ORDER BY created_at DESC", labId);
        return r.isEmpty() ? Optional.empty() : Optional.of(r.get(0));
    }

    /** Every row (the store's recovery compares them with the files). */
    List<SnapshotRecord> all() {
        return query("SELECT " + COLUMNS + " FROM snapshots ORDER BY created_at, id", null);
    }

    Usage usage(long ownerId) {
        try (Connection c = db.connection(); PreparedStatement p = c.prepareStatement(
                "SELECT COUNT(*), COALESCE(SUM(size_bytes), 0) FROM snapshots WHERE owner_id = ? AND kind = 'snapshot'")) {
            p.setLong(1, ownerId);
            try (ResultSet r = p.executeQuery()) {
                r.next();
                return new Usage(r.getInt(1), r.getLong(2));
            }
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    byte[] console(String id) {
        try (Connection c = db.connection(); PreparedStatement p = c.prepareStatement("SELECT console FROM snapshots WHERE id = ?")) {
            p.setString(1, id);
            try (ResultSet r = p.executeQuery()) {
                return r.next() ? Base64.getDecoder().decode(r.getString(1)) : new byte[0];
            }
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    /** A snapshot's domain screens by domain id (a missing domain's is empty); empty for a bare lab's. */
    List<byte[]> screens(String id) {
        try (Connection c = db.connection(); PreparedStatement p = c.prepareStatement(
                "SELECT domain_id, console FROM snapshot_screens WHERE snapshot_id = ? ORDER BY domain_id")) {
            p.setString(1, id);
            List<byte[]> out = new ArrayList<>();
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    int d = r.getInt(1);
                    while (out.size() < d) out.add(new byte[0]);
                    out.add(Base64.getDecoder().decode(r.getString(2)));
                }
            }
            return out;
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    /** Deletes the row (and its domain screens); true when there was one. */
    boolean delete(String id) {
        try (Connection c = db.connection(); PreparedStatement p = c.prepareStatement("DELETE FROM snapshots WHERE id = ?")) {
            p.setString(1, id);
            return p.executeUpdate() > 0;
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    private List<SnapshotRecord> query(String sql, Object key) {
        try (Connection c = db.connection()) {
            return query(c, sql, key);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    private static List<SnapshotRecord> query(Connection c, String sql, Object key) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(sql)) {
            if (key != null) p.setObject(1, key);
            try (ResultSet r = p.executeQuery()) {
                List<SnapshotRecord> out = new ArrayList<>();
                while (r.next()) {
                    out.add(new SnapshotRecord(r.getString("id"), r.getLong("owner_id"), r.getString("lab_id"),
                            SnapshotRecord.Kind.of(r.getString("kind")), r.getString("name"), r.getString("note"),
                            r.getString("preset"), r.getLong("size_bytes"), r.getString("sha256"),
                            r.getTimestamp("created_at").toInstant()));
                }
                return out;
            }
        }
    }

    private static IllegalStateException failed(SQLException e) {
        return new IllegalStateException("database: " + e.getMessage(), e);
    }
}
