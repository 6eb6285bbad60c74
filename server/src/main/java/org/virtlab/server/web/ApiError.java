package org.virtlab.server.web;

/**
 * An error a client sees: an HTTP status, a stable machine-readable code and a message that
 * says what happened and what to do. Rendered as {@code {"code": ..., "message": ...}}.
 */
public final class ApiError extends RuntimeException {
    private final int status;
    private final String code;

    public ApiError(int status, String code, String message) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }
}
