package org.virtlab.server.classroom;

import java.time.Instant;

/**
 * A classroom as stored: who teaches it, its join code, when it expires or was closed.
 *
 * @param ownerId   the instructor who created it: the only user with power over it
 * @param joinCode  what students type (or follow as {@code /join/CODE}) to become members
 * @param expiresAt when it closes by itself, or null
 * @param closedAt  when it was closed, or null while open
 */
public record ClassroomRecord(String id, long ownerId, String ownerName, String name, String joinCode,
                              Instant createdAt, Instant expiresAt, Instant closedAt) {

    /** Open: not closed and not past its expiry. */
    public boolean isOpen(Instant now) {
        return closedAt == null && (expiresAt == null || now.isBefore(expiresAt));
    }

    ClassroomRecord closed(Instant when) {
        return new ClassroomRecord(id, ownerId, ownerName, name, joinCode, createdAt, expiresAt, when);
    }
}
