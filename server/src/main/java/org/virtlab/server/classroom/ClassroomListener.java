package org.virtlab.server.classroom;

/**
 * What the parts of a classroom (hand-outs, the dashboard, recordings) hear from
 * {@link ClassroomService} so that they clean up after it: a member joined or left, the stage
 * moved, the classroom closed. Called on the thread that made the change, after it was stored.
 */
public interface ClassroomListener {
    default void memberJoined(Classroom c, Member m) { }

    default void memberLeft(Classroom c, Member m) { }

    /** The stage moved from {@code oldLabId} (never null) to another lab or to none. */
    default void stageLeft(Classroom c, String oldLabId) { }

    default void closed(Classroom c) { }
}
