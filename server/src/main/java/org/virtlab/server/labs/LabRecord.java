package org.virtlab.server.labs;

import java.time.Instant;

/** A lab as stored: who owns it, what it is made from. The running machine is a {@link Lab}. */
public record LabRecord(String id, long ownerId, String name, String presetId, Instant createdAt) {
}
