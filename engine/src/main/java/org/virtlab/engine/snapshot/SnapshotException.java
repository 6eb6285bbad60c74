package org.virtlab.engine.snapshot;

/**
 * A snapshot file that cannot be used: not a snapshot, damaged, truncated, from a newer
 * VirtLab, or of another kind of machine. The message says what is wrong and what to do;
 * nothing has been built or changed when it is thrown.
 */
public final class SnapshotException extends Exception {
    public SnapshotException(String message) {
        super(message);
    }

    public SnapshotException(String message, Throwable cause) {
        super(message, cause);
    }
}
