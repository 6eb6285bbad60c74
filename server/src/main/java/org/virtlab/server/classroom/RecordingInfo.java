package org.virtlab.server.classroom;

import java.time.Instant;

/**
 * A recording of a classroom's stage console (asciicast v2, see {@link AsciicastRecorder}).
 *
 * @param endedAt        null while it records
 * @param durationMillis from the first to the last recorded output; null while it records
 * @param bytes          size of the .cast file; null while it records
 */
public record RecordingInfo(String id, String classroomId, String labId, Instant startedAt, Instant endedAt,
                            Long durationMillis, Long bytes) {
}
