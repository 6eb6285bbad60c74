package org.virtlab.server.classroom;

import java.time.Instant;
import org.virtlab.server.labs.SnapshotOrigin;

/**
 * A snapshot of the stage that the instructor handed out: every member's private lab is a
 * copy-on-write fork of it (and returns to it on reset), also for members who join later. Kept
 * in memory (the snapshot is immutable, so every fork shares it).
 *
 * @param number   1 for the classroom's first hand-out, then 2, ...
 * @param presetId the stage's preset, which the forks are labelled with
 * @param fromLab  the stage lab it was taken from
 */
public record Handout(int number, SnapshotOrigin origin, String presetId, String fromLab, Instant takenAt) {
}
