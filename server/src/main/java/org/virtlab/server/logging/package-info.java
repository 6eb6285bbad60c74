/**
 * VirtLab's log output: a small SLF4J 2 backend (it replaces slf4j-simple) that writes one line
 * per event to standard error, as text for people or as JSON for log collectors
 * ({@code virtlab serve --log-format json}; docs/server.md, "Logs"). Everything that logs
 * through SLF4J — VirtLab, Javalin, Jetty, Flyway — goes through it.
 *
 * <p>{@link org.virtlab.server.logging.LogSettings} holds the format and level (set once at start,
 * read on every event), {@link org.virtlab.server.logging.LogLine} is one event and formats
 * itself, {@link org.virtlab.server.logging.VirtLabLogger} turns SLF4J calls into lines, and
 * {@link org.virtlab.server.logging.VirtLabLogProvider} is what SLF4J finds through
 * {@code META-INF/services}.
 */
package org.virtlab.server.logging;
