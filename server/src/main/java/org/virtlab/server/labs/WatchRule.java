package org.virtlab.server.labs;

import org.virtlab.server.accounts.User;

/**
 * An extra reason a user may watch (never change) another user's lab, besides the rules of
 * {@link LabService}: for instance, the members of a classroom may watch the lab on its stage.
 * Registered with {@link LabService#addWatchRule}; asked on every request and console upgrade,
 * so it must be quick and must not call back into {@link LabService}.
 */
@FunctionalInterface
public interface WatchRule {
    boolean mayWatch(User user, LabRecord lab);
}
