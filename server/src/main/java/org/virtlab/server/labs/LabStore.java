package org.virtlab.server.labs;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.virtlab.server.db.Database;

/** The {@code labs} table (plain JDBC). */
public final class LabStore {
    private final Database db;

    public LabStore(Database db) {
        this.db = db;
    }

    public void insert(LabRecord lab) {
        try (Connection c = db.connection(); PreparedStatement p = c.prepareStatement(
                "INSERT INTO labs (id, owner_id, name, preset, created_at) VALUES (?, ?, ?, ?, ?)")) {
            p.setString(1, lab.id());
            p.setLong(2, lab.ownerId());
            p.setString(3, lab.name());
            p.setString(4, lab.presetId());
            p.setTimestamp(5, Timestamp.from(lab.createdAt()));
            p.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("database: " + e.getMessage(), e);
        }
    }

    public Optional<LabRecord> find(String id) {
        List<LabRecord> r = query("SELECT * FROM labs WHERE id = ?", id);
        return r.isEmpty() ? Optional.empty() : Optional.of(r.get(0));
    }

    public List<LabRecord> byOwner(long ownerId) {
        return query("SELECT * FROM labs WHERE owner_id = ? ORDER BY created_at, id", ownerId);
    }

    public int countByOwner(long ownerId) {
        return byOwner(ownerId).size();
    }

    public void delete(String id) {
        try (Connection c = db.connection(); PreparedStatement p = c.prepareStatement("DELETE FROM labs WHERE id = ?")) {
            p.setString(1, id);
            p.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("database: " + e.getMessage(), e);
        }
    }

    private List<LabRecord> query(String sql, Object key) {
        try (Connection c = db.connection(); PreparedStatement p = c.prepareStatement(sql)) {
            p.setObject(1, key);
            try (ResultSet r = p.executeQuery()) {
                List<LabRecord> out = new ArrayList<>();
                while (r.next()) {
                    out.add(new LabRecord(r.getString("id"), r.getLong("owner_id"), r.getString("name"),
                            r.getString("preset"), r.getTimestamp("created_at").toInstant()));
                }
                return out;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("database: " + e.getMessage(), e);
        }
    }
}
