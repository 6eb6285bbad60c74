package org.virtlab.server.logging;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.MDC;
import org.slf4j.Marker;
import org.slf4j.event.KeyValuePair;
import org.slf4j.event.Level;
import org.slf4j.event.LoggingEvent;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;
import org.slf4j.spi.LoggingEventAware;

/**
 * A named SLF4J logger that writes {@link LogLine}s in the process's format ({@link LogSettings}).
 * Key-value pairs of the fluent API ({@code log.atInfo().addKeyValue("lab", id).log(...)}) and
 * the thread's MDC become fields of the line.
 */
final class VirtLabLogger extends LegacyAbstractLogger implements LoggingEventAware {
    VirtLabLogger(String name) {
        this.name = name;
    }

    @Override public boolean isTraceEnabled() { return LogSettings.enabled(Level.TRACE); }
    @Override public boolean isDebugEnabled() { return LogSettings.enabled(Level.DEBUG); }
    @Override public boolean isInfoEnabled() { return LogSettings.enabled(Level.INFO); }
    @Override public boolean isWarnEnabled() { return LogSettings.enabled(Level.WARN); }
    @Override public boolean isErrorEnabled() { return LogSettings.enabled(Level.ERROR); }

    @Override
    protected String getFullyQualifiedCallerName() {
        return null;
    }

    @Override
    protected void handleNormalizedLoggingCall(Level level, Marker marker, String pattern, Object[] args, Throwable error) {
        if (!LogSettings.enabled(level)) return;
        write(level, Thread.currentThread().getName(), MessageFormatter.basicArrayFormat(pattern, args), Map.of(), error);
    }

    /** The fluent API's events, with their key-value pairs. */
    @Override
    public void log(LoggingEvent e) {
        if (!LogSettings.enabled(e.getLevel())) return;
        Object[] args = e.getArgumentArray();
        Throwable error = e.getThrowable();
        if (error == null) {
            error = MessageFormatter.getThrowableCandidate(args);
            if (error != null) args = MessageFormatter.trimmedCopy(args);
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        if (e.getKeyValuePairs() != null) for (KeyValuePair kv : e.getKeyValuePairs()) fields.put(kv.key, kv.value);
        String thread = e.getThreadName() != null ? e.getThreadName() : Thread.currentThread().getName();
        write(e.getLevel(), thread, MessageFormatter.basicArrayFormat(e.getMessage(), args), fields, error);
    }

    private void write(Level level, String thread, String message, Map<String, Object> eventFields, Throwable error) {
        Map<String, Object> fields = new LinkedHashMap<>(eventFields);
        Map<String, String> mdc = MDC.getCopyOfContextMap();
        if (mdc != null) mdc.forEach(fields::putIfAbsent);
        LogLine line = new LogLine(Instant.now(), level, name, thread, message == null ? "" : message, fields, error);
        String s = LogSettings.format() == LogSettings.Format.JSON ? line.json() : line.text();
        var out = LogSettings.out();
        synchronized (out) {
            out.println(s);
        }
    }
}
