package org.virtlab.server.accounts;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import org.virtlab.server.db.Database;

/** The {@code users} table (plain JDBC). */
public final class UserStore {
    private final Database db;

    public UserStore(Database db) {
        this.db = db;
    }

    /** A user and the stored password hash. */
    public record Credentials(User user, String passwordHash) { }

    /**
     * Creates an account; the first account of the database becomes admin. Returns empty when
     * the name is taken.
     */
    public synchronized Optional<User> create(String username, String passwordHash, Role requested) {
        try (Connection c = db.connection()) {
            if (find(c, username).isPresent()) return Optional.empty();
            Role role = requested;
            try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT COUNT(*) FROM users")) {
                r.next();
                if (r.getLong(1) == 0) role = Role.ADMIN;
            }
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
        return one("SELECT id, username, role, lab_quota, password_hash FROM users WHERE id = ?", id);
    }

    public Optional<User> byApiTokenHash(String tokenHash) {
        return one("SELECT id, username, role, lab_quota, password_hash FROM users WHERE api_token_hash = ?", tokenHash);
    }

    public Optional<User> byName(String username) {
        return one("SELECT id, username, role, lab_quota, password_hash FROM users WHERE username = ?", username);
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
                "SELECT id, username, role, lab_quota, password_hash FROM users WHERE username = ?")) {
            p.setString(1, username);
            try (ResultSet r = p.executeQuery()) {
                return r.next() ? Optional.of(new Credentials(user(r), r.getString("password_hash"))) : Optional.empty();
            }
        }
    }

    private static User user(ResultSet r) throws SQLException {
        int quota = r.getInt("lab_quota");
        Integer labQuota = r.wasNull() ? null : quota;
        return new User(r.getLong("id"), r.getString("username"), Role.of(r.getString("role")), labQuota);
    }
}
