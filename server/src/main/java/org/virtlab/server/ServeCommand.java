package org.virtlab.server;

import java.io.PrintStream;
import java.nio.file.Path;
import org.virtlab.server.accounts.AccountSettings;
import org.virtlab.server.logging.LogSettings;
import org.virtlab.server.snapshots.SnapshotSettings;

/**
 * {@code virtlab serve [--port 7070] [--data DIR] [--db JDBC-URL] [--no-signup] [--labs-per-user N]
 * [--runners N] [--admin NAME] [--memory-per-lab MIB] [--cpu-share N] [--log-format text|json]
 * [--log-level LEVEL] [--snapshots-per-user N] [--snapshot-bytes-per-user SIZE] [--snapshot-cache SIZE]
 * [--snapshot-upload-max SIZE]}: starts the web server and runs until the process is stopped
 * (Ctrl-C, SIGTERM: graceful shutdown, which saves every running lab to resume it at the next
 * start). Each flag can also come from the environment: VIRTLAB_PORT, VIRTLAB_DATA, VIRTLAB_DB,
 * VIRTLAB_SIGNUP (true/false), VIRTLAB_LABS_PER_USER, VIRTLAB_RUNNERS, VIRTLAB_ADMIN,
 * VIRTLAB_MEMORY_PER_LAB, VIRTLAB_CPU_SHARE, VIRTLAB_LOG_FORMAT, VIRTLAB_LOG_LEVEL,
 * VIRTLAB_SNAPSHOTS_PER_USER, VIRTLAB_SNAPSHOT_BYTES_PER_USER, VIRTLAB_SNAPSHOT_CACHE,
 * VIRTLAB_SNAPSHOT_UPLOAD_MAX.
 */
public final class ServeCommand {
    static final String USAGE = "usage: virtlab serve [--port 7070] [--data DIR] [--db JDBC-URL] [--no-signup]"
            + " [--labs-per-user N] [--runners N]\n                     [--admin NAME] [--memory-per-lab MIB] [--cpu-share N]"
            + " [--log-format text|json] [--log-level info]\n                     [--snapshots-per-user N]"
            + " [--snapshot-bytes-per-user SIZE] [--snapshot-cache SIZE] [--snapshot-upload-max SIZE]";

