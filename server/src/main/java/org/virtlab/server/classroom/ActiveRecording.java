package org.virtlab.server.classroom;

import org.virtlab.server.console.ConsoleHub;
import org.virtlab.server.console.Viewer;

/** A recording in progress: what it is, its writer, and the viewer it is attached as. */
record ActiveRecording(RecordingInfo info, AsciicastRecorder recorder, ConsoleHub hub, Viewer viewer) {
}
