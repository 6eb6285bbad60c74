/**
 * Snapshots in the web server (docs/snapshots.md, "Server"):
 * {@link org.virtlab.server.snapshots.SnapshotService} holds the rules (ownership, quotas,
 * uploads, suspend, saving running labs at shutdown and resuming them at start);
 * {@link org.virtlab.server.snapshots.SnapshotStore} keeps the snapshots — a Caffeine cache of
 * decoded snapshots in front of one immutable file per snapshot under the data directory and
 * its row in the database, written in an order that a crash cannot break.
 *
 * <p>The capture and the restore themselves happen on a lab's machine thread
 * ({@code org.virtlab.server.labs.Lab}); the engine's {@code VirtBoard.save/restore} and
 * {@code SnapshotFormat} do the work.
 */
package org.virtlab.server.snapshots;
