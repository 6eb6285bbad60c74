/**
 * Classrooms: instructor-led sessions on top of labs (shared/DESIGN.md section 7, docs/server.md
 * "Classrooms").
 *
 * <p>{@link org.virtlab.server.classroom.ClassroomService} holds the rules (who may do what) and
 * the live state of each {@link org.virtlab.server.classroom.Classroom}: members, the lab on the
 * stage and its keyboard, raised hands, the message. Around it, each part in its own service:
 * {@link org.virtlab.server.classroom.HandoutService} (snapshot the stage, fork a private lab per
 * member), {@link org.virtlab.server.classroom.DashboardService} (a card per member, helping
 * with a student's keyboard) and {@link org.virtlab.server.classroom.RecordingService} with
 * {@link org.virtlab.server.classroom.AsciicastRecorder} (the stage console as asciicast v2).
 * They hear the classroom's changes through {@link org.virtlab.server.classroom.ClassroomListener}.
 *
 * <p>The broadcast itself is the lab console machinery ({@code org.virtlab.server.console}):
 * members are read-only viewers of the stage's console hub, each with its own bounded queue.
 * What the lab side offers for this lives in {@code org.virtlab.server.labs}: the lab's
 * {@code Keyboard}, {@code WatchRule}s, snapshot requests and {@code SnapshotOrigin} forks.
 * Stored: {@link org.virtlab.server.classroom.ClassroomStore} ({@code V2_1__classrooms.sql}).
 */
package org.virtlab.server.classroom;
