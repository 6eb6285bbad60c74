package org.virtlab.server.accounts;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.virtlab.server.db.Database;

/**
 * The {@code users} table (plain JDBC). The first account of the database, and the account named
 * by {@code --admin} / {@code VIRTLAB_ADMIN} ({@link #UserStore(Database, String)}), are admins.
 */
public final class UserStore {
    private static final String COLUMNS = "id, username, role, lab_quota, memory_quota_mib, cpu_share, password_hash, created_at";

    private final Database db;
    private final String namedAdmin;

    public UserStore(Database db) {
        this(db, null);
    }

    /** @param namedAdmin an account name that is always made admin (null for none) */
    public UserStore(Database db, String namedAdmin) {
        this.db = db;
        this.namedAdmin = namedAdmin;
    }

    /** A user with the time the account was created, for the admin's list. */
    public record Listed(User user, Instant createdAt) { }

    /** A user and the stored password hash. */
    public record Credentials(User user, String passwordHash) { }

    /**
     * Creates an account; the first account of the database, and the named admin, become admin.
     * Returns empty when the name is taken.
     */
    public synchronized Optional<User> create(String username, String passwordHash, Role requested) {
        try (Connection c = db.connection()) {
            if (find(c, username).isPresent()) return Optional.empty();
            Role role = requested;
            try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT COUNT(*) FROM users")) {
                r.next();
                if (r.getLong(1) == 0) role = Role.ADMIN;
            }
            if (username.equals(namedAdmin)) role = Role.ADMIN;
            try (PreparedStatement p = c.prepareStatement(
                    "INSERT INTO users (username, password_hash, role, created_at) VALUES (?, ?, ?, ?)",
                    Statement.RETURN_GENERATED_KEYS)) {
                p.setString(1, username);
                p.setString(2, passwordHash);
                p.setString(3, role.id());
                p.setTimestamp(4, Timestamp.from(Instant.now()));
                p.executeUpdate();
                try (ResultSet k = p.getGeneratedKeys()) {
                    k.next();
                    return Optional.of(new User(k.getLong(1), username, role, null));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("database: " + e.getMessage(), e);
        }
    }

    /** Whether any account exists (the first one becomes admin even when sign-up is off). */
    public boolean anyUser() {
        try (Connection c = db.connection(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT COUNT(*) FROM users")) {
            r.next();
            return r.getLong(1) > 0;
        } catch (SQLException e) {
            throw new IllegalStateException("database: " + e.getMessage(), e);
        }
    }

    public Optional<Credentials> credentials(String username) {
        try (Connection c = db.connection()) {
            return find(c, username);
        } catch (SQLException e) {
            throw new IllegalStateException("database: " + e.getMessage(), e);
        }
    }

    public Optional<User> byId(long id) {
        return one("SELECT " + COLUMNS + " FROM users WHERE id = ?", id);
    }

    public Optional<User> byApiTokenHash(String tokenHash) {
        return one("SELECT " + COLUMNS + " FROM users WHERE api_token_hash = ?", tokenHash);
    }

    /** Every account, by id. */
    public List<Listed> list() {
        try (Connection c = db.connection(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT " + COLUMNS + " FROM users ORDER BY id")) {
            List<Listed> out = new ArrayList<>();
            while (r.next()) out.add(new Listed(user(r), r.getTimestamp("created_at").toInstant()));
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("database: " + e.getMessage(), e);
        }
    }

    /**
     * Stores a user's role and quota overrides (null: the server's default). Returns false when
     * the change would leave no admin (the last admin cannot lose the role), true once stored.
     */
    public synchronized boolean update(User u) {
        try (Connection c = db.connection()) {
            if (u.role() != Role.ADMIN) {
                try (PreparedStatement p = c.prepareStatement("SELECT COUNT(*) FROM users WHERE role = ? AND id <> ?")) {
                    p.setString(1, Role.ADMIN.id());
                    p.setLong(2, u.id());
                    try (ResultSet r = p.executeQuery()) {
                        r.next();
                        if (r.getLong(1) == 0) return false;
                    }
                }
            }
            try (PreparedStatement p = c.prepareStatement(
                    "UPDATE users SET role = ?, lab_quota = ?, memory_quota_mib = ?, cpu_share = ? WHERE id = ?")) {
                p.setString(1, u.role().id());
                p.setObject(2, u.labQuota(), Types.INTEGER);
                p.setObject(3, u.memoryQuotaMiB(), Types.INTEGER);
                p.setObject(4, u.cpuShare(), Types.INTEGER);
                p.setLong(5, u.id());
                p.executeUpdate();
                return true;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("database: " + e.getMessage(), e);
        }
    }

    /** Makes the named admin's account (if it exists) an admin; called at start. Returns whether it changed. */
    public synchronized boolean promoteNamedAdmin() {
        if (namedAdmin == null) return false;
        try (Connection c = db.connection();
             PreparedStatement p = c.prepareStatement("UPDATE users SET role = ? WHERE username = ? AND role <> ?")) {
            p.setString(1, Role.ADMIN.id());
            p.setString(2, namedAdmin);
            p.setString(3, Role.ADMIN.id());
            return p.executeUpdate() > 0;
        } catch (SQLException e) {
            throw new IllegalStateException("database: " + e.getMessage(), e);
        }
    }

    public Optional<User> byName(String username) {
        return one("SELECT " + COLUMNS + " FROM users WHERE username = ?", username);
    }

    public void setRole(long userId, Role role) {
        try (Connection c = db.connection();
             PreparedStatement p = c.prepareStatement("UPDATE users SET role = ? WHERE id = ?")) {
            p.setString(1, role.id());
            p.setLong(2, userId);
            p.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("database: " + e.getMessage(), e);
        }
    }

    public void setApiTokenHash(long userId, String tokenHash) {
        try (Connection c = db.connection();
             PreparedStatement p = c.prepareStatement("UPDATE users SET api_token_hash = ? WHERE id = ?")) {
            p.setString(1, tokenHash);
            p.setLong(2, userId);
            p.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("database: " + e.getMessage(), e);
        }
    }

    private Optional<User> one(String sql, Object key) {
        try (Connection c = db.connection(); PreparedStatement p = c.prepareStatement(sql)) {
            p.setObject(1, key);
            try (ResultSet r = p.executeQuery()) {
                return r.next() ? Optional.of(user(r)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("database: " + e.getMessage(), e);
        }
    }

    private static Optional<Credentials> find(Connection c, String username) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(
                "SELECT " + COLUMNS + " FROM users WHERE username = ?")) {
            p.setString(1, username);
            try (ResultSet r = p.executeQuery()) {
                return r.next() ? Optional.of(new Credentials(user(r), r.getString("password_hash"))) : Optional.empty();
            }
        }
    }

    private static User user(ResultSet r) throws SQLException {
        return new User(r.getLong("id"), r.getString("username"), Role.of(r.getString("role")),
                nullableInt(r, "lab_quota"), nullableInt(r, "memory_quota_mib"), nullableInt(r, "cpu_share"));
    }

    private static Integer nullableInt(ResultSet r, String column) throws SQLException {
        int v = r.getInt(column);
        return r.wasNull() ? null : v;
    }
}
