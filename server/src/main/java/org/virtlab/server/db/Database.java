package org.virtlab.server.db;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcConnectionPool;

/**
 * The database: a {@link DataSource} whose schema Flyway has brought up to date
 * ({@code db/migration/V*.sql}). H2 gets H2's own connection pool; any other JDBC URL (e.g.
 * PostgreSQL, whose driver must then be on the class path) gets plain {@link DriverManager}
 * connections.
 */
public final class Database implements AutoCloseable {
    private final DataSource dataSource;
    private final JdbcConnectionPool h2Pool;

    private Database(DataSource dataSource, JdbcConnectionPool h2Pool) {
        this.dataSource = dataSource;
        this.h2Pool = h2Pool;
    }

    public static Database open(String jdbcUrl) {
        Database db;
        if (jdbcUrl.startsWith("jdbc:h2:")) {
            JdbcConnectionPool pool = JdbcConnectionPool.create(jdbcUrl, "virtlab", "");
            pool.setMaxConnections(16);
            db = new Database(pool, pool);
        } else {
            db = new Database(new DriverManagerDataSource(jdbcUrl), null);
        }
        Flyway.configure().dataSource(db.dataSource).locations("classpath:db/migration").load().migrate();
        return db;
    }

    public DataSource dataSource() {
        return dataSource;
    }

    public Connection connection() throws SQLException {
        return dataSource.getConnection();
    }

    @Override
    public void close() {
        if (h2Pool != null) h2Pool.dispose();
    }

    /** The smallest DataSource over {@link DriverManager}: one new connection per call. */
    private record DriverManagerDataSource(String url) implements DataSource {
        @Override public Connection getConnection() throws SQLException { return DriverManager.getConnection(url); }
        @Override public Connection getConnection(String u, String p) throws SQLException { return DriverManager.getConnection(url, u, p); }
        @Override public PrintWriter getLogWriter() { return null; }
        @Override public void setLogWriter(PrintWriter out) { }
        @Override public void setLoginTimeout(int seconds) { }
        @Override public int getLoginTimeout() { return 0; }
        @Override public Logger getParentLogger() { return Logger.getGlobal(); }
        @Override public <T> T unwrap(Class<T> iface) throws SQLException { throw new SQLException("not a wrapper"); }
        @Override public boolean isWrapperFor(Class<?> iface) { return false; }
    }
}
