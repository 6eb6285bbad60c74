package org.virtlab.server.snapshots;

import java.time.Instant;

/**
 * A stored snapshot as the database describes it; its file is {@code DATA/snapshots/ID.vlsnap}
 * ({@link SnapshotFiles}) and its console scroll-back is kept beside this row.
 *
 * @param labId     the lab it was taken from (null for an upload); the lab may since have been deleted
 * @param kind      a user's snapshot, or a lab's resume point (suspend, shutdown)
 * @param presetId  the preset of the labs it can be restored into
 * @param sizeBytes the file's size
 * @param sha256    the file's SHA-256 (hex), checked whenever the file is read
 */
public record SnapshotRecord(String id, long ownerId, String labId, Kind kind, String name, String note, String presetId,
                             long sizeBytes, String sha256, Instant createdAt) {

    public enum Kind {
        /** Taken or uploaded by its owner: listed, counted in the quotas. */
        SNAPSHOT,
        /** Where a suspended lab, or one running at shutdown, continues: one per lab, not listed, not counted. */
        RESUME;

        String id() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        static Kind of(String id) {
            return valueOf(id.toUpperCase(java.util.Locale.ROOT));
        }
    }
}
