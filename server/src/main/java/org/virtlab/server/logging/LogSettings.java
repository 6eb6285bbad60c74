package org.virtlab.server.logging;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.event.Level;

/**
 * The log format and level of the process: {@code --log-format text|json} and
 * {@code --log-level error|warn|info|debug|trace} (environment: {@code VIRTLAB_LOG_FORMAT},
 * {@code VIRTLAB_LOG_LEVEL}); text and info by default. Set once at start, before anything
 * interesting is logged; every logger reads them on every event, so loggers made earlier follow.
 */
public final class LogSettings {
    /** How a line looks. */
    public enum Format { TEXT, JSON }

    private static volatile Format format = Format.TEXT;
    private static volatile Level level = Level.INFO;
    private static volatile PrintStream out = System.err;

    private LogSettings() { }

    public static Format format() {
        return format;
    }

    public static Level level() {
        return level;
    }

    static PrintStream out() {
        return out;
    }

    public static void set(Format f, Level l) {
        format = f;
        level = l;
    }

    /** Where lines go (standard error by default; tests capture them). */
    public static void setOutput(PrintStream stream) {
        out = stream;
    }

    static boolean enabled(Level l) {
        return l.toInt() >= level.toInt();
    }

    /**
     * Applies the logging flags and environment variables and returns the other arguments.
     *
     * @throws IllegalArgumentException an unknown format or level
     */
    public static String[] configure(String[] args, Map<String, String> env) {
        Format f = parseFormat("VIRTLAB_LOG_FORMAT", env.getOrDefault("VIRTLAB_LOG_FORMAT", "text"));
        Level l = parseLevel("VIRTLAB_LOG_LEVEL", env.getOrDefault("VIRTLAB_LOG_LEVEL", "info"));
        List<String> rest = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--log-format" -> f = parseFormat(args[i], value(args, ++i));
                case "--log-level" -> l = parseLevel(args[i], value(args, ++i));
                default -> rest.add(args[i]);
            }
        }
        set(f, l);
        return rest.toArray(String[]::new);
    }

    static Format parseFormat(String what, String s) {
        return switch (s.toLowerCase(Locale.ROOT)) {
            case "text" -> Format.TEXT;
            case "json" -> Format.JSON;
            default -> throw new IllegalArgumentException(what + " " + s + ": the log format is text or json");
        };
    }

    static Level parseLevel(String what, String s) {
        try {
            return Level.valueOf(s.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(what + " " + s + ": the log level is error, warn, info, debug or trace");
        }
    }

    private static String value(String[] args, int i) {
        if (i >= args.length) throw new IllegalArgumentException(args[i - 1] + " needs a value");
        return args[i];
    }
}
