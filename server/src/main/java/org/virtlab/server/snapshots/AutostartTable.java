package org.virtlab.server.snapshots;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.virtlab.server.db.Database;

/**
 * The {@code lab_autostart} table: the labs that were running when the server shut down, to be
 * started again (from their resume point, or fresh) when it comes back.
 */
final class AutostartTable {
    private final Database db;

    AutostartTable(Database db) {
        this.db = db;
    }

    /** Marks the lab to start at the next server start, paused or not. */
    void mark(String labId, boolean paused) {
        clear(labId);
        try (Connection c = db.connection(); PreparedStatement p = c.prepareStatement(
                "INSERT INTO lab_autostart (lab_id, paused, created_at) VALUES (?, ?, ?)")) {
            p.setString(1, labId);
            p.setBoolean(2, paused);
            p.setTimestamp(3, Timestamp.from(Instant.now()));
            p.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("database: " + e.getMessage(), e);
        }
    }

    /** Lab id to whether it was paused, oldest first. */
    Map<String, Boolean> all() {
        try (Connection c = db.connection(); PreparedStatement p = c.prepareStatement(
                "SELECT lab_id, paused FROM lab_autostart ORDER BY created_at, lab_id"); ResultSet r = p.executeQuery()) {
            Map<String, Boolean> out = new LinkedHashMap<>();
            while (r.next()) out.put(r.getString(1), r.getBoolean(2));
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("database: " + e.getMessage(), e);
        }
    }

    void clear(String labId) {
        try (Connection c = db.connection(); PreparedStatement p = c.prepareStatement("DELETE FROM lab_autostart WHERE lab_id = ?")) {
            p.setString(1, labId);
            p.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("database: " + e.getMessage(), e);
        }
    }
}