    private ServeCommand() { }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        Config config;
        try {
            config = parse(LogSettings.configure(args, System.getenv()), System.getenv());
        } catch (IllegalArgumentException e) {
            err.println("virtlab: serve: " + e.getMessage());
            return 2;
        }
        if (config == null) {
            out.println(USAGE);
            return 0;
        }
        App app;
        try {
            app = App.create(config).start();
        } catch (RuntimeException e) {
            err.println("virtlab: serve: cannot start: " + e.getMessage());
            return 1;
        }
        out.println("VirtLab is listening on http://localhost:" + app.port() + "/ (data: " + config.dataDir().toAbsolutePath()
                + "); Ctrl-C stops it");
        out.flush();
        Thread main = Thread.currentThread();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            app.close();
            main.interrupt();
        }, "virtlab-shutdown"));
        try {
            Thread.currentThread().join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    /** The configuration, or null when {@code --help} was asked for. */
    static Config parse(String[] args, java.util.Map<String, String> env) {
        int port = intValue("VIRTLAB_PORT", env.getOrDefault("VIRTLAB_PORT", Integer.toString(Config.DEFAULT_PORT)));
        Path data = Path.of(env.getOrDefault("VIRTLAB_DATA", "virtlab-data"));
        String db = env.get("VIRTLAB_DB");
        boolean signUp = !"false".equalsIgnoreCase(env.getOrDefault("VIRTLAB_SIGNUP", "true"));
        Config d = Config.defaults(data);
        int labsPerUser = intValue("VIRTLAB_LABS_PER_USER", env.getOrDefault("VIRTLAB_LABS_PER_USER", Integer.toString(d.labsPerUser())));
        int runners = intValue("VIRTLAB_RUNNERS", env.getOrDefault("VIRTLAB_RUNNERS", Integer.toString(d.runnerThreads())));
        SnapshotSettings snaps = d.snapshots();
        if (env.containsKey("VIRTLAB_SNAPSHOTS_PER_USER"))
            snaps = snaps.withPerUser(intValue("VIRTLAB_SNAPSHOTS_PER_USER", env.get("VIRTLAB_SNAPSHOTS_PER_USER")));
        if (env.containsKey("VIRTLAB_SNAPSHOT_BYTES_PER_USER"))
            snaps = snaps.withBytesPerUser(SnapshotSettings.parseBytes("VIRTLAB_SNAPSHOT_BYTES_PER_USER", env.get("VIRTLAB_SNAPSHOT_BYTES_PER_USER")));
        if (env.containsKey("VIRTLAB_SNAPSHOT_CACHE"))
            snaps = snaps.withCacheBytes(SnapshotSettings.parseBytes("VIRTLAB_SNAPSHOT_CACHE", env.get("VIRTLAB_SNAPSHOT_CACHE")));
        if (env.containsKey("VIRTLAB_SNAPSHOT_UPLOAD_MAX"))
            snaps = snaps.withMaxUploadBytes(SnapshotSettings.parseBytes("VIRTLAB_SNAPSHOT_UPLOAD_MAX", env.get("VIRTLAB_SNAPSHOT_UPLOAD_MAX")));
        String admin = env.get("VIRTLAB_ADMIN");
        int memoryPerLab = intValue("VIRTLAB_MEMORY_PER_LAB",
                env.getOrDefault("VIRTLAB_MEMORY_PER_LAB", Integer.toString(d.accounts().memoryPerLabMiB())));
        int cpuShare = intValue("VIRTLAB_CPU_SHARE", env.getOrDefault("VIRTLAB_CPU_SHARE", Integer.toString(d.accounts().cpuShare())));
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--port" -> port = intValue(a, value(args, ++i, a));
                case "--data" -> data = Path.of(value(args, ++i, a));
                case "--db" -> db = value(args, ++i, a);
                case "--no-signup" -> signUp = false;
                case "--labs-per-user" -> labsPerUser = intValue(a, value(args, ++i, a));
                case "--runners" -> runners = intValue(a, value(args, ++i, a));
                case "--snapshots-per-user" -> snaps = snaps.withPerUser(intValue(a, value(args, ++i, a)));
                case "--snapshot-bytes-per-user" -> snaps = snaps.withBytesPerUser(SnapshotSettings.parseBytes(a, value(args, ++i, a)));
                case "--snapshot-cache" -> snaps = snaps.withCacheBytes(SnapshotSettings.parseBytes(a, value(args, ++i, a)));
                case "--snapshot-upload-max" -> snaps = snaps.withMaxUploadBytes(SnapshotSettings.parseBytes(a, value(args, ++i, a)));
                case "--admin" -> admin = value(args, ++i, a);
                case "--memory-per-lab" -> memoryPerLab = intValue(a, value(args, ++i, a));
                case "--cpu-share" -> cpuShare = intValue(a, value(args, ++i, a));
                case "--help", "-h" -> {
                    return null;
                }
                default -> throw new IllegalArgumentException("unknown option " + a + " (try 'virtlab serve --help')");
            }
        }
        if (port < 0 || port > 65535) throw new IllegalArgumentException("--port " + port + ": a port is 0..65535");
        if (runners < 1) throw new IllegalArgumentException("--runners " + runners + ": need at least 1");
        AccountSettings accounts = new AccountSettings(admin, memoryPerLab, cpuShare);
        return new Config(port, data, db, signUp, labsPerUser, d.runningPerUser(), runners, false, java.util.List.of(), snaps,
                accounts);
    }

    private static String value(String[] args, int i, String flag) {
        if (i >= args.length) throw new IllegalArgumentException(flag + " needs a value");
        return args[i];
    }

    private static int intValue(String what, String s) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(what + " " + s + ": not a number");
        }
    }
}
