package org.virtlab.server.logging;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.slf4j.event.Level;

/** The log backend: one line per event, as text or JSON, with lab and user ids as fields. */
class LoggingTest {
    static final ObjectMapper JSON = new ObjectMapper();
    final ByteArrayOutputStream captured = new ByteArrayOutputStream();

    @AfterEach
    void restore() {
        LogSettings.set(LogSettings.Format.TEXT, Level.INFO);
        LogSettings.setOutput(System.err);
        MDC.clear();
    }

    private String[] lines() {
        return captured.toString(StandardCharsets.UTF_8).lines().toArray(String[]::new);
    }

    private void capture(LogSettings.Format format, Level level) {
        LogSettings.set(format, level);
        LogSettings.setOutput(new PrintStream(captured, true, StandardCharsets.UTF_8));
    }

    @Test
    void slf4jFindsTheBackendAndJsonLinesCarryTheIds() throws Exception {
        capture(LogSettings.Format.JSON, Level.INFO);
        Logger log = LoggerFactory.getLogger("org.virtlab.test");
        log.atInfo().addKeyValue("lab", "a77cst4xgx9v").addKeyValue("user", 2L).log("lab {} started", "first");
        MDC.put("request", "r1");
        log.warn("quota \"exceeded\"\nsecond line");
        log.debug("not at info level");
        String[] lines = lines();
        assertEquals(2, lines.length, String.join("\n", lines));
        JsonNode first = JSON.readTree(lines[0]);
        assertEquals("INFO", first.get("level").asText());
        assertEquals("org.virtlab.test", first.get("logger").asText());
        assertEquals("lab first started", first.get("message").asText());
        assertEquals("a77cst4xgx9v", first.get("lab").asText());
        assertEquals(2, first.get("user").asLong());
        assertTrue(first.get("user").isNumber(), "ids stay numbers");
        Instant.parse(first.get("time").asText());
        assertEquals(Thread.currentThread().getName(), first.get("thread").asText());
        JsonNode second = JSON.readTree(lines[1]);
        assertEquals("quota \"exceeded\"\nsecond line", second.get("message").asText(), "escaped, still one line");
        assertEquals("r1", second.get("request").asText(), "MDC entries are fields too");
    }

    @Test
    void textLinesAndErrors() {
        capture(LogSettings.Format.TEXT, Level.DEBUG);
        Logger log = LoggerFactory.getLogger("org.virtlab.test");
        log.atWarn().addKeyValue("lab", "x1").setCause(new IllegalStateException("boom")).log("the machine failed");
        log.info("failed sign-in as {}", "eve\nFORGED 2026 INFO admin signed in");
        String[] lines = lines();
        assertTrue(lines[0].matches("\\d{4}-\\d\\d-\\d\\dT[0-9:.]+Z WARN  org\\.virtlab\\.test - the machine failed lab=x1"), lines[0]);
        assertTrue(lines[1].contains("IllegalStateException: boom"), "the stack trace follows: " + lines[1]);
        String signIn = captured.toString(StandardCharsets.UTF_8).lines().filter(l -> l.contains("sign-in")).findFirst().orElseThrow();
        assertTrue(signIn.contains("eve\\u000aFORGED"), "a user's newline cannot start a forged line: " + signIn);
    }

    @Test
    void jsonErrorsAndStrings() throws Exception {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("lab", "l1");
        fields.put("ok", true);
        fields.put("none", null);
        LogLine line = new LogLine(Instant.parse("2026-11-27T10:15:02.118345Z"), Level.ERROR, "x", "t\u0001",
                "tab\there \u2028", fields, new RuntimeException("bad"));
        JsonNode n = JSON.readTree(line.json());
        assertEquals("2026-11-27T10:15:02.118Z", n.get("time").asText(), "milliseconds");
        assertEquals("tab\there \u2028", n.get("message").asText());
        assertTrue(n.get("ok").asBoolean());
        assertTrue(n.get("none").isNull());
        assertEquals("t\u0001", n.get("thread").asText());
        assertTrue(n.get("error").asText().startsWith("java.lang.RuntimeException: bad"), n.get("error").asText());
        assertFalse(line.json().contains("\n"), "one line");
    }

    @Test
    void flagsAndEnvironment() {
        String[] rest = LogSettings.configure(new String[] {"--port", "1", "--log-format", "json", "--log-level", "warn"},
                Map.of("VIRTLAB_LOG_FORMAT", "text"));
        assertArrayEquals(new String[] {"--port", "1"}, rest, "the serve flags are left");
        assertEquals(LogSettings.Format.JSON, LogSettings.format(), "a flag beats the environment");
        assertEquals(Level.WARN, LogSettings.level());
        LogSettings.configure(new String[0], Map.of("VIRTLAB_LOG_FORMAT", "JSON", "VIRTLAB_LOG_LEVEL", "debug"));
        assertEquals(LogSettings.Format.JSON, LogSettings.format());
        assertEquals(Level.DEBUG, LogSettings.level());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LogSettings.configure(new String[] {"--log-format", "xml"}, Map.of()));
        assertTrue(e.getMessage().contains("text or json"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> LogSettings.configure(new String[] {"--log-level", "loud"}, Map.of()));
        assertThrows(IllegalArgumentException.class, () -> LogSettings.configure(new String[] {"--log-format"}, Map.of()));
    }
}
