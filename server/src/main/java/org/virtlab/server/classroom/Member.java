package org.virtlab.server.classroom;

import java.time.Instant;

/**
 * A student in a classroom.
 *
 * @param labId the member's private lab from the hand-out, or null before the first hand-out
 */
public record Member(long userId, String username, Instant joinedAt, String labId) {
    Member withLab(String lab) {
        return new Member(userId, username, joinedAt, lab);
    }
}
