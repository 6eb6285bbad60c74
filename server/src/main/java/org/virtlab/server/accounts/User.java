package org.virtlab.server.accounts;

/**
 * An account.
 *
 * @param labQuota how many labs the user may own; null means the server's default
 */
public record User(long id, String username, Role role, Integer labQuota) {
}
