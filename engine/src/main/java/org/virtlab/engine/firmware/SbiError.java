package org.virtlab.engine.firmware;

/**
 * Standard SBI error codes returned in a0 (SBI spec v2.0, "Binary Encoding", table "Standard SBI
 * Errors").
 */
public final class SbiError {
    public static final long SUCCESS = 0;
    public static final long FAILED = -1;
    public static final long NOT_SUPPORTED = -2;
    public static final long INVALID_PARAM = -3;
    public static final long DENIED = -4;
    public static final long INVALID_ADDRESS = -5;
    public static final long ALREADY_AVAILABLE = -6;
    public static final long ALREADY_STARTED = -7;
    public static final long ALREADY_STOPPED = -8;

    private SbiError() {
    }
}
