package org.virtlab.server.snapshots;

import java.util.Locale;

/**
 * How the server keeps snapshots (docs/snapshots.md, "Server"): the per-user quotas, the cache's
 * bound and the largest upload. Part of {@link org.virtlab.server.Config}.
 *
 * @param perUser        how many snapshots one user may keep (resume points of suspended labs do not count)
 * @param bytesPerUser   how many bytes of snapshot files one user may keep
 * @param cacheBytes     the in-memory cache's bound: decoded snapshots, weighed by their RAM pages and images
 * @param maxUploadBytes the largest snapshot file accepted by an upload
 */
public record SnapshotSettings(int perUser, long bytesPerUser, long cacheBytes, long maxUploadBytes) {

    public static SnapshotSettings defaults() {
        return new SnapshotSettings(10, 256L << 20, 512L << 20, 64L << 20);
    }

    public SnapshotSettings {
        if (perUser < 0) throw new IllegalArgumentException("snapshots per user: " + perUser + ", need 0 or more");
        if (bytesPerUser < 0) throw new IllegalArgumentException("snapshot bytes per user: " + bytesPerUser + ", need 0 or more");
        if (cacheBytes < 0) throw new IllegalArgumentException("snapshot cache: " + cacheBytes + " bytes, need 0 or more");
        if (maxUploadBytes < 1) throw new IllegalArgumentException("largest snapshot upload: " + maxUploadBytes + " bytes, need at least 1");
    }

    public SnapshotSettings withPerUser(int n) {
        return new SnapshotSettings(n, bytesPerUser, cacheBytes, maxUploadBytes);
    }

    public SnapshotSettings withBytesPerUser(long n) {
        return new SnapshotSettings(perUser, n, cacheBytes, maxUploadBytes);
    }

    public SnapshotSettings withCacheBytes(long n) {
        return new SnapshotSettings(perUser, bytesPerUser, n, maxUploadBytes);
    }

    public SnapshotSettings withMaxUploadBytes(long n) {
        return new SnapshotSettings(perUser, bytesPerUser, cacheBytes, n);
    }

    /** A size as people write it: {@code 1048576}, {@code 512k}, {@code 256m}, {@code 2g} (binary units). */
    public static long parseBytes(String what, String s) {
        String t = s.strip().toLowerCase(Locale.ROOT);
        int shift = 0;
        if (t.endsWith("ib")) t = t.substring(0, t.length() - 2);
        else if (t.endsWith("b")) t = t.substring(0, t.length() - 1);
        if (!t.isEmpty()) {
            switch (t.charAt(t.length() - 1)) {
                case 'k' -> shift = 10;
                case 'm' -> shift = 20;
                case 'g' -> shift = 30;
                default -> { }
            }
            if (shift != 0) t = t.substring(0, t.length() - 1);
        }
        try {
            long n = Long.parseLong(t);
            if (n < 0 || n > (Long.MAX_VALUE >> shift)) throw new NumberFormatException();
            return n << shift;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(what + " " + s + ": not a size (write e.g. 268435456, 256m or 1g)");
        }
    }

    /** A size for messages: {@code 1.5 MiB}. */
    public static String human(long bytes) {
        if (bytes < 1024) return bytes + " bytes";
        if (bytes < 1 << 20) return String.format(Locale.ROOT, "%.1f KiB", bytes / 1024.0);
        if (bytes < 1L << 30) return String.format(Locale.ROOT, "%.1f MiB", bytes / (double) (1 << 20));
        return String.format(Locale.ROOT, "%.1f GiB", bytes / (double) (1L << 30));
    }
}
