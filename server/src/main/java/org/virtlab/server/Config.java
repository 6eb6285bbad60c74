package org.virtlab.server;

import java.nio.file.Path;
import org.virtlab.server.snapshots.SnapshotSettings;
import org.virtlab.server.accounts.AccountSettings;

/**
 * What {@code virtlab serve} is told: where to listen, where to keep data, and the limits.
 *
 * @param port             TCP port; 0 picks a free one (tests)
 * @param dataDir          the data directory (the H2 database lives here unless {@code jdbcUrl} says otherwise)
 * @param jdbcUrl          the database; null means an H2 file database under {@code dataDir}
 * @param signUp           whether anyone may create an account (the first account is always allowed)
 * @param labsPerUser      default quota: how many labs one user may own
 * @param runningPerUser   how many of a user's labs may run at once
 * @param runnerThreads    runner pool size (default: the number of cores)
 * @param secureCookies    add {@code Secure} to the session cookie (behind TLS)
 * @param allowedOrigins   extra origins accepted for WebSocket upgrades and sign-in, besides the request's own host
 * @param snapshots        snapshot quotas, cache bound and upload limit
 * @param accounts         the named admin and the default memory and CPU quotas
 */
public record Config(int port, Path dataDir, String jdbcUrl, boolean signUp, int labsPerUser, int runningPerUser,
                     int runnerThreads, boolean secureCookies, java.util.List<String> allowedOrigins,
                     SnapshotSettings snapshots, AccountSettings accounts) {

    public static final int DEFAULT_PORT = 7070;

    public static Config defaults(Path dataDir) {
        return new Config(DEFAULT_PORT, dataDir, null, true, 3, 2,
                Runtime.getRuntime().availableProcessors(), false, java.util.List.of(), SnapshotSettings.defaults(),
                AccountSettings.defaults());
    }

    public Config withPort(int p) {
        return new Config(p, dataDir, jdbcUrl, signUp, labsPerUser, runningPerUser, runnerThreads, secureCookies, allowedOrigins, snapshots, accounts);
    }

    public Config withJdbcUrl(String url) {
        return new Config(port, dataDir, url, signUp, labsPerUser, runningPerUser, runnerThreads, secureCookies, allowedOrigins, snapshots, accounts);
    }

    public Config withSignUp(boolean on) {
        return new Config(port, dataDir, jdbcUrl, on, labsPerUser, runningPerUser, runnerThreads, secureCookies, allowedOrigins, snapshots, accounts);
    }

    public Config withLabsPerUser(int n) {
        return new Config(port, dataDir, jdbcUrl, signUp, n, runningPerUser, runnerThreads, secureCookies, allowedOrigins, snapshots, accounts);
    }

    public Config withSnapshots(SnapshotSettings s) {
        return new Config(port, dataDir, jdbcUrl, signUp, labsPerUser, runningPerUser, runnerThreads, secureCookies, allowedOrigins, s, accounts);
    }

    public Config withAccounts(AccountSettings a) {
        return new Config(port, dataDir, jdbcUrl, signUp, labsPerUser, runningPerUser, runnerThreads, secureCookies, allowedOrigins, snapshots, a);
    }

    /** The JDBC URL in effect: the given one, or an H2 file database {@code virtlab} under the data directory. */
    public String effectiveJdbcUrl() {
        if (jdbcUrl != null) return jdbcUrl;
        return "jdbc:h2:file:" + dataDir.toAbsolutePath().resolve("virtlab") + ";DB_CLOSE_ON_EXIT=FALSE";
    }
}
