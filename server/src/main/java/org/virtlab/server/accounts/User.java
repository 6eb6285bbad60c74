package org.virtlab.server.accounts;

/**
 * An account. The quota fields are the admin's overrides; null means the server's default
 * ({@link Quotas#of}).
 *
 * @param labQuota       how many labs the user may own
 * @param memoryQuotaMiB the most guest memory one of the user's labs may have, in MiB
 * @param cpuShare       the user's weight when runner threads are shared between busy users
 */
public record User(long id, String username, Role role, Integer labQuota, Integer memoryQuotaMiB, Integer cpuShare) {

    /** A user with no memory or CPU overrides. */
    public User(long id, String username, Role role, Integer labQuota) {
        this(id, username, role, labQuota, null, null);
    }
}
