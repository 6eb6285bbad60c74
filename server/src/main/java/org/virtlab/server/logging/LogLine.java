package org.virtlab.server.logging;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.Map;
import org.slf4j.event.Level;

/**
 * One log event, and its two renderings: a text line for people and a JSON object on one line
 * for log collectors (Loki, Elasticsearch, {@code jq}).
 *
 * <pre>
 * 2026-11-27T10:15:02.118Z INFO  org.virtlab.server.labs.LabService - lab started lab=a77cst4xgx9v user=2
 * {"time":"2026-11-27T10:15:02.118Z","level":"INFO","logger":"org.virtlab.server.labs.LabService",
 *  "message":"lab started","lab":"a77cst4xgx9v","user":2,"thread":"qtp-17"}   (one line)
 * </pre>
 *
 * @param fields key-value pairs of the event and the thread's MDC ({@code lab}, {@code user}, ...), in order
 * @param error  the exception logged with the event, or null (JSON: its stack trace as {@code "error"})
 */
public record LogLine(Instant time, Level level, String logger, String thread, String message, Map<String, Object> fields,
                      Throwable error) {

    /** The time to the millisecond: enough to order events, short to read. */
    private Instant millis() {
        return time.truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
    }

    public String text() {
        StringBuilder b = new StringBuilder(128).append(millis()).append(' ');
        String lv = level.name();
        b.append(lv).append(" ".repeat(Math.max(1, 6 - lv.length()))).append(logger).append(" - ").append(oneLine(message));
        fields.forEach((k, v) -> b.append(' ').append(oneLine(k)).append('=').append(oneLine(String.valueOf(v))));
        if (error != null) b.append(System.lineSeparator()).append(stackTrace(error).stripTrailing());
        return b.toString();
    }

    /** Control characters escaped, so that a user's input cannot forge log lines. */
    static String oneLine(String s) {
        StringBuilder b = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c != 0x7f) {
                if (b != null) b.append(c);
                continue;
            }
            if (b == null) b = new StringBuilder(s.length() + 8).append(s, 0, i);
            b.append(String.format("\\u%04x", (int) c));
        }
        return b == null ? s : b.toString();
    }

    public String json() {
        StringBuilder b = new StringBuilder(192).append('{');
        field(b, "time", millis().toString());
        b.append(',');
        field(b, "level", level.name());
        b.append(',');
        field(b, "logger", logger);
        b.append(',');
        field(b, "message", message);
        for (Map.Entry<String, Object> e : fields.entrySet()) {
            b.append(',');
            field(b, e.getKey(), e.getValue());
        }
        b.append(',');
        field(b, "thread", thread);
        if (error != null) {
            b.append(',');
            field(b, "error", stackTrace(error));
        }
        return b.append('}').toString();
    }

    /** Numbers and booleans as JSON values, everything else as a string. */
    private static void field(StringBuilder b, String key, Object value) {
        string(b, key);
        b.append(':');
        if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte
                || value instanceof Boolean) b.append(value);
        else if (value == null) b.append("null");
        else string(b, String.valueOf(value));
    }

    /** A JSON string (RFC 8259 section 7): quotes, backslashes and control characters escaped. */
    static void string(StringBuilder b, String s) {
        b.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x2028 || c == 0x2029) b.append(String.format("\\u%04x", (int) c));
                    else b.append(c);
                }
            }
        }
        b.append('"');
    }

    private static String stackTrace(Throwable t) {
        StringWriter w = new StringWriter();
        t.printStackTrace(new PrintWriter(w));
        return w.toString();
    }
}
